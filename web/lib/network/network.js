// Whole networks through the core (docs/library.md, "Networks"): planNetwork, mirrorNetwork and
// pairNetwork, on a list of layers in parseTorch's form ({ type, args }), taken as a chain in the
// order given. This file checks the JS types of the arguments and copies the layers into plain
// objects, which the core reads by name (cpp/wasm/network_values.hpp); every shape, mirror, pair and
// fix is the core's (cpp/network/network.hpp). What it adds: each plan entry's type, block and line
// from the layers given, the encoder layer's type in a problem, and the decoder's PyTorch code.
// core.js exports these bound to the loaded core.

import { fail, describe } from '../errors.js';
import { sequentialCode } from './write-torch.js';

const MAX_ARGS = 64;  // arguments of one layer; and numbers in one argument's list
const POOLING_OPTIONS = ['pooling'];

// One argument's value, copied: null (None), a boolean, a number, a string, or an array of numbers
// and nulls. undefined: the argument is left out (the core then says it is missing).
function argOf(v, at) {
  if (v === null || typeof v === 'boolean' || typeof v === 'number' || typeof v === 'string') return v;
  if (Array.isArray(v) && v.length <= MAX_ARGS && v.every((x) => x === null || typeof x === 'number')) return v.slice();
  throw fail(at, `must be null (None), a boolean, a number, a string or an array of at most ${MAX_ARGS} numbers, but got ${describe(v)}`);
}

// The layers as the core reads them: [{ type, args }], fresh plain objects.
function layersOf(core, layers) {
  if (!Array.isArray(layers)) throw fail('layers', `must be an array of layers { type, args } (as parseTorch gives them), but got ${describe(layers)}`);
  const most = core.limits.maxNetworkLayers;
  if (layers.length > most) throw fail('layers', `has ${layers.length} layers, more than the ${most} a network may have`);
  return layers.map((layer, i) => {
    const at = `layers[${i}]`;
    if (layer === null || typeof layer !== 'object' || Array.isArray(layer)) throw fail(at, `must be an object { type, args }, but got ${describe(layer)}`);
    const { type, args } = layer;
    if (typeof type !== 'string') throw fail(`${at}.type`, `must be a string (PyTorch's class name), but got ${describe(type)}`);
    if (args === null || typeof args !== 'object' || Array.isArray(args)) throw fail(`${at}.args`, `must be an object of arguments by name, but got ${describe(args)}`);
    const names = Object.keys(args);
    if (names.length > MAX_ARGS) throw fail(`${at}.args`, `has ${names.length} arguments, more than ${MAX_ARGS}`);
    const copy = {};
    for (const name of names) if (args[name] !== undefined) copy[name] = argOf(args[name], `${at}.args.${name}`);
    return { type, args: copy };
  });
}

// An array of at most 8 numbers; integrality and ranges are the core's.
function shapeOf(inputShape) {
  if (!Array.isArray(inputShape) || inputShape.length > 8)
    throw fail('inputShape', `must be an array of at most 8 sizes, e.g. [1, 1, 28, 28], but got ${describe(inputShape)}`);
  inputShape.forEach((v, i) => {
    if (typeof v !== 'number') throw fail('inputShape', `[${i}] must be a number, but got ${describe(v)}`);
  });
  return inputShape.slice();
}

const where = (layer, key) => (layer && layer[key] !== undefined ? layer[key] : null);

/**
 * One entry per layer, in order, each on the previous one's output: { type, block, line, input,
 * output }, or at the first layer PyTorch refuses { type, block, line, input, error: { message,
 * parameter } } (message: PyTorch's words), which is the last entry.
 */
export function planNetwork(core, layers, inputShape) {
  const plain = layersOf(core, layers);
  const planned = core._network('planNetwork', plain, shapeOf(inputShape));
  return planned.map((entry, i) => ({ type: plain[i].type, block: where(layers[i], 'block'), line: where(layers[i], 'line'), ...entry }));
}

function poolingOf(options) {
  if (options === undefined || options === null) return 'upsample';
  if (typeof options !== 'object' || Array.isArray(options)) throw fail('options', `must be an object { pooling }, but got ${describe(options)}`);
  for (const key of Object.keys(options)) {
    if (!POOLING_OPTIONS.includes(key)) throw fail(key, `is not an option of mirrorNetwork; options are ${POOLING_OPTIONS.join(', ')}`);
  }
  const { pooling = 'upsample' } = options;
  if (typeof pooling !== 'string') throw fail('pooling', `must be 'upsample' or 'convTranspose2d', but got ${describe(pooling)}`);
  return pooling;  // the core knows the names
}

const shapeText = (s) => `[${s.join(', ')}]`;

/**
 * The decoder that brings every size back: { layers: [{ type, args, mirrors, input, output }], text,
 * problems: [{ layer, type, refused, message, parameter }] }.
 */
export function mirrorNetwork(core, layers, inputShape, options) {
  const pooling = poolingOf(options);
  const plain = layersOf(core, layers);
  const input = shapeOf(inputShape);
  const mirror = core._network('mirrorNetwork', plain, input, pooling);
  const problems = mirror.problems.map(({ layer, refused, parameter, message }) => ({ layer, type: plain[layer].type, refused, message, parameter }));
  return { layers: mirror.layers, text: decoderText(mirror.layers, problems, input), problems };
}

// The decoder as PyTorch code: each layer with its output shape; a problem where the decoder meets it.
function decoderText(decoder, problems, input) {
  const refused = problems.find((p) => p.refused), noMirror = problems.find((p) => !p.refused);
  const lines = [];
  if (refused) lines.push({ comment: `PyTorch refuses encoder layer ${refused.layer} (${refused.type}): ${refused.message}; the decoder starts from its input` });
  for (const d of decoder) lines.push({ layer: d, comment: shapeText(d.output) });
  if (noMirror) lines.push({ comment: `encoder layer ${noMirror.layer} (${noMirror.type}) has no mirror: ${noMirror.message}` });
  const from = decoder.length ? decoder[0].input : null;
  const to = decoder.length ? decoder[decoder.length - 1].output : null;
  const header = !decoder.length ? 'No decoder layer: nothing to mirror'
    : `Mirrors the encoder layer by layer, ${shapeText(from)} back to ${shapeText(to)}${shapeText(to) === shapeText(input) ? ', its input' : ''}`;
  return sequentialCode('decoder', lines, header);
}

/**
 * The pairs of the network's Conv2d and ConvTranspose2d layers, outermost first: { conv, convT,
 * target, got, verdict, remainder, fix } (docs/library.md, "Networks").
 */
export function pairNetwork(core, layers, inputShape) {
  return core._network('pairNetwork', layersOf(core, layers), shapeOf(inputShape));
}
