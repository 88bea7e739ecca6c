// The parameters, overview first: one compact row with the operation and the five numbers a student
// changes (input size I, kernel_size k, stride s, padding p, output_padding a), the examples and the
// language; "More" opens dilation, padding as words, padding_mode, per-axis values and the value
// buttons. It reads text from its inputs and hands it to the lab; the core decides what is valid.
import { h } from '../draw/dom.js';
import { PARAMS, readParams } from '../model/params.js';
import { LANGS, LANG_NAMES } from '../i18n/strings.js';

export const PRESETS = [
  { id: 'classic', label: 'presetClassic', p: 'mode=convT&size=4&kernel_size=3&stride=2&padding=1&dilation=1&output_padding=0' },
  { id: 'classic-conv', label: 'presetClassicConv', p: 'mode=conv&size=7&kernel_size=3&stride=2&padding=1&dilation=1&output_padding=0' },
  { id: 'fail', label: 'presetFail', p: 'mode=conv&size=8&kernel_size=3&stride=2&padding=1&dilation=1&output_padding=0' },
  { id: 'fix', label: 'presetFix', p: 'mode=conv&size=8&kernel_size=3&stride=2&padding=1&dilation=1&output_padding=1' },
  { id: 'dcgan', label: 'presetDcgan', p: 'mode=convT&size=4&kernel_size=4&stride=2&padding=1&dilation=1&output_padding=0' },
  { id: 's1', label: 'presetS1', p: 'mode=convT&size=4&kernel_size=3&stride=1&padding=0&dilation=1&output_padding=0' },
  { id: 's3', label: 'presetS3', p: 'mode=convT&size=3&kernel_size=3&stride=3&padding=0&dilation=1&output_padding=0' },
  { id: 'dil', label: 'presetDil', p: 'mode=convT&size=3&kernel_size=3&stride=2&padding=0&dilation=2&output_padding=0' },
  { id: 'crop', label: 'presetCrop', p: 'mode=convT&size=5&kernel_size=3&stride=2&padding=3&dilation=1&output_padding=0' },
  { id: 'rect', label: 'presetRect', p: 'mode=convT&size=3x5&kernel_size=3x2&stride=2x1&padding=1x0&dilation=1&output_padding=1x0' },
];

/** The parameters of the row; the others (dilation) are under "More". */
const PRIMARY = ['size', 'kernelSize', 'stride', 'padding', 'outputPadding'];
const HINTS = {
  conv: { size: 'hintConvSize', outputPadding: 'hintConvOutputPadding' },
  convT: { size: 'hintConvTSize', outputPadding: 'hintConvTOutputPadding' },
};

let counter = 0;

