// ConvT Lab's benchmark (`npm run bench`, not part of the tests). One Node process times, side by side:
//   ours-simd    web/lib/wasm/convt_core.js through loadCore()          (the public API)
//   ours-scalar  web/lib/wasm/convt_core_scalar.js through loadCoreFrom() (`bash tools/build-wasm.sh scalar`)
//   ort-wasm     onnxruntime-web, wasm EP, one thread, the one-op ONNX model of the case (tests/bench/models)
//   tfjs-wasm    TF.js with the wasm backend (SIMD), NHWC
// on the same weights (tests/bench/models/<case>.bin, written by export_onnx.py with the .onnx files) and the
// same inputs (a seeded PRNG). Every call is timed as a user makes it: copies in and out included
// (ORT: Tensor + session.run + the output's data; TF.js: tensor from the NHWC array, the conv, bias, dataSync).
// TF.js's NHWC transposes of input and weights are done once, outside the timed region.
// Contenders are interleaved round-robin (rotating order) after a warm-up; the table shows medians.
// All outputs are checked against a float64 JS reference and against each other; a mismatch fails loudly.
// The WASM SIMD mul+add ceiling (ceiling.mjs) is measured in the same run (before, between and after cases).
// After the cases: a whole page redraw, the network functions (the digits autoencoder's forward pass;
// parse + plan + pair of a 30-layer model), and the padding modes against zeros (padding_modes.mjs:
// reflect, replicate and circular on case A's shape; goal: reflect within 1.2x of zeros).
// Writes tests/out/bench.json. With --native, the native build of the same C++ (tests/bench/native_bench.cpp,
// `--serve` mode) is timed in the same rounds, for the WASM / native column.
//
// Options: --quick (fewer rounds), --case=A,B (only these), --no-tfjs, --no-scalar,
//          --native[=PATH] (also time the native build, interleaved: PATH --serve; default build-bench/convt_native_bench),
//          --lib=DIR (core.js and wasm/ from DIR instead of web/lib),
//          --min-rounds=N (default 30), --min-seconds=S per case (default 2), --max-seconds=S per case (default 12)

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { measureCeiling, measureInvariant } from './ceiling.mjs';
import { timePaddingModes } from './padding_modes.mjs';
import { DEEP_AUTOENCODER, DEEP_AUTOENCODER_INPUT } from './deep-autoencoder.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '../..');
const MODELS = path.join(HERE, 'models');
const OUT_DIR = path.join(ROOT, 'tests/out');
const require = createRequire(import.meta.url);

// ---------------------------------------------------------------- options
const args = new Map(process.argv.slice(2).map((a) => {
  const m = /^--([^=]+)(?:=(.*))?$/.exec(a);
  if (!m) throw new Error(`bench: unknown argument ${a}`);
  return [m[1], m[2] === undefined ? true : m[2]];
}));
const QUICK = args.has('quick');
const MIN_ROUNDS = Number(args.get('min-rounds') ?? (QUICK ? 8 : 30));
const MIN_SECONDS = Number(args.get('min-seconds') ?? (QUICK ? 0.3 : 2));
const MAX_SECONDS = Number(args.get('max-seconds') ?? (QUICK ? 3 : 12));
const ONLY = args.has('case') ? new Set(String(args.get('case')).split(',')) : null;
const TOLERANCE = 1e-4;          // max |a - b| / max |reference|, per output
const SAMPLE_MS = 1;             // a sample is a batch of calls lasting at least this long (tiny cases)
const BASELINE = 'ort-wasm';
// --lib=DIR: take core.js and wasm/convt_core{,_scalar}.js from DIR instead of web/lib (e.g. a build of another commit)
const LIB = path.resolve(String(args.get('lib') ?? path.join(ROOT, 'web/lib')));

// ---------------------------------------------------------------- cases
const meta = JSON.parse(fs.readFileSync(path.join(MODELS, 'cases.json'), 'utf8'));
const DESCRIPTIONS = {
  A: 'conv 1->1, 512x512, 3x3, s1 p1',
  B: 'conv 64->64, 56x56, 3x3, s1 p1',
  C: 'convT 32->16, 64x64->128x128, 4x4, s2 p1',
  D: 'depthwise convT RGB 3x512x512->3x1024x1024, 4x4, s2 p1, groups 3',
  page_convT_8: 'page: convT 1ch 8x8->15x15, 3x3, s2 p1',
  page_conv_64: 'page: conv 1ch 64x64, 3x3, s1 p1',
  page_convT_64: 'page: convT 1ch 64x64, 3x3, s1 p1',
};

function mulberry32(seed) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = seed;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const prod = (s) => s.reduce((a, b) => a * b, 1);

