// The one model every view draws from: the current parameters, core.explain()'s result for
// them, the values of x and w, and the numbers the core computes from them. The page model
// computes; views only draw what they are handed (model/frame.js hands it to them).
// compute() either returns a complete new state or throws (the caller keeps the last good one).
// Each core function is called at most once per state, explain() exactly once. The per-view
// numbers (matrix, overlap, polyphase, image) are computed on demand from a state and cached on it
// (view-data.js), so only what is shown costs anything.
import { explainArgs, layerOpts, ParamError } from './params.js';
import { CELL_KINDS } from '../draw/cell-style.js';

/** The most cells one grid may have on the page (a drawing limit, not a rule of convolution). */
export const MAX_DRAWN_CELLS = 1 << 17;

export const defaultValue = (i) => (i % 9) + 1;

/** Copy a rows x cols array into a new shape, keeping the overlapping top-left block. */
function reshape(old, oldCols, rows, cols, fill) {
  const oldRows = old && oldCols ? old.length / oldCols : 0;
  const out = new Float32Array(rows * cols);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) {
    out[r * cols + c] = r < oldRows && c < oldCols ? old[r * oldCols + c] : fill(r * cols + c);
  }
  return out;
}

export function tensor(data, rows, cols) { return { shape: [1, 1, rows, cols], data }; }

/**
 * The state for `params`. `values` ({ x, xCols, w, wCols }, optional) are the values to keep:
 * same shape, kept as they are; another shape, their top-left block is kept and the rest filled.
 */
export function compute(core, params, values = null) {
  const ex = core.explain(explainArgs(params));
  const conv = params.mode === 'conv';
  const grids = [['input', ex.input], ['stuffed', ex.stuffed], ['output', ex.output]];
  const [bigName, big] = grids.reduce((a, b) => (b[1].rows * b[1].cols > a[1].rows * a[1].cols ? b : a));
  const cells = big.rows * big.cols;
  if (cells > MAX_DRAWN_CELLS) {
    const sd = `${ex.stuffed.rows}×${ex.stuffed.cols}`, od = `${ex.output.rows}×${ex.output.cols}`;
    const which = bigName === 'stuffed' ? (conv ? 'padded' : 'stuffed') : bigName;
    throw new ParamError('size', `size: with these parameters the ${which} grid would have ${cells} cells (${conv ? 'padded' : 'stuffed'} ${sd}, output ${od}); this page draws at most ${MAX_DRAWN_CELLS} cells per grid. Choose a smaller size${conv ? ' or padding' : ', stride or padding'}.`,
      conv ? 'errTooBigConv' : 'errTooBigConvT', [cells, sd, od, MAX_DRAWN_CELLS, which]);
  }
  const [H, W] = [ex.input.rows, ex.input.cols];
  const [kh, kw] = [ex.kernel.rows, ex.kernel.cols];
  const v = values || {};
  const x = v.x && v.x.length === H * W && v.xCols === W ? v.x : reshape(v.x, v.xCols ?? 0, H, W, defaultValue);
  const w = v.w && v.w.length === kh * kw && v.wCols === kw ? v.w : reshape(v.w, v.wCols ?? 0, kh, kw, defaultValue);
  const X = tensor(x, H, W), Wt = tensor(w, kh, kw);
  const convOpts = layerOpts(params, 'conv');
  const convTOpts = layerOpts(params, 'convT');
  // The way back from a Conv2d is the ConvTranspose2d with the padding in effect ('same' is a number
  // of lines too) when it is the same on both sides; there is none for uneven 'same' (PyTorch has none).
  const even = ex.padding.before[0] === ex.padding.after[0] && ex.padding.before[1] === ex.padding.after[1];
  const backTOpts = even ? layerOpts(params, 'convT', { padding: ex.padding.before }) : null;

  let out, ref, stuffing = null, back = null;
  if (conv) {
    out = core.conv2d(X, Wt, convOpts);
    ref = core.reference.conv2d(X, Wt, convOpts);
    try { back = backTOpts ? core.convTranspose2d(out, Wt, backTOpts) : null; } catch { back = null; }
  } else {
    out = core.convTranspose2d(X, Wt, convTOpts);
    ref = core.reference.convTranspose2d(X, Wt, convTOpts);
    stuffing = core.convTranspose2dByStuffing(X, Wt, convTOpts);
    try { back = core.conv2d(out, Wt, convOpts); } catch { back = null; }
  }
  // Values of the stuffed grid: conv mode looks them up through explain's source table.
  let stuffedValues;
  if (stuffing) stuffedValues = stuffing.stuffed.data;
  else {
    const src = ex.stuffed.source;
    stuffedValues = new Float32Array(src.length);
    for (let i = 0; i < src.length; i++) stuffedValues[i] = src[i] >= 0 ? x[src[i]] : 0;
  }
  const drawnKernel = stuffing ? stuffing.flippedWeight.data : w;
  return { params, ex, conv, x, xCols: W, w, wCols: kw, out, ref, stuffing, stuffedValues, drawnKernel, back };
}

/**
 * The kind of stuffed (padded) cell i, as explain's cellKind says (draw/cell-style.js CELL_KINDS): a
 * pixel, an inserted zero, a zero of padding or of output_padding, or a padding cell that holds a
 * copy of a pixel (reflected, replicated or wrapped around, by padding_mode).
 */
export function stuffedKind(ex, i) {
  return CELL_KINDS[ex.stuffed.cellKind[i]];
}

/**
 * The layer's parameters as a ConvTranspose2d takes them: the padding in effect as numbers ('same'
 * pads evenly or not at all) and zero padding. Null when there is no such ConvTranspose2d: uneven
 * 'same', or a padding_mode other than zeros (ConvTranspose2d is the transpose of the zero-padded
 * Conv2d only).
 */
export function asConvT(state) {
  const { ex, params: P } = state;
  const [b, a] = [ex.padding.before, ex.padding.after];
  if (b[0] !== a[0] || b[1] !== a[1] || (P.paddingMode || 'zeros') !== 'zeros') return null;
  return { ...P, padding: b, paddingMode: 'zeros' };
}


