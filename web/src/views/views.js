// The grid views (input, kernel, flipped kernel, stuffed grid, output) side by side with one cell
// size, the step control, and the "same numbers" view. Each view draws only what it is handed
// (the lab state of model.js, and the highlights of model.highlights).
import { h, setChildren, setText, setVar, fmt, dims } from '../draw/dom.js';
import { createGrid, heatRGB, theme, MIN_DIGIT_CELL, TAP_COLOURS, tapLetter } from '../draw/grid.js';
import { contributions, stuffedKind, CELL_KINDS } from '../model/model.js';
import { shortest } from '../model/params.js';

const KIND = ['orig', 'zero', 'pad', 'opad']; // the kinds of whole rows and columns (explain's rowKind / colKind)
export const KIND_KEY = { orig: 'kindOrig', zero: 'kindZero', pad: 'kindPad', opad: 'kindOpad', refl: 'kindRefl', repl: 'kindRepl', wrap: 'kindWrap' };
const LEGEND_KEY = { orig: 'legendOrig', zero: 'legendZero', opad: 'legendOpad', refl: 'legendRefl', repl: 'legendRepl', wrap: 'legendWrap' };
const rc = (i, cols) => `${Math.floor(i / cols)},${i % cols}`;
const r_ = (i, cols) => Math.floor(i / cols), c_ = (i, cols) => i % cols;

/** Largest and smallest cell (CSS px) of the main grids, and the height they may take. */
const MAX_CELL = 44, MIN_CELL = 2, KERNEL_MIN_CELL = 22;
/** A grid panel is at least this wide (CSS px); its title wraps inside. */
const MIN_PANEL = 120;
/** Below this width the four grids stack (a phone), with a sticky bar to jump between them. */
export const STACK_BELOW = 640;

function panel(cls, grid, { titleClass = 'ptitle' } = {}) {
  const title = h('h3', { class: titleClass });
  const caption = h('p', { class: 'caption' });
  const body = h('div', { class: 'gridbox' }, grid.el);
  const el = h('figure', { class: `panel gpanel ${cls}` }, title, body, caption);
  return { el, title, caption, body };
}

/**
 * One cell size for input, stuffed and output grids, so a pixel has the same size everywhere:
 * the largest (up to MAX_CELL) with which the grids fit the width and the height budget. All four
 * in one row; or two rows (input and kernels above, stuffed and output below) when that gives
 * clearly larger cells and fits the height; or one grid per row on a phone (stacked). A panel is
 * never narrower than MIN_PANEL (its title wraps inside). The kernel gets its own cell size.
 */
