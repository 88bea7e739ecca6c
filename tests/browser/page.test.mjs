// The full page (web/dist/index.html opened from file://): default state, URL state, hover and
// focus highlighting on a known case, keyboard-only use, editing values, the step control, and
// what first-time students stumbled on (each with the check that would have caught it).
import assert from 'node:assert/strict';
import { test, browserSuite, distUrl, readHooks, ready, marks, cells, hoverCell, clickCell, HEAD } from './support.mjs';
import { PALETTES } from '../../web/src/draw/cell-style.js';

const suite = browserSuite({ pages: {
  '/step.html': `${HEAD}<div style="height:4000px">spacer</div><convt-lab id="lab"></convt-lab><script src="/convt-lab.js"></script>`,
} });

const CLASSIC = 'mode=convT&size=4&kernel_size=3&stride=2&padding=1&dilation=1&output_padding=0';
const texts = async (page, grid) => (await cells(page, grid)).map((c) => c.text);

test('file:// index.html opens with the classic case, no network, no errors, URL reflects the state', async (t) => {
  const { page, problems } = await suite.open(t);
  await page.goto(distUrl('index.html'));
  await ready(page);
  const h = await readHooks(page);
  assert.deepEqual([h.input, h.kernel, h.stuffed, h.output], [[4, 4], [3, 3], [9, 9], [7, 7]]);
  assert.equal(h.ok, 'true');
  assert.equal(h.alert, '');
  assert.equal(new URL(page.url()).search, `?${CLASSIC}`);
  // the flipped kernel is the kernel turned 180 degrees
  assert.deepEqual(await texts(page, 'flipped'), [...(await texts(page, 'kernel'))].reverse());
  // the stuffed grid's cell kinds (classic case: p' = 1 on each side, one zero between pixels)
  const kinds = (await cells(page, 'stuffed')).map((c) => c.kind);
  assert.deepEqual(kinds.slice(0, 9), Array(9).fill('pad'));
  assert.deepEqual(kinds.slice(9, 18), ['pad', 'orig', 'zero', 'orig', 'zero', 'orig', 'zero', 'orig', 'pad']);
  assert.deepEqual(kinds.slice(18, 27), ['pad', ...Array(7).fill('zero'), 'pad']);
  // the pixels of x sit in the stuffed grid, s apart
  assert.deepEqual((await cells(page, 'stuffed')).filter((c) => c.kind === 'orig').map((c) => c.value), (await cells(page, 'input')).map((c) => c.value));
  // the derivation is typeset once it is on screen: KaTeX HTML (tests/browser/math.test.mjs checks
  // its fonts), read out to screen readers as text (role="math" with a label)
  await page.locator('[data-check="inversion"] .deriv').scrollIntoViewIfNeeded();
  await page.waitForFunction(() => document.querySelector('[data-check="inversion"] .katex-html'));
  assert.match(await page.locator('[data-check="inversion"] [role="math"]').first().getAttribute('aria-label'), /= 7/);
  assert.deepEqual(problems, []);
});

test('hover an output cell: the window on the stuffed grid, its input pixels and kernel taps light up', async (t) => {
  const { page, problems } = await suite.open(t);
  await page.goto(distUrl('index.html', CLASSIC));
  await ready(page);
  // Output (1,1) = index 8 of the 7x7 output. Its stride-1 window covers stuffed rows/cols 1..3;
  // the original pixels there are x(0,0), x(0,1), x(1,0), x(1,1); by PyTorch's definition
  // (o = i*s - p + t*d) they reach (1,1) through taps w(2,2), w(2,0), w(0,2), w(0,0).
  await hoverCell(page, 'output', 8);
  assert.deepEqual(await marks(page, 'output'), { 8: 'sel' });
  assert.deepEqual(await marks(page, 'input'), { 0: 'hl', 1: 'hl', 4: 'hl', 5: 'hl' });
  assert.deepEqual(await marks(page, 'kernel'), { 0: 'hl', 2: 'hl', 6: 'hl', 8: 'hl' });
  assert.deepEqual(await marks(page, 'stuffed'), { 10: 'hl', 11: 'hl-zero', 12: 'hl', 19: 'hl-zero', 20: 'hl-zero', 21: 'hl-zero', 28: 'hl', 29: 'hl-zero', 30: 'hl' });
  // each tap has its own colour and letter, the same in the flipped kernel and the stuffed window
  const st = await cells(page, 'stuffed'), fl = await cells(page, 'flipped');
  for (const [s, tap] of [[10, 0], [11, 1], [12, 2], [19, 3], [20, 4], [21, 5], [28, 6], [29, 7], [30, 8]]) assert.equal(st[s].tap, tap, `stuffed ${s}`);
  assert.deepEqual(fl.map((c) => c.tap), [0, 1, 2, 3, 4, 5, 6, 7, 8]);
  // the readout names the cell and its exact value
  const y = (await cells(page, 'output'))[8];
  assert.match(await page.locator('.readout').first().textContent(), new RegExp(`y\\(1,1\\) = ${y.value}`));
  // the two ways give the same number, shown with their terms
  const a = await page.locator('.sums .val-a').textContent();
  const b = await page.locator('.sums .val-b').textContent();
  assert.equal(Number(a), y.value); assert.equal(Number(b), y.value);
  assert.match(await page.locator('.sums').textContent(), /x\(0,0\)·w\(2,2\)/);
  assert.equal(await page.locator('[data-check="equality"]').getAttribute('data-ok'), 'true');
  // the canvas really changed where the highlight is (pixels, not only the model)
  // scatter view: hover input (0,0): it stamps output rows 0..1, cols 0..1
  await hoverCell(page, 'input', 0);
  assert.deepEqual(await marks(page, 'output'), { 0: 'hl', 1: 'hl', 7: 'hl', 8: 'hl' });
  assert.equal((await marks(page, 'input'))[0], 'sel');
  assert.deepEqual(problems, []);
});

