// The one model every view draws from: the current parameters, core.explain()'s result for
// them, the values of x and w, and the numbers the core computes from them. The page model
// computes; views only draw what they are handed.
// compute() either returns a complete new state or throws (the caller keeps the last good one).
// The per-view numbers (matrix, overlap, polyphase, image, the round trip's second leg) are
// computed on demand from a state and cached on it, so only what is shown costs anything.
import { explainArgs, ParamError } from './params.js';

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

function tensor(data, rows, cols) { return { shape: [1, 1, rows, cols], data }; }

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
  const convOpts = { stride: params.stride, padding: params.padding, dilation: params.dilation, paddingMode: params.paddingMode || 'zeros' };
  const convTOpts = { stride: params.stride, padding: params.padding, dilation: params.dilation, outputPadding: params.outputPadding };
  // The way back from a Conv2d is the ConvTranspose2d with the padding in effect ('same' is a number
  // of lines too) when it is the same on both sides; there is none for uneven 'same' (PyTorch has none).
  const even = ex.padding.before[0] === ex.padding.after[0] && ex.padding.before[1] === ex.padding.after[1];
  const backTOpts = even ? { ...convTOpts, padding: ex.padding.before } : null;

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
 * The kind of each stuffed (padded) cell, as explain's cellKind says: a pixel, an inserted zero, a
 * zero of padding or of output_padding, or a padding cell that holds a copy of a pixel (reflected,
 * replicated or wrapped around, by padding_mode).
 */
export const CELL_KINDS = ['orig', 'zero', 'pad', 'opad', 'refl', 'repl', 'wrap'];
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

/** explain() of the ConvTranspose2d on the way back (Conv then ConvT), for the derivation's numbers; null when undefined. */
export function backLegOf(core, state) {
  return derive(state, 'backLeg', () => {
    const middle = state.ex.roundTrip.convThenConvT.middle;
    const P = asConvT(state);
    if (!middle || !P) return null;
    try { return core.explain(explainArgs(P, 'convT', middle)); } catch { return null; }
  });
}

/**
 * What lights up when cell `index` of grid `grid` is pointed at, or stepped to.
 * Returns { gridName: Map(i -> 'sel' | 'hl' | 'hl-zero') }, `taps` (gridName: Map(i -> kernel tap),
 * the colours of step and Play) and `window` (the kernel's window on the stuffed grid).
 */
