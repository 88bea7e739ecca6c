// The network view's model (web/src/model/network.js) in Node: the input shape read from untrusted
// text, the encoder a fixed decoder mirrors, and the one-layer lab's numbers for a layer, each against
// the library (tests/node/network.test.mjs checks the library against PyTorch).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { loadCore, parseTorch, planNetwork, mirrorNetwork } from '../../web/lib/core.js';
import { parseInputShape, networkOf, encoderOf, layerParams, NETWORK_PRESETS, MAX_NET_DIM } from '../../web/src/model/network.js';

await loadCore();
const TIMEOUT = { timeout: 60_000 };
const fixtures = JSON.parse(readFileSync(new URL('../fixtures/network_cases.json', import.meta.url), 'utf8'));
const net = (text, input) => networkOf({ text, input, model: null });

test('an input shape from text: 2 to 4 whole numbers in the ways people write them; anything else names net_input and the rule', TIMEOUT, () => {
  for (const [text, dims] of [['1,1,28,28', [1, 1, 28, 28]], [' (1, 3, 64, 64) ', [1, 3, 64, 64]], ['[1, 100, 1, 1]', [1, 100, 1, 1]], ['3x32x32', [3, 32, 32]], ['1, 784', [1, 784]], ['(1, 3, 8, 8,)', [1, 3, 8, 8]]]) {
    assert.deepEqual(parseInputShape(text), dims, text);
  }
  for (const [text, rule] of [['abc', /is not a shape/], ['28', /is not a shape/], ['1,2,3,4,5', /is not a shape/], ['1,-1,28,28', /is not a shape/], ['1,1,2.5,28', /is not a shape/],
    ['1, 0, 28, 28', /from 1 to/], [`1,1,${MAX_NET_DIM + 1},28`, /from 1 to/], ['1,1,99999999999999999999,28', /from 1 to/], ['1'.repeat(5000), /is not a shape/]]) {
    assert.throws(() => parseInputShape(text), (e) => e.parameter === 'net_input' && /^net_input: /.test(e.message) && rule.test(e.message) && e.message.length < 300, text.slice(0, 40));
  }
});

// Each example network of the view is a model PyTorch built in the fixtures (gen_networks.py).
const PRESET_MODELS = {
  autoencoder: ['mnist_autoencoder_mismatch.py', 'SamePaddingAutoencoder'], dcgan: ['dcgan.py', 'Generator'],
  unet: ['unet_style.py', 'UNetStyle'], question: ['stackoverflow_24x24.py', ''],
};

test('every example network is a model PyTorch built: the same layers, and on its input PyTorch\'s output, which the view plans', TIMEOUT, () => {
  assert.deepEqual(Object.keys(PRESET_MODELS).sort(), Object.keys(NETWORK_PRESETS).sort());
  for (const [key, [file, model]] of Object.entries(PRESET_MODELS)) {
    const { text, input } = NETWORK_PRESETS[key];
    const built = fixtures.models.find((m) => m.file === file && m.model === model && !Object.keys(m.init || {}).length);
    const N = net(text, input);
    assert.deepEqual(N.problems, [], key);
    assert.deepEqual(N.layers.map(({ type, args }) => ({ type, args })), built.layers.map(({ type, args }) => ({ type, args })), key);
    const run = built.runs.find((r) => JSON.stringify(r.input) === JSON.stringify(input));
    assert.ok(run?.output, `${key}: PyTorch ran it on ${input}`);
    assert.deepEqual(N.plan.at(-1).output, run.output, key);
  }
});

test('the fixed decoder mirrors the encoder (the layers before the first ConvTranspose2d or Upsample), and its sizes come back', TIMEOUT, () => {
  for (const key of ['autoencoder', 'unet', 'question']) {
    const { text, input } = NETWORK_PRESETS[key];
    const N = net(text, input);
    const encoder = encoderOf(N);
    const first = N.layers.findIndex((l) => ['ConvTranspose2d', 'Upsample'].includes(l.type));
    assert.deepEqual(encoder, N.layers.slice(0, first), key);
    assert.equal(N.fixed.text, mirrorNetwork(encoder, input, { pooling: 'upsample' }).text, key);
    const plan = planNetwork([...encoder, ...parseTorch(N.fixed.text).layers], input);
    assert.deepEqual(plan[plan.length - 1].output, input, key);
  }
  // a generator starts by decoding: nothing to mirror
  assert.equal(net(NETWORK_PRESETS.dcgan.text, NETWORK_PRESETS.dcgan.input).fixed, null);
  // an encoder whose layer PyTorch refuses: its sizes are not known, nothing to mirror
  assert.equal(net('import torch.nn as nn\na = nn.Conv2d(3, 8, 3)\nb = nn.ConvTranspose2d(8, 3, 3)\n', [1, 1, 8, 8]).fixed, null);
  // an absurd size is the library's error, kept as data (never thrown), and nothing to mirror
  const absurd = net('import torch.nn as nn\na = nn.Conv2d(3, 8, 3)\n', [1, 3, 2 ** 31, 8]);
  assert.match(absurd.error, /inputShape/);
  assert.equal(absurd.fixed, null);
});

test('a layer in the one-layer lab: its own k, s, p, d on the size the plan gives it; a Conv2d takes its decoder\'s output_padding only from a decoder of its own k, s, p, d', TIMEOUT, () => {
  const N = net(NETWORK_PRESETS.autoencoder.text, NETWORK_PRESETS.autoencoder.input);
  for (const [i, l] of N.layers.entries()) {
    const p = layerParams(N, i);
    if (!['Conv2d', 'ConvTranspose2d'].includes(l.type)) { assert.equal(p, null, l.type); continue; }
    assert.deepEqual([p.mode, p.size, p.kernelSize, p.stride, p.padding, p.dilation], [l.type === 'Conv2d' ? 'conv' : 'convT', N.plan[i].input.slice(-2), l.args.kernel_size, l.args.stride, l.args.padding, l.args.dilation]);
  }
  const down = 'import torch.nn as nn\ndown = nn.Conv2d(128, 256, 3, padding=1, stride=2)\n';
  assert.deepEqual(layerParams(net(`${down}up = nn.ConvTranspose2d(256, 128, 3, padding=1, stride=2, output_padding=1)\n`, [1, 128, 24, 24]), 0).outputPadding, [1, 1]);
  assert.deepEqual(layerParams(net(`${down}up = nn.ConvTranspose2d(256, 128, 4, padding=1, stride=2, output_padding=1)\n`, [1, 128, 24, 24]), 0).outputPadding, [0, 0]);
});
