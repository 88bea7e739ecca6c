// Embedding <convt-lab>: a course page with two embeds (file://), a narrow column, the <iframe>
// embed of index.html; styles and DOM stay in the shadow root both ways, no globals; 225 add /
// move / remove cycles leave no listener, timer, observer, DOM node or WASM heap behind; two dozen
// instances on one page all draw and all take an attribute change.
import assert from 'node:assert/strict';
import { test, browserSuite, distUrl, readHooks, allReady, HEAD, loadCore, explainArgsOf, marks, hoverCell } from './support.mjs';

const core = await loadCore();

const HOSTILE_CSS = `<style>
  * { color: red !important; font: italic 31px/3 cursive !important; letter-spacing: 4px !important; text-transform: uppercase !important;
      word-spacing: 9px !important; text-shadow: 2px 2px lime !important; cursor: wait !important; text-align: right !important; }
  div, span, p, button, section, figure, ul, li, h3 { display: inline !important; margin: 17px !important; padding: 13px !important; }
  .cell, .grid, .panel, .alert, .cl, .tabs, .controls, button, [role="tab"], [data-grid] { background: lime !important; border: 9px solid red !important; width: 3px !important; }
  :host, convt-lab { all: unset; }
</style>`;
const PROBES = '<div class="cell">c</div><div class="grid">g</div><p class="sr-only">s</p><div class="panel alert">p</div><button class="tabs">b</button>';
const ONE = '<convt-lab id="lab" mode="conv" size="8" kernel_size="3" stride="2" padding="1"></convt-lab>';
// 24 instances: a spread of parameters, both modes, several views
const CONFIGS = Array.from({ length: 24 }, (_, i) => {
  const mode = i % 2 ? 'conv' : 'convT';
  const view = ['sizes', 'matrix', 'overlap', 'polyphase', 'sizes', 'sizes'][i % 6];
  return `<convt-lab mode="${mode}" size="${3 + (i % 6)}" kernel_size="${2 + (i % 3)}" stride="${1 + (i % 3)}" padding="${i % 2}" view="${view}"></convt-lab>`;
});

const suite = browserSuite({ pages: {
  '/plain.html': `${HEAD}<body>${PROBES}${ONE}<script src="/convt-lab.js"></script>`,
  '/hostile.html': `${HEAD}${HOSTILE_CSS}<body>${PROBES}${ONE}<script src="/convt-lab.js"></script>`,
  '/probes.html': `${HEAD}<body>${PROBES}</body>`,
  '/empty.html': `${HEAD}<body><div id="a"></div><div id="b"></div></body>`,
  '/many.html': `${HEAD}<body style="max-width:1100px">${CONFIGS.join('\n')}<script src="/convt-lab.js"></script></body>`,
  '/editing.html': `${HEAD}<body><convt-lab id="lab" compact="1" view="polyphase" mode="conv" size="5"></convt-lab><script src="/convt-lab.js"></script></body>`,
  '/iframe.html': `${HEAD}<h1>Course</h1><iframe id="f" src="/index.html?mode=conv&size=8&kernel_size=3&stride=2&padding=1" width="900" height="1200"></iframe>`,
} });

/** A served test page with the trap script, allowed to request only itself and the element's script. */
const open = (t, path, opts = {}) => suite.open(t, suite.url(path), { trap: true, allow: [suite.url(path), suite.url('/convt-lab.js')], ...opts });

const PROPS = ['color', 'font-size', 'font-family', 'font-style', 'line-height', 'letter-spacing', 'word-spacing', 'text-transform', 'text-shadow', 'text-align', 'cursor', 'display', 'background-color', 'border-top-width', 'margin-top', 'padding-top', 'width'];
/** Computed styles of elements inside the lab's shadow root. */
const insideStyles = (page) => page.evaluate((props) => {
  const r = document.getElementById('lab').shadowRoot;
  const pick = { grid: '[data-grid="input"]', panel: '.gpanel', tab: '[role="tab"]', button: '.stepper button', caption: '.caption', title: 'h3', alert: '.alert', output: '[data-grid="output"]', input: 'input.num', root: '.cl' };
  const out = {};
  for (const [k, sel] of Object.entries(pick)) { const cs = getComputedStyle(r.querySelector(sel)); out[k] = Object.fromEntries(props.map((p) => [p, cs.getPropertyValue(p)])); }
  return out;
}, PROPS);
/** Computed styles of the host page's own elements that share class names with the lab. */
const outsideStyles = (page) => page.evaluate((props) => Object.fromEntries([...document.body.children].filter((e) => e.tagName !== 'CONVT-LAB' && e.tagName !== 'SCRIPT')
  .map((e, i) => [`${i}:${e.className}`, Object.fromEntries(props.map((p) => [p, getComputedStyle(e).getPropertyValue(p)]))])), PROPS);