export function highlights(state, sel) {
  const res = { input: new Map(), kernel: new Map(), flipped: new Map(), stuffed: new Map(), output: new Map(), matrix: null, taps: null, window: null };
  if (!sel || !state) return res;
  const { ex } = state;
  // The matrix's rows are the output cells and its columns the input cells (C, or C^T in convT mode).
  if (sel.grid === 'matrix') {
    const cols = ex.matrix.cols;
    const row = Math.floor(sel.index / cols);
    if (!(row < ex.matrix.rows)) return res;
    const r = highlights(state, { grid: 'output', index: row });
    r.matrix = { row, col: null, cell: sel.index };
    return r;
  }
  if (sel.grid === 'output') res.matrix = { row: sel.index, col: null, cell: null };
  if (sel.grid === 'input') res.matrix = { row: null, col: sel.index, cell: null };
  const K = ex.kernel.rows * ex.kernel.cols;
  const src = ex.stuffed.source;
  const conv = state.conv;
  const setOnce = (map, i, cls) => { if (map.get(i) !== 'hl' && map.get(i) !== 'sel') map.set(i, cls); };
  const drawn = conv ? res.kernel : res.flipped;
  if (sel.grid === 'output') {
    const o = sel.index;
    if (o >= ex.output.rows * ex.output.cols) return res;
    res.output.set(o, 'sel');
    const taps = { stuffed: new Map(), input: new Map(), kernel: new Map(), flipped: new Map() };
    const S = ex.stuffed.cols;
    let r0 = Infinity, c0 = Infinity, r1 = -1, c1 = -1;
    for (let t = 0; t < K; t++) {
      const si = ex.taps[o * K + t];
      const r = Math.floor(si / S), c = si % S;
      r0 = Math.min(r0, r); r1 = Math.max(r1, r); c0 = Math.min(c0, c); c1 = Math.max(c1, c);
      taps.stuffed.set(si, t);
      (conv ? taps.kernel : taps.flipped).set(t, t);
      if (src[si] >= 0) {
        res.stuffed.set(si, 'hl'); res.input.set(src[si], 'hl'); drawn.set(t, 'hl');
        taps.input.set(src[si], t);
        if (!conv) { res.kernel.set(ex.kernelFrom[t], 'hl'); taps.kernel.set(ex.kernelFrom[t], t); }
      } else { setOnce(res.stuffed, si, 'hl-zero'); setOnce(drawn, t, 'hl-zero'); }
    }
    if (!conv) for (let t = 0; t < K; t++) if (!taps.kernel.has(ex.kernelFrom[t])) taps.kernel.set(ex.kernelFrom[t], t);
    res.taps = taps;
    res.window = K ? { r0, c0, r1, c1 } : null;
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

// ---- per-view data ---------------------------------------------------------------------------
// Each view's numbers are computed from the state on demand and cached on that state object
// (a new state is a new cache), so only the visible view costs anything.

/** Cached per-state value: the same (state, key) gives the same object. */
export function derive(state, key, fn) {
  if (!state.cache) state.cache = new Map();
  if (!state.cache.has(key)) {
    let v;
    try { v = fn(); } catch (e) { v = { error: e && e.message ? String(e.message) : String(e) }; }
    state.cache.set(key, v);
  }
  return state.cache.get(key);
}

/** The core's matrix (C, or C^T in convT mode) with a row index: { rows, cols, entries, rowStart, nonzeros }. */
export function matrixOf(state) {
  return derive(state, 'matrix', () => {
    const m = state.ex.matrix;
    const e = m.entries, nnz = e.length / 3;
    const rowStart = new Int32Array(m.rows + 1);
    for (let k = 0; k < nnz; k++) rowStart[e[3 * k] + 1]++;
    for (let r = 0; r < m.rows; r++) rowStart[r + 1] += rowStart[r];
    return { rows: m.rows, cols: m.cols, entries: e, rowStart, nonzeros: nnz };
  });
}

/** Deterministic pseudo-random values in [-1, 1) (mulberry32), two decimals. */
export function randomValues(n, seed) {
  let a = seed >>> 0;
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    const u = ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    out[i] = Math.round((u * 2 - 1) * 100) / 100;
  }
  return out;
}

const dot = (a, b, n) => { let s = 0, m = 0; for (let i = 0; i < n; i++) { const p = a[i] * b[i]; s += p; m += Math.abs(p); } return [s, m]; };
/** The top-left rows x cols block of a rows0 x cols0 array. */
function crop(data, rows0, cols0, rows, cols) {
  if (rows0 === rows && cols0 === cols) return data;
  const out = new Float32Array(rows * cols);
  for (let r = 0; r < rows; r++) out.set(data.subarray(r * cols0, r * cols0 + cols), r * cols);
  return out;
}

/**
 * The adjoint identity <Conv(x), y> = <x, ConvT(y)> for the current parameters and kernel, with
 * random x (Conv input / ConvT output space) and y (Conv output / ConvT input space); and
 * Conv(ConvT(y)) = C C^T y next to y.
 */
export function adjointOf(core, state, seed) {
  return derive(state, `adjoint|${seed}`, () => {
    const { ex, conv, w } = state;
    const P = asConvT(state);
    if (!P) return { unsupported: 'adjointPaddingMode' };
    const kt = tensor(w, ex.kernel.rows, ex.kernel.cols);
    const big = conv ? [ex.input.rows, ex.input.cols] : [ex.output.rows, ex.output.cols];
    const small = conv ? [ex.output.rows, ex.output.cols] : [ex.input.rows, ex.input.cols];
    const a = conv ? ex.roundTrip.convThenConvT.fixOutputPadding : P.outputPadding;
    const opts = { stride: P.stride, padding: P.padding, dilation: P.dilation };
    const nb = big[0] * big[1], ns = small[0] * small[1];
    const x = randomValues(nb, seed * 2 + 1), y = randomValues(ns, seed * 2 + 2);
    const cx = core.conv2d(tensor(x, big[0], big[1]), kt, opts);
    const cty = core.convTranspose2d(tensor(y, small[0], small[1]), kt, { ...opts, outputPadding: a });
    if (cty.shape[2] !== big[0] || cty.shape[3] !== big[1]) throw new Error(`ConvTranspose2d(y) is ${cty.shape[2]}×${cty.shape[3]}, not ${big[0]}×${big[1]}`);
    const cropped = cx.shape[2] !== small[0] || cx.shape[3] !== small[1];
    const cxs = crop(cx.data, cx.shape[2], cx.shape[3], small[0], small[1]);
    const [lhs, lm] = dot(cxs, y, ns);
    const [rhs, rm] = dot(x, cty.data, nb);
    const diff = Math.abs(lhs - rhs);
    const ok = diff <= 1e-5 * Math.max(1, lm, rm);
    const back = core.conv2d(cty, kt, opts);
    const backs = crop(back.data, back.shape[2], back.shape[3], small[0], small[1]);
    let maxDiff = 0;
    for (let i = 0; i < ns; i++) maxDiff = Math.max(maxDiff, Math.abs(backs[i] - y[i]));
    return { conv, big, small, a, cropped, lhs, rhs, diff, ok, y, back: backs, maxDiff };
  });
}

/** ConvT parameters of the overlap and polyphase views: convT mode as is; conv mode on the way back (input = Conv output). */
function convTSide(state) {
  const { ex, conv } = state;
  const P = asConvT(state) || state.params;
  const size = conv ? [ex.output.rows, ex.output.cols] : P.size;
  return { ...P, mode: 'convT', size };
}

/** Most cells a stacked overlap layer may have (computed; more than MAX_DRAWN_CELLS are drawn on a canvas). */
export const MAX_OVERLAP_CELLS = 1 << 18;

/**
 * Overlap counts of `layers` stacked ConvTranspose2d layers with the current parameters, each a
 * ConvTranspose2d of the previous counts with an all-ones kernel (layer 1: of all ones), by the core.
 * Also the taps per stride phase (the interior count of each phase), from core.polyphase.
 */
export function overlapOf(core, state, layers) {
  return derive(state, `overlap|${layers}`, () => {
    const P = convTSide(state);
    const [kh, kw] = P.kernelSize;
    const ones = (n) => new Float32Array(n).fill(1);
    const opts = { stride: P.stride, padding: P.padding, dilation: P.dilation, outputPadding: P.outputPadding };
    const wt = tensor(ones(kh * kw), kh, kw);
    let dims = P.size, cur = ones(dims[0] * dims[1]);
    const out = [];
    let tooBig = null;
    for (let L = 1; L <= layers; L++) {
      const r = core.convTranspose2d(tensor(cur, dims[0], dims[1]), wt, opts);
      const d = [r.shape[2], r.shape[3]];
      if (d[0] * d[1] > MAX_OVERLAP_CELLS) { tooBig = { layer: L, dims: d }; break; }
      let lo = Infinity, hi = -Infinity;
      for (const v of r.data) { if (v < lo) lo = v; if (v > hi) hi = v; }
      // the interior: cells at least L kernel extents from every border (the borders always get fewer)
      const mh = L * P.dilation[0] * (kh - 1), mw = L * P.dilation[1] * (kw - 1);
      let inLo = Infinity, inHi = -Infinity;
      for (let y = mh; y < d[0] - mh; y++) for (let x = mw; x < d[1] - mw; x++) { const v = r.data[y * d[1] + x]; if (v < inLo) inLo = v; if (v > inHi) inHi = v; }
      if (inLo > inHi) { inLo = lo; inHi = hi; }
      out.push({ dims: d, counts: r.data, lo, hi, inLo, inHi });
      dims = d; cur = r.data;
    }
    const pp = core.polyphase(explainArgs(P), ones(P.size[0] * P.size[1]), ones(kh * kw));
    const phases = pp.phases.map((p) => ({ row: p.row, col: p.col, taps: p.taps.length }));
    const counts = phases.map((p) => p.taps);
    const phaseLo = Math.min(...counts), phaseHi = Math.max(...counts);
    return { input: P.size, layers: out, tooBig, phases, stride: pp.stride, even: phaseLo === phaseHi, phaseLo, phaseHi, kernelSize: P.kernelSize };
  });
}

/** The polyphase decomposition of ConvTranspose2d(x) with the current kernel, and the output it must equal. */
export function polyphaseOf(core, state) {
  return derive(state, 'polyphase', () => {
    const P = { ...(asConvT(state) || state.params), mode: 'convT' };
    const pp = core.polyphase(explainArgs(P), state.x, state.w);
    const ref = state.conv
      ? core.convTranspose2d(tensor(state.x, P.size[0], P.size[1]), tensor(state.w, P.kernelSize[0], P.kernelSize[1]),
        { stride: P.stride, padding: P.padding, dilation: P.dilation, outputPadding: P.outputPadding }).data
      : state.out.data;
    let maxDiff = ref.length === pp.interleaved.length ? 0 : Infinity;
    for (let i = 0; i < ref.length && maxDiff !== Infinity; i++) maxDiff = Math.max(maxDiff, Math.abs(ref[i] - pp.interleaved[i]));
    return { pp, ref, maxDiff, ok: maxDiff <= 1e-4 };
  });
}

/** Budget of image mode per update (multiply-adds), so a change never freezes the page. */
export const MAX_IMAGE_MACS = 3e8;
/** Most output pixels image mode shows. */
export const MAX_IMAGE_PIXELS = 2048 * 2048;

/** Output H, W of the current layer for an input of `size`, asked of the core one axis at a time (small tables). */
export function outputSizeFor(core, params, size) {
  const axis = (j) => {
    const pick = (v, one) => (j === 0 ? [v[0], one] : [one, v[1]]);
    const ex = core.explain({
      mode: params.mode, size: pick(size, 1), kernelSize: pick(params.kernelSize, 1), stride: pick(params.stride, 1),
      padding: typeof params.padding === 'string' ? params.padding : pick(params.padding, 0), dilation: pick(params.dilation, 1), outputPadding: pick(params.outputPadding, 0),
    });
    return j === 0 ? ex.output.rows : ex.output.cols;
  };
  return [axis(0), axis(1)];
}

/**
 * Image mode's call: the current layer on every channel of a picture (RGB planes, values 0..1) as
 * one depthwise call (groups = 3) on the fast core. Returns its sizes and cost, and either why it
 * is not made (`error`, `heavy`: over the budget, `big`: too many pixels to show) or the call
 * itself (`op`, `x`, `w`, `opts`, as core.conv2d / core.convTranspose2d take them).
 */
export function imageCall(core, state, img) {
  return derive(state, `imageCall|${img.id}`, () => {
    const { params: P, conv, w } = state;
    const [H, W] = [img.height, img.width];
    const [kh, kw] = P.kernelSize, K = kh * kw;
    const outDims = outputSizeFor(core, P, [H, W]);
    const macs = (conv ? outDims[0] * outDims[1] : H * W) * K * 3;
    if (macs > MAX_IMAGE_MACS) return { inDims: [H, W], outDims, macs, heavy: true };
    if (outDims[0] * outDims[1] > MAX_IMAGE_PIXELS) return { inDims: [H, W], outDims, macs, big: true };
    const w3 = new Float32Array(3 * K);
    for (let c = 0; c < 3; c++) w3.set(w, c * K);
    const opts = { stride: P.stride, padding: P.padding, dilation: P.dilation, groups: 3, ...(conv ? { paddingMode: P.paddingMode || 'zeros' } : { outputPadding: P.outputPadding }) };
    return {
      inDims: [H, W], outDims, macs, op: conv ? 'conv2d' : 'convTranspose2d',
      x: { shape: [1, 3, H, W], data: img.planes }, w: { shape: [3, 1, kh, kw], data: w3 }, opts,
    };
  });
}

/**
 * Whether image mode's call runs in the Web Worker (when the page can start one) rather than on the
 * main thread. On the main thread a change costs the call, the copy of its output and the mapping
 * of every output value to a pixel; with the worker, sending the planes, copying the pixels it
 * sends back into the canvas, and one more frame, and the picture appears later. Measured side by
 * side (README, "The image view's Web Worker": `node tests/bench/page-bench.mjs --only=image
 * --pictures=...`), the worker takes less main-thread time from about 2^18 output pixels on (a
 * 512x512 picture at stride 1), and below that only adds the delay; a call of at least 2^26
 * multiply-adds (a large kernel: about 5 ms of the core) goes to the worker whatever its size.
 */
export const IMAGE_WORKER_MIN_PIXELS = 1 << 18;
export const IMAGE_WORKER_MIN_MACS = 1 << 26;
export const runsInWorker = (call) => call.outDims[0] * call.outDims[1] >= IMAGE_WORKER_MIN_PIXELS || call.macs >= IMAGE_WORKER_MIN_MACS;

/** The result of image mode's call as the view draws it: { inDims, outDims, data, ms, macs, worker, pixels? }. */
export function imageResult(call, r, ms, worker = false, pixels = null) {
  return { inDims: call.inDims, outDims: [r.shape[2], r.shape[3]], predicted: call.outDims, data: r.data, ms, macs: call.macs, worker, pixels };
}

/**
 * Image mode's result for a state and a picture. With `worker` 'auto' (the lab can run the call in
 * its worker), a call that runsInWorker is not made here, nor any with 'always': the answer is the
 * call with `pending`, and the lab hands the worker's result to setImageResult. Otherwise ('never')
 * the call runs here, on the main thread. Either result is kept on the state.
 */
export function imageOf(core, state, img, { worker = 'never' } = {}) {
  const key = `image|${img.id}`;
  if (state.cache?.has(key)) return state.cache.get(key);
  const call = imageCall(core, state, img);
  if (call.error || call.heavy || call.big) return call;
  if (worker === 'always' || (worker === 'auto' && runsInWorker(call))) return { ...call, pending: true };
  return derive(state, key, () => {
    const t0 = performance.now();
    const r = core[call.op](call.x, call.w, call.opts);
    return imageResult(call, r, performance.now() - t0);
  });
}

/** Keeps the worker's result (or its error) for a state and picture: imageOf returns it from then on. */
export function setImageResult(state, img, result) {
  derive(state, `image|${img.id}`, () => result);
}

/**
 * The data of one tab's view, computed here (the views call no core): `view` is one of VIEWS
 * other than 'sizes' (which is drawn from the state itself), `ui` the lab's UI state (for the
 * image view, `ui.imageWorker`: 'never', 'auto' or 'always', where its call may run; see imageOf).
 */
export function viewData(core, state, view, ui) {
  switch (view) {
    case 'matrix': return { state, matrix: matrixOf(state), adjoint: adjointOf(core, state, ui.seed) };
    case 'overlap': return { state, layers: ui.layers, overlap: overlapOf(core, state, ui.layers) };
    case 'polyphase': return { state, poly: polyphaseOf(core, state) };
    case 'image': return { state, image: ui.image, display: ui.imageDisplay, kernelName: ui.kernelName, overlap: overlapOf(core, state, 1), result: imageOf(core, state, ui.image, { worker: ui.imageWorker }) };
    default: throw new Error(`no data for view ${view}`);
  }
}
