// A frame: everything the views draw at one moment, made from the store (the model state and the
// UI state) and the lab's measured layout. The lab makes one after every change and hands the same
// frame to every view; views only draw. Parts that did not change are the same objects as in the
// frame before (the state, the layout, a tab's cached data), so a view compares them and redraws
// only what changed: a hover brings new highlights, not a new state.
import { highlightsOf } from './highlights.js';
import { stuffedKind } from './compute.js';
import { viewData } from './view-data.js';
import { gridLayout, STACK_BELOW, SIDE_BY_SIDE_MIN, SIDE_BY_SIDE_CELL } from './grid-layout.js';

/** The value (and, on the stuffed grid, the kind) of cell i of a main grid; null for other grids. */
export function cellAt(st, grid, i) {
  const { ex } = st;
  const table = {
    input: [st.x, ex.input.cols], kernel: [st.w, ex.kernel.cols], flipped: [st.drawnKernel, ex.kernel.cols],
    stuffed: [st.stuffedValues, ex.stuffed.cols], output: [st.out.data, ex.output.cols],
  }[grid];
  if (!table || !Number.isInteger(i) || i < 0 || i >= table[0].length) return null;
  const [values, cols] = table;
  return { grid, index: i, row: Math.floor(i / cols), col: i % cols, value: values[i], kind: grid === 'stuffed' ? stuffedKind(ex, i) : null };
}

/**
 * Where the grids go: side by side (one or two rows) whenever that fits with cells a finger can
 * hit, and stacked one per row below that (a phone). The same rule for the page, the element and
 * the page in an iframe, whatever the frame's height.
 */
function gridsFor(layout, ex) {
  const sizes = { input: ex.input, kernel: ex.kernel, stuffed: ex.stuffed, output: ex.output };
  const side = gridLayout({ ...layout, ...sizes, stacked: false });
  if (layout.width >= STACK_BELOW || (layout.width >= SIDE_BY_SIDE_MIN && side.cell >= SIDE_BY_SIDE_CELL)) return side;
  return gridLayout({ ...layout, ...sizes, stacked: true });
}

/**
 * The frame for `store` ({ state, ui, errors, note }) and `layout` ({ width, heightBudget, compact }).
 * `imageWorker`: where the image view's call may run ('never', 'auto' or 'always'). The visible
 * tab's data is computed here (cached per state), never by a view.
 */
export function frameOf(core, store, layout, imageWorker = 'never') {
  const { state: st, ui } = store;
  const frame = { state: st, ui, layout, errors: store.errors, note: store.note };
  if (!st) return frame;
  const sel = ui.hover || ui.sel;
  const hl = highlightsOf(st, sel);
  const count = st.ex.output.rows * st.ex.output.cols;
  // the output cell the sums explain: the one pointed at, the matrix row pointed at, or the step
  const output = sel && sel.grid === 'output' ? sel.index : sel && sel.grid === 'matrix' && hl.matrix ? hl.matrix.row : ui.step;
  return {
    ...frame,
    // where the grids go and their cell sizes (the round trip's values are drawn at the input's)
    grid: { ...gridsFor(layout, st.ex), width: layout.width },
    highlights: hl,
    focus: { output, stepping: ui.stepping && !ui.hover },
    // the status names the output cell the sums explain (the one pointed at, or the step)
    steps: { count, index: ui.step, shown: output, cols: st.ex.output.cols, playing: ui.playing, speedMs: ui.speedMs },
    // while stepping (Prev, Next or Play), cells after the current one are not computed yet: a
    // step leaves the picture Play leaves at that step
    play: ui.stepping ? { running: true, index: ui.step } : null,
    readout: sel ? cellAt(st, sel.grid, sel.index) : null,
    tab: layout.kind !== 'full' || ui.view === 'sizes' ? null : { name: ui.view, data: viewData(core, st, ui.view, { ...ui, imageWorker }) },
  };
}
