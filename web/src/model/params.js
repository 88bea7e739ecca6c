// The parameters of one lab: parsing from untrusted text (URL query, element attributes),
// serialising back to text, and converting to the core's argument names.
// No shape arithmetic lives here: validity of a combination is decided by core.explain().

/** URL/attribute name (PyTorch's) -> model key (the core's option name). */
export const PARAMS = [
  { key: 'size', name: 'size', label: 'input size', symbol: 'I' },
  { key: 'kernelSize', name: 'kernel_size', label: 'kernel_size', symbol: 'k' },
  { key: 'stride', name: 'stride', label: 'stride', symbol: 's' },
  { key: 'padding', name: 'padding', label: 'padding', symbol: 'p' },
  { key: 'dilation', name: 'dilation', label: 'dilation', symbol: 'd' },
  { key: 'outputPadding', name: 'output_padding', label: 'output_padding', symbol: 'a' },
];
/** padding also takes these words (Conv2d only, as in PyTorch). */
export const PADDING_WORDS = ['same', 'valid'];
export const ATTRIBUTES = ['mode', ...PARAMS.map((p) => p.name), 'padding_mode'];
/** The switchable views (tabs), in order; the first is the default. */
export const VIEWS = ['sizes', 'matrix', 'overlap', 'polyphase', 'image', 'network'];
/** UI attributes (not layer parameters): the initial view, the language, the compact layout, the lecture layout. */
export const UI_ATTRIBUTES = ['view', 'lang', 'compact', 'present'];
/** Value attributes: the input x and the kernel w, comma-separated, row-major. */
export const VALUE_ATTRIBUTES = ['x', 'w'];
/** The network view's attributes: the PyTorch code (also a child <script type="text/x-python">) and its input shape. */
export const NETWORK_ATTRIBUTES = ['net', 'net_input'];
/** Edited values are kept within this range (what a grid cell can show). */
export const MAX_ABS_VALUE = 9999;

export const DEFAULTS = Object.freeze({
  mode: 'convT', size: [4, 4], kernelSize: [3, 3], stride: [2, 2], padding: [1, 1], dilation: [1, 1], outputPadding: [0, 0], paddingMode: 'zeros',
});

export function nameOf(key) {
  if (key === 'mode') return 'mode';
  if (key === 'paddingMode') return 'padding_mode';
  const p = PARAMS.find((q) => q.key === key);
  return p ? p.name : String(key);
}

