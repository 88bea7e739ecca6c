// The grid views (input, kernel, flipped kernel, stuffed grid, output) and the "same numbers"
// view. One function per view; each draws only from the lab state (see model.js).
import { h, setChildren, fmt, fmtFactor, dims } from './dom.js';
import { createGrid } from './grid.js';
import { contributions } from './model.js';

const KIND = ['orig', 'zero', 'pad', 'opad'];
const KIND_KEY = { orig: 'kindOrig', zero: 'kindZero', pad: 'kindPad', opad: 'kindOpad' };
const rc = (i, cols) => `${Math.floor(i / cols)},${i % cols}`;
const r_ = (i, cols) => Math.floor(i / cols), c_ = (i, cols) => i % cols;

function panel(cls, grid, extra) {
  const title = h('h3', { class: 'ptitle' });
  const caption = h('p', { class: 'caption' });
  const el = h('figure', { class: `panel ${cls}` }, title, caption, h('div', { class: 'scroll' }, extra?.before, grid.el), extra?.after);
  return { el, title, caption };
}

/** The kind of each stuffed cell, from explain's row/column kinds (0 original, 1 zero, 2 padding, 3 output_padding). */
export function stuffedKind(ex, i) {
  if (ex.stuffed.source[i] >= 0) return 'orig';
  const cols = ex.stuffed.cols;
  return KIND[Math.max(ex.stuffed.rowKind[Math.floor(i / cols)], ex.stuffed.colKind[i % cols])];
}

export function viewGrids({ onPoint, onEdit, tr }) {
  const point = (grid) => (i, how) => onPoint(grid, i, how);
  const input = createGrid({ name: 'input', label: tr('gridInput'), editable: true, onPoint: point('input'), onEdit: (i, op) => onEdit('x', i, op) });
  const kernel = createGrid({ name: 'kernel', label: tr('gridKernel'), editable: true, onPoint: point('kernel'), onEdit: (i, op) => onEdit('w', i, op) });
  const flipped = createGrid({ name: 'flipped', label: tr('gridFlipped'), onPoint: point('flipped') });
  const stuffed = createGrid({ name: 'stuffed', label: tr('gridStuffed'), onPoint: point('stuffed') });
  const output = createGrid({ name: 'output', label: tr('gridOutput'), onPoint: point('output') });
  const cellTitle = (g, cols, v) => (i) => tr('cellTitle', g, r_(i, cols), c_(i, cols), v(i));

  const colStrip = h('div', { class: 'strip cols', 'aria-hidden': 'true' });
  const rowStrip = h('div', { class: 'strip rows', 'aria-hidden': 'true' });
  const legend = h('ul', { class: 'legend', 'aria-label': tr('legend') },
    KIND.map((k) => h('li', { 'data-kind': k }, h('span', { class: 'swatch cell', 'data-kind': k, text: k === 'orig' ? '5' : '0' }), h('span', { class: 'ltext', text: tr(KIND_KEY[k]) }))));

  const pIn = panel('p-input', input);
  const pK = panel('p-kernel', kernel);
  const pF = panel('p-flipped', flipped);
  const pS = panel('p-stuffed', stuffed, { before: h('div', { class: 'stuffed-frame' }, h('span', { class: 'corner' }), colStrip, rowStrip), after: legend });
  // the strips and the grid share one CSS grid (see styles): move the grid into the frame
  const frame = pS.el.querySelector('.stuffed-frame');
  frame.append(stuffed.el);
  const pOut = panel('p-output', output);
  const kernels = h('div', { class: 'kernels' }, pK.el, pF.el);
  const el = h('section', { class: 'grids', 'aria-label': tr('gridsLabel') }, pIn.el, kernels, pS.el, pOut.el);

  function update(st) {
    const { ex, conv } = st;
    const [H, W] = [ex.input.rows, ex.input.cols];
    const [kh, kw] = [ex.kernel.rows, ex.kernel.cols];
    const [Ho, Wo] = [ex.output.rows, ex.output.cols];
    const S = ex.stuffed;
    const [zh, zw] = S.zerosBetween, [bh, bw] = S.padBefore, [ah, aw] = S.padAfter;

    pIn.title.textContent = tr('titleInput', dims([H, W]));
    pIn.caption.textContent = tr(conv ? 'capInputConv' : 'capInputConvT');
    input.draw({ rows: H, cols: W, text: (i) => fmt(st.x[i]), title: cellTitle('x', W, (i) => fmt(st.x[i])) });

    pK.title.textContent = tr('titleKernel', dims([kh, kw]));
    pK.caption.textContent = tr(conv ? 'capKernelConv' : 'capKernelConvT');
    kernel.draw({ rows: kh, cols: kw, text: (i) => fmt(st.w[i]), title: cellTitle('w', kw, (i) => fmt(st.w[i])) });
    pF.el.hidden = conv;
    if (!conv) {
      pF.title.textContent = tr('titleFlipped');
      pF.caption.textContent = tr('capFlipped');
      flipped.draw({ rows: kh, cols: kw, text: (i) => fmt(st.drawnKernel[i]), title: (i) => tr('flippedCell', r_(i, kw), c_(i, kw), fmt(st.drawnKernel[i]), rc(ex.kernelFrom[i], kw)) });
    }

    pS.title.textContent = tr(conv ? 'titlePadded' : 'titleStuffed', dims([S.rows, S.cols]));
    pS.caption.textContent = stuffedCaption(tr, conv, [zh, zw], [bh, bw], [ah, aw]);
    stuffed.draw({ rows: S.rows, cols: S.cols, text: (i) => fmt(st.stuffedValues[i]), kind: (i) => stuffedKind(ex, i),
      title: (i) => tr('stuffedCell', tr(conv ? 'paddedWord' : 'stuffedWord'), r_(i, S.cols), c_(i, S.cols), fmt(st.stuffedValues[i]), tr(KIND_KEY[stuffedKind(ex, i)])) });
    const letter = (k) => ['x', 'z', conv ? 'p' : 'p′', 'a'][k];
    setChildren(colStrip, ...Array.from(S.colKind, (k) => h('span', { 'data-kind': KIND[k], text: letter(k) })));
    setChildren(rowStrip, ...Array.from(S.rowKind, (k) => h('span', { 'data-kind': KIND[k], text: letter(k) })));
    frame.style.setProperty('--cols', String(S.cols));
    for (const li of legend.children) {
      const k = li.dataset.kind;
      const code = { orig: 0, zero: 1, pad: 2, opad: 3 }[k];
      li.hidden = k !== 'orig' && !S.rowKind.includes(code) && !S.colKind.includes(code);
      if (k === 'pad') li.lastChild.textContent = tr(conv ? 'legendPadConv' : 'legendPadConvT');
      if (k === 'zero') li.lastChild.textContent = tr('legendZero');
      if (k === 'opad') li.lastChild.textContent = tr('legendOpad');
      if (k === 'orig') li.lastChild.textContent = tr('legendOrig');
    }

    pOut.title.textContent = tr('titleOutput', dims([Ho, Wo]));
    pOut.caption.textContent = tr(conv ? 'capOutputConv' : 'capOutputConvT');
    output.draw({ rows: Ho, cols: Wo, text: (i) => fmt(st.out.data[i]), title: cellTitle('y', Wo, (i) => fmt(st.out.data[i])) });
  }

  function mark(hl) {
    input.mark(hl.input); kernel.mark(hl.kernel); flipped.mark(hl.flipped); stuffed.mark(hl.stuffed); output.mark(hl.output);
  }
  return { el, update, mark, grids: { input, kernel, flipped, stuffed, output } };
}

