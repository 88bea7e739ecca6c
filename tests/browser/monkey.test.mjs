// A seeded random click-and-type session on the page and on a page with three embeds: clicks on
// buttons, tabs, cells, radios, selects and canvases, hostile and absurd text typed into the
// inputs and the cell editor, Tab/Arrow/Enter/Escape/Home/End/digit keys, hovering, attribute
// changes, elements taken out and put back, viewport resizes and real key presses between chunks.
// Zero uncaught exceptions, zero console errors or warnings, no request, no payload run; at the end
// the drawn grids have the sizes the core's explain() gives for the parameters shown.
// `npm test` runs 800 page and 800 embed actions; `npm run test:long` runs 3,000 each (run it
// before a release); MONKEY_PAGE_ACTIONS / MONKEY_EMBED_ACTIONS set any length. How long is long
// enough was measured by planting bugs (docs/testing.md, "Longer runs and screenshots"): an exception on End in the kernel grid
// was found by action 600 of the page session; one needing dilation=2 on the Korean embed only by
// action 2,400 of the embed session, so only the long run finds bugs that rare.
// MONKEY_DEBUG=1 prints each chunk: its actions by kind, the time each kind took, and the slowest
// wait for a rendered frame with the actions before it and the labs' parameters (that is how the
// GIF export of large figures was found to be most of the embed session's time).
import assert from 'node:assert/strict';
import { test, browserSuite, distUrl, prng, loadCore, explainArgsOf, HEAD, allReady, ready } from './support.mjs';

const PAGE_ACTIONS = Number(process.env.MONKEY_PAGE_ACTIONS || 800);
const EMBED_ACTIONS = Number(process.env.MONKEY_EMBED_ACTIONS || 800);
const CHUNK = 200;
/** A generous limit per action chunk: a frozen page fails the test by name instead of hanging it. */
const TIMEOUT = 120_000 + 60 * (PAGE_ACTIONS + EMBED_ACTIONS);

const core = await loadCore();
const suite = browserSuite({ pages: {
  '/m.html': `${HEAD}<body><div id="c1"><convt-lab mode="conv" size="7"></convt-lab></div><div id="c2"><convt-lab view="polyphase"></convt-lab><convt-lab view="matrix" lang="ko" size="3"></convt-lab></div><script src="/convt-lab.js"></script>`,
} });