function loadCase(c, index) {
  const bin = fs.readFileSync(path.join(MODELS, `${c.name}.bin`));
  const all = new Float32Array(bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.byteLength));
  const wLen = prod(c.wShape);
  if (all.length !== wLen + c.biasLength) throw new Error(`${c.name}.bin: ${all.length} floats, expected ${wLen + c.biasLength}`);
  const rand = mulberry32(12345 + index);
  const x = new Float32Array(prod(c.xShape));
  for (let i = 0; i < x.length; i++) x[i] = rand() * 2 - 1;
  const [N, Cin, H, W] = c.xShape;
  const [, , kH, kW] = c.wShape;
  const G = c.groups ?? 1;
  const Cout = c.op === 'conv' ? c.wShape[0] : c.wShape[1] * G;
  // Multiply-adds: conv: every output pixel of every output channel sums (Cin/G)*kH*kW products.
  // convT: every input pixel of every input channel scatters into (Cout/G)*kH*kW outputs (the usual count,
  // the one onnxruntime and PyTorch's profilers use; products landing in the cropped padding included).
  const macs = c.op === 'conv' ? N * Cout * c.yShape[2] * c.yShape[3] * (Cin / G) * kH * kW : N * Cin * H * W * (Cout / G) * kH * kW;
  return {
    ...c,
    groups: G,
    description: DESCRIPTIONS[c.name] ?? c.name,
    x,
    w: all.subarray(0, wLen),
    bias: all.subarray(wLen),
    macs,
  };
}

// float64 reference, straight from the definitions (gather for conv, scatter for convT), per group.
function reference(c) {
  const [N, Cin, H, W] = c.xShape;
  const [, , kH, kW] = c.wShape;
  const [, Cout, Ho, Wo] = c.yShape;
  const s = c.stride, p = c.padding, G = c.groups;
  const cinG = Cin / G, coutG = Cout / G;
  const y = new Float64Array(prod(c.yShape));
  for (let n = 0; n < N; n++) {
    for (let co = 0; co < Cout; co++) y.fill(c.bias[co], (n * Cout + co) * Ho * Wo, (n * Cout + co + 1) * Ho * Wo);
    if (c.op === 'conv') {
      for (let co = 0; co < Cout; co++) for (let cg = 0; cg < cinG; cg++) for (let ky = 0; ky < kH; ky++) for (let kx = 0; kx < kW; kx++) {
        const ci = Math.floor(co / coutG) * cinG + cg;
        const wv = c.w[((co * cinG + cg) * kH + ky) * kW + kx];
        for (let oy = 0; oy < Ho; oy++) {
          const iy = oy * s - p + ky;
          if (iy < 0 || iy >= H) continue;
          const yRow = ((n * Cout + co) * Ho + oy) * Wo, xRow = ((n * Cin + ci) * H + iy) * W;
          for (let ox = 0; ox < Wo; ox++) {
            const ix = ox * s - p + kx;
            if (ix >= 0 && ix < W) y[yRow + ox] += wv * c.x[xRow + ix];
          }
        }
      }
    } else {
      for (let ci = 0; ci < Cin; ci++) for (let cg = 0; cg < coutG; cg++) for (let ky = 0; ky < kH; ky++) for (let kx = 0; kx < kW; kx++) {
        const co = Math.floor(ci / cinG) * coutG + cg;
        const wv = c.w[((ci * coutG + cg) * kH + ky) * kW + kx];
        for (let iy = 0; iy < H; iy++) {
          const oy = iy * s - p + ky;
          if (oy < 0 || oy >= Ho) continue;
          const yRow = ((n * Cout + co) * Ho + oy) * Wo, xRow = ((n * Cin + ci) * H + iy) * W;
          for (let ix = 0; ix < W; ix++) {
            const ox = ix * s - p + kx;
            if (ox >= 0 && ox < Wo) y[yRow + ox] += wv * c.x[xRow + ix];
          }
        }
      }
    }
  }
  return y;
}

// NCHW <-> NHWC and PyTorch weights -> TF.js filters (done once, outside timing).
function nchwToNhwc(a, [N, C, H, W]) {
  const o = new Float32Array(a.length);
  for (let n = 0; n < N; n++) for (let c = 0; c < C; c++) for (let h = 0; h < H; h++) for (let w = 0; w < W; w++)
    o[((n * H + h) * W + w) * C + c] = a[((n * C + c) * H + h) * W + w];
  return o;
}
function nhwcToNchw(a, [N, C, H, W]) {
  const o = new Float32Array(a.length);
  for (let n = 0; n < N; n++) for (let c = 0; c < C; c++) for (let h = 0; h < H; h++) for (let w = 0; w < W; w++)
    o[((n * C + c) * H + h) * W + w] = a[((n * H + h) * W + w) * C + c];
  return o;
}
// [A, B, kH, kW] -> [kH, kW, B, A]. conv2d: w[Cout,Cin,..] -> [kH,kW,Cin,Cout].
// conv2dTranspose: w[Cin,Cout,..] -> [kH,kW,Cout,Cin] ({outDepth, inDepth} of TF's filter; no flip).
function weightToTf(w, [A, B, kH, kW]) {
  const o = new Float32Array(w.length);
  for (let a = 0; a < A; a++) for (let b = 0; b < B; b++) for (let y = 0; y < kH; y++) for (let x = 0; x < kW; x++)
    o[((y * kW + x) * B + b) * A + a] = w[((a * B + b) * kH + y) * kW + x];
  return o;
}

// ---------------------------------------------------------------- contenders
// Each contender: { name, note, prepare(case) -> async call() -> Float32Array (NCHW) | null if unsupported }.
const problems = [];
const pkgVersion = (name) => JSON.parse(fs.readFileSync(path.join(ROOT, 'node_modules', name, 'package.json'), 'utf8')).version;

