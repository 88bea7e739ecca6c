// What first-time students stumbled on, one test each: hand-check sums that add up, links the
// page cannot draw that keep what the user asked for, stale or misleading messages, the short
// answer's condition, values shared through x= and w=, Play surviving a language switch.
import assert from 'node:assert/strict';
import { test, browserSuite, distUrl, ready, readHooks, cells, hoverCell, HEAD } from './support.mjs';

const suite = browserSuite({ pages: {
  '/values.html': `${HEAD}<convt-lab id="lab" mode="convT" size="3" kernel_size="2" stride="2" padding="0" x="0,0,0,0,1,0,0,0,0" w="1,1,1,1"></convt-lab><script src="/convt-lab.js"></script>`,
} });

/** Numbers as the page writes them (true minus sign) -> JS numbers. */
const num = (t) => Number(t.replace(/\u2212/g, '-').replace(/[()]/g, ''));

test('hand-check sums: the terms shown add up to the result shown (blur preset, fractional weights)', async (t) => {
  const { page, problems } = await suite.open(t, distUrl('index.html', 'view=image'));
  await ready(page);
  await page.locator('[data-view="image"] button[data-preset="blur"]').click();
  await page.locator('[role="tab"][data-tab="sizes"]').click();
  for (const o of [0, 5, 12]) {
    await hoverCell(page, 'output', o);
    const lines = await page.locator('.sums .terms').allTextContents();
    const valued = lines.find((l) => l.startsWith('= '));
    const [lhs, result] = valued.slice(2).split(' = ');
    const sum = lhs.split(' + ').reduce((s, term) => { const [a, b] = term.split('·'); return s + num(a) * num(b); }, 0);
    // the shown result has every digit of the float32 the core computed; the shown terms, every digit of theirs
    assert.ok(Math.abs(sum - num(result)) <= 1e-5 * Math.max(1, Math.abs(sum)), `cell ${o}: ${lhs} = ${sum}, shown ${result}`);
    assert.equal(num(result), (await cells(page, 'output'))[o].value, 'the result is the output cell');
  }
  assert.deepEqual(problems, []);
});

test('a link over the drawing cap keeps its mode and numbers, says what is refused and why, and offers the default', async (t) => {
  const { page, problems } = await suite.open(t);
  const query = 'mode=conv&size=400&kernel_size=3&stride=1&padding=1&dilation=1&output_padding=0';
  await page.goto(distUrl('index.html', query));
  await page.waitForFunction(() => document.querySelector('[role="alert"]')?.textContent.trim());
  const alert = await page.locator('[role="alert"]').textContent();
  assert.match(alert, /size: .*padded grid or the output/, 'conv mode talks about the padded grid, not a stuffed one');
  assert.doesNotMatch(alert, /stuffed/);
  assert.equal(new URL(page.url()).search, `?${query}`, 'the URL is kept as given');
  assert.equal(await page.locator('input[type="radio"][value="conv"]').isChecked(), true, 'the mode is kept');
  assert.equal(await page.locator('input[data-param="size"][data-axis="h"]').inputValue(), '400', 'the numbers are kept');
  assert.equal(await page.locator('input[data-param="size"][data-axis="h"]').getAttribute('aria-invalid'), 'true');
  // nothing is drawn silently in its place; one click shows the default example
  assert.equal(await page.locator('.cl').getAttribute('data-ready'), 'false');
  await page.locator('[role="alert"] button.show-default').click();
  await ready(page);
  assert.deepEqual((await readHooks(page)).output, [7, 7]);
  assert.deepEqual(problems, []);
});

test('messages: an emptied field says it is empty; no stale alert after a language round trip', async (t) => {
  const { page, problems } = await suite.open(t, distUrl('index.html'));
  await ready(page);
  const stride = page.locator('input[data-param="stride"][data-axis="h"]');
  await stride.fill('');
  assert.match((await readHooks(page)).alert, /stride: empty/);
  assert.doesNotMatch((await readHooks(page)).alert, /"x"|“x”/);
  // Korean and back while the field is invalid: the alert is in the current language
  await page.locator('select[data-control="lang"]').selectOption('ko');
  assert.match((await readHooks(page)).alert, /stride: 비어 있습니다/);
  await page.locator('select[data-control="lang"]').selectOption('en');
  assert.match((await readHooks(page)).alert, /stride: empty/);
  // the field valid again: the alert goes, in any language
  await page.locator('input[data-param="stride"][data-axis="h"]').fill('2');
  assert.equal((await readHooks(page)).alert, '');
  await page.locator('select[data-control="lang"]').selectOption('ko');
  await page.locator('select[data-control="lang"]').selectOption('en');
  assert.equal((await readHooks(page)).alert, '', 'no stale alert after the round trip');
  assert.deepEqual(problems, []);
});

test('overlap tab: an even layer stays described as even when layers are stacked', async (t) => {
  const { page, problems } = await suite.open(t, distUrl('index.html', 'mode=convT&size=4&kernel_size=4&stride=2&padding=1&view=overlap'));
  await ready(page);
  await page.locator('[data-view="overlap"] input[data-layers="3"]').check();
  const text = await page.locator('[data-view="overlap"]').textContent();
  assert.equal(await page.locator('[data-view="overlap"]').getAttribute('data-even'), 'true');
  assert.match(text, /Even: away from the borders every cell receives 4 taps/);
  assert.match(text, /Still even/);
  assert.doesNotMatch(text, /unevenness compounds/);
  // and an uneven layer says so
  await page.goto(distUrl('index.html', 'mode=convT&size=4&kernel_size=3&stride=2&padding=1&view=overlap'));
  await ready(page);
  await page.locator('[data-view="overlap"] input[data-layers="2"]').check();
  assert.match(await page.locator('[data-view="overlap"]').textContent(), /unevenness compounds/);
  assert.deepEqual(problems, []);
});

