// parseTorch against what PyTorch built from the same files (tests/fixtures/network_cases.json, written
// by gen_networks.py), the grammar it documents, and input meant to break it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import {
  parseTorch, LAYER_SIGNATURES, REQUIRED_ARGUMENT, MAX_TEXT_LENGTH, MAX_LAYERS, MAX_PROBLEMS,
} from '../../web/lib/network/parse-torch.js';

const fixtures = JSON.parse(readFileSync(new URL('../fixtures/network_cases.json', import.meta.url), 'utf8'));
const networkFile = (name) => readFileSync(new URL(`../fixtures/networks/${name}`, import.meta.url), 'utf8');
const TIMEOUT = { timeout: 20000 };
const strip = ({ type, args, block, model }) => ({ type, args, block, model });

test('every model of the fixtures: type, every argument, block, model and order as PyTorch built them', TIMEOUT, () => {
  let models = 0, layers = 0;
  for (const m of fixtures.models) {
    const id = `${m.file} ${m.model || '(module level)'} ${JSON.stringify(m.init)}`;
    const text = networkFile(m.file);
    const parsed = parseTorch(text, { names: m.init });
    const got = parsed.layers.filter((l) => l.model === m.model);
    const want = m.layers.filter((l) => l.model === m.model && !l.unreadable);
    assert.deepStrictEqual(got.map(strip), want.map(strip), id);
    // line: where the constructor's name is written
    const lines = text.split('\n');
    for (const l of got) assert.ok(lines[l.line - 1].includes(l.type), `${id}: line ${l.line} does not build a ${l.type}`);
    // problems of this model: the ones the fixture expects, in order, and no others
    const problems = parsed.problems.filter((p) => p.model === m.model);
    assert.equal(problems.length, m.problems.length, `${id}: ${JSON.stringify(problems)}`);
    m.problems.forEach((words, i) => assert.ok(problems[i].message.includes(words), `${id}: ${problems[i].message} should name ${words}`));
    for (const l of m.layers.filter((x) => x.unreadable && x.model === m.model)) {
      assert.ok(problems.some((p) => p.message.includes(l.unreadable)), `${id}: no problem names ${l.unreadable}`);
    }
    models++;
    layers += got.length;
  }
  assert.ok(models >= 40 && layers >= 300, `${models} models, ${layers} layers compared`);
});

test("the table of constructors is PyTorch's: parameter order and defaults of every type", TIMEOUT, () => {
  const types = Object.keys(fixtures.signatures);
  assert.deepStrictEqual(Object.keys(LAYER_SIGNATURES).sort(), [...types].sort());
  for (const type of types) {
    const ours = (LAYER_SIGNATURES[type] ?? []).filter((p) => p.kind !== 'ignored')
      .map((p) => [p.name, p.dflt === REQUIRED_ARGUMENT ? 'required' : p.dflt]);
    assert.deepStrictEqual(ours, fixtures.signatures[type], type);
  }
});

// ---- the grammar ----------------------------------------------------------------------------------
const one = (text, options) => {
  const { layers, problems } = parseTorch(text, options);
  assert.deepStrictEqual(problems, [], JSON.stringify(problems));
  assert.equal(layers.length, 1);
  return layers[0];
};

test('arithmetic: precedence, floor division, true division, modulo, power, unary minus', TIMEOUT, () => {
  const channels = (expr) => one(`import torch.nn as nn\nx = nn.Linear(1, ${expr})`).args.out_features;
  assert.equal(channels('2 + 3 * 4'), 14);
  assert.equal(channels('(2 + 3) * 4'), 20);
  assert.equal(channels('7 // 2'), 3);
  assert.equal(channels('-7 // 2 + 10'), 6);  // floor, not truncation: -4 + 10
  assert.equal(channels('-7 % 3'), 2);
  assert.equal(channels('2 ** 3 ** 2'), 512);  // right-associative
  assert.equal(channels('-2 ** 2 + 10'), 6);  // -(2 ** 2) + 10
  assert.equal(channels('--3'), 3);
  assert.equal(channels('int(7 / 2)'), 3);
  assert.equal(channels('max(3, 8, 5) + min([4, 2])'), 10);
  assert.equal(channels('0x10 + 0b11 + 1_000'), 1019);
  // / gives a float, which is not an int argument
  const { problems } = parseTorch('import torch.nn as nn\nx = nn.Linear(1, 8 / 2)');
  assert.match(problems[0].message, /out_features must be an int, but got 4/);
});