async function oursContender(name, factoryPath, note) {
  const coreJs = pathToFileURL(path.join(LIB, 'core.js')).href;
  const lib = await import(coreJs);
  let core;
  if (!factoryPath) {
    core = await lib.loadCore();
  } else {
    if (!fs.existsSync(factoryPath)) {
      problems.push(`${name}: ${path.relative(ROOT, factoryPath)} is missing (run: bash tools/build-wasm.sh scalar); skipped`);
      return null;
    }
    const factory = (await import(pathToFileURL(factoryPath).href)).default;
    if (typeof lib.loadCoreFrom !== 'function') {
      problems.push(`${name}: web/lib/core.js has no loadCoreFrom(factory); skipped`);
      return null;
    }
    core = await lib.loadCoreFrom(factory);
  }
  return {
    name,
    note,
    prepare(c) {
      const opts = { bias: c.bias, stride: c.stride, padding: c.padding, groups: c.groups };
      const x = { shape: c.xShape, data: c.x }, w = { shape: c.wShape, data: c.w };
      const call = c.op === 'conv' ? () => core.conv2d(x, w, opts) : () => core.convTranspose2d(x, w, opts);
      return {
        sync: true,
        call: () => {
          const r = call();
          return r.data;
        },
        shapeOf: () => call().shape,
      };
    },
  };
}

async function ortContender() {
  const ort = await import('onnxruntime-web');
  ort.env.wasm.numThreads = 1;
  ort.env.wasm.proxy = false;
  if ('simd' in ort.env.wasm) ort.env.wasm.simd = true;  // 1.30 ships SIMD builds only; kept for older versions
  ort.env.logLevel = 'error';
  const pkg = { version: pkgVersion('onnxruntime-web') };
  const sessions = new Map();
  return {
    name: 'ort-wasm',
    note: `onnxruntime-web ${pkg.version}, wasm EP, numThreads=1`,
    async init(c) {
      const bytes = fs.readFileSync(path.join(MODELS, `${c.name}.onnx`));
      sessions.set(c.name, await ort.InferenceSession.create(bytes, { executionProviders: ['wasm'], graphOptimizationLevel: 'all' }));
    },
    prepare(c) {
      const s = sessions.get(c.name);
      const inName = s.inputNames[0], outName = s.outputNames[0];
      return {
        sync: false,
        call: async () => {
          const out = await s.run({ [inName]: new ort.Tensor('float32', c.x, c.xShape) });
          const t = out[outName];
          const d = t.data;
          t.dispose?.();
          return d;
        },
        shapeOf: async () => (await s.run({ [inName]: new ort.Tensor('float32', c.x, c.xShape) }))[outName].dims,
      };
    },
  };
}

async function tfjsContender() {
  const tf = await import('@tensorflow/tfjs-core');
  const wasm = await import('@tensorflow/tfjs-backend-wasm');
  const dist = path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm'));
  wasm.setWasmPaths(dist + path.sep);
  if (!(await tf.setBackend('wasm'))) throw new Error('tf.setBackend("wasm") returned false');
  await tf.ready();
  const simd = tf.env().getBool('WASM_HAS_SIMD_SUPPORT');
  const threads = tf.env().getBool('WASM_HAS_MULTITHREAD_SUPPORT');
  if (!simd) problems.push('tfjs-wasm: the SIMD binary was not selected');
  return {
    name: 'tfjs-wasm',
    note: `TF.js core ${tf.version_core}, backend-wasm ${pkgVersion('@tensorflow/tfjs-backend-wasm')} (SIMD ${simd}, threads ${threads}); NHWC; conv: tf.fused.conv2d with bias, convT: tf.conv2dTranspose + tf.add(bias); groups > 1: split by group, one call each, concat (TF.js has no grouped ConvT)`,
    prepare(c) {
      const [N, Cin, H, W] = c.xShape;
      const [, Cout, Ho, Wo] = c.yShape;
      const xNhwc = nchwToNhwc(c.x, c.xShape);
      const [A, B, kH, kW] = c.wShape;
      const G = c.groups, aG = A / G;  // rows of w per group: Cout/G (conv) or Cin/G (convT)
      const filters = [], biases = [];
      for (let g = 0; g < G; g++) {
        const wg = c.w.subarray(g * aG * B * kH * kW, (g + 1) * aG * B * kH * kW);
        filters.push(tf.tensor4d(weightToTf(wg, [aG, B, kH, kW]), [kH, kW, B, aG]));
        const bLen = Cout / G;
        biases.push(tf.tensor1d(c.bias.subarray(g * bLen, (g + 1) * bLen)));
      }
      const pad = [[0, 0], [c.padding, c.padding], [c.padding, c.padding], [0, 0]];
      const convGroup = c.op === 'conv'
        ? (x, g) => tf.fused.conv2d({ x, filter: filters[g], strides: c.stride, pad, bias: biases[g] })
        : (x, g) => tf.add(tf.conv2dTranspose(x, filters[g], [N, Ho, Wo, Cout / G], c.stride, pad), biases[g]);
      const conv = G === 1 ? (x) => tf.tidy(() => convGroup(x, 0))
        : (x) => tf.tidy(() => tf.concat(tf.split(x, G, 3).map((xg, g) => convGroup(xg, g)), 3));
      const once = () => {
        const x = tf.tensor4d(xNhwc, [N, H, W, Cin]);
        const y = conv(x);
        const d = y.dataSync();
        const shape = y.shape;
        x.dispose();
        y.dispose();
        return { d, shape };
      };
      return {
        sync: true,
        call: () => once().d,
        shapeOf: () => { const s = once().shape; return [s[0], s[3], s[1], s[2]]; },
        toNchw: (d) => nhwcToNchw(d, c.yShape),
        dispose: () => { for (const t of [...filters, ...biases]) t.dispose(); },
      };
    },
  };
}

