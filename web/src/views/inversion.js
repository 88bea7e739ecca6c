// The live dimension-inversion check, both directions, with the usual derivation re-typed
// with the current numbers (KaTeX HTML in its own fonts, math.js), the why and the fix; and the plain
// statement, with numbers, that sizes invert but values do not.
import { h, setChildren, setText, fmt, dims, flowText } from '../draw/dom.js';
import { createGrid } from '../draw/grid.js';
import { renderMath, renderMathSpoken } from '../draw/math.js';

const n = (v) => (v < 0 ? `(${v})` : `${v}`);

/** Per-axis numbers, all taken from the core's results (the page does no arithmetic). */
function axes(st, dir, tr) {
  const P = st.params, rt = st.ex.roundTrip[dir];
  // the way back's stuffed grid (explain's backStuffed: z, p' and its length per axis), Conv then ConvT only
  const leg = dir === 'convThenConvT' ? rt.backStuffed : null;
  const list = [0, 1].map((j) => ({
    I: rt.input[j], M: rt.middle ? rt.middle[j] : null, B: rt.back ? rt.back[j] : null,
    // the padding in effect: 'same' and 'valid' are numbers of lines too, possibly uneven ('same', even kernel)
    k: P.kernelSize[j], s: P.stride[j], p: st.ex.padding.before[j], pa: st.ex.padding.after[j], d: P.dilation[j], a: P.outputPadding[j],
    r: rt.remainder ? rt.remainder[j] : null,
    z: leg ? leg.zerosBetween[j] : null,
    pp: leg ? leg.padBefore[j] : null,
    L: leg ? leg.length[j] : null,
  }));
  const same = JSON.stringify(list[0]) === JSON.stringify(list[1]);
  return same ? [{ label: tr('heightAndWidth'), ...list[0] }] : [{ label: tr('height'), ...list[0] }, { label: tr('width'), ...list[1] }];
}

const B = String.raw`I_{\text{back}}`;

/** 2p, or the two sides of an uneven padding ('same' with an even kernel): symbol and numbers. */
const twoP = (x) => (x.p === x.pa ? ['2p', String.raw`2\cdot ${x.p}`] : [String.raw`p_{\text{before}}+p_{\text{after}}`, `${x.p}+${x.pa}`]);

function texConvThenConvT(x, tr) {
  const [pSym, pNum] = twoP(x);
  const rows = [
    String.raw`O = \left\lfloor\frac{I+${pSym}-d(k-1)-1}{s}\right\rfloor+1`,
    String.raw`&= \left\lfloor\frac{${x.I}+${pNum}-${x.d}\cdot(${x.k}-1)-1}{${x.s}}\right\rfloor+1 = ${x.M}`,
  ];
  if (x.z != null) {
    rows.push(String.raw`z = s-1 = ${x.z},\qquad p' = d(k-1)-p = ${n(x.pp)}`);
    rows.push(String.raw`L = O+z(O-1)+2p'+a\quad\text{${tr('stuffedLength')}}`);
    rows.push(String.raw`&= ${x.M}+${x.z}\cdot(${x.M}-1)+2\cdot ${n(x.pp)}+${x.a} = ${x.L}`);
    rows.push(String.raw`${B} = L-d(k-1) = ${x.L}-${x.d}\cdot(${x.k}-1) = ${x.B}`);
    rows.push(String.raw`\text{${tr('inGeneral')}} ${B} = s(O-1)-2p+d(k-1)+a+1 = I-r+a`);
    rows.push(String.raw`r = (I+2p-d(k-1)-1) \bmod s`);
    rows.push(String.raw`&= (${x.I}+2\cdot ${x.p}-${x.d}\cdot(${x.k}-1)-1) \bmod ${x.s} = ${x.r}`);
    rows.push(String.raw`${B} = ${x.I}-${x.r}+${x.a} = ${x.B} ${x.B === x.I ? String.raw`= I\ \checkmark` : String.raw`\neq I = ${x.I}`}`);
  }
  return rows;
}

