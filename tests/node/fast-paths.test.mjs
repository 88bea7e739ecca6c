// Every fast path of the WASM module, forced through the seam by name (core._testOnly, a test-only
// switch), on every PyTorch fixture case it applies to, against PyTorch's output: the measured
// rules alone reach some paths with only a case or two (Winograd F(2x2, 3x3) with one), so the
// paths are compared case by case as the native tests compare them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { loadCore, ConvtError } from '../../web/lib/core.js';

const fixtures = (name) => JSON.parse(readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8'));
const core = await loadCore();
const paths = core._testOnly.fastPaths;

function assertClose(got, want, where) {
  assert.equal(got.length, want.length, `${where}: length`);
  let maxRef = 0;
  for (const v of want) maxRef = Math.max(maxRef, Math.abs(v));
  for (let i = 0; i < want.length; i++) {
    const tol = 1e-5 + 1e-4 * Math.abs(want[i]);
    if (!(Math.abs(got[i] - want[i]) <= tol)) assert.fail(`${where}: element ${i} is ${got[i]}, PyTorch says ${want[i]}`);
    if (!(Math.abs(got[i] - want[i]) <= 1e-4 * maxRef + 1e-7)) assert.fail(`${where}: element ${i} is off by more than 1e-4 of max |ref|`);
  }
}

test('the module lists its fast paths for both operations, in the order its dispatcher tries them', () => {
  const names = (op) => paths.filter((p) => p.op === op).map((p) => p.name);
  assert.deepEqual(names('conv2d'), ['dwconv-3x3s1', 'winograd-f2x2-3x3', 'direct', 'reference']);
  assert.deepEqual(names('convTranspose2d'), ['dwconvT-4x4s2', 'winograd-f2x2-2x2', 'polyphase-fused-s2', 'polyphase', 'reference']);
});

test('every fast path, forced, matches PyTorch on every fixture case it applies to', { timeout: 300_000 }, (t) => {
  const took = new Map(paths.map((p) => [`${p.op} ${p.name}`, 0]));
  const cases = { conv2d: 0, convTranspose2d: 0 };
  for (const file of ['conv_cases.json', 'surface_cases.json', 'kernel_cases.json']) {
    for (const c of fixtures(file).cases) {
      if (c.error) continue;
      const opts = { ...c.opts, bias: c.bias ? c.bias : undefined };
      const op = c.op === 'conv2d' ? 'conv2d' : 'convTranspose2d';  // the fixtures use PyTorch's names
      cases[op]++;
      for (const p of paths.filter((q) => q.op === op)) {
        let y;
        try {
          y = core._testOnly[op](p.name, c.x, c.w, opts);
        } catch (e) {
          // Refused by name, and for no other reason.
          assert.ok(e instanceof ConvtError && e.parameter === 'fastPath' && e.message.includes(`'${p.name}' does not apply`),
            `${c.id} on ${p.name}: ${e.message}`);
          continue;
        }
        assert.deepEqual(y.shape, c.expected.shape, `${c.id} on ${p.name}`);
        assertClose(y.data, c.expected.data, `${c.id} on ${p.name}`);
        took.set(`${p.op} ${p.name}`, took.get(`${p.op} ${p.name}`) + 1);
      }
    }
  }
  t.diagnostic(`fixture cases per path: ${[...took].map(([k, n]) => `${k} ${n}`).join(', ')}`);
  for (const [path, n] of took) assert.ok(n >= 5, `${path} took only ${n} fixture cases`);
  // The last entries apply to every call; the direct Conv2d kernels to every fixture's (no copy is past the cap).
  assert.equal(took.get('conv2d reference'), cases.conv2d);
  assert.equal(took.get('convTranspose2d reference'), cases.convTranspose2d);
  assert.equal(took.get('conv2d direct'), cases.conv2d);
  assert.ok(took.get('conv2d winograd-f2x2-3x3') >= 20, 'Winograd F(2x2, 3x3) on its fixture cases');
});

test('forcing a path that does not apply, or that the operation lacks, is refused by name', { timeout: 10_000 }, () => {
  const x = { shape: [1, 2, 5, 5], data: new Float32Array(50).fill(1) };
  const w = { shape: [2, 2, 3, 3], data: new Float32Array(36).fill(1) };
  const refused = (fn, words) => assert.throws(fn, (e) => e instanceof ConvtError && e.parameter === 'fastPath' && e.message.includes(words));
  refused(() => core._testOnly.conv2d('dwconv-3x3s1', x, w), "'dwconv-3x3s1' does not apply to this conv2d call");
  refused(() => core._testOnly.conv2d('winograd-f2x2-3x3', x, w, { stride: 2 }), "'winograd-f2x2-3x3' does not apply");
  refused(() => core._testOnly.convTranspose2d('dwconv-3x3s1', x, w), 'convTranspose2d has no fast path');
  refused(() => core._testOnly.conv2d('fastest', x, w), 'conv2d has no fast path');
  // Winograd applies to finite data only: an infinity makes it refuse, and the rules take another path.
  const inf = { shape: x.shape, data: x.data.map((v, i) => (i === 7 ? Infinity : v)) };
  assert.deepEqual(core._testOnly.conv2d('winograd-f2x2-3x3', x, w, { padding: 1 }), core.conv2d(x, w, { padding: 1 }));
  refused(() => core._testOnly.conv2d('winograd-f2x2-3x3', inf, w, { padding: 1 }), "'winograd-f2x2-3x3' does not apply");
  assert.deepEqual(core.conv2d(inf, w, { padding: 1 }), core.reference.conv2d(inf, w, { padding: 1 }));
});