test('names: the text defines them, __init__ defaults, self attributes, class attributes; names given win', TIMEOUT, () => {
  const text = `
from torch import nn
nz = 100
class G(nn.Module):
    WIDTH = 3
    def __init__(self, nf=16, k: int = 4, *, s=2, **kwargs):
        super(G, self).__init__()
        self.nf = nf * 2
        pad, extra = 1, 0
        c = self.nf
        c += 1
        self.up = nn.ConvTranspose2d(nz, c, k, s, pad + extra, bias=False)
        self.w = nn.Conv2d(G.WIDTH, self.WIDTH, 1)
`;
  const { layers, problems } = parseTorch(text);
  assert.deepStrictEqual(problems, []);
  assert.deepStrictEqual(layers.map((l) => [l.block, l.model, l.line]), [['up', 'G', 12], ['w', 'G', 13]]);
  const up = layers[0].args;
  assert.deepStrictEqual([up.in_channels, up.out_channels, up.kernel_size, up.stride, up.padding, up.bias], [100, 33, [4, 4], [2, 2], [1, 1], false]);
  assert.deepStrictEqual([layers[1].args.in_channels, layers[1].args.out_channels], [3, 3]);
  // names given by the caller win over the text's own, everywhere
  const given = parseTorch(text, { names: { nz: 64, nf: 8 } }).layers[0].args;
  assert.deepStrictEqual([given.in_channels, given.out_channels], [64, 17]);
});

test('imports: nn., torch.nn., aliases and names imported from torch.nn', TIMEOUT, () => {
  const text = `
import torch
import torch.nn as tnn
from torch import nn as N
from torch.nn import Conv2d, ReLU as Act
from collections import OrderedDict
a = torch.nn.Conv2d(1, 2, 3)
b = tnn.ReLU()
c = N.Tanh()
d = Conv2d(1, 2, 3)
e = Act(True)
f = torch.nn.modules.conv.Conv2d(1, 2, 3)
g = N.Sequential(OrderedDict([('conv', Conv2d(1, 2, 3)), ('act', Act())]))
`;
  const { layers, problems } = parseTorch(text);
  assert.deepStrictEqual(problems, []);
  assert.deepStrictEqual(layers.map((l) => `${l.block}:${l.type}`), ['a:Conv2d', 'b:ReLU', 'c:Tanh', 'd:Conv2d', 'e:ReLU', 'f:Conv2d', 'g:Conv2d', 'g:ReLU']);
  assert.equal(layers[4].args.inplace, true);
});

test('a snippet without its imports: nn. and torch.nn. are read as torch.nn; a name the text binds to nn is its own', TIMEOUT, () => {
  const { layers, problems } = parseTorch('down = nn.Conv2d(128, 256, 3, padding=1, stride=2)\nup = torch.nn.ConvTranspose2d(256, 128, 3, padding=1, stride=2)\n');
  assert.deepStrictEqual(problems, []);
  assert.deepStrictEqual(layers.map((l) => `${l.block}:${l.type}:${l.line}`), ['down:Conv2d:1', 'up:ConvTranspose2d:2']);
  // nn bound by the text to something else is not torch.nn
  const own = parseTorch('nn = 3\nx = nn.Conv2d(1, 2, 3)\n');
  assert.deepStrictEqual(own.layers, []);
});

test('Sequentials: nested ones take the outermost name; ModuleList, *list, comments, trailing commas, lines', TIMEOUT, () => {
  const text = `import torch.nn as nn
class M(nn.Module):
    def __init__(self):
        super().__init__()
        layers = [nn.Conv2d(1, 4, 3), nn.ReLU()]
        self.body = nn.Sequential(  # a comment
            nn.Sequential(
                nn.Conv2d(4, 4, 3,
                          padding=1),  # another
            ),
            *layers,
        )
        self.heads = nn.ModuleList([nn.Linear(4, 2), nn.Linear(4, 3),])
        self.s = "a string with nn.Conv2d(1, 2, 3) in it"
        print('''
        nn.Conv2d(1, 2, 3)
        ''')
`;
  const { layers, problems } = parseTorch(text);
  assert.deepStrictEqual(problems, []);
  assert.deepStrictEqual(layers.map((l) => [l.block, l.type, l.line]),
    [['body', 'Conv2d', 8], ['body', 'Conv2d', 5], ['body', 'ReLU', 5], ['heads', 'Linear', 13], ['heads', 'Linear', 13]]);
});

