// The reveal.js recipe of docs/teachers.md ("On slides: reveal.js"), built from the doc's own text
// with reveal.js from npm, served under /course/, driven in Chromium at three screen sizes. reveal.js
// scales its 960x700 slide to the screen (zoom above 1, a transform below), so a real pointer at an
// output cell's centre on screen must select exactly that cell; a focused grid keeps the arrow keys
// (its cursor moves, the slide stays); "Open the full lab" opens a dialog inside the screen that
// scrolls, and Escape or Close brings back the compact lab on the same slide.
import assert from 'node:assert/strict';
import { before, after } from 'node:test';
import { test, browserSuite, SCREENSHOTS, screenshot } from '../browser/support.mjs';
import { buildRecipe, serveFolders, watchStatus, labsOnPage, allLabsReady } from './support.mjs';

const suite = browserSuite();
const cleanups = [];
let server = null;
before(async () => {
  const course = await buildRecipe((fn) => cleanups.push(fn), 'reveal');
  server = await serveFolders({ '/course/': course });
}, { timeout: 120_000 });
after(async () => { await server?.close(); for (const fn of cleanups) await fn(); }, { timeout: 60_000 });

const DECK = '/course/slides/index.html';

/** Opens the deck at a screen size and goes to the lab's slide with the right arrow, as a presenter does. */
async function openDeck(t, width, height) {
  const { page, problems } = await suite.open(t, null, { width, height, allow: [`${server.url}/course/`] });
  watchStatus(page, problems);
  await page.goto(server.url + DECK);
  await page.waitForFunction(() => window.Reveal?.isReady());
  await allLabsReady(page);
  const labSlide = await page.evaluate(() => Reveal.getSlides().findIndex((s) => s.querySelector('convt-lab')));
  assert.ok(labSlide > 0, 'the lab is on a slide after the title');
  for (let k = 0; k < labSlide; k++) {
    const moved = page.evaluate(() => new Promise((r) => Reveal.on('slidetransitionend', r, { once: true })));
    await page.keyboard.press('ArrowRight');
    await moved;
  }
  assert.equal(await page.evaluate(() => Reveal.getIndices().h), labSlide, 'the arrow key went to the lab\'s slide');
  return { page, problems, labSlide };
}

/** The output grid of the slide's lab: its box on screen, its rows and columns, the scale the slide is drawn at. */
const outputGrid = (page, scope = 'slide') => page.evaluate((scope) => {
  const host = document.querySelector('convt-lab');
  const root = scope === 'dialog' ? host.shadowRoot.querySelector('dialog.full-lab') : host.shadowRoot.querySelector('.cl');
  const g = root.querySelector('[data-grid="output"]'), r = g.getBoundingClientRect();
  return { left: r.left, top: r.top, width: r.width, height: r.height, rows: Number(g.dataset.rows), cols: Number(g.dataset.cols), scale: host.getBoundingClientRect().width / host.offsetWidth };
}, scope);
const selected = (page, scope = 'slide') => page.evaluate((scope) => {
  const host = document.querySelector('convt-lab');
  const root = scope === 'dialog' ? host.shadowRoot.querySelector('dialog.full-lab') : host.shadowRoot.querySelector('.cl');
  return Object.entries(root.querySelector('[data-grid="output"]').marked()).filter(([, m]) => m === 'sel').map(([i]) => Number(i));
}, scope);
const centre = (g, i) => ({ x: g.left + ((i % g.cols) + 0.5) * (g.width / g.cols), y: g.top + (Math.floor(i / g.cols) + 0.5) * (g.height / g.rows) });
const slideIndex = (page) => page.evaluate(() => ({ ...Reveal.getIndices(), overview: Reveal.isOverview() }));

