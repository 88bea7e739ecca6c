// The one support module of the browser tests. Every suite gets from here:
// - one Chromium per test file (Debian's headless shell through playwright-core; see launch()), launched in a
//   `before` hook and closed in an `after` hook, both with timeouts;
// - one static server for web/dist (extra pages, an optional Content-Security-Policy header, every
//   request recorded), closed with the browser;
// - pages that close themselves whatever the outcome (`t.after`), with one watcher that records
//   console errors and warnings, uncaught exceptions, dialogs and any request that is not allowed;
// - the trap script (a flag any injected payload sets, listener/timer/observer counters, a seeded
//   Math.random) and the one seeded generator, used both here and inside pages;
// - the page's own constants (views, drawing cap), imported from web/src, never copied.
import { test as nodeTest, before, after } from 'node:test';
import { chromium } from 'playwright-core';
import { createServer } from 'node:http';
import { readFile, mkdir } from 'node:fs/promises';
import { existsSync, readFileSync } from 'node:fs';
import { join, dirname, extname, normalize } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export { VIEWS } from '../../web/src/model/params.js';
export { MAX_DRAWN_CELLS } from '../../web/src/model/compute.js';
import { MAX_DRAWN_CELLS } from '../../web/src/model/compute.js';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const DIST = join(ROOT, 'web', 'dist');
export const OUT = join(ROOT, 'tests', 'out');
/** How long a suite's browser and server may take to start or stop before the hook fails by name. */
const HOOK_TIMEOUT = 60_000;

if (!existsSync(join(DIST, 'index.html')) || !existsSync(join(DIST, 'convt-lab.js'))) {
  throw new Error('web/dist is not built: run `npm run build` first.');
}

/** How long one browser test may take unless it says otherwise (a stuck test fails by name). */
export const TEST_TIMEOUT = 120_000;
/** node:test's `test` with a time limit by default: every browser test has one. */
export function test(name, options, fn) {
  if (typeof options === 'function') { fn = options; options = {}; }
  return nodeTest(name, { timeout: TEST_TIMEOUT, ...options }, fn);
}
test.skip = (name, options, fn) => (typeof options === 'function' ? test(name, { skip: true }, options) : test(name, { ...options, skip: true }, fn));

/** A file:// URL of a built page. */
export const distUrl = (file, query = '') => `${pathToFileURL(join(DIST, file)).href}${query ? `?${query}` : ''}`;

