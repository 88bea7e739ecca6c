// The live dimension-inversion check, both directions, with the seed's derivation re-typed
// with the current numbers (KaTeX -> MathML, no fonts), the why and the fix; and the plain
// statement, with numbers, that sizes invert but values do not.
import katex from 'katex';
import { h, setChildren, fmt, dims } from './dom.js';
import { createGrid } from './grid.js';

const n = (v) => (v < 0 ? `(${v})` : `${v}`);
const lines = (k) => (k === 1 ? 'line' : 'lines');

/** Render derivation rows, one equation per line (MathML: Chromium ignores mtable column alignment). */
function tex(el, rows) {
  el.replaceChildren();
  for (const row of rows) {
    const line = document.createElement('div');
    line.className = row.startsWith('&') ? 'eq cont' : 'eq';
    const src = String.raw`\displaystyle ` + row.replace(/&/g, '');
    try { katex.render(src, line, { output: 'mathml', displayMode: false, throwOnError: false }); }
    catch { line.textContent = src; }
    el.append(line);
  }
}

/** Per-axis numbers, all taken from the core's results (the page does no arithmetic). */
function axes(st, dir) {
  const P = st.params, rt = st.ex.roundTrip[dir];
  const leg = dir === 'convThenConvT' ? st.legs.backConvT : st.legs.backConv;
  const list = [0, 1].map((j) => ({
    I: rt.input[j], M: rt.middle ? rt.middle[j] : null, B: rt.back ? rt.back[j] : null,
    k: P.kernelSize[j], s: P.stride[j], p: P.padding[j], d: P.dilation[j], a: P.outputPadding[j],
    r: rt.remainder ? rt.remainder[j] : null,
    z: leg && dir === 'convThenConvT' ? leg.stuffed.zerosBetween[j] : null,
    pp: leg && dir === 'convThenConvT' ? leg.stuffed.padBefore[j] : null,
    L: leg && dir === 'convThenConvT' ? (j ? leg.stuffed.cols : leg.stuffed.rows) : null,
  }));
  const same = JSON.stringify(list[0]) === JSON.stringify(list[1]);
  return same ? [{ label: 'Height and width (the same numbers)', ...list[0] }] : [{ label: 'Height', ...list[0] }, { label: 'Width', ...list[1] }];
}

const B = String.raw`I_{\text{back}}`;

function texConvThenConvT(x) {
  const rows = [
    String.raw`O = \left\lfloor\frac{I+2p-d(k-1)-1}{s}\right\rfloor+1`,
    String.raw`&= \left\lfloor\frac{${x.I}+2\cdot ${x.p}-${x.d}\cdot(${x.k}-1)-1}{${x.s}}\right\rfloor+1 = ${x.M}`,
  ];
  if (x.z != null) {
    rows.push(String.raw`z = s-1 = ${x.z},\qquad p' = d(k-1)-p = ${n(x.pp)}`);
    rows.push(String.raw`L = O+z(O-1)+2p'+a\quad\text{(stuffed length)}`);
    rows.push(String.raw`&= ${x.M}+${x.z}\cdot(${x.M}-1)+2\cdot ${n(x.pp)}+${x.a} = ${x.L}`);
    rows.push(String.raw`${B} = L-d(k-1) = ${x.L}-${x.d}\cdot(${x.k}-1) = ${x.B}`);
    rows.push(String.raw`\text{In general: } ${B} = s(O-1)-2p+d(k-1)+a+1 = I-r+a`);
    rows.push(String.raw`r = (I+2p-d(k-1)-1) \bmod s`);
    rows.push(String.raw`&= (${x.I}+2\cdot ${x.p}-${x.d}\cdot(${x.k}-1)-1) \bmod ${x.s} = ${x.r}`);
    rows.push(String.raw`${B} = ${x.I}-${x.r}+${x.a} = ${x.B} \;${x.B === x.I ? String.raw`= I\ \checkmark` : String.raw`\neq I = ${x.I}`}`);
  }
  return rows;
}