/** Short, printable rendering of untrusted text for messages (always shown with textContent). */
export function quote(text) {
  // control characters, bidi overrides/isolates/marks, zero-width characters and lone surrogates
  // become '?', so the message cannot be reordered or hidden by the text it quotes
  const s = String(text).replace(/[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '?');
  const chars = Array.from(s);
  return '“' + (chars.length > 24 ? chars.slice(0, 24).join('') + '…' : s) + '”';
}

/** An error that names its parameter; `code`/`args` let the page show it in the chosen language. */
export class ParamError extends Error {
  constructor(parameter, message, code = null, args = []) { super(message); this.parameter = parameter; this.code = code; this.args = args; }
}

/** Parse "3", "3x2" (also "3×2", "3,2") into [h, w]. Throws ParamError naming the parameter. */
export function parsePair(text, name) {
  const s = String(text).trim();
  if (s === '') throw new ParamError(name, `${name}: empty; enter a whole number (for example 3) or HxW (3x2).`, 'errEmpty', [name]);
  const m = /^(\d{1,9})(?:\s*[x×X,]\s*(\d{1,9}))?$/.exec(s);
  if (!m) throw new ParamError(name, `${name}: ${quote(s)} is not a whole number or HxW (for example 3 or 3x2).`, 'errNotNumber', [name, quote(s)]);
  const h = Number(m[1]);
  const w = m[2] === undefined ? h : Number(m[2]);
  return [h, w];
}

export function parseMode(text) {
  const s = String(text).trim().toLowerCase();
  if (s === 'conv' || s === 'conv2d') return 'conv';
  if (s === 'convt' || s === 'convtranspose2d' || s === 'conv_transpose2d') return 'convT';
  throw new ParamError('mode', `mode: ${quote(text)} is not conv or convT.`, 'errMode', [quote(text)]);
}

/** A view name from untrusted text; throws ParamError('view') when it is none of VIEWS. */
export function parseView(text) {
  const s = String(text).trim().toLowerCase();
  if (VIEWS.includes(s)) return s;
  throw new ParamError('view', `view: ${quote(text)} is not one of ${VIEWS.join(', ')}.`, 'errView', [quote(text), VIEWS.join(', ')]);
}

/**
 * padding_mode from untrusted text: a short lowercase word (which words are modes is the core's
 * rule: it refuses the others with PyTorch's message). Throws ParamError('padding_mode').
 */
export function parsePaddingMode(text) {
  const s = String(text).trim().toLowerCase();
  if (/^[a-z_]{1,16}$/.test(s)) return s;
  throw new ParamError('paddingMode', `padding_mode: ${quote(text)} is not a padding mode (zeros, reflect, replicate or circular).`, 'errPaddingMode', [quote(text)]);
}

/**
 * Read parameters from a text source (get(name) -> string|null).
 * Returns { params, errors }: every unreadable parameter falls back to `base` and gives one error.
 */
export function readParams(get, base = DEFAULTS) {
  const params = { ...base };
  const errors = [];
  const m = get('mode');
  if (m != null) { try { params.mode = parseMode(m); } catch (e) { errors.push(e); } }
  for (const p of PARAMS) {
    const v = get(p.name);
    if (v == null) continue;
    const word = String(v).trim().toLowerCase();
    if (p.key === 'padding' && PADDING_WORDS.includes(word)) { params.padding = word; continue; }
    try { params[p.key] = parsePair(v, p.name); } catch (e) { errors.push(e); }
  }
  const pm = get('padding_mode');
  if (pm != null) { try { params.paddingMode = parsePaddingMode(pm); } catch (e) { errors.push(e); } }
  return { params, errors };
}

/**
 * Values for x= or w=: numbers separated by commas (spaces allowed), row-major. Each must be a
 * finite number within ±MAX_ABS_VALUE; at most `max` of them. Throws ParamError naming the parameter.
 */
export function parseValues(text, name, max = 1 << 16) {
  const s = String(text).trim();
  if (s === '') throw new ParamError(name, `${name}: no values given (write them comma-separated, row by row, for example 1,0,0,1).`, 'errValuesEmpty', [name]);
  const parts = s.split(',');
  if (parts.length > max) throw new ParamError(name, `${name}: ${parts.length} values, more than ${max}.`, 'errValuesMany', [name, parts.length, max]);
  const out = new Float32Array(parts.length);
  for (let i = 0; i < parts.length; i++) {
    const t = parts[i].trim().replace('\u2212', '-');
    const v = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(t) ? Number(t) : NaN;
    if (!Number.isFinite(v) || Math.abs(v) > MAX_ABS_VALUE) throw new ParamError(name, `${name}: value ${i + 1}, ${quote(t)}, is not a number between −${MAX_ABS_VALUE} and ${MAX_ABS_VALUE}.`, 'errValue', [name, i + 1, quote(t), MAX_ABS_VALUE]);
    out[i] = v;
  }
  return out;
}

/** Values as x= / w= text: shortest decimals that give back the same float32 numbers. */
export function valuesText(values) {
  return Array.from(values, (v) => shortest(v)).join(',');
}

/** The shortest decimal text that reads back as the same float32 (0.1f prints as 0.1, 1/9 as 0.11111111). */
export function shortest(v) {
  if (!Number.isFinite(v)) return String(v);
  if (Object.is(v, -0)) return '0';
  for (let p = 1; p <= 9; p++) {
    const t = Number(v.toPrecision(p));
    if (Math.fround(t) === Math.fround(v)) return String(t);
  }
  return String(v);
}

/** A boolean attribute or URL flag: present (or 1/true/yes) is on; 0/false/no is off. */
export function parseFlag(text, name) {
  if (text == null) return false;
  const s = String(text).trim().toLowerCase();
  if (s === '' || s === '1' || s === 'true' || s === 'yes' || s === name) return true;
  if (s === '0' || s === 'false' || s === 'no') return false;
  throw new ParamError(name, `${name}: ${quote(text)} is not 1 or 0.`, 'errFlag', [name, quote(text)]);
}

export const pairText = (v) => (typeof v === 'string' ? v : v[0] === v[1] ? String(v[0]) : `${v[0]}x${v[1]}`);

/** Parameters as an ordered list of [name, text] (the URL/attribute form); padding_mode only when not zeros. */
export function toEntries(params) {
  const mode = params.paddingMode && params.paddingMode !== 'zeros' ? [['padding_mode', params.paddingMode]] : [];
  return [['mode', params.mode], ...PARAMS.map((p) => [p.name, pairText(params[p.key])]), ...mode];
}

export function toQuery(params) {
  return toEntries(params).map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&');
}

/**
 * The options of core.conv2d (op 'conv') or core.convTranspose2d ('convT') for the layer `params`
 * describes, as PyTorch's layer takes them: Conv2d stride, padding (numbers or 'same' / 'valid'),
 * dilation, padding_mode; ConvTranspose2d stride, padding, dilation, output_padding. `extra`
 * overrides or adds (groups, the padding in effect). The one place the page builds a call's options.
 */
export function layerOpts(params, op = params.mode, extra = {}) {
  const common = { stride: params.stride, padding: params.padding, dilation: params.dilation };
  return op === 'conv'
    ? { ...common, paddingMode: params.paddingMode || 'zeros', ...extra }
    : { ...common, outputPadding: params.outputPadding, ...extra };
}

/** The argument object for core.explain(). */
export function explainArgs(params, mode = params.mode, size = params.size) {
  return {
    mode, size, kernelSize: params.kernelSize, stride: params.stride, padding: params.padding,
    paddingMode: params.paddingMode || 'zeros', dilation: params.dilation, outputPadding: params.outputPadding,
  };
}

export const sameParams = (a, b) => toQuery(a) === toQuery(b);
