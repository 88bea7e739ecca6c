// Whole networks through the WASM module (planNetwork, mirrorNetwork, pairNetwork from the package
// root) against what PyTorch did: every model and input of tests/fixtures/network_cases.json
// (gen_networks.py), the mirror decoders run in PyTorch (tests/fixtures/mirror_cases.json,
// gen_mirrors.py), and the decoders that come back 25x25, 27x27 and 23x23 with PyTorch's own
// output_padding; then input meant to break them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import {
  loadCore, parseTorch, planNetwork, mirrorNetwork, pairNetwork, ConvtError,
} from '../../web/lib/core.js';
import { MAX_LAYERS } from '../../web/lib/network/parse-torch.js';

const fixtures = JSON.parse(readFileSync(new URL('../fixtures/network_cases.json', import.meta.url), 'utf8'));
const mirrors = JSON.parse(readFileSync(new URL('../fixtures/mirror_cases.json', import.meta.url), 'utf8'));
const networkFile = (name) => readFileSync(new URL(`../fixtures/networks/${name}`, import.meta.url), 'utf8');
const core = await loadCore();
const TIMEOUT = { timeout: 60_000 };
const REGENERATE = 'regenerate with /usr/bin/python3 tests/fixtures/gen_mirrors.py';

const idOf = (m) => `${m.file} ${m.model || '(module level)'} ${JSON.stringify(m.init)}`;
const plainLayers = (m) => m.layers.map(({ type, args }) => ({ type, args }));

// The layers as the page gets them: parseTorch of the file (with line and block), when it reads the
// model completely; else the layers PyTorch built (a model with a layer parseTorch cannot read).
function layersOf(m) {
  const parsed = parseTorch(networkFile(m.file), { names: m.init }).layers.filter((l) => l.model === m.model);
  const same = isDeepStrictEqual(parsed.map(({ type, args }) => ({ type, args })), plainLayers(m));
  return same ? parsed : plainLayers(m);
}

test("planNetwork: every model and input of the fixtures, PyTorch's shape after each layer, or its refusal in its words", TIMEOUT, () => {
  let runs = 0, refused = 0, compared = 0, parsed = 0;
  for (const m of fixtures.models) {
    const layers = layersOf(m);
    if (layers[0]?.line) parsed++;
    for (const run of m.runs) {
      const id = `${idOf(m)} on [${run.input}]`;
      const plan = planNetwork(layers, run.input);
      plan.forEach((entry, i) => {
        assert.equal(entry.type, layers[i].type, id);
        assert.equal(entry.block, layers[i].block ?? null, id);
        assert.equal(entry.line, layers[i].line ?? null, id);
        if (i > 0) assert.deepEqual(entry.input, plan[i - 1].output, id);
      });
      assert.deepEqual(plan[0]?.input ?? run.input, run.input);
      // The forward pass's calls while they are the layers in order, each on the previous one's output
      // (all of them in a chain model; the first ones in a model whose forward() does more).
      for (let i = 0; i < run.trace.length && run.trace[i].layer === i
        && (i === 0 || JSON.stringify(run.trace[i].input) === JSON.stringify(run.trace[i - 1].output)); i++) {
        assert.deepEqual({ input: plan[i].input, output: plan[i].output }, { input: run.trace[i].input, output: run.trace[i].output }, `${id}, layer ${i}`);
        compared++;
      }
      if (!m.chain) continue;
      if (run.error) {
        assert.equal(plan.length, run.error.layer + 1, id);
        const last = plan.at(-1);
        assert.deepEqual(last.input, run.error.input, id);
        assert.equal(last.output, undefined, id);
        assert.equal(last.error.message, run.error.message, id);
        assert.equal(typeof last.error.parameter, 'string', id);
        refused++;
      } else {
        assert.equal(plan.length, layers.length, id);
        assert.deepEqual(plan.at(-1).output, run.output, id);
        assert.ok(plan.every((e) => !e.error), id);
      }
      runs++;
    }
  }
  assert.ok(runs >= 90 && refused >= 40 && compared >= 600 && parsed >= 40, `${runs} runs, ${refused} refused, ${compared} layer calls, ${parsed} models parsed`);
});