function texConvTThenConv(x, tr) {
  const rows = [
    String.raw`O' = (I-1)s-2p+d(k-1)+a+1`,
    String.raw`&= (${x.I}-1)\cdot ${x.s}-2\cdot ${x.p}+${x.d}\cdot(${x.k}-1)+${x.a}+1 = ${x.M}`,
  ];
  if (x.B != null) {
    rows.push(String.raw`${B} = \left\lfloor\frac{O'+2p-d(k-1)-1}{s}\right\rfloor+1`);
    rows.push(String.raw`&= \left\lfloor\frac{${x.M}+2\cdot ${x.p}-${x.d}\cdot(${x.k}-1)-1}{${x.s}}\right\rfloor+1 = ${x.B}`);
    rows.push(String.raw`\text{${tr('inGeneral')}} ${B} = \left\lfloor\frac{(I-1)s+a}{s}\right\rfloor+1 = I+\left\lfloor\frac{a}{s}\right\rfloor`);
    rows.push(x.B === x.I ? String.raw`${B} = ${x.B} = I\ \checkmark\quad (a = ${x.a} < s = ${x.s})` : String.raw`${B} = ${x.B} \neq I = ${x.I}\quad (a = ${x.a} \geq s = ${x.s})`);
  }
  return rows;
}

function card(kind) {
  const title = h('h3', { class: 'ptitle' });
  const verdict = h('p', { class: 'verdict', tabindex: '-1' });
  const deriv = h('div', { class: 'deriv' });
  const why = h('div', { class: 'why' });
  const el = h('article', { class: 'panel check', 'data-check': kind, 'data-ok': 'false' }, title, verdict, deriv, why);
  return { el, title, verdict, deriv, why };
}

