// One screen: at 1280x900 the input, kernel, stuffed and output grids sit side by side, fully on the
// first screen, up to 16x16; at 390 px they stack with a bar that jumps to each; the compact embed
// is short in a 700 px course column; the page in an <iframe> tells its parent its height.
import assert from 'node:assert/strict';
import { test, browserSuite, distUrl, ready, allReady, readHooks, HEAD, MAX_DRAWN_CELLS, VIEWS } from './support.mjs';

const COLUMN = (attrs) => `${HEAD}<body style="margin:0"><main style="max-width:700px;margin:0 auto;font:17px Georgia,serif"><h1>Lecture</h1>
  <convt-lab id="a" compact ${attrs}></convt-lab><p>Between.</p><convt-lab id="b" compact mode="conv" size="8" kernel_size="3" stride="2" padding="1"></convt-lab>
  <p>Between.</p><convt-lab id="c" compact size="8x6" kernel_size="4" stride="2" padding="1"></convt-lab></main><script src="/convt-lab.js"></script>`;
const suite = browserSuite({ pages: {
  '/column.html': COLUMN('mode="convT" size="8" kernel_size="3" stride="2" padding="1"'),
  '/frame.html': `${HEAD}<body><h1>Course</h1><iframe id="f" src="/index.html?mode=convT&size=4&kernel_size=3&stride=2&padding=1&compact=1" width="700" height="300" style="border:0"></iframe>
    <script id="sizer">/* set by the test */</script>`,
} });

/** Bounding boxes of the four grids, in viewport coordinates. */
const boxes = (page, host = null) => page.evaluate((h) => {
  const scope = h ? document.querySelector(h).shadowRoot : document;
  return Object.fromEntries(['input', 'kernel', 'stuffed', 'output'].map((g) => { const r = scope.querySelector(`[data-grid="${g}"]`).getBoundingClientRect(); return [g, { top: r.top, left: r.left, bottom: r.bottom, right: r.right }]; }));
}, host);

for (const [name, query] of [['the default (the classic case)', ''], ['8x8 ConvT', 'mode=convT&size=8&kernel_size=3&stride=2&padding=1'],
  ['16x16 ConvT', 'mode=convT&size=16&kernel_size=3&stride=2&padding=1'], ['16x16 Conv', 'mode=conv&size=16&kernel_size=3&stride=1&padding=1']]) {
  test(`1280x900, ${name}: input, kernel, stuffed and output side by side on the first screen`, async (t) => {
    const { page, problems } = await suite.open(t, distUrl('index.html', query), { width: 1280, height: 900 });
    await ready(page);
    const b = await boxes(page);
    for (const [g, r] of Object.entries(b)) {
      assert.ok(r.top >= 0 && r.bottom <= 900, `${g} fully visible vertically: ${JSON.stringify(r)}`);
      assert.ok(r.left >= 0 && r.right <= 1280, `${g} fully visible horizontally: ${JSON.stringify(r)}`);
    }
    // side by side: left to right in reading order, tops on one line
    assert.ok(b.input.right <= b.kernel.left && b.kernel.right <= b.stuffed.left && b.stuffed.right <= b.output.left, JSON.stringify(b));
    assert.ok(Math.abs(b.input.top - b.stuffed.top) < 40 && Math.abs(b.stuffed.top - b.output.top) < 40, 'one row');
    assert.equal(await page.evaluate(() => document.documentElement.scrollWidth <= innerWidth), true, 'no horizontal scroll');
    assert.deepEqual(problems, []);
  });
}

test('64x64 ConvT (129x129 stuffed, 127x127 output) is drawn as a heatmap with a legend on the first screen; 256x256 is drawn, beyond the cap refused', async (t) => {
  const { page, problems } = await suite.open(t, distUrl('index.html', 'mode=convT&size=64&kernel_size=3&stride=2&padding=1'));
  await ready(page);
  const h = await readHooks(page);
  assert.equal(h.alert, '');
  assert.deepEqual([h.stuffed, h.output], [[129, 129], [127, 127]]);
  const b = await boxes(page);
  for (const [g, r] of Object.entries(b)) assert.ok(r.bottom <= 900 && r.right <= 1280, `${g} on the first screen`);
  assert.equal(await page.locator('[data-grid="stuffed"]').getAttribute('data-render'), 'heat');
  assert.equal(await page.locator('.heatlegend').isVisible(), true);
  // a 256x256 output is still drawn (65,536 cells); one more row is refused with an alert naming size
  await page.goto(distUrl('index.html', 'mode=conv&size=256&kernel_size=3&stride=1&padding=1'));
  await ready(page);
  assert.equal((await readHooks(page)).alert, '');
  assert.deepEqual((await readHooks(page)).output, [256, 256]);
  const over = Math.ceil(Math.sqrt(MAX_DRAWN_CELLS)); // its padded grid has more than MAX_DRAWN_CELLS cells
  await page.goto(distUrl('index.html', `mode=conv&size=${over}&kernel_size=3&stride=1&padding=1`));
  await page.waitForFunction(() => document.querySelector('[role="alert"]')?.textContent.includes('size'));
  assert.match((await readHooks(page)).alert, /size: .*padded grid or the output would have \d+ cells/);
  assert.deepEqual(problems, []);
});

