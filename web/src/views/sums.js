// "Two ways, same numbers": one output cell computed by scatter and by the stuffed convolution
// (or, for Conv2d, by its window), with every digit of its terms. Draws what it is handed.
import { h, setChildren, fmt } from '../draw/dom.js';
import { TAP_COLOURS, tapLetter } from '../draw/cell-style.js';
import { contributions } from '../model/highlights.js';
import { shortest } from '../model/params.js';

const rc = (i, cols) => `${Math.floor(i / cols)},${i % cols}`;

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

  let drawn = null;
  /** A frame's output cell (`focus.output`), coloured by tap while Play or a step shows it (`focus.stepping`), with the running sum. */
  function update({ state: st, focus }) {
    if (!st || (drawn && drawn.st === st && drawn.o === focus.output && drawn.stepping === focus.stepping)) return;
    drawn = { st, o: focus.output, stepping: focus.stepping };
    let o = focus.output;
    const { stepping } = focus;
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

