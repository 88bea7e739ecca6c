// Deliberately wrong uses of the package: each marked line must be a compile error (tests/node/types.test.mjs
// checks that tsc reports every one of them, so the type check can fail).
import { loadCore, mirrorNetwork, planNetwork, pairNetwork } from 'convt-lab';

async function main(): Promise<void> {
  const core = await loadCore();
  const x = { shape: [1, 1, 3, 3], data: new Float32Array(9) };
  core.conv2d(x, x, { paddingMode: 'reflection' }); // WRONG: not a padding mode
  core.conv2d(x, x, { outputSize: [3, 3] }); // WRONG: output_size is ConvTranspose2d's
  core.convTranspose2d(x, x, { padding: 'same' }); // WRONG: ConvTranspose2d's padding is an integer
  core.convTranspose2d(x, x, { paddingMode: 'reflect' }); // WRONG: ConvTranspose2d pads with zeros only
  core.conv2d(x, x, { stride: '2' }); // WRONG: a string stride
  const y: Int32Array = core.conv2d(x, x).data; // WRONG: the output is a Float32Array
  core.explain({ mode: 'deconv', size: 4 }); // WRONG: not a mode
  core.convTranspose2dShape(x.shape, x.shape, { padding: 'same' }); // WRONG: the call's options, ConvT's
  const z: string = core.conv2dShape(x.shape, x.shape).multiplyAdds; // WRONG: a number
  const back: number = core.explain({ size: 4 }).roundTrip.convThenConvT.backStuffed.length[0]; // WRONG: may be null
  const layers = [{ type: 'ReLU', args: { inplace: false } }];
  mirrorNetwork(layers, [1, 2], { pooling: 'bilinear' }); // WRONG: not a way to undo a pooling
  planNetwork(layers, '1x2'); // WRONG: the shape is an array
  const padding: [number, number] | null = pairNetwork(layers, [1, 2])[0].fix.output_padding; // WRONG: fix may be null
  const output: number[] = planNetwork(layers, [1, 2])[0].output; // WRONG: a refused layer has no output
  void [y, z, back, padding, output];
}

void main;
