// 10,000 calls in a row with random valid and invalid arguments: every invalid one is an Error
// naming a parameter, every valid one equals the reference loops, and the module never aborts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadCore } from '../../web/lib/core.js';

const core = await loadCore();

// A small deterministic PRNG so a failure can be replayed.
function rng(seed) {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}
const rand = rng(20261126);
const int = (lo, hi) => lo + Math.floor(rand() * (hi - lo + 1));
const pickOne = (xs) => xs[Math.floor(rand() * xs.length)];

const HOSTILE_NUMBERS = [NaN, Infinity, -Infinity, 0.5, -1, 0, 1e9, 2 ** 31, 2 ** 53, -(2 ** 40), 1e300];
const HOSTILE_VALUES = [...HOSTILE_NUMBERS, '3', null, {}, [], [1], [1, 2, 3], true, () => 1, Symbol('s'), 10n];

function randomData(n) {
  const d = new Float32Array(n);
  for (let i = 0; i < n; i++) d[i] = rand() * 2 - 1;
  if (rand() < 0.05 && n) d[int(0, n - 1)] = pickOne([NaN, Infinity, -Infinity]);
  return d;
}

// A valid call (by construction), then maybe one thing broken.
function randomCall() {
  const transposed = rand() < 0.5;
  const g = int(1, 3), cin = g * int(1, 2), cout = g * int(1, 3);
  const n = int(1, 2), h = int(1, 9), w = int(1, 9), kh = int(1, 4), kw = int(1, 4);
  const opts = { stride: [int(1, 3), int(1, 3)], padding: [int(0, 2), int(0, 2)], dilation: [int(1, 2), int(1, 2)], groups: g };
  if (transposed) opts.outputPadding = [int(0, 1), int(0, 1)];
  if (rand() < 0.3) opts.bias = randomData(cout);
  // The options of PyTorch's modules, on a third of the calls (a mode may refuse its padding: a named error).
  if (!transposed && rand() < 0.33) {
    opts.paddingMode = pickOne(['zeros', 'reflect', 'replicate', 'circular']);
    const r = rand();
    if (r < 0.3) { opts.padding = 'same'; opts.stride = 1; } else if (r < 0.4) opts.padding = 'valid';
  }
  const outputSizeFromPadding = transposed && rand() < 0.33;
  const x = { shape: [n, cin, h, w], data: randomData(n * cin * h * w) };
  const wt = { shape: transposed ? [cin, cout / g, kh, kw] : [cout, cin / g, kh, kw], data: randomData(cin * cout / g * kh * kw) };
  let broken = null;
  const r = rand();
  if (r < 0.1) { broken = 'option'; opts[pickOne(['stride', 'padding', 'dilation', 'groups', 'outputPadding'])] = pickOne(HOSTILE_VALUES); }
  else if (r < 0.15) { broken = 'shape'; x.shape = x.shape.map((v) => (rand() < 0.3 ? pickOne(HOSTILE_VALUES) : v)); }
  else if (r < 0.2) { broken = 'data'; x.data = pickOne([x.data.subarray(0, Math.max(0, x.data.length - int(1, 3))), 'abc', null, 42, {}]); }
  else if (r < 0.23) { broken = 'huge'; x.shape = [1, cin, 2 ** int(14, 30), 2 ** int(14, 30)]; }
  else if (r < 0.26) { broken = 'weight'; wt.shape = [wt.shape[0], wt.shape[1] + 1, kh, kw]; }
  else if (r < 0.28) { broken = 'args'; return { transposed, x: pickOne([undefined, null, 3, 'x', []]), w: wt, opts, broken }; }
  else if (r < 0.31) { broken = 'option'; opts[pickOne(['paddingMode', 'outputSize', 'padding'])] = pickOne([...HOSTILE_VALUES, 'same', 'bogus', [1e9, 1e9], [NaN, 1]]); }
  if (outputSizeFromPadding && broken !== 'option') {
    // The size outputPadding gives, asked for as outputSize instead (from the reference, when it is valid).
    try { opts.outputSize = core.reference.convTranspose2d(x, wt, opts).shape.slice(-2); delete opts.outputPadding; } catch { /* invalid: keep */ }
  }
  return { transposed, x, w: wt, opts, broken };
}

test('10,000 random valid and invalid calls: Errors name a parameter, values match the reference', { timeout: 300_000 }, () => {
  let valid = 0, refused = 0, nonFinite = 0;
  const heapBefore = core.heapInUse();
  for (let i = 0; i < 10000; i++) {
    const c = randomCall();
    const fast = c.transposed ? core.convTranspose2d.bind(core) : core.conv2d.bind(core);
    const ref = c.transposed ? core.reference.convTranspose2d : core.reference.conv2d;
    let y, err;
    try { y = fast(c.x, c.w, c.opts); } catch (e) { err = e; }
    if (err) {
      assert.ok(err instanceof Error, `call ${i}: threw ${String(err)}`);
      assert.equal(typeof err.parameter, 'string', `call ${i}: ${err.message}`);
      assert.ok(err.parameter.length > 0 && err.message.startsWith(err.parameter), `call ${i}: ${err.message}`);
      refused++;
      continue;
    }
    assert.equal(c.broken === null || c.broken === 'option' || c.broken === 'shape', true,
      `call ${i}: a ${c.broken} call was accepted`);
    const want = ref(c.x, c.w, c.opts);
    assert.deepEqual(y.shape, want.shape, `call ${i}`);
    for (let j = 0; j < want.data.length; j++) {
      const a = y.data[j], b = want.data[j];
      if (Number.isNaN(b) || !Number.isFinite(b)) { nonFinite++; assert.ok(Object.is(a, b) || (Number.isNaN(a) && Number.isNaN(b)), `call ${i}[${j}]: ${a} vs ${b}`); continue; }
      assert.ok(Math.abs(a - b) <= 1e-5 + 1e-4 * Math.abs(b), `call ${i}[${j}]: ${a} vs ${b}`);
    }
    valid++;
  }
  assert.ok(valid > 5000 && refused > 1000, `${valid} valid, ${refused} refused`);
  assert.ok(nonFinite > 0, 'some calls carried NaN or Infinity through');
  assert.equal(core.heapInUse(), heapBefore, 'no WASM heap leaked');
  // Still alive and right after all of that.
  const y = core.convTranspose2d({ shape: [1, 1, 2, 2], data: [1, 2, 3, 4] }, { shape: [1, 1, 2, 2], data: [1, 1, 1, 1] }, { stride: 2 });
  assert.deepEqual(Array.from(y.data), [1, 1, 2, 2, 1, 1, 2, 2, 3, 3, 4, 4, 3, 3, 4, 4]);
});