export function viewInversion({ onSetOutputPadding, tr }) {
  const main = card('inversion');
  const other = card('inversion-other');
  const valuesTitle = h('h3', { class: 'ptitle', text: tr('valuesTitleOk') });
  const valuesText = h('p', { class: 'caption' });
  const backGrid = createGrid({ name: 'roundtrip', label: tr('roundtripLabel') });
  const backCaption = h('p', { class: 'caption' });
  const backBox = h('div', { class: 'scroll' }, backGrid.el);
  // the message stays in sight; the values themselves unfold (a long page in a course column otherwise)
  const values = h('article', { class: 'panel values' }, valuesTitle,
    h('details', { class: 'values-more' }, h('summary', { text: tr('valuesMore') }), valuesText, backBox, backCaption));
  // the other direction is secondary: folded, in neutral colours, until asked for
  const otherSummary = h('summary');
  const otherFold = h('details', { class: 'other-direction' }, otherSummary, other.el);
  const el = h('section', { class: 'inversion', 'aria-label': tr('inversionLabel') },
    h('h2', { text: tr('inversionHeading') }), h('div', { class: 'checks' }, main.el, values, otherFold));

  // Parts typeset or drawn only when they are on screen (typesetting is most of a redraw's cost):
  // element -> { visible, pending (what to draw when seen), draw, offScreen (what it shows while
  // not seen) }. The lab observes them (see `lazyParts`).
  const lazy = new Map();
  const whenSeen = (el, draw, offScreen = null) => {
    let s = lazy.get(el);
    if (!s) lazy.set(el, s = { visible: true, pending: null });
    s.draw = draw; s.offScreen = offScreen;
    if (s.visible) { s.pending = null; draw(); } else { s.pending = draw; offScreen?.(); }
  };

  function drawDeriv(c) {
    whenSeen(c.deriv, () => typesetDeriv(c), () => speakDeriv(c));
  }
  function typesetDeriv(c) {
    const key = JSON.stringify(c.plan);
    if (key === c.drawn) return;
    c.drawn = key;
    c.deriv.style.minHeight = '';
    fillDeriv(c, renderMath);
  }
  /**
   * A derivation off screen keeps only what screen readers read (renderMathSpoken), not its
   * hundreds of KaTeX boxes: Chromium paints and composites everything near the screen at every
   * redraw, and with the other direction's derivation drawn below the fold a 16x16 size change
   * cost 18-19 ms of main-thread work instead of 15 (page bench). It keeps the height it had, so
   * nothing below it moves, and is typeset again when it comes into view.
   */
  function speakDeriv(c) {
    const key = `spoken ${JSON.stringify(c.plan)}`;
    if (key === c.drawn) return;
    // called from the visibility callback, where layout is clean: reading the height costs nothing
    if (c.drawn && !c.drawn.startsWith('spoken ')) c.deriv.style.minHeight = `${c.deriv.offsetHeight}px`;
    c.drawn = key;
    fillDeriv(c, renderMathSpoken);
  }
  /**
   * One label and one math box per axis, each box drawn by `render` (renderMath or
   * renderMathSpoken). The boxes are kept, so a render can update them in place; unchanged text is
   * not written, so nothing off screen is touched needlessly.
   */
  function fillDeriv(c, render) {
    if (!c.boxes || c.boxes.length !== c.plan.length) {
      c.boxes = c.plan.map(() => ({ label: h('p', { class: 'axis' }), math: h('div', { class: 'math' }) }));
      c.deriv.replaceChildren(...c.boxes.flatMap((b) => [b.label, b.math]));
    }
    c.plan.forEach(({ label, rows }, k) => {
      const { label: l, math: m } = c.boxes[k];
      setText(l, label);
      if (rows == null) { setText(m, tr('notDefinedSizes')); m.dataset.undefined = ''; }
      else { if (m.dataset.undefined != null) { m.replaceChildren(); delete m.dataset.undefined; } render(m, rows); }
    });
  }

  function fill(c, st, dir) {
    const rt = st.ex.roundTrip[dir];
    const ok = !!rt.ok && !rt.error;
    c.el.dataset.ok = String(ok);
    const c2t = dir === 'convThenConvT';
    c.title.textContent = tr(c2t ? 'titleC2T' : 'titleT2C');
    setChildren(c.verdict,
      h('span', { class: `badge ${ok ? 'yes' : 'no'}`, text: tr(ok ? 'badgeYes' : 'badgeNo') }), ' ',
      h('span', { class: 'flow', text: c2t ? flowText(tr, rt, 'Conv2d', 'ConvTranspose2d') : flowText(tr, rt, 'ConvTranspose2d', 'Conv2d') }));
    // the derivation: typeset when it is on screen (typesetting is most of a redraw's cost), and
    // only when its text changed
    c.plan = axes(st, dir, tr).map((x) => ({ label: x.label, rows: x.M == null ? null : c2t ? texConvThenConvT(x, tr) : texConvTThenConv(x, tr) }));
    drawDeriv(c);
    c.why.replaceChildren();
    const P = st.params;
    if (rt.error) {
      c.why.append(h('p', { class: 'bad', text: tr('notDefined', rt.error) }));
    }
    if (c2t && !rt.error && rt.remainder) {
      const [rh, rw] = rt.remainder, [fh, fw] = rt.fixOutputPadding, [ah, aw] = P.outputPadding;
      const rText = rh === rw ? `${rh}` : tr('remainderHW', rh, rw);
      const fText = fh === fw ? `${fh}` : `${fh}x${fw}`;
      if (ok && rh === 0 && rw === 0) {
        c.why.append(h('p', { text: tr('remainderZero') }));
      } else if (ok) {
        c.why.append(h('p', { text: tr('remainderFixed', rText, Math.max(rh, rw), fText) }));
      } else {
        c.why.append(
          h('p', {}, h('strong', { text: tr('whyLead') }), tr('whyRemainder', rText)),
          h('p', {}, h('strong', { text: tr('fixLead') }), tr('fixRemainder', fText, ah === aw ? `${ah}` : `${ah}x${aw}`),
            h('button', { type: 'button', class: 'fix', text: tr('useOutputPadding', fText), onclick: () => onSetOutputPadding([fh, fw]) })));
      }
    }
    if (!c2t && !rt.error) {
      if (ok) c.why.append(h('p', { text: tr('t2cAlways') }));
      else c.why.append(
        h('p', {}, h('strong', { text: tr('whyLead') }), tr('t2cWhy')),
        h('p', {}, h('strong', { text: tr('fixLead') }), tr('t2cFix'), h('button', { type: 'button', class: 'fix', text: tr('useOutputPadding', '0'), onclick: () => onSetOutputPadding([0, 0]) })));
    }
  }

  let drawn = null, drawnCell = 0;
  /**
   * A frame's state and its grid layout (the round trip's values are drawn at the input's cell
   * size, so the two read side by side).
   */
  function update({ state: st, grid }) {
    if (!st || (st === drawn && grid.cells.input === drawnCell)) return;
    drawn = st;
    drawnCell = grid.cells.input;
    const mainDir = st.conv ? 'convThenConvT' : 'convTThenConv';
    const otherDir = st.conv ? 'convTThenConv' : 'convThenConvT';
    fill(main, st, mainDir);
    fill(other, st, otherDir);
    other.title.textContent += tr('otherDirection');
    setText(otherSummary, tr('otherDirectionSummary', tr(st.conv ? 'titleT2C' : 'titleC2T'), other.verdict.querySelector('.badge').textContent));
    valuesTitle.textContent = tr(main.el.dataset.ok === 'true' ? 'valuesTitleOk' : 'valuesTitleBad');
    // values: the round trip of this x through the two layers with the same kernel
    const name = st.conv ? 'ConvTranspose2d(Conv2d(x))' : 'Conv2d(ConvTranspose2d(x))';
    valuesText.textContent = tr('valuesText', name, st.conv ? 'CᵀCx' : 'CCᵀx');
    const b = st.back;
    if (b) {
      const [rows, cols] = [b.shape[2], b.shape[3]];
      backGrid.el.hidden = false;
      const cell = grid.cells.input;
      // sized and drawn when seen: resizing it while it was off screen cost a 16x16 size change
      // about 3 ms of main-thread work (page bench); it takes its new size with its new cells
      whenSeen(backBox, () => {
        backGrid.el.style.width = `${cols * cell}px`; backGrid.el.style.height = `${rows * cell}px`;
        backGrid.draw({ rows, cols, cell, values: b.data, emphasis: 'orig', describe: (i) => tr('roundtripCell', Math.floor(i / cols), i % cols, fmt(b.data[i])) });
      });
      let same = rows === st.ex.input.rows && cols === st.ex.input.cols;
      if (same) for (let i = 0; i < b.data.length; i++) if (b.data[i] !== st.x[i]) { same = false; break; }
      backCaption.textContent = tr('backCaption', name, dims([rows, cols]), tr(same ? 'backSame' : 'backDifferent'));
    } else {
      backGrid.el.hidden = true;
      backCaption.textContent = tr('backUndefined', name);
    }
  }
  /** After the fix button is used it is redrawn away: keep the keyboard focus on the verdict it changed. */
  function focusVerdict() { main.verdict.focus({ preventScroll: true }); }
  for (const part of [main.deriv, other.deriv, backBox]) lazy.set(part, { visible: true, pending: null });
  // a keyboard user who tabs to the round trip's grid gets it drawn at once, before the first key
  backBox.addEventListener('focusin', () => setVisible(backBox, true));
  /**
   * Whether a lazy part is on screen (`target`: one of `lazyParts`; null: all, e.g. before
   * printing): when it comes into view, what waits for it is drawn.
   */
  function setVisible(target, v) {
    for (const [part, s] of lazy) {
      if (target != null && part !== target) continue;
      s.visible = v;
      if (v && s.pending) { const draw = s.pending; s.pending = null; draw(); }
      if (!v && s.offScreen) { s.offScreen(); s.pending = s.draw; }
    }
  }
  return { el, update, focusVerdict, setVisible, lazyParts: [...lazy.keys()] };
}
