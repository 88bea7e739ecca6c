// The network view's model: a student's PyTorch code and input shape, read by the library
// (parseTorch), its sizes planned layer by layer by the core (planNetwork), each ConvTranspose2d
// paired with the Conv2d it undoes and its verdict (pairNetwork), and the decoder that brings every
// size of its encoder back (mirrorNetwork). No arithmetic here: the core's rules, drawn by
// views/network.js. A result is kept per (text, input, model), so a redraw costs nothing.
import { parseTorch, planNetwork, pairNetwork, mirrorNetwork } from '../../lib/core.js';
import { ParamError, quote } from './params.js';

/** The most characters of code the view reads (the library reads at most this much, and says so beyond). */
export const MAX_NET_TEXT = 64 * 1024;
/** The most characters of code a link carries (a longer network is drawn, but not put into the URL). */
export const MAX_NET_URL_TEXT = 8 * 1024;

// Presets in the styles people write PyTorch models in.
const AUTOENCODER = `import torch
from torch import nn


class Autoencoder(nn.Module):
    # the lecture's MNIST autoencoder: "the same k, s, p" in the decoder
    def __init__(self):
        super().__init__()
        self.encoder = nn.Sequential(
            nn.Conv2d(1, 16, 3, stride=2, padding=1),   # 28 -> 14
            nn.ReLU(True),
            nn.Conv2d(16, 32, 3, stride=2, padding=1),  # 14 -> 7
            nn.ReLU(True),
        )
        self.decoder = nn.Sequential(
            nn.ConvTranspose2d(32, 16, 3, stride=2, padding=1),
            nn.ReLU(True),
            nn.ConvTranspose2d(16, 1, 3, stride=2, padding=1),
            nn.Sigmoid(),
        )

    def forward(self, x):
        return self.decoder(self.encoder(x))
`;
const DCGAN = `import torch.nn as nn

nz, ngf, nc = 100, 64, 3


class Generator(nn.Module):
    # DCGAN: a 100-number code to a 64x64 picture, each ConvTranspose2d k4 s2 p1 doubles the size
    def __init__(self):
        super(Generator, self).__init__()
        self.main = nn.Sequential(
            nn.ConvTranspose2d(nz, ngf * 8, 4, 1, 0, bias=False),
            nn.BatchNorm2d(ngf * 8),
            nn.ReLU(True),
            nn.ConvTranspose2d(ngf * 8, ngf * 4, 4, 2, 1, bias=False),
            nn.BatchNorm2d(ngf * 4),
            nn.ReLU(True),
            nn.ConvTranspose2d(ngf * 4, ngf * 2, 4, 2, 1, bias=False),
            nn.BatchNorm2d(ngf * 2),
            nn.ReLU(True),
            nn.ConvTranspose2d(ngf * 2, ngf, 4, 2, 1, bias=False),
            nn.BatchNorm2d(ngf),
            nn.ReLU(True),
            nn.ConvTranspose2d(ngf, nc, 4, 2, 1, bias=False),
            nn.Tanh(),
        )

    def forward(self, z):
        return self.main(z)
`;
const UNET = `import torch.nn as nn


class UNetStyle(nn.Module):
    # a U-Net-style encoder and decoder on 96x96: pooling halves, ConvTranspose2d doubles
    def __init__(self, c=32):
        super().__init__()
        self.down1 = nn.Sequential(nn.Conv2d(3, c, 3, padding=1), nn.ReLU(inplace=True), nn.MaxPool2d(2))
        self.down2 = nn.Sequential(nn.Conv2d(c, c * 2, 3, padding=1), nn.ReLU(inplace=True), nn.MaxPool2d(2))
        self.down3 = nn.Sequential(nn.Conv2d(c * 2, c * 4, 3, padding=1), nn.ReLU(inplace=True), nn.MaxPool2d(2))
        self.up3 = nn.ConvTranspose2d(c * 4, c * 2, kernel_size=2, stride=2)
        self.up2 = nn.ConvTranspose2d(c * 2, c, kernel_size=2, stride=2)
        self.up1 = nn.ConvTranspose2d(c, 3, kernel_size=2, stride=2)

    def forward(self, x):
        x = self.down3(self.down2(self.down1(x)))
        return self.up1(self.up2(self.up3(x)))
`;
const QUESTION = `import torch.nn as nn

# "Conv2d(128, 256, 3, padding=1, stride=2) on 24x24 gives 12x12,
#  ConvTranspose2d(256, 128, 3, padding=1, stride=2) gives 23x23, why?"
down = nn.Conv2d(128, 256, 3, padding=1, stride=2)
up = nn.ConvTranspose2d(256, 128, 3, padding=1, stride=2)
`;
export const NETWORK_PRESETS = {
  autoencoder: { text: AUTOENCODER, input: [1, 1, 28, 28], label: 'netPresetAutoencoder' },
  dcgan: { text: DCGAN, input: [1, 100, 1, 1], label: 'netPresetDcgan' },
  unet: { text: UNET, input: [1, 3, 96, 96], label: 'netPresetUnet' },
  question: { text: QUESTION, input: [1, 128, 24, 24], label: 'netPresetQuestion' },
};
export const DEFAULT_NETWORK = 'autoencoder';

/** The largest size the core plans with (its limit on every dimension). */
export const MAX_NET_DIM = 2 ** 30;