// ---- the seeded generator (mulberry32), the same function in Node and in every trapped page -------
/** Returns a function giving uniform numbers in [0, 1) from a 32-bit seed. */
export function mulberry32(seed) {
  let s = seed >>> 0;
  return function next() {
    s = (s + 0x6D2B79F5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
/** The generator with helpers: next(), int(n) in [0, n), pick(array). */
export function prng(seed) {
  const next = mulberry32(seed);
  return { next, int: (n) => Math.floor(next() * n), pick: (a) => a[Math.floor(next() * a.length)] };
}

// ---- the trap script ------------------------------------------------------------------------------
/**
 * Runs in the page before any page script (serialised into an init script). Defines, non-enumerable:
 * - window.__pwned: a setter recording any attempt (every injected payload in the tests sets it);
 * - window.__trap: { pwned, dialogs, csp (securitypolicyviolation events), count() (net listeners on
 *   window/document, live intervals, pending rAFs, observed IntersectionObserver/ResizeObserver
 *   targets, Web Workers started and not terminated), workersStarted (every Worker constructed),
 *   prng (the seeded generator) };
 * and seeds Math.random when `seed` is a number.
 */
function installTraps(generator, seed) {
  const trap = { pwned: [], dialogs: [], csp: [], prng: generator };
  Object.defineProperty(window, '__trap', { value: trap, enumerable: false });
  Object.defineProperty(window, '__pwned', { get() { return trap.pwned.length ? trap.pwned[0] : undefined; }, set(v) { trap.pwned.push(String(v)); }, enumerable: false, configurable: false });
  for (const k of ['alert', 'confirm', 'prompt', 'print']) window[k] = function (...a) { trap.dialogs.push(`${k}:${a.join(',')}`); };
  document.addEventListener('securitypolicyviolation', (e) => trap.csp.push(`${e.violatedDirective} ${e.blockedURI || ''} ${e.sourceFile || ''}:${e.lineNumber}`), true);
  // net listeners on window and document (what an embed could leak)
  const live = new Map();
  const key = (t, type, o) => [t === window ? 'w' : 'd', type, typeof o === 'boolean' ? o : !!(o && o.capture)].join('|');
  const add = EventTarget.prototype.addEventListener, rem = EventTarget.prototype.removeEventListener;
  const lists = new WeakMap();
  EventTarget.prototype.addEventListener = function (type, l, o) {
    if ((this === window || this === document) && l) {
      const k = key(this, type, o); let m = lists.get(l); if (!m) lists.set(l, m = new Set());
      if (!m.has(k)) { m.add(k); live.set(k, (live.get(k) || 0) + 1); }
    }
    return add.call(this, type, l, o);
  };
  EventTarget.prototype.removeEventListener = function (type, l, o) {
    if ((this === window || this === document) && l) {
      const k = key(this, type, o); const m = lists.get(l);
      if (m && m.has(k)) { m.delete(k); live.set(k, live.get(k) - 1); }
    }
    return rem.call(this, type, l, o);
  };
  const intervals = new Set(), rafs = new Set();
  const si = window.setInterval, ci = window.clearInterval, ra = window.requestAnimationFrame, ca = window.cancelAnimationFrame;
  window.setInterval = function (...a) { const id = si.apply(window, a); intervals.add(id); return id; };
  window.clearInterval = function (id) { intervals.delete(id); return ci.call(window, id); };
  window.requestAnimationFrame = function (f) { const id = ra.call(window, (t) => { rafs.delete(id); f(t); }); rafs.add(id); return id; };
  window.cancelAnimationFrame = function (id) { rafs.delete(id); return ca.call(window, id); };
  const observed = { IntersectionObserver: 0, ResizeObserver: 0 };
  for (const name of Object.keys(observed)) {
    const C = window[name]; if (!C) continue;
    const o = C.prototype.observe, d = C.prototype.disconnect, u = C.prototype.unobserve;
    const per = new WeakMap();
    C.prototype.observe = function (t, ...r) { const s = per.get(this) || new Set(); per.set(this, s); if (!s.has(t)) { s.add(t); observed[name]++; } return o.call(this, t, ...r); };
    C.prototype.unobserve = function (t) { const s = per.get(this); if (s && s.delete(t)) observed[name]--; return u.call(this, t); };
    C.prototype.disconnect = function () { const s = per.get(this); if (s) { observed[name] -= s.size; s.clear(); } return d.call(this); };
  }
  // Web Workers: constructed (the constructor did not throw) and not yet terminated
  let workers = 0;
  trap.workersStarted = 0;
  if (typeof window.Worker === 'function') {
    const Base = window.Worker, ended = new WeakSet();
    window.Worker = class Worker extends Base {
      constructor(...a) { super(...a); workers++; trap.workersStarted++; }
      terminate() { if (!ended.has(this)) { ended.add(this); workers--; } return super.terminate(); }
    };
  }
  trap.count = () => {
    const listeners = {}; for (const [k, n] of live) if (n) listeners[k] = n;
    return { listeners, intervals: intervals.size, rafs: rafs.size, observed: { ...observed }, workers };
  };
  if (typeof seed === 'number') Math.random = generator(seed);
}
const trapScript = (seed) => `(${installTraps})(${mulberry32}, ${seed == null ? 'null' : Number(seed)});`;

// ---- server ---------------------------------------------------------------------------------------
const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css', '.png': 'image/png' };

/**
 * Serves web/dist at / plus extra pages (path -> html). `csp(path)` gives a policy header for a
 * path (or null). Every request path is recorded in `requests`. Returns { url, requests, close }.
 */
export async function serveDist({ pages = {}, csp = () => null } = {}) {
  const requests = [];
  const server = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    requests.push(path);
    const headers = {};
    const policy = csp(path);
    if (policy) headers['content-security-policy'] = policy;
    if (pages[path] != null) { res.writeHead(200, { ...headers, 'content-type': TYPES['.html'] }); res.end(pages[path]); return; }
    const file = normalize(join(DIST, path === '/' ? 'index.html' : path));
    if (!file.startsWith(DIST)) { res.writeHead(403); res.end(); return; }
    try {
      const body = await readFile(file);
      res.writeHead(200, { ...headers, 'content-type': TYPES[extname(file)] || 'application/octet-stream' });
      res.end(body);
    } catch { res.writeHead(404); res.end('not found'); }
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${server.address().port}`;
  return { url, requests, close: () => new Promise((r) => { server.closeAllConnections(); server.close(() => r()); }) };
}

// ---- the browser, per test file -------------------------------------------------------------------
/**
 * The browser the tests drive: Debian's chromium-headless-shell (the same Blink and V8 as its
 * chromium, without the desktop browser around them), else /usr/bin/chromium; CHROMIUM overrides.
 * The shell did the browser suites' work in half the CPU time (one file: 31.5 against 57.7 s of
 * CPU), which is what keeps `npm test` within its time on a 2-core machine.
 */
export const CHROMIUM = process.env.CHROMIUM || ['/usr/bin/chromium-headless-shell', '/usr/bin/chromium'].find((path) => existsSync(path));

export function launch() {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

/**
 * Call once at the top of a test file. Launches one browser (and, with `pages` or `csp`, one server)
 * before the first test and closes both after the last, whatever happened in between.
 * Returns the suite: { browser, server, url(path), open(t, target, options) }.
 */
export function browserSuite({ pages = null, csp = null } = {}) {
  const suite = {
    browser: null, server: null,
    url(path) { return `${suite.server.url}${path}`; },
    open(t, target, options) { return openPage(t, suite, target, options); },
  };
  before(async () => {
    suite.browser = await launch();
    if (pages || csp) suite.server = await serveDist({ pages: pages || {}, csp: csp || (() => null) });
  }, { timeout: HOOK_TIMEOUT });
  after(async () => {
    await Promise.allSettled([suite.browser?.close(), suite.server?.close()]);
  }, { timeout: HOOK_TIMEOUT });
  return suite;
}

/**
 * A new context and page, closed after test `t` whatever its outcome. `target` (optional) is a URL
 * to open. Options: width, height, colorScheme, bypassCSP, trap (install the trap script), seed (seed
 * Math.random; implies trap), locale, allow (URL prefixes that may be requested; default: file:, data:,
 * blob: and the suite's server). Returns { page, context, problems }: `problems` lists console
 * errors and warnings, uncaught exceptions, dialogs and disallowed requests.
 */
export async function openPage(t, suite, target = null, { width = 1280, height = 900, colorScheme = 'light', locale = undefined, bypassCSP = false, trap = false, seed = null, allow = null } = {}) {
  const context = await suite.browser.newContext({ viewport: { width, height }, colorScheme, locale, bypassCSP });
  t.after(() => context.close().catch(() => {}));
  const page = await context.newPage();
  if (trap || seed != null) await page.addInitScript(trapScript(seed));
  const allowed = allow || ['file:', 'data:', 'blob:', ...(suite.server ? [`${suite.server.url}/`] : [])];
  const problems = watch(page, allowed);
  if (target) await page.goto(target);
  return { page, context, problems };
}

/** Records console errors and warnings, uncaught exceptions, dialogs and requests outside `allowed` (URL prefixes). */
export function watch(page, allowed) {
  const problems = [];
  page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`); });
  // the message, and where it was thrown (the first frames of the stack), to find it again
  page.on('pageerror', (e) => problems.push(`uncaught: ${e.message}${e.stack ? ` @ ${e.stack.split('\n').slice(1, 4).map((l) => l.trim()).join(' < ')}` : ''}`));
  page.on('request', (r) => { const u = r.url(); if (!allowed.some((a) => u.startsWith(a))) problems.push(`request: ${u.slice(0, 200)}`); });
  page.on('dialog', (d) => { problems.push(`dialog: ${d.message()}`); d.dismiss().catch(() => {}); });
  return problems;
}

