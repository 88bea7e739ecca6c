// Where the main grids go and how large their cells are: one cell size for input, stuffed and
// output grids (so a pixel has the same size everywhere), in one row, two rows, or stacked on a
// phone. Arithmetic on the sizes it is handed (the frame holds its answer: model/frame.js); it draws nothing.
import { MIN_DIGIT_CELL } from '../draw/cell-style.js';

/** Largest and smallest cell (CSS px) of the main grids, and the height they may take. */
/** On a phone (stacked), grids of up to 8 columns get cells at least this large (a fingertip). */
const STACKED_CELL = 36;
export const MAX_CELL = 44, MIN_CELL = 2, KERNEL_MIN_CELL = 22;
/** A grid panel is at least this wide (CSS px); its title wraps inside. */
const MIN_PANEL = 120;
/**
 * Below this width the four grids stack (a phone), with a sticky bar to jump between them, unless
 * the lab is at least SIDE_BY_SIDE_MIN wide and side by side still gives cells of SIDE_BY_SIDE_CELL.
 */
export const STACK_BELOW = 640, SIDE_BY_SIDE_MIN = 480, SIDE_BY_SIDE_CELL = 24;


/**
 * One cell size for input, stuffed and output grids, so a pixel has the same size everywhere:
 * the largest (up to MAX_CELL) with which the grids fit the width and the height budget. All four
 * in one row; or two rows (input and kernels above, stuffed and output below) when that gives
 * clearly larger cells and fits the height; or one grid per row on a phone (stacked). A panel is
 * never narrower than MIN_PANEL (its title wraps inside). The kernel gets its own cell size.
 */
export function gridLayout({ width, heightBudget, stacked, input, kernel, stuffed, output, compact, maxCell = MAX_CELL }) {
  const chrome = 30; // a panel's padding, border and the grid box's padding
  const letters = 30; // the stuffed grid's row letters and their gap
  const gap = 12;
  width -= 8; // rounding
  // the kernel: its own, smaller cell (larger in the lecture layout, whose cells may be twice as large)
  const large = maxCell > MAX_CELL;
  const kCell = Math.max(KERNEL_MIN_CELL, Math.min(large ? 64 : 36, Math.floor((large ? 240 : 150) / Math.max(kernel.cols, 1))));
  // the kernel column has exactly this width (set on it), titles wrap inside
  const kernelWidth = Math.max(kernel.cols * kCell + chrome, compact ? 110 : 150);
  const clamp = (c) => Math.max(MIN_CELL, Math.min(maxCell, c));
  if (stacked) {
    // a phone: each grid as wide as the column allows (the page scrolls down, not across), with
    // digits up to about 20 columns (a little sideways scroll rather than a heatmap) and cells of
    // at least STACKED_CELL up to 8 columns
    const fit = (cols, extra = 0) => {
      const c = clamp(Math.floor((width - chrome - extra) / cols));
      return cols <= 8 ? Math.max(c, STACKED_CELL) : cols <= 20 ? Math.max(c, MIN_DIGIT_CELL) : c;
    };
    const cells = { input: fit(input.cols), stuffed: fit(stuffed.cols, letters), output: fit(output.cols) };
    return { cell: Math.min(cells.input, cells.stuffed, cells.output), cells, kCell: fit(kernel.cols), rows: 'stacked', kernelWidth: null };
  }
  const panel = (cols, cell, extra = 0) => Math.max(cols * cell + chrome + extra, MIN_PANEL);
  const fits1 = (c) => panel(input.cols, c) + kernelWidth + panel(stuffed.cols, c, letters) + panel(output.cols, c) + 3 * gap <= width
    && c * Math.max(input.rows, stuffed.rows, output.rows) <= heightBudget;
  // Two rows: the input and the kernels (side by side, or one above the other where the row is too
  // narrow for both), then the stuffed grid and the output.
  const kernelsBeside = (c) => panel(input.cols, c) + 2 * kernelWidth + 2 * gap <= width;
  const fits2 = (c) => panel(input.cols, c) + kernelWidth + gap <= width && panel(stuffed.cols, c, letters) + panel(output.cols, c) + gap <= width
    && Math.max(c * input.rows, kernel.rows * kCell + 30) + c * Math.max(stuffed.rows, output.rows) + 60 <= heightBudget;
  const largest = (fits) => { let c = maxCell; while (c > MIN_CELL && !fits(c)) c--; return c; };
  const oneRow = largest(fits1);
  const twoRows = largest(fits2);
  // Two rows only when they give clearly larger cells: digits where one row needs a heatmap, a
  // heatmap at least twice as fine to point at, or digits a quarter larger.
  const better = oneRow < MIN_DIGIT_CELL ? twoRows >= MIN_DIGIT_CELL || twoRows >= 2 * oneRow : twoRows >= 1.25 * oneRow;
  const same = (c) => ({ input: c, stuffed: c, output: c });
  if (better && fits2(twoRows)) {
    return { cell: twoRows, cells: same(twoRows), kCell, rows: 2, kernelWidth, kernelsBeside: kernelsBeside(twoRows) };
  }
  // in one row the kernel and the flipped kernel stand one above the other: no taller than the grids
  const tallest = oneRow * Math.max(input.rows, stuffed.rows, output.rows);
  const kFit = Math.max(KERNEL_MIN_CELL, Math.floor((tallest - 80) / (2 * Math.max(kernel.rows, 1))));
  return { cell: oneRow, cells: same(oneRow), kCell: Math.min(kCell, Math.max(kFit, large ? 0 : kCell)), rows: 1, kernelWidth, kernelsBeside: false };
}