test('image tab: says which kernel is used and whether its overlap is even', async (t) => {
  const { page, problems } = await suite.open(t, distUrl('index.html', 'view=image'));
  await ready(page);
  const note = () => page.locator('[data-view="image"] .kernel-note').textContent();
  const hint = () => page.locator('[data-view="image"] .overlap-hint').textContent();
  assert.match(await note(), /your w from grid 2/);
  await page.locator('[data-view="image"] button[data-preset="up2"]').click();
  assert.match(await note(), /Kernel: ConvT: ×2 bilinear/);
  assert.match(await hint(), /k = 4 is a multiple of s = 2/);
  await page.locator('[data-view="image"] button[data-preset="random"]').click();
  assert.match(await note(), /random/);
  assert.match(await hint(), /k = 3 not a multiple of s = 2/);
  // an edit of the kernel makes it the user's again
  await page.locator('[role="tab"][data-tab="image"]').click();
  await page.locator('[data-grid="kernel"]').focus();
  await page.keyboard.press('5');
  assert.match(await note(), /your w from grid 2/);
  assert.deepEqual(problems, []);
});

test('the short answer states when the size comes back, and the default example is one where it does', async (t) => {
  const { page, problems } = await suite.open(t, distUrl('index.html'));
  await ready(page);
  // one sentence first; the question and the longer answer behind "Why?"
  const line = await page.locator('.answer .answer-line').textContent();
  assert.match(line, /output_padding equals the remainder r = \(I \+ 2p − d\(k−1\) − 1\) mod s/);
  await page.locator('.answer summary').click();
  const why = await page.locator('.answer details').textContent();
  assert.match(why, /\(I \+ 2p − d\(k−1\) − 1\) mod s = 0/);
  assert.match(why, /Why define it by s and p instead of z and p′/);
  assert.equal((await readHooks(page)).ok, 'true');
  assert.deepEqual(problems, []);
});

test('x= and w=: values from the URL and from attributes; edits go into the URL and survive a reload', async (t) => {
  const { page, problems } = await suite.open(t);
  await page.goto(distUrl('index.html', 'mode=convT&size=2&kernel_size=2&stride=2&padding=0&x=1,0,0,2&w=1,2,3,4'));
  await ready(page);
  assert.deepEqual((await cells(page, 'input')).map((c) => c.value), [1, 0, 0, 2]);
  assert.deepEqual((await cells(page, 'kernel')).map((c) => c.value), [1, 2, 3, 4]);
  // ConvTranspose2d with s = k = 2 stamps x(i,j)·w into its own 2x2 block
  assert.deepEqual((await cells(page, 'output')).map((c) => c.value), [1, 2, 0, 0, 3, 4, 0, 0, 0, 0, 2, 4, 0, 0, 6, 8]);
  // an edit goes into the URL, a reload keeps it
  await page.locator('[data-grid="input"]').focus();
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('5');
  assert.match(new URL(page.url()).search, /x=1,5,0,2/);
  await page.reload();
  await ready(page);
  assert.deepEqual((await cells(page, 'input')).map((c) => c.value), [1, 5, 0, 2]);
  // wrong counts and bad numbers are refused by name
  await page.goto(distUrl('index.html', 'mode=convT&size=2&kernel_size=2&x=1,2,3&w=1,2,zz,4'));
  await ready(page);
  const alert = (await readHooks(page)).alert;
  assert.match(alert, /x: 3 values given; the 2×2 input needs 4/);
  assert.match(alert, /w: value 3, “zz”, is not a number/);
  // attributes on the element: a one-hot input and an all-ones kernel
  const el = await suite.open(t, suite.url('/values.html'));
  await ready(el.page, '#lab');
  assert.deepEqual((await cells(el.page, 'input', '#lab')).map((c) => c.value), [0, 0, 0, 0, 1, 0, 0, 0, 0]);
  // ConvTranspose2d (k 2, s 2, p 0) of a one-hot at (1,1) with an all-ones kernel: a 6x6 output whose 2x2 block at rows/columns 2..3 is 1
  const out = (await cells(el.page, 'output', '#lab')).map((c) => c.value);
  const want = Array.from({ length: 36 }, (_, i) => (Math.floor(i / 6) >= 2 && Math.floor(i / 6) <= 3 && i % 6 >= 2 && i % 6 <= 3 ? 1 : 0));
  assert.deepEqual(out, want);
  await el.page.evaluate(() => document.getElementById('lab').setAttribute('w', '2,0,0,2'));
  await el.page.waitForFunction(() => document.getElementById('lab').shadowRoot.querySelector('[data-grid="kernel"]').cellInfo(0).value === 2);
  assert.deepEqual(el.problems, []);
  assert.deepEqual(problems, []);
});

test('switching language keeps Play running', async (t) => {
  const { page, problems } = await suite.open(t, distUrl('index.html'));
  await ready(page);
  await page.locator('.step-play').click();
  assert.equal(await page.locator('.stepper').getAttribute('data-anim'), 'running');
  await page.locator('select[data-control="lang"]').selectOption('ko');
  assert.equal(await page.locator('.stepper').getAttribute('data-anim'), 'running');
  const s0 = Number(await page.locator('.stepper').getAttribute('data-step'));
  await page.waitForFunction((s) => Number(document.querySelector('.stepper').dataset.step) !== s, s0);
  await page.locator('.step-play').click();
  assert.equal(await page.locator('.stepper').getAttribute('data-anim'), 'stopped');
  assert.deepEqual(problems, []);
});