// ---- reading the lab through its documented hooks ------------------------------------------------
/** Waits until the lab (in the page, or in the <convt-lab> matched by `host`) has drawn. */
export function ready(page, host = null) {
  return page.waitForFunction((h) => (h ? document.querySelector(h)?.shadowRoot : document)?.querySelector('.cl[data-ready="true"]'), host, { timeout: 30_000 });
}
/** Waits until the lab has drawn or, when nothing can be drawn (a refused link), says why in its alert. */
export function settled(page, host = null) {
  return page.waitForFunction((h) => {
    const scope = (h ? document.querySelector(h)?.shadowRoot : document);
    return scope && (scope.querySelector('.cl[data-ready="true"]') || scope.querySelector('[role="alert"]')?.textContent.trim());
  }, host, { timeout: 30_000 });
}
/**
 * The derivations (and the round trip's values) are drawn when they come into view: bring each
 * into view in turn and wait until it is drawn (or says the sizes are not defined).
 */
export async function showDerivations(page, host = null) {
  // the other direction is folded until asked for: unfold it, as a reader who wants every derivation
  await page.evaluate((h) => { for (const d of (h ? document.querySelector(h).shadowRoot : document).querySelectorAll('details.other-direction, details.values-more')) d.open = true; }, host);
  const n = await page.evaluate((h) => (h ? document.querySelector(h).shadowRoot : document).querySelectorAll('.deriv').length, host);
  for (let k = 0; k < n; k++) {
    // a derivation in a hidden tab panel is not shown, so not drawn
    if (await page.evaluate(({ h, k }) => !!(h ? document.querySelector(h).shadowRoot : document).querySelectorAll('.deriv')[k].closest('[hidden]'), { h: host, k })) continue;
    await page.evaluate(({ h, k }) => (h ? document.querySelector(h).shadowRoot : document).querySelectorAll('.deriv')[k].scrollIntoView({ block: 'center' }), { h: host, k });
    await page.waitForFunction(({ h, k }) => { const d = (h ? document.querySelector(h).shadowRoot : document).querySelectorAll('.deriv')[k]; return d.querySelector('.katex-html') || (d.textContent.trim() && !d.querySelector('.math:empty')); }, { h: host, k }, { timeout: 30_000 });
  }
  // the round trip's values are drawn when they come into view too
  const values = await page.evaluate((h) => { const g = (h ? document.querySelector(h).shadowRoot : document).querySelector('.values [data-grid="roundtrip"]'); return !!g && !g.closest('[hidden]'); }, host);
  if (values) {
    await page.evaluate((h) => (h ? document.querySelector(h).shadowRoot : document).querySelector('.values').scrollIntoView({ block: 'center' }), host);
    await page.waitForFunction((h) => { const g = (h ? document.querySelector(h).shadowRoot : document).querySelector('[data-grid="roundtrip"]'); return g.hidden || g.cellInfo(0); }, host, { timeout: 30_000 });
  }
  await page.evaluate(() => document.fonts.ready);
}
/** Waits until every <convt-lab> on the page has drawn. */
export function allReady(page) {
  return page.waitForFunction(() => [...document.querySelectorAll('convt-lab')].every((e) => e.shadowRoot?.querySelector('.cl[data-ready="true"]')), null, { timeout: 30_000 });
}

