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

// The rule a torch message states, and the parameter (this API's name) that breaks it: ours must
// state the same rule and name that parameter.
const RULE_PARAMETER = {
  'non-positive stride': 'stride',
  'negative padding': 'padding',
  'negative output_padding': 'outputPadding',
  'dilation should be greater than zero': 'dilation',
  "Kernel size can't be greater": 'kernelSize',
  'output padding must be smaller': 'outputPadding',
  'Output size is too small': 'padding',
  'expected weight to be divisible': 'groups',
  'expected bias to be 1-dimensional': 'bias',
  'non-positive groups': 'groups',
  'channels, but got': 'x',
  'expected weight to be at least': 'groups',
};
const RULES = Object.keys(RULE_PARAMETER);
const ruleOf = (message) => RULES.find((r) => message.includes(r));

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
        const rule = c.rule ?? ruleOf(c.error);
        assert.ok(rule, `${c.id}: unknown torch error ${c.error}`);
        const parameter = c.parameter ?? RULE_PARAMETER[rule];
        assert.throws(call, (e) => e instanceof ConvtError && e.message.includes(rule) && e.parameter === parameter
          && e.message.startsWith(`${parameter}: `), `${c.id}: expected an Error stating "${rule}" naming ${parameter}`);
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

// A refusal (an explain() error's message, or a round trip's error string) states torch's rule and
// starts with the parameter that breaks it.
function assertRefusal(message, torchMessage, where) {
  const rule = ruleOf(torchMessage);
  assert.ok(rule, `${where}: unknown torch error ${torchMessage}`);
  assert.ok(message.includes(rule), `${where}: "${message}" does not state "${rule}"`);
  assert.ok(message.startsWith(`${RULE_PARAMETER[rule]}: `), `${where}: "${message}" does not name ${RULE_PARAMETER[rule]}`);
}

test('explain() sizes and round trips match PyTorch on the shape fixtures, refusals by rule and parameter', () => {
  const { cases } = fixtures('shape_cases.json');
  let refused = 0, tripsRefused = 0;
  for (const c of cases) {
    const params = { size: c.size, kernelSize: c.kernelSize, stride: c.stride, padding: c.padding, dilation: c.dilation, outputPadding: c.outputPadding };
    for (const [mode, key] of [['conv', 'conv'], ['convT', 'convT']]) {
      const want = c[key];
      const where = `${JSON.stringify(c)} (${mode})`;
      if (want.error) {
        assert.throws(() => core.explain({ ...params, mode }), (e) => {
          assert.ok(e instanceof ConvtError, where);
          assertRefusal(e.message, want.error, where);
          assert.equal(e.parameter, RULE_PARAMETER[ruleOf(want.error)], where);
          return true;
        });
        refused++;
        continue;
      }
      const ex = core.explain({ ...params, mode });
      assert.deepEqual([ex.output.rows, ex.output.cols], want.out, where);
      const ct = ex.roundTrip.convThenConvT, tc = ex.roundTrip.convTThenConv;
      for (const [got, trip, name] of [[ct, c.convThenConvT, 'Conv then ConvT'], [tc, c.convTThenConv, 'ConvT then Conv']]) {
        if (trip.error) {
          assert.equal(got.back, null, `${where}: ${name}`);
          assertRefusal(got.error, trip.error, `${where}: ${name}`);
          tripsRefused++;
        } else {
          assert.deepEqual(got.back, trip.back, `${where}: ${name}`);
          assert.equal(got.ok, String(got.back) === String(c.size), `${where}: ${name}`);
          assert.equal(got.error, null, `${where}: ${name}`);
        }
      }
    }
  }
  assert.ok(refused >= 250 && tripsRefused >= 300, `${refused} refused, ${tripsRefused} round trips refused`);
});
