// The network view (view=network): the examples drawn as the library plans them, each pair's verdict,
// a layer opened in the one-layer lab on its own numbers, the network through the URL and through
// the element's content or attribute, the fixed decoder copied, the trained autoencoder run on a
// sample and on a digit drawn with the pointer, and input meant to break it (unreadable code, a
// 1,200-layer paste, an absurd input shape, a layer PyTorch refuses), which the view names at its
// line and survives. The expectations come from the library in Node (tests/node/network.test.mjs
// checks it against PyTorch) and from the trained model run here by the WASM core.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test, browserSuite, distUrl, ready, allReady, readHooks, loadCore, HEAD } from './support.mjs';
import { parseTorch, planNetwork, pairNetwork, mirrorNetwork, runNetwork, readSamples } from '../../web/lib/core.js';
import { NETWORK_PRESETS } from '../../web/src/model/network.js';

const suite = browserSuite({ pages: {
  '/content.html': `${HEAD}<body><convt-lab id="lab" view="network" net_input="1,128,24,24"><script type="text/x-python">
import torch.nn as nn
down = nn.Conv2d(128, 256, 3, padding=1, stride=2)
up = nn.ConvTranspose2d(256, 128, 3, padding=1, stride=2, output_padding=1)
</script></convt-lab><script src="/convt-lab.js"></script>`,
  '/attribute.html': `${HEAD}<body><convt-lab id="lab" view="network" net_input="1,3,64,64"
    net="import torch.nn as nn&#10;enc = nn.Conv2d(3, 8, 4, stride=2, padding=1)&#10;dec = nn.ConvTranspose2d(8, 3, 4, stride=2, padding=1)&#10;"></convt-lab><script src="/convt-lab.js"></script>`,
} });
const core = await loadCore();

/** What the library plans for `text` on `input` (the model the view shows first): [{ type, output }] and the pairs' verdicts by ConvTranspose2d index. */
function expectedOf(text, input, model = null) {
  const parsed = parseTorch(text);
  const models = [...new Set(parsed.layers.map((l) => l.model))];
  const layers = parsed.layers.filter((l) => l.model === (model ?? models[0]));
  const plan = planNetwork(layers, input);
  return {
    layers, rows: plan.map((s) => ({ type: s.type, output: s.output ? s.output.join('x') : '' })),
    verdicts: Object.fromEntries(pairNetwork(layers, input).map((p) => [p.convT, p.verdict])),
  };
}

/** The stack as drawn: each layer row's type and output, each pair's verdict by row, the summary, the problems. */
const readStack = (page, host = null) => page.evaluate((h) => {
  const scope = h ? document.querySelector(h).shadowRoot : document;
  const view = scope.querySelector('[data-view="network"]');
  const rows = [...view.querySelectorAll('.net-layer:not(.net-input-row)')];
  return {
    rows: rows.map((r) => ({ type: r.dataset.type, output: r.dataset.output })),
    verdicts: Object.fromEntries(rows.filter((r) => r.querySelector('.pair-verdict')).map((r) => [Number(r.dataset.index), r.querySelector('.pair-verdict').dataset.verdict])),
    badges: rows.map((r) => r.querySelector('.pair-verdict')?.textContent ?? null).filter(Boolean),
    summary: view.querySelector('.net-summary').textContent, verdict: view.querySelector('.net-summary').dataset.verdict,
    problems: [...view.querySelectorAll('.net-problems li')].map((li) => li.textContent.replace(/\s+/g, ' ').trim()),
    code: view.querySelector('[data-control="net-code"]').value, input: view.querySelector('[data-control="net-input"]').value,
    inputInvalid: view.querySelector('[data-control="net-input"]').getAttribute('aria-invalid'),
    hidden: !!view.closest('[hidden]'),
  };
}, host);

/**
 * Pastes `text` over the code area, as a student pasting a model: one input event with the whole
 * text (Playwright's fill() sends one per line, which costs a 1,200-layer paste minutes).
 */
async function paste(page, text) {
  await page.locator('[data-control="net-code"]').evaluate((code, value) => {
    code.focus();
    code.value = value;
    code.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertFromPaste' }));
  }, text);
}