/** Sizes, verdict, alert and mode through the test hooks; `host` is a CSS selector of a <convt-lab>, or null for the page. */
export function readHooks(page, host = null) {
  return page.evaluate((h) => {
    const scope = h ? document.querySelector(h).shadowRoot : document;
    const grid = (n) => { const g = scope.querySelector(`[data-grid="${n}"]`); return g && !g.closest('[hidden]') ? [Number(g.dataset.rows), Number(g.dataset.cols)] : null; };
    // the verdict: the strip every lab shows first (data-verdict: ok, fail or undefined)
    const v = scope.querySelector('.verdict-strip');
    const alert = scope.querySelector('[role="alert"]');
    return {
      input: grid('input'), kernel: grid('kernel'), stuffed: grid('stuffed'), output: grid('output'),
      ok: v ? String(v.dataset.verdict === 'ok') : null, verdict: v ? v.dataset.verdict : null, alert: alert && !alert.hidden ? alert.textContent.trim() : '',
      mode: scope.querySelector('.cl')?.dataset.mode ?? null,
    };
  }, host);
}

// ---- the grids (drawn on canvases; each [data-grid] element answers cellInfo(i) and marked()) ----
/** `host`: a CSS selector of a <convt-lab>, or null for the page's own lab. */
/** Highlights of one grid, as { index: 'sel' | 'hl' | 'hl-zero' }. */
export const marks = (page, grid, host = null) => page.evaluate(({ grid, host }) => {
  const scope = host ? document.querySelector(host).shadowRoot : document;
  return scope.querySelector(`[data-grid="${grid}"]`).marked();
}, { grid, host });