test('keyboard only: change a parameter, move over the output, edit an input value', async (t) => {
  const { page, problems } = await suite.open(t);
  await page.goto(distUrl('index.html', CLASSIC));
  await ready(page);
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
  // every grid is one tab stop; arrows move its cursor and the highlight follows
  for (let i = 0; i < 60; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate(() => document.activeElement?.dataset?.grid === 'output')) break;
  }
  assert.equal(await page.evaluate(() => document.activeElement?.dataset?.grid), 'output');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowDown');
  assert.deepEqual(await marks(page, 'output'), { 8: 'sel' });
  assert.match(await page.locator('.readout').first().textContent(), /y\(1,1\)/, 'the live readout says where the cursor is');
  // edit input (0,0) from the keyboard: focus the input grid (its cursor starts at 0), type 7
  const before = (await cells(page, 'output'))[8].value;
  await page.locator('[data-grid="input"]').focus();
  await page.keyboard.press('7');
  assert.equal((await cells(page, 'input'))[0].text, '7');
  assert.notEqual((await cells(page, 'output'))[8].value, before);
  // Enter opens an editor; a typed value is committed with Enter
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('Enter');
  await page.keyboard.type('-2');
  await page.keyboard.press('Enter');
  assert.equal((await cells(page, 'input'))[1].text, '−2');
  assert.equal(await page.evaluate(() => document.activeElement?.dataset?.grid), 'input', 'focus comes back to the grid');
  assert.deepEqual(problems, []);
});

