// Errors are Errors that name the parameter, the module survives them, and memory does not grow.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadCore, ConvtError } from '../../web/lib/core.js';

const core = await loadCore();
const x = { shape: [1, 2, 5, 6], data: new Float32Array(60).map((_, i) => Math.sin(i)) };
const w = { shape: [3, 2, 3, 3], data: new Float32Array(54).map((_, i) => Math.cos(i)) };
const wt = { shape: [2, 3, 3, 3], data: w.data };

const bad = [
  ['stride', () => core.conv2d(x, w, { stride: 0 })],
  ['stride', () => core.conv2d(x, w, { stride: NaN })],
  ['stride', () => core.conv2d(x, w, { stride: 1.5 })],
  ['stride', () => core.conv2d(x, w, { stride: Infinity })],
  ['stride', () => core.conv2d(x, w, { stride: [1, 2, 3] })],
  ['stride', () => core.conv2d(x, w, { stride: '2' })],
  ['padding', () => core.conv2d(x, w, { padding: -1 })],
  ['padding', () => core.conv2d(x, w, { padding: 1e300 })],
  ['dilation', () => core.conv2d(x, w, { dilation: [1, 0] })],
  ['groups', () => core.conv2d(x, w, { groups: 0 })],
  ['groups', () => core.conv2d(x, w, { groups: 2 })],
  ['outputPadding', () => core.convTranspose2d(x, wt, { outputPadding: 1 })],
  ['outputPadding', () => core.conv2d(x, w, { outputPadding: 1 })],
  ['output_padding', () => core.convTranspose2d(x, wt, { output_padding: 1 })],
  ['kernelSize', () => core.conv2d({ shape: [1, 2, 2, 2], data: new Float32Array(8) }, w)],
  ['padding', () => core.convTranspose2d({ shape: [1, 2, 1, 1], data: [1, 2] }, wt, { padding: 3 })],
  ['x', () => core.conv2d({ shape: [1, 3, 5, 6], data: new Float32Array(90) }, w)],
  ['x', () => core.conv2d({ shape: [1, 2, 5, 6], data: new Float32Array(59) }, w)],
  ['x', () => core.conv2d({ shape: [1, 2, 1e5, 1e5], data: new Float32Array(4) }, w)],
  ['x', () => core.conv2d({ shape: [5, 6], data: new Float32Array(30) }, w)],
  ['x.shape', () => core.conv2d({ shape: [1, 2, 'a', 6], data: new Float32Array(60) }, w)],
  ['x.data', () => core.conv2d({ shape: [1, 2, 5, 6], data: 'hello' }, w)],
  ['x', () => core.conv2d(null, w)],
  ['x', () => core.conv2d(undefined, w)],
  ['w', () => core.conv2d(x, { shape: [3, 2, 3], data: new Float32Array(18) })],
  ['w', () => core.conv2d(x, 42)],
  ['bias', () => core.conv2d(x, w, { bias: [1, 2] })],
  ['bias', () => core.conv2d(x, w, { bias: 'x' })],
  ['opts', () => core.conv2d(x, w, 7)],
  ['paddingMode', () => core.conv2d(x, w, { paddingMode: 'reflection' })],
  ['paddingMode', () => core.conv2d(x, w, { paddingMode: 3 })],
  ['paddingMode', () => core.convTranspose2d(x, wt, { paddingMode: 'reflect' })],
  ['padding_mode', () => core.conv2d(x, w, { padding_mode: 'reflect' })],
  ['padding', () => core.conv2d(x, w, { padding: 'SAME' })],
  ['padding', () => core.conv2d(x, w, { padding: '' })],
  ['padding', () => core.conv2d(x, w, { padding: 'same', stride: 2 })],
  ['padding', () => core.convTranspose2d(x, wt, { padding: 'same' })],
  ['padding', () => core.conv2d(x, w, { padding: 5, paddingMode: 'reflect' })],
  ['padding', () => core.conv2d(x, w, { padding: [0, 7], paddingMode: 'circular' })],
  ['outputSize', () => core.convTranspose2d(x, wt, { stride: 2, outputSize: [20, 20] })],
  ['outputSize', () => core.convTranspose2d(x, wt, { stride: 2, outputSize: [1, 11, 13] })],
  ['outputSize', () => core.convTranspose2d(x, wt, { stride: 2, outputSize: [11, 13], outputPadding: 0 })],
  ['outputSize', () => core.convTranspose2d(x, wt, { stride: 2, outputSize: [NaN, 13] })],
  ['outputSize', () => core.convTranspose2d(x, wt, { stride: 2, outputSize: '11x13' })],
  ['outputSize', () => core.convTranspose2d(x, wt, { outputSize: new Array(9).fill(1) })],
  ['outputSize', () => core.conv2d(x, w, { outputSize: [3, 4] })],
  ['output_size', () => core.convTranspose2d(x, wt, { output_size: [11, 13] })],
  ['padding', () => core.explain({ mode: 'conv', size: 4, padding: 'full' })],
  ['paddingMode', () => core.explain({ mode: 'convT', size: 4, paddingMode: 'replicate' })],
  ['outputSize', () => core.explain({ mode: 'convT', size: 4, stride: 2, outputSize: [99, 99] })],
  ['mode', () => core.explain({ mode: 'deconv', size: 4 })],
  ['size', () => core.explain({ mode: 'conv', size: -3 })],
  ['size', () => core.explain({ mode: 'conv', size: [1e6, 1e6] })],
  ['size', () => core.explain({ mode: 'conv', size: NaN })],
];