// The native build (tests/bench/native_bench.cpp) in its --serve mode: a child process that times
// reps Fast calls of a case by itself (no IPC in the time) so its samples interleave with the others.
// It checks Fast against its Reference path at start-up; its outputs are not sent back.
async function nativeContender(bin) {
  if (!fs.existsSync(bin)) {
    throw new Error(`${path.relative(ROOT, bin)} not found (cmake -S . -B build-bench -DCONVT_BENCH=ON -DCONVT_TESTS=OFF && cmake --build build-bench -j2)`);
  }
  const child = spawn(bin, ['--serve'], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => { stderr += d; });
  const waiting = [];
  let dead = null;
  child.on('exit', (code) => {
    dead = new Error(`${path.relative(ROOT, bin)} exited with ${code}: ${stderr.trim().slice(-300)}`);
    while (waiting.length) waiting.shift().reject(dead);
  });
  child.on('error', (e) => { dead = e; while (waiting.length) waiting.shift().reject(e); });
  readline.createInterface({ input: child.stdout }).on('line', (l) => waiting.shift()?.resolve(l));
  const next = () => new Promise((resolve, reject) => (dead ? reject(dead) : waiting.push({ resolve, reject })));
  const ask = (line) => {
    const p = next();
    child.stdin.write(line + '\n');
    return p;
  };
  const hello = await next();
  if (hello !== 'ready') throw new Error(`${bin}: unexpected greeting ${hello}`);
  return {
    name: 'native-sse',
    note: `${path.relative(ROOT, bin)} --serve: the same C++ (run_conv, Fast) built natively, baseline x86-64 (SSE2, no FMA); self-checked against Reference`,
    close: () => child.stdin.end(),
    prepare(c) {
      return {
        selfChecked: true,
        timed: async (reps) => {
          const l = await ask(`${c.name} ${reps}`);
          const ms = Number(l);
          if (!Number.isFinite(ms)) throw new Error(`native-sse: ${l}`);
          return ms;
        },
      };
    },
  };
}

// ---------------------------------------------------------------- timing
const median = (a) => {
  const s = [...a].sort((p, q) => p - q);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

async function timeBatch(p, reps) {
  if (p.timed) return p.timed(reps);
  let sink = 0;
  const t0 = performance.now();
  if (p.sync) {
    for (let i = 0; i < reps; i++) sink += p.call().length;
  } else {
    for (let i = 0; i < reps; i++) sink += (await p.call()).length;
  }
  const dt = performance.now() - t0;
  if (!sink) throw new Error('empty output');
  return dt / reps;
}

function compare(a, b) {
  if (a.length !== b.length) return { rel: Infinity, why: `length ${a.length} vs ${b.length}` };
  let maxDiff = 0, maxRef = 0, at = 0;
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs(a[i] - b[i]);
    if (!(d <= maxDiff)) { maxDiff = d; at = i; }  // NaN-safe: NaN replaces
    maxRef = Math.max(maxRef, Math.abs(b[i]));
  }
  return { rel: maxDiff / Math.max(maxRef, 1e-30), at, a: a[at], b: b[at] };
}

// ---------------------------------------------------------------- main
function fmt(v, d = 2) {
  if (v === null || v === undefined || Number.isNaN(v)) return '-';
  if (!Number.isFinite(v)) return 'inf';
  if (Math.abs(v) >= 100) return v.toFixed(Math.max(0, d - 2));
  if (Math.abs(v) >= 10) return v.toFixed(Math.max(0, d - 1));
  return v.toFixed(d);
}