test('every kind of argument is normalised the way PyTorch stores it', TIMEOUT, () => {
  const read = (call) => one(`import torch.nn as nn\nx = nn.${call}`).args;
  assert.deepStrictEqual(read('MaxPool2d(3)'), { kernel_size: [3, 3], stride: [3, 3], padding: [0, 0], dilation: [1, 1], return_indices: false, ceil_mode: false });
  assert.deepStrictEqual(read('AvgPool2d((2, 3), None, 1)').stride, [2, 3]);
  assert.deepStrictEqual(read('Conv2d(1, 2, 3, padding="same")').padding, 'same');
  assert.deepStrictEqual(read('ZeroPad2d((0, 1, 2, 3))').padding, [0, 1, 2, 3]);
  assert.deepStrictEqual(read('ReflectionPad2d(2)').padding, [2, 2, 2, 2]);
  assert.deepStrictEqual(read('AdaptiveAvgPool2d((None, 7))').output_size, [null, 7]);
  assert.deepStrictEqual(read('Upsample(scale_factor=2)').scale_factor, [2, 2]);
  assert.deepStrictEqual(read('Upsample(size=(3, 4))').size, [3, 4]);
  assert.deepStrictEqual(read('Upsample(scale_factor=0)').scale_factor, null);  // falsy: PyTorch keeps None
  assert.deepStrictEqual(read('Unflatten(1, [64, 7, 7])').unflattened_size, [64, 7, 7]);
  assert.deepStrictEqual(read('Identity(54, unused_argument=0.1)'), {});
  assert.deepStrictEqual(read('BatchNorm2d(8, momentum=None)').momentum, null);
  assert.deepStrictEqual(read('Conv2d(1, 2, 3, device="cpu", dtype=None)').kernel_size, [3, 3]);
});

// ---- problems ---------------------------------------------------------------------------------------
const problemsOf = (text, options) => parseTorch(text, options).problems.map((p) => `${p.line}: ${p.message}`);

test('what cannot be read is a problem naming it, and reading goes on', TIMEOUT, () => {
  const text = `import torch.nn as nn
from mylib import Block
cfg = dict(kernel_size=3)
class M(nn.Module):
    def __init__(self, width):
        super().__init__()
        self.a = nn.Conv2d(1, width, 3)
        self.b = nn.Conv2d(1, 2, **cfg)
        self.c = Block(4)
        self.d = nn.LSTM(4, 4)
        self.e = nn.Conv2d(1, 2, 3, 1, 0, 1, 1, True, 'zeros', None, None, 5)
        self.f = nn.Conv2d(1, 2, 3, stide=2)
        self.g = nn.Conv2d(1, 2)
        self.h = nn.Conv2d(1, 2, 3, stride=2, stride=1)
        self.i = nn.Conv2d(1, 2, (3, 3, 3))
        self.j = nn.Conv2d(1, undefined_name, 3)
        self.k = nn.Linear(4, 2 // 0)
        self.l = nn.Sequential(nn.ReLU(), helper(3), nn.Tanh())
        for i in range(3):
            self.m = nn.Conv2d(1, 2, 3)
        self.ok = nn.Conv2d(1, 2, 3)
def helper(n):
    return nn.Sequential(nn.ReLU())
`;
  const problems = problemsOf(text);
  const expect = [
    '7: Conv2d(...): cannot read out_channels: width is a parameter of M.__init__ with no default (give it in names)',
    '8: Conv2d(...): **cfg unpacks a dict',
    '9: Block(...) comes from mylib: it is not a torch.nn layer this reader knows',
    '10: nn.LSTM is not a layer this reader knows',
    '11: Conv2d() takes 11 positional arguments but 12 were given',  // device and dtype are positional too
    "12: Conv2d() got an unexpected keyword argument 'stide'",
    "13: Conv2d() missing required argument 'kernel_size'",
    "14: Conv2d() got multiple values for argument 'stride'",
    '15: Conv2d(...): kernel_size must be an int or a pair of ints, but got (3, 3, 3)',
    '16: Conv2d(...): cannot read out_channels: undefined_name is not defined in M.__init__ (give it in names)',
    '17: Linear(...): cannot read out_features: 2 // 0 (division by zero)',
    '18: helper(...) is a function: the layers it builds are not read',
    "20: layers built inside the 'for' of line 19 are not read",
    '23: layers built inside helper() are not read',
  ];
  assert.equal(problems.length, expect.length, problems.join('\n'));
  expect.forEach((words, i) => assert.ok(problems[i].startsWith(words), `${problems[i]}\nshould start with\n${words}`));
  const { layers } = parseTorch(text);
  assert.deepStrictEqual(layers.map((l) => l.block), ['l', 'l', 'ok']);
  // with the name given, the first layer is read
  assert.deepStrictEqual(parseTorch(text, { names: { width: 8 } }).layers.map((l) => l.block), ['a', 'l', 'l', 'ok']);
});

