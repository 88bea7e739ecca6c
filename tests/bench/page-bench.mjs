// The page's speed, as a user feels it (`npm run bench` runs this after the core's table; not part of
// the tests). Main-thread work per interaction on one <convt-lab>, measured by Chromium itself:
// CDP Performance.getMetrics TaskDuration (every task on the page's main thread: script, style,
// layout, paint) before and after an interaction that ends with two animation frames (so the
// redraw it caused is included), minus the same for a no-op interaction. Medians of 8 rounds
// (after 2 warm-up rounds), interleaved with the no-op. Also the same for an attribute change on
// 24 instances at once. Prints a table and writes tests/out/page-bench.json.
//
// The image view's rows end when the new picture is drawn (in the worker's case after its reply,
// so the drawing of the reply is counted too) and also give the latency: wall time from the change
// to the picture drawn. Each picture size is measured with every picture computed in the worker
// (`customElements.get('convt-lab').imageWorker = 'always'`; for 512x512 that is what the lab's
// rule does anyway) and with the worker switched off (`= false`: the main thread, as where no
// worker can start).
//
//   node tests/bench/page-bench.mjs [--rounds=8] [--only=WORD] [--pictures=512,256] [--compare=DIR]
//   (--only: the rows whose name contains WORD; --pictures: the image rows' picture sizes;
//   --compare: another build of the site, e.g. of an earlier commit: every row is measured on both,
//   in turns (this build, the other, this, the other), and the table gives both and their ratio)
import { chromium } from 'playwright-core';
import { createServer } from 'node:http';
import { readFile, mkdir, writeFile } from 'node:fs/promises';
import { join, dirname, extname, normalize, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MAX_USER_SIDE } from '../../web/src/views/image.js';
import { dropPhoto } from '../browser/support.mjs';
import { DEEP_AUTOENCODER, DEEP_AUTOENCODER_INPUT } from './deep-autoencoder.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const DIST = join(ROOT, 'web', 'dist');
const OUT = join(ROOT, 'tests', 'out');
const ROUNDS = Number(/--rounds=(\d+)/.exec(process.argv.join(' '))?.[1] ?? 8);
const WARMUP = 2;
const ONLY = /--only=(\S+)/.exec(process.argv.join(' '))?.[1] ?? null;
const PICTURES = (/--pictures=([\d,]+)/.exec(process.argv.join(' '))?.[1] ?? '512').split(',').map(Number);
const COMPARE = /--compare=(\S+)/.exec(process.argv.join(' '))?.[1] ?? null;

const HEAD = '<!doctype html><html lang="en"><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><link rel="icon" href="data:,"><title>bench</title>';
// the lab in a 1200 px column: the strip on the right is where the no-op mouse moves go
const one = (attrs) => `${HEAD}<body style="margin:0"><div style="max-width:1200px"><convt-lab id="lab" ${attrs}></convt-lab></div><script src="/convt-lab.js"></script>`;
// the lab as a host page embeds it: a plain page of text with the lab in its 1280 px column
const hosted = (attrs) => `${HEAD}<body><main style="max-width:1280px;margin:0 auto"><h1>Transposed convolution</h1>` +
  `<p>${'The decoder upsamples with the same kernel, stride and padding as the encoder. '.repeat(6)}</p>` +
  `<convt-lab id="lab" ${attrs}></convt-lab><p>${'Why does the size come back? '.repeat(12)}</p></main><script src="/convt-lab.js"></script>`;
const many = () => `${HEAD}<body style="max-width:1100px">${Array.from({ length: 24 }, (_, i) => {
  const mode = i % 2 ? 'conv' : 'convT';
  const view = ['sizes', 'matrix', 'overlap', 'polyphase', 'sizes', 'sizes'][i % 6];
  return `<convt-lab mode="${mode}" size="${3 + (i % 6)}" kernel_size="${2 + (i % 3)}" stride="${1 + (i % 3)}" padding="${i % 2}" view="${view}"></convt-lab>`;
}).join('')}<script src="/convt-lab.js"></script>`;

