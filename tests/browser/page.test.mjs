// The full page (web/dist/index.html opened from file://): default state, URL state, hover and
// focus highlighting on a known case, keyboard-only use, editing values, the step control.
import assert from 'node:assert/strict';
import { test, browserSuite, distUrl, readHooks, ready, marks, HEAD } from './support.mjs';

const suite = browserSuite({ pages: {
  '/step.html': `${HEAD}<div style="height:4000px">spacer</div><convt-lab id="lab"></convt-lab><script src="/convt-lab.js"></script>`,
} });

const SEED = 'mode=convT&size=4&kernel_size=3&stride=2&padding=1&dilation=1&output_padding=0';

const cell = (page, grid, i) => page.locator(`[data-grid="${grid}"] .cell[data-i="${i}"]`);

test('file:// index.html opens with the seed case, no network, no errors, URL reflects the state', async (t) => {
  const { page, problems } = await suite.open(t);
  await page.goto(distUrl('index.html'));
  await ready(page);
  const h = await readHooks(page);
  assert.deepEqual([h.input, h.kernel, h.stuffed, h.output], [[4, 4], [3, 3], [9, 9], [7, 7]]);
  assert.equal(h.ok, 'true');
  assert.equal(h.alert, '');
  assert.equal(new URL(page.url()).search, `?${SEED}`);
  // the flipped kernel is the kernel turned 180 degrees
  const k = await page.$$eval('[data-grid="kernel"] .cell', (cs) => cs.map((c) => c.textContent));
  const f = await page.$$eval('[data-grid="flipped"] .cell', (cs) => cs.map((c) => c.textContent));
  assert.deepEqual(f, [...k].reverse());
  // the stuffed grid's cell kinds (seed case: p' = 1 on each side, one zero between pixels)
  const kinds = await page.$$eval('[data-grid="stuffed"] .cell', (cs) => cs.map((c) => c.dataset.kind));
  assert.deepEqual(kinds.slice(0, 9), Array(9).fill('pad'));
  assert.deepEqual(kinds.slice(9, 18), ['pad', 'orig', 'zero', 'orig', 'zero', 'orig', 'zero', 'orig', 'pad']);
  assert.deepEqual(kinds.slice(18, 27), ['pad', ...Array(7).fill('zero'), 'pad']);
  // the derivation: KaTeX HTML (tests/browser/math.test.mjs checks its fonts) with MathML for screen readers
  assert.ok(await page.locator('[data-check="inversion"] math').count() > 0);
  assert.deepEqual(problems, []);
});

test('hover an output cell: the window on the stuffed grid, its input pixels and kernel taps light up', async (t) => {
  const { page, problems } = await suite.open(t);
  await page.goto(distUrl('index.html', SEED));
  await ready(page);
  // Output (1,1) = index 8 of the 7x7 output. Its stride-1 window covers stuffed rows/cols 1..3;
  // the original pixels there are x(0,0), x(0,1), x(1,0), x(1,1); by PyTorch's definition
  // (o = i*s - p + t*d) they reach (1,1) through taps w(2,2), w(2,0), w(0,2), w(0,0).
  await cell(page, 'output', 8).hover();
  assert.deepEqual(await marks(page, 'output'), { 8: 'sel' });
  assert.deepEqual(await marks(page, 'input'), { 0: 'hl', 1: 'hl', 4: 'hl', 5: 'hl' });
  assert.deepEqual(await marks(page, 'kernel'), { 0: 'hl', 2: 'hl', 6: 'hl', 8: 'hl' });
  assert.deepEqual(await marks(page, 'stuffed'), { 10: 'hl', 11: 'hl-zero', 12: 'hl', 19: 'hl-zero', 20: 'hl-zero', 21: 'hl-zero', 28: 'hl', 29: 'hl-zero', 30: 'hl' });
  // the two ways give the same number, shown with their terms
  const a = await page.locator('.sums .val-a').textContent();
  const b = await page.locator('.sums .val-b').textContent();
  const y = await cell(page, 'output', 8).textContent();
  assert.equal(a, y); assert.equal(b, y);
  assert.match(await page.locator('.sums').textContent(), /x\(0,0\)·w\(2,2\)/);
  assert.equal(await page.locator('[data-check="equality"]').getAttribute('data-ok'), 'true');
  // scatter view: hover input (0,0): it stamps output rows 0..1, cols 0..1
  await cell(page, 'input', 0).hover();
  assert.deepEqual(await marks(page, 'output'), { 0: 'hl', 1: 'hl', 7: 'hl', 8: 'hl' });
  assert.equal((await marks(page, 'input'))[0], 'sel');
  assert.deepEqual(problems, []);
});

