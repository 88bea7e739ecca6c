// The matrix view: Conv2d as the sparse matrix C (or, in convT mode, C^T), drawn from the core's
// (row, column, tap) triples; and the adjoint identity <Conv(x), y> = <x, ConvT(y)>, live.
// Rows are output cells, columns input cells, in both modes, so pointing at a row is pointing
// at an output cell of the grids above, and pointing at a grid cell lights its row or column here.
import { h, setChildren, fmt, dims } from './dom.js';
import { createGrid } from './grid.js';
import { matrixOf, adjointOf } from './model.js';

/** Most matrix entries drawn as DOM cells; more become a canvas, and past MATRIX_CANVAS_CELLS a summary. */
export const MATRIX_DOM_CELLS = 4096;
export const MATRIX_CANVAS_CELLS = 1 << 22;
const MAX_TERMS = 16;

const LETTERS = 'abcdefghijklmnopqrstuvwxyz';
/** How a tap is written: a letter when the kernel has at most 26 taps, else its position. */
export function tapName(t, kh, kw) {
  return kh * kw <= LETTERS.length ? LETTERS[t] : `${Math.floor(t / kw)},${t % kw}`;
}
const rc = (i, cols) => `(${Math.floor(i / cols)},${i % cols})`;

export function viewMatrix({ tr, onPoint, onReroll }) {
  const heading = h('h2', { text: tr('matrixHeading') });
  const intro = h('p', { class: 'caption wide' });
  const tapGrid = createGrid({ name: 'taps', label: tr('matrixKernelLegend'), onPoint: () => {} });
  const legend = h('div', { class: 'taps' }, h('span', { class: 'tlead', text: tr('matrixKernelLegend') }), tapGrid.el);
  const stats = h('p', { class: 'caption wide' });
  const name = h('h3', { class: 'ptitle' });
  const zoomOut = h('button', { type: 'button', class: 'zoom-out', text: '−', 'aria-label': tr('zoomOut') });
  const zoomIn = h('button', { type: 'button', class: 'zoom-in', text: '+', 'aria-label': tr('zoomIn') });
  const tools = h('div', { class: 'mtools' }, zoomOut, zoomIn);
  const note = h('p', { class: 'caption wide' });
  const grid = createGrid({ name: 'matrix', label: tr('matrixGridLabel', 'C'), onPoint: (i, how) => onPoint('matrix', i, how) });
  const colStrip = h('div', { class: 'strip cols mcols', 'aria-hidden': 'true' });
  const rowStrip = h('div', { class: 'strip rows mrows', 'aria-hidden': 'true' });
  const frame = h('div', { class: 'matrix-frame' }, h('span', { class: 'corner', 'aria-hidden': 'true', text: tr('matrixCorner') }), colStrip, rowStrip, grid.el);
  const canvas = h('canvas', { class: 'mcanvas', tabindex: '0', role: 'img' });
  const overlay = h('canvas', { class: 'moverlay', 'aria-hidden': 'true' });
  const canvasWrap = h('div', { class: 'mcanvas-wrap' }, canvas, overlay);
  const body = h('div', { class: 'scroll mscroll' });
  const readout = h('p', { class: 'readout', 'aria-live': 'polite' });
  const matrixPanel = h('div', { class: 'panel mpanel' }, name, legend, note, tools, body, readout);
  const adjoint = viewAdjoint({ tr, onReroll });
  const el = h('section', { class: 'view view-matrix', 'data-view': 'matrix' }, heading, intro, stats, matrixPanel, adjoint.el);

  let st = null, M = null, tapAt = null, mode = 'cells', px = 4, cursor = { r: 0, c: 0 }, lastSel = null;

  // --- canvas ---------------------------------------------------------------------------------
  const css = (v, fallback) => (getComputedStyle(el).getPropertyValue(v).trim() || fallback);
  function drawCanvas() {
    const w = M.cols * px, hgt = M.rows * px;
    for (const c of [canvas, overlay]) { c.width = w; c.height = hgt; c.style.width = `${w}px`; c.style.height = `${hgt}px`; }
    const g = canvas.getContext('2d');
    g.fillStyle = css('--bg', '#fff'); g.fillRect(0, 0, w, hgt);
    const K = st.ex.kernel.rows * st.ex.kernel.cols;
    const e = M.entries;
    const fg = css('--fg', '#000');
    g.fillStyle = fg;
    for (let k = 0; k < e.length; k += 3) {
      g.globalAlpha = 0.45 + 0.55 * (K > 1 ? e[k + 2] / (K - 1) : 1);
      g.fillRect(e[k + 1] * px, e[k] * px, px, px);
    }
    g.globalAlpha = 1;
    markCanvas(lastSel);
  }
  function markCanvas(s) {
    const g = overlay.getContext('2d');
    g.clearRect(0, 0, overlay.width, overlay.height);
    if (!s) return;
    g.fillStyle = css('--hl-bg', '#ffd84d'); g.globalAlpha = 0.45;
    if (s.row != null) g.fillRect(0, s.row * px, overlay.width, Math.max(px, 2));
    if (s.col != null) g.fillRect(s.col * px, 0, Math.max(px, 2), overlay.height);
    g.globalAlpha = 1;
    if (s.row != null && s.col != null) { g.strokeStyle = css('--accent', '#2457c5'); g.lineWidth = 2; g.strokeRect(s.col * px - 1, s.row * px - 1, px + 2, px + 2); }
  }
  const cellFromEvent = (e) => {
    const r = canvas.getBoundingClientRect();
    const c = Math.floor((e.clientX - r.left) / px), row = Math.floor((e.clientY - r.top) / px);
    return row >= 0 && row < M.rows && c >= 0 && c < M.cols ? row * M.cols + c : -1;
  };
  canvas.addEventListener('pointermove', (e) => { if (!M) return; const i = cellFromEvent(e); if (i >= 0) onPoint('matrix', i, 'hover'); });
  canvas.addEventListener('pointerleave', () => onPoint('matrix', null, 'hover'));
  canvas.addEventListener('click', (e) => { if (!M) return; const i = cellFromEvent(e); if (i >= 0) { cursor = { r: Math.floor(i / M.cols), c: i % M.cols }; onPoint('matrix', i, 'click'); } });
  canvas.addEventListener('keydown', (e) => {
    if (!M) return;
    const mv = { ArrowLeft: [0, -1], ArrowRight: [0, 1], ArrowUp: [-1, 0], ArrowDown: [1, 0], PageUp: [-10, 0], PageDown: [10, 0] }[e.key];
    if (!mv) return;
    e.preventDefault();
    cursor = { r: Math.max(0, Math.min(M.rows - 1, cursor.r + mv[0])), c: Math.max(0, Math.min(M.cols - 1, cursor.c + mv[1])) };
    onPoint('matrix', cursor.r * M.cols + cursor.c, 'focus');
  });
  canvas.addEventListener('focus', () => { if (M) onPoint('matrix', cursor.r * M.cols + cursor.c, 'focus'); });
  zoomIn.addEventListener('click', () => { px = Math.min(16, px * 2); if (mode === 'canvas') drawCanvas(); });
  zoomOut.addEventListener('click', () => { px = Math.max(1, px / 2); if (mode === 'canvas') drawCanvas(); });

  // --- drawing ---------------------------------------------------------------------------------
  function update(state, core, seed) {
    st = state;
    M = matrixOf(state);
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
    if (K <= LETTERS.length) {
      tapGrid.draw({ rows: kh, cols: kw, text: (t) => `${LETTERS[t]} = ${fmt(state.w[t])}`,
        title: (t) => tr('matrixTapLetter', LETTERS[t], Math.floor(t / kw), t % kw, fmt(state.w[t])) });
      legend.hidden = false;
    } else legend.hidden = true;

    mode = total <= MATRIX_DOM_CELLS ? 'cells' : total <= MATRIX_CANVAS_CELLS ? 'canvas' : 'summary';
    el.setAttribute('data-render', mode);
    tools.hidden = mode !== 'canvas';
    note.hidden = mode === 'cells';
    if (mode === 'cells') {
      tapAt = new Int32Array(total).fill(-1);
      for (let k = 0; k < M.entries.length; k += 3) tapAt[M.entries[k] * M.cols + M.entries[k + 1]] = M.entries[k + 2];
      grid.el.setAttribute('aria-label', tr('matrixGridLabel', nm));
      const Wi = ex.input.cols, Wo = ex.output.cols;
      grid.draw({
        rows: M.rows, cols: M.cols,
        text: (i) => (tapAt[i] >= 0 ? tapName(tapAt[i], kh, kw) : ''),
        kind: (i) => (tapAt[i] >= 0 ? 'nz' : ''),
        title: (i) => tr('matrixCell', `${Math.floor(i / M.cols)} = y${rc(Math.floor(i / M.cols), Wo)}`, `${i % M.cols} = x${rc(i % M.cols, Wi)}`,
          tapAt[i] >= 0 ? `w${rc(tapAt[i], kw)} = ${fmt(state.w[tapAt[i]])}` : tr('matrixZero')),
        decorate: (cell, i) => { if (tapAt[i] >= 0) cell.dataset.tap = String(tapAt[i]); else delete cell.dataset.tap; },
      });
      setChildren(colStrip, ...Array.from({ length: M.cols }, (_, c) => h('span', { text: `${Math.floor(c / Wi)},${c % Wi}` })));
      setChildren(rowStrip, ...Array.from({ length: M.rows }, (_, r) => h('span', { text: `${Math.floor(r / Wo)},${r % Wo}` })));
      frame.style.setProperty('--cols', String(M.cols));
      if (body.firstChild !== frame) setChildren(body, frame);
    } else if (mode === 'canvas') {
      tapAt = null;
      note.textContent = tr('matrixCanvasNote', M.rows, M.cols);
      canvas.setAttribute('aria-label', tr('matrixCanvasLabel', nm, M.rows, M.cols));
      const avail = Math.max(200, (body.clientWidth || el.clientWidth || 600) - 8);
      px = Math.max(1, Math.min(8, 2 ** Math.floor(Math.log2(Math.max(1, avail / M.cols)))));
      cursor = { r: Math.min(cursor.r, M.rows - 1), c: Math.min(cursor.c, M.cols - 1) };
      if (body.firstChild !== canvasWrap) setChildren(body, canvasWrap);
      drawCanvas();
    } else {
      tapAt = null;
      note.textContent = tr('matrixSummary', M.rows, M.cols, M.nonzeros);
      body.replaceChildren();
    }
    adjoint.update(state, core, seed);
  }

  /** sel: { row, col, cell } from the lab's selection (see model.highlights). */
  function mark(sel) {
    lastSel = sel;
    if (!M) return;
    if (mode === 'cells') {
      const map = new Map();
      if (sel && sel.row != null) for (let c = 0; c < M.cols; c++) { const i = sel.row * M.cols + c; map.set(i, tapAt[i] >= 0 ? 'hl' : 'hl-zero'); }
      if (sel && sel.col != null) for (let r = 0; r < M.rows; r++) { const i = r * M.cols + sel.col; if (!map.has(i)) map.set(i, tapAt[i] >= 0 ? 'hl' : 'hl-zero'); }
      if (sel && sel.cell != null) map.set(sel.cell, 'sel');
      grid.mark(map);
    } else if (mode === 'canvas') markCanvas(sel);
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

  return { el, update, mark };
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

  function update(st, core, seed) {
    const A = adjointOf(core, st, seed);
    if (A.error) {
      el.dataset.ok = 'false';
      intro.textContent = tr('adjointUndefined', A.error);
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
    opNote.textContent = (st.conv ? tr('adjointOpNote', a0 === a1 ? `${a0}` : `${a0}x${a1}`) : '') + (A.cropped ? ` ${tr('adjointCropNote')}` : '');
    const n = Math.min(8, A.y.length);
    const row = (label, arr) => h('tr', {}, h('th', { scope: 'row', text: label }), ...Array.from({ length: n }, (_, i) => h('td', { text: fmt(arr[i]) })));
    setChildren(table,
      h('caption', { class: 'sr-only', text: tr('adjointNotInverse') }),
      row(tr('adjointRowY'), A.y), row(tr('adjointRowBack'), A.back));
    maxd.textContent = `${tr('adjointFirst', n, A.y.length)} ${tr('adjointMaxDiff', fmt(A.maxDiff))}`;
  }
  return { el, update };
}