test('bad names and non-string text are problems, not exceptions', TIMEOUT, () => {
  for (const text of [undefined, null, 42, {}, ['nn.Conv2d(1, 2, 3)']]) {
    const r = parseTorch(text);
    assert.deepStrictEqual(r.layers, []);
    assert.match(r.problems[0].message, /text must be a string/);
  }
  assert.match(problemsOf('x = 1', { names: [1, 2] })[0], /names must be an object/);
  assert.match(problemsOf('x = 1', { names: { nf: {} } })[0], /names\.nf must be a number/);
  assert.match(problemsOf('x = 1', { names: { nf: Infinity } })[0], /names\.nf must be a number/);
  assert.deepStrictEqual(parseTorch('x = 1', null).problems, []);
});

// ---- hostile input: every case ends (the test's timeout) with problems, and nothing throws ----------
const conv = 'nn.Conv2d(1, 2, 3)';
const hostile = {
  'more than MAX_TEXT_LENGTH characters': 'x = 1\n'.repeat(Math.ceil(MAX_TEXT_LENGTH / 6) + 10),
  'a megabyte of one line': 'a'.repeat(1 << 20),
  'more than MAX_LAYERS layers': `import torch.nn as nn\nm = nn.Sequential(\n${`    ${conv},\n`.repeat(MAX_LAYERS + 50)})\n`,
  'more than MAX_LAYERS statements': `import torch.nn as nn\n${Array.from({ length: MAX_LAYERS + 50 }, (_, i) => `l${i} = ${conv}\n`).join('')}`,
  'deeply nested parentheses': `import torch.nn as nn\nx = ${'('.repeat(100000)}1${')'.repeat(100000)}\n`,
  'deeply nested Sequentials': `import torch.nn as nn\nm = ${'nn.Sequential('.repeat(5000)}${conv}${')'.repeat(5000)}\n`,
  'unclosed parentheses': `import torch.nn as nn\nm = nn.Sequential(${conv},\n`.repeat(2000),
  'unterminated string': `import torch.nn as nn\nm = nn.Conv2d(1, 2, 3, padding_mode='zeros)\nn = ${conv}\n`,
  'unterminated triple-quoted string': `import torch.nn as nn\nm = ${conv}\n"""${'x\n'.repeat(50000)}`,
  'binary junk': Array.from({ length: 200000 }, (_, i) => String.fromCharCode((i * 7919 + 13) % 256)).join(''),
  'a power tower': `import torch.nn as nn\nm = nn.Linear(1, 2 ** 10 ** 10 ** 10)\n`,
  'a long chain of unary minus': `import torch.nn as nn\nm = nn.Linear(1, ${'-'.repeat(100000)}1)\n`,
  'a huge integer literal': `import torch.nn as nn\nm = nn.Linear(1, ${'9'.repeat(5000)})\n`,
  'unmatched closing brackets': `${')]}'.repeat(10000)}\nimport torch.nn as nn\nm = ${conv}\n`,
};

for (const [name, text] of Object.entries(hostile)) {
  test(`hostile input: ${name}`, TIMEOUT, () => {
    const r = parseTorch(text);
    assert.ok(Array.isArray(r.layers) && Array.isArray(r.problems));
    assert.ok(r.problems.length >= 1 && r.problems.length <= MAX_PROBLEMS + 1, `${r.problems.length} problems`);
    assert.ok(r.layers.length <= MAX_LAYERS);
    for (const p of r.problems) assert.ok(typeof p.message === 'string' && p.message.length > 0 && Number.isInteger(p.line));
  });
}

test('hostile input keeps what it can read', TIMEOUT, () => {
  assert.equal(parseTorch(hostile['more than MAX_LAYERS layers']).layers.length, MAX_LAYERS);
  assert.deepStrictEqual(parseTorch(hostile['unterminated string']).layers.map((l) => l.block), ['n']);
  assert.deepStrictEqual(parseTorch(hostile['unterminated triple-quoted string']).layers.map((l) => l.block), ['m']);
  assert.deepStrictEqual(parseTorch(hostile['unmatched closing brackets']).layers.map((l) => l.block), ['m']);
  assert.match(parseTorch(hostile['a power tower']).problems[0].message, /integer beyond 2\^53/);
  assert.match(parseTorch(hostile['deeply nested parentheses']).problems[0].message, /nested deeper than/);
});
