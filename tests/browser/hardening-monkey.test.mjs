// A seeded random click-and-type session on the page and on a page with three embeds: clicks on
// buttons, tabs, cells, radios, selects and canvases, hostile and absurd text typed into the
// inputs and the cell editor, Tab/Arrow/Enter/Escape/Home/End/digit keys, hovering, attribute
// changes, elements taken out and put back, viewport resizes and real key presses between chunks.
// Zero uncaught exceptions, zero console errors, no request, every action quick; at the end the
// drawn grids have the sizes the core's explain() gives for the parameters shown.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, distUrl, ROOT } from './helpers.mjs';
import { serveDist, TRAP_SCRIPT, watch, prng } from './hardening-helpers.mjs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const { loadCore } = await import(pathToFileURL(join(ROOT, 'web', 'lib', 'core.js')).href);
const PAGE_ACTIONS = Number(process.env.MONKEY_PAGE_ACTIONS || 1400);
const EMBED_ACTIONS = Number(process.env.MONKEY_EMBED_ACTIONS || 1200);
const CHUNK = 200;

let browser, core;
before(async () => { browser = await launch(); core = await loadCore(); });
after(async () => { await browser?.close(); });

/** The in-page driver: `n` random actions from `seed`; returns timing and what was done. */
function driver({ n, seed, embed }) {
  let s = seed >>> 0;
  const rnd = () => { s = (s + 0x6D2B79F5) >>> 0; let t = s; t = Math.imul(t ^ (t >>> 15), t | 1); t ^= t + Math.imul(t ^ (t >>> 7), t | 61); return ((t ^ (t >>> 14)) >>> 0) / 4294967296; };
  const int = (k) => Math.floor(rnd() * k);
  const pick = (a) => a[int(a.length)];
  const VALUES = ['0', '1', '2', '3', '4', '5', '7', '9', '12', '-1', '3x2', '2x3', '99', '1e9', 'NaN', 'Infinity', '', '3.5', '<img src=x onerror=window.__pwned=1>', '"><script>window.__pwned=2</script>', '\u202e3', '٣', 'x3', '3x3x3', '0x5', String(2 ** 53), '9'.repeat(300)];
  const ATTRS = ['mode', 'size', 'kernel_size', 'stride', 'padding', 'dilation', 'output_padding', 'view', 'lang'];
  const GOOD = { mode: ['conv', 'convT'], size: ['3', '4', '5', '6x4', '8'], kernel_size: ['1', '2', '3', '4', '3x2'], stride: ['1', '2', '3'], padding: ['0', '1', '2'], dilation: ['1', '2'], output_padding: ['0', '1'], view: ['sizes', 'matrix', 'overlap', 'polyphase', 'image'], lang: ['en', 'ko'] };
  const KEYS = ['Tab', 'Tab', 'ArrowLeft', 'ArrowRight', 'ArrowUp', 'ArrowDown', 'Enter', 'Escape', 'Home', 'End', '5', '-', '+', 'Backspace', 'F2', ' '];
  const hosts = () => [...document.querySelectorAll('convt-lab')];
  const roots = () => (embed ? hosts().filter((e) => e.isConnected).map((e) => e.shadowRoot) : [document]);
  const visible = (el) => el.getClientRects().length > 0 && !el.closest('[hidden]') && !el.disabled;
  const FOCUSABLE = 'button, select, input, [tabindex="0"], canvas[tabindex]';
  const deepActive = () => { let a = document.activeElement; while (a && a.shadowRoot && a.shadowRoot.activeElement) a = a.shadowRoot.activeElement; return a; };
  const counts = {};
  let slowest = 0, slowestWhat = '', over200 = 0;

  function act(root) {
    const r = rnd();
    if (r < 0.30) { // click something
      const els = [...root.querySelectorAll('button, [role="tab"], .cell, input[type="radio"], input[type="checkbox"], select, canvas')].filter(visible);
      if (!els.length) return 'none';
      const el = pick(els);
      if (el.tagName === 'SELECT') { const opts = [...el.options].filter((o) => o.value !== 'user'); el.value = pick(opts).value; el.dispatchEvent(new Event('change', { bubbles: true })); return 'select'; }
      if (el.tagName === 'CANVAS') {
        const b = el.getBoundingClientRect();
        const o = { bubbles: true, composed: true, clientX: b.left + rnd() * b.width, clientY: b.top + rnd() * b.height };
        el.dispatchEvent(new PointerEvent('pointermove', o)); el.dispatchEvent(new MouseEvent('click', o)); return 'canvas';
      }
      if (el.classList.contains('copy')) return 'skip-copy';
      el.click(); return el.classList.contains('cell') ? 'click-cell' : 'click';
    }
    if (r < 0.50) { // type into a parameter input or an open cell editor
      const editor = root.querySelector('input.cell-editor');
      if (editor && rnd() < 0.7) {
        editor.value = pick(VALUES);
        editor.dispatchEvent(new KeyboardEvent('keydown', { key: pick(['Enter', 'Escape', 'Enter']), bubbles: true, composed: true }));
        return 'edit-cell';
      }
      const inputs = [...root.querySelectorAll('input.num')].filter(visible);
      if (!inputs.length) return 'none';
      const el = pick(inputs);
      // what typing leaves in a number input: the text if it is a number, else '' (as a browser reports it)
      const v = pick(rnd() < 0.6 ? GOOD.size : VALUES);
      el.value = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(v) && Number.isFinite(Number(v)) ? v : '';
      el.dispatchEvent(new Event('input', { bubbles: true }));
      return 'type';
    }
    if (r < 0.72) { // a key on the focused element (Tab moves focus to the next control, as a browser would)
      let target = deepActive();
      if (!target || target === document.body || !root.contains(target)) {
        const f = [...root.querySelectorAll(FOCUSABLE)].filter(visible);
        if (!f.length) return 'none';
        target = pick(f); target.focus();
      }
      const key = pick(KEYS);
      const ev = new KeyboardEvent('keydown', { key, bubbles: true, composed: true, cancelable: true, shiftKey: rnd() < 0.2 });
      target.dispatchEvent(ev);
      if (key === 'Tab' && !ev.defaultPrevented) {
        const f = [...root.querySelectorAll(FOCUSABLE)].filter(visible);
        const i = f.indexOf(target);
        f[(i + (ev.shiftKey ? -1 : 1) + f.length) % f.length]?.focus();
      }
      if ((key === 'Enter' || key === ' ') && target.tagName === 'BUTTON' && !ev.defaultPrevented) target.click();
      return `key`;
    }
    if (r < 0.85) { // hover or focus a cell
      const cells = root.querySelectorAll('.cell');
      if (!cells.length) return 'none';
      const c = cells[int(cells.length)];
      if (rnd() < 0.5) c.dispatchEvent(new PointerEvent('pointerover', { bubbles: true, composed: true }));
      else if (rnd() < 0.5) c.closest('.grid')?.dispatchEvent(new PointerEvent('pointerleave'));
      else c.focus();
      return 'hover';
    }
    if (embed) { // attributes, and taking an element out and back in
      const h = pick(hosts());
      if (rnd() < 0.06) { const p = h.parentNode; h.remove(); (rnd() < 0.5 ? p : document.body).append(h); return 'move'; }
      const name = pick(ATTRS);
      if (rnd() < 0.1) { h.removeAttribute(name); return 'attr'; }
      h.setAttribute(name, rnd() < 0.65 ? pick(GOOD[name]) : pick(VALUES));
      return 'attr';
    }
    const els = [...root.querySelectorAll('[data-preset], .buttons button, select')].filter(visible);
    const el = pick(els);
    if (el.tagName === 'SELECT') { el.value = pick([...el.options]).value; el.dispatchEvent(new Event('change', { bubbles: true })); }
    else el.click();
    return 'preset';
  }

  return (async () => {
    for (let i = 0; i < n; i++) {
      const rs = roots();
      const root = pick(rs);
      const t0 = performance.now();
      const what = act(root);
      await null; // microtasks queued by the action (attribute batches) run here
      const dt = performance.now() - t0;
      counts[what] = (counts[what] || 0) + 1;
      if (dt > slowest) { slowest = dt; slowestWhat = what; }
      if (dt > 200) over200++;
      if (i % 20 === 19) { // let the browser render now and then, and time that too
        const f0 = performance.now();
        await new Promise((res) => requestAnimationFrame(() => setTimeout(res, 0)));
        const fd = performance.now() - f0;
        if (fd > slowest) { slowest = fd; slowestWhat = 'frame'; }
        if (fd > 200) over200++;
      }
    }
    return { counts, slowest, slowestWhat, over200, pwned: window.__trap.pwned.length, dialogs: window.__trap.dialogs.length };
  })();
}