test('styles stay in the shadow root both ways: hostile host CSS does not reach in, lab CSS does not leak out', async (t) => {
  const a = await open(t, '/plain.html');
  await allReady(a.page);
  const plain = await insideStyles(a.page);
  const probesWithLab = await outsideStyles(a.page);
  const b = await open(t, '/hostile.html');
  await allReady(b.page);
  const hostile = await insideStyles(b.page);
  assert.deepEqual(hostile, plain, 'computed styles inside the element are the same under a hostile host stylesheet');
  const c = await open(t, '/probes.html');
  assert.deepEqual(probesWithLab, await outsideStyles(c.page), 'the host page\'s .cell/.grid/.panel/.alert/button look the same with and without the lab');
  // DOM confinement: nothing in the light DOM, nothing added to <head>, ids not visible from the document
  const dom = await a.page.evaluate(() => ({
    light: document.getElementById('lab').childNodes.length,
    head: [...document.head.children].map((e) => e.tagName).join(','),
    docCl: document.querySelectorAll('.cl, .cell, .grid, [role="tab"], [data-grid]').length,
    sheets: document.styleSheets.length + document.adoptedStyleSheets.length,
    shadowMode: document.getElementById('lab').shadowRoot.mode,
  }));
  assert.deepEqual(dom, { light: 0, head: 'META,LINK,TITLE', docCl: 2, sheets: 0, shadowMode: 'open' }); // docCl: the host's own probes div.cell and div.grid
  for (const x of [a, b, c]) assert.deepEqual(x.problems, []);
});

test('no globals: loading convt-lab.js and drawing adds nothing to window but the custom element', async (t) => {
  const { page, problems } = await open(t, '/empty.html');
  const before = await page.evaluate(() => Object.getOwnPropertyNames(window));
  await page.addScriptTag({ url: suite.url('/convt-lab.js') });
  await page.evaluate(() => { const e = document.createElement('convt-lab'); e.setAttribute('view', 'matrix'); document.getElementById('a').append(e); });
  await allReady(page);
  const added = await page.evaluate((b) => Object.getOwnPropertyNames(window).filter((k) => !b.includes(k)), before);
  assert.deepEqual(added, []);
  assert.equal(await page.evaluate(() => typeof customElements.get('convt-lab')), 'function');
  // loading the script twice is harmless (the element is defined once)
  await page.addScriptTag({ url: suite.url('/convt-lab.js') });
  assert.deepEqual(problems, []);
});

