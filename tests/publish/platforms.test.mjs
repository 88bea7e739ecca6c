// Learning platforms (docs/teachers.md, "On a learning platform"). What two common sanitizers do at
// their default settings to the doc's snippets, measured (sanitize-html in Node, DOMPurify in
// Chromium) and compared with the doc's table; and the route the doc gives: the platform snippet,
// an iframe of a hosted index.html by absolute address (another origin) with width and height and no
// style or script, at 700 px and at 300 px (a frame whose width was dropped): the lab draws inside
// the frame's width, lays its grids out as an element in a column that wide does, and a pointer at
// an output cell selects it.
import assert from 'node:assert/strict';
import { before, after } from 'node:test';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sanitizeHtml from 'sanitize-html';
import { test, browserSuite, DIST, HEAD, ROOT } from '../browser/support.mjs';
import { serveFolders, snippet, measuredTable, watchStatus } from './support.mjs';

const suite = browserSuite();
const PLATFORM = snippet('platform');
const HOSTED = 'https://example.org/convt-lab/'; // the doc's stand-in for the teacher's own copy
let lab = null, platform = null, dir = null;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'convt-platform-'));
  lab = await serveFolders({ '/convt-lab/': DIST }); // the teacher's site, where index.html is hosted
  const frame = (width) => PLATFORM.replace(HOSTED, `${lab.url}/convt-lab/`).replace('width="700"', `width="${width}"`);
  // the platform's page: the snippet as it survives (no style, no script), on another origin
  await writeFile(join(dir, 'w700.html'), `${HEAD}<body><h1>Week 3</h1>\n${frame(700)}</body>`);
  await writeFile(join(dir, 'w300.html'), `${HEAD}<body><h1>Week 3</h1>\n${frame(300)}</body>`);
  platform = await serveFolders({ '/course/': dir });
}, { timeout: 60_000 });
after(async () => { await lab?.close(); await platform?.close(); if (dir) await rm(dir, { recursive: true, force: true }); }, { timeout: 60_000 });

// ---- the sanitizers --------------------------------------------------------------------------------
/** The doc's snippets a teacher would paste: the plain page (element, script, frame with style), the platform's frame, the frame-sizing script. */
const SNIPPETS = [snippet('page'), PLATFORM, snippet('frame-sizing', 'page.md')].join('\n');
/** style is measured on a tag every sanitizer keeps (the snippets' only style is on an iframe, which both remove). */
const STYLE_PROBE = '<p style="max-width: 100%">text</p>';

/** What survived, read from the sanitized HTML in the browser: one word per row of the doc's table. */
const verdicts = (page, html) => page.evaluate((html) => {
  const doc = new DOMParser().parseFromString(`<body>${html}</body>`, 'text/html');
  const sentence = /needs convt-lab\.js/.test(doc.body.textContent);
  const labs = doc.querySelectorAll('convt-lab').length;
  const frame = doc.querySelector('iframe');
  const styled = doc.querySelector('p[style]');
  return {
    script: doc.querySelectorAll('script').length ? 'kept' : 'removed',
    element: labs ? 'kept' : sentence ? 'removed, its sentence kept as text' : 'removed with its sentence',
    iframe: frame ? (frame.hasAttribute('width') && frame.hasAttribute('height') ? 'kept' : 'kept without width and height') : 'removed',
    style: styled ? 'kept' : 'removed',
  };
}, html);

test('default sanitizers on the doc\'s snippets: what they remove is what docs/teachers.md says', async (t) => {
  const { page, problems } = await suite.open(t);
  await page.setContent(`${HEAD}<body></body>`);
  await page.addScriptTag({ content: readFileSync(join(ROOT, 'node_modules', 'dompurify', 'dist', 'purify.min.js'), 'utf8') });
  const measured = {};
  measured['sanitize-html'] = await verdicts(page, sanitizeHtml(SNIPPETS) + sanitizeHtml(STYLE_PROBE));
  measured.DOMPurify = await verdicts(page, await page.evaluate(([a, b]) => window.DOMPurify.sanitize(a) + window.DOMPurify.sanitize(b), [SNIPPETS, STYLE_PROBE]));
  t.diagnostic(JSON.stringify(measured));
  const [head, ...rows] = measuredTable('sanitizers', 'teachers.md');
  const version = (name) => JSON.parse(readFileSync(join(ROOT, 'node_modules', name, 'package.json'), 'utf8')).version;
  assert.deepEqual(head.slice(1), [`sanitize-html ${version('sanitize-html')}`, `DOMPurify ${version('dompurify')}`], 'the table names the versions measured');
  const ROW = { script: '`<script>`', element: '`<convt-lab>`', iframe: '`<iframe>`', style: '`style="…"`' };
  const table = Object.fromEntries(rows.map((r) => [r[0], r.slice(1)]));
  for (const [key, label] of Object.entries(ROW)) {
    const row = Object.keys(table).find((k) => k.startsWith(label));
    assert.ok(row, `the table has a row for ${label}`);
    assert.deepEqual(table[row], [measured['sanitize-html'][key], measured.DOMPurify[key]], `row ${row}`);
  }
  assert.deepEqual(problems, []);
});

