// index.html in an <iframe>: how tall its content is (the document's scrollHeight in the frame) at
// frame widths 660, 700 and 760 px, for compact labs up to 8x8 and a few full labs, against the
// maxima docs/page.md gives ("Embed with an iframe"): a change that makes the lab taller fails here,
// and so does a table left far above what is measured. The frame is sized by the doc's own sizing
// script, so everything in it is in view and drawn (the derivations are typeset when seen), and the
// height it posts is checked against the document's. In each frame the grids are laid out as a
// <convt-lab> in a column of the frame's width lays them out (the same rows, the same cells).
import assert from 'node:assert/strict';
import { before, after } from 'node:test';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, browserSuite, DIST, HEAD } from '../browser/support.mjs';
import { serveFolders, snippet, measuredTable, watchStatus } from './support.mjs';

const WIDTHS = [660, 700, 760];
/** Compact layers up to 8x8: the set tests/browser/answer.test.mjs holds to 700 px in a 700 px column. */
const COMPACT = [
  'mode=convT&size=4&kernel_size=3&stride=2&padding=1', 'mode=conv&size=8&kernel_size=3&stride=2&padding=1',
  'mode=convT&size=8&kernel_size=4&stride=2&padding=1', 'mode=convT&size=8&kernel_size=3&stride=2&padding=1',
  'mode=conv&size=8&kernel_size=3&stride=1&padding=1', 'mode=convT&size=8x6&kernel_size=4&stride=2&padding=1',
  'mode=conv&size=8&kernel_size=5&stride=1&padding=2&padding_mode=reflect', 'mode=convT&size=8&kernel_size=3&stride=3&padding=0',
].map((q) => `${q}&compact=1`);
/** The full labs of the table, by its rows' names. */
const FULL = {
  'full: ConvTranspose2d, 4x4, k3 s2 p1': 'mode=convT&size=4&kernel_size=3&stride=2&padding=1',
  'full: Conv2d, 8x8, k3 s2 p1': 'mode=conv&size=8&kernel_size=3&stride=2&padding=1',
  'full: ConvTranspose2d, 8x8, k4 s2 p1': 'mode=convT&size=8&kernel_size=4&stride=2&padding=1',
};
const COMPACT_ROW = 'compact, the 8 layers up to 8x8';

const suite = browserSuite();
let server = null, dir = null;
/** The doc's sizing script, without the doc's example frame. */
const SIZING = snippet('frame-sizing', 'page.md').match(/<script>[\s\S]*<\/script>/)[0];
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'convt-frames-'));
  for (const w of WIDTHS) await writeFile(join(dir, `frame-${w}.html`), `${HEAD}<body style="margin:0"><iframe width="${w}" height="100" title="ConvT Lab" style="border: 0; display: block"></iframe>\n${SIZING}</body>`);
  server = await serveFolders({ '/convt-lab/': DIST, '/course/': dir });
}, { timeout: 60_000 });
after(async () => { await server?.close(); if (dir) await rm(dir, { recursive: true, force: true }); }, { timeout: 60_000 });

/**
 * Loads index.html?query into a new frame of the page (a new one each time: no message of the frame
 * before can reach the sizing script) and waits until its height has settled; returns what was measured.
 */
async function measure(page, query, firstHeight = 100) {
  await page.evaluate(({ src, firstHeight }) => {
    const old = document.querySelector('iframe');
    const f = document.createElement('iframe');
    for (const a of ['width', 'title']) f.setAttribute(a, old.getAttribute(a));
    f.style.cssText = 'border: 0; display: block'; // not the old frame's style, where the sizing script set its height
    // the page posts the document's scrollHeight, never less than the frame: start low, let it grow
    f.setAttribute('height', String(firstHeight));
    window.posted = null;
    window.onmessage = (e) => { if (e.source === f.contentWindow && e.data?.type === 'convt-lab:height') window.posted = e.data.height; };
    f.src = src;
    old.replaceWith(f);
  }, { src: `/convt-lab/index.html?${query}`, firstHeight });
  await page.waitForFunction(() => document.querySelector('iframe').contentDocument?.querySelector('.cl[data-ready="true"]'));
  // settled: the frame as tall as its content, the last height posted, the same for three checks in a row
  let last = null, same = 0;
  for (let k = 0; k < 100 && same < 3; k++) {
    await page.waitForTimeout(150);
    const now = await page.evaluate(() => { const f = document.querySelector('iframe'), d = f.contentDocument; return { scroll: d.documentElement.scrollHeight, frame: f.clientHeight, posted: window.posted, typeset: [...d.querySelectorAll('.deriv')].filter((x) => !x.closest('[hidden]')).every((x) => x.querySelector('.katex-html') || x.textContent.trim()) }; });
    same = last && JSON.stringify(now) === JSON.stringify(last) && now.scroll === now.frame && now.typeset ? same + 1 : 0;
    last = now;
  }
  assert.equal(same, 3, `${query}: the frame's height settles (${JSON.stringify(last)})`);
  assert.equal(last.posted, last.scroll, `${query}: the height posted is the document's`);
  const layout = await page.evaluate(() => {
    const d = document.querySelector('iframe').contentDocument;
    return Object.fromEntries(['input', 'kernel', 'stuffed', 'output'].map((g) => { const e = d.querySelector(`[data-grid="${g}"]`); return [g, { row: Math.round(e.closest('.gpanel').getBoundingClientRect().top), cell: Number(e.dataset.cell) }]; }));
  });
  return { height: last.scroll, layout };
}

