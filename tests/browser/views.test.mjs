// The views of issue 5 (matrix C / C^T, adjoint identity, overlap map, polyphase, image mode),
// the tabs, and the language switch. Every expectation is computed here from the definitions
// (o = i*s - p + t*d per axis) or from PyTorch's fixture, never from the page's own code.
import assert from 'node:assert/strict';
import { test, browserSuite, distUrl, ready, settled, allReady, showDerivations, readHooks, loadCases, expected, pairText, marks, cells, hoverCell, VIEWS, HEAD } from './support.mjs';

const suite = browserSuite({ pages: {
  '/adj.html': `${HEAD}<script src="/convt-lab.js"></script><convt-lab id="lab" view="matrix" lang="en"></convt-lab>`,
  '/two.html': `${HEAD}<convt-lab id="a" view="polyphase" lang="ko"></convt-lab><convt-lab id="b" view="matrix" lang="en" mode="conv" size="5"></convt-lab><script src="/convt-lab.js"></script>`,
} });

const q = (o) => Object.entries(o).map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&');
const P = (mode, size, k, s, p, d = 1, a = 0) => ({ mode, size, kernel_size: k, stride: s, padding: p, dilation: d, output_padding: a });
const pair = (v) => { const [h, w] = String(v).split('x').map(Number); return [h, w ?? h]; };

/** Nonzeros of the matrix from the definition: rows = output cells, columns = input cells, both modes. */
function definitionMatrix(params, inDims, outDims) {
  const [I, O] = params.mode === 'convT' ? [inDims, outDims] : [outDims, inDims]; // I: the side that is "scattered" from
  const [k, s, p, d] = [pair(params.kernel_size), pair(params.stride), pair(params.padding), pair(params.dilation)];
  const set = new Set();
  // convT: output o = i*s - p + t*d (i: ConvT input). conv: input = o*s - p + t*d (o: Conv output) - the same relation.
  for (let ih = 0; ih < I[0]; ih++) for (let iw = 0; iw < I[1]; iw++) for (let th = 0; th < k[0]; th++) for (let tw = 0; tw < k[1]; tw++) {
    const oh = ih * s[0] - p[0] + th * d[0], ow = iw * s[1] - p[1] + tw * d[1];
    if (oh < 0 || ow < 0 || oh >= O[0] || ow >= O[1]) continue;
    const small = ih * I[1] + iw, big = oh * O[1] + ow, tap = th * k[1] + tw;
    // rows: output cells of the page's grids; convT: big side is the output; conv: small side is the output
    set.add(params.mode === 'convT' ? `${big},${small},${tap}` : `${small},${big},${tap}`);
  }
  return set;
}