/** What every cell of a grid shows: [{ text, value, kind, mark, tap, blank }], in row-major order. */
export const cells = (page, grid, host = null) => page.evaluate(({ grid, host }) => {
  const scope = host ? document.querySelector(host).shadowRoot : document;
  const g = scope.querySelector(`[data-grid="${grid}"]`);
  const n = Number(g.dataset.rows) * Number(g.dataset.cols);
  return Array.from({ length: n }, (_, i) => g.cellInfo(i));
}, { grid, host });

/** The viewport point at the centre of cell i of a grid (scrolled into view first). */
export async function cellPoint(page, grid, i, host = null) {
  return page.evaluate(({ grid, i, host }) => {
    const scope = host ? document.querySelector(host).shadowRoot : document;
    const g = scope.querySelector(`[data-grid="${grid}"]`);
    const cols = Number(g.dataset.cols), cell = Number(g.dataset.cell);
    const at = () => { const r = g.getBoundingClientRect(); return { x: r.left + ((i % cols) + 0.5) * cell, y: r.top + (Math.floor(i / cols) + 0.5) * cell }; };
    // bring the cell into view: first in every scrolling box around the grid, then in the window
    for (let e = g.parentElement || g.getRootNode().host; e; e = e.parentElement || e.getRootNode().host) {
      const cs = getComputedStyle(e);
      if (!/(auto|scroll)/.test(cs.overflowX + cs.overflowY)) continue;
      const r = e.getBoundingClientRect(), p = at();
      if (p.y < r.top + 4 || p.y > r.top + e.clientHeight - 4) e.scrollTop += p.y - (r.top + e.clientHeight / 2);
      if (p.x < r.left + 4 || p.x > r.left + e.clientWidth - 4) e.scrollLeft += p.x - (r.left + e.clientWidth / 2);
    }
    let p = at(), scrolled = false;
    if (p.y < 10 || p.y > innerHeight - 10 || p.x < 0 || p.x > innerWidth) { window.scrollBy(p.x < 0 || p.x > innerWidth ? p.x - innerWidth / 2 : 0, p.y - innerHeight / 2); p = at(); scrolled = true; }
    return { ...p, scrolled };
  }, { grid, i, host });
}
/**
 * Where to point at cell i; after a scroll, wait until the browser's own pointer events for the
 * scroll (it re-targets the mouse when a scroll ends) are done, so they cannot land after ours.
 */
async function settledPoint(page, grid, i, host) {
  let p = await cellPoint(page, grid, i, host);
  if (p.scrolled) { await page.waitForTimeout(250); p = await cellPoint(page, grid, i, host); }
  return p;
}
/** A real pointer move onto cell i. */
export async function hoverCell(page, grid, i, host = null) {
  const p = await settledPoint(page, grid, i, host);
  await page.mouse.move(p.x, p.y);
}
/** A real click on cell i (focuses the grid, moves its cursor there; on input and kernel opens the editor). */
export async function clickCell(page, grid, i, host = null) {
  const p = await settledPoint(page, grid, i, host);
  await page.mouse.click(p.x, p.y);
}