export function gridLayout({ width, heightBudget, stacked, input, kernel, stuffed, output, compact }) {
  const chrome = 30; // a panel's padding, border and the grid box's padding
  const letters = 30; // the stuffed grid's row letters and their gap
  const gap = 12;
  width -= 8; // rounding
  const kCell = Math.max(KERNEL_MIN_CELL, Math.min(36, Math.floor(150 / Math.max(kernel.cols, 1))));
  // the kernel column has exactly this width (set on it), titles wrap inside
  const kernelWidth = Math.max(kernel.cols * kCell + chrome, compact ? 110 : 150);
  const clamp = (c) => Math.max(MIN_CELL, Math.min(MAX_CELL, c));
  if (stacked) {
    const cols = Math.max(input.cols, stuffed.cols + 2, output.cols);
    return { cell: clamp(Math.floor((width - chrome - letters) / cols)), kCell: Math.min(kCell, Math.max(MIN_CELL, Math.floor((width - chrome) / kernel.cols))), rows: 'stacked', kernelWidth: null };
  }
  const panel = (cols, cell, extra = 0) => Math.max(cols * cell + chrome + extra, MIN_PANEL);
  const fits1 = (c) => panel(input.cols, c) + kernelWidth + panel(stuffed.cols, c, letters) + panel(output.cols, c) + 3 * gap <= width
    && c * Math.max(input.rows, stuffed.rows, output.rows) <= heightBudget;
  // Two rows: the input and the kernels (side by side, or one above the other where the row is too
  // narrow for both), then the stuffed grid and the output.
  const kernelsBeside = (c) => panel(input.cols, c) + 2 * kernelWidth + 2 * gap <= width;
  const fits2 = (c) => panel(input.cols, c) + kernelWidth + gap <= width && panel(stuffed.cols, c, letters) + panel(output.cols, c) + gap <= width
    && c * (Math.max(input.rows, 3) + Math.max(stuffed.rows, output.rows)) + 60 <= heightBudget;
  const largest = (fits) => { let c = MAX_CELL; while (c > MIN_CELL && !fits(c)) c--; return c; };
  const oneRow = largest(fits1);
  const twoRows = largest(fits2);
  // Two rows only when they give clearly larger cells: digits where one row needs a heatmap, a
  // heatmap at least twice as fine to point at, or digits a quarter larger.
  const better = oneRow < MIN_DIGIT_CELL ? twoRows >= MIN_DIGIT_CELL || twoRows >= 2 * oneRow : twoRows >= 1.25 * oneRow;
  if (better && fits2(twoRows)) {
    return { cell: twoRows, kCell, rows: 2, kernelWidth, kernelsBeside: kernelsBeside(twoRows) };
  }
  return { cell: oneRow, kCell, rows: 1, kernelWidth, kernelsBeside: false };
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
    CELL_KINDS.map((k) => h('li', { 'data-kind': k }, h('span', { class: 'swatch', 'data-kind': k }), h('span', { class: 'ltext', text: tr(KIND_KEY[k]) }))));
  const heatLegend = h('p', { class: 'heatlegend', hidden: true },
    h('span', { class: 'hl-lo' }), h('span', { class: 'hl-bar', 'aria-hidden': 'true' }), h('span', { class: 'hl-hi' }), h('span', { class: 'hl-note' }));

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

  /** Draw every grid of `st` (a lab state) at the size the available space allows. */
  function update({ state: st, width, heightBudget, compact, play }) {
    last = { state: st, width, heightBudget, compact, play };
    const { ex, conv } = st;
    const [H, W] = [ex.input.rows, ex.input.cols];
    const [kh, kw] = [ex.kernel.rows, ex.kernel.cols];
    const [Ho, Wo] = [ex.output.rows, ex.output.cols];
    const S = ex.stuffed;
    const stacked = width < STACK_BELOW;
    el.classList.toggle('stacked', stacked);
    const { cell, kCell, rows, kernelWidth, kernelsBeside } = gridLayout({ width, heightBudget, stacked, compact, input: ex.input, kernel: ex.kernel, stuffed: S, output: ex.output });
    row.classList.toggle('two-rows', rows === 2);
    row.classList.toggle('kernels-above', rows === 2 && !kernelsBeside);
    setVar(el, '--kernel-width', kernelWidth ? `${kernelWidth}px` : 'auto');
    setVar(el, '--cell', `${cell}px`);
    setVar(el, '--layout-width', String(width)); // the print stylesheet zooms the grids to the paper from this
    el.classList.toggle('tiny', cell < MIN_DIGIT_CELL);

    setText(pIn.title, tr('titleInput', dims([H, W])));
    setText(pIn.caption, compact ? '' : tr(conv ? 'capInputConv' : 'capInputConvT'));
    const xTitle = (i) => tr('cellTitle', 'x', r_(i, W), c_(i, W), fmt(st.x[i]));
    input.draw({ rows: H, cols: W, cell, values: st.x, emphasis: 'orig', describe: xTitle });

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
    stuffed.draw({ rows: S.rows, cols: S.cols, cell, values: st.stuffedValues, kinds: kindOf,
      describe: (i) => tr('stuffedCell', tr(conv ? 'paddedWord' : 'stuffedWord'), r_(i, S.cols), c_(i, S.cols), fmt(st.stuffedValues[i]), tr(KIND_KEY[kindOf(i)])) });
    const letter = (k) => ['x', 'z', conv ? 'p' : 'p′', 'a'][k];
    // letters along the edges, rebuilt only when they change
    const stripKey = `${conv}|${cell >= 12}|${S.colKind.join('')}|${S.rowKind.join('')}`;
    if (stripKey !== lastStrips) {
      lastStrips = stripKey;
      const strip = (node, kinds) => setChildren(node, ...Array.from(kinds, (k) => h('span', { 'data-kind': KIND[k], text: cell >= 12 ? letter(k) : '' })));
      strip(colStrip, S.colKind); strip(rowStrip, S.rowKind);
    }
    setVar(frame, '--cols', String(S.cols));
    const present = new Set(S.cellKind);
    for (const li of legend.children) {
      const k = li.dataset.kind;
      const hidden = compact || (k !== 'orig' && !present.has(CELL_KINDS.indexOf(k)));
      if (li.hidden !== hidden) li.hidden = hidden;
      setText(li.lastChild, tr(k === 'pad' ? (conv ? 'legendPadConv' : 'legendPadConvT') : LEGEND_KEY[k]));
    }

    setText(pOut.title, tr('titleOutput', dims([Ho, Wo])));
    setText(pOut.caption, compact ? '' : tr(conv ? 'capOutputConv' : 'capOutputConvT'));
    // while Play runs, cells after the current one are not computed yet
    const blank = play && play.running ? (i) => i > play.index : null;
    output.draw({ rows: Ho, cols: Wo, cell, values: st.out.data, blank, describe: (i) => tr('cellTitle', 'y', r_(i, Wo), c_(i, Wo), fmt(st.out.data[i])) });

    // the heatmap's scale, when cells are too small for digits (the readout keeps exact values)
    if (heatLegend.hidden !== cell >= MIN_DIGIT_CELL) heatLegend.hidden = cell >= MIN_DIGIT_CELL;
    if (!heatLegend.hidden) {
      // each grid is coloured on its own scale (grid.js heatScale): the bar runs from minus to plus
      // the grid's largest |value|, and the note gives each grid's
      const th = theme(el);
      const col = (v) => `rgb(${heatRGB(v, 1, th).join(',')})`;
      const bar = heatLegend.querySelector('.hl-bar'), gradient = `linear-gradient(90deg, ${col(-1)}, ${col(0)}, ${col(1)})`;
      if (bar.style.background !== gradient) bar.style.background = gradient;
      setText(heatLegend.querySelector('.hl-lo'), tr('heatLow'));
      setText(heatLegend.querySelector('.hl-hi'), tr('heatHigh'));
      setText(heatLegend.querySelector('.hl-note'), tr('heatNote', fmt(Math.max(input.heat || 0, stuffed.heat || 0)), fmt(output.heat || 0)));
    }
  }

  /** Highlights only: hover, focus, step and Play never redraw the grids themselves. */
  function mark(hl) {
    const t = hl.taps;
    input.mark(hl.input, t && t.input); kernel.mark(hl.kernel, t && t.kernel); flipped.mark(hl.flipped, t && t.flipped);
    stuffed.mark(hl.stuffed, t && t.stuffed, hl.window); output.mark(hl.output);
  }
  /** Redraw at the last data with a new width. */
  function redraw(changes) { if (last) update({ ...last, ...changes }); }
  /** Play's progress: only the output grid is redrawn (cells after the current one not yet computed). */
  function progress(play) {
    if (!last) return;
    last = { ...last, play };
    const st = last.state, Wo = st.ex.output.cols;
    const blank = play && play.running ? (i) => i > play.index : null;
    output.draw({ rows: st.ex.output.rows, cols: Wo, cell: Number(output.el.dataset.cell), values: st.out.data, blank, describe: (i) => tr('cellTitle', 'y', r_(i, Wo), c_(i, Wo), fmt(st.out.data[i])) });
  }
  return { el, update, mark, redraw, progress, grids };
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