test('matrix view: size = output cells x input cells, nonzeros = the definition\'s taps, hover both ways', async (t) => {
  const { page, problems } = await suite.open(t);
  const cases = [
    P('convT', '4', '3', '2', '1'), P('conv', '8', '3', '2', '1'), P('convT', '3x5', '3x2', '2x1', '1x0', '1', '1x0'),
    P('conv', '7x6', '3', '2', '1', '2'), P('convT', '3', '3', '2', '0', '2'), P('convT', '5', '3', '2', '3'),
  ];
  for (const c of cases) {
    await page.goto(distUrl('index.html', `${q(c)}&view=matrix`));
    await ready(page);
    const h = await readHooks(page);
    assert.equal(h.alert, '', q(c));
    const m = await page.evaluate(() => {
      const v = document.querySelector('[data-view="matrix"]');
      return { rows: Number(v.dataset.rows), cols: Number(v.dataset.cols), render: v.dataset.render, hidden: v.hidden };
    });
    // nonzeros are written as the tap's letter (a = tap 0, b = tap 1, ...)
    m.taps = (await cells(page, 'matrix')).map((c, i) => [i, c.text]).filter(([, tx]) => tx).map(([i, tx]) => [i, tx.charCodeAt(0) - 97]);
    assert.equal(m.hidden, false);
    assert.equal(m.render, 'cells');
    assert.equal(m.rows, h.output[0] * h.output[1], `${q(c)}: rows = output cells`);
    assert.equal(m.cols, h.input[0] * h.input[1], `${q(c)}: cols = input cells`);
    const got = new Set(m.taps.map(([i, t]) => `${Math.floor(i / m.cols)},${i % m.cols},${t}`));
    assert.deepEqual([...got].sort(), [...definitionMatrix(c, h.input, h.output)].sort(), `${q(c)}: nonzeros`);
    // hover the first cell of a row with nonzeros: the output cell and exactly that row's inputs light up
    const byRow = new Map();
    for (const s of got) { const [r, col] = s.split(',').map(Number); if (!byRow.has(r)) byRow.set(r, new Set()); byRow.get(r).add(col); }
    const r = [...byRow.keys()].sort((a, b) => a - b)[Math.floor(byRow.size / 2)];
    await hoverCell(page, 'matrix', r * m.cols);
    assert.deepEqual(await marks(page, 'output'), { [r]: 'sel' }, `${q(c)}: output cell of row ${r}`);
    const inputs = await marks(page, 'input');
    assert.deepEqual(Object.keys(inputs).map(Number).sort((a, b) => a - b), [...byRow.get(r)].sort((a, b) => a - b), `${q(c)}: inputs of row ${r}`);
    assert.ok(Object.values(inputs).every((v) => v === 'hl'));
    assert.match(await page.locator('[data-view="matrix"] .readout').textContent(), new RegExp(`${r}`));
    // the reverse: an output cell lights its row, an input cell its column
    const o = Math.min(2, m.rows - 1);
    await hoverCell(page, 'output', o);
    let mk = await marks(page, 'matrix');
    assert.deepEqual(Object.keys(mk).map(Number).sort((a, b) => a - b), Array.from({ length: m.cols }, (_, j) => o * m.cols + j));
    await hoverCell(page, 'input', 1);
    mk = await marks(page, 'matrix');
    assert.deepEqual(Object.keys(mk).map(Number).sort((a, b) => a - b), Array.from({ length: m.rows }, (_, j) => j * m.cols + 1));
  }
  // keyboard: the matrix grid is one tab stop with arrow keys, like every grid
  await page.mouse.move(0, 0);
  await page.locator('[data-grid="matrix"]').focus();
  await page.keyboard.press('Home');
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('ArrowDown');
  assert.deepEqual(await marks(page, 'output'), { 1: 'sel' });
  assert.deepEqual(problems, []);
});

test('matrix view: large sizes become a canvas or a summary, with no DOM cell per entry', async (t) => {
  const { page, problems } = await suite.open(t);
  for (const [c, render] of [[P('convT', '16', '3', '2', '1'), 'canvas'], [P('conv', '63', '3', '1', '0'), 'summary']]) {
    await page.goto(distUrl('index.html', `${q(c)}&view=matrix`));
    await ready(page);
    const v = await page.evaluate(() => { const e = document.querySelector('[data-view="matrix"]'); return { render: e.dataset.render, rows: Number(e.dataset.rows), cols: Number(e.dataset.cols), nodes: e.querySelectorAll('*').length }; });
    const h = await readHooks(page);
    assert.equal(v.render, render, q(c));
    assert.equal(v.rows, h.output[0] * h.output[1]);
    assert.equal(v.cols, h.input[0] * h.input[1]);
    assert.ok(v.nodes < 200, `no DOM node per entry (${v.nodes} nodes)`);
    if (render === 'canvas') {
      // pointing at the picture still lights the output cell of that row
      const row = Math.floor(v.rows / 2);
      await hoverCell(page, 'matrix', row * v.cols + 2);
      assert.deepEqual(await marks(page, 'output'), { [row]: 'sel' });
    }
  }
  assert.deepEqual(problems, []);
});

