// The matrix view: Conv2d as the sparse matrix C (or, in convT mode, C^T), drawn from the core's
// (row, column, tap) triples; and the adjoint identity <Conv(x), y> = <x, ConvT(y)>, live.
// Rows are output cells, columns input cells, in both modes, so pointing at a row is pointing
// at an output cell of the grids above, and pointing at a grid cell lights its row or column here.
import { tabDataChanged } from './tabs.js';
import { h, setChildren, fmt, dims } from '../draw/dom.js';
import { createGrid } from '../draw/grid.js';
import { MIN_DIGIT_CELL } from '../draw/cell-style.js';

/** Up to this many entries the matrix is drawn (letters when cells are large enough, else a picture); past it, a summary. */
export const MATRIX_CANVAS_CELLS = 1 << 22;
const MAX_TERMS = 16;
const MAX_CELL = 28;

const LETTERS = 'abcdefghijklmnopqrstuvwxyz';
/** How a tap is written: a letter when the kernel has at most 26 taps, else its position. */
export function tapName(t, kh, kw) {
  return kh * kw <= LETTERS.length ? LETTERS[t] : `${Math.floor(t / kw)},${t % kw}`;
}
const rc = (i, cols) => `(${Math.floor(i / cols)},${i % cols})`;

export function viewMatrix({ tr, onPoint, onReroll }) {
  const heading = h('h2', { text: tr('matrixHeading') });
  const intro = h('p', { class: 'caption wide' });
  const tapList = h('p', { class: 'taps' });
  const stats = h('p', { class: 'caption wide' });
  const name = h('h3', { class: 'ptitle' });
  const zoomOut = h('button', { type: 'button', class: 'zoom-out', text: '−', 'aria-label': tr('zoomOut') });
  const zoomIn = h('button', { type: 'button', class: 'zoom-in', text: '+', 'aria-label': tr('zoomIn') });
  const tools = h('div', { class: 'mtools' }, zoomOut, zoomIn);
  const note = h('p', { class: 'caption wide' });
  const readout = h('p', { class: 'readout', 'aria-live': 'polite' });
  readout.id = `mreadout${Math.random().toString(36).slice(2, 8)}`;
  const grid = createGrid({ name: 'matrix', label: tr('matrixGridLabel', 'C'), onPoint: (i, how) => onPoint('matrix', i, how), describedBy: readout.id });
  const colStrip = h('div', { class: 'strip cols mcols', 'aria-hidden': 'true' });
  const rowStrip = h('div', { class: 'strip rows mrows', 'aria-hidden': 'true' });
  const frame = h('div', { class: 'matrix-frame' }, h('span', { class: 'corner', 'aria-hidden': 'true', text: tr('matrixCorner') }), colStrip, rowStrip, grid.el);
  const body = h('div', { class: 'scroll mscroll' }, frame);
  const matrixPanel = h('div', { class: 'panel mpanel' }, name, tapList, note, tools, body, readout);
  const adjoint = viewAdjoint({ tr, onReroll });
  const el = h('section', { class: 'view view-matrix', 'data-view': 'matrix' }, heading, intro, stats, matrixPanel, adjoint.el);

  let st = null, M = null, tapAt = null, zoom = 0, lastSel = null, values = null;
  zoomIn.addEventListener('click', () => { zoom++; draw(); });
  zoomOut.addEventListener('click', () => { zoom--; draw(); });

  /** The cell size: as large as fits the panel (at most MAX_CELL), times 2^zoom. */
  function draw() {
    if (!M) return;
    const { ex } = st;
    const [kh, kw] = [ex.kernel.rows, ex.kernel.cols];
    const avail = Math.max(200, (el.clientWidth || 900) - 60);
    const fit = Math.max(1, Math.min(MAX_CELL, Math.floor(avail / M.cols)));
    const cell = Math.max(1, Math.min(64, Math.round(fit * 2 ** zoom)));
    const Wi = ex.input.cols, Wo = ex.output.cols;
    grid.draw({
      rows: M.rows, cols: M.cols, cell, values, heatOnly: cell < MIN_DIGIT_CELL,
      text: (i) => (tapAt[i] >= 0 ? tapName(tapAt[i], kh, kw) : ''),
      kinds: (i) => (tapAt[i] >= 0 ? 'orig' : 'plain'),
      describe: (i) => tr('matrixCell', `${Math.floor(i / M.cols)} = y${rc(Math.floor(i / M.cols), Wo)}`, `${i % M.cols} = x${rc(i % M.cols, Wi)}`,
        tapAt[i] >= 0 ? `w${rc(tapAt[i], kw)} = ${fmt(st.w[tapAt[i]])}` : tr('matrixZero')),
    });
    const labels = cell >= MIN_DIGIT_CELL;
    el.setAttribute('data-render', labels ? 'cells' : 'canvas');
    note.hidden = labels;
    note.textContent = labels ? '' : tr('matrixCanvasNote', M.rows, M.cols);
    setChildren(colStrip, ...(labels ? Array.from({ length: M.cols }, (_, c) => h('span', { text: `${Math.floor(c / Wi)},${c % Wi}` })) : []));
    setChildren(rowStrip, ...(labels ? Array.from({ length: M.rows }, (_, r) => h('span', { text: `${Math.floor(r / Wo)},${r % Wo}` })) : []));
    frame.style.setProperty('--cols', String(M.cols));
    frame.style.setProperty('--mcell', `${cell}px`);
    mark(lastSel);
  }

  /** data: { state, matrix (model.matrixOf), adjoint (model.adjointOf) }. */
  function drawData({ state, matrix, adjoint: A }) {
    st = state;
    M = matrix;
    const { ex, conv } = state;
    const [kh, kw] = [ex.kernel.rows, ex.kernel.cols];
    const K = kh * kw;
    const nm = tr(conv ? 'matrixNameC' : 'matrixNameCT');
    intro.textContent = tr(conv ? 'matrixIntroConv' : 'matrixIntroConvT', M.rows, M.cols);
    const total = M.rows * M.cols;
    stats.textContent = tr('matrixStats', M.nonzeros, total, fmt((100 * M.nonzeros) / Math.max(1, total)));
    name.textContent = `${nm}: ${dims([M.rows, M.cols])}`;
    el.setAttribute('data-rows', String(M.rows));
    el.setAttribute('data-cols', String(M.cols));
    el.setAttribute('data-nonzeros', String(M.nonzeros));
    el.setAttribute('data-kind', conv ? 'C' : 'CT');
    tapList.textContent = K <= LETTERS.length ? `${tr('matrixKernelLegend')} ${Array.from({ length: K }, (_, t) => tr('matrixTapLetter', LETTERS[t], Math.floor(t / kw), t % kw, fmt(state.w[t]))).join(', ')}` : '';
    grid.el.setAttribute('aria-label', tr('matrixGridLabel', nm));
    if (total <= MATRIX_CANVAS_CELLS) {
      tapAt = new Int32Array(total).fill(-1);
      values = new Float32Array(total);
      for (let k = 0; k < M.entries.length; k += 3) {
        const i = M.entries[k] * M.cols + M.entries[k + 1];
        tapAt[i] = M.entries[k + 2];
        values[i] = 0.45 + 0.55 * (K > 1 ? M.entries[k + 2] / (K - 1) : 1); // a shade per tap in the picture
      }
      body.hidden = false; tools.hidden = false;
      draw();
    } else {
      tapAt = null; values = null;
      el.setAttribute('data-render', 'summary');
      note.hidden = false;
      note.textContent = tr('matrixSummary', M.rows, M.cols, M.nonzeros);
      body.hidden = true; tools.hidden = true;
    }
    adjoint.update(A);
  }

  /** sel: { row, col, cell } from the lab's selection (see model.highlights). */
  function mark(sel) {
    lastSel = sel;
    if (!M) return;
    if (tapAt) {
      const map = new Map();
      if (sel && sel.row != null && sel.row < M.rows) for (let c = 0; c < M.cols; c++) { const i = sel.row * M.cols + c; map.set(i, tapAt[i] >= 0 ? 'hl' : 'hl-zero'); }
      if (sel && sel.col != null && sel.col < M.cols) for (let r = 0; r < M.rows; r++) { const i = r * M.cols + sel.col; if (!map.has(i)) map.set(i, tapAt[i] >= 0 ? 'hl' : 'hl-zero'); }
      if (sel && sel.cell != null) map.set(sel.cell, 'sel');
      grid.mark(map);
    }
    readout.textContent = describe(sel);
  }

  function describe(sel) {
    if (!sel || !st || (sel.row == null && sel.col == null)) return tr('matrixReadoutHint');
    const { ex } = st;
    const [kh, kw] = [ex.kernel.rows, ex.kernel.cols];
    const Wi = ex.input.cols, Wo = ex.output.cols;
    if (sel.row != null) {
      const terms = [];
      for (let k = M.rowStart[sel.row]; k < M.rowStart[sel.row + 1]; k++) terms.push(`${tapName(M.entries[3 * k + 2], kh, kw)}·x${rc(M.entries[3 * k + 1], Wi)}`);
      const shown = terms.slice(0, MAX_TERMS).join(' + ') + (terms.length > MAX_TERMS ? ` + … ${tr('more', terms.length - MAX_TERMS)}` : '');
      return tr('matrixReadoutRow', sel.row, rc(sel.row, Wo), shown || tr('matrixNothing'));
    }
    const outs = [];
    for (let k = 0; k < M.entries.length; k += 3) if (M.entries[k + 1] === sel.col) outs.push(`y${rc(M.entries[k], Wo)} (${tapName(M.entries[k + 2], kh, kw)})`);
    const shown = outs.slice(0, MAX_TERMS).join(', ') + (outs.length > MAX_TERMS ? `, … ${tr('more', outs.length - MAX_TERMS)}` : '');
    return tr('matrixReadoutCol', sel.col, rc(sel.col, Wi), shown || tr('matrixNone'));
  }

  let drawn = null;
  /** A frame: the tab's data when this tab is shown and it changed, and the matrix row or column of the highlight. */
  function update(frame) {
    if (frame.tab?.name !== 'matrix') return;
    if (tabDataChanged(drawn, frame.tab.data)) { drawn = frame.tab.data; drawData(drawn); }
      mark(frame.highlights.matrix);
  }
  return { el, update };
}