/** The in-page driver: `n` random actions from `seed` (the trap script's generator); returns what was done. */
function driver({ n, seed, embed }) {
  const rnd = window.__trap.prng(seed);
  const int = (k) => Math.floor(rnd() * k);
  const pick = (a) => a[int(a.length)];
  const VALUES = ['0', '1', '2', '3', '4', '5', '7', '9', '12', '-1', '3x2', '2x3', '99', '1e9', 'NaN', 'Infinity', '', '3.5', '<img src=x onerror=window.__pwned=1>', '"><script>window.__pwned=2</script>', '\u202e3', '٣', 'x3', '3x3x3', '0x5', String(2 ** 53), '9'.repeat(300)];
  const ATTRS = ['mode', 'size', 'kernel_size', 'stride', 'padding', 'padding_mode', 'dilation', 'output_padding', 'view', 'lang', 'compact', 'x', 'w'];
  const GOOD = { mode: ['conv', 'convT'], size: ['3', '4', '5', '6x4', '8'], kernel_size: ['1', '2', '3', '4', '3x2'], stride: ['1', '2', '3'], padding: ['0', '1', '2', 'same', 'valid'], padding_mode: ['zeros', 'reflect', 'replicate', 'circular'], dilation: ['1', '2'], output_padding: ['0', '1'], view: ['sizes', 'matrix', 'overlap', 'polyphase', 'image'], lang: ['en', 'ko'],
    compact: ['', '1', '0'], x: ['1,2,3,4,5,6,7,8,9', '0,0,0,0,1,0,0,0,0', '1,-1,2,-2'], w: ['1,1,1,1,1,1,1,1,1', '1,0,0,1', '0.25,0.5,0.25,0.5,1,0.5,0.25,0.5,0.25'] };
  const KEYS = ['Tab', 'Tab', 'ArrowLeft', 'ArrowRight', 'ArrowUp', 'ArrowDown', 'Enter', 'Escape', 'Home', 'End', '5', '-', '+', 'Backspace', 'F2', ' '];
  const hosts = () => [...document.querySelectorAll('convt-lab')];
  const roots = () => (embed ? hosts().filter((e) => e.isConnected).map((e) => e.shadowRoot) : [document]);
  const visible = (el) => el.getClientRects().length > 0 && !el.closest('[hidden]') && !el.disabled;
  const FOCUSABLE = 'button, select, input, [tabindex="0"]';
  const deepActive = () => { let a = document.activeElement; while (a && a.shadowRoot && a.shadowRoot.activeElement) a = a.shadowRoot.activeElement; return a; };
  const counts = {}, ms = {}, recent = [], slowest = { ms: 0, after: [] };
  let lastClicked = '';

  function act(root) {
    const r = rnd();
    if (r < 0.30) { // click something
      const els = [...root.querySelectorAll('button, [role="tab"], [data-grid], input[type="radio"], input[type="checkbox"], select, canvas.pic')].filter(visible);
      if (!els.length) return 'none';
      const el = pick(els);
      if (el.tagName === 'SELECT') { const opts = [...el.options].filter((o) => o.value !== 'user'); el.value = pick(opts).value; el.dispatchEvent(new Event('change', { bubbles: true })); return 'select'; }
      if (el.tagName === 'CANVAS' || el.dataset.grid) {
        const b = el.getBoundingClientRect();
        const o = { bubbles: true, composed: true, clientX: b.left + rnd() * b.width, clientY: b.top + rnd() * b.height };
        el.dispatchEvent(new PointerEvent('pointermove', o)); el.dispatchEvent(new MouseEvent('click', o)); return el.dataset.grid ? 'click-cell' : 'canvas';
      }
      if (el.classList.contains('copy')) return 'skip-copy';
      lastClicked = (el.dataset.export || el.dataset.preset || el.textContent || '').slice(0, 20);
      el.click(); return 'click';
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
    if (r < 0.85) { // hover over a grid, leave it, or focus it
      const grids = [...root.querySelectorAll('[data-grid]')].filter(visible);
      if (!grids.length) return 'none';
      const g = pick(grids);
      const b = g.getBoundingClientRect();
      if (rnd() < 0.5) g.dispatchEvent(new PointerEvent('pointermove', { bubbles: true, composed: true, clientX: b.left + rnd() * b.width, clientY: b.top + rnd() * b.height }));
      else if (rnd() < 0.5) g.dispatchEvent(new PointerEvent('pointerleave'));
      else g.focus();
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
      counts[what] = (counts[what] || 0) + 1;
      ms[what] = (ms[what] || 0) + (performance.now() - t0); // printed with MONKEY_DEBUG: where a session's time goes
      recent.push(what + (lastClicked ? `:${lastClicked}` : '')); lastClicked = '';
      if (i % 20 === 19) { // let the browser render now and then
        const w0 = performance.now();
        await new Promise((res) => requestAnimationFrame(() => setTimeout(res, 0)));
        const w = performance.now() - w0;
        if (w > slowest.ms) { slowest.ms = Math.round(w); slowest.after = recent.slice(); slowest.labs = embed ? hosts().map((e) => [e.params, e.shadowRoot.querySelector('[role="tab"][aria-selected="true"]')?.dataset.tab]) : location.search; }
        recent.length = 0;
      }
    }
    return { counts, slowest, ms: Object.fromEntries(Object.entries(ms).map(([k, v]) => [k, Math.round(v)])), total: n, pwned: window.__trap.pwned.length, dialogs: window.__trap.dialogs.length };
  })();
}