/**
 * "Two ways, same numbers": the terms of one output cell, by scatter and by the stuffed
 * convolution. Terms are written with every digit of the float32 values the core used
 * (shortest round-trip decimals), so the shown terms add up to the shown result. While a step is
 * shown, each term carries its kernel tap's letter and colour, and the running sum builds up.
 */
export function viewSums({ tr }) {
  const title = h('h3', { class: 'ptitle' });
  const body = h('div', { class: 'sums-body' });
  const whole = h('p', { class: 'whole', 'data-check': 'equality' });
  const el = h('section', { class: 'panel sums', 'aria-live': 'polite' }, title, body, whole);
  const MAX = 24;

  const num = (v) => shortest(v).replace('-', '\u2212');
  const factor = (v) => (v < 0 ? `(${num(v)})` : num(v));
  /** Terms as spans (coloured by tap when `coloured`), with "+ … (n more)" past MAX. */
  const terms = (pairs, fa, fb, tapOf, coloured) => {
    if (!pairs.length) return [tr('nothingLands')];
    const out = [];
    pairs.slice(0, MAX).forEach((p, n) => {
      if (n) out.push(' + ');
      const t = tapOf(p);
      const span = h('span', { class: 'term', 'data-tap': String(t), text: `${fa(p[0])}·${fb(p[1])}` });
      if (coloured) { span.style.setProperty('--tap', TAP_COLOURS[t % TAP_COLOURS.length]); span.dataset.letter = tapLetter(t); }
      out.push(span);
    });
    if (pairs.length > MAX) out.push(` + … ${tr('more', pairs.length - MAX)}`);
    return out;
  };
  const maxDiff = (a, b) => { let m = 0; for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i])); return m; };

  /** `o`: the output cell; `stepping`: Play or a step is showing it (colour the taps, show the running sum). */
  function update({ state: st, o, stepping }) {
    const { ex, conv } = st;
    const Wo = ex.output.cols, W = ex.input.cols, kw = ex.kernel.cols, Sc = ex.stuffed.cols;
    const K = ex.kernel.rows * kw;
    const n = ex.output.rows * Wo;
    if (!(o >= 0 && o < n)) o = 0;
    const { scatter, window } = contributions(st, o);
    const at = `(${rc(o, Wo)})`;
    const running = (pairs, a, b) => { let s = 0; return pairs.map((p) => (s += a(p[0]) * b(p[1]))); };
    if (conv) {
      title.textContent = tr('sumsTitleConv', at);
      const xs = (s) => st.stuffedValues[s], ws = (t) => st.w[t];
      setChildren(body,
        h('p', { class: 'way' }, h('strong', { text: tr('gatherLead') }), tr('gatherText')),
        h('p', { class: 'terms' }, `y${at} = `, ...terms(window, (s) => `xp(${rc(s, Sc)})`, (t) => `w(${rc(t, kw)})`, (p) => p[1], stepping)),
        h('p', { class: 'terms' }, '= ', ...terms(window, (s) => factor(xs(s)), (t) => factor(ws(t)), (p) => p[1], stepping), ' = ', h('b', { class: 'val-a', text: num(st.ref.data[o]) })),
        stepping ? h('p', { class: 'running', text: tr('runningSum', running(window, xs, ws).map((v) => num(Math.fround(v))).join(' → ')) }) : null,
        h('p', { class: 'note', text: tr('paddingProducts', K - ex.overlap[o]) }));
      const d = maxDiff(st.ref.data, st.out.data);
      let big = 1;
      for (const v of st.ref.data) big = Math.max(big, Math.abs(v));
      whole.dataset.ok = String(d <= 1e-4 * big);
      whole.textContent = d === 0 ? tr('convAgree', n, fmt(d)) : tr('convDiffer', n, d.toExponential(2));
      return;
    }
    title.textContent = tr('sumsTitleConvT', at);
    const sv = st.stuffing.stuffed.data, fw = st.stuffing.flippedWeight.data;
    const tapOfScatter = (p) => { for (let t = 0; t < K; t++) if (ex.kernelFrom[t] === p[1]) return t; return p[1]; };
    setChildren(body,
      h('div', { class: 'way' },
        h('p', {}, h('strong', { text: tr('wayALead') }), tr('wayAText')),
        h('p', { class: 'terms' }, `y${at} = `, ...terms(scatter, (i) => `x(${rc(i, W)})`, (t) => `w(${rc(t, kw)})`, tapOfScatter, stepping)),
        h('p', { class: 'terms' }, '= ', ...terms(scatter, (i) => factor(st.x[i]), (t) => factor(st.w[t]), tapOfScatter, stepping), ' = ', h('b', { class: 'val-a', text: num(st.ref.data[o]) }))),
      h('div', { class: 'way' },
        h('p', {}, h('strong', { text: tr('wayBLead') }), tr('wayBText')),
        h('p', { class: 'terms' }, `y${at} = `, ...terms(window, (s) => factor(sv[s]), (t) => factor(fw[t]), (p) => p[1], stepping), ' = ', h('b', { class: 'val-b', text: num(st.stuffing.output.data[o]) })),
        stepping ? h('p', { class: 'running', text: tr('runningSum', running(window, (s) => sv[s], (t) => fw[t]).map((v) => num(Math.fround(v))).join(' → ')) }) : null,
        h('p', { class: 'note', text: tr('wastedProducts', K - ex.overlap[o], K) })));
    const d1 = maxDiff(st.ref.data, st.stuffing.output.data), d2 = maxDiff(st.ref.data, st.out.data);
    whole.dataset.ok = String(d1 < 1e-3 && d2 < 1e-3);
    whole.textContent = d1 === 0 && d2 === 0 ? tr('convTAgree', n) : tr('convTDiffer', n, d1.toExponential(2), d2.toExponential(2));
  }
  return { el, update };
}