// ---- the route that works --------------------------------------------------------------------------
/** The lab inside the platform's (cross-origin) frame: its grids, the frame's width. */
const inFrame = (frame) => frame.evaluate(() => {
  // a grid's row is its panel's (the stuffed grid's column letters put its cells lower than the output's)
  const box = (g) => { const e = document.querySelector(`[data-grid="${g}"]`), r = e.getBoundingClientRect(); return { top: Math.round(r.top), row: Math.round(e.closest('.gpanel').getBoundingClientRect().top), bottom: Math.round(r.bottom), left: r.left, right: r.right, cell: Number(e.dataset.cell), rows: Number(e.dataset.rows), cols: Number(e.dataset.cols) }; };
  return { width: document.documentElement.clientWidth, ready: document.querySelector('.cl')?.dataset.ready === 'true', verdict: document.querySelector('.verdict-strip')?.dataset.verdict,
    grids: Object.fromEntries(['input', 'kernel', 'stuffed', 'output'].map((g) => [g, box(g)])) };
});
/** The same lab as an element in a column of the given width: the layout the frame must follow. */
async function elementLayout(t, width, src) {
  const q = new URL(src).searchParams;
  const attrs = [...q].map(([k, v]) => (k === 'compact' ? 'compact' : `${k}="${v}"`)).join(' ');
  await writeFile(join(dir, `element-${width}.html`), `${HEAD}<body style="margin:0"><div style="width:${width}px"><convt-lab ${attrs}></convt-lab></div><script src="${lab.url}/convt-lab/convt-lab.js"></script></body>`);
  const { page, problems } = await suite.open(t, null, { width: 1280, height: 900, allow: [`${platform.url}/course/`, `${lab.url}/convt-lab/`] });
  await page.goto(`${platform.url}/course/element-${width}.html`);
  t.after(() => assert.deepEqual(problems, []));
  await page.waitForFunction(() => document.querySelector('convt-lab')?.shadowRoot?.querySelector('.cl[data-ready="true"]'));
  return page.evaluate(() => {
    const r = document.querySelector('convt-lab').shadowRoot;
    const box = (g) => { const e = r.querySelector(`[data-grid="${g}"]`); return { row: Math.round(e.closest('.gpanel').getBoundingClientRect().top), cell: Number(e.dataset.cell) }; };
    return Object.fromEntries(['input', 'kernel', 'stuffed', 'output'].map((g) => [g, box(g)]));
  });
}
/** Which grids share a row: the grids ordered by their panel's top, grouped where those are within 2 px. */
const rowsOf = (grids) => {
  const sorted = Object.entries(grids).sort((a, b) => a[1].row - b[1].row);
  const rows = [];
  for (const [name, g] of sorted) { const last = rows[rows.length - 1]; if (last && Math.abs(last.top - g.row) <= 2) last.names.push(name); else rows.push({ top: g.row, names: [name] }); }
  return rows.map((r) => r.names.sort().join('+'));
};

for (const width of [700, 300]) {
  test(`the platform snippet at width="${width}", no style, no sizing script, index.html on another origin: the lab draws inside the frame, laid out as an element that wide, and the pointer works`, async (t) => {
    const { page, problems } = await suite.open(t, null, { width: 1280, height: 900, allow: [`${platform.url}/course/`, `${lab.url}/convt-lab/index.html`] });
    watchStatus(page, problems);
    await page.goto(`${platform.url}/course/w${width}.html`);
    const iframe = page.locator('iframe');
    assert.deepEqual(await iframe.evaluate((f) => [f.getAttribute('style'), f.offsetWidth, f.offsetHeight]), [null, width + 4, 700 + 4], 'the frame: its attributes\' size and the default 2 px border, no style');
    const frame = page.frames().find((f) => f.url().startsWith(`${lab.url}/`));
    await frame.waitForFunction(() => document.querySelector('.cl[data-ready="true"]'));
    const got = await inFrame(frame);
    assert.deepEqual([got.ready, got.verdict, got.width], [true, 'ok', width], 'drawn, the verdict shown, the frame\'s whole width');
    for (const [name, g] of Object.entries(got.grids)) assert.ok(g.left >= 0 && g.right <= got.width + 0.5, `${name} grid inside the frame's width: ${JSON.stringify(g)}`);
    // laid out as the element in a column of the frame's width: the same cells, the same grids side by side
    const el = await elementLayout(t, got.width, PLATFORM.match(/src="([^"]+)"/)[1]);
    assert.deepEqual(rowsOf(got.grids), rowsOf(el), 'the grids share rows as the element\'s do');
    assert.deepEqual(Object.fromEntries(Object.entries(got.grids).map(([k, g]) => [k, g.cell])), Object.fromEntries(Object.entries(el).map(([k, g]) => [k, g.cell])), 'cell sizes as the element\'s');
    t.diagnostic(`frame ${width} px: rows ${rowsOf(got.grids).join(' / ')}, cells ${Object.values(got.grids).map((g) => g.cell).join(', ')} px`);
    if (width >= 700) assert.ok(rowsOf(got.grids).length <= 2, 'side by side at 700 px (at most two rows of grids)');
    // a real pointer at an output cell, through the platform's page and the frame
    const at = await iframe.boundingBox();
    const o = got.grids.output, i = o.rows * o.cols - 2;
    await frame.evaluate((y) => window.scrollTo(0, y), Math.max(0, o.top - 100));
    const scrolled = await inFrame(frame);
    const c = scrolled.grids.output;
    await page.mouse.move(at.x + 2 + c.left + ((i % c.cols) + 0.5) * c.cell, at.y + 2 + c.top + (Math.floor(i / c.cols) + 0.5) * c.cell);
    const sel = await frame.evaluate(() => Object.entries(document.querySelector('[data-grid="output"]').marked()).filter(([, m]) => m === 'sel').map(([k]) => Number(k)));
    assert.deepEqual(sel, [i], 'the pointer selects the output cell under it');
    assert.deepEqual(problems, []);
  });
}
