// Parity with PyTorch through the public JS API (the same fixtures as the native tests).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { loadCore, ConvtError } from '../../web/lib/core.js';

const fixtures = (name) => JSON.parse(readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8'));
const core = await loadCore();

function assertClose(got, want, id) {
  assert.equal(got.length, want.length, `${id}: length`);
  for (let i = 0; i < want.length; i++) {
    const tol = 1e-5 + 1e-4 * Math.abs(want[i]);
    if (!(Math.abs(got[i] - want[i]) <= tol)) assert.fail(`${id}: element ${i} is ${got[i]}, PyTorch says ${want[i]}`);
  }
}

// The rule a torch message states; ours must state the same one.
const RULES = ['non-positive stride', 'negative padding', 'negative output_padding', 'dilation should be greater than zero',
  "Kernel size can't be greater", 'output padding must be smaller', 'Output size is too small',
  'expected weight to be divisible', 'expected bias to be 1-dimensional', 'non-positive groups', 'channels, but got',
  'expected weight to be at least'];

// Every case of a fixture file on every path: values as torch's, errors stating torch's rule and naming
// a parameter (the one surface_cases.json names, with the rule, when it does). Returns the counts.
function checkFixtureFile(name) {
  const { cases } = fixtures(name);
  let valid = 0, invalid = 0;
  for (const c of cases) {
    const opts = { ...c.opts, bias: c.bias ? c.bias : undefined };
    const calls = c.op === 'conv2d'
      ? [() => core.conv2d(c.x, c.w, opts), () => core.reference.conv2d(c.x, c.w, opts)]
      : [() => core.convTranspose2d(c.x, c.w, opts), () => core.reference.convTranspose2d(c.x, c.w, opts),
         () => core.convTranspose2dByStuffing(c.x, c.w, opts).output];
    for (const call of calls) {
      if (c.error) {
        const rule = c.rule ?? RULES.find((r) => c.error.includes(r));
        assert.ok(rule, `${c.id}: unknown torch error ${c.error}`);
        assert.throws(call, (e) => e instanceof ConvtError && e.message.includes(rule) && typeof e.parameter === 'string'
          && e.message.startsWith(`${e.parameter}: `) && (c.parameter === undefined || e.parameter === c.parameter),
          `${c.id}: expected an Error stating "${rule}"${c.parameter ? ` naming ${c.parameter}` : ''}`);
      } else {
        const y = call();
        assert.deepEqual(y.shape, c.expected.shape, c.id);
        assert.ok(y.data instanceof Float32Array);
        assertClose(y.data, c.expected.data, c.id);
      }
    }
    c.error ? invalid++ : valid++;
  }
  return { valid, invalid };
}

test('conv2d and convTranspose2d match PyTorch on every fixture, on every path', { timeout: 120_000 }, () => {
  const { valid, invalid } = checkFixtureFile('conv_cases.json');
  assert.ok(valid >= 300 && invalid >= 50, `${valid} valid, ${invalid} invalid`);
});

test("padding='same'/'valid', paddingMode and outputSize match PyTorch's modules, on every path", { timeout: 120_000 }, () => {
  const { valid, invalid } = checkFixtureFile('surface_cases.json');
  assert.ok(valid >= 150 && invalid >= 40, `${valid} valid, ${invalid} invalid`);
});

test('the shapes of the specialised fast paths (channel-wise, Winograd) match PyTorch, on every path', { timeout: 120_000 }, () => {
  const { valid, invalid } = checkFixtureFile('kernel_cases.json');
  assert.ok(valid >= 40 && invalid === 0, `${valid} valid, ${invalid} invalid`);
});

test('explain() sizes and round trips match PyTorch on the shape fixtures', () => {
  const { cases } = fixtures('shape_cases.json');
  for (const c of cases) {
    const params = { size: c.size, kernelSize: c.kernelSize, stride: c.stride, padding: c.padding, dilation: c.dilation, outputPadding: c.outputPadding };
    for (const [mode, key] of [['conv', 'conv'], ['convT', 'convT']]) {
      const want = c[key];
      if (want.error) {
        assert.throws(() => core.explain({ ...params, mode }), Error, JSON.stringify(c));
        continue;
      }
      const ex = core.explain({ ...params, mode });
      assert.deepEqual([ex.output.rows, ex.output.cols], want.out, JSON.stringify(c));
      const ct = ex.roundTrip.convThenConvT, tc = ex.roundTrip.convTThenConv;
      if (c.convThenConvT.error) assert.equal(ct.back, null);
      else { assert.deepEqual(ct.back, c.convThenConvT.back); assert.equal(ct.ok, String(ct.back) === String(c.size)); }
      if (c.convTThenConv.error) assert.equal(tc.back, null);
      else { assert.deepEqual(tc.back, c.convTThenConv.back); assert.equal(tc.ok, String(tc.back) === String(c.size)); }
    }
  }
});
