// The network view: the student's PyTorch code, its input shape, and the stack of its layers with
// each output size drawn to scale, so the encoder goes down and the decoder comes back up; every
// ConvTranspose2d joined to the Conv2d it undoes with its verdict (✓, or ✗ with why and the fix);
// what could not be read, at its line. A layer opens the one-layer lab on its own numbers. It draws
// the frame's tab data (model/network.js) and asks the lab for changes.
import { h, setChildren, setText, dims, copyText } from '../draw/dom.js';
import { tabDataChanged } from './tabs.js';
import { NETWORK_PRESETS, MAX_NET_TEXT } from '../model/network.js';
import { torchArg } from '../model/torch-text.js';
import { viewAutoencoder } from './autoencoder.js';

/** The width of one pair's lane in the gutter beside the rows (px). */
const LANE = 14;

/**
 * A size drawn to scale: `fraction` of the bar track (CSS sets the track's width, narrower on a
 * phone). A style property, not a style attribute: the page's policy refuses those.
 */
const bar = (fraction) => {
  const b = h('span', { class: 'bar' });
  b.style.setProperty('--fraction', String(fraction));
  return h('span', { class: 'track', 'aria-hidden': 'true' }, b);
};
const shapeText = (s) => (s ? (s.length >= 3 ? `${s.slice(-3, -2)[0]}×${dims(s.slice(-2))}` : s.join('×')) : '—');
/** The height of a shape's picture (what the bar is drawn to), or null for a flat vector. */
const spatial = (s) => (s && s.length >= 3 ? s[s.length - 2] : null);
const short = (layer) => {
  const a = layer.args;
  const pair = (v) => (Array.isArray(v) ? (v[0] === v[1] ? `${v[0]}` : `(${v.join(', ')})`) : `'${v}'`);
  if (layer.type === 'Conv2d' || layer.type === 'ConvTranspose2d') {
    const parts = [a.in_channels, a.out_channels, pair(a.kernel_size)];
    if (a.stride && pair(a.stride) !== '1') parts.push(`stride=${pair(a.stride)}`);
    if (a.padding && pair(a.padding) !== '0') parts.push(`padding=${pair(a.padding)}`);
    if (a.dilation && pair(a.dilation) !== '1') parts.push(`dilation=${pair(a.dilation)}`);
    if (a.output_padding && pair(a.output_padding) !== '0') parts.push(`output_padding=${pair(a.output_padding)}`);
    return `${layer.type}(${parts.join(', ')})`;
  }
  if (/Pool2d$/.test(layer.type) && a.kernel_size) return `${layer.type}(${pair(a.kernel_size)})`;
  return layer.type;
};