// The rows of the page-speed table: an attribute change toggling `size` between two values, and a
// hover on an output cell, each on one lab with the given layer; goals in ms of main-thread work.
const ROWS = [
  { name: 'size 15<->16, conv k3 s1 p1', attrs: 'mode="conv" kernel_size="3" stride="1" padding="1" size="15"', toggle: ['size', '15', '16'], goal: 16 },
  { name: 'size 15<->16, convT k3 s2 p1', attrs: 'mode="convT" kernel_size="3" stride="2" padding="1" size="15"', toggle: ['size', '15', '16'], goal: 16 },
  { name: 'size 63<->64, conv k3 s1 p1', attrs: 'mode="conv" kernel_size="3" stride="1" padding="1" size="63"', toggle: ['size', '63', '64'], goal: 50 },
  { name: 'size 63<->64, convT k3 s2 p1', attrs: 'mode="convT" kernel_size="3" stride="2" padding="1" size="63"', toggle: ['size', '63', '64'], goal: 50 },
  { name: 'host page 1280x1000, size 15<->16, conv k3 s1 p1', host: true, attrs: 'mode="conv" kernel_size="3" stride="1" padding="1" size="15"', toggle: ['size', '15', '16'], goal: 16 },
  { name: 'host page 1280x1000, size 15<->16, convT k3 s2 p1', host: true, attrs: 'mode="convT" kernel_size="3" stride="2" padding="1" size="15"', toggle: ['size', '15', '16'], goal: 16 },
  { name: 'hover output cell, 16x16 convT k3 s2 p1', attrs: 'mode="convT" kernel_size="3" stride="2" padding="1" size="16"', hover: true, goal: 8 },
  { name: 'hover output cell, 64x64 conv k3 s1 p1', attrs: 'mode="conv" kernel_size="3" stride="1" padding="1" size="64"', hover: true, goal: 25 },
  // the network view: a key typed into a 30-layer model, which is read, planned, paired and mirrored
  // again; a space (then a backspace) at the end of its first line changes no size
  { name: 'network: a space typed in a 30-layer model', attrs: `view="network" net_input="${DEEP_AUTOENCODER_INPUT.join(',')}"`, net: DEEP_AUTOENCODER, layers: 30, typing: 'space', goal: 16 },
  // ... and a kernel size typed over (3 <-> 5 in the first Conv2d): every size after it changes
  { name: 'network: a kernel typed in a 30-layer model', attrs: `view="network" net_input="${DEEP_AUTOENCODER_INPUT.join(',')}"`, net: DEEP_AUTOENCODER, layers: 30, typing: 'kernel', goal: 16 },
  // the image view with an n x n photo (RGB, depthwise): ConvT k3 p1 output (2n-1)^2 or n^2; in the worker and on the main thread
  ...PICTURES.flatMap((n) => [true, false].map((worker) => ({
    name: `image ${n}x${n} photo, stride 1<->2 convT, ${worker ? 'worker' : 'main thread'}`,
    attrs: 'view="image" mode="convT" kernel_size="3" stride="1" padding="1" size="8"', picture: n, worker, toggle: ['stride', '1', '2'], goal: 50,
  }))),
];

function serve(pages, dist = DIST) {
  const server = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    if (pages[path]) { res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }); res.end(pages[path]); return; }
    const file = normalize(join(dist, path));
    if (!file.startsWith(dist)) { res.writeHead(403); res.end(); return; }
    try { const body = await readFile(file); res.writeHead(200, { 'content-type': extname(file) === '.js' ? 'text/javascript' : 'text/html' }); res.end(body); } catch { res.writeHead(404); res.end(); }
  });
  return new Promise((r) => server.listen(0, '127.0.0.1', () => r({ url: `http://127.0.0.1:${server.address().port}`, close: () => { server.closeAllConnections(); server.close(); } })));
}

const median = (a) => { const s = [...a].sort((x, y) => x - y); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };
const quartiles = (a) => { const s = [...a].sort((x, y) => x - y); const q = (f) => s[Math.min(s.length - 1, Math.floor(f * (s.length - 1) + 0.5))]; return [q(0.25), q(0.75)]; };

/** The parts of main-thread time Chromium reports besides the total (for reading where the time goes). */
const PARTS = ['ScriptDuration', 'RecalcStyleDuration', 'LayoutDuration'];
const metrics = async (cdp) => Object.fromEntries((await cdp.send('Performance.getMetrics')).metrics.filter((m) => m.name === 'TaskDuration' || PARTS.includes(m.name)).map((m) => [m.name, m.value]));
const twoFrames = () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
/** Main-thread busy time (ms) of `action` (run from Node), two animation frames after it included; `parts` collects the split. */
async function busy(cdp, page, action, parts = null) {
  const m0 = await metrics(cdp);
  await action();
  await page.evaluate(twoFrames);
  const m1 = await metrics(cdp);
  if (parts) for (const k of PARTS) (parts[k] ||= []).push((m1[k] - m0[k]) * 1000);
  return (m1.TaskDuration - m0.TaskDuration) * 1000;
}