test('every example network: each layer\'s size as the library plans it, each ConvTranspose2d\'s verdict, the input in its box', async (t) => {
  const { page, problems } = await suite.open(t, distUrl('index.html', 'view=network'));
  await ready(page);
  for (const [key, preset] of Object.entries(NETWORK_PRESETS)) {
    await page.locator('[data-control="net-preset"]').selectOption(key);
    await page.waitForFunction((text) => document.querySelector('[data-control="net-code"]').value === text, preset.text);
    const drawn = await readStack(page);
    const want = expectedOf(preset.text, preset.input);
    assert.equal(drawn.hidden, false, key);
    assert.deepEqual(drawn.rows, want.rows, key);
    assert.deepEqual(drawn.verdicts, want.verdicts, key);
    assert.equal(drawn.input.replace(/\s/g, ''), preset.input.join(','), key);
    assert.deepEqual(drawn.problems, [], key);
  }
  // the lecture's autoencoder: both decoder layers miss by one, and the badge says the fix
  await page.locator('[data-control="net-preset"]').selectOption('autoencoder');
  const ae = await readStack(page);
  assert.equal(ae.verdict, 'fail');
  assert.equal(ae.badges.length, 2);
  for (const b of ae.badges) assert.match(b, /^✗ \d+×\d+ ≠ \d+×\d+: output_padding=1$/);
  assert.deepEqual(problems, []);
});

test('a 390 px phone: every row of the stack fits the screen (no row wider than its list), the brackets drawn beside them', async (t) => {
  const { page, problems } = await suite.open(t, distUrl('index.html', 'view=network'), { width: 390, height: 844 });
  await ready(page);
  const fit = await page.evaluate(() => {
    const stack = document.querySelector('.net-stack').getBoundingClientRect();
    const rows = [...document.querySelectorAll('.net-layer')].map((r) => r.getBoundingClientRect());
    const parts = [...document.querySelectorAll('.net-layer > *:not(.lane), .net-layer .pair-verdict')].map((e) => e.getBoundingClientRect());
    const lanes = [...document.querySelectorAll('.net-layer .lane')].map((e) => e.getBoundingClientRect());
    return { stack: [stack.left, stack.right], rowsRight: Math.max(...rows.map((r) => r.right)), partsRight: Math.max(...parts.map((r) => r.right)), vw: innerWidth, lanes: lanes.length, lanesLeft: Math.min(...lanes.map((r) => r.left)) };
  });
  assert.ok(fit.rowsRight <= fit.stack[1] + 0.5 && fit.partsRight <= fit.stack[1] + 0.5, JSON.stringify(fit));
  assert.ok(fit.stack[1] <= fit.vw, JSON.stringify(fit));
  assert.ok(fit.lanes > 0 && fit.lanesLeft >= fit.stack[0] - 0.5, JSON.stringify(fit));
  assert.deepEqual(problems, []);
});

