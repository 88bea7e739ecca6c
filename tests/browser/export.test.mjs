// Save figure (export.js, figure.js, gif.js): each button gives a real download (a blob: URL, a
// file name that states the parameters), checked as a teacher's tools would read it: the SVG
// parses as XML with the four grids, their cells, kinds, values and the page's highlight; the PNG
// decodes at twice the figure's size; the GIF decodes (omggif, not the encoder that wrote it) with
// one frame per output cell, loops, and its first frame lights the cells the page lights at its
// first step. All under the page's own Content-Security-Policy (file://) and the embed's.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import omggif from 'omggif';
import { test, browserSuite, distUrl, ready, allReady, cells, HEAD, EMBED_POLICY } from './support.mjs';
import { TAP_COLOURS, PALETTES, PATTERNS } from '../../web/src/draw/cell-style.js';
import { MAX_GIF_FRAMES, gifSteps } from '../../web/src/draw/gif.js';

const EMBED = `${HEAD}<convt-lab id="a" mode="convT" size="4" kernel_size="3" stride="2" padding="1"></convt-lab>` +
  '<convt-lab id="c" compact mode="conv" size="8" kernel_size="3" stride="2" padding="1"></convt-lab><script src="/convt-lab.js"></script>';
const suite = browserSuite({ pages: { '/embed.html': EMBED }, csp: (p) => (p === '/embed.html' ? EMBED_POLICY : null) });

/** Clicks an export button and returns the download: { name, url, bytes }. */
async function save(page, kind, host = '') {
  const [d] = await Promise.all([
    page.waitForEvent('download', { timeout: 90_000 }),
    page.locator(`${host} [data-export="${kind}"]`.trim()).click(),
  ]);
  return { name: d.suggestedFilename(), url: d.url(), bytes: await readFile(await d.path()) };
}

/**
 * Reads an SVG as XML in a blank page (the lab's own page enforces Trusted Types, under which
 * DOMParser is refused): parse errors, size, viewBox, and per grid its cells, kinds, texts and marks.
 */
async function readSvg(context, bytes) {
  const blank = await context.newPage();
  try {
    return await blank.evaluate((text) => {
      const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
      const root = doc.documentElement;
      const grids = {};
      for (const g of doc.querySelectorAll('g[data-grid]')) {
        const [, x, y] = /translate\(([\d.]+) ([\d.]+)\)/.exec(g.getAttribute('transform'));
        grids[g.dataset.grid] = {
          rows: Number(g.dataset.rows), cols: Number(g.dataset.cols), cell: Number(g.dataset.cell), x: Number(x), y: Number(y),
          cells: g.querySelectorAll('rect.cell').length,
          kinds: [...g.querySelectorAll('rect.cell')].map((r) => r.dataset.kind),
          texts: [...g.querySelectorAll('[data-role="values"] text')].map((t) => t.textContent),
          taps: Object.fromEntries([...g.querySelectorAll('[data-role="highlight"] rect[data-index]')].map((r) => [r.dataset.index, r.dataset.tap == null ? r.dataset.mark : Number(r.dataset.tap)])),
        };
      }
      return {
        error: doc.querySelector('parsererror')?.textContent ?? null, ns: root.namespaceURI, tag: root.tagName,
        width: Number(root.getAttribute('width')), height: Number(root.getAttribute('height')), viewBox: root.getAttribute('viewBox'),
        background: root.querySelector(':scope > rect')?.getAttribute('fill'), verdict: root.querySelector('[data-role="verdict"]')?.textContent,
        patterns: [...doc.querySelectorAll('defs pattern')].map((p) => p.id), grids,
      };
    }, bytes.toString('utf8'));
  } finally { await blank.close(); }
}

/** Decodes a picture in a blank page, as a browser would: its width and height. */
async function decodeImage(context, bytes, type) {
  const blank = await context.newPage();
  try {
    return await blank.evaluate(async ({ b64, type }) => {
      const bin = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
      const img = await createImageBitmap(new Blob([bin], { type }));
      return { width: img.width, height: img.height };
    }, { b64: bytes.toString('base64'), type });
  } finally { await blank.close(); }
}