test('planNetwork: the layers of every model as a chain, as PyTorch runs them one after the other (gen_mirrors.py)', TIMEOUT, () => {
  // Models whose forward() is no chain too: the list of layers is planned as one.
  let nonChain = 0;
  for (const c of mirrors.cases) {
    const m = fixtures.models.find((f) => f.file === c.file && f.model === c.model && JSON.stringify(f.init) === JSON.stringify(c.init));
    const plan = planNetwork(plainLayers(m), c.input);
    const refusedAt = plan.findIndex((e) => e.error);
    assert.equal(c.encoderLength, refusedAt < 0 ? plan.length : refusedAt, `${idOf(m)} on [${c.input}]`);
    const code = c.encoderLength ? plan[c.encoderLength - 1].output : c.input;
    assert.deepEqual(code, c.torch.code, `${idOf(m)} on [${c.input}]: the chain's output`);
    if (!m.chain) nonChain++;
  }
  assert.ok(nonChain >= 8, `${nonChain} cases of models that are not a chain`);
});

test('mirrorNetwork: its text is the one PyTorch ran (gen_mirrors.py), and PyTorch brought every size back', TIMEOUT, () => {
  let complete = 0, stopped = 0;
  const seen = new Set();
  for (const c of mirrors.cases) {
    const m = fixtures.models.find((f) => f.file === c.file && f.model === c.model && JSON.stringify(f.init) === JSON.stringify(c.init));
    const id = `${idOf(m)} on [${c.input}], pooling ${c.pooling}`;
    const mirror = mirrorNetwork(plainLayers(m), c.input, { pooling: c.pooling });
    assert.equal(mirror.text, c.text, `${id}: the library writes another decoder than mirror_cases.json holds: ${REGENERATE}`);
    assert.equal(mirror.problems.length, c.problems, id);
    assert.equal(c.torch.error, undefined, `${id}: PyTorch could not run the decoder`);
    // PyTorch's shapes are the library's, layer by layer
    assert.deepEqual(mirror.layers.map((l) => l.output), c.torch.outputs, id);
    if (mirror.layers.length) assert.deepEqual(mirror.layers[0].input, c.torch.code, id);
    if (!mirror.problems.length) {
      if (mirror.layers.length) {
        assert.deepEqual(c.torch.outputs.at(-1), c.input, `${id}: PyTorch brought the input's size back`);
        complete++;
      }
    } else {
      for (const p of mirror.problems) {
        assert.equal(p.type, m.layers[p.layer].type, id);
        assert.ok(p.message.length > 10 && typeof p.parameter === 'string', id);
        assert.ok(mirror.text.includes(`encoder layer ${p.layer} (${p.type})`), `${id}: the text names the problem`);
      }
      stopped++;
    }
    seen.add(`${id}`);
  }
  // Every model and input has its decoder in the fixture, and a second one where the pooling option changes it.
  for (const m of fixtures.models) {
    for (const { input } of m.runs) {
      const texts = ['upsample', 'convTranspose2d'].map((pooling) => mirrorNetwork(plainLayers(m), input, { pooling }).text);
      assert.ok(seen.has(`${idOf(m)} on [${input}], pooling upsample`), `${idOf(m)} on [${input}]: not in mirror_cases.json: ${REGENERATE}`);
      assert.equal(seen.has(`${idOf(m)} on [${input}], pooling convTranspose2d`), texts[0] !== texts[1], `${idOf(m)} on [${input}]: ${REGENERATE}`);
    }
  }
  assert.ok(complete >= 50 && stopped >= 40, `${complete} decoders all the way back, ${stopped} with a problem`);
});

