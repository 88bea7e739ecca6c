// Shared helpers for the browser tests: Debian's Chromium via playwright-core, a tiny static
// server for web/dist (plus generated test pages), and collectors that fail a test on any
// console error, uncaught exception or network request that is not local.
import { chromium } from 'playwright-core';
import { createServer } from 'node:http';
import { readFile, mkdir } from 'node:fs/promises';
import { existsSync, readFileSync } from 'node:fs';
import { join, dirname, extname, normalize } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const DIST = join(ROOT, 'web', 'dist');
export const OUT = join(ROOT, 'tests', 'out');
export const distUrl = (file, query = '') => `${pathToFileURL(join(DIST, file)).href}${query ? `?${query}` : ''}`;

if (!existsSync(join(DIST, 'index.html')) || !existsSync(join(DIST, 'convt-lab.js'))) {
  throw new Error('web/dist is not built: run `node web/build.mjs` first (npm run build).');
}

export function loadCases() {
  return JSON.parse(readFileSync(join(ROOT, 'tests', 'fixtures', 'shape_cases.json'), 'utf8')).cases;
}

export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css', '.png': 'image/png' };

/** Serves web/dist at / and the given extra pages (path -> html) ; returns { url, close }. */
export async function serve(pages = {}) {
  const server = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    if (pages[path]) { res.writeHead(200, { 'content-type': TYPES['.html'] }); res.end(pages[path]); return; }
    const file = normalize(join(DIST, path === '/' ? 'index.html' : path));
    if (!file.startsWith(DIST)) { res.writeHead(403); res.end(); return; }
    try {
      const body = await readFile(file);
      res.writeHead(200, { 'content-type': TYPES[extname(file)] || 'application/octet-stream' });
      res.end(body);
    } catch { res.writeHead(404); res.end('not found'); }
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${server.address().port}`;
  return { url, close: () => new Promise((r) => server.close(r)) };
}

/**
 * A new page that records problems: console errors, page errors, and every request that is
 * not file:, data:, blob: or to `allowedOrigin`.
 */
export async function watchedPage(browser, { width = 1280, height = 900, colorScheme = 'light', allowedOrigin = null } = {}) {
  const context = await browser.newContext({ viewport: { width, height }, colorScheme });
  const page = await context.newPage();
  const problems = [];
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console error: ${m.text()}`); });
  page.on('pageerror', (e) => problems.push(`uncaught: ${e.message}`));
  page.on('request', (r) => {
    const u = r.url();
    if (u.startsWith('file:') || u.startsWith('data:') || u.startsWith('blob:')) return;
    if (allowedOrigin && u.startsWith(allowedOrigin)) return;
    problems.push(`network request: ${u}`);
  });
  page.on('dialog', (d) => { problems.push(`dialog opened: ${d.message()}`); d.dismiss().catch(() => {}); });
  return { page, context, problems };
}

/** Wait until the lab inside `scope` (page or element handle path) has drawn. */
export async function ready(page, selector = '.cl[data-ready="true"]') {
  await page.locator(selector).first().waitFor({ state: 'attached', timeout: 15000 });
}

/** Sizes and verdict read through the documented test hooks; `root` is a CSS selector of a <convt-lab> or null for the page. */
export function readHooks(page, root = null) {
  return page.evaluate((rootSel) => {
    const scope = rootSel ? document.querySelector(rootSel).shadowRoot : document;
    const grid = (n) => { const g = scope.querySelector(`[data-grid="${n}"]`); return g && !g.closest('[hidden]') ? [Number(g.dataset.rows), Number(g.dataset.cols)] : null; };
    const v = scope.querySelector('[data-check="inversion"]');
    const alert = scope.querySelector('[role="alert"]');
    return {
      input: grid('input'), kernel: grid('kernel'), stuffed: grid('stuffed'), output: grid('output'),
      ok: v ? v.dataset.ok : null, alert: alert ? alert.textContent.trim() : null,
      mode: scope.querySelector('.cl')?.dataset.mode ?? null,
    };
  }, root);
}

/** Highlight classes of the cells of one grid on the page, as { index: class } for highlighted cells. */
export const marks = (page, grid) => page.evaluate((g) => {
  const out = {};
  for (const c of document.querySelectorAll(`[data-grid="${g}"] .cell`)) {
    const k = ['sel', 'hl', 'hl-zero'].find((x) => c.classList.contains(x));
    if (k) out[c.dataset.i] = k;
  }
  return out;
}, grid);

export async function screenshot(page, name, opts = {}) {
  await mkdir(OUT, { recursive: true });
  await page.screenshot({ path: join(OUT, name), fullPage: true, ...opts });
}

// ---- expectations from PyTorch's fixture (shape_cases.json) and DESIGN.md's rules ----------
const eq = (a, b) => a && b && a[0] === b[0] && a[1] === b[1];
export const pairText = ([h, w]) => (h === w ? `${h}` : `${h}x${w}`);
export function caseQuery(c, mode) {
  return `mode=${mode}&size=${pairText(c.size)}&kernel_size=${pairText(c.kernelSize)}&stride=${pairText(c.stride)}` +
    `&padding=${pairText(c.padding)}&dilation=${pairText(c.dilation)}&output_padding=${pairText(c.outputPadding)}`;
}
/** The page draws at most this many cells per grid (web/src/model.js MAX_DRAWN_CELLS) and refuses more with an alert. */
export const MAX_DRAWN_CELLS = 4096;

/**
 * What the page must show for case c in mode: null when PyTorch refuses the layer (alert expected),
 * else { input, kernel, stuffed, output, ok }. Output sizes and round trips come from PyTorch; the
 * stuffed grid's size from DESIGN.md: conv: I+2p; convT: the stride-1 conv input, O' + d(k-1).
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

/** DESIGN.md's rule for the verdict, independent of PyTorch (used as a second opinion). */
export function ruleVerdict(c, mode) {
  const ax = [0, 1].map((j) => {
    const [I, k, s, p, d, a] = [c.size[j], c.kernelSize[j], c.stride[j], c.padding[j], c.dilation[j], c.outputPadding[j]];
    if (!(a < s || a < d)) return false; // the ConvT step itself is refused
    if (mode === 'conv') return a === (I + 2 * p - d * (k - 1) - 1) % s;
    return a < s;
  });
  return String(ax[0] && ax[1]);
}
