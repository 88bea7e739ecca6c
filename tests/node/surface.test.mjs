// The examples of docs/library.md of padding='same'/'valid', paddingMode and outputSize, with values worked out
// by hand, and the explain() fields that let the page draw padded copies without arithmetic.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadCore, ConvtError } from '../../web/lib/core.js';

const core = await loadCore();
const x = { shape: [1, 1, 3, 3], data: new Float32Array([1, 2, 3, 4, 5, 6, 7, 8, 9]) };
// Tap (1, 0): each output is the input pixel to the left of it, so the first column shows the padding.
const left = { shape: [1, 1, 3, 3], data: new Float32Array([0, 0, 0, 1, 0, 0, 0, 0, 0]) };

test('paddingMode: the column left of the input is zero, reflected, replicated or wrapped', { timeout: 10_000 }, () => {
  const want = {
    zeros: [0, 1, 2, 0, 4, 5, 0, 7, 8],
    reflect: [2, 1, 2, 5, 4, 5, 8, 7, 8],
    replicate: [1, 1, 2, 4, 4, 5, 7, 7, 8],
    circular: [3, 1, 2, 6, 4, 5, 9, 7, 8],
  };
  for (const [paddingMode, values] of Object.entries(want)) {
    for (const conv of [core.conv2d.bind(core), core.reference.conv2d]) {
      const y = conv(x, left, { padding: 1, paddingMode });
      assert.deepEqual(y.shape, [1, 1, 3, 3]);
      assert.deepEqual(Array.from(y.data), values, paddingMode);
    }
  }
});

test("padding: 'same' keeps the size, an even kernel's extra line goes after; 'valid' pads nothing", { timeout: 10_000 }, () => {
  const ones = { shape: [1, 1, 2, 2], data: new Float32Array(4).fill(1) };
  const y = core.conv2d(x, ones, { padding: 'same' });  // pads 0 rows before, 1 after (PyTorch's choice)
  assert.deepEqual(y.shape, [1, 1, 3, 3]);
  assert.deepEqual(Array.from(y.data), [12, 16, 9, 24, 28, 15, 15, 17, 9]);
  assert.deepEqual(core.conv2d(x, ones, { padding: 'valid' }).shape, [1, 1, 2, 2]);
  assert.throws(() => core.conv2d(x, ones, { padding: 'same', stride: 2 }),
    (e) => e instanceof ConvtError && e.parameter === 'padding' && /not supported for strided convolutions/.test(e.message));
});

test('outputSize picks the output_padding; out of range names the valid range', { timeout: 10_000 }, () => {
  const x4 = { shape: [1, 1, 4, 4], data: new Float32Array(16).map((_, i) => i) };
  const w = { shape: [1, 1, 3, 3], data: new Float32Array(9).map((_, i) => i - 4) };
  const y = core.convTranspose2d(x4, w, { stride: 2, padding: 1, outputSize: [8, 8] });
  assert.deepEqual(y.shape, [1, 1, 8, 8]);
  assert.deepEqual(y, core.convTranspose2d(x4, w, { stride: 2, padding: 1, outputPadding: 1 }));
  assert.deepEqual(core.convTranspose2d(x4, w, { stride: 2, padding: 1, outputSize: [1, 1, 7, 8] }).shape, [1, 1, 7, 8]);
  assert.deepEqual(core.convTranspose2dByStuffing(x4, w, { stride: 2, padding: 1, outputSize: [8, 7] }).output.shape, [1, 1, 8, 7]);
  assert.throws(() => core.convTranspose2d(x4, w, { stride: 2, padding: 1, outputSize: [9, 8] }),
    (e) => e.parameter === 'outputSize' && e.message.includes('valid sizes range from [7, 7] to [8, 8]'));
  assert.throws(() => core.convTranspose2d(x4, w, { stride: 2, outputSize: [8, 8], outputPadding: 1 }),
    (e) => e.parameter === 'outputSize' && e.message.includes('not both'));
});

test('explain(): the padding in effect, and each padded cell with the pixel it copies', { timeout: 10_000 }, () => {
  const ex = core.explain({ mode: 'conv', size: [3, 4], kernelSize: 4, padding: 'same', paddingMode: 'reflect' });
  assert.deepEqual(ex.padding, { before: [1, 1], after: [2, 2], mode: 'reflect' });
  assert.deepEqual(ex.formula.p, [1, 1]);
  assert.deepEqual(ex.formula.pAfter, [2, 2]);
  assert.deepEqual([ex.stuffed.rows, ex.stuffed.cols], [6, 7]);
  assert.deepEqual(Array.from(ex.stuffed.rowKind), [2, 0, 0, 0, 2, 2]);
  const cols = ex.stuffed.cols;
  // Cell (0, 0) reflects input (1, 1); (5, 6) reflects input (0, 1); (1, 1) is input (0, 0).
  assert.equal(ex.stuffed.source[0], 1 * 4 + 1);
  assert.equal(ex.stuffed.cellKind[0], 4);
  assert.equal(ex.stuffed.source[5 * cols + 6], 0 * 4 + 1);
  assert.equal(ex.stuffed.cellKind[1 * cols + 1], 0);
  assert.equal(ex.stuffed.source[1 * cols + 1], 0);
  // The matrix counts copies: every output cell meets 16 taps, all on pixels or their copies.
  assert.equal(ex.matrix.entries.length / 3, ex.output.rows * ex.output.cols * 16);
  // 'same' with an even kernel has no ConvTranspose2d with the same parameters.
  assert.equal(ex.roundTrip.convThenConvT.back, null);
  assert.equal(ex.roundTrip.convThenConvT.remainder, null);
  assert.match(ex.roundTrip.convThenConvT.error, /^padding: /);
  const kinds = { replicate: 5, circular: 6, zeros: 2 };
  for (const [paddingMode, kind] of Object.entries(kinds)) {
    const e = core.explain({ mode: 'conv', size: 3, kernelSize: 3, padding: 1, paddingMode });
    assert.equal(e.stuffed.cellKind[0], kind, paddingMode);
    assert.equal(e.stuffed.source[0], paddingMode === 'replicate' ? 0 : paddingMode === 'circular' ? 8 : -1, paddingMode);
  }
  const t = core.explain({ mode: 'convT', size: 4, kernelSize: 3, stride: 2, padding: 1, outputSize: [8, 8] });
  assert.deepEqual([t.output.rows, t.output.cols], [8, 8]);
  assert.deepEqual(t.formula.a, [1, 1]);
  assert.equal(t.stuffed.rowKind[t.stuffed.rows - 1], 3);
});