test('adjoint identity holds over a parameter sweep (both modes), and C Cᵀ y is not y', async (t) => {
  const { page, problems } = await suite.open(t, suite.url('/adj.html'));
  await ready(page, '#lab');
  const cases = loadCases().filter((_, i) => i % 6 === 0);
  const jobs = [];
  for (const c of cases) for (const mode of ['conv', 'convT']) {
    const want = expected(c, mode);
    if (!want || want.tooBig) continue;
    jobs.push({ mode, size: pairText(c.size), kernel_size: pairText(c.kernelSize), stride: pairText(c.stride), padding: pairText(c.padding), dilation: pairText(c.dilation), output_padding: pairText(c.outputPadding) });
  }
  assert.ok(jobs.length > 40, `${jobs.length} jobs`);
  const res = await page.evaluate(async (jobs) => {
    const el = document.querySelector('#lab'), s = el.shadowRoot;
    const out = [];
    for (const j of jobs) {
      for (const [k, v] of Object.entries(j)) el.setAttribute(k, v);
      await Promise.resolve(); await Promise.resolve();
      const a = s.querySelector('[data-check="adjoint"]');
      out.push({ ok: a.dataset.ok, alert: s.querySelector('[role="alert"]').textContent.trim(), lhs: a.querySelector('.lhs').textContent, rhs: a.querySelector('.rhs').textContent, vals: [...a.querySelectorAll('table.vals tr')].map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent)) });
    }
    return out;
  }, jobs);
  let checked = 0, differs = 0;
  res.forEach((r, n) => {
    const where = JSON.stringify(jobs[n]);
    assert.equal(r.alert, '', where);
    assert.equal(r.ok, 'true', `${where}: ${r.lhs} vs ${r.rhs}`);
    checked++;
    if (r.vals.length === 2 && r.vals[0].join() !== r.vals[1].join()) differs++;
  });
  assert.ok(checked > 40);
  assert.ok(differs > checked / 2, `C Cᵀ y differs from y in ${differs} of ${checked}`);
  assert.deepEqual(problems, []);
});

/** Overlap counts from the definition: every (input pixel, tap) adds its weight to o = i*s - p + t*d. */
function countByDefinition(inDims, counts, params, outDims) {
  const [k, s, p, d] = [pair(params.kernel_size), pair(params.stride), pair(params.padding), pair(params.dilation)];
  const out = new Array(outDims[0] * outDims[1]).fill(0);
  for (let ih = 0; ih < inDims[0]; ih++) for (let iw = 0; iw < inDims[1]; iw++) for (let th = 0; th < k[0]; th++) for (let tw = 0; tw < k[1]; tw++) {
    const oh = ih * s[0] - p[0] + th * d[0], ow = iw * s[1] - p[1] + tw * d[1];
    if (oh >= 0 && ow >= 0 && oh < outDims[0] && ow < outDims[1]) out[oh * outDims[1] + ow] += counts[ih * inDims[1] + iw];
  }
  return out;
}

test('overlap map: counts equal a count from the definition, stacked layers compound, checkerboard iff k % s != 0', async (t) => {
  const { page, problems } = await suite.open(t);
  const cases = [
    [P('convT', '4', '3', '2', '1'), false], [P('convT', '4', '4', '2', '1'), true], [P('convT', '2', '3', '3', '0'), true],
    [P('convT', '3x5', '3x2', '2x1', '1x0', '1', '1x0'), false], [P('convT', '3', '3', '2', '0', '2'), null], [P('convT', '4', '5', '2', '2'), false],
  ];
  for (const [c, even] of cases) {
    await page.goto(distUrl('index.html', `${q(c)}&view=overlap`));
    await ready(page);
    await page.locator('[data-view="overlap"] input[data-layers="3"]').check();
    const v = await page.evaluate(() => {
      const e = document.querySelector('[data-view="overlap"]');
      const grids = [1, 2, 3].map((n) => {
        const g = e.querySelector(`[data-grid="overlap-${n}"]`);
        if (!g || !g.isConnected || !g.closest('.maps')) return null;
        const rows = Number(g.dataset.rows), cols = Number(g.dataset.cols);
        return { rows, cols, values: Array.from({ length: rows * cols }, (_, i) => Number(g.cellInfo(i).text)) };
      });
      return { even: e.dataset.even, layers: e.dataset.layers, grids };
    });
    const h = await readHooks(page);
    assert.equal(v.layers, '3');
    if (even !== null) assert.equal(v.even, String(even), `${q(c)}: even`);
    let dims = h.input, counts = new Array(dims[0] * dims[1]).fill(1);
    for (let L = 0; L < 3; L++) {
      const g = v.grids[L];
      assert.ok(g, `${q(c)}: layer ${L + 1} drawn`);
      if (L === 0) assert.deepEqual([g.rows, g.cols], h.output, `${q(c)}: layer 1 size = the ConvT output`);
      const want = countByDefinition(dims, counts, c, [g.rows, g.cols]);
      assert.deepEqual(g.values, want, `${q(c)}: layer ${L + 1} counts`);
      dims = [g.rows, g.cols]; counts = want;
    }
  }
  assert.deepEqual(problems, []);
});