/**
 * Step control: walks the kernel over the output cells, one per tick while playing. Playing is
 * state the lab keeps (it survives a language switch); this control shows it and asks for changes.
 * Pauses when the grids are off-screen or the tab is hidden.
 */
export function viewStepper({ onStep, onPlay, onSpeed, tr }) {
  const prev = h('button', { type: 'button', class: 'step-prev', 'aria-label': tr('prevLabel') }, h('span', { class: 'icon icon-prev', 'aria-hidden': 'true' }), tr('prev'));
  const play = h('button', { type: 'button', class: 'step-play', 'aria-pressed': 'false' }, h('span', { class: 'icon icon-play', 'aria-hidden': 'true' }), h('span', { class: 'play-text', text: tr('play') }));
  const next = h('button', { type: 'button', class: 'step-next', 'aria-label': tr('nextLabel') }, tr('next'), h('span', { class: 'icon icon-next', 'aria-hidden': 'true' }));
  const speedId = `speed${Math.random().toString(36).slice(2, 8)}`;
  const speed = h('select', { id: speedId, class: 'speed' },
    [['1600', 'slow'], ['800', 'normal'], ['350', 'fast'], ['120', 'veryFast']].map(([v, t]) => h('option', { value: v, text: tr(t) })));
  const status = h('span', { class: 'step-status', 'aria-live': 'off' });
  const el = h('div', { class: 'stepper', 'data-anim': 'stopped' }, prev, play, next, h('label', { for: speedId, text: tr('speed') }), speed, status);
  let count = 1, index = 0, playing = false, visible = true, timer = null, attached = false;

  const running = () => playing && visible && attached && !document.hidden;
  function schedule() {
    clearInterval(timer); timer = null;
    el.dataset.anim = !playing ? 'stopped' : !visible ? 'paused-offscreen' : document.hidden ? 'paused-hidden' : 'running';
    if (running()) timer = setInterval(() => onStep(index + 1 >= count ? 0 : index + 1, 'play'), Number(speed.value));
  }
  prev.addEventListener('click', () => { onPlay(false); onStep((index - 1 + count) % count, 'step'); });
  next.addEventListener('click', () => { onPlay(false); onStep((index + 1) % count, 'step'); });
  play.addEventListener('click', () => onPlay(!playing));
  speed.addEventListener('change', () => { onSpeed(speed.value); schedule(); });
  const onVis = () => schedule();

  return {
    el,
    /** Show step `i` of `n` (cols: the output's width, for the status) and whether Play is on. */
    update({ n, i, cols, isPlaying, speedMs }) {
      count = Math.max(1, n); index = Math.min(i, count - 1);
      el.dataset.step = String(index);
      status.textContent = tr('stepStatus', index + 1, count, Math.floor(index / cols), index % cols);
      if (speedMs && speed.value !== String(speedMs)) speed.value = String(speedMs);
      if (isPlaying !== playing) {
        playing = isPlaying;
        play.querySelector('.play-text').textContent = playing ? tr('pause') : tr('play');
        play.querySelector('.icon').className = `icon ${playing ? 'icon-pause' : 'icon-play'}`;
        play.setAttribute('aria-pressed', String(playing));
      }
      schedule();
    },
    get running() { return running(); },
    setVisible(v) { visible = v; schedule(); },
    attach() { attached = true; document.addEventListener('visibilitychange', onVis); schedule(); },
    detach() { attached = false; document.removeEventListener('visibilitychange', onVis); clearInterval(timer); timer = null; schedule(); },
  };
}