/** Screenshots for people to look at are taken only when asked for: CONVT_SCREENSHOTS=1 (`npm run screenshots`). */
export const SCREENSHOTS = process.env.CONVT_SCREENSHOTS === '1';
/** A screenshot of a page (full page by default) or a locator, into tests/out/ (gitignored). */
export async function screenshot(target, name, opts = {}) {
  await mkdir(OUT, { recursive: true });
  const full = typeof target.goto === 'function' ? { fullPage: true } : {};
  await target.screenshot({ path: join(OUT, name), ...full, ...opts });
}

// ---- the oracle ------------------------------------------------------------------------------------
/** The WASM core in Node, through the public API: what a lab must draw for its parameters. */
export async function loadCore() {
  return (await import(pathToFileURL(join(ROOT, 'web', 'lib', 'core.js')).href)).loadCore();
}
/** explain() arguments from a lab's parameters in URL/attribute form ({ size: '4x6', ... }). */
export function explainArgsOf(p) {
  const pair = (text) => { const m = /^(\d+)(?:x(\d+))?$/.exec(text); return [Number(m[1]), Number(m[2] ?? m[1])]; };
  const padding = /^(same|valid)$/.test(p.padding) ? p.padding : pair(p.padding);
  return { mode: p.mode, size: pair(p.size), kernelSize: pair(p.kernel_size), stride: pair(p.stride), padding, paddingMode: p.padding_mode || 'zeros', dilation: pair(p.dilation), outputPadding: pair(p.output_padding) };
}

// ---- expectations from PyTorch's fixture (shape_cases.json) and the rules of docs/design.md --------
export function loadCases() {
  return JSON.parse(readFileSync(join(ROOT, 'tests', 'fixtures', 'shape_cases.json'), 'utf8')).cases;
}
const eq = (a, b) => a && b && a[0] === b[0] && a[1] === b[1];
export const pairText = ([h, w]) => (h === w ? `${h}` : `${h}x${w}`);
export function caseQuery(c, mode) {
  return `mode=${mode}&size=${pairText(c.size)}&kernel_size=${pairText(c.kernelSize)}&stride=${pairText(c.stride)}` +
    `&padding=${pairText(c.padding)}&dilation=${pairText(c.dilation)}&output_padding=${pairText(c.outputPadding)}`;
}

/**
 * What the page must show for case c in mode: null when PyTorch refuses the layer (alert expected),
 * else { input, kernel, stuffed, output, ok, tooBig }. Output sizes and round trips come from
 * PyTorch; the stuffed grid's size from docs/design.md: conv: I+2p; convT: the stride-1 conv input, O' + d(k-1).
 */
export function expected(c, mode) {
  const r = mode === 'conv' ? c.conv : c.convT;
  if (r.error) return null;
  const stuffed = [0, 1].map((j) => (mode === 'conv' ? c.size[j] + 2 * c.padding[j] : r.out[j] + c.dilation[j] * (c.kernelSize[j] - 1)));
  const trip = mode === 'conv' ? c.convThenConvT : c.convTThenConv;
  const ok = !trip.error && eq(trip.back, c.size);
  const cells = Math.max(c.size[0] * c.size[1], stuffed[0] * stuffed[1], r.out[0] * r.out[1]);
  return { input: c.size, kernel: c.kernelSize, stuffed, output: r.out, ok: String(ok), tooBig: cells > MAX_DRAWN_CELLS };
}

/** The rule for the verdict (docs/design.md, "Shape round trips"), independent of PyTorch (a second opinion). */
export function ruleVerdict(c, mode) {
  const ax = [0, 1].map((j) => {
    const [I, k, s, p, d, a] = [c.size[j], c.kernelSize[j], c.stride[j], c.padding[j], c.dilation[j], c.outputPadding[j]];
    if (!(a < s || a < d)) return false; // the ConvT step itself is refused
    if (mode === 'conv') return a === (I + 2 * p - d * (k - 1) - 1) % s;
    return a < s;
  });
  return String(ax[0] && ax[1]);
}

