// The WASM SIMD mul+add ceiling: a hand-assembled WebAssembly module (no toolchain needed) that
// runs K independent f32x4 chains  acc_k = acc_k * m + c  (one f32x4.mul and one f32x4.add per
// step, 8 flops). Every multiply depends on its chain, so no engine can hoist it out of the loop;
// with enough chains the loop is bound by the multiply/add ports, not by latency. Clang 14 has no
// usable relaxed-SIMD FMA for Node 20, so mul+add is what our kernels can issue: this is their peak.
//
// A second, informational variant, acc_k += a_k * b with a_k and b loop-invariant, is also built:
// if the engine hoisted the products it would count adds only and read above the true peak.

const V128 = 0x7b, I32 = 0x7f, F32 = 0x7d;

function uleb(n) {
  const out = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n) b |= 0x80;
    out.push(b);
  } while (n);
  return out;
}

function sleb(n) {
  const out = [];
  for (;;) {
    const b = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (b & 0x40) === 0) || (n === -1 && (b & 0x40) !== 0)) {
      out.push(b);
      return out;
    }
    out.push(b | 0x80);
  }
}

const f32const = (v) => [0x43, ...new Uint8Array(new Float32Array([v]).buffer)];
const simd = (op) => [0xfd, ...uleb(op)];
const F32X4_SPLAT = 0x13, F32X4_EXTRACT_LANE = 0x1f, F32X4_ADD = 0xe4, F32X4_MUL = 0xe6;
const get = (i) => [0x20, ...uleb(i)], set = (i) => [0x21, ...uleb(i)], tee = (i) => [0x22, ...uleb(i)];

function section(id, bytes) {
  return [id, ...uleb(bytes.length), ...bytes];
}

/**
 * Module bytes exporting run(iters: i32) -> f32, doing iters * unroll * chains f32x4 mul+add steps.
 * kind 'chain': acc = acc*m + c (nothing hoistable). kind 'invariant': acc += a_k*b (hoistable).
 */
export function ceilingModuleBytes(chains, unroll, kind = 'chain') {
  // locals: 0 = iters (param); 1..chains = acc; then m, c (chain) or b and a_1..a_chains (invariant)
  const acc = (k) => 1 + k;
  const M = 1 + chains, C = 2 + chains;
  const A = (k) => 2 + chains + k;  // invariant: a_k ; B = M
  const nV128 = kind === 'chain' ? chains + 2 : 2 * chains + 1;
  const body = [];
  body.push(...f32const(0.9999), ...simd(F32X4_SPLAT), ...set(M));
  if (kind === 'chain') {
    body.push(...f32const(1e-4), ...simd(F32X4_SPLAT), ...set(C));
  } else {
    for (let k = 0; k < chains; k++) body.push(...f32const(1e-5 * (k + 1)), ...simd(F32X4_SPLAT), ...set(A(k)));
  }
  for (let k = 0; k < chains; k++) body.push(...f32const(0.5 + 0.01 * k), ...simd(F32X4_SPLAT), ...set(acc(k)));
  body.push(0x03, 0x40);  // loop
  for (let u = 0; u < unroll; u++) {
    for (let k = 0; k < chains; k++) {
      if (kind === 'chain') {
        body.push(...get(acc(k)), ...get(M), ...simd(F32X4_MUL), ...get(C), ...simd(F32X4_ADD), ...set(acc(k)));
      } else {
        body.push(...get(acc(k)), ...get(A(k)), ...get(M), ...simd(F32X4_MUL), ...simd(F32X4_ADD), ...set(acc(k)));
      }
    }
  }
  body.push(...get(0), 0x41, ...sleb(1), 0x6b, ...tee(0), 0x0d, 0x00, 0x0b);  // iters -= 1; br_if loop; end
  body.push(...get(acc(0)));
  for (let k = 1; k < chains; k++) body.push(...get(acc(k)), ...simd(F32X4_ADD));
  body.push(...simd(F32X4_EXTRACT_LANE), 0x00, 0x0b);
  const func = [...uleb(1), ...uleb(nV128), V128, ...body];
  return new Uint8Array([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, [1, 0x60, 1, I32, 1, F32]),
    ...section(3, [1, 0]),
    ...section(7, [1, 3, ...Buffer.from('run'), 0x00, 0]),
    ...section(10, [1, ...uleb(func.length), ...func]),
  ]);
}

/** One variant's best GFLOP/s over `samples` timed calls of about `targetMs` each. */
export function measureVariant(chains, unroll, kind, { samples = 5, targetMs = 20 } = {}) {
  const { exports } = new WebAssembly.Instance(new WebAssembly.Module(ceilingModuleBytes(chains, unroll, kind)));
  const flopsPerIter = chains * unroll * 8;
  let iters = 1000;
  exports.run(iters);  // compile (Liftoff, then TurboFan)
  for (;;) {
    const t0 = performance.now();
    exports.run(iters);
    const dt = performance.now() - t0;
    if (dt > targetMs / 4 || iters > 1e9) {
      iters = Math.max(1, Math.round(iters * targetMs / Math.max(dt, 1e-3)));
      break;
    }
    iters *= 4;
  }
  let best = 0;
  let sink = 0;
  for (let s = 0; s < samples; s++) {
    const t0 = performance.now();
    sink += exports.run(iters);
    const dt = (performance.now() - t0) / 1e3;
    best = Math.max(best, (iters * flopsPerIter) / dt / 1e9);
  }
  if (!Number.isFinite(sink)) throw new Error('ceiling: non-finite result');
  return best;
}

const CHAIN_VARIANTS = [[12, 4], [14, 4], [16, 2], [16, 4]];

/** The ceiling: the best of several chain counts (a 2-core shared machine is noisy: take the best). */
export function measureCeiling(opts) {
  const perVariant = CHAIN_VARIANTS.map(([k, u]) => ({ chains: k, unroll: u, gflops: measureVariant(k, u, 'chain', opts) }));
  const best = perVariant.reduce((a, b) => (b.gflops > a.gflops ? b : a));
  return { gflops: best.gflops, best, perVariant };
}

/** Informational: acc += a*b with loop-invariant a, b (an engine may hoist the multiply). */
export function measureInvariant(opts) {
  return measureVariant(12, 4, 'invariant', opts);
}