/** Sizes drawn vs explain() for the parameters shown by each lab. */
async function checkFinal(page, embed) {
  const labs = await page.evaluate((embed) => {
    const roots = embed ? [...document.querySelectorAll('convt-lab')].map((e) => ({ root: e.shadowRoot, params: e.params })) : [{ root: document, params: Object.fromEntries(new URLSearchParams(location.search)) }];
    return roots.map(({ root, params }) => ({
      params,
      grids: Object.fromEntries(['input', 'kernel', 'stuffed', 'output'].map((n) => { const g = root.querySelector(`[data-grid="${n}"]`); return [n, [Number(g.dataset.rows), Number(g.dataset.cols)]]; })),
      cells: (() => { const g = root.querySelector('[data-grid="output"]'); return Number(g.dataset.rows) * Number(g.dataset.cols); })(),
      ready: root.querySelector('.cl').dataset.ready,
    }));
  }, embed);
  for (const l of labs) {
    const ex = core.explain(explainArgsOf(l.params));
    assert.equal(l.ready, 'true');
    assert.deepEqual(l.grids, {
      input: [ex.input.rows, ex.input.cols], kernel: [ex.kernel.rows, ex.kernel.cols],
      stuffed: [ex.stuffed.rows, ex.stuffed.cols], output: [ex.output.rows, ex.output.cols],
    }, `final drawing matches explain() for ${JSON.stringify(l.params)}`);
    assert.equal(l.cells, ex.output.rows * ex.output.cols);
  }
  return labs.length;
}

async function session(page, { actions, seed, embed, problems }) {
  const rng = prng(seed);
  const counts = {};
  for (let done = 0; done < actions; done += CHUNK) {
    const t0 = Date.now();
    const r = await page.evaluate(driver, { n: Math.min(CHUNK, actions - done), seed: seed * 1000 + done, embed });
    if (process.env.MONKEY_DEBUG) console.log(`# chunk ${done} (${Date.now() - t0} ms): ${JSON.stringify(r)}`);
    for (const [k, v] of Object.entries(r.counts)) counts[k] = (counts[k] || 0) + v;
    assert.equal(r.pwned, 0, `a payload ran (chunk at action ${done})`);
    assert.equal(r.dialogs, 0, `a dialog opened (chunk at action ${done})`);
    // fail at the first chunk that went wrong, saying where (the seed replays it)
    assert.deepEqual(problems, [], `problems by action ${done + r.total}`);
    // between chunks: a viewport change and a few real key presses
    await page.setViewportSize({ width: 320 + rng.int(1300), height: 480 + rng.int(600) });
    for (const k of ['Tab', 'Tab', rng.pick(['ArrowRight', 'ArrowDown', 'Enter', 'Escape', 'Shift+Tab', '7'])]) await page.keyboard.press(k);
    if (process.env.MONKEY_DEBUG) console.log(`# chunk ${done} and the keys after it: ${Date.now() - t0} ms`);
  }
  return counts;
}

test(`random session on the page: ${PAGE_ACTIONS} actions`, { timeout: TIMEOUT }, async (t) => {
  const { page, problems } = await suite.open(t, null, { seed: 7, allow: [distUrl('index.html'), 'blob:'] });
  page.on('filechooser', () => problems.push('a file chooser opened'));
  await page.goto(distUrl('index.html'));
  await ready(page);
  const counts = await session(page, { actions: PAGE_ACTIONS, seed: 11, embed: false, problems });
  console.log(`# page: ${PAGE_ACTIONS} actions: ${JSON.stringify(counts)}`);
  assert.deepEqual(problems, []);
  await page.setViewportSize({ width: 1280, height: 900 });
  assert.equal(await checkFinal(page, false), 1);
});

test(`random session on three embeds: ${EMBED_ACTIONS} actions with attribute changes and moves`, { timeout: TIMEOUT }, async (t) => {
  const { page, problems } = await suite.open(t, null, { seed: 9, allow: [suite.url('/m.html'), suite.url('/convt-lab.js'), 'blob:'] });
  page.on('filechooser', () => problems.push('a file chooser opened'));
  await page.goto(suite.url('/m.html'));
  await allReady(page);
  const counts = await session(page, { actions: EMBED_ACTIONS, seed: 23, embed: true, problems });
  console.log(`# embeds: ${EMBED_ACTIONS} actions: ${JSON.stringify(counts)}`);
  assert.deepEqual(problems, []);
  assert.equal(await checkFinal(page, true), 3);
});
