// ConvT Lab's JavaScript API (the package entry): loadCore() -> { conv2d, convTranspose2d, ... }.
// A thin layer over the module's Embind entry points (cpp/wasm/): it checks that arguments
// have the right JS types, fills in the defaults, copies the tensors into the WASM heap in one block,
// writes one call record whose fields are named (cpp/wasm/call_record.hpp declares each field once
// and hands the layout over at load: callLayout()), copies the output out of the heap once, and
// throws a ConvtError naming the parameter when the core refuses. Every numeric rule (integers, ranges,
// PyTorch's shape rules, names of padding strings and modes, caps) lives in C++.
// '#convt-wasm' is package.json's "imports" entry: the Node build under Node, the browser build
// (web + module workers, no Node built-ins) in bundlers and browsers. See docs/library.md, "Which file each tool gets".
// The package's network functions (web/lib/network/: parseTorch, planNetwork, mirrorNetwork,
// pairNetwork, the autoencoder's runNetwork ...) are exported from here too; the three that plan run
// on the Core loadCore() resolved to (docs/library.md, "Networks").
import createConvtModule from '#convt-wasm';
import { warmUp } from './warmup.js';
import { ConvtError, fail, describe } from './errors.js';
import * as network from './network/network.js';

export { ConvtError };
export { parseTorch } from './network/parse-torch.js';
export { runNetwork, readParameters, readSamples, transposedEncoder } from './network/autoencoder.js';

const OPTION_NAMES = ['bias', 'stride', 'padding', 'paddingMode', 'dilation', 'groups', 'outputPadding', 'outputSize'];
const SNAKE_CASE = { output_padding: 'outputPadding', kernel_size: 'kernelSize', padding_mode: 'paddingMode', output_size: 'outputSize' };
const MAX_RANK = 8;

// A number or [h, w] of numbers, written as two numbers at f64[at], f64[at + 1]. Integrality and
// ranges are checked by the core.
function putPair(f64, at, name, v, fallback) {
  if (v === undefined) v = fallback;
  if (typeof v === 'number') {
    f64[at] = v;
    f64[at + 1] = v;
  } else if (Array.isArray(v) && v.length === 2 && typeof v[0] === 'number' && typeof v[1] === 'number') {
    f64[at] = v[0];
    f64[at + 1] = v[1];
  } else {
    throw fail(name, `must be an integer or a pair [h, w] of integers, but got ${describe(v)}`);
  }
}

function numberOf(name, v, fallback) {
  if (v === undefined) return fallback;
  if (typeof v === 'number') return v;
  throw fail(name, `must be an integer, but got ${describe(v)}`);
}

function stringOf(name, v, fallback) {
  if (v === undefined) return fallback;
  if (typeof v === 'string') return v;
  throw fail(name, `must be a string, but got ${describe(v)}`);
}

// An array of at most MAX_RANK numbers (a shape, an output size); values are checked by the core.
function sizesOf(name, v) {
  if (!Array.isArray(v) || v.length > MAX_RANK)
    throw fail(name, `must be an array of at most ${MAX_RANK} sizes, but got ${describe(v)}`);
  for (let i = 0; i < v.length; i++)
    if (typeof v[i] !== 'number') throw fail(name, `[${i}] must be a number, but got ${describe(v[i])}`);
  return v;
}

function isArrayLikeOfNumbers(d) {
  return (ArrayBuffer.isView(d) && !(d instanceof DataView)) || Array.isArray(d);
}