for (const [width, height] of [[1920, 1080], [1280, 720], [1024, 768]]) {
  test(`reveal.js at ${width}x${height}: the pointer selects the output cell under it, keys stay in a focused grid, the full lab is a dialog that fits and closes`, async (t) => {
    const { page, problems } = await openDeck(t, width, height);
    const [lab] = await labsOnPage(page);
    assert.deepEqual([lab.ready, lab.verdict, lab.fallbackShown], [true, 'ok', false], 'the lab draws and its sentence is gone');
    const slide = await page.evaluate(() => { const s = Reveal.getCurrentSlide().getBoundingClientRect(), l = document.querySelector('convt-lab').getBoundingClientRect(); return { s: [s.top, s.bottom, s.left, s.right], l: [l.top, l.bottom, l.left, l.right] }; });
    assert.ok(slide.l[0] >= 0 && slide.l[1] <= height && slide.l[2] >= 0 && slide.l[3] <= width, `the lab is on the screen: ${JSON.stringify(slide)}`);
    if (SCREENSHOTS && width === 1920) await screenshot(page, 'publish-reveal-1920.png', { fullPage: false });

    // every output cell, pointed at with the real mouse at its centre on screen
    const g = await outputGrid(page);
    t.diagnostic(`slide scale ${g.scale.toFixed(3)}, output ${g.rows}x${g.cols}, ${(g.width / g.cols).toFixed(1)} px per cell on screen`);
    for (let i = 0; i < g.rows * g.cols; i++) {
      const p = centre(g, i);
      await page.mouse.move(p.x, p.y);
      assert.deepEqual(await selected(page), [i], `pointing at output cell ${i} (${p.x.toFixed(0)}, ${p.y.toFixed(0)}) selects it`);
    }

    // a click focuses the grid; its keys move its cursor and the slide stays
    const start = await slideIndex(page);
    const p0 = centre(g, 8);
    await page.mouse.click(p0.x, p0.y);
    await page.mouse.move(1, 1); // off the lab: the cursor, not the pointer, is what is selected now
    for (const [key, to] of [['ArrowRight', 9], ['ArrowDown', 9 + g.cols], ['ArrowLeft', 8 + g.cols], ['ArrowUp', 8], ['End', g.cols - 1 + g.cols], ['Home', g.cols]]) {
      await page.keyboard.press(key);
      assert.deepEqual(await selected(page), [to], `${key} moves the output grid's cursor to ${to}`);
      assert.deepEqual(await slideIndex(page), start, `${key} in the focused grid leaves the slide where it is`);
    }
    await page.keyboard.press('Space');
    await page.keyboard.press('PageDown');
    assert.deepEqual(await slideIndex(page), start, 'Space and PageDown in the focused grid leave the slide where it is');

    // Open the full lab: a modal dialog inside the screen, scrolling inside itself
    await page.locator('convt-lab button.expand').click();
    const dialog = page.locator('convt-lab dialog.full-lab');
    await dialog.waitFor({ state: 'visible' });
    await page.waitForFunction(() => document.querySelector('convt-lab').shadowRoot.querySelector('dialog.full-lab .cl[data-ready="true"]'));
    const box = await dialog.evaluate((d) => { const r = d.getBoundingClientRect(); return { open: d.open, modal: d.matches(':modal'), top: r.top, bottom: r.bottom, left: r.left, right: r.right, scrollHeight: d.scrollHeight, clientHeight: d.clientHeight }; });
    assert.ok(box.open && box.modal, 'a modal dialog');
    assert.ok(box.top >= 0 && box.left >= 0 && box.bottom <= height + 0.5 && box.right <= width + 0.5, `the dialog fits the ${width}x${height} screen: ${JSON.stringify(box)}`);
    assert.ok(box.scrollHeight > box.clientHeight, 'the full lab is taller than the screen and scrolls inside the dialog');
    if (SCREENSHOTS && width === 1920) await screenshot(page, 'publish-reveal-1920-full-lab.png', { fullPage: false });
    const d = await outputGrid(page, 'dialog');
    await page.mouse.move(d.left + d.width / 2, d.top + Math.min(d.height / 2, 40));
    await page.mouse.wheel(0, 600);
    await page.waitForFunction(() => document.querySelector('convt-lab').shadowRoot.querySelector('dialog.full-lab').scrollTop > 0);
    assert.deepEqual(await slideIndex(page), start, 'scrolling the dialog leaves the slide where it is');

    // Escape closes it, back to the lab on the same slide
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    assert.deepEqual(await slideIndex(page), start, 'Escape closed the dialog and left the slide (and reveal.js\' overview) alone');
    assert.deepEqual((await labsOnPage(page)).map((l) => [l.ready, l.fallbackShown]), [[true, false]], 'the lab is drawn on the slide again');
    assert.deepEqual(problems, []);
  });
}

test('reveal.js: a focused grid inside the open full lab keeps its arrow keys (the slide stays)', async (t) => {
  const { page, problems } = await openDeck(t, 1280, 720);
  const start = await slideIndex(page);
  await page.locator('convt-lab button.expand').click();
  await page.waitForFunction(() => document.querySelector('convt-lab').shadowRoot.querySelector('dialog.full-lab .cl[data-ready="true"]'));
  const g = await outputGrid(page, 'dialog');
  const p = centre(g, 0);
  await page.mouse.click(p.x, p.y);
  await page.mouse.move(1, 1);
  await page.keyboard.press('ArrowRight');
  assert.deepEqual(await selected(page, 'dialog'), [1], 'the cursor moved in the dialog\'s output grid');
  assert.deepEqual(await slideIndex(page), start, 'the slide did not change behind the dialog');
  // its Close button closes it, on the same slide
  await page.locator('convt-lab dialog.full-lab button.close-full').click();
  await page.locator('convt-lab dialog.full-lab').waitFor({ state: 'detached' });
  assert.deepEqual(await slideIndex(page), start, 'Close left the slide where it is');
  assert.deepEqual((await labsOnPage(page)).map((l) => [l.ready, l.fallbackShown]), [[true, false]]);
  assert.deepEqual(problems, []);
});