test('keyboard only: change a parameter, move over the output, edit an input value', async (t) => {
  const { page, problems } = await suite.open(t);
  await page.goto(distUrl('index.html', SEED));
  await ready(page);
  // Tab to the stride input
  let found = false;
  for (let i = 0; i < 40 && !found; i++) {
    await page.keyboard.press('Tab');
    found = await page.evaluate(() => document.activeElement?.dataset?.param === 'stride' && document.activeElement.dataset.axis === 'h');
  }
  assert.ok(found, 'stride reachable with Tab');
  await page.keyboard.press('ArrowUp'); // stride 2 -> 3: output (4-1)*3 - 2 + 2 + 1 = 10 (PyTorch)
  assert.deepEqual((await readHooks(page)).output, [10, 10]);
  assert.match(new URL(page.url()).search, /stride=3/);
  await page.keyboard.press('ArrowDown');
  assert.deepEqual((await readHooks(page)).output, [7, 7]);
  // the output grid is one tab stop; arrows move the focused cell and the highlight
  for (let i = 0; i < 60; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate(() => document.activeElement?.closest?.('[data-grid="output"]') != null)) break;
  }
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowDown');
  assert.deepEqual(await marks(page, 'output'), { 8: 'sel' });
  // edit input (0,0) from the keyboard: focus it, type 7
  await cell(page, 'input', 0).focus();
  const before = await cell(page, 'output', 8).textContent();
  await page.keyboard.press('7');
  assert.equal(await cell(page, 'input', 0).textContent(), '7');
  assert.notEqual(await cell(page, 'output', 8).textContent(), before);
  // Enter opens an editor; a typed value is committed with Enter
  await cell(page, 'input', 1).focus();
  await page.keyboard.press('Enter');
  await page.keyboard.type('-2');
  await page.keyboard.press('Enter');
  assert.equal(await cell(page, 'input', 1).textContent(), '−2');
  assert.deepEqual(problems, []);
});

test('invalid combination from the controls: alert names the parameter, last good state stays drawn', async (t) => {
  const { page, problems } = await suite.open(t);
  await page.goto(distUrl('index.html', SEED));
  await ready(page);
  await page.locator('input[data-param="output_padding"][data-axis="h"]').fill('5');
  const h = await readHooks(page);
  assert.match(h.alert, /output_?[pP]adding/);
  assert.deepEqual(h.output, [7, 7]);
  assert.equal(await page.locator('input[data-param="output_padding"][data-axis="h"]').getAttribute('aria-invalid'), 'true');
  assert.match(new URL(page.url()).search, /output_padding=0/);
  await page.locator('input[data-param="output_padding"][data-axis="h"]').fill('1');
  const h2 = await readHooks(page);
  assert.equal(h2.alert, '');
  assert.deepEqual(h2.output, [8, 8]);
  // the fix button of a failing Conv -> ConvT round trip sets output_padding
  await page.goto(distUrl('index.html', 'mode=conv&size=8&kernel_size=3&stride=2&padding=1'));
  await ready(page);
  assert.equal((await readHooks(page)).ok, 'false');
  await page.locator('[data-check="inversion"] button.fix').click();
  assert.equal((await readHooks(page)).ok, 'true');
  assert.match(new URL(page.url()).search, /output_padding=1/);
  // presets
  await page.locator('select[id$="-preset"]').selectOption('seed');
  assert.equal(new URL(page.url()).search, `?${SEED}`);
  // copy as PyTorch: the snippet names the layers with PyTorch's arguments and shapes from the core
  const code = await page.locator('.snippet code').textContent();
  assert.match(code, /nn\.ConvTranspose2d\(1, 1, kernel_size=3, stride=2, padding=1, output_padding=0\)/);
  assert.match(code, /torch\.Size\(\[1, 1, 7, 7\]\)/);
  await page.locator('button.copy').click();
  await page.waitForFunction(() => document.querySelector('.copy-status').textContent !== '');
  assert.deepEqual(problems, []);
});

test('step control walks the output and pauses off-screen and in a hidden tab', async (t) => {
  const { page, problems } = await suite.open(t, suite.url('/step.html'));
  await ready(page, '#lab');
  const anim = () => page.evaluate(() => document.querySelector('#lab').shadowRoot.querySelector('.stepper').dataset.anim);
  const step = () => page.evaluate(() => Number(document.querySelector('#lab').shadowRoot.querySelector('.stepper').dataset.step));
  await page.evaluate(() => document.querySelector('#lab').shadowRoot.querySelector('.step-next').click());
  assert.equal(await step(), 1);
  await page.evaluate(() => document.querySelector('#lab').shadowRoot.querySelector('.step-play').click());
  await page.waitForFunction(() => document.querySelector('#lab').shadowRoot.querySelector('.stepper').dataset.anim === 'paused-offscreen');
  const s0 = await step();
  await page.waitForTimeout(1000);
  assert.equal(await step(), s0, 'no steps while off-screen');
  await page.evaluate(() => document.querySelector('#lab').scrollIntoView());
  await page.waitForFunction(() => document.querySelector('#lab').shadowRoot.querySelector('.stepper').dataset.anim === 'running');
  await page.waitForFunction((s) => Number(document.querySelector('#lab').shadowRoot.querySelector('.stepper').dataset.step) !== s, s0);
  await page.evaluate(() => { Object.defineProperty(document, 'hidden', { configurable: true, get: () => true }); document.dispatchEvent(new Event('visibilitychange')); });
  assert.equal(await anim(), 'paused-hidden');
  await page.evaluate(() => { Object.defineProperty(document, 'hidden', { configurable: true, get: () => false }); document.dispatchEvent(new Event('visibilitychange')); });
  assert.equal(await anim(), 'running');
  await page.evaluate(() => document.querySelector('#lab').shadowRoot.querySelector('.step-play').click());
  assert.equal(await anim(), 'stopped');
  assert.deepEqual(problems, []);
});