/** Sizes drawn vs explain() for the parameters shown by each lab. */
async function checkFinal(page, embed) {
  const labs = await page.evaluate((embed) => {
    const roots = embed ? [...document.querySelectorAll('convt-lab')].map((e) => ({ root: e.shadowRoot, params: e.params })) : [{ root: document, params: Object.fromEntries(new URLSearchParams(location.search)) }];
    return roots.map(({ root, params }) => ({
      params,
      grids: Object.fromEntries(['input', 'kernel', 'stuffed', 'output'].map((n) => { const g = root.querySelector(`[data-grid="${n}"]`); return [n, [Number(g.dataset.rows), Number(g.dataset.cols)]]; })),
      cells: root.querySelectorAll('[data-grid="output"] .cell').length,
      ready: root.querySelector('.cl').dataset.ready,
    }));
  }, embed);
  const pair = (t) => { const m = /^(\d+)(?:x(\d+))?$/.exec(t); return [Number(m[1]), Number(m[2] ?? m[1])]; };
  for (const l of labs) {
    const p = l.params;
    const ex = core.explain({ mode: p.mode, size: pair(p.size), kernelSize: pair(p.kernel_size), stride: pair(p.stride), padding: pair(p.padding), dilation: pair(p.dilation), outputPadding: pair(p.output_padding) });
    assert.equal(l.ready, 'true');
    assert.deepEqual(l.grids, {
      input: [ex.input.rows, ex.input.cols], kernel: [ex.kernel.rows, ex.kernel.cols],
      stuffed: [ex.stuffed.rows, ex.stuffed.cols], output: [ex.output.rows, ex.output.cols],
    }, `final drawing matches explain() for ${JSON.stringify(p)}`);
    assert.equal(l.cells, ex.output.rows * ex.output.cols);
  }
  return labs.length;
}

