// Node ESM from the installed tarball: the network functions and the digits autoencoder with its
// model files, found through the package's exports. `node node-network.mjs model.py 1,1,28,28`
// prints what they give.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadCore, parseTorch, planNetwork, pairNetwork, mirrorNetwork, runNetwork, readSamples } from 'convt-lab';

const fromPackage = (name) => readFileSync(fileURLToPath(import.meta.resolve(`convt-lab/models/${name}`)));
const core = await loadCore();
const { layers } = parseTorch(readFileSync(process.argv[2], 'utf8'));
const inputShape = process.argv[3].split(',').map(Number);
const model = JSON.parse(fromPackage('digits-autoencoder.json'));
const samples = JSON.parse(fromPackage('digits-samples.json'));
const digits = readSamples(samples, fromPackage('digits-samples.bin'));
const reconstruction = runNetwork(core, model, fromPackage('digits-autoencoder.bin'), digits[0].input).at(-1).output;
console.log(JSON.stringify({
  plan: planNetwork(layers, inputShape), pairs: pairNetwork(layers, inputShape), mirror: mirrorNetwork(layers, inputShape),
  reconstruction: { shape: reconstruction.shape, data: Array.from(reconstruction.data) },
}));
