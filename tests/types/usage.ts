// A typed use of the package, through its name (package.json `types` / `exports`), that must compile:
// checked by tests/node/types.test.mjs with `tsc --noEmit -p tests/types`.
import loadCoreDefault, {
  loadCore, loadCoreFrom, ConvtError, parseTorch, planNetwork, mirrorNetwork, pairNetwork, runNetwork, transposedEncoder,
  readSamples,
} from 'convt-lab';
import type {
  Core, Conv2dOptions, ConvTranspose2dOptions, Explanation, Tensor, PaddingMode, RoundTrip, ParsedLayer, PlannedLayer,
  LayerPair, ModelFile, SamplesFile,
} from 'convt-lab';

// Networks: parse, plan, pair, apply the fixes, mirror; the autoencoder's forward pass.
function network(core: Core, model: ModelFile, weights: Uint8Array, samples: SamplesFile, samplesBytes: ArrayBuffer): void {
  const { layers, problems } = parseTorch('import torch.nn as nn\nnet = nn.Sequential(nn.Conv2d(1, 8, 3, 2, 1))', { names: { c: 8 } });
  const lines: number[] = [...layers.map((l: ParsedLayer) => l.line), ...problems.map((p) => p.line)];
  const plan: PlannedLayer[] = planNetwork(layers, [1, 1, 28, 28]);
  for (const entry of plan) {
    const size: number[] | string = entry.error ? `${entry.error.parameter}: ${entry.error.message}` : entry.output;
    void size;
  }
  const pairs: LayerPair[] = pairNetwork(layers, [1, 1, 28, 28]);
  const fixed = layers.map((l, i) => {
    const fix = pairs.find((p) => p.convT === i)?.fix;
    return fix && fix.output_padding ? { ...l, args: { ...l.args, output_padding: fix.output_padding } } : l;
  });
  const why: string | undefined = pairs[0]?.fix?.why;
  const verdicts: ('ok' | 'fail' | 'undefined')[] = pairs.map((p) => p.verdict);
  const mirror = mirrorNetwork(fixed, [1, 1, 28, 28], { pooling: 'convTranspose2d' });
  const text: string = mirror.text;
  const mirrored: number[] = mirror.layers.map((l) => l.mirrors + l.output[0]);
  const refused: boolean[] = mirror.problems.map((p) => p.refused);
  const [digit] = readSamples(samples, samplesBytes);
  const outputs = runNetwork(core, model, weights, digit.input, { decoder: 'transposedEncoder' });
  const last: Float32Array = outputs[outputs.length - 1].output.data;
  const from: (string | null)[] = transposedEncoder(core, model).map((l) => l.weightFrom);
  void [lines, why, verdicts, text, mirrored, refused, last, from, core.limits.maxNetworkLayers];
}

async function main(): Promise<void> {
  const core: Core = await loadCore();
  const same: Core = await loadCoreDefault();
  const x = { shape: [1, 1, 3, 3], data: new Float32Array(9).fill(1) };
  const w = { shape: [1, 1, 3, 3], data: [1, 2, 3, 4, 5, 6, 7, 8, 9] };

  const modes: PaddingMode[] = ['zeros', 'reflect', 'replicate', 'circular'];
  for (const paddingMode of modes) {
    const opts: Conv2dOptions = { padding: 1, paddingMode, stride: [1, 1], dilation: 1, groups: 1, bias: [0.5] };
    const y: Tensor = core.conv2d(x, w, opts);
    const first: number = y.data[0] + y.shape[0];
    void first;
  }
  core.conv2d(x, w, { padding: 'same' });
  core.reference.conv2d(x, w, { padding: 'valid', bias: { shape: [1], data: new Float32Array([1]) } });

  const t: ConvTranspose2dOptions = { stride: 2, padding: 1, outputSize: [6, 6] };
  const up: Tensor = core.convTranspose2d(x, w, t);
  core.convTranspose2d(x, w, { stride: [2, 3], outputPadding: [1, 2] });
  core.convTranspose2d(x, w, { stride: 2, outputSize: [1, 1, 6, 6] });
  const pieces = core.convTranspose2dByStuffing(x, w, { stride: 2 });
  const stuffed: Float32Array = pieces.stuffed.data;

  const ex: Explanation = core.explain({ mode: 'conv', size: [4, 5], kernelSize: 4, padding: 'same', paddingMode: 'reflect' });
  const before: [number, number] = ex.padding.before;
  const kinds: Int8Array = ex.stuffed.cellKind;
  const back: RoundTrip = ex.roundTrip.convThenConvT;
  const fix: [number, number] | null = back.fixOutputPadding;
  const backLength: [number, number] | undefined = back.backStuffed?.length;
  const planned: { shape: number[]; multiplyAdds: number } = core.conv2dShape([1, 1, 3, 3], [1, 1, 3, 3], { padding: 1 });
  const up2: number[] = core.convTranspose2dShape([1, 1, 3, 3], [1, 1, 4, 4], { stride: 2, outputSize: [6, 6] }).shape;
  const pp = core.polyphase({ size: 4, kernelSize: 3, stride: 2, padding: 1, outputSize: [8, 8] }, x.data, w.data);
  const phases: number = pp.phases.length + core.limits.maxElements + core.heapInUse();

  try {
    core.conv2d(x, w, { stride: 0 });
  } catch (e) {
    if (e instanceof ConvtError) {
      const parameter: string = e.parameter;
      void parameter;
    }
  }
  const other: Core = await loadCoreFrom(async () => ({}));
  void [same, up, stuffed, before, kinds, fix, backLength, planned, up2, phases, other];
}

void main;
void network;