// Interactions, run in the page.
const setAttr = ([name, value]) => { document.getElementById('lab').setAttribute(name, value); };
/**
 * The same, on the image view: resolves (with the latency in ms) when the picture for the new
 * parameters is drawn; the lab applies attributes in a microtask, so the view says it is pending
 * (the worker computes) or has drawn (the main thread did) by the time this continues.
 */
const setAttrDrawn = async ([name, value]) => {
  const t0 = performance.now();
  document.getElementById('lab').setAttribute(name, value);
  await null;
  const view = document.getElementById('lab').shadowRoot.querySelector('[data-view="image"]');
  if (view.dataset.imagePending === 'true') {
    await new Promise((resolve) => {
      const seen = new MutationObserver(() => { if (view.dataset.imagePending !== 'true') { seen.disconnect(); resolve(); } });
      seen.observe(view, { attributes: true, attributeFilter: ['data-image-pending'] });
    });
  }
  return performance.now() - t0;
};
const setAll = ([name, a, b]) => { for (const e of document.querySelectorAll('convt-lab')) e.setAttribute(name, e.getAttribute(name) === a ? b : a); };
const nothing = () => {};

/**
 * The centre of output cell i in viewport coordinates, whatever draws the grid (the element carries
 * data-rows/cols), scrolled into view first when it is off-screen (outside any measurement).
 */
const cellCentre = (page, i) => page.evaluate((i) => {
  const g = document.getElementById('lab').shadowRoot.querySelector('[data-grid="output"]');
  const at = () => {
    const r = g.getBoundingClientRect(), rows = Number(g.dataset.rows), cols = Number(g.dataset.cols);
    return { x: r.left + ((i % cols) + 0.5) * (r.width / cols), y: r.top + (Math.floor(i / cols) + 0.5) * (r.height / rows) };
  };
  const p = at();
  if (p.y < 20 || p.y > innerHeight - 20) window.scrollBy(0, p.y - innerHeight / 2);
  return at();
}, i);

/**
 * Scrolls to the bottom of the page and back, as a student who has read the page once: every part
 * the lab draws only when it is on screen (the derivations, the round trip's grid) is then drawn.
 * Without it a row measured whichever state the page loaded in: those parts start drawn, and stay
 * empty only if Chromium reported them off screen before the core was ready, which depends on how
 * fast the page loads (a 16x16 size change measured 15 ms in one state and 19 ms in the other).
 */
async function readThrough(page) {
  await page.evaluate(async () => {
    const frames = (n) => new Promise((r) => { const f = () => (--n ? requestAnimationFrame(f) : r()); requestAnimationFrame(f); });
    window.scrollTo(0, document.documentElement.scrollHeight);
    await frames(3);
    window.scrollTo(0, 0);
    await frames(3);
  });
}

/** Drops a size x size photo-like picture on the lab's image view and waits for it to be drawn. */
async function dropPicture(page, size) {
  await dropPhoto(page, '#lab', size);
  // drawn: the view shows the picture (at most MAX_USER_SIDE on its longer side) and its output
  await page.waitForFunction((n) => {
    const view = document.getElementById('lab').shadowRoot.querySelector('[data-view="image"]');
    return view?.dataset.inputRows === String(n) && view.dataset.imagePending === 'false';
  }, Math.min(size, MAX_USER_SIDE), { timeout: 60_000 });
}

