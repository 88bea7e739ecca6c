// The grid views (input, kernel, flipped kernel, stuffed grid, output) side by side with one cell
// size, the letters along the stuffed grid's edges, its legend and the heatmap's scale. It draws
// only what it is handed (the lab state of model.js, and the highlights of model.highlights).
import { h, setChildren, setText, setVar, fmt, dims } from '../draw/dom.js';
import { createGrid, paintSwatch, currentPalette } from '../draw/grid.js';
import { MIN_DIGIT_CELL, CELL_KINDS, LINE_KINDS, KIND_NAME_KEY, edgeLetter, heatColour, legendKinds, legendKey } from '../draw/cell-style.js';
import { stuffedKind } from '../model/compute.js';

const rc = (i, cols) => `${Math.floor(i / cols)},${i % cols}`;
const r_ = (i, cols) => Math.floor(i / cols), c_ = (i, cols) => i % cols;

function panel(cls, grid, { titleClass = 'ptitle' } = {}) {
  const title = h('h3', { class: titleClass });
  const caption = h('p', { class: 'caption' });
  const body = h('div', { class: 'gridbox' }, grid.el);
  const el = h('figure', { class: `panel gpanel ${cls}` }, title, body, caption);
  return { el, title, caption, body };
}

export function viewGrids({ onPoint, onEdit, tr, readoutId }) {
  const point = (grid) => (i, how) => onPoint(grid, i, how);
  const common = { describedBy: readoutId };
  const input = createGrid({ name: 'input', label: tr('gridInput'), editable: true, onPoint: point('input'), onEdit: (i, op) => onEdit('x', i, op), ...common });
  const kernel = createGrid({ name: 'kernel', label: tr('gridKernel'), editable: true, onPoint: point('kernel'), onEdit: (i, op) => onEdit('w', i, op), ...common });
  const flipped = createGrid({ name: 'flipped', label: tr('gridFlipped'), onPoint: point('flipped'), ...common });
  const stuffed = createGrid({ name: 'stuffed', label: tr('gridStuffed'), onPoint: point('stuffed'), ...common });
  const output = createGrid({ name: 'output', label: tr('gridOutput'), onPoint: point('output'), ...common });
  const grids = { input, kernel, flipped, stuffed, output };

  const colStrip = h('div', { class: 'strip cols', 'aria-hidden': 'true' });
  const rowStrip = h('div', { class: 'strip rows', 'aria-hidden': 'true' });
  const legend = h('ul', { class: 'legend', 'aria-label': tr('legend') },
    CELL_KINDS.map((k) => h('li', { 'data-kind': k }, h('canvas', { class: 'swatch', 'data-kind': k, 'aria-hidden': 'true' }), h('span', { class: 'ltext', text: tr(KIND_NAME_KEY[k]) }))));
  // the heatmaps' scales with their numbers: the input (and grid 3, which holds its values) and the output
  const heatScaleOf = (name) => h('span', { class: 'hl-scale', 'data-scale': name }, h('span', { class: 'hl-name' }), ' ',
    h('span', { class: 'hl-lo' }), h('span', { class: 'hl-bar', 'aria-hidden': 'true' }), h('span', { class: 'hl-hi' }));
  const heatLegend = h('p', { class: 'heatlegend', hidden: true }, heatScaleOf('input'), heatScaleOf('output'), h('span', { class: 'hl-note' }));

  const pIn = panel('p-input', input);
  const pK = panel('p-kernel', kernel);
  const pF = panel('p-flipped', flipped);
  const pS = panel('p-stuffed', stuffed);
  // the stuffed grid sits in a frame with letters along its edges naming each row's and column's kind
  const frame = h('div', { class: 'stuffed-frame' }, h('span', { class: 'corner' }), colStrip, rowStrip, stuffed.el);
  pS.body.replaceChildren(frame);
  pS.el.append(legend);
  const pOut = panel('p-output', output);
  const kernels = h('div', { class: 'kernels' }, pK.el, pF.el);
  const row = h('div', { class: 'gridrow' }, pIn.el, kernels, h('div', { class: 'rowbreak', 'aria-hidden': 'true' }), pS.el, pOut.el);
  // on a phone the grids stack; this bar stays at the top and jumps to each
  const jump = h('nav', { class: 'jumpbar', 'aria-label': tr('jumpLabel') },
    [['p-input', 'jumpInput'], ['kernels', 'jumpKernel'], ['p-stuffed', 'jumpStuffed'], ['p-output', 'jumpOutput']].map(([cls, key]) =>
      h('button', { type: 'button', 'data-jump': cls, text: tr(key), onclick: () => row.querySelector(`.${cls}`)?.scrollIntoView({ block: 'start', behavior: 'smooth' }) })));
  const el = h('section', { class: 'grids', 'aria-label': tr('gridsLabel') }, jump, row, heatLegend);

  let last = null, lastStrips = '';

  /**
   * Draws a frame (model/frame.js): every grid when the state or the layout changed, only the output
   * when Play moved on, and always the highlights (hover, focus, step and Play redraw no grid).
   */
  function update(f) {
    if (!f.state) return;
    const before = last;
    last = f;
    const redraw = !before || f.state !== before.state || f.layout !== before.layout;
    if (redraw) drawAll(f);
    else if (!samePlay(f.play, before.play)) progress(f);
    if (redraw || f.highlights !== before.highlights) mark(f.highlights);
  }
  const samePlay = (a, b) => (a ? a.index : -1) === (b ? b.index : -1);

  /** Every grid of the frame's state at the size the available space allows. */
  function drawAll({ state: st, layout: { compact }, grid, play }) {
    const { ex, conv } = st;
    const [H, W] = [ex.input.rows, ex.input.cols];
    const [kh, kw] = [ex.kernel.rows, ex.kernel.cols];
    const [Ho, Wo] = [ex.output.rows, ex.output.cols];
    const S = ex.stuffed;
    const { cell, cells, kCell, rows, kernelWidth, kernelsBeside, width } = grid;
    el.classList.toggle('stacked', rows === 'stacked');
    row.classList.toggle('two-rows', rows === 2);
    row.classList.toggle('kernels-above', rows === 2 && !kernelsBeside);
    setVar(el, '--kernel-width', kernelWidth ? `${kernelWidth}px` : 'auto');
    setVar(el, '--cell', `${cell}px`);
    setVar(el, '--layout-width', String(width)); // the print stylesheet zooms the grids to the paper from this
    el.classList.toggle('tiny', cell < MIN_DIGIT_CELL);

    setText(pIn.title, tr('titleInput', dims([H, W])));
    setText(pIn.caption, compact ? '' : tr(conv ? 'capInputConv' : 'capInputConvT'));
    const xTitle = (i) => tr('cellTitle', 'x', r_(i, W), c_(i, W), fmt(st.x[i]));
    input.draw({ rows: H, cols: W, cell: cells.input, values: st.x, emphasis: 'orig', describe: xTitle });

    setText(pK.title, tr('titleKernel', dims([kh, kw])));
    setText(pK.caption, compact ? '' : tr(conv ? 'capKernelConv' : 'capKernelConvT'));
    kernel.draw({ rows: kh, cols: kw, cell: kCell, values: st.w, emphasis: 'kernel', describe: (i) => tr('cellTitle', 'w', r_(i, kw), c_(i, kw), fmt(st.w[i])) });
    pF.el.hidden = conv;
    if (!conv) {
      setText(pF.title, tr('titleFlipped'));
      setText(pF.caption, compact ? '' : tr('capFlipped'));
      flipped.draw({ rows: kh, cols: kw, cell: kCell, values: st.drawnKernel, emphasis: 'kernel', describe: (i) => tr('flippedCell', r_(i, kw), c_(i, kw), fmt(st.drawnKernel[i]), rc(ex.kernelFrom[i], kw)) });
    }

    setText(pS.title, tr(conv ? 'titlePadded' : 'titleStuffed', dims([S.rows, S.cols])));
    setText(pS.caption, compact ? '' : stuffedCaption(tr, conv, S.zerosBetween, conv ? ex.padding.before : S.padBefore, conv ? ex.padding.after : S.padAfter, ex.padding.mode));
    const kindOf = (i) => stuffedKind(ex, i);
    stuffed.draw({ rows: S.rows, cols: S.cols, cell: cells.stuffed, values: st.stuffedValues, kinds: kindOf,
      describe: (i) => tr('stuffedCell', tr(conv ? 'paddedWord' : 'stuffedWord'), r_(i, S.cols), c_(i, S.cols), fmt(st.stuffedValues[i]), tr(KIND_NAME_KEY[kindOf(i)])) });
    // letters along the edges, rebuilt only when they change
    const stripKey = `${conv}|${cells.stuffed}|${S.colKind.join('')}|${S.rowKind.join('')}`;
    if (stripKey !== lastStrips) {
      lastStrips = stripKey;
      const strip = (node, kinds) => setChildren(node, ...Array.from(kinds, (k) => h('span', { 'data-kind': LINE_KINDS[k], text: cells.stuffed >= 12 ? edgeLetter(k, conv) : '' })));
      strip(colStrip, S.colKind); strip(rowStrip, S.rowKind);
    }
    setVar(frame, '--cols', String(S.cols));
    setVar(frame, '--cell', `${cells.stuffed}px`);
    const present = legendKinds(S.cellKind);
    // the swatches are cells drawn by the grid's own code, again only when the palette changes
    const palette = currentPalette();
    for (const li of legend.children) {
      const k = li.dataset.kind;
      const hidden = compact || !present.includes(k);
      if (li.hidden !== hidden) li.hidden = hidden;
      const swatch = li.firstChild;
      if (!hidden && swatch.palette !== palette) { paintSwatch(swatch, k); swatch.palette = palette; }
      setText(li.lastChild, tr(legendKey(k, conv)));
    }

    setText(pOut.title, tr('titleOutput', dims([Ho, Wo])));
    setText(pOut.caption, compact ? '' : tr(conv ? 'capOutputConv' : 'capOutputConvT'));
    // while Play runs, cells after the current one are not computed yet
    const blank = play && play.running ? (i) => i > play.index : null;
    output.draw({ rows: Ho, cols: Wo, cell: cells.output, values: st.out.data, blank, describe: (i) => tr('cellTitle', 'y', r_(i, Wo), c_(i, Wo), fmt(st.out.data[i])) });

    // the heatmap's scale, when cells are too small for digits (the readout keeps exact values)
    if (heatLegend.hidden !== cell >= MIN_DIGIT_CELL) heatLegend.hidden = cell >= MIN_DIGIT_CELL;
    if (!heatLegend.hidden) {
      // each grid is coloured on its own scale (grid.js heatScale): the bar runs from minus to plus
      // the grid's largest |value|, and the note gives each grid's
      const th = currentPalette();
      const col = (v) => `rgb(${heatColour(v, 1, th).join(',')})`;
      const gradient = `linear-gradient(90deg, ${col(-1)}, ${col(0)}, ${col(1)})`;
      for (const [name, label, m] of [['input', tr('heatInput'), Math.max(input.heat || 0, stuffed.heat || 0)], ['output', tr('heatOutput'), output.heat || 0]]) {
        const s = heatLegend.querySelector(`[data-scale="${name}"]`);
        const bar = s.querySelector('.hl-bar');
        if (bar.style.background !== gradient) bar.style.background = gradient;
        setText(s.querySelector('.hl-name'), label);
        setText(s.querySelector('.hl-lo'), fmt(-m));
        setText(s.querySelector('.hl-hi'), `+${fmt(m)}`);
      }
      setText(heatLegend.querySelector('.hl-note'), tr('heatNote'));
    }
  }

  /** Highlights only: hover, focus, step and Play never redraw the grids themselves. */
  function mark(hl) {
    const t = hl.taps;
    input.mark(hl.input, t && t.input); kernel.mark(hl.kernel, t && t.kernel); flipped.mark(hl.flipped, t && t.flipped);
    stuffed.mark(hl.stuffed, t && t.stuffed, hl.window); output.mark(hl.output);
  }
  /** Play's progress: only the output grid is redrawn (cells after the current one not yet computed). */
  function progress({ state: st, play }) {
    const Wo = st.ex.output.cols;
    const blank = play && play.running ? (i) => i > play.index : null;
    output.draw({ rows: st.ex.output.rows, cols: Wo, cell: Number(output.el.dataset.cell), values: st.out.data, blank, describe: (i) => tr('cellTitle', 'y', r_(i, Wo), c_(i, Wo), fmt(st.out.data[i])) });
  }
  return { el, update, grids };
}

function stuffedCaption(tr, conv, z, b, a, mode) {
  const axis = (j) => {
    if (conv) return tr('axisConvMode', b[j], a[j], mode);
    const parts = [tr('axisZeros', z[j])];
    parts.push(b[j] >= 0 ? tr('axisPadBefore', b[j]) : tr('axisCropBefore', -b[j], b[j]));
    parts.push(a[j] >= 0 ? tr('axisAfter', a[j]) : tr('axisCropAfter', -a[j], a[j]));
    return parts.join(', ');
  };
  const same = z[0] === z[1] && b[0] === b[1] && a[0] === a[1];
  const head = tr(conv ? 'stuffedHeadConv' : 'stuffedHeadConvT');
  const tail = tr(conv ? 'stuffedTailConv' : 'stuffedTailConvT');
  return same ? `${head}${axis(0)}${tail}` : `${head}${tr('stuffedRowsCols', axis(0), axis(1))}${tail}`;
}

