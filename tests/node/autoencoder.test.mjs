// The trained digits autoencoder (web/lib/network/models/, written by tools/train_autoencoder.py) run
// layer by layer by the library (runNetwork, web/lib/network/autoencoder.js), against PyTorch's outputs
// of every layer (tests/fixtures/autoencoder_cases.json); the same for the "transposed encoder", which
// the library derives itself; the cases that show when a transposed encoder gives its input back
// exactly; and the sample digits stored next to the model (tools/digit_samples.py).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { loadCore, runNetwork, transposedEncoder, readSamples, readParameters } from '../../web/lib/core.js';

const modelUrl = new URL('../../web/lib/network/models/digits-autoencoder.json', import.meta.url);
const model = JSON.parse(readFileSync(modelUrl, 'utf8'));
const bin = readFileSync(new URL(model.weights, modelUrl));
const samplesUrl = new URL('../../web/lib/network/models/digits-samples.json', import.meta.url);
const samples = JSON.parse(readFileSync(samplesUrl, 'utf8'));
const samplesBin = readFileSync(new URL(samples.file, samplesUrl));
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

test("every layer of the trained autoencoder, run by runNetwork, matches PyTorch's output within 1e-4", TIMEOUT, () => {
  assert.ok(cases.inputs.length >= 2);
  for (const input of cases.inputs) {
    assert.deepEqual(input.input.shape, model.input);
    const outputs = runNetwork(core, model, bin, input.input);
    assert.deepEqual(outputs.map((o) => o.path), model.layers.map((l) => l.path));
    outputs.forEach(({ path, type, output }, i) => {
      assert.equal(input.layers[i].path, path);
      assertClose(output, input.layers[i].output, `digit ${input.label} (${input.index}), ${path} ${type}`);
    });
    assert.deepEqual(outputs.at(-1).output.shape, model.input, 'the decoder brings 28x28 back');
  }
});

test("the transposed encoder: the library's layers are PyTorch's, and its outputs match PyTorch's", TIMEOUT, () => {
  // the encoder's weights, reversed, in ConvTranspose2d layers with the output_padding the core derives
  const layers = transposedEncoder(core, model);
  assert.deepEqual(layers.map(({ type, args, weightFrom }) => ({ type, args, weightFrom })), cases.transposedEncoder);
  const encoderLength = model.layers.filter((l) => l.block === 'encoder').length;
  for (const input of cases.inputs) {
    const outputs = runNetwork(core, model, bin, input.input, { decoder: 'transposedEncoder' });
    assert.equal(outputs.length, encoderLength + cases.transposedEncoder.length);
    outputs.slice(0, encoderLength).forEach(({ path, output }, i) => assertClose(output, input.layers[i].output, `digit ${input.label}, ${path}`));
    outputs.slice(encoderLength).forEach(({ output }, i) => {
      assertClose(output, input.transposedEncoder[i].output, `digit ${input.label}, transposed encoder layer ${i}`);
    });
    assert.deepEqual(outputs.at(-1).output.shape, model.input);
  }
});

test('runNetwork refuses weights of the wrong size, an unknown decoder and a layer it cannot run, by name', TIMEOUT, () => {
  assert.throws(() => runNetwork(core, model, bin.subarray(4), cases.inputs[0].input), /weightsBytes: 9920 bytes, but the model's file has 9924/);
  assert.throws(() => runNetwork(core, model, bin, cases.inputs[0].input, { decoder: 'mirror' }), /decoder: must be 'trained' or 'transposedEncoder'/);
  const pooled = { ...model, layers: [...model.layers, { path: 'extra.0', block: 'extra', type: 'MaxPool2d', args: {} }] };
  assert.throws(() => runNetwork(core, pooled, bin, cases.inputs[0].input), /extra\.0: runNetwork runs Conv2d, ConvTranspose2d, .*not MaxPool2d/);
  assert.throws(() => readParameters(model, 'bytes'), /weightsBytes: must be an ArrayBuffer or a Uint8Array/);
});

test('the sample digits: one per class, the held-out digits upscaled as in training, to a byte', TIMEOUT, () => {
  assert.equal(samplesBin.length, samples.bytes);
  assert.equal(createHash('sha256').update(samplesBin).digest('hex'), samples.sha256);
  const digits = readSamples(samples, samplesBin);
  assert.deepEqual(digits.map((d) => d.label), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  // the digits the fixture holds in float32 (the first held-out image of their class), to the byte
  let compared = 0;
  for (const input of cases.inputs) {
    const d = digits.find((s) => s.label === input.label);
    assert.equal(d.index, input.index);
    assert.deepEqual(d.input.shape, input.input.shape);
    input.input.data.forEach((v, i) => {
      assert.ok(Math.abs(d.input.data[i] - v) <= 0.5 / samples.scale + 1e-6, `digit ${d.label}, pixel ${i}: ${d.input.data[i]} for ${v}`);
      assert.equal(d.input.data[i], Math.fround(Math.round(v * samples.scale) / samples.scale));
    });
    compared++;
  }
  assert.equal(compared, cases.inputs.length);
  // the autoencoder reconstructs every sample about as well as the held-out set (its test loss)
  for (const d of digits) {
    const out = runNetwork(core, model, bin, d.input).at(-1).output;
    const mse = out.data.reduce((s, v, i) => s + (v - d.input.data[i]) ** 2, 0) / out.data.length;
    assert.ok(mse < 4 * model.training.testLoss, `digit ${d.label}: reconstruction MSE ${mse}, test loss ${model.training.testLoss}`);
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
