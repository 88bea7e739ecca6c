// ConvT Lab's JavaScript API (the package entry): loadCore() -> { conv2d, convTranspose2d, ... }.
// This file only moves data: it checks that arguments have the right JS types, copies tensors
// into the WASM heap in one block, and turns the core's {error, parameter} into a thrown Error.
// Every numeric rule (integers, ranges, PyTorch's shape rules, caps) lives in C++.
// '#convt-wasm' is package.json's "imports" entry: the Node build under Node, the browser build
// (web + module workers, no Node built-ins) in bundlers and browsers. See README, "Using the library".
import createConvtModule from '#convt-wasm';
import { warmUp } from './warmup.js';

const OPTION_NAMES = ['bias', 'stride', 'padding', 'dilation', 'groups', 'outputPadding'];
const SNAKE_CASE = { output_padding: 'outputPadding', kernel_size: 'kernelSize' };
const MAX_RANK = 8;

function fail(parameter, message) {
  const e = new Error(`${parameter}: ${message}`);
  e.parameter = parameter;
  return e;
}

function describe(v) {
  if (v === null) return 'null';
  if (Array.isArray(v)) return `an array of length ${v.length}`;
  if (typeof v === 'number') return String(v);
  if (typeof v === 'string') return `the string ${JSON.stringify(v.length > 40 ? v.slice(0, 40) + '…' : v)}`;
  return `a value of type ${typeof v}`;
}

// A number or [h, w] of numbers -> [h, w]. Integrality and ranges are checked by the core.
function pairOf(name, v, fallback) {
  if (v === undefined) return [fallback, fallback];
  if (typeof v === 'number') return [v, v];
  if (Array.isArray(v) && v.length === 2 && typeof v[0] === 'number' && typeof v[1] === 'number') return [v[0], v[1]];
  throw fail(name, `must be an integer or a pair [h, w] of integers, but got ${describe(v)}`);
}

function numberOf(name, v, fallback) {
  if (v === undefined) return fallback;
  if (typeof v === 'number') return v;
  throw fail(name, `must be an integer, but got ${describe(v)}`);
}

function isArrayLikeOfNumbers(d) {
  return (ArrayBuffer.isView(d) && !(d instanceof DataView)) || Array.isArray(d);
}

// {shape, data} -> {shape: number[], data}; shape and data types only (sizes: the core).
function tensorOf(name, t) {
  if (t === null || typeof t !== 'object' || Array.isArray(t))
    throw fail(name, `must be an object { shape, data }, but got ${describe(t)}`);
  const { shape, data } = t;
  if (!Array.isArray(shape) || shape.length > MAX_RANK)
    throw fail(`${name}.shape`, `must be an array of at most ${MAX_RANK} sizes, but got ${describe(shape)}`);
  shape.forEach((v, i) => {
    if (typeof v !== 'number') throw fail(`${name}.shape`, `[${i}] must be a number, but got ${describe(v)}`);
  });
  if (!isArrayLikeOfNumbers(data))
    throw fail(`${name}.data`, `must be a Float32Array or an array of numbers, but got ${describe(data)}`);
  return { shape, data };
}

function biasOf(b) {
  if (b === undefined || b === null) return null;
  if (isArrayLikeOfNumbers(b)) return b;
  if (typeof b === 'object' && isArrayLikeOfNumbers(b.data)) {
    if (b.shape !== undefined && (!Array.isArray(b.shape) || b.shape.length !== 1 || b.shape[0] !== b.data.length))
      throw fail('bias', `expected bias to be 1-dimensional with shape [${b.data.length}], but got shape ${JSON.stringify(b.shape)}`);
    return b.data;
  }
  throw fail('bias', `must be a Float32Array, an array of numbers or { shape, data }, but got ${describe(b)}`);
}