test('a layer of the network opens in the one-layer lab on its own numbers: a Conv2d with its decoder\'s output_padding, a ConvTranspose2d on the size it is given', async (t) => {
  const { page, problems } = await suite.open(t, distUrl('index.html', 'view=network'));
  await ready(page);
  const { text, input } = NETWORK_PRESETS.autoencoder;
  const want = expectedOf(text, input);
  const plan = planNetwork(want.layers, input);
  for (const type of ['Conv2d', 'ConvTranspose2d']) {
    const i = want.layers.map((l) => l.type).lastIndexOf(type);
    await page.locator('[data-view="network"]:not([hidden])').waitFor();
    await page.locator(`.net-layer[data-index="${i}"] .open`).click();
    await page.waitForFunction(() => new URL(location.href).searchParams.get('view') === null || new URL(location.href).searchParams.get('view') === 'sizes');
    const hooks = await readHooks(page);
    const a = want.layers[i].args;
    assert.equal(hooks.mode, type === 'Conv2d' ? 'conv' : 'convT');
    assert.deepEqual(hooks.input, plan[i].input.slice(-2), `${type} input`);
    assert.deepEqual(hooks.kernel, a.kernel_size);
    assert.deepEqual(hooks.output, plan[i].output.slice(-2), `${type} output`);
    const q = new URL(page.url()).searchParams;
    assert.equal(q.get('stride'), String(a.stride[0]));
    assert.equal(q.get('padding'), String(a.padding[0]));
    // the tab is the sizes view, the grids have the focus
    assert.equal(await page.locator('[role="tab"][aria-selected="true"]').getAttribute('data-tab'), 'sizes');
    // back to the network, which kept its code
    await page.locator('[role="tab"][data-tab="network"]').click();
    assert.equal((await readStack(page)).code, text);
  }
  // a Conv2d whose decoder layer has its k, s, p and an output_padding: the lab's way back is that
  // layer (it comes back); a decoder layer of another kernel is not the lab's question (0)
  for (const [up, outputPadding, verdict] of [['nn.ConvTranspose2d(256, 128, 3, padding=1, stride=2, output_padding=1)', '1', 'ok'], ['nn.ConvTranspose2d(256, 128, 4, padding=1, stride=2, output_padding=1)', '0', 'fail']]) {
    await paste(page, `import torch.nn as nn\ndown = nn.Conv2d(128, 256, 3, padding=1, stride=2)\nup = ${up}\n`);
    await page.locator('[data-control="net-input"]').fill('1, 128, 24, 24');
    await page.locator('.net-layer[data-index="0"] .open').click();
    const q = new URL(page.url()).searchParams;
    assert.deepEqual([q.get('mode'), q.get('size'), q.get('output_padding')], ['conv', '24', outputPadding], up);
    assert.equal((await readHooks(page)).verdict, verdict, up);
    await page.locator('[role="tab"][data-tab="network"]').click();
  }
  assert.deepEqual(problems, []);
});

test('the network goes into the link and comes back from it; a model longer than a link can carry is drawn but left out of it', async (t) => {
  const { page, problems } = await suite.open(t, distUrl('index.html', 'view=network'));
  await ready(page);
  const own = 'import torch.nn as nn\n\nmodel = nn.Sequential(\n    nn.Conv2d(3, 16, 5, stride=3),  # 40 -> 12\n    nn.ConvTranspose2d(16, 3, 5, stride=3),\n)\n';
  await paste(page, own);
  await page.locator('[data-control="net-input"]').fill('1, 3, 40, 40');
  await page.waitForFunction(() => new URL(location.href).searchParams.get('net_input') === '1,3,40,40');
  const link = page.url();
  const q = new URL(link).searchParams;
  assert.equal(q.get('net'), own);
  assert.equal(q.get('view'), 'network');
  const before = await readStack(page);
  assert.deepEqual(before.rows, expectedOf(own, [1, 3, 40, 40]).rows);
  // the link, opened fresh, draws the same network
  await page.goto('about:blank');
  await page.goto(link);
  await ready(page);
  const after = await readStack(page);
  assert.deepEqual([after.code, after.input.replace(/\s/g, ''), after.rows, after.verdicts], [own, '1,3,40,40', before.rows, before.verdicts]);
  // a model of more than 8 KB: drawn, but not put into the link (which would be too long to share)
  const long = `${own}${'# a long comment line that pads the model\n'.repeat(250)}`;
  await paste(page, long);
  await page.waitForFunction(() => !new URL(location.href).searchParams.has('net'));
  assert.deepEqual((await readStack(page)).rows, before.rows);
  assert.deepEqual(problems, []);
});

