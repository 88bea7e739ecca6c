// A trained network run layer by layer through the library's conv2d / convTranspose2d: the digits
// autoencoder of web/lib/network/models/ (tools/train_autoencoder.py), or any model file of its
// format (docs/library.md, "Networks"): a JSON of layers ({ path, block, type, args, parameters })
// whose float32 little-endian weights lie in a .bin. Also the "transposed encoder", the decoder made
// of the encoder's own weights, and the sample digits stored next to the model (tools/digit_samples.py).

import { mirrorNetwork } from './network.js';

const prod = (shape) => shape.reduce((a, b) => a * b, 1);

function bytesOf(weightsBytes, name) {
  if (weightsBytes instanceof ArrayBuffer) return new Uint8Array(weightsBytes);
  if (ArrayBuffer.isView(weightsBytes)) return new Uint8Array(weightsBytes.buffer, weightsBytes.byteOffset, weightsBytes.byteLength);
  throw new TypeError(`${name}: must be an ArrayBuffer or a Uint8Array of the file's bytes`);
}

// Float32 values, little-endian whatever the machine's byte order.
function float32s(bytes, offset, length) {
  const view = new DataView(bytes.buffer, bytes.byteOffset + 4 * offset, 4 * length);
  const out = new Float32Array(length);
  for (let i = 0; i < length; i++) out[i] = view.getFloat32(4 * i, true);
  return out;
}

const parametersCache = new WeakMap();  // weights' bytes -> { model, parameters }

/** Each layer's parameters by path: Map(path -> { weight, bias? }), tensors { shape, data: Float32Array }. */
export function readParameters(model, weightsBytes) {
  const cached = parametersCache.get(weightsBytes);
  if (cached && cached.model === model) return cached.parameters;
  const bytes = bytesOf(weightsBytes, 'weightsBytes');
  if (bytes.length !== model.weightsBytes) throw new Error(`weightsBytes: ${bytes.length} bytes, but the model's file has ${model.weightsBytes}`);
  const parameters = new Map();
  for (const layer of model.layers) {
    if (!layer.parameters) continue;
    const own = {};
    for (const [name, { shape, offset, length }] of Object.entries(layer.parameters)) {
      if (length !== prod(shape) || offset < 0 || 4 * (offset + length) > bytes.length)
        throw new Error(`${layer.path}.${name}: ${length} values at ${offset} do not fit a ${JSON.stringify(shape)} tensor in the file`);
      own[name] = { shape, data: float32s(bytes, offset, length) };
    }
    parameters.set(layer.path, own);
  }
  if (typeof weightsBytes === 'object') parametersCache.set(weightsBytes, { model, parameters });
  return parameters;
}

const transposedCache = new WeakMap();  // model -> layers

/**
 * The transposed encoder: the encoder's layers mirrored by the core (mirrorNetwork: each Conv2d by a
 * ConvTranspose2d with its kernel, stride, padding and dilation and the output_padding that brings
 * its input size back, in reverse), each ConvTranspose2d without bias and with the weight of the
 * Conv2d it mirrors (`weightFrom`, that layer's path): [{ path, block, type, args, weightFrom }].
 */
export function transposedEncoder(core, model) {
  const cached = transposedCache.get(model);
  if (cached) return cached;
  const encoder = model.layers.filter((l) => l.block === 'encoder');
  const mirror = mirrorNetwork(core, encoder, model.input);
  if (mirror.problems.length) throw new Error(`the encoder has no mirror: ${mirror.problems.map((p) => p.message).join('; ')}`);
  const layers = mirror.layers.map((m, i) => {
    const isConvT = m.type === 'ConvTranspose2d';
    return {
      path: `transposedEncoder.${i}`, block: 'transposedEncoder', type: m.type,
      args: isConvT ? { ...m.args, bias: false } : m.args,
      weightFrom: isConvT ? encoder[m.mirrors].path : null,
    };
  });
  transposedCache.set(model, layers);
  return layers;
}

const ELEMENTWISE = {
  ReLU: () => (v) => (v > 0 ? v : 0),
  LeakyReLU: (args) => (v) => (v >= 0 ? v : v * args.negative_slope),
  Sigmoid: () => (v) => 1 / (1 + Math.exp(-v)),
  Tanh: () => Math.tanh,
};

function runLayer(core, layer, x, own) {
  const { args } = layer;
  switch (layer.type) {
    case 'Conv2d':
      return core.conv2d(x, own.weight, { stride: args.stride, padding: args.padding, dilation: args.dilation,
        groups: args.groups, paddingMode: args.padding_mode, bias: own.bias?.data });
    case 'ConvTranspose2d':
      return core.convTranspose2d(x, own.weight, { stride: args.stride, padding: args.padding, dilation: args.dilation,
        groups: args.groups, outputPadding: args.output_padding, bias: own.bias?.data });
    default: {
      const f = ELEMENTWISE[layer.type];
      if (!f) throw new Error(`${layer.path}: runNetwork runs Conv2d, ConvTranspose2d, ${Object.keys(ELEMENTWISE).join(', ')}, not ${layer.type}`);
      return { shape: x.shape.slice(), data: x.data.map(f(args)) };
    }
  }
}

/**
 * Runs the model on `input` ({ shape, data }, e.g. [1, 1, 28, 28]) layer by layer and returns every
 * layer's output: [{ path, block, type, output: { shape, data } }]. options.decoder: 'trained' (the
 * model's own layers, the default) or 'transposedEncoder' (the encoder, then transposedEncoder()).
 */
export function runNetwork(core, model, weightsBytes, input, { decoder = 'trained' } = {}) {
  if (decoder !== 'trained' && decoder !== 'transposedEncoder') throw new Error(`decoder: must be 'trained' or 'transposedEncoder', but got ${String(decoder)}`);
  const parameters = readParameters(model, weightsBytes);
  const layers = decoder === 'trained' ? model.layers
    : [...model.layers.filter((l) => l.block === 'encoder'), ...transposedEncoder(core, model)];
  const outputs = [];
  let x = input;
  for (const layer of layers) {
    const own = layer.weightFrom ? { weight: parameters.get(layer.weightFrom).weight } : parameters.get(layer.path) ?? {};
    x = runLayer(core, layer, x, own);
    outputs.push({ path: layer.path, block: layer.block, type: layer.type, output: x });
  }
  return outputs;
}

/**
 * The sample digits (a samples JSON and its .bin, tools/digit_samples.py): [{ label, index, input:
 * { shape, data } }], each pixel byte / scale (0..1), in the JSON's order.
 */
export function readSamples(samples, samplesBytes) {
  const bytes = bytesOf(samplesBytes, 'samplesBytes');
  const size = prod(samples.shape);
  if (bytes.length !== size * samples.samples.length) throw new Error(`samplesBytes: ${bytes.length} bytes, but ${samples.samples.length} samples of ${size} pixels`);
  return samples.samples.map(({ label, index }, i) => ({
    label, index,
    input: { shape: samples.shape.slice(), data: Float32Array.from(bytes.subarray(i * size, (i + 1) * size), (b) => b / samples.scale) },
  }));
}