const rgb = (hex) => [1, 3, 5].map((k) => parseInt(hex.slice(k, k + 2), 16));
const dist = (a, b) => Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]);
/** The page's highlight of a grid as the figure writes it: cell -> tap index, or the mark when no tap colours it. */
const pageMarks = (list) => Object.fromEntries(list.flatMap((c, i) => (c.mark ? [[String(i), c.tap ?? c.mark]] : [])));

test('SVG: valid XML with a viewBox, the four grids with their cells, kinds, values and the page\'s highlight; no CSP violation', async (t) => {
  const { page, context, problems } = await suite.open(t, distUrl('index.html', 'mode=convT&size=4&kernel_size=3&stride=2&padding=1'), { trap: true, allow: [distUrl('index.html'), 'blob:'] });
  await ready(page);
  const d = await save(page, 'svg');
  assert.equal(d.name, 'convT_4x4_k3_s2_p1.svg');
  assert.match(d.url, /^blob:/);
  const svg = await readSvg(context, d.bytes);
  assert.equal(svg.error, null, 'parses as XML');
  assert.equal(svg.ns, 'http://www.w3.org/2000/svg');
  assert.equal(svg.viewBox, `0 0 ${svg.width} ${svg.height}`);
  assert.equal(svg.background, PALETTES.light.bg, 'light theme');
  assert.deepEqual(Object.keys(svg.grids), ['input', 'flipped', 'stuffed', 'output']);
  for (const name of ['input', 'flipped', 'stuffed', 'output']) {
    const onPage = await cells(page, name);
    const g = svg.grids[name];
    assert.equal(g.cells, onPage.length, `${name}: one rect per cell`);
    assert.equal(g.cells, g.rows * g.cols);
    assert.deepEqual(g.texts, onPage.map((c) => c.text), `${name}: values as text, as the page shows them`);
    assert.deepEqual(g.taps, pageMarks(onPage), `${name}: the page's highlight (step 1: taps in their colours)`);
  }
  assert.deepEqual([svg.grids.input.rows, svg.grids.output.rows, svg.grids.stuffed.rows], [4, 7, 9]);
  // cell kinds are named on every cell and drawn with patterns, not by colour alone
  assert.deepEqual(svg.grids.stuffed.kinds, (await cells(page, 'stuffed')).map((c) => c.kind));
  assert.deepEqual(svg.patterns, Object.keys(PATTERNS).map((k) => `cl-${k}`), 'one pattern per patterned cell kind (cell-style.js), padding modes included');
  assert.match(svg.verdict, /4×4 → ConvTranspose2d → 7×7 → Conv2d → 4×4/);
  assert.match(await page.locator('.export-status').textContent(), /Saved convT_4x4_k3_s2_p1\.svg/);
  assert.deepEqual(await page.evaluate(() => window.__trap.csp), []);
  assert.deepEqual(problems, []);
});

test('PNG: decodes at twice the figure\'s size; GIF: one frame per output cell, loops, first frame = the page\'s first step, under 2 MB', async (t) => {
  const { page, context, problems } = await suite.open(t, distUrl('index.html', 'mode=convT&size=4&kernel_size=3&stride=2&padding=1'), { trap: true, allow: [distUrl('index.html'), 'blob:'] });
  await ready(page);
  const svg = await readSvg(context, (await save(page, 'svg')).bytes);
  const png = await save(page, 'png');
  assert.equal(png.name, 'convT_4x4_k3_s2_p1.png');
  assert.deepEqual(await decodeImage(context, png.bytes, 'image/png'), { width: 2 * svg.width, height: 2 * svg.height });

  const gif = await save(page, 'gif');
  assert.equal(gif.name, 'convT_4x4_k3_s2_p1.gif');
  assert.ok(gif.bytes.length < 2 * 1024 * 1024, `${gif.bytes.length} bytes`);
  const reader = new omggif.GifReader(new Uint8Array(gif.bytes));
  assert.equal(reader.numFrames(), 49, 'one frame per output cell (7x7)');
  assert.deepEqual([reader.width, reader.height], [svg.width, svg.height]);
  assert.equal(reader.loopCount(), 0, 'loops forever');
  // frame 1: each cell's highlight stroke (2-4 px inside its left edge) has its tap's colour, the
  // current output cell the accent, every other cell neither
  const px = new Uint8Array(reader.width * reader.height * 4);
  reader.decodeAndBlitFrameRGBA(0, px);
  const at = (x, y) => { const i = 4 * (Math.floor(y) * reader.width + Math.floor(x)); return [px[i], px[i + 1], px[i + 2]]; };
  const taps = TAP_COLOURS.map(rgb), accent = rgb(PALETTES.light.accent);
  let lit = 0;
  for (const name of ['input', 'flipped', 'stuffed', 'output']) {
    const g = svg.grids[name];
    const onPage = await cells(page, name);
    onPage.forEach((c, i) => {
      const colour = at(g.x + (i % g.cols) * g.cell + 2.5, g.y + Math.floor(i / g.cols) * g.cell + g.cell / 2);
      const want = c.mark && c.tap != null ? taps[c.tap % taps.length] : c.mark === 'sel' ? accent : null;
      if (want) { lit++; assert.ok(dist(colour, want) < 40, `${name} cell ${i}: ${colour} should be ${want}`); }
      else assert.ok([...taps, accent].every((w) => dist(colour, w) >= 40), `${name} cell ${i}: ${colour} should not be lit`);
    });
  }
  assert.ok(lit >= 9 + 9 + 1, `lit cells: ${lit}`);
  assert.deepEqual(await page.evaluate(() => window.__trap.csp), []);
  assert.deepEqual(problems, []);
});