test('45 instances each added, moved, removed and re-added 5 times (225 moves): no leaked listeners, timers, observers, DOM nodes or WASM heap', async (t) => {
  const { context, page, problems } = await open(t, '/empty.html');
  const cdp = await context.newCDPSession(page);
  await page.addScriptTag({ url: suite.url('/convt-lab.js') });
  const measure = async () => {
    await cdp.send('HeapProfiler.collectGarbage');
    const dom = await cdp.send('Memory.getDOMCounters');
    const { usedSize } = await cdp.send('Runtime.getHeapUsage');
    const heap = await page.evaluate(() => customElements.get('convt-lab').heapInUse());
    return { nodes: dom.nodes, listeners: dom.jsEventListeners, js: usedSize, heap };
  };
  const cycles = (n, seed) => page.evaluate(async ({ n, seed }) => {
    const next = window.__trap.prng(seed);
    const rnd = (k) => Math.floor(next() * k);
    const a = document.getElementById('a'), b = document.getElementById('b');
    const views = ['sizes', 'matrix', 'overlap', 'polyphase', 'image'];
    let moves = 0;
    for (let i = 0; i < n; i++) {
      const e = document.createElement('convt-lab');
      e.setAttribute('size', String(2 + rnd(6)));
      e.setAttribute('stride', String(1 + rnd(3)));
      e.setAttribute('mode', rnd(2) ? 'conv' : 'convT');
      (rnd(2) ? a : b).append(e);
      while (!e.shadowRoot.querySelector('.cl[data-ready="true"]')) await new Promise((r) => setTimeout(r, 0));
      e.shadowRoot.querySelector('.step-play').click(); // an animation loop is running
      e.shadowRoot.querySelector(`[role="tab"][data-tab="${views[rnd(5)]}"]`).click();
      // the same element is then moved, taken out and put back, with its animation running
      for (let j = 0; j < 5; j++) {
        (rnd(2) ? b : a).append(e); // move: disconnected and connected again
        if (rnd(2)) { e.remove(); await null; (rnd(2) ? a : b).prepend(e); } // out, then back in
        if (j === 2) e.setAttribute('padding', String(rnd(2)));
        const g = e.shadowRoot.querySelector('[data-grid="input"]'), r = g.getBoundingClientRect();
        g.dispatchEvent(new PointerEvent('pointermove', { bubbles: true, clientX: r.left + 2, clientY: r.top + 2 }));
        moves++;
      }
      await new Promise((r) => setTimeout(r, 0));
      e.remove();
    }
    return { moves, after: window.__trap.count() };
  }, { n, seed });
  const warm = await cycles(5, 1); // warm up: the core is loaded, caches filled
  // (Playwright adds capture listeners of its own on window: compare with the state after warm-up,
  // and check the lab's own kinds are at zero)
  const baseline = warm.after;
  assert.deepEqual([baseline.intervals, baseline.rafs, baseline.observed, baseline.workers], [0, 0, { IntersectionObserver: 0, ResizeObserver: 0 }, 0]);
  assert.deepEqual(Object.keys(baseline.listeners).filter((k) => !/__playwright|\|true$/.test(k)), [], 'no bubbling listener left on window/document');
  const m1 = await measure();
  const r = await cycles(40, 2);
  const m2 = await measure();
  console.log(`# 45 instances, ${warm.moves + r.moves} moves/removals: after 5 -> after 45 instances: DOM nodes ${m1.nodes} -> ${m2.nodes}, listeners ${m1.listeners} -> ${m2.listeners}, JS heap ${(m1.js / 1e6).toFixed(2)} -> ${(m2.js / 1e6).toFixed(2)} MB, WASM heap in use ${m1.heap} -> ${m2.heap} B`);
  assert.deepEqual(r.after, baseline, 'window/document listeners, intervals, rAFs and observers back to the page\'s own');
  assert.equal(m2.heap, m1.heap, 'WASM heap in use unchanged');
  // one lab is ~450 nodes: 40 retained instances would be 18,000; allow a few in flight for GC timing
  assert.ok(m2.nodes <= m1.nodes + 5000, `DOM nodes bounded: ${m1.nodes} -> ${m2.nodes}`);
  assert.ok(m2.listeners <= m1.listeners + 300, `JS event listeners bounded: ${m1.listeners} -> ${m2.listeners}`);
  assert.ok(m2.js < m1.js + 4e6, `JS heap bounded: ${m1.js} -> ${m2.js}`);
  assert.deepEqual(problems, []);
});

test('a rebuild while a cell editor is open (compact -> full, language): the typed value is kept, nothing throws', async (t) => {
  // Found by the long random session: removing the old views blurs the open editor, which commits
  // its value and redraws while the lab is between two layouts.
  const { page, problems } = await open(t, '/editing.html');
  await allReady(page);
  const shadow = (fn) => page.evaluate(fn);
  /** Opens the editor on input cell 0, types `k`, then rebuilds the lab with `rebuild` (run in the page). */
  async function typeThenRebuild(k, rebuild) {
    await shadow(() => document.getElementById('lab').shadowRoot.querySelector('[data-grid="input"]').focus());
    await page.keyboard.press('Enter');
    await page.keyboard.type(k);
    assert.ok(await shadow(() => !!document.getElementById('lab').shadowRoot.querySelector('input.cell-editor')), 'the editor is open');
    await page.evaluate(rebuild);
    await allReady(page);
    assert.equal(await shadow(() => document.getElementById('lab').shadowRoot.querySelector('[data-grid="input"]').cellInfo(0).value), Number(k), `value ${k} kept`);
    assert.equal(await shadow(() => document.getElementById('lab').shadowRoot.querySelector('[role="tab"][aria-selected="true"]')?.dataset.tab), 'polyphase');
    assert.ok(await shadow(() => !!document.getElementById('lab').shadowRoot.querySelector('[data-grid="interleaved"]')), 'the polyphase view is drawn');
  }
  await typeThenRebuild('7', () => document.getElementById('lab').removeAttribute('compact'));
  await typeThenRebuild('-3', () => document.getElementById('lab').setAttribute('lang', 'ko'));
  assert.deepEqual(problems, []);
});