test('a teacher writes the network into the page: the element\'s <script type="text/x-python"> content, or its net attribute, changed later', async (t) => {
  const { page, problems } = await suite.open(t, suite.url('/content.html'));
  await allReady(page);
  const content = await readStack(page, '#lab');
  const text = await page.evaluate(() => document.querySelector('#lab script').textContent);
  assert.equal(content.code, text);
  assert.deepEqual(content.rows, expectedOf(text, [1, 128, 24, 24]).rows);
  assert.deepEqual(content.verdicts, { 1: 'ok' });
  assert.equal(content.verdict, 'ok');
  await page.goto(suite.url('/attribute.html'));
  await allReady(page);
  const attr = await readStack(page, '#lab');
  const netText = await page.evaluate(() => document.querySelector('#lab').getAttribute('net'));
  assert.deepEqual(attr.rows, expectedOf(netText, [1, 3, 64, 64]).rows);
  assert.deepEqual(attr.verdicts, { 1: 'ok' });
  // the attribute changed by the page's script: the view follows
  const changed = 'import torch.nn as nn\nenc = nn.Conv2d(3, 8, 3, stride=2, padding=1)\ndec = nn.ConvTranspose2d(8, 3, 3, stride=2, padding=1)\n';
  await page.evaluate((v) => document.querySelector('#lab').setAttribute('net', v), changed);
  await page.waitForFunction(() => document.querySelector('#lab').shadowRoot.querySelector('.net-layer[data-index="1"] .pair-verdict')?.dataset.verdict === 'fail');
  assert.deepEqual((await readStack(page, '#lab')).rows, expectedOf(changed, [1, 3, 64, 64]).rows);
  assert.deepEqual(problems, []);
});

test('"Copy the fixed decoder" copies the library\'s mirrored decoder, whose sizes come back to the input', async (t) => {
  const { page, problems } = await suite.open(t);
  await page.addInitScript(() => {
    Object.defineProperty(navigator, 'clipboard', { value: { writeText: async (text) => { window.copied = text; } }, configurable: true });
  });
  await page.goto(distUrl('index.html', 'view=network'));
  await ready(page);
  await page.locator('.net-copy').click();
  await page.waitForFunction(() => typeof window.copied === 'string');
  const copied = await page.evaluate(() => window.copied);
  const { text, input } = NETWORK_PRESETS.autoencoder;
  const layers = parseTorch(text).layers;
  // the mirror of the encoder (the layers before the first ConvTranspose2d), shown as it is copied
  const encoder = layers.filter((l) => l.block === 'encoder');
  assert.equal(copied, mirrorNetwork(encoder, input, { pooling: 'upsample' }).text);
  assert.equal(await page.locator('.net-fixed-code').textContent(), copied);
  // the copied decoder, read back as a student pastes it and run after the encoder, ends at the input's size
  const decoder = parseTorch(copied).layers;
  assert.ok(decoder.some((l) => l.type === 'ConvTranspose2d'));
  const plan = planNetwork([...encoder, ...decoder], input);
  assert.deepEqual(plan[plan.length - 1].output, input);
  assert.match(await page.locator('.net-tools .copy-status').textContent(), /\S/);
  // a generator has no encoder to mirror: the button is off and says why
  await page.locator('[data-control="net-preset"]').selectOption('dcgan');
  assert.equal(await page.locator('.net-copy').isDisabled(), true);
  assert.match(await page.locator('.net-tools .copy-status').textContent(), /no encoder to mirror/);
  assert.equal(await page.locator('.net-fixed').isHidden(), true);
  assert.deepEqual(problems, []);
});

