// PyTorch's other paddings on the page: padding_mode (reflect, replicate, circular) fills the padded
// grid with copies of pixels, marked as such; padding='same' / 'valid' (uneven for an even kernel,
// extra line after, as PyTorch does); the URL, the attributes, the controls and the snippet carry
// them; ConvTranspose2d refuses them as PyTorch does. Expected values come from F.pad's definition.
import assert from 'node:assert/strict';
import { test, browserSuite, distUrl, ready, settled, readHooks, cells, loadCore, HEAD } from './support.mjs';

const suite = browserSuite({ pages: {
  '/same.html': `${HEAD}<convt-lab id="lab" mode="conv" size="5" kernel_size="4" stride="1" padding="same" padding_mode="circular"></convt-lab><script src="/convt-lab.js"></script>`,
} });
const core = await loadCore();

/** Which input line padded line i holds on an axis of n lines padded with b before (PyTorch's F.pad). */
const source = { reflect: (i, n, b) => { const j = i - b; return j < 0 ? -j : j >= n ? 2 * (n - 1) - j : j; },
  replicate: (i, n, b) => Math.min(n - 1, Math.max(0, i - b)), circular: (i, n, b) => (((i - b) % n) + n) % n };

for (const mode of ['reflect', 'replicate', 'circular']) {
  test(`padding_mode=${mode}: the padded grid holds the copies F.pad makes, marked as copies; the output is the library's`, async (t) => {
    const { page, problems } = await suite.open(t, distUrl('index.html', `mode=conv&size=5x4&kernel_size=3&stride=1&padding=2x1&padding_mode=${mode}`));
    await ready(page);
    const h = await readHooks(page);
    assert.equal(h.alert, '');
    assert.deepEqual(h.stuffed, [9, 6]);
    const x = (await cells(page, 'input')).map((c) => c.value);
    const st = await cells(page, 'stuffed');
    const kindWord = { reflect: 'refl', replicate: 'repl', circular: 'wrap' }[mode];
    for (let r = 0; r < 9; r++) for (let c = 0; c < 6; c++) {
      const inside = r >= 2 && r < 7 && c >= 1 && c < 5;
      const cell = st[r * 6 + c];
      assert.equal(cell.value, x[source[mode](r, 5, 2) * 4 + source[mode](c, 4, 1)], `(${r},${c})`);
      assert.equal(cell.kind, inside ? 'orig' : kindWord, `(${r},${c}) kind`);
    }
    const y = await core.conv2d({ shape: [1, 1, 5, 4], data: Float32Array.from(x) }, { shape: [1, 1, 3, 3], data: Float32Array.from((await cells(page, 'kernel')).map((c) => c.value)) }, { padding: [2, 1], paddingMode: mode });
    assert.deepEqual((await cells(page, 'output')).map((c) => c.value), Array.from(y.data));
    // marked in the legend and the caption, carried by the URL and the snippet
    assert.equal(await page.locator(`.legend li[data-kind="${kindWord}"]`).isVisible(), true);
    assert.match(await page.locator('.p-stuffed .caption').textContent(), new RegExp(`padding_mode='${mode}'`));
    assert.match(new URL(page.url()).search, new RegExp(`padding_mode=${mode}`));
    assert.match(await page.locator('.snippet code').textContent(), new RegExp(`padding_mode='${mode}'`));
    assert.deepEqual(problems, []);
  });
}

test("padding='same' with an even kernel pads one more line after (PyTorch), keeps the size, and has no ConvTranspose2d back", async (t) => {
  const { page, problems } = await suite.open(t, distUrl('index.html', 'mode=conv&size=5&kernel_size=4&stride=1&padding=same'));
  await ready(page);
  const h = await readHooks(page);
  assert.equal(h.alert, '');
  assert.deepEqual([h.stuffed, h.output], [[8, 8], [5, 5]]);
  const kinds = (await cells(page, 'stuffed')).map((c) => c.kind);
  // rows: 1 of padding before, 5 pixels, 2 after
  assert.deepEqual([0, 1, 6, 7].map((r) => kinds[r * 8 + 3]), ['pad', 'orig', 'pad', 'pad']);
  assert.equal(await page.locator('select[data-control="padding-kind"]').inputValue(), 'same');
  assert.equal(await page.locator('input[data-param="padding"][data-axis="h"]').isDisabled(), true);
  assert.match(new URL(page.url()).search, /padding=same/);
  assert.match(await page.locator('.snippet code').textContent(), /padding='same'[\s\S]*# no ConvTranspose2d pads unevenly/);
  assert.equal((await readHooks(page)).ok, 'false', 'no way back, so the size does not come back');
  // 'valid' is no padding at all
  await page.locator('select[data-control="padding-kind"]').selectOption('valid');
  assert.deepEqual((await readHooks(page)).output, [2, 2]);
  assert.match(new URL(page.url()).search, /padding=valid/);
  // and the padding_mode control
  await page.locator('select[data-control="padding-kind"]').selectOption('numbers');
  await page.locator('select[data-param="padding_mode"]').selectOption('replicate');
  assert.match(new URL(page.url()).search, /padding_mode=replicate/);
  assert.deepEqual(problems, []);
});

test('as attributes: padding="same" and padding_mode on <convt-lab>', async (t) => {
  const { page, problems } = await suite.open(t, suite.url('/same.html'));
  await ready(page, '#lab');
  const h = await readHooks(page, '#lab');
  assert.deepEqual([h.stuffed, h.output], [[8, 8], [5, 5]]);
  assert.ok((await cells(page, 'stuffed', '#lab')).some((c) => c.kind === 'wrap'));
  assert.deepEqual(await page.evaluate(() => [document.getElementById('lab').params.padding, document.getElementById('lab').params.padding_mode]), ['same', 'circular']);
  assert.deepEqual(problems, []);
});

test('ConvTranspose2d refuses padding modes and padding words, naming them, as PyTorch does', async (t) => {
  const { page, problems } = await suite.open(t);
  await page.goto(distUrl('index.html', 'mode=convT&size=4&kernel_size=3&stride=2&padding=1&padding_mode=reflect'));
  await settled(page);
  assert.match((await readHooks(page)).alert, /padding_mode/);
  await page.goto(distUrl('index.html', 'mode=convT&size=4&kernel_size=3&stride=2&padding=same'));
  await settled(page);
  assert.match((await readHooks(page)).alert, /padding/);
  // a hostile or unknown mode is refused by name
  await page.goto(distUrl('index.html', `mode=conv&size=4&padding_mode=${encodeURIComponent('<img src=x onerror=window.__pwned=1>')}`));
  await settled(page);
  assert.match((await readHooks(page)).alert, /padding_mode: “<img/);
  await page.goto(distUrl('index.html', 'mode=conv&size=4&padding_mode=mirror'));
  await settled(page);
  assert.match((await readHooks(page)).alert, /padding_mode/);
  assert.deepEqual(problems, []);
});