test('every invalid call throws an Error naming its parameter, and the module keeps working', () => {
  const good = core.conv2d(x, w, { padding: 1 });
  for (const [parameter, call] of bad) {
    let thrown;
    try { call(); } catch (e) { thrown = e; }
    assert.ok(thrown instanceof ConvtError && thrown instanceof Error, `${call} should throw a ConvtError`);
    assert.equal(thrown.parameter, parameter, `${call}: ${thrown.message}`);
    assert.ok(thrown.message.startsWith(parameter + ':'), thrown.message);
    assert.deepEqual(core.conv2d(x, w, { padding: 1 }), good, 'the module still computes the same result');
  }
});

test('no heap growth over many valid and invalid calls', () => {
  const before = core.heapInUse();
  const memBefore = process.memoryUsage().arrayBuffers;
  for (let i = 0; i < 3000; i++) {
    core.conv2d(x, w, { padding: 1, stride: 1 + (i % 3), paddingMode: ['zeros', 'reflect', 'replicate', 'circular'][i % 4] });
    core.conv2d(x, w, { padding: 'same', paddingMode: i % 2 ? 'reflect' : 'zeros' });
    core.convTranspose2d(x, wt, { stride: 2, outputSize: [12, 14] });
    core.convTranspose2d(x, wt, { stride: 2, outputPadding: 1 });
    core.convTranspose2dByStuffing(x, wt, { stride: 2 });
    core.explain({ mode: i % 2 ? 'conv' : 'convT', size: [5, 7], kernelSize: 3, stride: 2 });
    for (const [, call] of bad.filter((_, j) => j % 4 === i % 4)) { try { call(); } catch { /* expected */ } }
  }
  assert.equal(core.heapInUse(), before, 'bytes malloc-ed in the WASM heap are back to where they were');
  assert.ok(process.memoryUsage().arrayBuffers < memBefore + 64 * 1024 * 1024);
});

test('a large call grows memory, and the heap in use returns to its baseline afterwards', () => {
  const before = core.heapInUse();
  const big = { shape: [1, 8, 512, 512], data: new Float32Array(8 * 512 * 512).fill(0.5) };
  const k = { shape: [8, 8, 3, 3], data: new Float32Array(8 * 8 * 9).fill(0.25) };
  const y = core.conv2d(big, k, { padding: 1 });
  assert.equal(y.data.length, 8 * 512 * 512);
  assert.ok(Math.abs(y.data[600] - 8 * 9 * 0.125) < 1e-4);
  const z = core.convTranspose2d(big, k, { stride: 2, padding: 1, outputPadding: 1 });
  assert.deepEqual(z.shape, [1, 8, 1024, 1024]);
  assert.equal(core.heapInUse(), before);
});

test('results are owned copies, not views of the WASM heap', () => {
  const y = core.conv2d(x, w);
  const copy = Float32Array.from(y.data);
  core.conv2d({ shape: [1, 2, 50, 60], data: new Float32Array(6000).fill(3) }, w);
  assert.deepEqual(y.data, copy);
  assert.notEqual(y.data.buffer.byteLength, 0);
  assert.ok(y.data.buffer.byteLength === y.data.byteLength, 'the result owns its buffer');
});

test('accepts number arrays, [C, H, W] input, and bias as an array or a tensor', () => {
  const arr = { shape: x.shape, data: Array.from(x.data) };
  assert.deepEqual(core.conv2d(arr, w).data, core.conv2d(x, w).data);
  const un = core.conv2d({ shape: [2, 5, 6], data: x.data }, w);
  assert.deepEqual(un.shape, [3, 3, 4]);
  const b1 = core.conv2d(x, w, { bias: [1, 2, 3] }), b2 = core.conv2d(x, w, { bias: { shape: [3], data: new Float32Array([1, 2, 3]) } });
  assert.deepEqual(b1, b2);
});
