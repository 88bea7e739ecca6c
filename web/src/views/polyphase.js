// The polyphase (sub-pixel) view: a stride-s ConvTranspose2d as s*s stride-1 convolutions of the
// un-stuffed input, one per output phase, each with a sub-kernel of the original taps; their
// outputs interleave into the ConvTranspose2d output. Everything from core.polyphase().
import { tabDataChanged } from './tabs.js';
import { h, setChildren, fmt, dims } from '../draw/dom.js';
import { createGrid } from '../draw/grid.js';

const MAX_CARDS = 36;
const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const letter = (n) => (n < LETTERS.length ? LETTERS[n] : `P${n}`);

export function viewPolyphase({ tr }) {
  const heading = h('h2', { text: tr('polyHeading') });
  const intro = h('p', { class: 'caption wide' });
  const counts = h('p', { class: 'counts' });
  const cards = h('div', { class: 'phases' });
  const more = h('p', { class: 'caption' });
  const interTitle = h('h3', { class: 'ptitle' });
  const inter = createGrid({ name: 'interleaved', label: tr('polyInterleaveLabel') });
  const check = h('p', { class: 'whole', 'data-check': 'polyphase', 'data-ok': 'false' });
  const interPanel = h('figure', { class: 'panel interpanel' }, interTitle, h('div', { class: 'scroll' }, inter.el), check);
  const el = h('section', { class: 'view view-polyphase', 'data-view': 'polyphase' }, heading, intro, counts, cards, more, interPanel);
  const pool = [];

  function card(n) {
    if (pool[n]) return pool[n];
    const title = h('h3', { class: 'ptitle' });
    const subCap = h('p', { class: 'caption' });
    const sub = createGrid({ name: `sub-${n}`, label: '' });
    const outCap = h('p', { class: 'caption' });
    const out = createGrid({ name: `phase-${n}`, label: '' });
    const mult = h('p', { class: 'caption' });
    const c = { el: h('figure', { class: 'panel phase', 'data-phase': letter(n) }, title, h('div', { class: 'phase-body' },
      h('div', {}, subCap, h('div', { class: 'scroll' }, sub.el)), h('div', {}, outCap, h('div', { class: 'scroll' }, out.el))), mult), title, subCap, sub, outCap, out, mult };
    pool[n] = c;
    return c;
  }

  /** data: { state, poly (model.polyphaseOf) }. */
  function drawData({ state, poly: R }) {
    if (R.error) {
      intro.textContent = tr('polyUndefined', R.error);
      check.dataset.ok = 'false'; check.textContent = '';
      counts.textContent = ''; cards.replaceChildren(); more.textContent = ''; interPanel.hidden = true;
      return;
    }
    interPanel.hidden = false;
    const { pp } = R;
    const [sh, sw] = pp.stride;
    const kw = state.ex.kernel.cols;
    intro.textContent = tr('polyIntro', sh, sw, pp.phases.length) + (state.conv ? ` ${tr('polyIntroConv')}` : '');
    const wasted = pp.multipliesStuffed - pp.multipliesPolyphase;
    counts.textContent = tr('polyCounts', pp.multipliesPolyphase, pp.multipliesStuffed, wasted);
    el.dataset.multipliesPolyphase = String(pp.multipliesPolyphase);
    el.dataset.multipliesStuffed = String(pp.multipliesStuffed);
    const avail = Math.max(200, (el.clientWidth || 900) - 40);
    const phaseCols = Math.max(...pp.phases.map((p) => p.cols), 1);
    const phaseCell = Math.max(4, Math.min(30, Math.floor(Math.min(avail, 420) / phaseCols)));
    const shown = pp.phases.slice(0, MAX_CARDS).map((p, n) => {
      const c = card(n);
      const L = letter(n);
      const list = (start, step, count) => Array.from({ length: Math.min(count, 3) }, (_, i) => start + i * step).join(', ') + (count > 3 ? ', …' : '');
      c.title.textContent = tr('polyPhase', L, list(p.row, sh, p.rows), list(p.col, sw, p.cols));
      // lay the sub-kernel's taps out by their kernel rows and columns
      const rowsK = [...new Set(Array.from(p.taps, (t) => Math.floor(t / kw)))].sort((a, b) => a - b);
      const colsK = [...new Set(Array.from(p.taps, (t) => t % kw))].sort((a, b) => a - b);
      const tapSet = new Set(p.taps);
      const at = (i) => rowsK[Math.floor(i / colsK.length)] * kw + colsK[i % colsK.length];
      if (p.taps.length) {
        const names = Array.from(p.taps, (t) => `w(${Math.floor(t / kw)},${t % kw})`);
        c.subCap.textContent = tr('polySub', dims([rowsK.length, colsK.length]), names.length <= 6 ? names.join(' ') : `${names.slice(0, 6).join(' ')} …`);
        c.sub.el.hidden = false;
        c.sub.el.setAttribute('aria-label', tr('polySubLabel', L));
        c.sub.draw({ rows: rowsK.length, cols: colsK.length, cell: 30, values: Float32Array.from({ length: rowsK.length * colsK.length }, (_, i) => state.w[at(i)]),
          emphasis: 'kernel', text: (i) => (tapSet.has(at(i)) ? fmt(state.w[at(i)]) : ''),
          describe: (i) => tr('polyTapCell', rowsK[Math.floor(i / colsK.length)], colsK[i % colsK.length], fmt(state.w[at(i)])) });
      } else { c.subCap.textContent = tr('polySubNone'); c.sub.el.hidden = true; }
      c.outCap.textContent = tr('polyOut', dims([p.rows, p.cols]));
      c.out.el.setAttribute('aria-label', tr('polyOutLabel', L));
      c.out.draw({ rows: p.rows, cols: p.cols, cell: phaseCell, values: p.output, describe: (i) => tr('cellTitle', L, Math.floor(i / p.cols), i % p.cols, fmt(p.output[i])) });
      c.mult.textContent = tr('polyMult', p.multiplies);
      return c.el;
    });
    setChildren(cards, ...shown);
    more.textContent = pp.phases.length > MAX_CARDS ? tr('polyManyPhases', MAX_CARDS, pp.phases.length) : '';
    const [Ho, Wo] = pp.output;
    interTitle.textContent = tr('polyInterleaveTitle', dims([Ho, Wo]));
    // which phase each output cell belongs to: phase (r, c) holds cells (r + i*sh, c + j*sw)
    const phaseOf = new Int32Array(Ho * Wo);
    pp.phases.forEach((p, n) => { for (let i = 0; i < p.rows; i++) for (let j = 0; j < p.cols; j++) phaseOf[(p.row + i * sh) * Wo + p.col + j * sw] = n; });
    // the interleave: each cell coloured by the phase it comes from (a letter per phase names it too)
    const interCell = Math.max(2, Math.min(34, Math.floor(avail / Wo)));
    inter.draw({ rows: Ho, cols: Wo, cell: interCell, values: pp.interleaved,
      kinds: (i) => (phaseOf[i] % 2 ? 'orig' : 'plain'), corner: (i) => letter(phaseOf[i]),
      describe: (i) => tr('polyInterleaveCell', Math.floor(i / Wo), i % Wo, fmt(pp.interleaved[i]), letter(phaseOf[i])) });
    inter.el.phaseOf = (i) => letter(phaseOf[i]);
    check.dataset.ok = String(R.ok);
    const n = Ho * Wo;
    check.textContent = R.ok ? tr(state.conv ? 'polyEqualConv' : 'polyEqual', n) : tr('polyDiffer', String(R.maxDiff));
  }
  let drawn = null;
  /** A frame: the tab's data, when this tab is shown and it changed. */
  function update(frame) {
    if (frame.tab?.name !== 'polyphase') return;
    if (tabDataChanged(drawn, frame.tab.data)) { drawn = frame.tab.data; drawData(drawn); }
  }
  return { el, update };
}