test('closing the full lab (Escape, Close) brings back the compact lab, with no other change', async (t) => {
  const { page, problems } = await openDeck(t, 1280, 720);
  const inElement = () => page.evaluate(() => [...document.querySelector('convt-lab').shadowRoot.children].map((e) => `${e.localName}.${[...e.classList].filter((c) => !c.startsWith('w-')).join('.')}`));
  assert.deepEqual(await inElement(), ['div.cl.compact']);
  for (const close of [() => page.keyboard.press('Escape'), () => page.locator('convt-lab dialog.full-lab button.close-full').click()]) {
    await page.locator('convt-lab button.expand').click();
    await page.waitForFunction(() => document.querySelector('convt-lab').shadowRoot.querySelector('dialog.full-lab .cl[data-ready="true"]'));
    await close();
    await page.locator('convt-lab dialog.full-lab').waitFor({ state: 'detached' });
    assert.deepEqual(await inElement(), ['div.cl.compact'], 'the compact lab, and nothing else, in the element');
  }
  assert.deepEqual(problems, []);
});

test('the full lab keeps its keys: none that it uses reaches the host page (without the recipe\'s keyboardCondition)', async (t) => {
  const { page, problems } = await openDeck(t, 1280, 720);
  await page.evaluate(() => {
    Reveal.configure({ keyboardCondition: null }); // as a deck without the recipe's line
    window.reached = [];
    document.addEventListener('keydown', (e) => { if (e.composedPath().some((n) => n.localName === 'convt-lab')) window.reached.push(e.key); });
  });
  await page.locator('convt-lab button.expand').click();
  await page.waitForFunction(() => document.querySelector('convt-lab').shadowRoot.querySelector('dialog.full-lab .cl[data-ready="true"]'));
  const g = await outputGrid(page, 'dialog');
  const p = centre(g, 0);
  await page.mouse.click(p.x, p.y);
  for (const key of ['ArrowRight', 'ArrowDown', 'PageDown', 'Home', 'End']) await page.keyboard.press(key);
  assert.deepEqual(await page.evaluate(() => window.reached), [], 'keys of a focused grid in the full lab reach the host page');
  await page.keyboard.press('Escape');
  // the dialog is removed on its close event, after the key: wait for it (a loaded machine lags)
  const closed = await page.locator('convt-lab dialog.full-lab').waitFor({ state: 'detached', timeout: 10_000 }).then(() => true, () => false);
  assert.equal(closed, true, 'Escape closes the full lab under a host page that takes Escape');
  assert.deepEqual(problems, []);
});

test('reveal.js: the slide\'s link opens the lecture layout (present=1) from the deck\'s folder', async (t) => {
  const { page, problems } = await suite.open(t, null, { width: 1920, height: 1080, allow: [`${server.url}/course/`] });
  watchStatus(page, problems);
  await page.goto(server.url + DECK);
  const href = await page.evaluate(() => document.querySelector('a[href*="present=1"]').href);
  await page.goto(href);
  await page.waitForFunction(() => document.querySelector('.cl[data-ready="true"]'));
  assert.equal(await page.evaluate(() => document.querySelector('.cl').classList.contains('present')), true);
  assert.deepEqual(problems, []);
});

test('reveal.js with the script\'s path broken: the sentence inside the tag stays on the slide', async (t) => {
  const { page, problems } = await suite.open(t, null, { width: 1280, height: 720, allow: [`${server.url}/course/`] });
  await page.route('**/convt-lab/convt-lab.js', (r) => r.fulfill({ status: 404, body: 'not found' }));
  await page.goto(server.url + DECK + '#/1');
  await page.waitForFunction(() => window.Reveal?.isReady());
  await page.waitForLoadState('load');
  await page.waitForTimeout(500); // the script will not come: the sentence must still be there after the page has loaded
  const [lab] = await labsOnPage(page);
  assert.equal(lab.defined, false);
  assert.equal(lab.fallbackShown, true, 'the sentence is on the slide');
  assert.match(lab.fallback, /needs convt-lab\.js.*check its path/);
  assert.deepEqual(problems.filter((p) => !/404|Failed to load resource/.test(p)), []);
});