function optionsOf(opts, transposed) {
  if (opts === undefined || opts === null) opts = {};
  if (typeof opts !== 'object' || Array.isArray(opts)) throw fail('opts', `must be an object, but got ${describe(opts)}`);
  for (const key of Object.keys(opts)) {
    if (!OPTION_NAMES.includes(key)) {
      const hint = SNAKE_CASE[key] ? ` (did you mean ${SNAKE_CASE[key]}?)` : '';
      throw fail(key, `is not an option of ${transposed ? 'convTranspose2d' : 'conv2d'}${hint}; options are ${OPTION_NAMES.join(', ')}`);
    }
  }
  return {
    bias: biasOf(opts.bias),
    stride: pairOf('stride', opts.stride, 1),
    padding: pairOf('padding', opts.padding, 0),
    dilation: pairOf('dilation', opts.dilation, 1),
    outputPadding: pairOf('outputPadding', opts.outputPadding, 0),
    groups: numberOf('groups', opts.groups, 1),
  };
}

class Core {
  constructor(module) {
    this._m = module;
    const l = module.limits();
    /** Caps enforced on every call (see README): elements per tensor, multiply-adds per call, explain() table size. */
    this.limits = Object.freeze({ maxElements: l.maxElements, maxMultiplyAdds: l.maxMultiplyAdds, maxExplainEntries: l.maxExplainEntries });
    this.reference = Object.freeze({
      conv2d: (x, w, opts) => this._run(0, 1, x, w, opts),
      convTranspose2d: (x, w, opts) => this._run(1, 1, x, w, opts),
    });
  }

  /** Conv2d, PyTorch semantics: x [N, Cin, H, W], w [Cout, Cin/groups, kH, kW]. */
  conv2d(x, w, opts) { return this._run(0, 0, x, w, opts); }

  /** ConvTranspose2d, PyTorch semantics: x [N, Cin, H, W], w [Cin, Cout/groups, kH, kW]. */
  convTranspose2d(x, w, opts) { return this._run(1, 0, x, w, opts); }

  /** ConvTranspose2d by the seed's construction: { stuffed, flippedWeight, output }. */
  convTranspose2dByStuffing(x, w, opts) { return this._run(1, 2, x, w, opts, true); }

  /** Single-channel geometry tables for the page (see README, "explain"). */
  explain(params) {
    if (params === null || typeof params !== 'object') throw fail('params', `must be an object, but got ${describe(params)}`);
    const mode = params.mode === undefined ? 'conv' : params.mode;
    if (mode !== 'conv' && mode !== 'convT') throw fail('mode', `must be 'conv' or 'convT', but got ${describe(mode)}`);
    const spec = this._geometrySpec(params);
    return this._withHeap(spec.length * 8, (base) => {
      this._m.HEAPF64.set(spec, base >> 3);
      return this._checked(this._m.explainGeometry(mode === 'conv' ? 0 : 1, base, spec.length));
    });
  }

  /**
   * The polyphase (sub-pixel) view of a single-channel ConvTranspose2d: params as for explain(),
   * x: H*W values, w: kH*kW values. Returns { stride, output, phases: [{ row, col, rows, cols,
   * taps, tapInputRow, tapInputCol, output, multiplies }], interleaved, multipliesPolyphase,
   * multipliesStuffed }.
   */
  polyphase(params, x, w) {
    if (params === null || typeof params !== 'object') throw fail('params', `must be an object, but got ${describe(params)}`);
    if (!isArrayLikeOfNumbers(x)) throw fail('x', `must be a Float32Array or an array of numbers, but got ${describe(x)}`);
    if (!isArrayLikeOfNumbers(w)) throw fail('w', `must be a Float32Array or an array of numbers, but got ${describe(w)}`);
    const spec = this._geometrySpec(params);
    if (x.length > this.limits.maxElements || w.length > this.limits.maxElements) throw fail('x', 'too many values');
    return this._withHeap(spec.length * 8 + 4 * (x.length + w.length), (base) => {
      const m = this._m;
      const xPtr = base + spec.length * 8, wPtr = xPtr + 4 * x.length;
      m.HEAPF64.set(spec, base >> 3);
      m.HEAPF32.set(x, xPtr >> 2);
      m.HEAPF32.set(w, wPtr >> 2);
      return this._checked(m.polyphase(base, spec.length, xPtr, x.length, wPtr, w.length));
    });
  }

