// Embedding safety of <convt-lab>: styles and DOM stay in its shadow root both ways, no globals,
// 200+ add/move/remove cycles leave no listener, timer, observer, DOM node or WASM heap behind,
// and two dozen instances on one page draw and update quickly.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch } from './helpers.mjs';
import { serveDist, TRAP_SCRIPT, watch } from './hardening-helpers.mjs';

const HEAD = '<!doctype html><html lang="en"><meta charset="utf-8"><link rel="icon" href="data:,"><title>embed</title>';
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

let browser, server;
before(async () => {
  browser = await launch();
  server = await serveDist({ pages: {
    '/plain.html': `${HEAD}<body>${PROBES}${ONE}<script src="/convt-lab.js"></script>`,
    '/hostile.html': `${HEAD}${HOSTILE_CSS}<body>${PROBES}${ONE}<script src="/convt-lab.js"></script>`,
    '/probes.html': `${HEAD}<body>${PROBES}</body>`,
    '/empty.html': `${HEAD}<body><div id="a"></div><div id="b"></div></body>`,
    '/many.html': `${HEAD}<body style="max-width:1100px">${CONFIGS.join('\n')}<script src="/convt-lab.js"></script></body>`,
  } });
});
after(async () => { await browser?.close(); await server?.close(); });

async function open(path, opts = {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, ...opts });
  const page = await context.newPage();
  await page.addInitScript(TRAP_SCRIPT);
  const problems = watch(page, [`${server.url}${path}`, `${server.url}/convt-lab.js`]);
  await page.goto(`${server.url}${path}`);
  return { context, page, problems };
}
const allReady = (page) => page.waitForFunction(() => [...document.querySelectorAll('convt-lab')].every((e) => e.shadowRoot?.querySelector('.cl[data-ready="true"]')), null, { polling: 'raf', timeout: 20000 });

const PROPS = ['color', 'font-size', 'font-family', 'font-style', 'line-height', 'letter-spacing', 'word-spacing', 'text-transform', 'text-shadow', 'text-align', 'cursor', 'display', 'background-color', 'border-top-width', 'margin-top', 'padding-top', 'width'];
/** Computed styles of elements inside the lab's shadow root. */
const insideStyles = (page) => page.evaluate((props) => {
  const r = document.getElementById('lab').shadowRoot;
  const pick = { cell: '[data-grid="input"] .cell', tab: '[role="tab"]', button: '.stepper button', caption: '.caption', title: 'h3', alert: '.alert', grid: '[data-grid="output"]', input: 'input.num', root: '.cl' };
  const out = {};
  for (const [k, sel] of Object.entries(pick)) { const cs = getComputedStyle(r.querySelector(sel)); out[k] = Object.fromEntries(props.map((p) => [p, cs.getPropertyValue(p)])); }
  return out;
}, PROPS);
/** Computed styles of the host page's own elements that share class names with the lab. */
const outsideStyles = (page) => page.evaluate((props) => Object.fromEntries([...document.body.children].filter((e) => e.tagName !== 'CONVT-LAB' && e.tagName !== 'SCRIPT')
  .map((e, i) => [`${i}:${e.className}`, Object.fromEntries(props.map((p) => [p, getComputedStyle(e).getPropertyValue(p)]))])), PROPS);

test('styles stay in the shadow root both ways: hostile host CSS does not reach in, lab CSS does not leak out', async () => {
  const a = await open('/plain.html');
  await allReady(a.page);
  const plain = await insideStyles(a.page);
  const probesWithLab = await outsideStyles(a.page);
  const b = await open('/hostile.html');
  await allReady(b.page);
  const hostile = await insideStyles(b.page);
  assert.deepEqual(hostile, plain, 'computed styles inside the element are the same under a hostile host stylesheet');
  const c = await open('/probes.html');
  assert.deepEqual(probesWithLab, await outsideStyles(c.page), 'the host page\'s .cell/.grid/.panel/.alert/button look the same with and without the lab');
  // DOM confinement: nothing in the light DOM, nothing added to <head>, ids not visible from the document
  const dom = await a.page.evaluate(() => ({
    light: document.getElementById('lab').childNodes.length,
    head: [...document.head.children].map((e) => e.tagName).join(','),
    docCl: document.querySelectorAll('.cl, .cell, [role="tab"]').length,
    sheets: document.styleSheets.length + document.adoptedStyleSheets.length,
    shadowMode: document.getElementById('lab').shadowRoot.mode,
  }));
  assert.deepEqual(dom, { light: 0, head: 'META,LINK,TITLE', docCl: 1, sheets: 0, shadowMode: 'open' }); // docCl: the host's own probe div.cell
  for (const x of [a, b, c]) { assert.deepEqual(x.problems, []); await x.context.close(); }
});

test('no globals: loading convt-lab.js and drawing adds nothing to window but the custom element', async () => {
  const { context, page, problems } = await open('/empty.html');
  const before = await page.evaluate(() => Object.getOwnPropertyNames(window));
  await page.addScriptTag({ url: `${server.url}/convt-lab.js` });
  await page.evaluate(() => { const e = document.createElement('convt-lab'); e.setAttribute('view', 'matrix'); document.getElementById('a').append(e); });
  await allReady(page);
  const added = await page.evaluate((b) => Object.getOwnPropertyNames(window).filter((k) => !b.includes(k)), before);
  assert.deepEqual(added, []);
  assert.equal(await page.evaluate(() => typeof customElements.get('convt-lab')), 'function');
  // loading the script twice is harmless (the element is defined once)
  await page.addScriptTag({ url: `${server.url}/convt-lab.js` });
  assert.deepEqual(problems, []);
  await context.close();
});