test('24 instances on one page: all draw, each takes an attribute change, hover stays in its instance', async (t) => {
  const { page, problems } = await open(t, '/many.html', { width: 1200 });
  await allReady(page);
  const drawn = () => page.evaluate(() => [...document.querySelectorAll('convt-lab')].map((e) => ({
    params: e.params, output: e.shadowRoot.querySelector('[data-grid="output"]').dataset.rows + 'x' + e.shadowRoot.querySelector('[data-grid="output"]').dataset.cols,
    alert: e.shadowRoot.querySelector('[role="alert"]').textContent.trim(),
  })));
  /** Every instance draws the output size the core gives for the parameters it reports. */
  const checkAll = async (what) => {
    const labs = await drawn();
    assert.equal(labs.length, 24);
    for (const [i, l] of labs.entries()) {
      const ex = core.explain(explainArgsOf(l.params));
      assert.equal(l.alert, '', `${what}: instance ${i} has no alert`);
      assert.equal(l.output, `${ex.output.rows}x${ex.output.cols}`, `${what}: instance ${i} (${JSON.stringify(l.params)})`);
    }
    return labs;
  };
  await checkAll('first drawing');
  // one attribute on all 24 at once, then one instance at a time
  await page.evaluate(() => { for (const e of document.querySelectorAll('convt-lab')) e.setAttribute('stride', e.getAttribute('stride') === '2' ? '3' : '2'); });
  const labs = await checkAll('stride on all 24');
  const strides = await page.evaluate(() => [...document.querySelectorAll('convt-lab')].map((e) => e.getAttribute('stride')));
  assert.deepEqual(labs.map((l) => l.params.stride), strides, 'every instance took its new stride');
  for (let i = 0; i < 24; i++) await page.evaluate((i) => document.querySelectorAll('convt-lab')[i].setAttribute('padding', '0'), i);
  const after = await checkAll('padding 0, one at a time');
  assert.ok(after.every((l) => l.params.padding === '0'));
  // hover a cell of the last instance: its output cell is selected, no other instance changes
  const marksBefore = await page.evaluate(() => [...document.querySelectorAll("convt-lab")].map((e) => JSON.stringify(e.shadowRoot.querySelector("[data-grid=\"output\"]").marked())));
  await page.evaluate(() => { const e = [...document.querySelectorAll('convt-lab')][23]; e.id = 'last'; });
  await hoverCell(page, 'output', 1, '#last');
  const marksAfter = await page.evaluate(() => [...document.querySelectorAll("convt-lab")].map((e) => JSON.stringify(e.shadowRoot.querySelector("[data-grid=\"output\"]").marked())));
  assert.equal(marksAfter[23], JSON.stringify({ 1: "sel" }));
  assert.deepEqual(marksAfter.slice(0, 23), marksBefore.slice(0, 23), 'the other 23 instances do not change');
  assert.deepEqual(problems, []);
});

test('course page with two embeds (file://): independent, isolated, sized to the column', async (t) => {
  const { page, problems } = await suite.open(t, distUrl('course-example.html'), { width: 1280, trap: true });
  await allReady(page);
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
  await hoverCell(page, 'output', 5, '#first');
  assert.deepEqual(await marks(page, 'output', '#first'), { 5: 'sel' });
  assert.notEqual((await marks(page, 'output', '#second'))[5], 'sel');
  // the element's state is readable, and reported by an event
  assert.equal(await page.evaluate(() => document.querySelector('#first').params.stride), '1');
  // styles: the host's `div { color: darkred }` does not reach inside; ids do not collide
  const color = await page.evaluate(() => getComputedStyle(document.querySelector('#first').shadowRoot.querySelector('.caption')).color);
  assert.notEqual(color, 'rgb(139, 0, 0)');
  assert.equal(await page.evaluate(() => document.querySelectorAll('[data-grid], .cl').length), 0, 'no lab DOM in the light DOM');
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

test('a narrow column (390 px) still fits', async (t) => {
  const { page, problems } = await suite.open(t, distUrl('course-example.html'), { width: 390 });
  await allReady(page);
  const w = await page.evaluate(() => [document.documentElement.scrollWidth, innerWidth]);
  assert.ok(w[0] <= w[1], `no horizontal scroll at 390px (${w[0]})`);
  assert.deepEqual(problems, []);
});

test('iframe embed of index.html with URL parameters', async (t) => {
  const { page, problems } = await suite.open(t, suite.url('/iframe.html'));
  const frame = page.frameLocator('#f');
  await frame.locator('.cl[data-ready="true"]').waitFor({ state: 'attached' });
  assert.equal(await frame.locator('[data-grid="output"]').getAttribute('data-rows'), '4');
  assert.equal(await frame.locator('[data-check="inversion"]').getAttribute('data-ok'), 'false');
  assert.deepEqual(problems, []);
});
