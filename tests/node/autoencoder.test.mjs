// The trained digits autoencoder (web/lib/network/models/, written by tools/train_autoencoder.py) run
// layer by layer through the library's conv2d / convTranspose2d, against PyTorch's outputs of every layer
// (tests/fixtures/autoencoder_cases.json); the same for the "transposed encoder" and for the cases that
// show when a transposed encoder gives its input back exactly.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { loadCore } from '../../web/lib/core.js';

const modelUrl = new URL('../../web/lib/network/models/digits-autoencoder.json', import.meta.url);
const model = JSON.parse(readFileSync(modelUrl, 'utf8'));
const bin = readFileSync(new URL(model.weights, modelUrl));
const cases = JSON.parse(readFileSync(new URL('../fixtures/autoencoder_cases.json', import.meta.url), 'utf8'));
const core = await loadCore();
const TIMEOUT = { timeout: 60_000 };

function assertClose(got, want, id, atol = 1e-4) {
  assert.deepEqual(got.shape, want.shape, `${id}: shape`);
  for (let i = 0; i < want.data.length; i++) {
    const tol = atol + 1e-4 * Math.abs(want.data[i]);
    if (!(Math.abs(got.data[i] - want.data[i]) <= tol)) assert.fail(`${id}: element ${i} is ${got.data[i]}, PyTorch says ${want.data[i]}`);
  }
}

// The float32 parameters, little-endian, whatever the machine's byte order.
const parameter = ({ offset, length, shape }) => {
  const view = new DataView(bin.buffer, bin.byteOffset + offset * 4, length * 4);
  return { shape, data: Float32Array.from({ length }, (_, i) => view.getFloat32(i * 4, true)) };
};

function run(layer, x, weights) {
  const { args } = layer;
  switch (layer.type) {
    case 'Conv2d':
      return core.conv2d(x, weights.weight, { stride: args.stride, padding: args.padding, dilation: args.dilation,
        groups: args.groups, paddingMode: args.padding_mode, bias: weights.bias?.data });
    case 'ConvTranspose2d':
      return core.convTranspose2d(x, weights.weight, { stride: args.stride, padding: args.padding, dilation: args.dilation,
        groups: args.groups, outputPadding: args.output_padding, bias: weights.bias?.data });
    case 'ReLU': return { shape: x.shape, data: x.data.map((v) => Math.max(v, 0)) };
    case 'Sigmoid': return { shape: x.shape, data: x.data.map((v) => 1 / (1 + Math.exp(-v))) };
    default: throw new Error(`no test rule for ${layer.type}`);
  }
}

const weightsOf = (layer) => Object.fromEntries(Object.entries(layer.parameters ?? {}).map(([name, p]) => [name, parameter(p)]));

test('the weights file is the one the JSON describes: size, hash, and parameters tiling it in order', TIMEOUT, () => {
  assert.equal(bin.length, model.weightsBytes);
  assert.ok(bin.length <= 300 * 1024);
  assert.equal(createHash('sha256').update(bin).digest('hex'), model.weightsSha256);
  let next = 0;
  for (const layer of model.layers) {
    for (const name of ['weight', 'bias'].filter((n) => layer.parameters?.[n])) {
      const p = layer.parameters[name];
      assert.equal(p.offset, next);
      assert.equal(p.length, p.shape.reduce((a, b) => a * b, 1));
      next += p.length;
    }
  }
  assert.equal(next * 4, bin.length);
});

test("every layer of the trained autoencoder matches PyTorch's output within 1e-4", TIMEOUT, () => {
  assert.ok(cases.inputs.length >= 2);
  for (const input of cases.inputs) {
    let x = input.input;
    assert.deepEqual(x.shape, model.input);
    model.layers.forEach((layer, i) => {
      x = run(layer, x, weightsOf(layer));
      assert.equal(input.layers[i].path, layer.path);
      assertClose(x, input.layers[i].output, `digit ${input.label} (${input.index}), ${layer.path} ${layer.type}`);
    });
    assert.deepEqual(x.shape, model.input, 'the decoder brings 28x28 back');
  }
});

test("the transposed encoder (the encoder's weights, reversed, in ConvTranspose2d) matches PyTorch", TIMEOUT, () => {
  const byPath = Object.fromEntries(model.layers.map((l) => [l.path, l]));
  for (const input of cases.inputs) {
    let x = input.layers.find((l) => l.path === 'encoder.3').output;  // the code
    cases.transposedEncoder.forEach((layer, i) => {
      const weights = layer.weightFrom ? { weight: parameter(byPath[layer.weightFrom].parameters.weight) } : {};
      x = run(layer, x, weights);
      assertClose(x, input.transposedEncoder[i].output, `digit ${input.label}, transposed encoder layer ${i}`);
    });
    assert.deepEqual(x.shape, model.input);
  }
});

test('a transposed encoder gives its input back exactly only with kernel = stride, orthonormal filters and whole patches', TIMEOUT, () => {
  const seen = new Set();
  for (const c of cases.exactReconstruction) {
    const opts = { stride: c.stride, padding: c.padding };
    const code = core.conv2d(c.input, c.weight, opts);
    assertClose(code, c.code, `${c.name}: code`, 1e-5);
    const back = core.convTranspose2d(code, c.weight, { ...opts, outputPadding: c.output_padding });
    assertClose(back, c.reconstruction, `${c.name}: reconstruction`, 1e-5);
    const error = back.data.reduce((m, v, i) => Math.max(m, Math.abs(v - c.input.data[i])), 0);
    assert.equal(error < 1e-5, c.exact, `${c.name}: largest difference ${error}`);
    seen.add(c.exact);
  }
  assert.deepEqual([...seen].sort(), [false, true]);
});
