// Embedding: a course page with two <convt-lab> elements (from file://), independent state,
// isolated styles, hostile attributes, and the <iframe> embed of index.html.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, serve, watchedPage, distUrl, readHooks } from './helpers.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const bothReady = (page) => page.waitForFunction(() => [...document.querySelectorAll('convt-lab')].every((e) => e.shadowRoot?.querySelector('.cl[data-ready="true"]')));

test('course page with two embeds (file://): independent, isolated, sized to the column', async () => {
  const { page, problems } = await watchedPage(browser, { width: 1280 });
  await page.goto(distUrl('course-example.html'));
  await bothReady(page);
  let a = await readHooks(page, '#first'), b = await readHooks(page, '#second');
  assert.deepEqual([a.mode, a.input, a.output, a.ok], ['convT', [4, 4], [7, 7], 'true']);
  assert.deepEqual([b.mode, b.input, b.output, b.ok], ['conv', [8, 8], [4, 4], 'false']);
  // the fix in the second changes only the second
  await page.locator('#second [data-check="inversion"] button.fix').click();
  b = await readHooks(page, '#second');
  assert.equal(b.ok, 'true');
  assert.deepEqual(await readHooks(page, '#first'), a);
  // attributes drive each instance
  await page.evaluate(() => document.querySelector('#first').setAttribute('stride', '1'));
  await page.waitForFunction(() => document.querySelector('#first').shadowRoot.querySelector('[data-grid="output"]').dataset.rows === '4');
  assert.deepEqual((await readHooks(page, '#first')).output, [4, 4]);
  assert.deepEqual((await readHooks(page, '#second')).output, [4, 4]);
  assert.equal((await readHooks(page, '#second')).mode, 'conv');
  // hovering in one does not highlight the other
  await page.locator('#first [data-grid="output"] .cell[data-i="5"]').hover();
  assert.equal(await page.locator('#second [data-grid="output"] .cell.sel[data-i="5"]').count(), 0);
  assert.equal(await page.locator('#first [data-grid="output"] .cell.sel[data-i="5"]').count(), 1);
  // the element's state is readable, and reported by an event
  assert.equal(await page.evaluate(() => document.querySelector('#first').params.stride), '1');
  // styles: the host's `div { color: darkred }` does not reach inside; ids do not collide
  const color = await page.evaluate(() => getComputedStyle(document.querySelector('#first').shadowRoot.querySelector('.caption')).color);
  assert.notEqual(color, 'rgb(139, 0, 0)');
  assert.equal(await page.evaluate(() => document.querySelectorAll('.cell').length), 0, 'no lab DOM in the light DOM');
  // sized to the column: no wider than the body, no horizontal page scroll
  const w = await page.evaluate(() => [document.querySelector('#first').getBoundingClientRect().width, document.body.clientWidth, document.documentElement.scrollWidth, innerWidth]);
  assert.ok(w[0] <= w[1], `element ${w[0]} <= column ${w[1]}`);
  assert.ok(w[2] <= w[3], 'no horizontal scroll');
  // hostile attribute: text, an alert in that instance only, no script
  await page.evaluate(() => document.querySelector('#second').setAttribute('size', '<img src=x onerror="window.__pwned=1">'));
  await page.waitForFunction(() => document.querySelector('#second').shadowRoot.querySelector('[role="alert"]').textContent.trim() !== '');
  assert.equal((await readHooks(page, '#first')).alert, '');
  assert.equal(await page.evaluate(() => window.__pwned), undefined);
  assert.equal(await page.evaluate(() => document.querySelector('#second').shadowRoot.querySelectorAll('img').length), 0);
  assert.deepEqual((await readHooks(page, '#second')).input, [8, 8], 'last good state stays');
  // no globals beyond the element
  assert.equal(await page.evaluate(() => customElements.get('convt-lab') != null), true);
  // removing and re-adding an element keeps it working
  await page.evaluate(() => { const e = document.querySelector('#first'); const p = e.parentNode; e.remove(); p.append(e); });
  assert.deepEqual((await readHooks(page, '#first')).output, [4, 4]);
  assert.deepEqual(problems, []);
});

test('a narrow column (390 px) still fits', async () => {
  const { page, problems } = await watchedPage(browser, { width: 390 });
  await page.goto(distUrl('course-example.html'));
  await bothReady(page);
  const w = await page.evaluate(() => [document.documentElement.scrollWidth, innerWidth]);
  assert.ok(w[0] <= w[1], `no horizontal scroll at 390px (${w[0]})`);
  assert.deepEqual(problems, []);
});

test('iframe embed of index.html with URL parameters', async () => {
  const server = await serve({ '/iframe.html': '<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,"><h1>Course</h1><iframe id="f" src="/index.html?mode=conv&size=8&kernel_size=3&stride=2&padding=1" width="900" height="1200"></iframe>' });
  try {
    const { page, problems } = await watchedPage(browser, { allowedOrigin: server.url });
    await page.goto(`${server.url}/iframe.html`);
    const frame = page.frameLocator('#f');
    await frame.locator('.cl[data-ready="true"]').waitFor({ state: 'attached' });
    assert.equal(await frame.locator('[data-grid="output"]').getAttribute('data-rows'), '4');
    assert.equal(await frame.locator('[data-check="inversion"]').getAttribute('data-ok'), 'false');
    assert.deepEqual(problems, []);
  } finally { await server.close(); }
});