test('polyphase view: the interleave equals the ConvT output grid, with fewer multiplies', async (t) => {
  const { page, problems } = await suite.open(t);
  for (const c of [P('convT', '4', '3', '2', '1'), P('convT', '3', '3', '3', '0'), P('convT', '3x5', '3x2', '2x1', '1x0', '1', '1x0'), P('convT', '4', '4', '2', '1'), P('convT', '3', '3', '2', '0', '2'), P('convT', '5', '3', '2', '3')]) {
    await page.goto(distUrl('index.html', `${q(c)}&view=polyphase`));
    await ready(page);
    // other values than the defaults: randomize, then compare
    await page.locator('details.more').evaluate((d) => { d.open = true; });
    await page.locator('.controls button', { hasText: 'Randomize values' }).click();
    const v = await page.evaluate(() => {
      const e = document.querySelector('[data-view="polyphase"]');
      const cells = (name) => { const g = document.querySelector(`[data-grid="${name}"]`); return Array.from({ length: Number(g.dataset.rows) * Number(g.dataset.cols) }, (_, i) => g.cellInfo(i).text); };
      const grid = document.querySelector('[data-grid="interleaved"]');
      return { inter: cells('interleaved'), out: cells('output'), rows: grid.dataset.rows, cols: grid.dataset.cols, ok: e.querySelector('[data-check="polyphase"]').dataset.ok,
        poly: Number(e.dataset.multipliesPolyphase), stuffed: Number(e.dataset.multipliesStuffed), phases: e.querySelectorAll('.phase').length };
    });
    const h = await readHooks(page);
    assert.deepEqual([Number(v.rows), Number(v.cols)], h.output, q(c));
    assert.deepEqual(v.inter, v.out, `${q(c)}: interleave = output`);
    assert.equal(v.ok, 'true');
    const [sh, sw] = pair(c.stride);
    assert.equal(v.phases, sh * sw, `${q(c)}: s*s phases`);
    assert.ok(v.poly < v.stuffed || (sh === 1 && sw === 1), `${q(c)}: ${v.poly} < ${v.stuffed}`);
  }
  assert.deepEqual(problems, []);
});

test('image mode: output dimensions follow PyTorch\'s arithmetic for dropped pictures of several sizes; presets', async (t) => {
  const { page, problems } = await suite.open(t);
  const cases = loadCases().filter((c) => c.size[0] >= 3 && c.size[1] >= 3);
  const picked = [];
  for (const mode of ['conv', 'convT']) for (const c of cases) { if (picked.filter((p) => p.mode === mode).length >= 4) break; const w = expected(c, mode); if (w && !w.tooBig) picked.push({ c, mode, out: w.output }); }
  assert.equal(picked.length, 8);
  for (const { c, mode, out } of picked) {
    // the layer's parameters on the grids (a small input), the picture with the fixture's size
    const query = `mode=${mode}&size=3&kernel_size=${pairText(c.kernelSize)}&stride=${pairText(c.stride)}&padding=${pairText(c.padding)}&dilation=${pairText(c.dilation)}&output_padding=${pairText(c.outputPadding)}&view=image`;
    await page.goto(distUrl('index.html', query));
    await settled(page);
    const hooks = await readHooks(page);
    if (hooks.alert) { // the 3x3 grid input is too small for this layer: use the fixture's own size
      await page.goto(distUrl('index.html', query.replace('size=3', `size=${pairText(c.size)}`)));
      await ready(page);
      assert.equal((await readHooks(page)).alert, '');
    }
    await page.evaluate(async ([H, W]) => {
      const cv = document.createElement('canvas'); cv.width = W; cv.height = H;
      const g = cv.getContext('2d'); g.fillStyle = '#c33'; g.fillRect(0, 0, W, H); g.fillStyle = '#3c3'; g.fillRect(0, 0, Math.ceil(W / 2), Math.ceil(H / 2));
      const blob = await new Promise((r) => cv.toBlob(r, 'image/png'));
      const dt = new DataTransfer(); dt.items.add(new File([blob], 'test.png', { type: 'image/png' }));
      document.querySelector('[data-control="image-drop"]').dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
    }, c.size);
    await page.waitForFunction(([H, W]) => { const e = document.querySelector('[data-view="image"]'); return e.dataset.inputRows === String(H) && e.dataset.inputCols === String(W); }, c.size);
    const v = await page.evaluate(() => { const e = document.querySelector('[data-view="image"]'); const o = e.querySelector('[data-canvas="output"]'); return { rows: Number(e.dataset.outputRows), cols: Number(e.dataset.outputCols), ok: e.dataset.ok, cw: o.width, ch: o.height, text: e.querySelector('.rule').textContent }; });
    const where = `${mode} ${JSON.stringify(c)}`;
    assert.equal(v.ok, 'true', where);
    assert.deepEqual([v.rows, v.cols], out, where);
    assert.deepEqual([v.ch, v.cw], out, `${where}: the drawn picture has that size`);
    assert.ok(v.text.includes(`${out[0]}×${out[1]}`), where);
  }
  // presets: x2 and x3 bilinear upsampling give exactly 2x and 3x the built-in picture; blur keeps the size
  await page.goto(distUrl('index.html', 'view=image'));
  await ready(page);
  const dimsNow = () => page.evaluate(() => { const e = document.querySelector('[data-view="image"]'); return [e.dataset.inputRows, e.dataset.inputCols, e.dataset.outputRows, e.dataset.outputCols].map(Number); });
  for (const [preset, f, mode] of [['up2', 2, 'convT'], ['up3', 3, 'convT'], ['blur', 1, 'conv'], ['edge', 1, 'conv'], ['random', 2, 'convT']]) {
    await page.locator(`[data-view="image"] button[data-preset="${preset}"]`).click();
    const [H, W, Ho, Wo] = await dimsNow();
    assert.deepEqual([Ho, Wo], [H * f, W * f], preset);
    assert.equal((await readHooks(page)).mode, mode);
  }
  // a bilinear x2 kernel on a constant picture gives a constant interior (no checkerboard)
  assert.deepEqual(problems, []);
});

