// One cell style for the canvas and the SVG (draw/cell-style.js): for every cell kind and padding
// mode, light and dark, the page's stuffed grid (its canvas) and the exported SVG figure (drawn by
// the browser) paint each kind alike, and their legends name the same kinds in the same words.
// Compared as pictures: per kind, the mean colour of a 6x6 block of each cell (one period of every
// pattern tile, so the mean does not depend on where the tile starts; inside the output_padding
// ring and above the digits), on the page's canvas and on the rasterised SVG.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { test, browserSuite, distUrl, ready, cells } from './support.mjs';
import { CELL_KINDS } from '../../web/src/draw/cell-style.js';

const suite = browserSuite();
/**
 * Largest distance (RGB, 0-255 each) between the page's and the figure's mean colour of one kind:
 * measured at most 1.8 (anti-aliasing); the lightest mark, zero padding's dots, moves a light cell's
 * mean by 10, so a kind drawn without its pattern or tint is far outside.
 */
const SAME = 4;

const CASES = [
  ['zeros', 'mode=conv&size=5&kernel_size=3&stride=1&padding=2'],
  ['reflect', 'mode=conv&size=5&kernel_size=3&stride=1&padding=2&padding_mode=reflect'],
  ['replicate', 'mode=conv&size=5&kernel_size=3&stride=1&padding=2&padding_mode=replicate'],
  ['circular', 'mode=conv&size=5&kernel_size=3&stride=1&padding=2&padding_mode=circular'],
  ["'same', circular", 'mode=conv&size=5&kernel_size=4&stride=1&padding=same&padding_mode=circular'],
  ['ConvTranspose2d with output_padding', 'mode=convT&size=4&kernel_size=3&stride=2&padding=1&output_padding=1'],
];

async function save(page, kind) {
  const [d] = await Promise.all([page.waitForEvent('download', { timeout: 90_000 }), page.locator(`[data-export="${kind}"]`).click()]);
  return readFile(await d.path(), 'utf8');
}

/**
 * The mean colour of the block [5, 11) x [5, 11) of every cell of a grid whose top-left is (x, y) in
 * a 2D context. Runs in the pages (passed to them as text inside an expression: only the means come
 * back to Node, not the pictures).
 */
function blockMeans(ctx, x, y, cell, rows, cols) {
  // one readback of the whole picture (many small ones make Chromium warn about readbacks)
  const { width, data } = ctx.getImageData(0, 0, ctx.canvas.width, ctx.canvas.height);
  const out = [];
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) {
    const sum = [0, 0, 0];
    for (let dy = 5; dy < 11; dy++) for (let dx = 5; dx < 11; dx++) {
      const o = 4 * ((y + r * cell + dy) * width + x + c * cell + dx);
      sum[0] += data[o]; sum[1] += data[o + 1]; sum[2] += data[o + 2];
    }
    out.push(sum.map((v) => v / 36));
  }
  return out;
}
/** In the lab's page: the stuffed grid's cells, measured on its canvas. */
function pageMeans(means) {
  const grid = document.querySelector('[data-grid="stuffed"]');
  const c = grid.querySelector('canvas.base');
  const cell = Number(grid.dataset.cell), rows = Number(grid.dataset.rows), cols = Number(grid.dataset.cols);
  return { rows, cols, dpr: devicePixelRatio, means: means(c.getContext('2d'), 0, 0, cell, rows, cols) };
}
/** In a blank page: the figure drawn by the browser at 1x, its stuffed grid's cells measured, and its legend. */
async function figureMeans(text, rows, cols, means) {
  const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
  const g = doc.querySelector('g[data-grid="stuffed"]');
  const [, x, y] = /translate\(([\d.]+) ([\d.]+)\)/.exec(g.getAttribute('transform'));
  const width = Number(doc.documentElement.getAttribute('width')), height = Number(doc.documentElement.getAttribute('height'));
  const url = URL.createObjectURL(new Blob([text], { type: 'image/svg+xml' }));
  const img = new Image(width, height);
  img.src = url;
  await img.decode();
  const canvas = Object.assign(document.createElement('canvas'), { width, height });
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  ctx.drawImage(img, 0, 0);
  return { means: means(ctx, Number(x), Number(y), Number(g.dataset.cell), rows, cols), legend: [...doc.querySelectorAll('[data-role="legend"] text')].map((e) => e.textContent) };
}
const mean = (list) => [0, 1, 2].map((k) => list.reduce((s, v) => s + v[k], 0) / list.length);
const dist = (a, b) => Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]);

for (const scheme of ['light', 'dark']) {
  for (const [name, query] of CASES) {
    test(`${name}, ${scheme}: the canvas and the SVG draw every cell kind alike, and name the same kinds`, async (t) => {
      const { page, context, problems } = await suite.open(t, distUrl('index.html', query), { colorScheme: scheme, allow: [distUrl('index.html'), 'blob:'] });
      await ready(page);
      if (scheme === 'dark') await page.locator('[data-export-theme="dark"]').check();
      const svg = await save(page, 'svg');
      // the page: kinds, highlights (left out: the figure draws them too) and the stuffed grid's pixels
      const info = await cells(page, 'stuffed');
      const pagePx = await page.evaluate(`(${pageMeans})(${blockMeans})`);
      assert.equal(pagePx.dpr, 1);
      const pageLegend = await page.locator('.legend li:not([hidden]) .ltext').allTextContents();
      const blank = await context.newPage();
      let fig;
      try {
        fig = await blank.evaluate(`(${figureMeans})(${JSON.stringify(svg)}, ${pagePx.rows}, ${pagePx.cols}, ${blockMeans})`);
      } finally { await blank.close(); }
      const pageMeansList = pagePx.means, figMeans = fig.means;
      const byKind = new Map();
      info.forEach((c, i) => {
        if (c.mark) return;
        if (!byKind.has(c.kind)) byKind.set(c.kind, { page: [], fig: [] });
        byKind.get(c.kind).page.push(pageMeansList[i]);
        byKind.get(c.kind).fig.push(figMeans[i]);
      });
      const kinds = [...byKind.keys()];
      assert.ok(kinds.length >= 2 && kinds.every((k) => CELL_KINDS.includes(k)), `kinds on the page: ${kinds}`);
      for (const [kind, { page: p, fig: f }] of byKind) {
        const d = dist(mean(p), mean(f));
        assert.ok(d <= SAME, `${kind}: the page draws rgb(${mean(p).map(Math.round)}), the figure rgb(${mean(f).map(Math.round)}) (${d.toFixed(1)} apart)`);
      }
      assert.deepEqual(fig.legend, pageLegend, 'the figure\'s legend names the kinds the page\'s names');
      assert.deepEqual(problems, []);
    });
  }
}