async function measureRow(browser, server, row) {
  const context = await browser.newContext({ viewport: row.host ? { width: 1280, height: 1000 } : { width: 1280, height: 900 } });
  try {
    const page = await context.newPage();
    await page.goto(`${server.url}/one.html`);
    await page.waitForFunction(() => document.getElementById('lab')?.shadowRoot?.querySelector('.cl[data-ready="true"]'));
    await readThrough(page);
    if (row.picture) {
      await page.evaluate((on) => { customElements.get('convt-lab').imageWorker = on ? 'always' : false; }, row.worker);
      await dropPicture(page, row.picture);
    }
    if (row.net) {
      // the model, then the caret at the end of the code's first line
      await page.evaluate((text) => document.getElementById('lab').setAttribute('net', text), row.net);
      await page.waitForFunction((n) => document.getElementById('lab').shadowRoot.querySelector('[data-view="network"]')?.dataset.layers === String(n), row.layers);
      await page.evaluate(() => {
        const code = document.getElementById('lab').shadowRoot.querySelector('[data-control="net-code"]');
        code.focus();
        code.setSelectionRange(code.value.indexOf('\n'), code.value.indexOf('\n'));
      });
    }
    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable', { timeDomain: 'threadTicks' });
    const refused = await page.evaluate(() => document.getElementById('lab').shadowRoot.querySelector('[role="alert"]')?.textContent.trim() || '');
    if (refused) return { row: row.name, refused: refused.slice(0, 100), goal: row.goal };
    const work = [], idle = [], parts = {}, latency = [], where = new Set();
    if (row.hover) {
      // a real mouse move (CDP input) onto an output cell; the no-op is the same move outside the lab
      await page.evaluate(() => document.getElementById('lab').shadowRoot.querySelector('[data-grid="output"]').scrollIntoView({ block: 'center' }));
      const cells = await page.evaluate(() => { const g = document.getElementById('lab').shadowRoot.querySelector('[data-grid="output"]'); return Number(g.dataset.rows) * Number(g.dataset.cols); });
      const away = { x: 1260, y: 10 };
      await page.mouse.move(away.x, away.y);
      for (let k = 0; k < WARMUP + ROUNDS; k++) {
        const c = await cellCentre(page, (k * 7 + 3) % cells);
        await page.evaluate(twoFrames);
        const w = await busy(cdp, page, () => page.mouse.move(c.x, c.y), k >= WARMUP ? parts : null);
        await page.mouse.move(away.x, away.y);
        await page.evaluate(twoFrames);
        const n = await busy(cdp, page, () => page.mouse.move(away.x, away.y + 1 + (k % 2)));
        if (k >= WARMUP) { work.push(w); idle.push(n); }
      }
    } else if (row.typing) {
      // real key presses (CDP input); the no-op is a call that changes nothing. For the kernel, the
      // digit is selected first (outside the measurement), then typed over
      const selectKernel = () => {
        const code = document.getElementById('lab').shadowRoot.querySelector('[data-control="net-code"]');
        const at = code.value.indexOf('nn.Conv2d(8, 16, ') + 'nn.Conv2d(8, 16, '.length;
        code.setSelectionRange(at, at + 1);
      };
      for (let k = 0; k < WARMUP + ROUNDS; k++) {
        if (row.typing === 'kernel') await page.evaluate(selectKernel);
        const key = row.typing === 'kernel' ? (k % 2 ? '3' : '5') : k % 2 ? 'Backspace' : 'Space';
        const w = await busy(cdp, page, () => page.keyboard.press(key), k >= WARMUP ? parts : null);
        const n = await busy(cdp, page, () => page.evaluate(nothing));
        if (k >= WARMUP) { work.push(w); idle.push(n); }
      }
    } else {
      const [name, a, b] = row.toggle;
      for (let k = 0; k < WARMUP + ROUNDS; k++) {
        let ms = null;
        const change = row.picture ? async () => { ms = await page.evaluate(setAttrDrawn, [name, k % 2 ? a : b]); } : () => page.evaluate(setAttr, [name, k % 2 ? a : b]);
        const w = await busy(cdp, page, change, k >= WARMUP ? parts : null);
        const n = await busy(cdp, page, () => page.evaluate(nothing));
        if (k >= WARMUP) { work.push(w); idle.push(n); if (ms != null) latency.push(ms); }
        if (row.picture) where.add(await page.evaluate(() => document.getElementById('lab').shadowRoot.querySelector('[data-view="image"]').dataset.imageWorker));
      }
    }
    // an image row measures what it says: every picture computed where the row's name says
    if (row.picture && (where.size !== 1 || !where.has(String(row.worker)))) throw new Error(`${row.name}: computed in the worker: ${[...where]}`);
    const diffs = work.map((w, k) => w - idle[k]);
    return { row: row.name, diffs, idle, parts, latency, ...summary(diffs, idle, parts, latency), goal: row.goal };
  } finally { await context.close(); }
}

/** Medians of one row's samples. */
function summary(diffs, idle, parts, latency) {
  return { medianMs: median(diffs), spread: quartiles(diffs), noopMs: median(idle),
    scriptMs: median(parts.ScriptDuration), styleMs: median(parts.RecalcStyleDuration), layoutMs: median(parts.LayoutDuration),
    latencyMs: latency.length ? median(latency) : null };
}
/** One row measured in several turns, as one: all samples together. */
function mergeRuns(list) {
  if (list.some((r) => r.refused)) return list.find((r) => r.refused);
  const cat = (k) => list.flatMap((r) => r[k]);
  const parts = Object.fromEntries(PARTS.map((k) => [k, list.flatMap((r) => r.parts[k])]));
  const [diffs, idle, latency] = [cat('diffs'), cat('idle'), cat('latency')];
  return { ...list[0], diffs, idle, parts, latency, ...summary(diffs, idle, parts, latency) };
}