test('the trained autoencoder: a sample and a drawn digit, each run by the page as the core runs it in Node, both decoders give the size back', async (t) => {
  const { page, problems } = await suite.open(t, distUrl('index.html', 'view=network'));
  await ready(page);
  const dir = new URL('../../web/lib/network/models/', import.meta.url);
  const model = JSON.parse(readFileSync(new URL('digits-autoencoder.json', dir), 'utf8'));
  const weights = new Uint8Array(readFileSync(new URL('digits-autoencoder.bin', dir)));
  const samples = readSamples(JSON.parse(readFileSync(new URL('digits-samples.json', dir), 'utf8')), new Uint8Array(readFileSync(new URL('digits-samples.bin', dir))));
  const mse = (input, decoder) => {
    const run = runNetwork(core, model, weights, input, { decoder });
    const out = run[run.length - 1].output;
    assert.deepEqual(out.shape, input.shape, decoder);
    let s = 0;
    for (let i = 0; i < input.data.length; i++) s += (out.data[i] - input.data[i]) ** 2;
    return s / input.data.length;
  };
  const shown = () => page.evaluate(() => { const e = document.querySelector('[data-view-part="autoencoder"]'); return { trained: Number(e.dataset.mseTrained), transposed: Number(e.dataset.mseTransposed), sizes: e.querySelector('.ae-sizes').textContent }; });
  const close = (a, b) => Math.abs(a - b) <= 1e-6 + 1e-4 * Math.abs(b);
  for (const i of [0, 3]) {
    await page.locator(`.ae-sample[data-sample="${i}"]`).click();
    assert.equal(await page.locator(`.ae-sample[data-sample="${i}"]`).getAttribute('aria-pressed'), 'true');
    const s = await shown();
    const want = { trained: mse(samples[i].input, 'trained'), transposed: mse(samples[i].input, 'transposedEncoder') };
    assert.ok(close(s.trained, want.trained) && close(s.transposed, want.transposed), `sample ${i}: ${JSON.stringify(s)} vs ${JSON.stringify(want)}`);
    // the trained decoder gives the digit back far better than the encoder's transposes
    assert.ok(s.trained * 10 < s.transposed, JSON.stringify(s));
    assert.match(s.sizes, /✓ the trained decoder gives the size back; ✓ so do the transposes/);
  }
  // a stroke drawn with the pointer: the page runs that digit
  const before = await shown();
  const pad = await page.locator('.ae-pad').boundingBox();
  await page.mouse.move(pad.x + pad.width * 0.5, pad.y + pad.height * 0.2);
  await page.mouse.down();
  for (let k = 1; k <= 8; k++) await page.mouse.move(pad.x + pad.width * 0.5, pad.y + pad.height * (0.2 + 0.075 * k));
  await page.mouse.up();
  await page.waitForFunction((b) => Number(document.querySelector('[data-view-part="autoencoder"]').dataset.mseTrained) !== b, before.trained);
  assert.equal(await page.locator('.ae-sample[aria-pressed="true"]').count(), 0, 'no sample is pressed while a drawn digit is shown');
  assert.deepEqual(problems, []);
});

test('bad input never breaks the view: unreadable code, a layer of our own class, a 1,200-layer paste, an absurd input shape, a layer PyTorch refuses; each named, the view keeps working', async (t) => {
  const { page, problems } = await suite.open(t, distUrl('index.html', 'view=network'));
  await ready(page);
  // unreadable code and a custom class: each at its line, the layers that can be read are drawn
  const broken = 'import torch.nn as nn\nclass M(nn.Module):\n    def __init__(self):\n        self.a = nn.Conv2d(1, 8, 3)\n        self.b = MyBlock(8)\n        self.e = nn.Conv2d(8, 8, (3\n';
  await paste(page, broken);
  let s = await readStack(page);
  assert.ok(s.problems.some((p) => /^line 5 MyBlock/.test(p)), s.problems.join(' | '));
  assert.ok(s.problems.some((p) => /^line 6 .*never closed|^line 6 cannot read/.test(p)), s.problems.join(' | '));
  assert.deepEqual(s.rows, [{ type: 'Conv2d', output: '1x8x26x26' }]);
  // the line's button puts the cursor on that line of the code
  await page.locator('.net-problems li', { hasText: 'MyBlock' }).locator('button.line').click();
  const selected = await page.evaluate(() => { const c = document.querySelector('[data-control="net-code"]'); return c.value.slice(c.selectionStart, c.selectionEnd); });
  assert.equal(selected, '        self.b = MyBlock(8)');
  // a paste of 1,200 layers: the first 1,000 are read and drawn, the rest said
  const many = `import torch.nn as nn\nnet = nn.Sequential(\n${'    nn.Conv2d(4, 4, 3, padding=1),\n'.repeat(1200)})\n`;
  await page.locator('[data-control="net-input"]').fill('1,4,8,8');
  await paste(page, many);
  s = await readStack(page);
  assert.equal(s.rows.length, 1000);
  assert.ok(s.problems.some((p) => /more than 1000 layers/.test(p)), s.problems.join(' | '));
  // an absurd input shape: named, and the last good shape kept
  for (const bad of ['1,1,99999999999', '1, 0, 28, 28', 'abc', '1,2,3,4,5']) {
    await page.locator('[data-control="net-input"]').fill(bad);
    s = await readStack(page);
    assert.equal(s.inputInvalid, 'true', bad);
    assert.ok(s.problems.some((p) => p.startsWith('net_input:')), `${bad}: ${s.problems.join(' | ')}`);
    assert.equal(s.rows.length, 1000, bad);
  }
  await page.locator('[data-control="net-input"]').fill('1,1,28,28');
  // a layer PyTorch refuses (4 channels expected, 8 given): its message, at its line, and the row marked
  await paste(page, 'import torch.nn as nn\nnet = nn.Sequential(\n    nn.Conv2d(1, 8, 3),\n    nn.Conv2d(4, 8, 3),\n)\n');
  s = await readStack(page);
  assert.equal(s.inputInvalid, 'false');
  assert.equal(s.verdict, 'undefined');
  assert.match(s.summary, /line 4: .*expected input\[1, 8, 26, 26\] to have 4 channels, but got 8 channels instead/);
  assert.equal(await page.locator('.net-layer.refused').count(), 1);
  // empty code, then an example again: the view is whole
  await paste(page, '');
  assert.match((await readStack(page)).summary, /No layer read yet/);
  await page.locator('[data-control="net-preset"]').selectOption('dcgan');
  s = await readStack(page);
  assert.deepEqual(s.rows, expectedOf(NETWORK_PRESETS.dcgan.text, NETWORK_PRESETS.dcgan.input).rows);
  assert.deepEqual(problems, []);
});