/**
 * Everything but the words: sizes, values, verdicts, taps. (Not the round trip's values: they are
 * drawn when they come into view, and this view's tab hides them.)
 */
const dataSnapshot = (page) => page.evaluate(() => {
  const GRIDS = '[data-grid]:not([data-grid="roundtrip"])';
  const pick = (sel, attrs) => [...document.querySelectorAll(sel)].map((e) => attrs.map((a) => e.getAttribute(a)).join('|'));
  return {
    grids: pick(GRIDS, ['data-grid', 'data-rows', 'data-cols']),
    cells: [...document.querySelectorAll(GRIDS)].map((g) => Array.from({ length: Number(g.dataset.rows) * Number(g.dataset.cols) }, (_, i) => g.cellInfo(i)?.text).join(',')),
    views: pick('[data-view]', ['data-view', 'data-rows', 'data-cols', 'data-nonzeros', 'data-render', 'hidden']),
    checks: pick('[data-check]', ['data-check', 'data-ok']),
    taps: pick('[data-tap]', ['data-i', 'data-tap']),
    url: location.search.replace(/&lang=\w+/, ''),
  };
});

test('language: switching English ⇄ Korean changes the text and nothing else; every string exists in both', async (t) => {
  const { page, problems } = await suite.open(t);
  await page.goto(distUrl('index.html', 'mode=convT&size=4&kernel_size=3&stride=2&padding=1&view=matrix&lang=en'));
  await ready(page);
  await page.locator('[data-grid="input"]').focus();
  await page.keyboard.press('7');
  await showDerivations(page);
  const en = await dataSnapshot(page);
  const textEn = await page.locator('#convt-lab-root').innerText();
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'en');
  await page.locator('select[data-control="lang"]').selectOption('ko');
  await showDerivations(page);
  const ko = await dataSnapshot(page);
  const textKo = await page.locator('#convt-lab-root').innerText();
  assert.deepEqual(ko, en, 'same sizes, values, verdicts, taps');
  assert.notEqual(textKo, textEn);
  assert.match(textKo, /[\uac00-\ud7a3]/, 'Hangul shown');
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'ko');
  assert.equal(await page.evaluate(() => document.querySelector('.cl').lang), 'ko');
  assert.match(new URL(page.url()).search, /lang=ko/);
  assert.equal(await page.evaluate(() => document.activeElement?.dataset.control), 'lang', 'focus stays on the language control');
  // every view in both languages: no missing string, no alert
  for (const lang of ['ko', 'en']) {
    await page.goto(distUrl('index.html', `mode=conv&size=5&kernel_size=3&stride=2&padding=1&lang=${lang}`));
    await ready(page);
    for (const view of VIEWS) {
      await page.locator(`[role="tab"][data-tab="${view}"]`).click();
      const t = await page.locator('body').innerText();
      assert.doesNotMatch(t, /\[\[missing:/, `${lang} ${view}`);
      if (lang === 'ko') assert.match(await page.locator(`[data-view="${view}"]`).innerText(), /[\uac00-\ud7a3]/, `${view} in Korean`);
    }
    assert.equal((await readHooks(page)).alert, '');
  }
  // default from the browser's language
  const { page: p2, problems: p2problems } = await suite.open(t, distUrl('index.html'), { locale: 'ko-KR' });
  await ready(p2);
  assert.equal(await p2.evaluate(() => document.documentElement.lang), 'ko');
  assert.doesNotMatch(new URL(p2.url()).search, /lang=/);
  assert.deepEqual(p2problems, []);
  assert.deepEqual(problems, []);
});