function stuffedCaption(tr, conv, z, b, a) {
  const axis = (j) => {
    if (conv) return tr('axisConv', b[j]);
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

/** "Two ways, same numbers": the terms of one output cell, computed by scatter and by the stuffed convolution. */
export function viewSums({ tr }) {
  const title = h('h3', { class: 'ptitle' });
  const body = h('div', { class: 'sums-body' });
  const whole = h('p', { class: 'whole', 'data-check': 'equality' });
  const el = h('section', { class: 'panel sums', 'aria-live': 'polite' }, title, body, whole);
  const MAX = 24;

  const terms = (pairs, fa, fb) => {
    const shown = pairs.slice(0, MAX).map(([a, b]) => `${fa(a)}·${fb(b)}`).join(' + ');
    return pairs.length > MAX ? `${shown} + … ${tr('more', pairs.length - MAX)}` : shown || tr('nothingLands');
  };
  const maxDiff = (a, b) => { let m = 0; for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i])); return m; };

  function update(st, o) {
    const { ex, conv } = st;
    const Wo = ex.output.cols, W = ex.input.cols, kw = ex.kernel.cols, Sc = ex.stuffed.cols;
    const K = ex.kernel.rows * kw;
    const n = ex.output.rows * Wo;
    if (!(o >= 0 && o < n)) o = 0;
    const { scatter, window } = contributions(st, o);
    const at = `(${rc(o, Wo)})`;
    if (conv) {
      title.textContent = tr('sumsTitleConv', at);
      setChildren(body,
        h('p', { class: 'way' }, h('strong', { text: tr('gatherLead') }), tr('gatherText')),
        h('p', { class: 'terms' }, `y${at} = `, terms(window, (s) => `xp(${rc(s, Sc)})`, (t) => `w(${rc(t, kw)})`)),
        h('p', { class: 'terms' }, '= ', terms(window, (s) => fmtFactor(st.stuffedValues[s]), (t) => fmtFactor(st.w[t])), ' = ', h('b', { text: fmt(st.ref.data[o]) })),
        h('p', { class: 'note', text: tr('paddingProducts', K - ex.overlap[o]) }));
      const d = maxDiff(st.ref.data, st.out.data);
      whole.dataset.ok = String(d === 0);
      whole.textContent = tr('convAgree', n, fmt(d));
      if (d !== 0) whole.textContent = tr('convDiffer', n, d.toExponential(2));
      return;
    }
    title.textContent = tr('sumsTitleConvT', at);
    const sv = st.stuffing.stuffed.data, fw = st.stuffing.flippedWeight.data;
    setChildren(body,
      h('div', { class: 'way' },
        h('p', {}, h('strong', { text: tr('wayALead') }), tr('wayAText')),
        h('p', { class: 'terms' }, `y${at} = `, terms(scatter, (i) => `x(${rc(i, W)})`, (t) => `w(${rc(t, kw)})`)),
        h('p', { class: 'terms' }, '= ', terms(scatter, (i) => fmtFactor(st.x[i]), (t) => fmtFactor(st.w[t])), ' = ', h('b', { class: 'val-a', text: fmt(st.ref.data[o]) }))),
      h('div', { class: 'way' },
        h('p', {}, h('strong', { text: tr('wayBLead') }), tr('wayBText')),
        h('p', { class: 'terms' }, `y${at} = `, terms(window, (s) => fmtFactor(sv[s]), (t) => fmtFactor(fw[t])), ' = ', h('b', { class: 'val-b', text: fmt(st.stuffing.output.data[o]) })),
        h('p', { class: 'note', text: tr('wastedProducts', K - ex.overlap[o], K) })));
    const d1 = maxDiff(st.ref.data, st.stuffing.output.data), d2 = maxDiff(st.ref.data, st.out.data);
    const ok = d1 === 0 && d2 === 0;
    whole.dataset.ok = String(d1 < 1e-3 && d2 < 1e-3);
    whole.textContent = ok ? tr('convTAgree', n) : tr('convTDiffer', n, d1.toExponential(2), d2.toExponential(2));
  }
  return { el, update };
}