test('45 instances each added, moved, removed and re-added 5 times (225 moves): no leaked listeners, timers, observers, DOM nodes or WASM heap', async () => {
  const { context, page, problems } = await open('/empty.html');
  const cdp = await context.newCDPSession(page);
  await page.addScriptTag({ url: `${server.url}/convt-lab.js` });
  const measure = async () => {
    await cdp.send('HeapProfiler.collectGarbage');
    const dom = await cdp.send('Memory.getDOMCounters');
    const { usedSize } = await cdp.send('Runtime.getHeapUsage');
    const heap = await page.evaluate(() => customElements.get('convt-lab').heapInUse());
    return { nodes: dom.nodes, listeners: dom.jsEventListeners, js: usedSize, heap };
  };
  const cycles = (n, seed) => page.evaluate(async ({ n, seed }) => {
    let s = seed;
    const rnd = (k) => { s = (s * 1103515245 + 12345) % 2147483648; return s % k; };
    const a = document.getElementById('a'), b = document.getElementById('b');
    const views = ['sizes', 'matrix', 'overlap', 'polyphase', 'image'];
    let slowest = 0, moves = 0;
    for (let i = 0; i < n; i++) {
      const t0 = performance.now();
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
        e.shadowRoot.querySelector('[data-grid="input"] .cell').dispatchEvent(new PointerEvent('pointerover', { bubbles: true }));
        moves++;
      }
      await new Promise((r) => setTimeout(r, 0));
      e.remove();
      slowest = Math.max(slowest, performance.now() - t0);
    }
    return { slowest, moves, after: window.__trap.count() };
  }, { n, seed });
  const warm = await cycles(5, 1); // warm up: the core is loaded, caches filled
  // (Playwright adds capture listeners of its own on window: compare with the state after warm-up,
  // and check the lab's own kinds are at zero)
  const baseline = warm.after;
  assert.deepEqual([baseline.intervals, baseline.rafs, baseline.observed], [0, 0, { IntersectionObserver: 0, ResizeObserver: 0 }]);
  assert.deepEqual(Object.keys(baseline.listeners).filter((k) => !/__playwright|\|true$/.test(k)), [], 'no bubbling listener left on window/document');
  const m1 = await measure();
  const r = await cycles(40, 2);
  const m2 = await measure();
  console.log(`# 45 instances, ${warm.moves + r.moves} moves/removals: slowest instance ${r.slowest.toFixed(1)} ms; after 5 -> after 45 instances: DOM nodes ${m1.nodes} -> ${m2.nodes}, listeners ${m1.listeners} -> ${m2.listeners}, JS heap ${(m1.js / 1e6).toFixed(2)} -> ${(m2.js / 1e6).toFixed(2)} MB, WASM heap in use ${m1.heap} -> ${m2.heap} B`);
  assert.deepEqual(r.after, baseline, 'window/document listeners, intervals, rAFs and observers back to the page\'s own');
  assert.equal(m2.heap, m1.heap, 'WASM heap in use unchanged');
  // one lab is ~2,000 nodes: 40 retained instances would be 80,000; allow two in flight for GC timing
  assert.ok(m2.nodes <= m1.nodes + 5000, `DOM nodes bounded: ${m1.nodes} -> ${m2.nodes}`);
  assert.ok(m2.listeners <= m1.listeners + 300, `JS event listeners bounded: ${m1.listeners} -> ${m2.listeners}`);
  assert.ok(m2.js < m1.js + 4e6, `JS heap bounded: ${m1.js} -> ${m2.js}`);
  assert.ok(r.slowest < 1000, `slowest cycle ${r.slowest} ms`);
  assert.deepEqual(problems, []);
  await context.close();
});

test('24 instances on one page: all draw, and attribute changes stay quick', async () => {
  const { context, page, problems } = await open('/many.html', { viewport: { width: 1200, height: 900 } });
  await allReady(page);
  const readyMs = await page.evaluate(() => performance.now());
  const t = await page.evaluate(async () => {
    const els = [...document.querySelectorAll('convt-lab')];
    const frame = () => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
    const t0 = performance.now();
    for (const e of els) e.setAttribute('stride', e.getAttribute('stride') === '2' ? '3' : '2');
    await frame();
    const all = performance.now() - t0;
    const ok = els.every((e) => e.params.stride === (e.getAttribute('stride')));
    const singles = [];
    for (let i = 0; i < 24; i++) {
      const s0 = performance.now();
      els[i].setAttribute('padding', '0');
      await frame();
      singles.push(performance.now() - s0);
    }
    singles.sort((a, b) => a - b);
    // hover on a cell of the last instance (the other 23 are idle)
    const h0 = performance.now();
    els[23].shadowRoot.querySelector('[data-grid="output"] .cell').dispatchEvent(new PointerEvent('pointerover', { bubbles: true }));
    const hover = performance.now() - h0;
    const anim = els.map((e) => e.shadowRoot.querySelector('.stepper').dataset.anim);
    return { all, ok, median: singles[12], max: singles[23], hover, anim };
  });
  console.log(`# 24 instances: all drawn ${readyMs.toFixed(0)} ms after navigation; one attribute on all 24 + a frame ${t.all.toFixed(1)} ms; one instance + a frame median ${t.median.toFixed(1)} ms, max ${t.max.toFixed(1)} ms; hover ${t.hover.toFixed(2)} ms`);
  assert.ok(t.ok, 'every instance took its new stride');
  assert.ok(readyMs < 8000, `all 24 drawn in ${readyMs} ms`);
  assert.ok(t.all < 1500, `attribute on 24 instances: ${t.all} ms`);
  assert.ok(t.max < 400, `one instance: ${t.max} ms`);
  assert.deepEqual(problems, []);
  await context.close();
});