test('hostile links to the network view: a net_input that is not a shape is named, code with markup stays text, the view draws', async (t) => {
  const { page, problems } = await suite.open(t);
  const markup = 'import torch.nn as nn\n# <img src=x onerror="window.pwned=1"><script>window.pwned=1</script>\nm = nn.Conv2d(1, 2, 3)\n';
  await page.goto(distUrl('index.html', `view=network&net=${encodeURIComponent(markup)}&net_input=${encodeURIComponent('1,1,1e9;alert(1)')}`));
  await ready(page);
  const s = await readStack(page);
  assert.equal(s.code, markup);
  assert.equal(s.inputInvalid, 'true');
  assert.ok(s.problems.some((p) => p.startsWith('net_input:')), s.problems.join(' | '));
  assert.equal(await page.evaluate(() => window.pwned ?? null), null);
  assert.equal(await page.locator('[data-view="network"] img').count(), 0);
  // the rows are drawn on the preset's input shape, which was kept
  assert.deepEqual(s.rows, expectedOf(markup, NETWORK_PRESETS.autoencoder.input).rows);
  assert.deepEqual(problems, []);
});

test('a file with several models: a choice of model, each drawn as the library plans it', async (t) => {
  const { page, problems } = await suite.open(t, distUrl('index.html', 'view=network'));
  await ready(page);
  const two = `import torch.nn as nn


class Small(nn.Module):
    def __init__(self):
        super().__init__()
        self.encoder = nn.Sequential(nn.Conv2d(1, 4, 3, stride=2, padding=1))
        self.decoder = nn.Sequential(nn.ConvTranspose2d(4, 1, 3, stride=2, padding=1, output_padding=1))


class Deep(nn.Module):
    def __init__(self):
        super().__init__()
        self.encoder = nn.Sequential(nn.Conv2d(1, 4, 5, stride=2), nn.ReLU(), nn.Conv2d(4, 8, 3, stride=2))
        self.decoder = nn.Sequential(nn.ConvTranspose2d(8, 4, 3, stride=2), nn.ReLU(), nn.ConvTranspose2d(4, 1, 5, stride=2))
`;
  await paste(page, two);
  const select = page.locator('[data-control="net-model"]');
  assert.deepEqual(await select.locator('option').allTextContents(), ['Small', 'Deep']);
  assert.deepEqual((await readStack(page)).rows, expectedOf(two, [1, 1, 28, 28], 'Small').rows);
  await select.selectOption('Deep');
  const deep = await readStack(page);
  const want = expectedOf(two, [1, 1, 28, 28], 'Deep');
  assert.deepEqual([deep.rows, deep.verdicts], [want.rows, want.verdicts]);
  assert.match(page.url(), /view=network/);
  assert.deepEqual(problems, []);
});