export function createControls({ onParams, onPreset, onRandomize, onResetValues, onLang, lang, tr }) {
  const id = `cl${++counter}`;
  const inputs = {};
  const hints = {};
  const modeRadios = {};
  const form = h('form', { class: 'controls', onsubmit: (e) => e.preventDefault(), 'aria-label': tr('parameters') });

  const modeSet = h('fieldset', { class: 'mode' }, h('legend', { class: 'sr-only', text: tr('operation') }));
  for (const [value, text] of [['conv', 'Conv2d'], ['convT', 'ConvTranspose2d']]) {
    const r = h('input', { type: 'radio', name: `${id}-mode`, id: `${id}-mode-${value}`, value });
    r.addEventListener('change', emit);
    modeRadios[value] = r;
    modeSet.append(h('span', { class: 'radio' }, r, h('label', { for: r.id, text })));
  }

  const square = h('input', { type: 'checkbox', id: `${id}-square` });
  square.addEventListener('change', () => { syncSquare(); emit(); });

  /** One parameter: its name (PyTorch's) and symbol, the height (or both) and the width, and a hint for screen readers. */
  const field = (p) => {
    const min = p.key === 'padding' || p.key === 'outputPadding' ? 0 : 1;
    const mk = (axis) => {
      const el = h('input', { type: 'number', inputmode: 'numeric', min, step: 1, id: `${id}-${p.name}-${axis}`, class: `num ${axis}`, 'data-param': p.name, 'data-axis': axis });
      el.addEventListener('input', () => { if (axis === 'h' && square.checked) inputs[p.key].w.value = el.value; emit(); });
      return el;
    };
    const hIn = mk('h'), wIn = mk('w');
    inputs[p.key] = { h: hIn, w: wIn };
    hints[p.key] = h('span', { class: 'hint sr-only', id: `${id}-${p.name}-hint` });
    hIn.setAttribute('aria-describedby', hints[p.key].id);
    const name = p.key === 'size' ? tr('labelSize') : p.label;
    return h('span', { class: 'field', 'data-field': p.name },
      h('label', { for: hIn.id, class: 'pname' }, name, ' ', h('var', { text: p.symbol })),
      h('span', { class: 'pair' }, hIn,
        h('span', { class: 'times', 'aria-hidden': 'true', text: '×' }),
        h('label', { for: wIn.id, class: 'sr-only', text: tr('widthOf', name) }), wIn),
      hints[p.key]);
  };
  const row = h('div', { class: 'prow' }, modeSet, ...PRIMARY.map((key) => field(PARAMS.find((p) => p.key === key))));

  // padding as numbers, or PyTorch's words; and how padding is filled (Conv2d; ConvTranspose2d
  // has zeros only, and the core says so when asked for anything else)
  const padKind = h('select', { id: `${id}-padding-kind`, 'data-control': 'padding-kind' },
    [['numbers', tr('paddingNumbers')], ['same', "'same'"], ['valid', "'valid'"]].map(([v, t]) => h('option', { value: v, text: t })));
  const padMode = h('select', { id: `${id}-padding-mode`, 'data-param': 'padding_mode' },
    ['zeros', 'reflect', 'replicate', 'circular'].map((v) => h('option', { value: v, text: `'${v}'` })));
  padKind.addEventListener('change', () => { syncPadding(); emit(); });
  padMode.addEventListener('change', emit);
  function syncPadding() {
    const numbers = padKind.value === 'numbers';
    inputs.padding.h.disabled = !numbers;
    inputs.padding.w.disabled = !numbers || square.checked;
  }

  const preset = h('select', { id: `${id}-preset`, 'data-control': 'preset' },
    h('option', { value: '', text: tr('choosePreset') }),
    PRESETS.map((q) => h('option', { value: q.id, text: tr(q.label) })));
  preset.addEventListener('change', () => {
    const q = PRESETS.find((x) => x.id === preset.value);
    preset.value = '';
    if (q) onPreset(q.p);
  });

  const langSel = h('select', { id: `${id}-lang`, 'data-control': 'lang' },
    LANGS.map((l) => h('option', { value: l, text: LANG_NAMES[l], lang: l, selected: l === lang })));
  langSel.addEventListener('change', () => onLang?.(langSel.value));

  const more = h('details', { class: 'more' },
    h('summary', { text: tr('moreParams') }),
    h('div', { class: 'more-body' },
      field(PARAMS.find((p) => p.key === 'dilation')),
      h('span', { class: 'field' }, h('label', { for: padKind.id, class: 'pname', text: tr('paddingLabel') }), padKind),
      h('span', { class: 'field' }, h('label', { for: padMode.id, class: 'pname', text: tr('paddingModeLabel') }), padMode),
      h('span', { class: 'square' }, square, h('label', { for: square.id, text: tr('squareLabel') })),
      h('span', { class: 'buttons' },
        h('button', { type: 'button', onclick: onRandomize, text: tr('randomize') }),
        h('button', { type: 'button', onclick: onResetValues, text: tr('resetValues') }))));
  const note = h('p', { class: 'controls-note' });

  form.append(row,
    h('div', { class: 'bar' }, more,
      h('span', { class: 'tail' },
        h('span', { class: 'preset' }, h('label', { for: preset.id, class: 'sr-only', text: tr('preset') }), preset),
        h('span', { class: 'lang' }, h('label', { for: langSel.id, class: 'sr-only', text: tr('language') }), langSel))),
    note);

  function syncSquare() {
    for (const p of PARAMS) {
      const { h: a, w: b } = inputs[p.key];
      b.disabled = square.checked;
      if (square.checked) b.value = a.value;
    }
    form.classList.toggle('per-axis', !square.checked);
    syncPadding();
  }

  function emit() {
    const mode = modeRadios.conv.checked ? 'conv' : 'convT';
    const get = (name) => {
      if (name === 'mode') return mode;
      if (name === 'padding_mode') return padMode.value;
      if (name === 'padding' && padKind.value !== 'numbers') return padKind.value;
      const p = PARAMS.find((q) => q.name === name);
      const { h: a, w: b } = inputs[p.key];
      const [hv, wv] = [a.value.trim(), (square.checked ? a.value : b.value).trim()];
      // an emptied field is reported as empty, not as the text "x"
      if (hv === '' || wv === '') return '';
      return `${hv}x${wv}`;
    };
    onParams(readParams(get));
  }

  /** Show the given (valid) parameters in the inputs without disturbing what is already equal. */
  function show(params) {
    modeRadios.conv.checked = params.mode === 'conv';
    modeRadios.convT.checked = params.mode === 'convT';
    let allSquare = true;
    for (const p of PARAMS) {
      const hk = HINTS[params.mode][p.key];
      hints[p.key].textContent = hk ? tr(hk) : '';
      if (typeof params[p.key] === 'string') { // padding 'same' / 'valid': the number fields wait, not empty
        for (const el of [inputs[p.key].h, inputs[p.key].w]) if (el.value === '') el.value = '0';
        continue;
      }
      const [a, b] = params[p.key];
      if (a !== b) allSquare = false;
      const { h: hi, w: wi } = inputs[p.key];
      if (hi.value !== String(a)) hi.value = String(a);
      if (wi.value !== String(b)) wi.value = String(b);
    }
    padKind.value = typeof params.padding === 'string' ? params.padding : 'numbers';
    if ([...padMode.options].some((o) => o.value === params.paddingMode)) padMode.value = params.paddingMode;
    if (!allSquare) square.checked = false;
    // what is set under "More" is shown: a dilation, padding words, a padding mode, per-axis values
    const hidden = params.dilation[0] !== 1 || params.dilation[1] !== 1 || typeof params.padding === 'string' || (params.paddingMode || 'zeros') !== 'zeros' || !square.checked;
    if (hidden) more.open = true;
    note.textContent = params.mode === 'conv' ? tr('hintConvOutputPadding') : '';
    syncSquare();
    syncPadding();
    markInvalid(null);
  }

  /** aria-invalid on the inputs of the named parameters (the page's names: i18n/errors.js invalidNames). */
  function markInvalid(names) {
    const set = new Set((names || []).map(String));
    if (set.has('padding_mode')) padMode.setAttribute('aria-invalid', 'true'); else padMode.removeAttribute('aria-invalid');
    for (const p of PARAMS) {
      const bad = set.has(p.name);
      for (const el of [inputs[p.key].h, inputs[p.key].w]) { if (bad) el.setAttribute('aria-invalid', 'true'); else el.removeAttribute('aria-invalid'); }
      if (bad && p.key === 'dilation') more.open = true;
    }
    if (set.has('padding_mode')) more.open = true;
  }

  return {
    el: form, show, markInvalid,
    focusLang() { langSel.focus(); },
    initSquare(params) { square.checked = PARAMS.every((p) => typeof params[p.key] === 'string' || params[p.key][0] === params[p.key][1]); syncSquare(); },
  };
}