test('390x844: the grids stack, each as wide as the screen allows, and a sticky bar jumps to each', async (t) => {
  const { page, problems } = await suite.open(t, distUrl('index.html', 'mode=convT&size=8&kernel_size=3&stride=2&padding=1'), { width: 390, height: 844 });
  await ready(page);
  const b = await boxes(page);
  assert.ok(b.input.bottom <= b.kernel.top + 1 && b.kernel.bottom <= b.stuffed.top && b.stuffed.bottom <= b.output.top, `stacked: ${JSON.stringify(b)}`);
  for (const r of Object.values(b)) assert.ok(r.left >= 0 && r.right <= 390, 'within the screen width');
  assert.equal(await page.evaluate(() => document.documentElement.scrollWidth <= innerWidth), true, 'no horizontal scroll');
  const bar = page.locator('.jumpbar');
  assert.equal(await bar.isVisible(), true);
  await bar.locator('[data-jump="p-output"]').click();
  await page.waitForFunction(() => { const r = document.querySelector('[data-grid="output"]').getBoundingClientRect(); return r.top >= 0 && r.top < innerHeight; });
  // the bar stays at the top while scrolling through the grids
  const barTop = await bar.evaluate((e) => e.getBoundingClientRect().top);
  assert.ok(barTop >= -1 && barTop < 5, `sticky bar at the top (${barTop})`);
  await bar.locator('[data-jump="p-input"]').click();
  await page.waitForFunction(() => { const r = document.querySelector('[data-grid="input"]').getBoundingClientRect(); return r.top >= 0 && r.bottom <= innerHeight; });
  assert.deepEqual(problems, []);
});

test('compact embeds in a 700 px course column: grids and verdict only, at most 900 px tall up to 8x8, and a way to the full lab', async (t) => {
  const { page, problems } = await suite.open(t, suite.url('/column.html'), { width: 1280, height: 900 });
  await allReady(page);
  for (const id of ['#a', '#b', '#c']) {
    const info = await page.evaluate((id) => {
      const e = document.querySelector(id), r = e.shadowRoot;
      return {
        height: e.getBoundingClientRect().height, width: e.getBoundingClientRect().width,
        controls: !!r.querySelector('.controls'), tabs: !!r.querySelector('[role="tab"]'), verdict: r.querySelector('.verdict-strip')?.dataset.verdict,
        grids: ['input', 'kernel', 'stuffed', 'output'].every((g) => r.querySelector(`[data-grid="${g}"]`)),
        overflow: [...r.querySelectorAll('[data-grid]')].some((g) => g.getBoundingClientRect().right > e.getBoundingClientRect().right + 1),
      };
    }, id);
    assert.ok(info.height <= 900, `${id}: ${info.height} px tall`);
    assert.ok(info.width <= 700, `${id}: within the column`);
    assert.equal(info.overflow, false, `${id}: grids inside the element`);
    assert.deepEqual([info.controls, info.tabs, info.grids], [false, false, true], `${id}: grids and verdict only`);
    assert.ok(['ok', 'fail'].includes(info.verdict), `${id}: verdict shown`);
  }
  // the toggle opens the full lab in place (controls and tabs appear, the parameters stay)
  await page.evaluate(() => document.querySelector('#b').shadowRoot.querySelector('button.expand').click());
  const full = await page.evaluate(() => { const r = document.querySelector('#b').shadowRoot; return { controls: !!r.querySelector('.controls'), tabs: r.querySelectorAll('[role="tab"]').length, size: document.querySelector('#b').params.size }; });
  assert.deepEqual(full, { controls: true, tabs: VIEWS.length, size: '8' });
  assert.deepEqual(problems, []);
});

test('iframe: the page posts its height to the parent, which sizes the frame with the lines of docs/page.md', async (t) => {
  const { page, problems } = await suite.open(t);
  // the snippet of docs/page.md, "Embed with an iframe", run in the parent page
  await page.addInitScript(() => {
    window.addEventListener('message', (e) => {
      if (e.data && e.data.type === 'convt-lab:height') for (const f of document.querySelectorAll('iframe')) if (f.contentWindow === e.source) f.style.height = `${e.data.height}px`;
    });
  });
  await page.goto(suite.url('/frame.html'));
  const frame = page.frameLocator('#f');
  await frame.locator('.cl[data-ready="true"]').waitFor({ state: 'attached' });
  await page.waitForFunction(() => document.getElementById('f').style.height !== '');
  const [frameH, docH] = await Promise.all([
    page.evaluate(() => document.getElementById('f').getBoundingClientRect().height),
    frame.locator('html').evaluate((e) => e.scrollHeight),
  ]);
  assert.ok(Math.abs(frameH - docH) <= 2, `frame ${frameH} px for content ${docH} px`);
  assert.ok(frameH <= 900, `compact page in a 700 px frame: ${frameH} px`);
  assert.deepEqual(problems, []);
});