test('tabs: roles, keyboard, view= parameter and attribute, invalid view refused', async (t) => {
  const { page, problems } = await suite.open(t);
  await page.goto(distUrl('index.html', 'view=overlap'));
  await ready(page);
  const state = () => page.evaluate(() => ({
    selected: [...document.querySelectorAll('[role="tab"][aria-selected="true"]')].map((t) => t.dataset.tab),
    visible: [...document.querySelectorAll('[role="tabpanel"]')].filter((p) => !p.hidden).map((p) => p.dataset.view),
    focused: document.activeElement?.dataset?.tab ?? null,
  }));
  assert.deepEqual(await state(), { selected: ['overlap'], visible: ['overlap'], focused: null });
  assert.equal(await page.locator('[role="tablist"]').count(), 1);
  const tab = page.locator('[role="tab"][data-tab="overlap"]');
  assert.equal(await tab.getAttribute('aria-controls'), await page.locator('[data-view="overlap"]').getAttribute('id'));
  await tab.focus();
  await page.keyboard.press('ArrowRight');
  assert.deepEqual(await state(), { selected: ['polyphase'], visible: ['polyphase'], focused: 'polyphase' });
  const last = VIEWS.at(-1);
  await page.keyboard.press('End');
  assert.deepEqual((await state()).selected, [last]);
  await page.keyboard.press('ArrowRight');
  assert.deepEqual((await state()).selected, ['sizes']);
  assert.doesNotMatch(new URL(page.url()).search, /view=/);
  await page.keyboard.press('ArrowLeft');
  assert.match(new URL(page.url()).search, new RegExp(`view=${last}`));
  // only the selected tab is in the tab order
  assert.deepEqual(await page.$$eval('[role="tab"]', (ts) => ts.map((t) => t.tabIndex)), VIEWS.map((v) => (v === last ? 0 : -1)));
  // invalid view: an alert naming it, shown as text; the default view is drawn
  await page.goto(distUrl('index.html', `view=${encodeURIComponent('<img src=x onerror=window.__pwned=1>')}`));
  await ready(page);
  const h = await readHooks(page);
  assert.match(h.alert, /view/);
  assert.deepEqual((await state()).visible, ['sizes']);
  assert.equal(await page.evaluate(() => window.__pwned), undefined);
  // the element: view and lang attributes
  {
    const w = await suite.open(t, suite.url('/two.html'));
    await allReady(w.page);
    const vis = (id) => w.page.evaluate((id) => [...document.querySelector(id).shadowRoot.querySelectorAll('[role="tabpanel"]')].filter((p) => !p.hidden).map((p) => p.dataset.view), id);
    assert.deepEqual(await vis('#a'), ['polyphase']);
    assert.deepEqual(await vis('#b'), ['matrix']);
    assert.equal(await w.page.evaluate(() => document.querySelector('#a').shadowRoot.querySelector('.cl').lang), 'ko');
    assert.equal(await w.page.evaluate(() => document.querySelector('#a').shadowRoot.querySelector('[data-check="polyphase"]').dataset.ok), 'true');
    assert.equal(await w.page.evaluate(() => document.querySelector('#b').shadowRoot.querySelector('[data-check="adjoint"]').dataset.ok), 'true');
    await w.page.evaluate(() => document.querySelector('#a').setAttribute('view', 'overlap'));
    await w.page.waitForFunction(() => !document.querySelector('#a').shadowRoot.querySelector('[data-view="overlap"]').hidden);
    assert.equal(await w.page.evaluate(() => document.querySelector('#a').params.view), 'overlap');
    assert.deepEqual(w.problems, []);
  }
  assert.deepEqual(problems, []);
});
