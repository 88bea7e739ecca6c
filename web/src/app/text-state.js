// The lab's state as text, both ways, in one place: read from the page's URL query or the
// element's attributes (untrusted text: every unreadable value becomes a ParamError naming its
// parameter), and written back as the page's URL, the element's `convt-change` event detail and
// `element.params`. The same names everywhere: PyTorch's (kernel_size, output_padding, ...).
import {
  DEFAULTS, ATTRIBUTES, UI_ATTRIBUTES, VALUE_ATTRIBUTES, NETWORK_ATTRIBUTES, VIEWS, readParams, parseValues, parseFlag, parseView, toEntries,
  valuesText, ParamError, quote,
} from '../model/params.js';
import { parseLang, LANGS } from '../i18n/strings.js';
import { MAX_NET_URL_TEXT } from '../model/network.js';

/** Every name the lab reads from text (the element observes these attributes). */
export const TEXT_NAMES = [...ATTRIBUTES, ...UI_ATTRIBUTES, ...VALUE_ATTRIBUTES, ...NETWORK_ATTRIBUTES];

/**
 * A reader of one text source (a page's URL, an element's attributes). UI and value names count
 * when their text changed since the last read, so a later change of another attribute keeps the
 * tab the user chose and the values the user edited.
 */
export function createTextReader() {
  const lastText = {};
  /**
   * Reads everything from `getText(name)` (missing names keep their current value, `base`).
   * Returns { lang, compact, present, view, net, netInput } (each only when given), { params, values, errors } for the
   * layer. `values`: 'text' reads x= and w=, 'reset' asks for the default values (a preset).
   */
  function read(getText, base = DEFAULTS, valuesMode = 'text') {
    const errors = [];
    const changed = (name) => { const t = getText(name); if (t === lastText[name]) return undefined; lastText[name] = t; return t; };
    const out = {};
    const langText = changed('lang');
    if (langText != null) {
      if (parseLang(langText)) out.lang = langText;
      else if (String(langText).trim() !== '') errors.push(new ParamError('lang', `lang: ${quote(langText)} is not one of ${LANGS.join(', ')}.`, 'errLang', [quote(langText), LANGS.join(', ')]));
    }
    const compactText = changed('compact');
    if (compactText !== undefined) { try { out.compact = parseFlag(compactText, 'compact'); } catch (e) { errors.push(e); } }
    const presentText = changed('present');
    if (presentText !== undefined) { try { out.present = parseFlag(presentText, 'present'); } catch (e) { errors.push(e); } }
    // the network view's code and input shape, taken as text (the view reads them; MAX_NET_TEXT bounds it)
    const netText = changed('net');
    if (netText != null) out.net = String(netText);
    const netInput = changed('net_input');
    if (netInput != null) out.netInput = String(netInput);
    const viewText = changed('view');
    if (viewText != null) { try { out.view = parseView(viewText); } catch (e) { errors.push(e); } }
    const layer = readParams(getText, base);
    errors.push(...layer.errors);
    // x= and w=: values for the input and the kernel, checked against the sizes they fill
    let values = valuesMode === 'reset' ? { x: null, xCols: 0, w: null, wCols: 0, reset: true } : null;
    for (const [name, dimsOf] of [['x', (p) => p.size], ['w', (p) => p.kernelSize]]) {
      const t = valuesMode === 'text' ? changed(name) : undefined;
      if (t == null) continue;
      try {
        const [r, c] = dimsOf(layer.params);
        const vals = parseValues(t, name, r * c);
        if (vals.length !== r * c) throw new ParamError(name, `${name}: ${vals.length} values given; the ${r}×${c} ${name === 'x' ? 'input' : 'kernel'} needs ${r * c}.`, 'errValuesCount', [name, vals.length, `${r}×${c}`, r * c]);
        values = { ...(values || {}), [name]: vals, [`${name}Cols`]: c };
      } catch (e) { errors.push(e); }
    }
    return { ...out, params: layer.params, values, errors };
  }
  return { read };
}

/**
 * What the lab reports (the store's report()) as the names and texts a host reads: the layer's
 * parameters, then view, lang, compact and present. The element's event detail and `element.params`.
 */
export function textOf({ params, ui }) {
  return { ...Object.fromEntries(toEntries(params)), view: ui.view, lang: ui.lang, compact: ui.compact, present: ui.present };
}

/**
 * The page's URL query for a report: the layer, then the view when not the first, the language
 * when chosen, compact, and the values when edited (so a link reproduces what is drawn).
 */
export function queryOf({ params, ui }) {
  const parts = toEntries(params).map(([k, v]) => `${k}=${encodeURIComponent(v)}`);
  if (ui.view !== VIEWS[0]) parts.push(`view=${ui.view}`);
  if (ui.langExplicit) parts.push(`lang=${ui.lang}`);
  if (ui.compact) parts.push('compact=1');
  if (ui.present) parts.push('present=1');
  if (ui.values) parts.push(`x=${valuesText(ui.values.x)}`, `w=${valuesText(ui.values.w)}`);
  // a network the student wrote goes into the link when it is short enough for one
  if (ui.net && ui.net.text.length <= MAX_NET_URL_TEXT) parts.push(`net=${encodeURIComponent(ui.net.text)}`, `net_input=${ui.net.input.join(',')}`);
  return `?${parts.join('&')}`;
}
