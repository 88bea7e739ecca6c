// The readout under the grids: the grid, row, column, exact value (also of a heatmap cell) and, on
// the stuffed grid, the kind of the cell under the pointer or the keyboard cursor (the frame's
// `readout`, model/frame.js). Grids point screen readers at it (aria-describedby).
import { h, setText } from '../draw/dom.js';
import { KIND_NAME_KEY } from '../draw/cell-style.js';

export function viewReadout({ tr, id }) {
  const el = h('p', { class: 'readout', id, 'aria-live': 'polite' });
  function update({ state: st, readout: c }) {
    if (!st) return;
    if (!c) { setText(el, ''); return; }
    const name = { input: 'x', kernel: 'w', flipped: 'w′', stuffed: st.conv ? 'xp' : 'x̃', output: 'y' }[c.grid];
    setText(el, tr('readout', tr(`grid_${c.grid}`), name, c.row, c.col, c.value, c.kind ? tr(KIND_NAME_KEY[c.kind]) : null));
  }
  return { el, update };
}