export function viewNetwork({ tr, onNet, onOpenLayer, onSample, onDraw }) {
  const uid = Math.random().toString(36).slice(2, 8);
  const heading = h('h2', { text: tr('netHeading') });
  const intro = h('p', { class: 'caption wide', text: tr('netIntro') });
  const preset = h('select', { id: `net-preset-${uid}`, 'data-control': 'net-preset' },
    h('option', { value: '', text: tr('netPresets') }),
    Object.entries(NETWORK_PRESETS).map(([k, p]) => h('option', { value: k, text: tr(p.label) })));
  preset.addEventListener('change', () => { const p = NETWORK_PRESETS[preset.value]; preset.value = ''; if (p) onNet({ text: p.text, input: p.input, model: null, inputText: null }); });
  const modelSel = h('select', { id: `net-model-${uid}`, 'data-control': 'net-model' });
  modelSel.addEventListener('change', () => onNet({ model: modelSel.value }));
  const modelField = h('span', { class: 'field' }, h('label', { for: modelSel.id, text: tr('netModel') }), modelSel);
  const input = h('input', { type: 'text', id: `net-input-${uid}`, class: 'net-input', 'data-control': 'net-input', spellcheck: 'false', autocomplete: 'off' });
  input.addEventListener('input', () => onNet({ inputText: input.value }));
  const code = h('textarea', { id: `net-code-${uid}`, class: 'net-code', 'data-control': 'net-code', spellcheck: 'false', rows: 16, maxlength: String(MAX_NET_TEXT * 2), 'aria-describedby': `net-problems-${uid}` });
  code.addEventListener('input', () => onNet({ text: code.value }));
  const problems = h('ul', { class: 'net-problems', id: `net-problems-${uid}`, 'aria-live': 'polite' });
  const editor = h('div', { class: 'panel net-editor' },
    h('div', { class: 'irow' }, h('label', { for: preset.id, class: 'sr-only', text: tr('netPresets') }), preset, modelField,
      h('span', { class: 'field' }, h('label', { for: input.id, text: tr('netInput') }), input)),
    h('label', { for: code.id, class: 'net-code-label', text: tr('netCode') }), code, problems);

  const summary = h('p', { class: 'net-summary', 'data-verdict': 'undefined' });
  const stack = h('div', { class: 'net-stack', role: 'list', 'aria-label': tr('netStack') });
  // the fixed decoder: the library's mirror of the encoder, shown (folded) and copied as PyTorch code
  const copyStatus = h('span', { class: 'copy-status', 'aria-live': 'polite' });
  const copy = h('button', { type: 'button', class: 'net-copy', text: tr('netCopyDecoder') });
  const fixedCode = h('pre', { class: 'net-fixed-code' });
  copy.addEventListener('click', async () => {
    const text = drawn?.network.fixed?.text;
    if (text) setText(copyStatus, tr((await copyText(text)) ? 'copied' : 'copyByHand'));
  });
  const fixed = h('details', { class: 'net-fixed' }, h('summary', { text: tr('netShowDecoder') }), fixedCode);
  const drawing = h('div', { class: 'panel net-drawing' }, summary, stack, h('p', { class: 'net-tools' }, copy, ' ', copyStatus), fixed);
  const autoencoder = viewAutoencoder({ tr, onSample, onDraw });
  const el = h('section', { class: 'view view-network', 'data-view': 'network' }, heading, intro, h('div', { class: 'net-row' }, editor, drawing), autoencoder.el);

  let shownKey = null;
  function drawData({ network: N, net, ae, digits, choice }) {
    autoencoder.drawData({ ae, digits, choice });
    if (code.value !== net.text) code.value = net.text;
    const inputText = net.inputText ?? net.input.join(', ');
    if (input.value !== inputText && document.activeElement !== input && el.getRootNode().activeElement !== input) input.value = inputText;
    input.setAttribute('aria-invalid', String(!!net.inputError));
    // a key that changes no layer, size or message (in a comment, say) changes nothing drawn: the
    // stack is built again only when what it shows changed
    const shown = JSON.stringify([N.input, N.models, N.model, N.layers.map((l) => [l.type, l.line, l.args]), N.plan.map((s) => [s.output, s.error?.message]),
      N.pairs, N.problems, N.error, net.inputError, N.fixed?.text ?? null]);
    if (shown === shownKey) return;
    shownKey = shown;
    // the models the text defines (a file may hold several)
    modelField.hidden = N.models.length < 2;
    setChildren(modelSel, ...N.models.map((m) => h('option', { value: m, text: m || tr('netModuleLevel'), selected: m === N.model })));
    // what could not be read, at its line
    const notes = [...(net.inputError ? [{ line: null, message: net.inputError }] : []), ...N.problems.slice(0, 20)];
    if (N.error) notes.unshift({ line: null, message: N.error });
    setChildren(problems, ...notes.map((p) => h('li', { class: 'bad' }, p.line ? h('button', { type: 'button', class: 'line', text: tr('netLine', p.line), onclick: () => showLine(p.line) }) : null, ' ', p.message)));
    el.dataset.layers = String(N.layers.length);
    copy.disabled = !N.fixed;
    fixed.hidden = !N.fixed;
    setText(fixedCode, N.fixed ? N.fixed.text : '');
    setText(copyStatus, N.fixed ? '' : tr('netNothingToMirror'));
    drawStack(N);
  }

  /** Puts the cursor on line `n` of the code. */
  function showLine(n) {
    const lines = code.value.split('\n');
    const at = lines.slice(0, n - 1).reduce((s, l) => s + l.length + 1, 0);
    code.focus();
    code.setSelectionRange(at, at + (lines[n - 1] || '').length);
  }

  function drawStack(N) {
    const steps = N.plan;
    const last = steps[steps.length - 1];
    const failed = steps.find((s) => s.error);
    const out = failed ? null : last?.output;
    // the summary: what comes out, against what went in
    const back = out && out.length === N.input.length && out.every((v, k) => v === N.input[k]);
    const pairsBad = N.pairs.filter((p) => p.verdict !== 'ok').length;
    summary.dataset.verdict = !N.layers.length || failed ? 'undefined' : pairsBad ? 'fail' : 'ok';
    setText(summary, !N.layers.length ? tr('netEmpty') : failed ? tr('netRefused', failed.line, failed.error.message)
      : tr('netSummary', shapeText(N.input), shapeText(out), N.layers.length, back, N.pairs.length, pairsBad));
    // the rows: a layer's line, its output size drawn to scale (the bars start in one column, so the
    // encoder's sizes go down and the decoder's come back up), the size, the layer as PyTorch code
    const sizes = steps.map((s) => spatial(s.output)).filter((v) => v > 0);
    const most = Math.max(spatial(N.input) || 1, ...sizes);
    const gutter = N.pairs.length * LANE + 6;
    const rows = N.layers.map((layer, i) => {
      const s = steps[i];
      const size = s?.output ? spatial(s.output) : null;
      const opens = ['Conv2d', 'ConvTranspose2d'].includes(layer.type) && s && !s.error;
      const pair = N.pairs.find((p) => p.convT === i);
      const label = [tr('netLine', layer.line), short(layer), s?.error ? s.error.message : s?.output ? `→ ${shapeText(s.output)}` : '', pair ? pairText(pair, N) : ''].join(' ');
      // a Conv2d or ConvTranspose2d opens in the one-layer lab: its code is a button, stretched over the row
      const what = opens
        ? h('button', { type: 'button', class: 'ltype open', text: short(layer), 'aria-label': `${label}. ${tr('netOpen')}`, onclick: () => onOpenLayer(i) })
        : h('span', { class: 'ltype', text: short(layer) });
      const row = h('div', {
        class: `net-layer${opens ? ' opens' : ''}${s?.error ? ' refused' : ''}${s ? '' : ' unplanned'}`, role: 'listitem',
        'data-type': layer.type, 'data-index': String(i), 'data-output': s?.output ? s.output.join('x') : '', 'aria-label': opens ? null : label,
        title: s?.error ? s.error.message : null,
      },
      h('span', { class: 'ln', text: String(layer.line), 'aria-hidden': 'true' }),
      bar(size ? Math.max(0.02, size / most) : 0),
      h('span', { class: 'lsize', text: s?.error ? tr('netRefusedShort') : shapeText(s?.output), 'aria-hidden': opens ? 'true' : null }),
      h('span', { class: 'what' }, what,
        pair ? h('span', { class: `pair-verdict badge ${pair.verdict === 'ok' ? 'yes' : pair.verdict === 'fail' ? 'no' : 'na'}`, 'data-verdict': pair.verdict, text: pairShort(pair), title: pairText(pair, N), 'aria-hidden': 'true' }) : null),
      ...lanesOf(N.pairs, i, gutter));
      return row;
    });
    // the input first, drawn to the same scale: where the encoder starts and the decoder should end
    const inputRow = h('div', { class: 'net-layer net-input-row', role: 'listitem', 'aria-label': tr('netInputRow', shapeText(N.input)) },
      h('span', { class: 'ln' }), bar(spatial(N.input) ? spatial(N.input) / most : 0),
      h('span', { class: 'lsize', text: shapeText(N.input) }), h('span', { class: 'what', text: tr('netInputShort') }));
    stack.style.setProperty('--gutter', `${gutter}px`);
    setChildren(stack, inputRow, ...rows);
  }

  /**
   * The brackets joining each Conv2d to the ConvTranspose2d it undoes, one lane per pair in the
   * gutter, drawn by the rows themselves (a corner at each end, a line through the rows between), so
   * they follow rows of any height with no layout read.
   */
  function lanesOf(pairs, i, gutter) {
    return pairs.flatMap((p, k) => {
      const [top, bottom] = p.conv < p.convT ? [p.conv, p.convT] : [p.convT, p.conv];
      if (i < top || i > bottom) return [];
      const part = i === top ? 'start' : i === bottom ? 'end' : 'through';
      const lane = h('span', { class: `lane ${part} ${p.verdict}`, 'aria-hidden': 'true' });
      lane.style.setProperty('--lane-x', `${gutter - 4 - (pairs.length - k) * LANE + LANE / 2}px`);
      return [lane];
    });
  }

  /** A pair's verdict in a few characters, for the row (the whole sentence is its title and in the row's name). */
  function pairShort(p) {
    if (p.verdict === 'ok') return `✓ ${dims(p.target)}`;
    if (p.verdict === 'undefined') return '—';
    return `✗ ${dims(p.got)} ≠ ${dims(p.target)}${p.fix?.output_padding ? `: output_padding=${torchArg(p.fix.output_padding)}` : ''}`;
  }
  /** A pair's verdict in words: ✓ the size comes back, or ✗ with what comes back and the fix. */
  function pairText(p, N) {
    const at = tr('netLine', N.layers[p.conv].line);
    if (p.verdict === 'ok') return tr('netPairOk', dims(p.target), at);
    if (p.verdict === 'undefined') return tr('netPairUndefined', at);
    const fix = p.fix && p.fix.output_padding ? tr('netPairFix', torchArg(p.fix.output_padding)) : tr('netPairNoFix', p.fix?.why || '');
    return tr('netPairBad', dims(p.got), dims(p.target), at, fix);
  }

  let drawn = null;
  /** A frame: the tab's data, when this tab is shown and it changed. */
  function update(frame) {
    if (frame.tab?.name !== 'network') return;
    if (tabDataChanged(drawn, frame.tab.data)) { drawn = frame.tab.data; drawData(drawn); }
  }
  return { el, update };
}