/**
 * An input shape from untrusted text: 2 to 4 whole numbers (N, C, H, W; C, H, W; or N, F), each
 * from 1 to MAX_NET_DIM. Throws ParamError('net_input') saying which rule the text broke.
 */
export function parseInputShape(text) {
  const s = String(text).trim().slice(0, 200);
  const m = /^\[?\(?\s*(\d{1,20}(?:\s*[,x×]\s*\d{1,20}){1,3})\s*,?\s*\)?\]?$/.exec(s);
  if (!m) throw new ParamError('net_input', `net_input: ${quote(s)} is not a shape (for example 1,1,28,28).`, 'errNetInput', [quote(s)]);
  const dims = m[1].split(/[,x×]/).map((d) => Number(d.trim()));
  if (dims.some((d) => !(d >= 1 && d <= MAX_NET_DIM))) {
    throw new ParamError('net_input', `net_input: every size must be a whole number from 1 to ${MAX_NET_DIM} (${quote(s)}).`, 'errNetInputRange', [quote(s), MAX_NET_DIM]);
  }
  return dims;
}

const cache = new Map();
const CACHE_SIZE = 8;

/**
 * The network for `net` ({ text, input, model }): { layers (of the chosen model), models (the
 * classes the text defines, in order), model, problems, plan, pairs, fixed, error }. `fixed` is the
 * mirrored decoder ({ layers, text }) or null; `error` is a thrown library error (an absurd input
 * shape, say), shown, never raised.
 */
export function networkOf(net) {
  const key = `${net.model ?? ''}\u0000${net.input.join(',')}\u0000${net.text}`;
  if (cache.has(key)) return cache.get(key);
  const parsed = parseTorch(net.text.slice(0, MAX_NET_TEXT));
  const problems = [...parsed.problems];
  if (net.text.length > MAX_NET_TEXT) problems.unshift({ line: 1, message: `the code is longer than ${MAX_NET_TEXT} characters; only the first ${MAX_NET_TEXT} are read`, model: '' });
  const models = [...new Set(parsed.layers.map((l) => l.model))];
  const model = models.includes(net.model) ? net.model : models[0] ?? '';
  const layers = parsed.layers.filter((l) => l.model === model);
  let plan = [], pairs = [], error = null;
  try {
    plan = planNetwork(layers, net.input);
    pairs = pairNetwork(layers, net.input);
  } catch (e) {
    error = e && e.message ? String(e.message) : String(e);
  }
  const result = { text: net.text, input: net.input, layers, models, model, problems: problems.filter((p) => !p.model || p.model === model), plan, pairs, error };
  // the decoder that brings the encoder's sizes back (shown and copied), or null with no encoder to mirror
  const encoder = encoderOf(result);
  result.fixed = encoder.some(isMirrored) ? mirrorNetwork(encoder, net.input, { pooling: 'upsample' }) : null;
  if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value);
  cache.set(key, result);
  return result;
}

/** Layers that bring a size back up: where a decoder starts. */
const DECODING = new Set(['ConvTranspose2d', 'Upsample', 'UpsamplingNearest2d', 'UpsamplingBilinear2d', 'PixelShuffle', 'MaxUnpool2d']);
/** Encoder layers whose mirror changes a size (a Conv2d, a pooling): without one there is no decoder to write. */
const isMirrored = (l) => l.type === 'Conv2d' || /Pool2d$/.test(l.type);

/**
 * The encoder of a planned network: its layers before the first one that brings a size back up
 * (a ConvTranspose2d, an Upsample, a PixelShuffle). Empty when the network starts by decoding (a
 * DCGAN generator), or when a layer before that point is refused (the sizes it would mirror are not
 * known).
 */
export function encoderOf(network) {
  const end = network.layers.findIndex((l) => DECODING.has(l.type));
  const encoder = network.layers.slice(0, end < 0 ? network.layers.length : end);
  if (network.error || encoder.some((_, i) => !network.plan[i] || network.plan[i].error)) return [];
  return encoder;
}

/**
 * The one-layer lab's parameters for layer i of a planned network (a Conv2d or a ConvTranspose2d):
 * its own kernel, stride, padding and dilation, on the input size the plan gives it. A Conv2d's
 * output_padding is the one of the ConvTranspose2d paired with it when that layer has the Conv2d's
 * k, s, p and d, so the lab's way back is the student's own decoder layer.
 */
export function layerParams(network, i) {
  const layer = network.layers[i], step = network.plan[i];
  if (!layer || !step || !['Conv2d', 'ConvTranspose2d'].includes(layer.type) || !step.input) return null;
  const a = layer.args, size = step.input.slice(-2);
  // the paired ConvTranspose2d's output_padding, when it is the lab's way back (the same k, s, p, d);
  // a decoder layer of other numbers is not the lab's question, so the lab starts from 0 then
  const pair = network.pairs.find((p) => p.conv === i);
  const paired = pair ? network.layers[pair.convT]?.args : null;
  const same = (x, y) => JSON.stringify(x) === JSON.stringify(y);
  const back = paired && ['kernel_size', 'stride', 'padding', 'dilation'].every((k) => same(paired[k], a[k])) ? paired : null;
  return {
    mode: layer.type === 'Conv2d' ? 'conv' : 'convT', size, kernelSize: a.kernel_size, stride: a.stride,
    padding: a.padding, dilation: a.dilation, paddingMode: a.padding_mode || 'zeros',
    outputPadding: layer.type === 'Conv2d' ? (back?.output_padding ?? [0, 0]) : a.output_padding,
  };
}
