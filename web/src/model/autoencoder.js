// The network view's trained autoencoder, run by the WASM core: a digit (a sample, or one the student
// draws) through the encoder to its code and back through two decoders: the trained one, and the
// "transposed encoder" (ConvTranspose2d layers with the encoder's own weights, in reverse), which
// brings the size back but not the values. The model, its weights and the sample digits are the
// library's (web/lib/network/models/); the page hands them over once (app/lab.js), so this module
// loads no file itself and runs in Node without them.
import { runNetwork, readSamples } from '../../lib/core.js';

let assets = null;
/** The model files, as the page bundles them: { model, weights (bytes), samples, samplesBytes }. */
export function useAutoencoder(files) { assets = files; }

let samplesRead = null;
/** The sample digits ([{ label, input: { shape, data } }]), or [] when no model was handed over. */
export function sampleDigits() {
  if (!assets) return [];
  if (!samplesRead) samplesRead = readSamples(assets.samples, assets.samplesBytes);
  return samplesRead;
}

const cache = new Map();
/**
 * The autoencoder on `ae` ({ sample: index, drawn: Float32Array | null }): { input, code, trained,
 * transposed } (tensors: the digit, the encoder's output, each decoder's output), the mean squared
 * error of each reconstruction against the digit, and the layers' sizes; null without a model, or
 * { error } if the core refused.
 */
export function autoencoderOf(core, ae) {
  if (!assets) return null;
  const digits = sampleDigits();
  const input = ae.drawn ? { shape: assets.model.input.slice(), data: ae.drawn } : digits[Math.min(ae.sample, digits.length - 1)]?.input;
  if (!input) return null;
  if (cache.has(input.data)) return cache.get(input.data);
  let result;
  try {
    const trained = runNetwork(core, assets.model, assets.weights, input, { decoder: 'trained' });
    const transposed = runNetwork(core, assets.model, assets.weights, input, { decoder: 'transposedEncoder' });
    const code = [...trained].reverse().find((l) => l.block === 'encoder').output;
    const mse = (out) => { let s = 0; for (let i = 0; i < input.data.length; i++) s += (out.data[i] - input.data[i]) ** 2; return s / input.data.length; };
    const last = (run) => run[run.length - 1].output;
    result = {
      input, code, trained: last(trained), transposed: last(transposed),
      mseTrained: mse(last(trained)), mseTransposed: mse(last(transposed)),
      layers: { trained: trained.map((l) => ({ type: l.type, shape: l.output.shape })), transposed: transposed.map((l) => ({ type: l.type, shape: l.output.shape })) },
    };
  } catch (e) {
    result = { error: e && e.message ? String(e.message) : String(e) };
  }
  if (cache.size > 16) cache.delete(cache.keys().next().value);
  cache.set(input.data, result);
  return result;
}