  _geometrySpec(params) {
    return [
      ...pairOf('size', params.size, NaN), ...pairOf('kernelSize', params.kernelSize, 3),
      ...pairOf('stride', params.stride, 1), ...pairOf('padding', params.padding, 0),
      ...pairOf('dilation', params.dilation, 1), ...pairOf('outputPadding', params.outputPadding, 0),
    ];
  }

  /** Bytes of WASM heap in use (after releasing the kernels' workspace); for leak tests. */
  heapInUse() { return this._m.heapInUse(); }

  _checked(r) {
    if (r && typeof r.error === 'string') {
      const e = new Error(r.error);
      e.parameter = r.parameter;
      throw e;
    }
    return r;
  }

  _withHeap(bytes, fn) {
    const base = this._m._malloc(Math.max(bytes, 8));
    if (!base) throw fail('x', `out of memory: could not allocate ${bytes} bytes in the WebAssembly heap`);
    try {
      return fn(base);
    } finally {
      this._m._free(base);
    }
  }

  _run(op, path, x, w, opts, construction = false) {
    const name = op === 0 ? 'conv2d' : 'convTranspose2d';
    if (x === undefined) throw fail('x', `${name}(x, w, opts) needs an input tensor x`);
    const xt = tensorOf('x', x);
    const wt = tensorOf('w', w);
    const o = optionsOf(opts, op === 1);
    const maxElements = this.limits.maxElements;
    for (const [pname, d] of [['x.data', xt.data], ['w.data', wt.data], ['bias', o.bias || []]]) {
      if (d.length > maxElements) throw fail(pname, `has ${d.length} elements, more than the cap of ${maxElements}`);
    }
    const spec = [
      xt.shape.length, ...xt.shape, wt.shape.length, ...wt.shape,
      xt.data.length, wt.data.length, o.bias ? o.bias.length : -1,
      ...o.stride, ...o.padding, ...o.dilation, ...o.outputPadding, o.groups,
    ];
    // One block: [spec f64 | x f32 | w f32 | bias f32]
    const specBytes = spec.length * 8;
    const bLen = o.bias ? o.bias.length : 0;
    return this._withHeap(specBytes + 4 * (xt.data.length + wt.data.length + bLen), (base) => {
      const m = this._m;
      const xPtr = base + specBytes, wPtr = xPtr + 4 * xt.data.length, bPtr = wPtr + 4 * wt.data.length;
      // Views are re-read after every allocation: memory growth detaches old ones.
      m.HEAPF64.set(spec, base >> 3);
      m.HEAPF32.set(xt.data, xPtr >> 2);
      m.HEAPF32.set(wt.data, wPtr >> 2);
      if (o.bias) m.HEAPF32.set(o.bias, bPtr >> 2);
      const r = construction ? m.stuff(xPtr, wPtr, bPtr, base, spec.length) : m.run(op, path, xPtr, wPtr, bPtr, base, spec.length);
      return this._checked(r);
    });
  }
}

let corePromise = null;

/** Loads the WebAssembly core once per JS realm; every call returns the same Core. */
export function loadCore() {
  if (!corePromise) {
    corePromise = createConvtModule().then((m) => warmUp(new Core(m)));  // warm-up: see warmup.js
    corePromise.catch(() => { corePromise = null; });
  }
  return corePromise;
}

/**
 * A separate Core on another build of the module (e.g. the scalar build the benchmark compares):
 * `createModule` is an Emscripten factory such as the default export of
 * web/lib/wasm/convt_core_scalar.js. Not a singleton.
 */
export async function loadCoreFrom(createModule) {
  return new Core(await createModule());
}

export default loadCore;
