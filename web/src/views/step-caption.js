// The lecture layout's caption under the grids, in large type: which output cell the kernel is on
// and how it is computed (its terms and value), following the step, Play and the pointer.
import { h, setText, fmt } from '../draw/dom.js';
import { contributions } from '../model/highlights.js';

const MAX_TERMS = 9;

export function viewStepCaption({ tr }) {
  const where = h('span', { class: 'where' });
  const sum = h('span', { class: 'sum' });
  const el = h('p', { class: 'step-caption' }, where, ' ', sum);
  let drawn = null;
  function update({ state: st, focus, steps }) {
    if (!st || (drawn && drawn.st === st && drawn.o === focus.output)) return;
    drawn = { st, o: focus.output };
    const o = focus.output, cols = st.ex.output.cols;
    setText(where, tr('stepStatus', o + 1, steps.count, Math.floor(o / cols), o % cols));
    // the terms as the kernel window reads them: flipped kernel x stuffed cell (conv: kernel x padded input)
    const { window } = contributions(st, o);
    const w = st.conv ? st.w : st.drawnKernel;
    const terms = window.filter(([s]) => st.stuffedValues[s] !== 0).map(([s, t]) => `${fmt(w[t])}·${fmt(st.stuffedValues[s])}`);
    const shown = terms.length ? terms.slice(0, MAX_TERMS).join(' + ') + (terms.length > MAX_TERMS ? ' + …' : '') : '0';
    setText(sum, `y(${Math.floor(o / cols)},${o % cols}) = ${shown} = ${fmt(st.out.data[o])}`);
  }
  return { el, update };
}