async function session(page, { actions, seed, embed }) {
  const rng = prng(seed);
  let slowest = 0, over200 = 0, what = '';
  const counts = {};
  for (let done = 0; done < actions; done += CHUNK) {
    const c0 = Date.now();
    // a frozen page fails the test instead of hanging it
    const r = await Promise.race([
      page.evaluate(driver, { n: Math.min(CHUNK, actions - done), seed: seed * 1000 + done, embed }),
      new Promise((_, no) => setTimeout(() => no(new Error(`chunk at action ${done} did not finish in 60 s: the page froze`)), 60000).unref()),
    ]);
    if (process.env.MONKEY_DEBUG) console.log(`# chunk ${done}: ${Date.now() - c0} ms ${JSON.stringify(r)}`);
    for (const [k, v] of Object.entries(r.counts)) counts[k] = (counts[k] || 0) + v;
    if (r.slowest > slowest) { slowest = r.slowest; what = r.slowestWhat; }
    over200 += r.over200;
    assert.equal(r.pwned, 0, 'a payload ran');
    assert.equal(r.dialogs, 0, 'a dialog opened');
    // between chunks: a viewport change and a few real key presses
    await page.setViewportSize({ width: 320 + rng.int(1300), height: 480 + rng.int(600) });
    for (const k of ['Tab', 'Tab', rng.pick(['ArrowRight', 'ArrowDown', 'Enter', 'Escape', 'Shift+Tab', '7'])]) await page.keyboard.press(k);
  }
  return { slowest, what, over200, counts };
}

test(`random session on the page: ${PAGE_ACTIONS} actions`, async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.addInitScript('window.name = "seed=7";');
  await page.addInitScript(TRAP_SCRIPT);
  const problems = watch(page, [distUrl('index.html')]);
  page.on('filechooser', () => problems.push('a file chooser opened'));
  await page.goto(distUrl('index.html'));
  await page.locator('.cl[data-ready="true"]').waitFor({ state: 'attached' });
  const t0 = Date.now();
  const r = await session(page, { actions: PAGE_ACTIONS, seed: 11, embed: false });
  console.log(`# page: ${PAGE_ACTIONS} actions in ${((Date.now() - t0) / 1000).toFixed(1)} s; slowest ${r.slowest.toFixed(1)} ms (${r.what}); over 200 ms: ${r.over200}; ${JSON.stringify(r.counts)}`);
  assert.deepEqual(problems, []);
  assert.ok(r.slowest < 1000, `slowest action ${r.slowest} ms (${r.what})`);
  await page.setViewportSize({ width: 1280, height: 900 });
  assert.equal(await checkFinal(page, false), 1);
  await context.close();
});

test(`random session on three embeds: ${EMBED_ACTIONS} actions with attribute changes and moves`, async () => {
  const server = await serveDist({ pages: { '/m.html': '<!doctype html><html lang="en"><meta charset="utf-8"><link rel="icon" href="data:,"><title>m</title><body><div id="c1"><convt-lab mode="conv" size="7"></convt-lab></div><div id="c2"><convt-lab view="polyphase"></convt-lab><convt-lab view="matrix" lang="ko" size="3"></convt-lab></div><script src="/convt-lab.js"></script>' } });
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.addInitScript('window.name = "seed=9";');
  await page.addInitScript(TRAP_SCRIPT);
  const problems = watch(page, [`${server.url}/m.html`, `${server.url}/convt-lab.js`]);
  page.on('filechooser', () => problems.push('a file chooser opened'));
  await page.goto(`${server.url}/m.html`);
  await page.waitForFunction(() => [...document.querySelectorAll('convt-lab')].every((e) => e.shadowRoot?.querySelector('.cl[data-ready="true"]')));
  const t0 = Date.now();
  const r = await session(page, { actions: EMBED_ACTIONS, seed: 23, embed: true });
  console.log(`# embeds: ${EMBED_ACTIONS} actions in ${((Date.now() - t0) / 1000).toFixed(1)} s; slowest ${r.slowest.toFixed(1)} ms (${r.what}); over 200 ms: ${r.over200}; ${JSON.stringify(r.counts)}`);
  assert.deepEqual(problems, []);
  assert.ok(r.slowest < 1000, `slowest action ${r.slowest} ms (${r.what})`);
  assert.equal(await checkFinal(page, true), 3);
  await context.close();
  await server.close();
});
