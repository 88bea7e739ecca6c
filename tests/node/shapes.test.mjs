// conv2dShape / convTranspose2dShape: a call's output shape and work from its shapes alone, with the
// call's own verdicts; and the caps, which name the parameter that made a size too large.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { loadCore, ConvtError } from '../../web/lib/core.js';

const fixtures = (name) => JSON.parse(readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8'));
const core = await loadCore();
const product = (xs) => xs.reduce((a, b) => a * b, 1);

// The call, or what it throws.
function outcome(fn) {
  try {
    return { value: fn() };
  } catch (error) {
    return { error };
  }
}

// Multiply-adds from the definitions: every output of a Conv2d (every input of a ConvTranspose2d)
// meets Cin/groups (Cout/groups) x kH x kW weights; w's dimension 1 is that channel count for both.
function multiplyAdds(op, xShape, wShape, yShape) {
  const per = wShape[1] * wShape[2] * wShape[3];
  const batch = xShape.length === 4 ? xShape[0] : 1;
  if (op === 'conv2d') return batch * product(yShape.slice(-3)) * per;
  return batch * product(xShape.slice(-3)) * per;
}

test('the shape entry points give the call\'s shape, and refuse what the call refuses with the same error', { timeout: 120_000 }, () => {
  let valid = 0, refused = 0;
  for (const file of ['conv_cases.json', 'surface_cases.json', 'kernel_cases.json']) {
    for (const c of fixtures(file).cases) {
      const opts = { ...c.opts, bias: c.bias ? c.bias : undefined };
      const call = c.op === 'conv2d' ? core.conv2d.bind(core) : core.convTranspose2d.bind(core);
      const shapeOf = c.op === 'conv2d' ? core.conv2dShape.bind(core) : core.convTranspose2dShape.bind(core);
      const want = outcome(() => call(c.x, c.w, opts));
      const got = outcome(() => shapeOf(c.x.shape, c.w.shape, opts));
      if (want.error) {
        assert.ok(got.error instanceof ConvtError, `${c.id}: the call is refused (${want.error.message}), its shape is not`);
        assert.equal(got.error.parameter, want.error.parameter, c.id);
        assert.equal(got.error.message, want.error.message, c.id);
        refused++;
      } else {
        assert.equal(got.error, undefined, `${c.id}: ${got.error?.message}`);
        assert.deepEqual(got.value.shape, want.value.shape, c.id);
        assert.equal(got.value.multiplyAdds, multiplyAdds(c.op, c.x.shape, c.w.shape, want.value.shape), c.id);
        valid++;
      }
    }
  }
  assert.ok(valid >= 490 && refused >= 90, `${valid} valid, ${refused} refused`);
});

test('the shape entry points: batch 0, unbatched input, the JS-side checks, nothing left on the heap', { timeout: 10_000 }, () => {
  const before = core.heapInUse();
  assert.deepEqual(core.conv2dShape([0, 2, 5, 6], [3, 2, 3, 3]), { shape: [0, 3, 3, 4], multiplyAdds: 0 });
  assert.deepEqual(core.convTranspose2dShape([2, 4, 4], [2, 3, 4, 4], { stride: 2, padding: 1 }),
    { shape: [3, 8, 8], multiplyAdds: 2 * 16 * 3 * 16 });
  // A 2^25-element input is planned without a single element of it.
  assert.deepEqual(core.conv2dShape([1, 1, 8192, 4096], [1, 1, 3, 3], { padding: 'same', paddingMode: 'reflect' }).shape,
    [1, 1, 8192, 4096]);
  const refusals = [
    ['x.shape', () => core.conv2dShape('1x1', [1, 1, 3, 3])],
    ['w.shape', () => core.conv2dShape([1, 1, 3, 3], [1, 1, 'a', 3])],
    ['output_padding', () => core.convTranspose2dShape([1, 1, 3, 3], [1, 1, 3, 3], { output_padding: 1 })],
    ['bias', () => core.conv2dShape([1, 1, 3, 3], [2, 1, 3, 3], { bias: [1, 2, 3] })],
    ['stride', () => core.conv2dShape([1, 1, 3, 3], [1, 1, 3, 3], { stride: 1.5 })],
    ['outputSize', () => core.convTranspose2dShape([1, 1, 3, 3], [1, 1, 3, 3], { stride: 2, outputSize: [99, 99] })],
  ];
  for (const [parameter, fn] of refusals)
    assert.throws(fn, (e) => e instanceof ConvtError && e.parameter === parameter && e.message.startsWith(`${parameter}: `), parameter);
  assert.equal(core.heapInUse(), before);
});

// [parameter, op, x shape, w shape, opts]: each output is past the cap of 2^25 elements because of one parameter.
const TOO_LARGE = [
  ['stride', 'convTranspose2d', [1, 1, 2, 2], [1, 1, 3, 3], { stride: 100000 }],
  ['x', 'convTranspose2d', [1, 1, 1, 300000], [1, 1, 1, 1], { stride: [1, 200] }],
  ['w', 'convTranspose2d', [1, 1, 1, 1], [1, 1, 1, 10001], { dilation: [1, 5000] }],
  ['dilation', 'convTranspose2d', [1, 1, 1, 1], [1, 1, 1, 5001], { dilation: [1, 10000] }],
  ['outputPadding', 'convTranspose2d', [1, 1, 1, 1], [1, 1, 1, 1], { dilation: [1, 40000000], outputPadding: [0, 39999999] }],
  ['x', 'convTranspose2d', [100000, 1, 1, 1], [1, 400, 1, 1], {}],
  ['padding', 'conv2d', [1, 1, 2, 2], [1, 1, 1, 1], { padding: 10000 }],
  ['padding', 'conv2d', [1, 1, 2, 2], [1, 1, 1, 1], { padding: 10000, paddingMode: 'replicate' }],
  ['x', 'conv2d', [1, 1, 4096, 4096], [4, 1, 1, 1], {}],
  ['w', 'conv2d', [1, 1, 64, 64], [10000, 1, 1, 1], {}],
];

test('an output past the cap names the parameter that made it large, in the call and in its shape', { timeout: 30_000 }, () => {
  const expectRefusal = (parameter, fn, what) => assert.throws(fn, (e) => {
    assert.ok(e instanceof ConvtError, what);
    assert.equal(e.parameter, parameter, `${what}: ${e.message}`);
    assert.match(e.message, new RegExp(`^${parameter}: output of size \\[[0-9, ]+\\] has more than 33554432 elements \\(the cap of this library\\)$`), what);
    return true;
  });
  for (const [parameter, op, xShape, wShape, opts] of TOO_LARGE) {
    const what = `${op} x${JSON.stringify(xShape)} w${JSON.stringify(wShape)} ${JSON.stringify(opts)}`;
    expectRefusal(parameter, () => core[`${op}Shape`](xShape, wShape, opts), what);
    if (product(xShape) + product(wShape) <= 1e6) {  // small enough to hand over the data too
      const tensor = (shape) => ({ shape, data: new Float32Array(product(shape)) });
      expectRefusal(parameter, () => core[op](tensor(xShape), tensor(wShape), opts), `${what} (the call)`);
    }
  }
  assert.throws(() => core.convTranspose2dShape([1, 1, 2, 2], [1, 1, 3, 3], { stride: 100000 }),
    { message: 'stride: output of size [1, 1, 100003, 100003] has more than 33554432 elements (the cap of this library)' });
  // The seed's construction: a 1x1 output whose zero-stuffed grid is 40,000,001 wide because of the dilation.
  const x = { shape: [1, 1, 1, 1], data: [1] }, w = { shape: [1, 1, 1, 2], data: [1, 2] };
  const far = { padding: [0, 20000000], dilation: [1, 40000000] };
  assert.deepEqual(core.convTranspose2d(x, w, far).shape, [1, 1, 1, 1]);
  assert.throws(() => core.convTranspose2dByStuffing(x, w, far),
    (e) => e.parameter === 'dilation' && e.message.includes('zero-stuffed grid (1 x 40000001 per channel)'));
  // The page's tables name the input's size and the kernel as explain() and polyphase() take them.
  const tooLargeToDraw = [
    ['stride', { mode: 'convT', size: 2, kernelSize: 3, stride: 5000 }],
    ['padding', { mode: 'conv', size: 3, kernelSize: 3, padding: 2000 }],
    ['kernelSize', { mode: 'convT', size: 8, kernelSize: 1000 }],
    ['size', { mode: 'conv', size: 2048, kernelSize: [2, 1] }],
  ];
  for (const [parameter, params] of tooLargeToDraw)
    assert.throws(() => core.explain(params), (e) => e.parameter === parameter && /too large to draw/.test(e.message), JSON.stringify(params));
  assert.throws(() => core.polyphase({ size: 2, kernelSize: 3, stride: 3000 }, [1, 2, 3, 4], new Float32Array(9)),
    (e) => e.parameter === 'stride' && /too large to draw/.test(e.message));
});