/** Step control: walks the stride-1 window over the output cells. Pauses off-screen or in a hidden tab. */
export function viewStepper({ onStep, tr }) {
  const prev = h('button', { type: 'button', class: 'step-prev', text: tr('prev'), 'aria-label': tr('prevLabel') });
  const play = h('button', { type: 'button', class: 'step-play', 'aria-pressed': 'false', text: tr('play') });
  const next = h('button', { type: 'button', class: 'step-next', text: tr('next'), 'aria-label': tr('nextLabel') });
  const speedId = `speed${Math.random().toString(36).slice(2, 8)}`;
  const speed = h('select', { id: speedId },
    [['1600', 'slow'], ['800', 'normal'], ['350', 'fast']].map(([v, t]) => h('option', { value: v, text: tr(t), selected: v === '800' })));
  const status = h('span', { class: 'step-status', 'aria-live': 'off' });
  const el = h('div', { class: 'stepper', 'data-anim': 'stopped' }, prev, play, next, h('label', { for: speedId, text: tr('speed') }), speed, status);
  let count = 1, index = 0, playing = false, visible = true, timer = null;

  const running = () => playing && visible && !document.hidden;
  function schedule() {
    clearInterval(timer); timer = null;
    el.dataset.anim = !playing ? 'stopped' : !visible ? 'paused-offscreen' : document.hidden ? 'paused-hidden' : 'running';
    if (running()) timer = setInterval(() => go(index + 1 >= count ? 0 : index + 1), Number(speed.value));
  }
  function go(i) { index = ((i % count) + count) % count; onStep(index); }
  function setPlaying(p) { playing = p; play.textContent = p ? tr('pause') : tr('play'); play.setAttribute('aria-pressed', String(p)); schedule(); }
  prev.addEventListener('click', () => { setPlaying(false); go(index - 1); });
  next.addEventListener('click', () => { setPlaying(false); go(index + 1); });
  play.addEventListener('click', () => setPlaying(!playing));
  speed.addEventListener('change', schedule);
  const onVis = () => schedule();

  return {
    el,
    update(n, i, cols) {
      count = Math.max(1, n); index = Math.min(i, count - 1);
      el.dataset.step = String(index);
      status.textContent = tr('stepStatus', index + 1, count, Math.floor(index / cols), index % cols);
    },
    setVisible(v) { visible = v; schedule(); },
    attach() { document.addEventListener('visibilitychange', onVis); schedule(); },
    detach() { document.removeEventListener('visibilitychange', onVis); clearInterval(timer); timer = null; },
  };
}