function texConvTThenConv(x) {
  const rows = [
    String.raw`O' = (I-1)s-2p+d(k-1)+a+1`,
    String.raw`&= (${x.I}-1)\cdot ${x.s}-2\cdot ${x.p}+${x.d}\cdot(${x.k}-1)+${x.a}+1 = ${x.M}`,
  ];
  if (x.B != null) {
    rows.push(String.raw`${B} = \left\lfloor\frac{O'+2p-d(k-1)-1}{s}\right\rfloor+1`);
    rows.push(String.raw`&= \left\lfloor\frac{${x.M}+2\cdot ${x.p}-${x.d}\cdot(${x.k}-1)-1}{${x.s}}\right\rfloor+1 = ${x.B}`);
    rows.push(String.raw`\text{In general: } ${B} = \left\lfloor\frac{(I-1)s+a}{s}\right\rfloor+1 = I+\left\lfloor\frac{a}{s}\right\rfloor`);
    rows.push(x.B === x.I ? String.raw`${B} = ${x.B} = I\ \checkmark\quad (a = ${x.a} < s = ${x.s})` : String.raw`${B} = ${x.B} \neq I = ${x.I}\quad (a = ${x.a} \geq s = ${x.s})`);
  }
  return rows;
}

function card(kind) {
  const title = h('h3', { class: 'ptitle' });
  const verdict = h('p', { class: 'verdict' });
  const deriv = h('div', { class: 'deriv' });
  const why = h('div', { class: 'why' });
  const el = h('article', { class: 'panel check', 'data-check': kind, 'data-ok': 'false' }, title, verdict, deriv, why);
  return { el, title, verdict, deriv, why };
}