async function main() {
  const started = new Date();
  const order = (c) => { const i = Object.keys(DESCRIPTIONS).indexOf(c.name); return i < 0 ? 99 : i; };
  const cases = meta.cases.map(loadCase).filter((c) => !ONLY || ONLY.has(c.name)).sort((a, b) => order(a) - order(b));
  if (!cases.length) throw new Error(`bench: no case matches --case=${args.get('case')}`);

  const ceilings = [];
  const ceilingNow = (when) => {
    const r = measureCeiling({ samples: QUICK ? 3 : 5 });
    ceilings.push({ when, gflops: r.gflops, best: r.best });
    return r;
  };
  const first = ceilingNow('start');
  const invariant = measureInvariant({ samples: 3 });

  // Contenders. ORT is the baseline: without it the ratios mean nothing, so its failure is fatal.
  const wasmDir = path.join(LIB, 'wasm');
  const simdFile = path.join(wasmDir, 'convt_core.js'), scalarFile = path.join(wasmDir, 'convt_core_scalar.js');
  const rel = (f) => path.relative(ROOT, f);
  const contenders = [await oursContender('ours-simd', null, `${rel(simdFile)} via loadCore()`)];
  if (!args.has('no-scalar')) {
    const sc = await oursContender('ours-scalar', scalarFile, `${rel(scalarFile)} via loadCoreFrom()`);
    if (sc) {
      contenders.push(sc);
      const dt = (fs.statSync(simdFile).mtimeMs - fs.statSync(scalarFile).mtimeMs) / 1000;
      if (Math.abs(dt) > 600) problems.push(`ours-scalar: convt_core_scalar.js and convt_core.js were built ${Math.round(Math.abs(dt) / 60)} min apart: are they the same source? (bash tools/build-wasm.sh scalar)`);
    }
  }
  try {
    contenders.push(await ortContender());
  } catch (e) {
    console.error(`\nFATAL: onnxruntime-web did not load: ${e.stack || e}`);
    process.exit(2);
  }
  let native = null;
  if (args.has('native')) {
    const bin = args.get('native') === true ? path.join(ROOT, 'build-bench/convt_native_bench') : path.resolve(String(args.get('native')));
    try {
      native = await nativeContender(bin);
      contenders.push(native);
    } catch (e) {
      problems.push(`native-sse: ${e.message}; skipped`);
    }
  }
  if (!args.has('no-tfjs')) {
    try {
      contenders.push(await tfjsContender());
    } catch (e) {
      problems.push(`tfjs-wasm: did not load (${e.message}); skipped`);
    }
  }

  const results = [];
  const mismatches = [];
  for (const c of cases) {
    const ref = reference(c);
    const prepared = [];
    for (const k of contenders) {
      if (k.init) await k.init(c);
      const p = k.prepare(c);
      if (p.selfChecked) {
        prepared.push({ k, p, y: null });
        continue;
      }
      // shape check, then correctness (warm-up call)
      const shape = Array.from(await p.shapeOf());
      if (JSON.stringify(shape) !== JSON.stringify(c.yShape)) {
        mismatches.push(`${c.name} ${k.name}: output shape [${shape}] but PyTorch gives [${c.yShape}]`);
      }
      let y = await p.call();
      if (p.toNchw) y = p.toNchw(y);
      prepared.push({ k, p, y: Float32Array.from(y) });
    }
    // outputs: each against the float64 reference and against every other contender
    const checks = [];
    const checked = prepared.filter((e) => e.y);
    for (const a of checked) {
      const r = compare(a.y, ref);
      checks.push({ a: a.k.name, b: 'f64-reference', rel: r.rel });
      if (!(r.rel <= TOLERANCE)) mismatches.push(`${c.name} ${a.k.name} vs f64 reference: rel ${r.rel.toExponential(2)} at ${r.at} (${r.a} vs ${r.b})`);
    }
    for (let i = 0; i < checked.length; i++) for (let j = i + 1; j < checked.length; j++) {
      const r = compare(checked[i].y, checked[j].y);
      checks.push({ a: checked[i].k.name, b: checked[j].k.name, rel: r.rel });
      if (!(r.rel <= TOLERANCE)) mismatches.push(`${c.name} ${checked[i].k.name} vs ${checked[j].k.name}: rel ${r.rel.toExponential(2)} at ${r.at} (${r.a} vs ${r.b})`);
    }

    // warm-up: at least 3 calls and 150 ms per contender; estimate the per-call time -> batch size
    for (const e of prepared) {
      const times = [];
      const t0 = performance.now();
      while (times.length < 3 || performance.now() - t0 < (QUICK ? 50 : 150)) times.push(await timeBatch(e.p, 1));
      e.reps = Math.max(1, Math.ceil(SAMPLE_MS / Math.max(median(times.slice(-Math.ceil(times.length / 2))), 1e-4)));
      e.samples = [];
    }
    // rounds: round-robin, rotating the order every round
    const t0 = performance.now();
    let rounds = 0;
    for (;;) {
      const el = (performance.now() - t0) / 1e3;
      if ((rounds >= MIN_ROUNDS && el >= MIN_SECONDS) || (rounds >= 5 && el >= MAX_SECONDS) || rounds >= 2000) break;
      for (let i = 0; i < prepared.length; i++) {
        const e = prepared[(i + rounds) % prepared.length];
        e.samples.push(await timeBatch(e.p, e.reps));
      }
      rounds++;
    }
    for (const e of prepared) e.p.dispose?.();
    const ceil = ceilingNow(`after ${c.name}`);
    const row = { case: c.name, description: c.description, op: c.op, xShape: c.xShape, wShape: c.wShape, yShape: c.yShape,
      stride: c.stride, padding: c.padding, macs: c.macs, rounds, seconds: (performance.now() - t0) / 1e3, checks, contenders: {} };
    for (const e of prepared) {
      const ms = median(e.samples);
      row.contenders[e.k.name] = {
        medianMs: ms, minMs: Math.min(...e.samples), p25Ms: quantile(e.samples, 0.25), p75Ms: quantile(e.samples, 0.75),
        callsPerSample: e.reps, samples: e.samples.length, gflops: (2 * c.macs) / (ms / 1e3) / 1e9,
      };
    }
    // Paired rounds: every round holds one sample of each contender, taken back to back, so the ratio
    // ORT / contender within a round cancels most of the machine's drift; the median of those ratios is
    // "vs ORT", their p25-p75 its spread.
    const base = prepared.find((e) => e.k.name === BASELINE);
    for (const e of prepared) {
      const v = row.contenders[e.k.name];
      if (!base) { v.speedupVsOrt = null; continue; }
      const ratios = e.samples.map((t, i) => base.samples[i] / t);
      v.speedupVsOrt = median(ratios);
      v.speedupVsOrtP25 = quantile(ratios, 0.25);
      v.speedupVsOrtP75 = quantile(ratios, 0.75);
      v.ratioOfMedians = base ? row.contenders[BASELINE].medianMs / v.medianMs : null;
    }
    row.ceilingAfterGflops = ceil.gflops;
    results.push(row);
    process.stderr.write(`  ${c.name}: ${rounds} rounds, ${row.seconds.toFixed(1)} s\n`);
  }

  const ceilingGflops = Math.max(...ceilings.map((c) => c.gflops));
  for (const r of results) for (const v of Object.values(r.contenders)) v.percentOfCeiling = (100 * v.gflops) / ceilingGflops;


  // ---------------- print
  const lines = [];
  const pr = (s = '') => lines.push(s);
  pr(`ConvT Lab bench  ${started.toISOString()}  ${os.cpus()[0]?.model ?? '?'} x${os.cpus().length}  Node ${process.version}  load ${os.loadavg().map((v) => v.toFixed(2)).join(' ')}`);
  for (const k of contenders) pr(`  ${k.name.padEnd(12)} ${k.note}`);
  pr(`  rounds >= ${MIN_ROUNDS} and >= ${MIN_SECONDS} s per case (at most ${MAX_SECONDS} s), round-robin; median of samples; a sample batches calls up to >= ${SAMPLE_MS} ms`);
  pr(`  vs ORT: median over rounds of (ORT's sample / this contender's sample in the same round), with its p25-p75`);
  pr(`  WASM SIMD mul+add ceiling: ${ceilingGflops.toFixed(1)} GFLOP/s (best of ${ceilings.length} measurements: ${ceilings.map((c) => c.gflops.toFixed(1)).join(', ')}; `
    + `${first.best.chains} chains of f32x4 acc=acc*m+c). Hoistable acc+=a*b variant: ${invariant.toFixed(1)} GFLOP/s (informational)`);
  pr();
  const header = ['case', 'contender', 'median ms', 'p25-p75 ms', 'GFLOP/s', 'vs ORT', 'vs ORT p25-p75', '% ceiling'];
  if (native) header.push('vs native');
  const rows = [header];
  for (const r of results) {
    for (const [name, v] of Object.entries(r.contenders)) {
      const row = [r.case, name, fmt(v.medianMs, 3), `${fmt(v.p25Ms, 3)}-${fmt(v.p75Ms, 3)}`, fmt(v.gflops, 2),
        v.speedupVsOrt ? `${v.speedupVsOrt.toFixed(2)}x` : '-',
        v.speedupVsOrt ? `${v.speedupVsOrtP25.toFixed(2)}-${v.speedupVsOrtP75.toFixed(2)}` : '-', `${v.percentOfCeiling.toFixed(1)}%`];
      if (native) {
        const nt = r.contenders['native-sse']?.medianMs;
        const show = name.startsWith('ours-') && nt !== undefined;
        row.push(show ? `${(v.medianMs / nt).toFixed(2)}x` : '');
      }
      rows.push(row);
    }
  }
  const widths = header.map((_, i) => Math.max(...rows.map((r) => String(r[i]).length)));
  rows.forEach((r, ri) => {
    pr(r.map((c, i) => (i < 2 ? String(c).padEnd(widths[i]) : String(c).padStart(widths[i]))).join('  '));
    if (ri === 0) pr(widths.map((w) => '-'.repeat(w)).join('  '));
  });
  pr();
  for (const r of results) pr(`  ${r.case.padEnd(14)} ${r.description}; ${(r.macs / 1e6).toFixed(2)} M multiply-adds; ${r.rounds} rounds; max rel. diff ${Math.max(...r.checks.map((c) => c.rel)).toExponential(1)}`);
  if (native) pr('  vs native: median time of this WASM build / median time of native-sse (same run, interleaved); < 1.5x is the goal');

  // Every core call the page makes to redraw all views for a 64x64 input (web/src/model/compute.js and view-data.js:
  // explain, the fast and reference ops, the zero-stuffed construction, the polyphase view).
  const pageCore = await (await import(pathToFileURL(path.join(LIB, 'core.js')).href)).loadCore();
  const recompute = {};
  for (const mode of ['conv', 'convT']) {
    const params = { mode, size: 64, kernelSize: 3, stride: 2, padding: 1, dilation: 1, outputPadding: 1 };
    const x = { shape: [1, 1, 64, 64], data: Float32Array.from({ length: 4096 }, (_, i) => (i % 9) + 1) };
    const w = { shape: [1, 1, 3, 3], data: Float32Array.from({ length: 9 }, (_, i) => i + 1) };
    const o = { stride: 2, padding: 1 };
    const all = () => {
      const ex = pageCore.explain(params);
      if (mode === 'conv') {
        const y = pageCore.conv2d(x, w, o);
        pageCore.reference.conv2d(x, w, o);
        pageCore.convTranspose2d(y, w, { ...o, outputPadding: 1 });
      } else {
        const y = pageCore.convTranspose2d(x, w, { ...o, outputPadding: 1 });
        pageCore.reference.convTranspose2d(x, w, { ...o, outputPadding: 1 });
        pageCore.convTranspose2dByStuffing(x, w, { ...o, outputPadding: 1 });
        if (typeof pageCore.polyphase === 'function') pageCore.polyphase(params, x.data, w.data);
        pageCore.conv2d(y, w, o);
      }
      return ex;
    };
    for (let i = 0; i < 30; i++) all();
    const times = [];
    for (let i = 0; i < (QUICK ? 30 : 120); i++) { const t = performance.now(); all(); times.push(performance.now() - t); }
    recompute[mode] = quantile(times, 0.5);
  }
  pr();
  pr(`Page redraw, 64x64 input, k3 s2 p1, every core call of the page's model: conv mode ${recompute.conv.toFixed(3)} ms, convT mode ${recompute.convT.toFixed(3)} ms (median)`);
  const networks = await timeNetworks(pageCore);
  pr(`Networks (median ms): the digits autoencoder's forward pass on one digit, trained decoder + transposed encoder ${networks.autoencoderMs.toFixed(3)} `
    + `(${networks.trainedMs.toFixed(3)} + ${networks.transposedMs.toFixed(3)}); per keystroke in a ${networks.layers}-layer model, parseTorch + planNetwork + pairNetwork + mirrorNetwork of its encoder `
    + `${networks.keystrokeMs.toFixed(3)} (parse ${networks.parseMs.toFixed(3)}, plan ${networks.planMs.toFixed(3)}, pair ${networks.pairMs.toFixed(3)}, mirror ${networks.mirrorMs.toFixed(3)}); the page's redraw of it is in the page table)`);
  let modes = null;
  try {
    modes = timePaddingModes(pageCore, { rounds: QUICK ? 10 : 30 });
    pr(`Padding modes, conv 1->1 512x512 3x3 p1 (CPU ms per call, median of ${modes.rounds} paired rounds; ratio: median per-round ratio to zeros): `
      + Object.entries(modes.modes).map(([m, v]) => `${m} ${v.medianMs.toFixed(3)}${m === 'zeros' ? '' : ` (${v.ratioToZeros.toFixed(2)}x)`}`).join(', '));
  } catch (e) {
    problems.push(`padding modes: ${e.message} (a build without paddingMode?); skipped`);
  }

  // goals of issues 4, 12 and 21
  const goals = [];
  goal_page: for (const mode of ['conv', 'convT']) goals.push({ goal: `page redraw 64x64 (${mode}): core time < 1 ms`, value: recompute[mode], target: 1, unit: 'ms', met: recompute[mode] < 1 });
  const sp = (cn, k) => results.find((r) => r.case === cn)?.contenders[k];
  const goal = (text, value, target, unit = 'x') => {
    if (value === undefined || value === null || Number.isNaN(value)) return;
    const met = unit === 'ms' ? value < target : value >= target;
    goals.push({ goal: text, value, target, unit, met });
  };
  goal('A: ours-simd vs ORT >= 2.5x (paired)', sp('A', 'ours-simd')?.speedupVsOrt, 2.5);
  goal('B: ours-simd vs ORT >= 2.0x (paired)', sp('B', 'ours-simd')?.speedupVsOrt, 2.0);
  goal('C: ours-simd vs ORT >= 1.7x (paired)', sp('C', 'ours-simd')?.speedupVsOrt, 1.7);
  goal('D: ours-simd vs ORT >= 4x (paired)', sp('D', 'ours-simd')?.speedupVsOrt, 4);
  goal('padding_mode reflect within 1.2x of zeros (512x512, 3x3)', modes?.modes.reflect.ratioToZeros, 1.2, 'ms');
  goal('digits autoencoder, both decoders, one digit < 10 ms', networks.autoencoderMs, 10, 'ms');
  goal(`parse + plan + pair + mirror, ${networks.layers} layers < 16 ms (the page's budget per keystroke; with the redraw: the page table)`, networks.keystrokeMs, 16, 'ms');
  for (const cn of ['B', 'C']) {
    const s = sp(cn, 'ours-simd'), q = sp(cn, 'ours-scalar');
    if (s && q) goal(`${cn}: SIMD vs scalar >= 3x`, q.medianMs / s.medianMs, 3);
    const nt = sp(cn, 'native-sse');
    if (s && nt) goal(`${cn}: WASM within 1.5x of native (ours-simd / native-sse <= 1.5)`, s.medianMs / nt.medianMs, 1.5, 'ms');
  }
  const page = results.filter((r) => r.case.startsWith('page_') && r.xShape[2] === 64);
  for (const r of page) goal(`${r.case}: ours-simd < 1 ms`, r.contenders['ours-simd']?.medianMs, 1, 'ms');
  if (goals.length) {
    pr();
    pr('Goals (issues 4, 12 and 21):');
    for (const g of goals) pr(`  [${g.met ? 'met' : 'NOT met'}] ${g.goal}: ${g.value.toFixed(g.unit === 'ms' ? 3 : 2)}`);
  }
  if (problems.length) {
    pr();
    pr('Problems:');
    for (const p of problems) pr(`  ! ${p}`);
  }
  console.log(lines.join('\n'));

  fs.mkdirSync(OUT_DIR, { recursive: true });
  const json = {
    date: started.toISOString(),
    machine: { cpu: os.cpus()[0]?.model, cpus: os.cpus().length, platform: `${os.platform()} ${os.release()}`, node: process.version, loadavg: os.loadavg() },
    contenders: contenders.map((k) => ({ name: k.name, note: k.note })),
    settings: { minRounds: MIN_ROUNDS, minSeconds: MIN_SECONDS, maxSeconds: MAX_SECONDS, tolerance: TOLERANCE, sampleMs: SAMPLE_MS, baseline: BASELINE },
    ceiling: { gflops: ceilingGflops, measurements: ceilings, hoistableVariantGflops: invariant },
    results, paddingModes: modes, networks, goals, problems, mismatches, table: lines.join('\n'),
  };
  fs.writeFileSync(path.join(OUT_DIR, 'bench.json'), JSON.stringify(json, null, 1) + '\n');
  console.log(`\nwrote ${path.relative(ROOT, path.join(OUT_DIR, 'bench.json'))}`);

  for (const k of contenders) k.close?.();
  if (mismatches.length) {
    console.error('\nMISMATCH: outputs disagree (tolerance ' + TOLERANCE + ' relative to the largest |reference|):');
    for (const m of mismatches) console.error('  ' + m);
    process.exit(1);
  }
}