// {shape, data} -> {shape: number[], data}; shape and data types only (sizes: the core).
function tensorOf(name, t) {
  if (t === null || typeof t !== 'object' || Array.isArray(t))
    throw fail(name, `must be an object { shape, data }, but got ${describe(t)}`);
  const { shape, data } = t;
  sizesOf(`${name}.shape`, shape);
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

function checkOptionNames(opts, opName) {
  if (opts === undefined || opts === null) return {};
  if (typeof opts !== 'object' || Array.isArray(opts)) throw fail('opts', `must be an object, but got ${describe(opts)}`);
  for (const key of Object.keys(opts)) {
    if (!OPTION_NAMES.includes(key)) {
      const hint = SNAKE_CASE[key] ? ` (did you mean ${SNAKE_CASE[key]}?)` : '';
      throw fail(key, `is not an option of ${opName}${hint}; options are ${OPTION_NAMES.join(', ')}`);
    }
  }
  return opts;
}

class Core {
  constructor(module) {
    this._m = module;
    /** Caps enforced on every call (docs/library.md, "Other helpers and the limits"): elements per tensor, multiply-adds per call, explain() table size. */
    this.limits = Object.freeze(module.limits());
    // The call record (see cpp/wasm/call_record.hpp): one block of doubles for the Core's life, written by
    // field name at the offsets the module gives.
    const layout = module.callLayout();
    this._at = {};
    for (const [name, [offset]] of Object.entries(layout.fields)) this._at[name] = offset;
    this._doubles = layout.doubles;
    this._recordPtr = module._malloc(8 * layout.doubles);
    if (!this._recordPtr) throw fail('x', 'out of memory: could not allocate the call record');
    this.reference = Object.freeze({
      conv2d: (x, w, opts) => this._run('conv2d', 'reference', x, w, opts),
      convTranspose2d: (x, w, opts) => this._run('convTranspose2d', 'reference', x, w, opts),
    });
    // The fast paths by name: the record's fastPath field holds the index the module lists a name at.
    const fastPaths = layout.fastPaths.map(({ name, op }) => Object.freeze({ name, op }));
    this._fastPathIndex = new Map(fastPaths.map((p, i) => [`${p.op} ${p.name}`, i]));
    /**
     * Test-only, not part of the API: it may change or go in any release, and nothing outside this
     * repository's tests should use it. The core's fast paths by name ({ name, op }, in the order its
     * dispatcher tries them), and conv2d / convTranspose2d run on the named one instead of the one its
     * measured rules choose, so that tests can reach every path with any call (tests/node/
     * fast-paths.test.mjs). A path that does not apply to the call is refused: a ConvtError whose
     * parameter is 'fastPath', naming the path.
     */
    this._testOnly = Object.freeze({
      fastPaths: Object.freeze(fastPaths),
      conv2d: (fastPath, x, w, opts) => this._run('conv2d', 'fast', x, w, opts, fastPath),
      convTranspose2d: (fastPath, x, w, opts) => this._run('convTranspose2d', 'fast', x, w, opts, fastPath),
    });
  }

  /** Conv2d, PyTorch semantics: x [N, Cin, H, W], w [Cout, Cin/groups, kH, kW]. */
  conv2d(x, w, opts) { return this._run('conv2d', 'fast', x, w, opts); }

  /** ConvTranspose2d, PyTorch semantics: x [N, Cin, H, W], w [Cin, Cout/groups, kH, kW]. */
  convTranspose2d(x, w, opts) { return this._run('convTranspose2d', 'fast', x, w, opts); }

  /**
   * The output shape and multiply-adds of conv2d(x, w, opts) for an x of shape xShape and a w of shape
   * wShape: { shape, multiplyAdds }. Validated exactly like the call (the same ConvtError for the same
   * shapes and options; opts.bias is checked by its length), with no tensor allocated or computed.
   */
  conv2dShape(xShape, wShape, opts) { return this._shape('conv2d', xShape, wShape, opts); }

  /** The same for convTranspose2d(x, w, opts). */
  convTranspose2dShape(xShape, wShape, opts) { return this._shape('convTranspose2d', xShape, wShape, opts); }

  /** ConvTranspose2d by the zero-stuffed construction: { stuffed, flippedWeight, output }. */
  convTranspose2dByStuffing(x, w, opts) { return this._run('convTranspose2d', 'stuffed', x, w, opts); }

  /** Single-channel geometry tables for the page (docs/library.md, "explain()"). */
  explain(params) {
    if (params === null || typeof params !== 'object') throw fail('params', `must be an object, but got ${describe(params)}`);
    const mode = params.mode === undefined ? 'conv' : params.mode;
    if (mode !== 'conv' && mode !== 'convT') throw fail('mode', `must be 'conv' or 'convT', but got ${describe(mode)}`);
    const f64 = this._startRecord();
    this._putGeometry(f64, params);
    this._putNumber(f64, 'op', (mode === 'conv' ? this._m.Op.conv2d : this._m.Op.convTranspose2d).value);
    const strings = this._putOptions(f64, params);
    return this._checked(this._m.explain(this._recordPtr, strings.paddingMode, strings.paddingString));
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
    if (x.length > this.limits.maxElements || w.length > this.limits.maxElements) throw fail('x', 'too many values');
    return this._withHeap(4 * (x.length + w.length), (base) => {
      const m = this._m;
      const wPtr = base + 4 * x.length;
      m.HEAPF32.set(x, base >> 2);
      m.HEAPF32.set(w, wPtr >> 2);
      const f64 = this._startRecord();
      this._putGeometry(f64, params);
      const strings = this._putOptions(f64, params);
      this._putNumber(f64, 'xData', base);
      this._putNumber(f64, 'xLength', x.length);
      this._putNumber(f64, 'wData', wPtr);
      this._putNumber(f64, 'wLength', w.length);
      return this._checked(m.polyphase(this._recordPtr, strings.paddingMode, strings.paddingString));
    });
  }

  /** Internal, for network/network.js: a network entry point of the module, its refusal thrown as a ConvtError. */
  _network(entry, ...args) { return this._checked(this._m[entry](...args)); }

  /** Bytes of WASM heap in use, after releasing what the kernels keep between calls; for leak tests. */
  heapInUse() {
    this._m.releaseWorkspace();
    return this._m.heapInUse();
  }

  // The record as a fresh view (memory growth detaches old ones), every number NaN: the core
  // refuses, by name, a field that was not written.
  _startRecord() {
    const f64 = this._m.HEAPF64, at = this._recordPtr >> 3;
    f64.fill(NaN, at, at + this._doubles);
    return f64;
  }

  _putNumber(f64, field, v) { f64[(this._recordPtr >> 3) + this._at[field]] = v; }

  _putShape(f64, rankField, shapeField, shape) {
    this._putNumber(f64, rankField, shape.length);
    const at = (this._recordPtr >> 3) + this._at[shapeField];
    for (let i = 0; i < shape.length; i++) f64[at + i] = shape[i];
  }

  _putGeometry(f64, params) {
    const at = this._recordPtr >> 3;
    putPair(f64, at + this._at.size, 'size', params.size, NaN);
    putPair(f64, at + this._at.kernelSize, 'kernelSize', params.kernelSize, 3);
  }

  // The options (an opts object, or explain()'s params) with their defaults; returns the two strings.
  _putOptions(f64, o) {
    const at = this._recordPtr >> 3, F = this._at;
    putPair(f64, at + F.stride, 'stride', o.stride, 1);
    const paddingIsString = typeof o.padding === 'string';
    f64[at + F.paddingIsString] = paddingIsString ? 1 : 0;
    putPair(f64, at + F.padding, 'padding', paddingIsString ? 0 : o.padding, 0);
    putPair(f64, at + F.dilation, 'dilation', o.dilation, 1);
    putPair(f64, at + F.outputPadding, 'outputPadding', o.outputPadding, 0);
    f64[at + F.outputPaddingGiven] = o.outputPadding === undefined ? 0 : 1;
    if (o.outputSize === undefined || o.outputSize === null) f64[at + F.outputSizeLength] = -1;
    else this._putShape(f64, 'outputSizeLength', 'outputSize', sizesOf('outputSize', o.outputSize));
    f64[at + F.groups] = numberOf('groups', o.groups, 1);
    return { paddingMode: stringOf('paddingMode', o.paddingMode, 'zeros'), paddingString: paddingIsString ? o.padding : '' };
  }

  // The core's error ({parameter, message}, the message starting with the parameter) as a ConvtError.
  _throwIf(error) {
    if (error) throw new ConvtError(error.parameter, error.message);
  }

  _checked(r) {
    this._throwIf(r.error);
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

  _shape(op, xShape, wShape, opts) {
    sizesOf('x.shape', xShape);
    sizesOf('w.shape', wShape);
    const o = checkOptionNames(opts, op);
    const bias = biasOf(o.bias);
    const maxElements = this.limits.maxElements;
    if (bias && bias.length > maxElements) throw fail('bias', `has ${bias.length} elements, more than the cap of ${maxElements}`);
    const m = this._m;
    const f64 = this._startRecord();
    this._putNumber(f64, 'op', m.Op[op].value);
    this._putShape(f64, 'xRank', 'xShape', xShape);
    this._putShape(f64, 'wRank', 'wShape', wShape);
    this._putNumber(f64, 'biasLength', bias ? bias.length : -1);
    const strings = this._putOptions(f64, o);
    this._throwIf(m.shape(this._recordPtr, strings.paddingMode, strings.paddingString));
    const out = m.HEAPF64, at = this._recordPtr >> 3, F = this._at;
    const shape = [];
    for (let i = 0; i < out[at + F.outRank]; i++) shape.push(out[at + F.outShape + i]);
    return { shape, multiplyAdds: out[at + F.outMultiplyAdds] };
  }

  _run(op, path, x, w, opts, fastPath) {
    if (x === undefined) throw fail('x', `${op}(x, w, opts) needs an input tensor x`);
    const fastPathIndex = fastPath === undefined ? -1 : this._fastPathIndex.get(`${op} ${fastPath}`);
    if (fastPathIndex === undefined) throw fail('fastPath', `${op} has no fast path '${String(fastPath)}'`);
    const xt = tensorOf('x', x);
    const wt = tensorOf('w', w);
    const o = checkOptionNames(opts, op);
    const bias = biasOf(o.bias);
    const maxElements = this.limits.maxElements;
    if (xt.data.length > maxElements) throw fail('x.data', `has ${xt.data.length} elements, more than the cap of ${maxElements}`);
    if (wt.data.length > maxElements) throw fail('w.data', `has ${wt.data.length} elements, more than the cap of ${maxElements}`);
    if (bias && bias.length > maxElements) throw fail('bias', `has ${bias.length} elements, more than the cap of ${maxElements}`);
    // One block: [x f32 | w f32 | bias f32]
    const xLen = xt.data.length, wLen = wt.data.length, bLen = bias ? bias.length : 0;
    return this._withHeap(4 * (xLen + wLen + bLen), (base) => {
      const m = this._m;
      const wPtr = base + 4 * xLen, bPtr = wPtr + 4 * wLen;
      m.HEAPF32.set(xt.data, base >> 2);
      m.HEAPF32.set(wt.data, wPtr >> 2);
      if (bias) m.HEAPF32.set(bias, bPtr >> 2);
      const f64 = this._startRecord();  // after the allocation: a view of the current memory
      this._putNumber(f64, 'op', m.Op[op].value);
      this._putNumber(f64, 'path', m.Path[path].value);
      this._putNumber(f64, 'fastPath', fastPathIndex);
      this._putShape(f64, 'xRank', 'xShape', xt.shape);
      this._putNumber(f64, 'xData', base);
      this._putNumber(f64, 'xLength', xLen);
      this._putShape(f64, 'wRank', 'wShape', wt.shape);
      this._putNumber(f64, 'wData', wPtr);
      this._putNumber(f64, 'wLength', wLen);
      this._putNumber(f64, 'bias', bPtr);
      this._putNumber(f64, 'biasLength', bias ? bLen : -1);
      const strings = this._putOptions(f64, o);
      if (path === 'stuffed') return this._checked(m.stuff(this._recordPtr, strings.paddingMode, strings.paddingString));
      this._throwIf(m.run(this._recordPtr, strings.paddingMode, strings.paddingString));
      // The output: its shape and where its values are, written back into the record.
      const out = m.HEAPF64, at = this._recordPtr >> 3, F = this._at;
      const rank = out[at + F.outRank], dataPtr = out[at + F.outData], length = out[at + F.outLength];
      const shape = [];
      for (let i = 0; i < rank; i++) shape.push(out[at + F.outShape + i]);
      try {
        return { shape, data: m.HEAPF32.slice(dataPtr >>> 2, (dataPtr >>> 2) + length) };
      } finally {
        m._free(dataPtr);
      }
    });
  }
}

let corePromise = null;
let loadedCore = null;  // the Core loadCore() resolved to: the network functions below run on it

/** Loads the WebAssembly core once per JS realm; every call returns the same Core. */
export function loadCore() {
  if (!corePromise) {
    corePromise = createConvtModule().then((m) => {
      loadedCore = warmUp(new Core(m));  // warm-up: see warmup.js
      return loadedCore;
    });
    corePromise.catch(() => { corePromise = null; });
  }
  return corePromise;
}

function coreFor(name) {
  if (loadedCore) return loadedCore;
  throw new Error(`${name}() runs on the WebAssembly core, which is not loaded yet: call it after \`await loadCore()\``);
}

/** The shape after each layer of a network, or PyTorch's refusal where it stops (docs/library.md, "Networks"). */
export function planNetwork(layers, inputShape) {
  return network.planNetwork(coreFor('planNetwork'), layers, inputShape);
}

/** The decoder that mirrors `layers` back to `inputShape`, with its PyTorch code (docs/library.md, "Networks"). */
export function mirrorNetwork(layers, inputShape, options) {
  return network.mirrorNetwork(coreFor('mirrorNetwork'), layers, inputShape, options);
}

/** Each Conv2d with the ConvTranspose2d that undoes it: verdict and fix (docs/library.md, "Networks"). */
export function pairNetwork(layers, inputShape) {
  return network.pairNetwork(coreFor('pairNetwork'), layers, inputShape);
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