/** The same labs as <convt-lab> elements, one per column of the given width: their grids' rows and cells. */
async function elementLayouts(t, width, queries) {
  const tags = queries.map((q) => `<div style="width:${width}px;margin-bottom:40px"><convt-lab ${[...new URLSearchParams(q)].map(([k, v]) => (k === 'compact' ? 'compact' : `${k}="${v}"`)).join(' ')}></convt-lab></div>`);
  await writeFile(join(dir, `elements-${width}.html`), `${HEAD}<body style="margin:0">${tags.join('\n')}<script src="../convt-lab/convt-lab.js"></script></body>`);
  const { page, problems } = await suite.open(t, `${server.url}/course/elements-${width}.html`, { width: 1280, height: 900, allow: [`${server.url}/`] });
  await page.waitForFunction(() => [...document.querySelectorAll('convt-lab')].every((e) => e.shadowRoot?.querySelector('.cl[data-ready="true"]')));
  const out = await page.evaluate(() => [...document.querySelectorAll('convt-lab')].map((el) => Object.fromEntries(['input', 'kernel', 'stuffed', 'output'].map((g) => {
    const e = el.shadowRoot.querySelector(`[data-grid="${g}"]`);
    return [g, { row: Math.round(e.closest('.gpanel').getBoundingClientRect().top - el.getBoundingClientRect().top), cell: Number(e.dataset.cell) }];
  }))));
  assert.deepEqual(problems, []);
  return out;
}
/** Which grids share a row (panels' tops within 2 px), top to bottom, and each grid's cell size. */
const shape = (grids) => {
  const rows = [];
  for (const [name, g] of Object.entries(grids).sort((a, b) => a[1].row - b[1].row)) {
    const last = rows[rows.length - 1];
    if (last && Math.abs(last.top - g.row) <= 2) last.names.push(name); else rows.push({ top: g.row, names: [name] });
  }
  return { rows: rows.map((r) => r.names.sort().join('+')).join(' / '), cells: Object.fromEntries(Object.entries(grids).map(([k, g]) => [k, g.cell])) };
};

/** docs/page.md's table: { row name: { width: px } }. */
function documented() {
  const [head, ...rows] = measuredTable('frame heights', 'page.md');
  const widths = head.slice(1).map((h) => Number(/^(\d+) px$/.exec(h)?.[1]));
  assert.deepEqual(widths, WIDTHS, 'the table\'s columns are the widths measured');
  return Object.fromEntries(rows.map((r) => [r[0], Object.fromEntries(widths.map((w, i) => [w, Number(r[i + 1].replace(/[,\s]/g, ''))]))]));
}

const measured = {};
for (const width of WIDTHS) {
  test(`index.html in a ${width} px frame: the content's height for the compact and the full labs, grids laid out as an element's in a ${width} px column`, { timeout: 240_000 }, async (t) => {
    const { page, problems } = await suite.open(t, `${server.url}/course/frame-${width}.html`, { width: 1280, height: 3200, allow: [`${server.url}/`] });
    watchStatus(page, problems);
    const queries = [...COMPACT, ...Object.values(FULL)];
    const elements = await elementLayouts(t, width, queries);
    const heights = [];
    for (const [k, q] of queries.entries()) {
      const m = await measure(page, q);
      heights.push(m.height);
      assert.deepEqual(shape(m.layout), shape(elements[k]), `${q} at ${width} px: the frame's grids as the element's`);
    }
    measured[width] = { [COMPACT_ROW]: Math.max(...heights.slice(0, COMPACT.length)), ...Object.fromEntries(Object.keys(FULL).map((name, i) => [name, heights[COMPACT.length + i]])) };
    t.diagnostic(`${width} px: compact ${heights.slice(0, COMPACT.length).join(', ')}; full ${heights.slice(COMPACT.length).join(', ')}`);
    const doc = documented();
    for (const [row, h] of Object.entries(measured[width])) {
      assert.ok(doc[row], `docs/page.md's table has the row '${row}'`);
      const said = doc[row][width];
      assert.ok(h <= said, `${row} at ${width} px: ${h} px, taller than the ${said} px docs/page.md gives`);
      assert.ok(said - h <= Math.max(24, 0.03 * said), `${row} at ${width} px: ${h} px, far below the ${said} px docs/page.md gives (measure again and update the table)`);
    }
    assert.deepEqual(problems, []);
  });
}

test('the recipes\' frames are tall enough: a compact lab up to 8x8 fits height="700" at 700 px', () => {
  const doc = documented();
  assert.ok(doc[COMPACT_ROW][700] <= 700, `compact at 700 px: ${doc[COMPACT_ROW][700]} px`);
  for (const recipe of ['platform']) assert.match(snippet(recipe), /width="700"\s+height="700"/);
});

test('a frame first made taller than its lab is sized down to the lab by the doc\'s script', async (t) => {
  const { page, problems } = await suite.open(t, `${server.url}/course/frame-700.html`, { width: 1280, height: 1200, allow: [`${server.url}/`] });
  const { height } = await measure(page, COMPACT[1]); // from a low frame: the content's height
  const tall = await measure(page, COMPACT[1], 1000);
  assert.equal(tall.height, height, 'the frame is as tall as the lab');
  assert.deepEqual(problems, []);
});