// The network functions of issue 21, timed as the page calls them: the digits autoencoder's forward
// pass (runNetwork, both decoders, on the first sample digit) and, per keystroke in a model's text,
// parseTorch + planNetwork + pairNetwork + mirrorNetwork (of its encoder) of a 30-layer encoder-decoder
// (tests/bench/deep-autoencoder.mjs), as the page's network view computes them, and each apart.
// Each median over rounds after a warm-up; the same core as the page redraw above.
async function timeNetworks(core) {
  const lib = await import(pathToFileURL(path.join(LIB, 'core.js')).href);
  const models = path.join(LIB, 'network/models');
  const model = JSON.parse(fs.readFileSync(path.join(models, 'digits-autoencoder.json'), 'utf8'));
  const weights = fs.readFileSync(path.join(models, 'digits-autoencoder.bin'));
  const samples = JSON.parse(fs.readFileSync(path.join(models, 'digits-samples.json'), 'utf8'));
  const [digit] = lib.readSamples(samples, fs.readFileSync(path.join(models, 'digits-samples.bin')));
  const text = DEEP_AUTOENCODER, input = DEEP_AUTOENCODER_INPUT;
  const parsed = lib.parseTorch(text);
  if (parsed.layers.length !== 30 || parsed.problems.length) throw new Error(`bench: the 30-layer model reads as ${parsed.layers.length} layers, ${JSON.stringify(parsed.problems)}`);
  const planned = lib.planNetwork(parsed.layers, input);
  if (JSON.stringify(planned.at(-1).output) !== JSON.stringify(input)) throw new Error(`bench: the 30-layer model gives ${planned.at(-1).output}`);
  const time = (fn, rounds) => {
    for (let i = 0; i < Math.ceil(rounds / 4); i++) fn();
    const t = [];
    for (let i = 0; i < rounds; i++) { const t0 = performance.now(); fn(); t.push(performance.now() - t0); }
    return quantile(t, 0.5);
  };
  const rounds = QUICK ? 60 : 300;
  const trained = () => lib.runNetwork(core, model, weights, digit.input);
  const transposed = () => lib.runNetwork(core, model, weights, digit.input, { decoder: 'transposedEncoder' });
  let layers;
  return {
    autoencoderMs: time(() => { trained(); transposed(); }, rounds),
    trainedMs: time(trained, rounds),
    transposedMs: time(transposed, rounds),
    // what the page's network view computes per keystroke: read, plan, pair, and mirror the encoder
    keystrokeMs: time(() => { layers = lib.parseTorch(text).layers; lib.planNetwork(layers, input); lib.pairNetwork(layers, input); lib.mirrorNetwork(layers.slice(0, 15), input); }, rounds),
    parseMs: time(() => lib.parseTorch(text), rounds),
    planMs: time(() => lib.planNetwork(parsed.layers, input), rounds),
    pairMs: time(() => lib.pairNetwork(parsed.layers, input), rounds),
    mirrorMs: time(() => lib.mirrorNetwork(parsed.layers.slice(0, 15), input), rounds),
    layers: parsed.layers.length,
  };
}

function quantile(a, q) {
  const s = [...a].sort((p, r) => p - r);
  const i = (s.length - 1) * q, lo = Math.floor(i), hi = Math.ceil(i);
  return s[lo] + (s[hi] - s[lo]) * (i - lo);
}

main().catch((e) => {
  console.error(e.stack || e);
  process.exit(1);
});
