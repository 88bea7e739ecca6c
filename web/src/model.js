// The one model every view draws from: the current parameters, core.explain()'s result for
// them, the values of x and w, and the numbers the core computes from them.
// compute() either returns a complete new state or throws (the caller keeps the last good one).
import { explainArgs, ParamError } from './params.js';

/** The most cells one grid may have on the page (a drawing limit, not a rule of convolution). */
export const MAX_DRAWN_CELLS = 4096;

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

function tensor(data, rows, cols) { return { shape: [1, 1, rows, cols], data }; }

export function compute(core, params, prev) {
  const ex = core.explain(explainArgs(params));
  const conv = params.mode === 'conv';
  const cells = Math.max(ex.input.rows * ex.input.cols, ex.stuffed.rows * ex.stuffed.cols, ex.output.rows * ex.output.cols);
  if (cells > MAX_DRAWN_CELLS) {
    throw new ParamError('size', `size: with these parameters the grids would have up to ${cells} cells (stuffed ${ex.stuffed.rows}×${ex.stuffed.cols}, output ${ex.output.rows}×${ex.output.cols}); this page draws at most ${MAX_DRAWN_CELLS} cells per grid. Choose a smaller size, stride or padding.`);
  }
  const [H, W] = [ex.input.rows, ex.input.cols];
  const [kh, kw] = [ex.kernel.rows, ex.kernel.cols];
  const x = prev && prev.x.length === H * W && prev.xCols === W ? prev.x : reshape(prev?.x, prev?.xCols ?? 0, H, W, defaultValue);
  const w = prev && prev.w.length === kh * kw && prev.wCols === kw ? prev.w : reshape(prev?.w, prev?.wCols ?? 0, kh, kw, defaultValue);
  const X = tensor(x, H, W), Wt = tensor(w, kh, kw);
  const convOpts = { stride: params.stride, padding: params.padding, dilation: params.dilation };
  const convTOpts = { ...convOpts, outputPadding: params.outputPadding };

  let out, ref, stuffing = null, back = null;
  if (conv) {
    out = core.conv2d(X, Wt, convOpts);
    ref = core.reference.conv2d(X, Wt, convOpts);
    try { back = core.convTranspose2d(out, Wt, convTOpts); } catch { back = null; }
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

  // The numbers for the two derivations: the way back / forth explained by the core itself.
  const rt = ex.roundTrip;
  const tryExplain = (mode, size) => { try { return size ? core.explain(explainArgs(params, mode, size)) : null; } catch { return null; } };
  const viaConvT = conv ? ex : tryExplain('conv', params.size); // Conv of I (first leg of Conv->ConvT)
  const backConvT = tryExplain('convT', rt.convThenConvT.middle); // ConvT of O (second leg)
  const forthConvT = conv ? tryExplain('convT', params.size) : ex; // ConvT of I (first leg of ConvT->Conv)
  const backConv = tryExplain('conv', rt.convTThenConv.middle); // Conv of O' (second leg)

  return {
    params, ex, conv, x, xCols: W, w, wCols: kw, out, ref, stuffing, stuffedValues, drawnKernel, back,
    legs: { viaConvT, backConvT, forthConvT, backConv },
  };
}

/** What lights up when cell `index` of grid `grid` is pointed at. Returns { gridName: Map(i -> class) }. */
export function highlights(state, sel) {
  const res = { input: new Map(), kernel: new Map(), flipped: new Map(), stuffed: new Map(), output: new Map() };
  if (!sel || !state) return res;
  const { ex } = state;
  const K = ex.kernel.rows * ex.kernel.cols;
  const src = ex.stuffed.source;
  const conv = state.conv;
  const setOnce = (map, i, cls) => { if (map.get(i) !== 'hl' && map.get(i) !== 'sel') map.set(i, cls); };
  const drawn = conv ? res.kernel : res.flipped;
  if (sel.grid === 'output') {
    const o = sel.index;
    if (o >= ex.output.rows * ex.output.cols) return res;
    res.output.set(o, 'sel');
    for (let t = 0; t < K; t++) {
      const si = ex.taps[o * K + t];
      if (src[si] >= 0) {
        res.stuffed.set(si, 'hl'); res.input.set(src[si], 'hl'); drawn.set(t, 'hl');
        if (!conv) res.kernel.set(ex.kernelFrom[t], 'hl');
      } else { setOnce(res.stuffed, si, 'hl-zero'); setOnce(drawn, t, 'hl-zero'); }
    }
  } else if (sel.grid === 'input') {
    const i = sel.index;
    if (i >= ex.input.rows * ex.input.cols) return res;
    res.input.set(i, 'sel');
    for (let t = 0; t < K; t++) {
      const o = ex.scatter[i * K + t];
      if (o >= 0) { res.output.set(o, 'hl'); res.kernel.set(t, 'hl'); }
    }
    for (let s = 0; s < src.length; s++) if (src[s] === i) res.stuffed.set(s, 'sel');
    if (!conv) for (let t = 0; t < K; t++) if (res.kernel.has(ex.kernelFrom[t])) res.flipped.set(t, 'hl');
  } else if (sel.grid === 'stuffed') {
    const s = sel.index;
    if (s >= src.length) return res;
    res.stuffed.set(s, 'sel');
    if (src[s] >= 0) res.input.set(src[s], 'hl');
    const n = ex.output.rows * ex.output.cols;
    for (let o = 0; o < n; o++) for (let t = 0; t < K; t++) if (ex.taps[o * K + t] === s) res.output.set(o, 'hl');
  } else if (sel.grid === 'kernel' || sel.grid === 'flipped') {
    const t = sel.index;
    if (t >= K) return res;
    if (sel.grid === 'kernel') { res.kernel.set(t, 'sel'); if (!conv) for (let u = 0; u < K; u++) if (ex.kernelFrom[u] === t) res.flipped.set(u, 'hl'); }
    else { res.flipped.set(t, 'sel'); res.kernel.set(ex.kernelFrom[t], 'hl'); }
  }
  return res;
}

/** The (input, tap) pairs whose scatter lands on output o, and the stuffed taps under the window. */
export function contributions(state, o) {
  const { ex } = state;
  const K = ex.kernel.rows * ex.kernel.cols;
  const scatter = [];
  const n = ex.input.rows * ex.input.cols;
  for (let i = 0; i < n; i++) for (let t = 0; t < K; t++) if (ex.scatter[i * K + t] === o) scatter.push([i, t]);
  const window = [];
  for (let t = 0; t < K; t++) window.push([ex.taps[o * K + t], t]);
  return { scatter, window };
}
