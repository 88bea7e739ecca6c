// The control panel: operation, the six parameters per axis, presets, value buttons.
// It reads text from its inputs and hands it to the lab; the core decides what is valid.
import { h } from './dom.js';
import { PARAMS, readParams, pairText } from './params.js';

export const PRESETS = [
  { id: 'seed', label: 'Seed: ConvT k=3, s=2, p=1 on 4×4', p: 'mode=convT&size=4&kernel_size=3&stride=2&padding=1&dilation=1&output_padding=0' },
  { id: 'seed-conv', label: 'Seed, other way: Conv k=3, s=2, p=1 on 7×7 (comes back)', p: 'mode=conv&size=7&kernel_size=3&stride=2&padding=1&dilation=1&output_padding=0' },
  { id: 'fail', label: 'Conv on 8×8: the size does not come back', p: 'mode=conv&size=8&kernel_size=3&stride=2&padding=1&dilation=1&output_padding=0' },
  { id: 'fix', label: 'Conv on 8×8 fixed by output_padding=1', p: 'mode=conv&size=8&kernel_size=3&stride=2&padding=1&dilation=1&output_padding=1' },
  { id: 'dcgan', label: 'Upsample ×2: ConvT k=4, s=2, p=1 (DCGAN)', p: 'mode=convT&size=4&kernel_size=4&stride=2&padding=1&dilation=1&output_padding=0' },
  { id: 's1', label: 'Stride 1: no zeros inserted', p: 'mode=convT&size=4&kernel_size=3&stride=1&padding=0&dilation=1&output_padding=0' },
  { id: 's3', label: 'Stride 3: two zeros between pixels', p: 'mode=convT&size=3&kernel_size=3&stride=3&padding=0&dilation=1&output_padding=0' },
  { id: 'dil', label: 'Dilation 2', p: 'mode=convT&size=3&kernel_size=3&stride=2&padding=0&dilation=2&output_padding=0' },
  { id: 'crop', label: 'Padding larger than k−1: p′ < 0 crops', p: 'mode=convT&size=5&kernel_size=3&stride=2&padding=3&dilation=1&output_padding=0' },
  { id: 'rect', label: 'Rectangular: 3×5 input, kernel 3×2', p: 'mode=convT&size=3x5&kernel_size=3x2&stride=2x1&padding=1x0&dilation=1&output_padding=1x0' },
];

const HINTS = {
  conv: { size: 'H × W of the Conv2d input', outputPadding: 'used only by the ConvTranspose2d on the way back' },
  convT: { size: 'H × W of the ConvTranspose2d input', outputPadding: 'extra rows/columns at the bottom/right' },
};

let counter = 0;

export function createControls({ onParams, onPreset, onRandomize, onResetValues }) {
  const id = `cl${++counter}`;
  const inputs = {};
  const hints = {};
  const modeRadios = {};
  const form = h('form', { class: 'controls', onsubmit: (e) => e.preventDefault(), 'aria-label': 'Parameters' });

  const modeSet = h('fieldset', { class: 'mode' }, h('legend', { text: 'Operation' }));
  for (const [value, text] of [['conv', 'Conv2d'], ['convT', 'ConvTranspose2d']]) {
    const r = h('input', { type: 'radio', name: `${id}-mode`, id: `${id}-mode-${value}`, value });
    r.addEventListener('change', emit);
    modeRadios[value] = r;
    modeSet.append(h('span', { class: 'radio' }, r, h('label', { for: r.id, text })));
  }

  const square = h('input', { type: 'checkbox', id: `${id}-square` });
  square.addEventListener('change', () => { syncSquare(); emit(); });

  const table = h('div', { class: 'params' });
  for (const p of PARAMS) {
    const min = p.key === 'padding' || p.key === 'outputPadding' ? 0 : 1;
    const mk = (axis) => {
      const el = h('input', { type: 'number', inputmode: 'numeric', min, step: 1, id: `${id}-${p.name}-${axis}`, class: `num ${axis}`, 'data-param': p.name, 'data-axis': axis });
      el.addEventListener('input', () => { if (axis === 'h' && square.checked) inputs[p.key].w.value = el.value; emit(); });
      return el;
    };
    const hIn = mk('h'), wIn = mk('w');
    inputs[p.key] = { h: hIn, w: wIn };
    hints[p.key] = h('span', { class: 'hint', id: `${id}-${p.name}-hint` });
    hIn.setAttribute('aria-describedby', hints[p.key].id);
    table.append(h('div', { class: 'prow' },
      h('label', { for: hIn.id, class: 'pname' }, p.label, ' ', h('var', { text: p.symbol })),
      h('span', { class: 'pair' }, hIn,
        h('span', { class: 'times', 'aria-hidden': 'true', text: '×' }),
        h('label', { for: wIn.id, class: 'sr-only', text: `${p.label} (width)` }), wIn),
      hints[p.key]));
  }

  const preset = h('select', { id: `${id}-preset` },
    h('option', { value: '', text: 'Choose a preset…' }),
    PRESETS.map((q) => h('option', { value: q.id, text: q.label })));
  preset.addEventListener('change', () => {
    const q = PRESETS.find((x) => x.id === preset.value);
    preset.value = '';
    if (q) onPreset(q.p);
  });

  form.append(
    modeSet,
    h('div', { class: 'square' }, square, h('label', { for: square.id, text: 'Same value for height and width' })),
    table,
    h('div', { class: 'buttons' },
      h('span', { class: 'preset' }, h('label', { for: preset.id, text: 'Preset' }), preset),
      h('button', { type: 'button', onclick: onRandomize, text: 'Randomize values' }),
      h('button', { type: 'button', onclick: onResetValues, text: 'Reset values' })));

  function syncSquare() {
    for (const p of PARAMS) {
      const { h: a, w: b } = inputs[p.key];
      b.disabled = square.checked;
      if (square.checked) b.value = a.value;
    }
  }

  function emit() {
    const mode = modeRadios.conv.checked ? 'conv' : 'convT';
    const get = (name) => {
      if (name === 'mode') return mode;
      const p = PARAMS.find((q) => q.name === name);
      const { h: a, w: b } = inputs[p.key];
      return `${a.value}x${square.checked ? a.value : b.value}`;
    };
    onParams(readParams(get));
  }

  /** Show the given (valid) parameters in the inputs without disturbing what is already equal. */
  function show(params) {
    modeRadios.conv.checked = params.mode === 'conv';
    modeRadios.convT.checked = params.mode === 'convT';
    let allSquare = true;
    for (const p of PARAMS) {
      const [a, b] = params[p.key];
      if (a !== b) allSquare = false;
      const { h: hi, w: wi } = inputs[p.key];
      if (hi.value !== String(a)) hi.value = String(a);
      if (wi.value !== String(b)) wi.value = String(b);
      hints[p.key].textContent = HINTS[params.mode][p.key] || '';
    }
    if (!allSquare) square.checked = false;
    syncSquare();
    markInvalid(null);
  }

  /** aria-invalid on the inputs of the named parameters (URL names or core option names). */
  function markInvalid(names) {
    const set = new Set((names || []).map(String));
    for (const p of PARAMS) {
      const bad = set.has(p.name) || set.has(p.key);
      for (const el of [inputs[p.key].h, inputs[p.key].w]) { if (bad) el.setAttribute('aria-invalid', 'true'); else el.removeAttribute('aria-invalid'); }
    }
  }

  return { el: form, show, markInvalid, initSquare(params) { square.checked = PARAMS.every((p) => params[p.key][0] === params[p.key][1]); syncSquare(); }, pairText };
}
