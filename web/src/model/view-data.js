// The numbers of the views behind the tabs (matrix and adjoint, overlap, polyphase, image), computed
// from a state on demand and cached on that state object (a new state is a new cache), so only the
// visible view costs anything; viewData() hands one view its data.
import { explainArgs, layerOpts } from './params.js';
import { tensor, asConvT } from './compute.js';
import { networkOf } from './network.js';
import { autoencoderOf, sampleDigits } from './autoencoder.js';

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
    const opts = layerOpts(P, 'conv');
    const nb = big[0] * big[1], ns = small[0] * small[1];
    const x = randomValues(nb, seed * 2 + 1), y = randomValues(ns, seed * 2 + 2);
    const cx = core.conv2d(tensor(x, big[0], big[1]), kt, opts);
    const cty = core.convTranspose2d(tensor(y, small[0], small[1]), kt, layerOpts(P, 'convT', { outputPadding: a }));
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
    const opts = layerOpts(P, 'convT');
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
        layerOpts(P, 'convT')).data
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
    const opts = layerOpts(P, P.mode, { groups: 3 });
    const xShape = [1, 3, H, W], wShape = [3, 1, kh, kw];
    // the output's size and the call's cost from the core's own rules, before anything is computed
    const planned = core[conv ? 'conv2dShape' : 'convTranspose2dShape'](xShape, wShape, opts);
    const outDims = [planned.shape[2], planned.shape[3]], macs = planned.multiplyAdds;
    if (macs > MAX_IMAGE_MACS) return { inDims: [H, W], outDims, macs, heavy: true };
    if (outDims[0] * outDims[1] > MAX_IMAGE_PIXELS) return { inDims: [H, W], outDims, macs, big: true };
    const w3 = new Float32Array(3 * K);
    for (let c = 0; c < 3; c++) w3.set(w, c * K);
    return {
      inDims: [H, W], outDims, macs, op: conv ? 'conv2d' : 'convTranspose2d',
      x: { shape: xShape, data: img.planes }, w: { shape: wShape, data: w3 }, opts,
    };
  });
}

/**
 * Whether image mode's call runs in the Web Worker (when the page can start one) rather than on the
 * main thread. On the main thread a change costs the call, the copy of its output and the mapping
 * of every output value to a pixel; with the worker, sending the planes, copying the pixels it
 * sends back into the canvas, and one more frame, and the picture appears later. Measured side by
 * side (docs/page.md, "The image view's Web Worker": `node tests/bench/page-bench.mjs --only=image
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
    case 'network': return { network: networkOf(ui.net), net: ui.net, ae: autoencoderOf(core, ui.ae), digits: sampleDigits(), choice: ui.ae };
    case 'image': return { state, image: ui.image, display: ui.imageDisplay, kernelName: ui.kernelName, overlap: overlapOf(core, state, 1), result: imageOf(core, state, ui.image, { worker: ui.imageWorker }) };
    default: throw new Error(`no data for view ${view}`);
  }
}