/** The adjoint identity, live, for the current parameters and kernel (data-check="adjoint"). */
export function viewAdjoint({ tr, onReroll }) {
  const title = h('h3', { class: 'ptitle', text: tr('adjointTitle') });
  const intro = h('p', { class: 'caption wide' });
  const lhs = h('output', { class: 'ip lhs' });
  const rhs = h('output', { class: 'ip rhs' });
  const verdict = h('p', { class: 'verdict' });
  const opNote = h('p', { class: 'caption wide' });
  const reroll = h('button', { type: 'button', class: 'reroll', text: tr('adjointReroll') });
  const notInv = h('p', { text: tr('adjointNotInverse') });
  const table = h('table', { class: 'vals' });
  const maxd = h('p', { class: 'caption wide' });
  const meaning = h('p', { class: 'meaning', text: tr('adjointMeaning') });
  const el = h('article', { class: 'panel check adjoint', 'data-check': 'adjoint', 'data-ok': 'false' },
    title, intro,
    h('div', { class: 'ips' },
      h('div', { class: 'ipbox' }, h('span', { class: 'iplabel', text: tr('adjointLhs') }), lhs),
      h('span', { class: 'ipeq', 'aria-hidden': 'true', text: '=' }),
      h('div', { class: 'ipbox' }, h('span', { class: 'iplabel', text: tr('adjointRhs') }), rhs)),
    verdict, opNote, reroll, notInv, h('div', { class: 'scroll' }, table), maxd, meaning);
  reroll.addEventListener('click', () => onReroll?.());
  const six = (v) => (Math.abs(v) >= 1e5 || (v !== 0 && Math.abs(v) < 1e-3) ? v.toExponential(6) : v.toFixed(6)).replace('-', '\u2212');

  /** A: model.adjointOf's result (or { error }). */
  function update(A) {
    if (A.error || A.unsupported) {
      el.dataset.ok = A.unsupported ? 'na' : 'false';
      intro.textContent = A.unsupported ? tr(A.unsupported) : tr('adjointUndefined', A.error);
      lhs.textContent = rhs.textContent = '—';
      verdict.textContent = ''; opNote.textContent = ''; table.replaceChildren(); maxd.textContent = '';
      return;
    }
    el.dataset.ok = String(A.ok);
    intro.textContent = tr('adjointIntro', dims(A.big), dims(A.small));
    lhs.textContent = six(A.lhs);
    rhs.textContent = six(A.rhs);
    setChildren(verdict, h('span', { class: `badge ${A.ok ? 'yes' : 'no'}`, text: tr(A.ok ? 'adjointOk' : 'adjointBad', A.diff.toExponential(1)) }));
    const [a0, a1] = A.a;
    opNote.textContent = (A.conv ? tr('adjointOpNote', a0 === a1 ? `${a0}` : `${a0}x${a1}`) : '') + (A.cropped ? ` ${tr('adjointCropNote')}` : '');
    const n = Math.min(8, A.y.length);
    const row = (label, arr) => h('tr', {}, h('th', { scope: 'row', text: label }), ...Array.from({ length: n }, (_, i) => h('td', { text: fmt(arr[i]) })));
    setChildren(table,
      h('caption', { class: 'sr-only', text: tr('adjointNotInverse') }),
      row(tr('adjointRowY'), A.y), row(tr('adjointRowBack'), A.back));
    maxd.textContent = `${tr('adjointFirst', n, A.y.length)} ${tr('adjointMaxDiff', fmt(A.maxDiff))}`;
  }
  return { el, update };
}