test('mirrorNetwork: parseTorch reads its text back to its layers', TIMEOUT, () => {
  let layers = 0;
  for (const c of mirrors.cases) {
    const m = fixtures.models.find((f) => f.file === c.file && f.model === c.model && JSON.stringify(f.init) === JSON.stringify(c.init));
    const mirror = mirrorNetwork(plainLayers(m), c.input, { pooling: c.pooling });
    const read = parseTorch(`import torch.nn as nn\n${mirror.text}`);
    assert.deepEqual(read.problems, []);
    assert.deepEqual(read.layers.map(({ type, args }) => ({ type, args })), mirror.layers.map(({ type, args }) => ({ type, args })), c.text);
    assert.ok(read.layers.every((l) => l.block === 'decoder'));
    layers += read.layers.length;
  }
  assert.ok(layers >= 500, `${layers} layers read back`);
});

test('mirrorNetwork: the decoder of a MaxPool2d encoder, both ways, and the activations where a decoder has them', TIMEOUT, () => {
  const { layers } = parseTorch(`import torch.nn as nn
encoder = nn.Sequential(
    nn.Conv2d(1, 16, 3, padding=1), nn.BatchNorm2d(16), nn.ReLU(),
    nn.MaxPool2d(2),
    nn.Conv2d(16, 32, 3, stride=2, padding=1), nn.ReLU(),
)`);
  const up = mirrorNetwork(layers, [1, 1, 28, 28]);
  assert.deepEqual(up.problems, []);
  assert.deepEqual(up.layers.map((l) => [l.type, l.mirrors, l.output]), [
    ['ConvTranspose2d', 4, [1, 16, 14, 14]],
    ['Upsample', 3, [1, 16, 28, 28]],
    ['BatchNorm2d', 1, [1, 16, 28, 28]],
    ['ReLU', 2, [1, 16, 28, 28]],
    ['ConvTranspose2d', 0, [1, 1, 28, 28]],
  ]);
  assert.equal(up.text, `# Mirrors the encoder layer by layer, [1, 32, 7, 7] back to [1, 1, 28, 28], its input
decoder = nn.Sequential(
    nn.ConvTranspose2d(32, 16, 3, stride=2, padding=1, output_padding=1),  # [1, 16, 14, 14]
    nn.Upsample(scale_factor=2),  # [1, 16, 28, 28]
    nn.BatchNorm2d(16),  # [1, 16, 28, 28]
    nn.ReLU(),  # [1, 16, 28, 28]
    nn.ConvTranspose2d(16, 1, 3, padding=1),  # [1, 1, 28, 28]
)
`);
  const convT = mirrorNetwork(layers, [1, 1, 28, 28], { pooling: 'convTranspose2d' });
  assert.deepEqual(convT.layers[1].args.kernel_size, [2, 2]);
  assert.deepEqual(convT.layers[1].args.stride, [2, 2]);
  // 27x27: the MaxPool2d drops a line (27 -> 13) that a ConvTranspose2d(kernel=stride=2) puts back with output_padding 1
  const odd = mirrorNetwork(layers, [1, 1, 27, 27], { pooling: 'convTranspose2d' });
  assert.deepEqual(odd.layers[1].args.output_padding, [1, 1]);
  assert.deepEqual(odd.layers.at(-1).output, [1, 1, 27, 27]);
  // MaxPool2d(3, stride=2) on 8x8 gives 3x3: 2 lines dropped, a ConvTranspose2d(2, stride=2) puts back at most 1
  const pooled = parseTorch('import torch.nn as nn\nnet = nn.Sequential(nn.Conv2d(1, 4, 3, padding=1), nn.MaxPool2d(3, stride=2))').layers;
  const stuck = mirrorNetwork(pooled, [1, 1, 8, 8], { pooling: 'convTranspose2d' });
  assert.deepEqual(stuck.layers, []);
  assert.equal(stuck.problems.length, 1);
  assert.deepEqual({ ...stuck.problems[0], message: undefined }, { layer: 1, type: 'MaxPool2d', refused: false, parameter: 'stride', message: undefined });
  assert.match(stuck.problems[0].message, /valid sizes range from \[6, 6\] to \[7, 7\].*output_padding would have to be 2x2, and it must be smaller than either stride or dilation/);
  assert.match(stuck.text, /# encoder layer 1 \(MaxPool2d\) has no mirror: requested an output size of \[8, 8\]/);
});

// ---- pairNetwork ----------------------------------------------------------------------------------
const mismatch = networkFile('mnist_autoencoder_mismatch.py');
const modelOf = (name) => fixtures.models.find((m) => m.file === 'mnist_autoencoder_mismatch.py' && m.model === name && !Object.keys(m.init).length);

test("pairNetwork: the decoders that come back 25x25, 27x27 and 23x23, fixed by output_padding alone, as PyTorch's output_padding says", TIMEOUT, () => {
  const cases = [['SamePaddingAutoencoder', [1, 1, 28, 28], 25], ['ValidAutoencoder', [1, 1, 28, 28], 27],
    ['DeepValidAutoencoder', [1, 1, 28, 28], 23], ['DeepValidAutoencoder', [2, 1, 32, 32], 31]];
  for (const [name, input, size] of cases) {
    const id = `${name} on [${input}]`;
    const layers = parseTorch(mismatch).layers.filter((l) => l.model === name);
    const pairs = pairNetwork(layers, input);
    const convs = layers.flatMap((l, i) => (l.type === 'Conv2d' ? [i] : []));
    const convTs = layers.flatMap((l, i) => (l.type === 'ConvTranspose2d' ? [i] : []));
    // the k-th Conv2d from the input with the k-th ConvTranspose2d from the output
    assert.deepEqual(pairs.map((p) => [p.conv, p.convT]), convs.map((c, k) => [c, convTs.at(-1 - k)]), id);
    assert.deepEqual(pairs[0].got, [size, size], id);
    assert.deepEqual(pairs[0].target, input.slice(2), id);
    assert.equal(pairs[0].verdict, 'fail', id);
    assert.ok(pairs.every((p) => p.verdict === (JSON.stringify(p.got) === JSON.stringify(p.target) ? 'ok' : 'fail')), id);
    // PyTorch's own output_padding for a ConvTranspose2d undoing each Conv2d call (the fixture's trace)
    const run = modelOf(name).runs.find((r) => JSON.stringify(r.input) === JSON.stringify(input));
    for (const p of pairs) {
      assert.deepEqual(p.fix, { output_padding: run.trace[p.conv].mirror.output_padding }, `${id}: pair ${p.conv}-${p.convT}`);
      const [h, w] = p.target, conv = layers[p.conv].args;
      // the remainder: the lines the Conv2d's floor drops
      assert.deepEqual(p.remainder, [(h + 2 * conv.padding[0] - (conv.kernel_size[0] - 1) - 1) % conv.stride[0],
        (w + 2 * conv.padding[1] - (conv.kernel_size[1] - 1) - 1) % conv.stride[1]], id);
    }
    // the fixes applied to the parsed layers: planNetwork brings the input's size back, and every pair is ok
    const fixed = layers.map((l, i) => {
      const p = pairs.find((q) => q.convT === i);
      return p ? { ...l, args: { ...l.args, output_padding: p.fix.output_padding } } : l;
    });
    assert.deepEqual(planNetwork(fixed, input).at(-1).output, input, id);
    assert.ok(pairNetwork(fixed, input).every((p) => p.verdict === 'ok'), id);
  }
});

test('pairNetwork: verdicts and fixes where output_padding cannot help, and what cannot be paired', TIMEOUT, () => {
  const pairsOf = (code, input) => pairNetwork(parseTorch(`import torch.nn as nn\nnet = nn.Sequential(${code})`).layers, input);
  // 28 -> 26 -> ConvTranspose2d(2, stride=2) gives 52 or 53: no output_padding gives 28
  let [p] = pairsOf('nn.Conv2d(1, 4, 3), nn.ConvTranspose2d(4, 1, 2, stride=2)', [1, 1, 28, 28]);
  assert.deepEqual(p, { conv: 0, convT: 1, target: [28, 28], got: [52, 52], verdict: 'fail', remainder: [0, 0],
    fix: { output_padding: null, why: 'requested an output size of [28, 28], but valid sizes range from [52, 52] to [53, 53] (for an input of [26, 26])' } });
  // already right
  [p] = pairsOf('nn.Conv2d(1, 4, 3, 2, 1), nn.ReLU(), nn.ConvTranspose2d(4, 1, 3, 2, 1, 1)', [1, 1, 28, 28]);
  assert.equal(p.verdict, 'ok');
  assert.deepEqual(p.fix, { output_padding: [1, 1] });
  // right in height only: 28x27, and each axis has its own output_padding
  [p] = pairsOf('nn.Conv2d(1, 4, 3, 2, 1), nn.ConvTranspose2d(4, 1, 3, 2, 1, output_padding=(1, 0))', [1, 1, 28, 28]);
  assert.deepEqual([p.got, p.verdict, p.fix], [[28, 27], 'fail', { output_padding: [1, 1] }]);
  [p] = pairsOf('nn.Conv2d(1, 4, (3, 5), 2, (1, 2)), nn.ConvTranspose2d(4, 1, (3, 5), 2, (1, 2))', [1, 1, 28, 27]);
  assert.deepEqual([p.target, p.got, p.verdict, p.remainder, p.fix], [[28, 27], [27, 27], 'fail', [1, 0], { output_padding: [1, 0] }]);
  // PyTorch refuses the ConvTranspose2d's output_padding (2 >= stride 2): undefined, and the fix is the valid one
  [p] = pairsOf('nn.Conv2d(1, 4, 3, 2, 1), nn.ConvTranspose2d(4, 1, 3, 2, 1, output_padding=2)', [1, 1, 28, 28]);
  assert.equal(p.verdict, 'undefined');
  assert.equal(p.got, null);
  assert.deepEqual(p.fix, { output_padding: [1, 1] });
  // a layer between them refused: nothing known after it
  [p] = pairsOf('nn.Conv2d(1, 4, 3, 2, 1), nn.BatchNorm2d(8), nn.ConvTranspose2d(4, 1, 3, 2, 1)', [1, 1, 28, 28]);
  assert.deepEqual([p.verdict, p.got, p.fix], ['undefined', null, null]);
  // padding='same' with an even kernel pads unevenly: no remainder
  [p] = pairsOf("nn.Conv2d(1, 4, 4, padding='same'), nn.ConvTranspose2d(4, 1, 4)", [1, 1, 9, 9]);
  assert.equal(p.remainder, null);
  // a generator then a critic: the ConvTranspose2d comes first, no pair; a lone Conv2d: none either
  assert.deepEqual(pairsOf('nn.ConvTranspose2d(1, 4, 2, 2), nn.Conv2d(4, 1, 2, 2)', [1, 1, 8, 8]), []);
  assert.deepEqual(pairsOf('nn.Conv2d(1, 4, 3)', [1, 1, 8, 8]), []);
  // counts differ: the first Conv2d pairs with the last ConvTranspose2d, the extra Conv2d stays alone
  assert.deepEqual(pairsOf('nn.Conv2d(1, 4, 3, 2, 1), nn.Conv2d(4, 4, 3, padding=1), nn.ConvTranspose2d(4, 1, 3, 2, 1, 1)', [1, 1, 28, 28])
    .map((q) => [q.conv, q.convT, q.verdict]), [[0, 2, 'ok']]);
});

// ---- input meant to break them --------------------------------------------------------------------
const relu = { type: 'ReLU', args: { inplace: false } };

test('bad arguments: a ConvtError naming the argument, for each of the three', TIMEOUT, () => {
  const bad = [
    ['layers', [null, [1, 1, 28, 28]]],
    ['layers', ['nn.Conv2d(1, 2, 3)', [1, 1, 28, 28]]],
    ['layers', [{ 0: relu, length: 1 }, [1, 1, 28, 28]]],
    ['layers', [new Array(MAX_LAYERS + 1).fill(relu), [1, 2]]],
    ['layers[1]', [[relu, null], [1, 2]]],
    ['layers[0].type', [[{ args: {} }], [1, 2]]],
    ['layers[0].args', [[{ type: 'ReLU' }], [1, 2]]],
    ['layers[0].args', [[{ type: 'ReLU', args: [false] }], [1, 2]]],
    ['layers[0].args.inplace', [[{ type: 'ReLU', args: { inplace: { value: false } } }], [1, 2]]],
    ['layers[0].args.kernel_size', [[{ type: 'Conv2d', args: { kernel_size: [3, '3'] } }], [1, 2]]],
    ['inputShape', [[relu], undefined]],
    ['inputShape', [[relu], '1x28x28']],
    ['inputShape', [[relu], []]],
    ['inputShape', [[relu], [1, 1, 28, 28, 1, 1, 1, 1, 1]]],
    ['inputShape', [[relu], [1, NaN, 28, 28]]],
    ['inputShape', [[relu], [1, 1, Infinity, 28]]],
    ['inputShape', [[relu], [1, 1, 2.5, 28]]],
    ['inputShape', [[relu], [1, 1, -28, 28]]],
    ['inputShape', [[relu], [1, 1, 2 ** 40, 2 ** 40]]],
    ['inputShape', [[relu], [2 ** 60, 1]]],
    ['inputShape', [[relu], [2 ** 30, 2 ** 30, 2 ** 30]]],
    ['inputShape', [[relu], [1, '28']]],
  ];
  for (const [fn, call] of [['planNetwork', planNetwork], ['mirrorNetwork', mirrorNetwork], ['pairNetwork', pairNetwork]]) {
    for (const [parameter, args] of bad) {
      assert.throws(() => call(...args), (e) => {
        assert.ok(e instanceof ConvtError, `${fn}(${parameter}): ${e}`);
        assert.equal(e.parameter, parameter, `${fn}: ${e.message}`);
        assert.ok(e.message.startsWith(`${parameter}: `), e.message);
        return true;
      }, `${fn}: ${parameter} ${JSON.stringify(args[1])}`);
    }
  }
  assert.throws(() => mirrorNetwork([relu], [1, 2], { pooling: 'bilinear' }), { parameter: 'pooling', message: "pooling: must be 'upsample' or 'convTranspose2d', but got 'bilinear'" });
  assert.throws(() => mirrorNetwork([relu], [1, 2], { pooling: 2 }), { parameter: 'pooling' });
  assert.throws(() => mirrorNetwork([relu], [1, 2], { poling: 'upsample' }), { parameter: 'poling' });
  assert.throws(() => mirrorNetwork([relu], [1, 2], 'upsample'), { parameter: 'options' });
  assert.equal(core.limits.maxNetworkLayers, MAX_LAYERS, "as many layers as parseTorch reads");
});

test("what PyTorch refuses is the layer's error, not an exception: unknown types, absurd arguments, NaN", TIMEOUT, () => {
  const plan = (layers, input = [1, 1, 28, 28]) => planNetwork(layers, input).at(-1).error;
  assert.deepEqual(plan([{ type: 'LSTM', args: {} }]), { parameter: 'type', message: "no shape rule for a layer of type 'LSTM'" });
  const conv = (args) => ({ type: 'Conv2d', args: { in_channels: 1, out_channels: 8, kernel_size: [3, 3], stride: [1, 1], padding: [0, 0], dilation: [1, 1], groups: 1, bias: true, padding_mode: 'zeros', ...args } });
  assert.equal(plan([conv({ out_channels: 2 ** 40 })]).parameter, 'out_channels');
  assert.equal(plan([conv({ stride: [NaN, 1] })]).parameter, 'stride');
  assert.equal(plan([conv({ kernel_size: [3] })]).parameter, 'kernel_size');
  assert.equal(plan([conv({ padding_mode: 'mirror' })]).parameter, 'padding_mode');
  assert.equal(plan([conv({ in_channels: 3 })]).parameter, 'input');
  assert.deepEqual(planNetwork([conv({})], [1, 1, 2 ** 30, 2 ** 30]).at(-1).output, [1, 8, 2 ** 30 - 2, 2 ** 30 - 2], 'shapes of any size PyTorch takes');
  assert.equal(planNetwork([], [1, 2]).length, 0);
  assert.deepEqual(mirrorNetwork([], [1, 2]), { layers: [], text: '# No decoder layer: nothing to mirror\ndecoder = nn.Sequential()\n', problems: [] });
  assert.deepEqual(pairNetwork([], [1, 2]), []);
});

test('unreadable code, a 1,000-layer paste, a hostile stream of calls: clear results, the module keeps working, memory does not grow', TIMEOUT, () => {
  const x = { shape: [1, 1, 4, 4], data: new Float32Array(16).fill(1) }, w = { shape: [1, 1, 3, 3], data: new Float32Array(9).fill(1) };
  const before = core.convTranspose2d(x, w, { stride: 2 });
  const unreadable = parseTorch('import torch.nn as nn\nclass Net(nn.Module):\n    def __init__(self):\n        self.c = nn.Conv2d(1, 8, (3,\n');
  assert.deepEqual(planNetwork(unreadable.layers, [1, 1, 28, 28]), []);
  // 1,000 layers of one paste: parseTorch reads 1,000, and each is planned
  const paste = `import torch.nn as nn\nnet = nn.Sequential(\n${'    nn.Conv2d(4, 4, 3, padding=1), nn.ReLU(),\n'.repeat(600)})`;
  const { layers, problems } = parseTorch(paste);
  assert.equal(layers.length, MAX_LAYERS);
  assert.ok(problems.some((p) => p.message.includes(`more than ${MAX_LAYERS} layers`)));
  const plan = planNetwork(layers, [1, 4, 28, 28]);
  assert.equal(plan.length, MAX_LAYERS);
  assert.deepEqual(plan.at(-1).output, [1, 4, 28, 28]);
  assert.equal(pairNetwork(layers, [1, 4, 28, 28]).length, 0);
  assert.equal(mirrorNetwork(layers, [1, 4, 28, 28]).layers.length, MAX_LAYERS - 1);
  // memory: many calls, refused and not, leave the heap where it was
  const heap = core.heapInUse();
  const deep = parseTorch(mismatch).layers.filter((l) => l.model === 'DeepValidAutoencoder');
  for (let i = 0; i < 200; i++) {
    planNetwork(deep, [1, 1, 28, 28]);
    mirrorNetwork(deep, [1, 1, 28, 28], { pooling: i % 2 ? 'upsample' : 'convTranspose2d' });
    pairNetwork(deep, [1, 1, 28, 28]);
    assert.throws(() => planNetwork(deep, [1, 1, NaN, 28]), ConvtError);
    assert.throws(() => pairNetwork([{ type: 'ReLU', args: { inplace: [1, {}] } }], [1]), ConvtError);
    planNetwork([{ type: 'Conv2d', args: {} }], [1, 1, 28, 28]);
  }
  assert.equal(core.heapInUse(), heap, 'bytes malloc-ed after 200 rounds of calls');
  assert.deepEqual(core.convTranspose2d(x, w, { stride: 2 }), before);
});

test('before loadCore() has resolved, the three say to await it', TIMEOUT, async () => {
  // A fresh copy of the module: its core is not loaded.
  const fresh = await import(`../../web/lib/core.js?fresh=${Date.now()}`);
  for (const name of ['planNetwork', 'mirrorNetwork', 'pairNetwork']) {
    assert.throws(() => fresh[name]([], [1, 2]), (e) => e instanceof Error && /await loadCore\(\)/.test(e.message) && e.message.startsWith(`${name}()`));
  }
  await fresh.loadCore();
  assert.deepEqual(fresh.planNetwork([relu], [1, 2]), [{ type: 'ReLU', block: null, line: null, input: [1, 2], output: [1, 2] }]);
});