/**
 * Every element in the document and in every open shadow root that could run script or load
 * something (script, iframe, object, img, svg, link, meta, style ... an on* attribute or a
 * javascript:/data: URL), except the page's own head and body scripts and the element's own style.
 */
export function scanForMarkup(page) {
  return page.evaluate(() => {
    const found = [];
    const BAD = new Set(['SCRIPT', 'IFRAME', 'OBJECT', 'EMBED', 'IMG', 'SVG', 'IMAGE', 'LINK', 'META', 'BASE', 'FRAME', 'AUDIO', 'VIDEO', 'FORM', 'TEMPLATE', 'STYLE']);
    const walk = (root, inShadow) => {
      for (const el of root.querySelectorAll('*')) {
        const tag = el.tagName.toUpperCase();
        const own = (!inShadow && (el.closest('head') || (tag === 'SCRIPT' && el.parentNode === document.body))) || (inShadow && tag === 'STYLE' && el.parentNode === root) || (tag === 'FORM' && el.classList.contains('controls'));
        if (own) continue;
        if (BAD.has(tag)) found.push(`<${tag.toLowerCase()}>`);
        for (const a of el.attributes) {
          if (/^on/i.test(a.name)) found.push(`${tag.toLowerCase()}[${a.name}]`);
          if (/^\s*(javascript|data|vbscript):/i.test(a.value) && /^(href|src|action|formaction|xlink:href|srcdoc)$/i.test(a.name)) found.push(`${tag.toLowerCase()}[${a.name}=${a.value.slice(0, 20)}]`);
        }
        if (el.shadowRoot) walk(el.shadowRoot, true);
      }
    };
    walk(document, false);
    return found;
  });
}

/**
 * What a host page needs for <script src="convt-lab.js">: its own script origin and WASM, no style-src
 * or connect-src at all; img-src data: blob: for pictures the user opens and the figures it saves
 * (csp.test.mjs, export.test.mjs). No worker: the image view computes on the main thread
 * (worker.test.mjs; EMBED_WORKER_POLICY lets it start its worker).
 */
export const EMBED_POLICY = "default-src 'none'; img-src data: blob:; base-uri 'none'; form-action 'none'; object-src 'none'; " +
  "require-trusted-types-for 'script'; trusted-types 'none'; script-src 'self' 'wasm-unsafe-eval'; style-src 'none'";
/** EMBED_POLICY with the two changes docs/page.md, "Content-Security-Policy", gives for the image view's worker. */
export const EMBED_WORKER_POLICY = EMBED_POLICY.replace("trusted-types 'none'", 'trusted-types convt-lab') + '; worker-src blob:';

/**
 * Drops an n x n photo-like picture (gradients, a disc, noise; lossless PNG) on the image view of the
 * page (host null) or of the <convt-lab> `host` (a selector), as a user's drag and drop does.
 */
export function dropPhoto(page, host, n = 512) {
  return page.evaluate(async ({ host, n }) => {
    const scope = host ? document.querySelector(host).shadowRoot : document;
    const cv = document.createElement('canvas'); cv.width = n; cv.height = n;
    const g = cv.getContext('2d'), img = g.createImageData(n, n);
    for (let y = 0; y < n; y++) for (let x = 0; x < n; x++) {
      const i = 4 * (y * n + x), disc = (x - n / 3) ** 2 + (y - n / 2) ** 2 < (n / 5) ** 2;
      img.data[i] = disc ? 240 : (x * 255) / n; img.data[i + 1] = (y * 255) / n; img.data[i + 2] = (x * 7919 + y * 104729) % 256; img.data[i + 3] = 255;
    }
    g.putImageData(img, 0, 0);
    const blob = await new Promise((r) => cv.toBlob(r, 'image/png'));
    const dt = new DataTransfer(); dt.items.add(new File([blob], 'photo.png', { type: 'image/png' }));
    scope.querySelector('[data-control="image-drop"]').dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
  }, { host, n });
}

/** The HTML head every generated test page starts with. */
export const HEAD = '<!doctype html><html lang="en"><meta charset="utf-8"><link rel="icon" href="data:,"><title>test</title>';