test('GIF past the frame cap: every k-th output cell and the last; file names carry dilation and output_padding', async (t) => {
  const { page, problems } = await suite.open(t, distUrl('index.html', 'mode=convT&size=8&kernel_size=3&stride=2&padding=1&output_padding=1&dilation=1'));
  await ready(page);
  const n = 16 * 16;
  const gif = await save(page, 'gif');
  assert.equal(gif.name, 'convT_8x8_k3_s2_p1_op1.gif');
  const reader = new omggif.GifReader(new Uint8Array(gif.bytes));
  assert.ok(gifSteps(n).length <= MAX_GIF_FRAMES + 1);
  assert.equal(reader.numFrames(), gifSteps(n).length);
  assert.equal(reader.numFrames(), 65, 'every 4th of 256 cells (0, 4, …, 252), and the last (255)');
  assert.deepEqual(problems, []);
});

test('dark page: exports stay light unless "dark" is picked; a light page offers no dark choice', async (t) => {
  const { page, context } = await suite.open(t, distUrl('index.html'), { colorScheme: 'dark' });
  await ready(page);
  const theme = page.locator('[data-export-theme="dark"]');
  assert.ok(await theme.isVisible());
  assert.equal((await readSvg(context, (await save(page, 'svg')).bytes)).background, PALETTES.light.bg);
  await theme.check();
  assert.equal((await readSvg(context, (await save(page, 'svg')).bytes)).background, PALETTES.dark.bg);

  const light = await suite.open(t, distUrl('index.html'));
  await ready(light.page);
  assert.equal(await light.page.locator('[data-export-theme="dark"]').isVisible(), false);
});

test('embed under its CSP header: the full element exports SVG and PNG; the compact one has no export until opened', async (t) => {
  const { page, context, problems } = await suite.open(t, suite.url('/embed.html'), { trap: true, allow: [suite.url('/embed.html'), suite.url('/convt-lab.js'), 'blob:'] });
  await allReady(page);
  const svg = await readSvg(context, (await save(page, 'svg', '#a')).bytes);
  assert.equal(svg.error, null);
  assert.equal(svg.grids.output.rows, 7);
  const png = await save(page, 'png', '#a');
  assert.deepEqual(await decodeImage(context, png.bytes, 'image/png'), { width: 2 * svg.width, height: 2 * svg.height });
  assert.equal(await page.locator('#c [data-export]').count(), 0, 'compact: no export buttons');
  await page.locator('#c button.expand').click();
  await page.waitForFunction(() => document.getElementById('c').shadowRoot.querySelectorAll('[data-export]').length === 3);
  const conv = await save(page, 'svg', '#c');
  assert.equal(conv.name, 'conv_8x8_k3_s2_p1.svg');
  const c = await readSvg(context, conv.bytes);
  assert.deepEqual(Object.keys(c.grids), ['input', 'kernel', 'stuffed', 'output']);
  assert.equal(c.grids.stuffed.rows, 10, 'padded input 8+2');
  assert.deepEqual(await page.evaluate(() => window.__trap.csp), []);
  assert.deepEqual(problems, []);
});