export function viewInversion({ onSetOutputPadding }) {
  const main = card('inversion');
  const other = card('inversion-other');
  const valuesTitle = h('h3', { class: 'ptitle', text: 'Sizes come back. Values do not.' });
  const valuesText = h('p', { class: 'caption' });
  const backGrid = createGrid({ name: 'roundtrip', label: 'Values after the round trip' });
  const backCaption = h('p', { class: 'caption' });
  const values = h('article', { class: 'panel values' }, valuesTitle, valuesText, h('div', { class: 'scroll' }, backGrid.el), backCaption);
  const el = h('section', { class: 'inversion', 'aria-label': 'Inversion check' },
    h('h2', { text: 'Does ConvTranspose2d undo Conv2d?' }), h('div', { class: 'checks' }, main.el, other.el, values));

  function flow(rt, first, second) {
    if (!rt.middle) return `${dims(rt.input)} → ${first} → (not defined)`;
    return `${dims(rt.input)} → ${first} → ${dims(rt.middle)} → ${second} → ${rt.back ? dims(rt.back) : '(not defined)'}`;
  }

  function fill(c, st, dir) {
    const rt = st.ex.roundTrip[dir];
    const ok = !!rt.ok && !rt.error;
    c.el.dataset.ok = String(ok);
    const c2t = dir === 'convThenConvT';
    c.title.textContent = c2t ? 'Conv2d, then ConvTranspose2d (the seed’s proof)' : 'ConvTranspose2d, then Conv2d';
    setChildren(c.verdict,
      h('span', { class: `badge ${ok ? 'yes' : 'no'}`, text: ok ? '✓ size comes back' : '✗ size does not come back' }), ' ',
      h('span', { class: 'flow', text: c2t ? flow(rt, 'Conv2d', 'ConvTranspose2d') : flow(rt, 'ConvTranspose2d', 'Conv2d') }));
    c.deriv.replaceChildren();
    for (const x of axes(st, dir)) {
      const m = h('div', { class: 'math' });
      c.deriv.append(h('p', { class: 'axis', text: x.label }), m);
      if (x.M == null) { m.textContent = 'Not defined for these sizes.'; continue; }
      tex(m, c2t ? texConvThenConvT(x) : texConvTThenConv(x));
    }
    c.why.replaceChildren();
    const P = st.params;
    if (rt.error) {
      c.why.append(h('p', { class: 'bad', text: `Not defined: ${rt.error}` }));
    }
    if (c2t && !rt.error && rt.remainder) {
      const [rh, rw] = rt.remainder, [fh, fw] = rt.fixOutputPadding, [ah, aw] = P.outputPadding;
      const rText = rh === rw ? `${rh}` : `${rh} (height), ${rw} (width)`;
      if (ok && rh === 0 && rw === 0) {
        c.why.append(h('p', { text: 'The remainder r is 0: (I+2p−d(k−1)−1) divides exactly by s, which is what the seed’s proof silently assumes. No output_padding is needed.' }));
      } else if (ok) {
        c.why.append(h('p', { text: `Conv2d rounded down and dropped r = ${rText} ${lines(Math.max(rh, rw))}; output_padding = ${fh === fw ? fh : `${fh}x${fw}`} puts them back, so the size comes back.` }));
      } else {
        c.why.append(
          h('p', {}, h('strong', { text: 'Why: ' }), `Conv2d rounds (I+2p−d(k−1)−1)/s down, and the remainder r = ${rText} is the number of input rows/columns that the rounding throws away. ConvTranspose2d cannot know they existed, so it returns I − r + a.`),
          h('p', {}, h('strong', { text: 'Fix: ' }), `output_padding = r = ${fh === fw ? fh : `${fh}x${fw}`} (now ${ah === aw ? ah : `${ah}x${aw}`}). PyTorch: convT(y, output_size=x.shape) picks it for you. `,
            h('button', { type: 'button', class: 'fix', text: `Use output_padding = ${fh === fw ? fh : `${fh}x${fw}`}`, onclick: () => onSetOutputPadding([fh, fw]) })));
      }
    }
    if (!c2t && !rt.error) {
      if (ok) c.why.append(h('p', { text: 'This direction always works when output_padding < stride: the extra a lines are fewer than one stride step, so Conv2d’s floor removes them again.' }));
      else c.why.append(
        h('p', {}, h('strong', { text: 'Why: ' }), 'output_padding ≥ stride (PyTorch allows it when output_padding < dilation): the extra lines add a whole stride step, so Conv2d counts one more output.'),
        h('p', {}, h('strong', { text: 'Fix: ' }), 'keep output_padding < stride. ', h('button', { type: 'button', class: 'fix', text: 'Use output_padding = 0', onclick: () => onSetOutputPadding([0, 0]) })));
    }
  }

  function update(st) {
    const mainDir = st.conv ? 'convThenConvT' : 'convTThenConv';
    const otherDir = st.conv ? 'convTThenConv' : 'convThenConvT';
    fill(main, st, mainDir);
    fill(other, st, otherDir);
    other.title.textContent += ' — the other direction, from the same input size';
    valuesTitle.textContent = main.el.dataset.ok === 'true' ? 'Sizes come back. Values do not.' : 'Even when sizes come back, values do not.';
    // values: the round trip of this x through the two layers with the same kernel
    const name = st.conv ? 'ConvTranspose2d(Conv2d(x))' : 'Conv2d(ConvTranspose2d(x))';
    valuesText.textContent = `Written as matrices, Conv2d is y = Cx and ConvTranspose2d is Cᵀy: the transpose (that is the name), not the inverse. So ${name} = ${st.conv ? 'CᵀCx' : 'CCᵀx'}, which is not x. Here it is for your x and kernel:`;
    const b = st.back;
    if (b) {
      const [rows, cols] = [b.shape[2], b.shape[3]];
      backGrid.el.hidden = false;
      backGrid.draw({ rows, cols, text: (i) => fmt(b.data[i]), title: (i) => `round trip row ${Math.floor(i / cols)} column ${i % cols}: ${fmt(b.data[i])}` });
      let same = rows === st.ex.input.rows && cols === st.ex.input.cols;
      if (same) for (let i = 0; i < b.data.length; i++) if (b.data[i] !== st.x[i]) { same = false; break; }
      backCaption.textContent = `${name}, ${dims([rows, cols])}. Compare with the input x (grid 1): ${same ? 'equal this time (a special kernel)' : 'different numbers'}. ConvTranspose2d undoes the change of size and carries gradients back through Conv2d; it does not undo the values.`;
    } else {
      backGrid.el.hidden = true;
      backCaption.textContent = `${name} is not defined for these parameters.`;
    }
  }
  return { el, update };
}