test('invalid combination from the controls: alert names the parameter, last good state stays drawn', async (t) => {
  const { page, problems } = await suite.open(t);
  await page.goto(distUrl('index.html', CLASSIC));
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
  // the fix button of a failing Conv -> ConvT round trip sets output_padding, and focus stays on the verdict
  await page.goto(distUrl('index.html', 'mode=conv&size=8&kernel_size=3&stride=2&padding=1'));
  await ready(page);
  assert.equal((await readHooks(page)).ok, 'false');
  await page.locator('[data-check="inversion"] button.fix').focus();
  await page.keyboard.press('Enter');
  assert.equal((await readHooks(page)).ok, 'true');
  assert.match(new URL(page.url()).search, /output_padding=1/);
  assert.notEqual(await page.evaluate(() => document.activeElement?.tagName), 'BODY', 'focus is not lost after the fix');
  assert.equal(await page.evaluate(() => !!document.activeElement?.closest('[data-check="inversion"]')), true);
  // presets
  await page.locator('select[id$="-preset"]').selectOption('classic');
  assert.equal(new URL(page.url()).search, `?${CLASSIC}`);
  // copy as PyTorch: the snippet names the layers with PyTorch's arguments and shapes from the core
  const code = await page.locator('.snippet code').textContent();
  assert.match(code, /nn\.ConvTranspose2d\(1, 1, kernel_size=3, stride=2, padding=1, output_padding=0\)/);
  assert.match(code, /torch\.Size\(\[1, 1, 7, 7\]\)/);
  await page.locator('details.snippet > summary').click();
  await page.locator('button.copy').click();
  await page.waitForFunction(() => document.querySelector('.snippet .copy-status').textContent !== '');
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

test('Play: the kernel slides over the stuffed grid, taps coloured, the output filled up to the current cell', async (t) => {
  const { page, problems } = await suite.open(t);
  await page.goto(distUrl('index.html', CLASSIC));
  await ready(page);
  await page.locator('.step-next').click(); // step to output cell 1
  await page.locator('.step-next').click(); // and 2
  const step = Number(await page.locator('.stepper').getAttribute('data-step'));
  assert.equal(step, 2);
  // the window: the 3x3 taps of output (0,2) on the stuffed grid are coloured by tap
  const st = await cells(page, 'stuffed');
  const tapped = st.map((c, i) => [i, c.tap]).filter(([, tp]) => tp != null);
  assert.deepEqual(tapped, [[2, 0], [3, 1], [4, 2], [11, 3], [12, 4], [13, 5], [20, 6], [21, 7], [22, 8]]);
  // the running sum, tap by tap, ends at the output's value
  const y = (await cells(page, 'output'))[2].value;
  const running = await page.locator('.sums .running').first().textContent();
  assert.match(running, new RegExp(`→ ${String(y).replace('-', '−')}$`));
  // Play: cells after the current one are not filled yet
  await page.locator('.step-play').click();
  await page.waitForFunction(() => Number(document.querySelector('.stepper').dataset.step) >= 4);
  const playing = await page.evaluate(() => {
    const g = document.querySelector('[data-grid="output"]');
    const n = Number(g.dataset.rows) * Number(g.dataset.cols);
    const blank = Array.from({ length: n }, (_, i) => g.cellInfo(i).blank);
    return { step: Number(document.querySelector('.stepper').dataset.step), blank, n };
  });
  assert.deepEqual(playing.blank, Array.from({ length: playing.n }, (_, i) => i > playing.step), 'while playing, the output fills up to the current cell');
  await page.locator('.step-play').click(); // pause: the drawing keeps its progress, as a step would leave it
  const now = Number(await page.locator('.stepper').getAttribute('data-step'));
  const out = await cells(page, 'output');
  assert.deepEqual(out.map((c) => c.blank), out.map((_, i) => i > now), 'paused: filled up to the current cell');
  assert.ok(now >= 4);
  // Next leaves the picture Play leaves at the same step: filled up to that cell, not the whole output
  await page.locator('.step-next').click();
  const after = await cells(page, 'output');
  assert.deepEqual(after.map((c) => c.blank), after.map((_, i) => i > now + 1), 'Next: filled up to the next cell, as Play fills it');
  // pointing at a cell leaves stepping: the whole output is shown again
  await page.locator('[data-grid="input"]').click({ position: { x: 5, y: 5 } });
  assert.equal((await cells(page, 'output')).filter((c) => c.blank).length, 0, 'after a click elsewhere every cell is shown');
  // the pause icon is drawn by CSS, not a glyph a font might lack
  assert.doesNotMatch(await page.locator('.step-play').textContent(), /[\u23f8\u23f5\u25b6\u25c0]/);
  assert.deepEqual(problems, []);
});

test('the verdict says ✓ in the ok colour when the size comes back and ✗ in the bad colour when not, light and dark', async (t) => {
  const rgb = (hex) => `rgb(${[1, 3, 5].map((k) => parseInt(hex.slice(k, k + 2), 16)).join(', ')})`;
  // what the colours mean, not only which token: ok is a green, bad a red, in both palettes
  for (const p of Object.values(PALETTES)) {
    const [ok, bad] = [p.ok, p.bad].map((hex) => [1, 3, 5].map((k) => parseInt(hex.slice(k, k + 2), 16)));
    assert.ok(ok[1] > ok[0] && ok[1] > ok[2], `ok ${p.ok} is a green`);
    assert.ok(bad[0] > bad[1] && bad[0] > bad[2], `bad ${p.bad} is a red`);
  }
  for (const scheme of ['light', 'dark']) {
    const { page, problems } = await suite.open(t, null, { colorScheme: scheme });
    for (const [query, ok] of [[CLASSIC, true], ['mode=conv&size=8&kernel_size=3&stride=2&padding=1', false], ['mode=conv&size=8&kernel_size=3&stride=2&padding=1&output_padding=1', true]]) {
      await page.goto(distUrl('index.html', query));
      await ready(page);
      const got = await page.evaluate(() => {
        const card = document.querySelector('[data-check="inversion"]');
        const badge = card.querySelector('.badge');
        return { ok: card.dataset.ok, text: badge.textContent, colour: getComputedStyle(badge).color, border: getComputedStyle(card).borderLeftColor };
      });
      const want = PALETTES[scheme][ok ? 'ok' : 'bad'];
      assert.equal(got.ok, String(ok), `${scheme} ${query}`);
      assert.match(got.text, ok ? /^✓ / : /^✗ /, `${scheme} ${query}: ${got.text}`);
      assert.equal(got.colour, rgb(want), `${scheme} ${query}: the badge's colour`);
      assert.equal(got.border, rgb(want), `${scheme} ${query}: the card's edge`);
    }
    assert.deepEqual(problems, []);
  }
});