async function measureMany(browser, server) {
  const context = await browser.newContext({ viewport: { width: 1200, height: 900 } });
  try {
    const page = await context.newPage();
    await page.goto(`${server.url}/many.html`);
    await page.waitForFunction(() => [...document.querySelectorAll('convt-lab')].every((e) => e.shadowRoot?.querySelector('.cl[data-ready="true"]')));
    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable', { timeDomain: 'threadTicks' });
    const diffs = [];
    for (let k = 0; k < WARMUP + ROUNDS; k++) {
      const w = await busy(cdp, page, () => page.evaluate(setAll, ['stride', '2', '3']));
      const n = await busy(cdp, page, () => page.evaluate(nothing));
      if (k >= WARMUP) diffs.push(w - n);
    }
    return { row: 'stride on 24 instances at once', medianMs: median(diffs), spread: quartiles(diffs), goal: null };
  } finally { await context.close(); }
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});
const servers = [];
try {
  const results = [];
  const dists = COMPARE ? [DIST, resolve(COMPARE)] : [DIST];
  for (const row of ROWS.filter((r) => !ONLY || r.name.includes(ONLY))) {
    // with --compare, two turns on each build, alternating, so both meet the same load
    const runs = dists.map(() => []);
    for (let turn = 0; turn < (COMPARE ? 2 : 1); turn++) {
      for (let b = 0; b < dists.length; b++) {
        const server = await serve({ '/one.html': (row.host ? hosted : one)(row.attrs) }, dists[b]);
        servers.push(server);
        runs[b].push(await measureRow(browser, server, row));
      }
    }
    const merged = runs.map((list) => (list.length === 1 ? list[0] : mergeRuns(list)));
    results.push(COMPARE ? { ...merged[0], other: merged[1] } : merged[0]);
  }
  if (!ONLY) {
    const server = await serve({ '/many.html': many() });
    servers.push(server);
    results.push(await measureMany(browser, server));
  }

  const pad = (s, n) => String(s).padEnd(n);
  const lines = [
    `Page: main-thread work per interaction on one <convt-lab> (Chromium TaskDuration, no-op subtracted, median of ${ROUNDS})`,
    `${pad('interaction', 56)}${pad('median ms', 11)}${pad('p25-p75 ms', 15)}${pad('goal ms', 9)}${pad('met', 5)}${pad('script/style/layout ms', 24)}latency ms`,
    `${'-'.repeat(55)} ${'-'.repeat(10)} ${'-'.repeat(14)} ${'-'.repeat(8)} ${'-'.repeat(4)} ${'-'.repeat(23)} ${'-'.repeat(10)}`,
  ];
  for (const r of results) {
    if (r.refused) { lines.push(`${pad(r.row, 56)}${pad('refused', 11)}${pad('', 15)}${pad(r.goal ?? '', 9)}no   (${r.refused})`); continue; }
    const met = r.goal == null ? '' : r.medianMs <= r.goal ? 'yes' : 'NO';
    const split = r.scriptMs == null ? '' : `${r.scriptMs.toFixed(1)} / ${r.styleMs.toFixed(1)} / ${r.layoutMs.toFixed(1)}`;
    const vs = r.other && !r.other.refused ? `   ${COMPARE}: ${r.other.medianMs.toFixed(1)} ms, this / that ${(r.medianMs / r.other.medianMs).toFixed(2)}x` : '';
    lines.push(`${pad(r.row, 56)}${pad(r.medianMs.toFixed(1), 11)}${pad(`${r.spread[0].toFixed(1)}-${r.spread[1].toFixed(1)}`, 15)}${pad(r.goal ?? '', 9)}${pad(met, 5)}${pad(split, 24)}${pad(r.latencyMs == null ? '' : r.latencyMs.toFixed(1), 11)}${vs}`);
  }
  console.log(lines.join('\n'));
  await mkdir(OUT, { recursive: true });
  await writeFile(join(OUT, 'page-bench.json'), JSON.stringify({ date: new Date().toISOString(), rounds: ROUNDS, results }, null, 2));
} finally {
  await browser.close();
  for (const s of servers) s.close();
}
