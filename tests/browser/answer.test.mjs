// The answer where the eye goes: the verdict strip first in every layout, the answer and the grids on
// the first screen (desktop and phone), the compact lab within 700 px, the lecture layout, no words
// of the project's own making, and the defects a new user hit (each test failed before its fix).
import assert from 'node:assert/strict';
import { test, browserSuite, distUrl, ready, allReady, readHooks, cells, hoverCell, HEAD } from './support.mjs';
import { STRINGS } from '../../web/src/i18n/strings.js';

const compactPage = (labs, lang = 'en') => `${HEAD}<body style="margin:0"><main style="width:700px;margin:0 auto">${labs.map((a, i) => `<p>Text ${i}.</p><convt-lab id="l${i}" compact lang="${lang}" ${a}></convt-lab>`).join('')}</main><script src="/convt-lab.js"></script>`;
const COMPACT_CASES = [
  'mode="convT" size="4" kernel_size="3" stride="2" padding="1"', 'mode="conv" size="8" kernel_size="3" stride="2" padding="1"',
  'mode="convT" size="8" kernel_size="4" stride="2" padding="1"', 'mode="convT" size="8" kernel_size="3" stride="2" padding="1"',
  'mode="conv" size="8" kernel_size="3" stride="1" padding="1"', 'mode="convT" size="8x6" kernel_size="4" stride="2" padding="1"',
  'mode="conv" size="8" kernel_size="5" stride="1" padding="2" padding_mode="reflect"', 'mode="convT" size="8" kernel_size="3" stride="3" padding="0"',
];
const suite = browserSuite({ pages: {
  '/compact-en.html': compactPage(COMPACT_CASES), '/compact-ko.html': compactPage(COMPACT_CASES, 'ko'),
  '/frame.html': `${HEAD}<body style="margin:0"><iframe id="f" src="/index.html?mode=convT&size=8&kernel_size=4&stride=2&padding=1&compact=1" style="width:700px;height:700px;border:0" title="lab"></iframe>`,
  '/full.html': `${HEAD}<body><convt-lab id="lab" mode="conv" size="8" kernel_size="3" stride="2" padding="1"></convt-lab><script src="/convt-lab.js"></script>`,
} });

/** The first screen's cases of the issue: the default, the classic case, a Conv2d that fails, fixed, and DCGAN's layer. */
const FIRST_SCREEN = [
  ['the default', ''], ['the classic case', 'mode=convT&size=4&kernel_size=3&stride=2&padding=1'],
  ['conv 8 k3 s2 p1', 'mode=conv&size=8&kernel_size=3&stride=2&padding=1'], ['conv 8 k3 s2 p1 output_padding=1', 'mode=conv&size=8&kernel_size=3&stride=2&padding=1&output_padding=1'],
  ['convT 8 k4 s2 p1', 'mode=convT&size=8&kernel_size=4&stride=2&padding=1'],
];

/** Where the strip and the grids are, in the viewport (page or element `host`). */
const firstScreen = (page, host = null) => page.evaluate((h) => {
  const scope = h ? document.querySelector(h).shadowRoot : document;
  const box = (e) => { const r = e.getBoundingClientRect(); return { top: r.top, bottom: r.bottom, left: r.left, right: r.right, height: r.height }; };
  const strip = scope.querySelector('.verdict-strip');
  return {
    // the strip's text as it reads on screen (without the words only screen readers get)
    strip: box(strip), verdict: strip.dataset.verdict, text: (() => { const c = strip.cloneNode(true); for (const e of c.querySelectorAll('.sr-only')) e.remove(); return c.textContent.replace(/\s+/g, ' ').trim(); })(), fontPx: parseFloat(getComputedStyle(strip).fontSize),
    grids: Object.fromEntries(['input', 'kernel', 'stuffed', 'output'].map((g) => [g, box(scope.querySelector(`[data-grid="${g}"]`))])),
    cells: Object.fromEntries(['input', 'kernel', 'stuffed', 'output'].map((g) => [g, Number(scope.querySelector(`[data-grid="${g}"]`).dataset.cell)])),
    first: scope.querySelector('.cl').firstElementChild.className, vh: innerHeight, vw: innerWidth,
  };
}, host);

test('the verdict strip: the sizes through both layers as PyTorch writes them, ✓ or ✗ with the remainder and the fix, first in the lab', async (t) => {
  const { page, problems } = await suite.open(t, distUrl('index.html', 'mode=convT&size=4&kernel_size=3&stride=2&padding=1'));
  await ready(page);
  let s = await firstScreen(page);
  assert.equal(s.first, 'verdict-strip', 'the strip is the lab\'s first element');
  assert.equal(s.verdict, 'ok');
  assert.match(s.text, /^4×4 → ConvTranspose2d\(3, stride=2, padding=1\) → 7×7 → Conv2d\(3, stride=2, padding=1\) → 4×4 ✓ size comes back$/, s.text.replace(/\s+/g, ' '));
  // a Conv2d that does not come back: ✗, the remainder, and one click to output_padding
  await page.goto(distUrl('index.html', 'mode=conv&size=8&kernel_size=3&stride=2&padding=1'));
  await ready(page);
  s = await firstScreen(page);
  assert.equal(s.verdict, 'fail');
  assert.match(s.text.replace(/\s+/g, ' '), /^8×8 → Conv2d\(3, stride=2, padding=1\) → 4×4 → ConvTranspose2d\(3, stride=2, padding=1\) → 7×7 ✗ size does not come back: Conv2d’s floor drops r = 1; fix: output_padding=1$/);
  assert.equal(await page.locator('.verdict-strip').getAttribute('aria-live'), 'polite');
  await page.locator('.verdict-strip button.fix').click();
  assert.equal((await readHooks(page)).verdict, 'ok');
  assert.match(new URL(page.url()).search, /output_padding=1/);
  assert.match((await firstScreen(page)).text, /ConvTranspose2d\(3, stride=2, padding=1, output_padding=1\) → 8×8/);
  assert.equal(await page.evaluate(() => document.activeElement?.classList.contains('verdict-strip')), true, 'focus stays on the strip the fix changed');
  // no way back ('same' with an even kernel pads unevenly): undefined, said so
  await page.goto(distUrl('index.html', 'mode=conv&size=5&kernel_size=4&stride=1&padding=same'));
  await ready(page);
  s = await firstScreen(page);
  assert.equal(s.verdict, 'undefined');
  assert.match(s.text, /no such layer/);
  // the full element and an iframe of the compact page show it first too
  await page.goto(suite.url('/full.html'));
  await allReady(page);
  s = await firstScreen(page, '#lab');
  assert.deepEqual([s.first, s.verdict], ['verdict-strip', 'fail']);
  await page.goto(suite.url('/frame.html'));
  const frame = page.frameLocator('#f');
  await frame.locator('.cl[data-ready="true"]').waitFor({ state: 'attached' });
  assert.equal(await frame.locator('.cl > :first-child').getAttribute('class'), 'verdict-strip');
  assert.match(await frame.locator('.verdict-strip').textContent(), /8×8 →.*ConvTranspose2d\(4, stride=2, padding=1\) →.*16×16/);
  assert.deepEqual(problems, []);
});

for (const scheme of ['light', 'dark']) {
  test(`first screen at 1280x900 (${scheme}): the verdict and the input, stuffed and output grids, for each case of the question`, async (t) => {
    const { page, problems } = await suite.open(t, null, { width: 1280, height: 900, colorScheme: scheme });
    for (const [name, query] of FIRST_SCREEN) {
      await page.goto(distUrl('index.html', query));
      await ready(page);
      const s = await firstScreen(page);
      assert.ok(s.strip.bottom <= s.vh, `${name}: the strip is on the first screen (${s.strip.bottom})`);
      for (const g of ['input', 'stuffed', 'output']) assert.ok(s.grids[g].top >= 0 && s.grids[g].bottom <= s.vh, `${name}: the ${g} grid is on the first screen (${s.grids[g].top}-${s.grids[g].bottom})`);
    }
    assert.deepEqual(problems, []);
  });
}

test('phone 390x844: the verdict and a whole grid on the first screen, cells of at least 36 px up to 8 columns, tabs in one row that scrolls', async (t) => {
  const { page, problems } = await suite.open(t, null, { width: 390, height: 844 });
  for (const [name, query] of FIRST_SCREEN) {
    await page.goto(distUrl('index.html', query));
    await ready(page);
    const s = await firstScreen(page);
    assert.ok(s.strip.bottom <= s.vh, `${name}: the strip on the first screen`);
    assert.ok(Object.values(s.grids).some((g) => g.top >= 0 && g.bottom <= s.vh), `${name}: a whole grid on the first screen: ${JSON.stringify(s.grids)}`);
    const cols = await page.evaluate(() => Object.fromEntries(['input', 'kernel', 'stuffed', 'output'].map((g) => [g, Number(document.querySelector(`[data-grid="${g}"]`).dataset.cols)])));
    for (const g of ['input', 'kernel', 'stuffed', 'output']) if (cols[g] <= 8) assert.ok(s.cells[g] >= 36, `${name}: ${g} (${cols[g]} columns) has ${s.cells[g]} px cells`);
    assert.ok(s.grids.input.right <= s.vw, `${name}: the input grid fits the width`);
    const tabs = await page.evaluate(() => { const tops = [...document.querySelectorAll('[role="tab"]')].map((e) => Math.round(e.getBoundingClientRect().top)); const list = document.querySelector('[role="tablist"]'); return { rows: new Set(tops).size, scrolls: getComputedStyle(list).overflowX }; });
    assert.deepEqual(tabs, { rows: 1, scrolls: 'auto' }, `${name}: tabs`);
  }
  assert.deepEqual(problems, []);
});

for (const lang of ['en', 'ko']) {
  test(`compact (${lang}): at most 700 px tall in a 700 px column up to 8x8, the strip naming the layer, no overflow`, async (t) => {
    const { page, problems } = await suite.open(t, suite.url(`/compact-${lang}.html`), { width: 1280, height: 900 });
    await allReady(page);
    for (let i = 0; i < COMPACT_CASES.length; i++) {
      const info = await page.evaluate((id) => {
        const e = document.getElementById(id), r = e.shadowRoot, box = e.getBoundingClientRect();
        return { height: box.height, width: box.width, strip: r.querySelector('.verdict-strip').textContent, verdict: r.querySelector('.verdict-strip').dataset.verdict,
          // (a grid's canvases are allocated in steps and clipped by the grid: what shows is the grid's box)
          overflow: [...r.querySelectorAll('*')].filter((x) => !x.closest('.clip')).some((x) => x.getBoundingClientRect().right > box.right + 1) };
      }, `l${i}`);
      assert.ok(info.height <= 700, `${COMPACT_CASES[i]}: ${info.height} px tall`);
      assert.ok(info.width <= 700 && !info.overflow, `${COMPACT_CASES[i]}: within the column`);
      assert.match(info.strip, /(Conv2d|ConvTranspose2d)\(\d/, `${COMPACT_CASES[i]}: the strip names the layer`);
      assert.ok(['ok', 'fail'].includes(info.verdict));
    }
    assert.deepEqual(problems, []);
  });
}

for (const [w, h] of [[1920, 1080], [1280, 720]]) {
  test(`lecture layout at ${w}x${h}: large verdict and caption, every grid on screen, keys step, no controls but the parameter bar`, async (t) => {
    const { page, problems } = await suite.open(t, distUrl('index.html', 'mode=convT&size=4&kernel_size=3&stride=2&padding=1&present=1'), { width: w, height: h });
    await ready(page);
    const s = await firstScreen(page);
    assert.ok(s.fontPx >= 24, `strip font ${s.fontPx} px`);
    for (const g of ['input', 'kernel', 'stuffed', 'output']) assert.ok(s.grids[g].top >= 0 && s.grids[g].bottom <= h, `${g} on screen: ${JSON.stringify(s.grids[g])}`);
    // larger than the full page's cells (44 px at most) where the screen allows it
    assert.ok(s.cells.stuffed >= (h >= 1000 ? 60 : 40), `large cells: ${s.cells.stuffed} px`);
    const caption = await page.evaluate(() => { const c = document.querySelector('.step-caption'); return { px: parseFloat(getComputedStyle(c).fontSize), text: c.textContent, bottom: c.getBoundingClientRect().bottom }; });
    assert.ok(caption.px >= 24 && caption.bottom <= h, `caption ${caption.px} px at ${caption.bottom}`);
    assert.match(caption.text, /Output cell 1 of 49 .* y\(0,0\) = .* = 5$/);
    assert.equal(await page.locator('[role="tab"], details.more, .snippet, [data-control="preset"]').count(), 0, 'no tabs, no "More", no code, no examples');
    assert.equal(await page.locator('input[data-param="stride"][data-axis="h"]').isVisible(), true, 'the parameter bar');
    const step = () => page.evaluate(() => Number(document.querySelector('.stepper').dataset.step));
    await page.keyboard.press('Space');
    await page.keyboard.press('ArrowRight');
    assert.equal(await step(), 2);
    await page.keyboard.press('ArrowLeft');
    assert.equal(await step(), 1);
    assert.match(await page.locator('.step-caption').textContent(), /Output cell 2 of 49 \(row 0, column 1\)/);
    assert.equal((await cells(page, 'output')).filter((c) => c.blank).length, 47, 'the output filled up to the step');
    // a key typed into a field keeps its meaning
    await page.locator('input[data-param="stride"][data-axis="h"]').focus();
    await page.keyboard.press('ArrowRight');
    assert.equal(await step(), 1);
    assert.match(new URL(page.url()).search, /present=1/);
    assert.deepEqual(problems, []);
  });
}

test('no words of the project\'s own making in the UI: "seed" in no string of either language and on no page', async (t) => {
  const bad = [];
  for (const [key, entry] of Object.entries(STRINGS)) {
    for (const [k, v] of entry.entries()) {
      const texts = typeof v === 'function' ? [v('A', 'B', 'C', 'D', 'E', 'F')] : [v];
      for (const s of texts) if (/\bseeds?\b|seed['’]s/i.test(s)) bad.push(`${key}[${k}]: ${s.slice(0, 60)}`);
    }
  }
  assert.deepEqual(bad, []);
  const { page, problems } = await suite.open(t);
  for (const lang of ['en', 'ko']) {
    await page.goto(distUrl('index.html', `lang=${lang}`));
    await ready(page);
    await page.evaluate(() => { for (const d of document.querySelectorAll('details')) d.open = true; });
    assert.doesNotMatch(await page.evaluate(() => document.body.innerText), /\bseed/i, lang);
    await page.goto(distUrl('course-example.html'));
    await allReady(page);
    assert.doesNotMatch(await page.evaluate(() => document.body.innerText), /\bseed/i, 'course example');
  }
  assert.deepEqual(problems, []);
});

test('the step status names the cell the sums explain: hover y(3,3) and it says row 3, column 3', async (t) => {
  const { page, problems } = await suite.open(t, distUrl('index.html', 'mode=convT&size=4&kernel_size=3&stride=2&padding=1'));
  await ready(page);
  await hoverCell(page, 'output', 3 * 7 + 3);
  assert.match(await page.locator('.sums h3').textContent(), /y\(3,3\)/);
  assert.match(await page.locator('.step-status').textContent(), /Output cell 25 of 49 \(row 3, column 3\)/);
  assert.deepEqual(problems, []);
});

/** WCAG contrast of two [r, g, b]. */
function contrast(a, b) {
  const L = (c) => { const [r, g, bl] = c.map((v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; }); return 0.2126 * r + 0.7152 * g + 0.0722 * bl; };
  const [x, y] = [L(a), L(b)].sort((p, q) => q - p);
  return (x + 0.05) / (y + 0.05);
}

for (const scheme of ['light', 'dark']) {
  test(`cell text on highlighted cells reads at 4.5:1 or more (${scheme}): measured on the drawn pixels`, async (t) => {
    const { page, problems } = await suite.open(t, distUrl('index.html', 'mode=convT&size=4&kernel_size=3&stride=2&padding=1'), { colorScheme: scheme });
    await ready(page);
    const worst = [];
    for (const how of ['hover', 'step']) {
      if (how === 'hover') await hoverCell(page, 'output', 3 * 7 + 3); else { await page.mouse.move(1270, 5); await page.locator('.step-next').click(); }
      for (const grid of ['input', 'stuffed', 'flipped']) {
        // the two canvases of a grid composited as the screen shows them; per marked cell, its
        // background (the commonest colour) and its ink (the pixel farthest from it)
        const cellsSeen = await page.evaluate((name) => {
          const g = document.querySelector(`[data-grid="${name}"]`);
          const [base, over] = g.querySelectorAll('canvas');
          const c = Object.assign(document.createElement('canvas'), { width: base.width, height: base.height });
          const x = c.getContext('2d', { willReadFrequently: true });
          x.drawImage(base, 0, 0); x.drawImage(over, 0, 0);
          const cell = Number(g.dataset.cell) * (base.width / parseFloat(base.style.width)), cols = Number(g.dataset.cols);
          return Object.entries(g.marked()).filter(([i]) => g.cellInfo(Number(i)).text).map(([i, mark]) => {
            const r = Math.floor(i / cols), col = i % cols, inset = Math.ceil(cell * 0.2);
            const d = x.getImageData(Math.round(col * cell + inset), Math.round(r * cell + inset), Math.floor(cell - 2 * inset), Math.floor(cell - 2 * inset)).data;
            const px = []; for (let k = 0; k < d.length; k += 4) px.push([d[k], d[k + 1], d[k + 2]]);
            return { i: Number(i), mark, text: g.cellInfo(Number(i)).text, px };
          });
        }, grid);
        for (const c of cellsSeen) {
          const counts = new Map();
          for (const p of c.px) counts.set(p.join(), (counts.get(p.join()) || 0) + 1);
          const bg = [...counts.entries()].sort((a, b) => b[1] - a[1])[0][0].split(',').map(Number);
          const ink = c.px.reduce((best, p) => (contrast(p, bg) > contrast(best, bg) ? p : best), bg);
          worst.push({ at: `${how} ${grid} ${c.i} (${c.mark}, "${c.text}")`, ratio: contrast(ink, bg) });
        }
      }
    }
    assert.ok(worst.length >= 10, `highlighted cells measured: ${worst.length}`);
    const low = worst.filter((w) => w.ratio < 4.5).map((w) => `${w.at}: ${w.ratio.toFixed(2)}`);
    assert.deepEqual(low, []);
    assert.deepEqual(problems, []);
  });
}

test('live regions hold short readouts only: the two-ways card is not one; the strip and the readout are', async (t) => {
  const { page, problems } = await suite.open(t, distUrl('index.html', 'mode=convT&size=4&kernel_size=3&stride=2&padding=1'));
  await ready(page);
  await hoverCell(page, 'output', 10);
  const live = await page.evaluate(() => [...document.querySelectorAll('[aria-live]:not([aria-live="off"]), [role="status"], [role="alert"]')]
    .map((e) => ({ what: e.className, length: e.textContent.length })));
  assert.ok(live.some((l) => l.what === 'readout') && live.some((l) => l.what === 'verdict-strip'), JSON.stringify(live));
  for (const l of live) assert.ok(l.length <= 200, `${l.what}: ${l.length} characters read out on each change`);
  assert.equal(await page.locator('.sums').getAttribute('aria-live'), null);
  assert.deepEqual(problems, []);
});

test('a link with values the core refuses: the alert says why and the loading note goes once the core is ready', async (t) => {
  const { page, problems } = await suite.open(t, distUrl('index.html', 'mode=convT&size=4&kernel_size=3&stride=2&padding=1&output_padding=5'));
  await page.waitForFunction(() => { const a = document.querySelector('[role="alert"]'); return a && !a.hidden && a.textContent.includes('output_padding'); });
  assert.equal(await page.locator('.loading').isVisible(), false, 'no "Loading the WebAssembly core…" after it has loaded');
  assert.deepEqual(problems, []);
});

test('a focused grid\'s ring stays off the letters along the stuffed grid\'s edges', async (t) => {
  const { page, problems } = await suite.open(t, distUrl('index.html', 'mode=convT&size=4&kernel_size=3&stride=2&padding=1'));
  await ready(page);
  await page.locator('[data-grid="flipped"]').focus();
  await page.keyboard.press('Tab'); // to the stuffed grid, by keyboard: :focus-visible
  const r = await page.evaluate(() => {
    const g = document.activeElement, cs = getComputedStyle(g), b = g.getBoundingClientRect();
    const reach = parseFloat(cs.outlineOffset) + parseFloat(cs.outlineWidth);
    const ring = { left: b.left - reach, top: b.top - reach, right: b.right + reach, bottom: b.bottom + reach };
    const letters = [...document.querySelectorAll('.stuffed-frame .strip span')].map((s) => s.getBoundingClientRect()).filter((s) => s.width > 0);
    // the ring is a band `outlineWidth` wide just outside the grid: does a letter's box reach into it?
    const hit = letters.filter((s) => s.right > ring.left && s.left < ring.right && s.bottom > ring.top && s.top < ring.bottom
      && (s.right <= b.left || s.bottom <= b.top));
    return { grid: g.dataset.grid, visible: g.matches(':focus-visible'), style: cs.outlineStyle, hit: hit.length, letters: letters.length };
  });
  assert.deepEqual([r.grid, r.visible, r.style], ['stuffed', true, 'solid']);
  assert.ok(r.letters >= 18);
  assert.equal(r.hit, 0, 'letters under the focus ring');
  assert.deepEqual(problems, []);
});

test('Play / Pause and the step status do not move the controls beside them', async (t) => {
  const { page, problems } = await suite.open(t, distUrl('index.html', 'mode=convT&size=8&kernel_size=3&stride=2&padding=1'));
  await ready(page);
  const where = () => page.evaluate(() => ['.step-next', '.speed', '.export-btn'].map((s) => Math.round(document.querySelector(s).getBoundingClientRect().left)));
  const start = await where();
  await page.locator('.step-play').click();
  await page.waitForFunction(() => Number(document.querySelector('.stepper').dataset.step) >= 1);
  const playing = await where();
  await page.locator('.step-play').click();
  for (let k = 0; k < 12; k++) await page.locator('.step-next').click(); // from cell 1 to cell 13 and on: the numbers grow a digit
  const later = await where();
  await hoverCell(page, 'output', 15 * 15 - 1); // the status names the last cell (row 14, column 14)
  const hovered = await where();
  assert.deepEqual([playing, later, hovered], [start, start, start]);
  assert.deepEqual(problems, []);
});

test('the round trip\'s values are drawn at the input\'s cell size, in one text size', async (t) => {
  const { page, problems } = await suite.open(t, distUrl('index.html', 'mode=conv&size=5&kernel_size=3&stride=1&padding=1'));
  await ready(page);
  await page.locator('details.values-more > summary').click();
  await page.locator('[data-grid="roundtrip"]').scrollIntoViewIfNeeded();
  await page.waitForFunction(() => document.querySelector('[data-grid="roundtrip"]').cellInfo(0));
  const g = await page.evaluate(() => ['input', 'roundtrip'].map((n) => { const e = document.querySelector(`[data-grid="${n}"]`); return { cell: Number(e.dataset.cell), size: Number(e.dataset.valueSize) }; }));
  assert.equal(g[1].cell, g[0].cell, 'the same cell size as the input it is compared with');
  assert.ok(g[1].size >= 9, `one text size for the grid: ${g[1].size}`);
  assert.deepEqual(problems, []);
});

test('the matrix is drawn in the page, not a small box: no inner scroll, and its card is no wider than it needs', async (t) => {
  const { page, problems } = await suite.open(t, distUrl('index.html', 'mode=convT&size=4&kernel_size=3&stride=2&padding=1&view=matrix'));
  await ready(page);
  const m = await page.evaluate(() => {
    const box = document.querySelector('.mscroll'), frame = document.querySelector('.matrix-frame'), panel = document.querySelector('.mpanel');
    return { scrollH: box.scrollHeight, clientH: box.clientHeight, frameW: frame.getBoundingClientRect().width, panelW: panel.getBoundingClientRect().width };
  });
  assert.ok(m.scrollH <= m.clientH + 1, `no inner vertical scroll (${m.scrollH} in ${m.clientH})`);
  assert.ok(m.frameW >= 0.6 * m.panelW, `the matrix fills its card: ${m.frameW} of ${m.panelW} px`);
  assert.deepEqual(problems, []);
});

test('heatmap grids: the legend gives each scale\'s numbers, and its bars print', async (t) => {
  const { page, problems } = await suite.open(t, distUrl('index.html', 'mode=convT&size=32&kernel_size=3&stride=2&padding=1'));
  await ready(page);
  const legend = await page.evaluate(() => [...document.querySelectorAll('.heatlegend .hl-scale')].map((s) => s.textContent));
  assert.equal(legend.length, 2);
  for (const l of legend) assert.match(l, /−\d+ *\+\d+/, l);
  await page.emulateMedia({ media: 'print' });
  const bar = await page.evaluate(() => { const b = document.querySelector('.hl-bar'); const cs = getComputedStyle(b); return { adjust: cs.printColorAdjust, image: cs.backgroundImage, shown: b.getClientRects().length > 0 }; });
  assert.deepEqual([bar.adjust, bar.shown], ['exact', true]);
  assert.match(bar.image, /gradient/);
  assert.deepEqual(problems, []);
});

for (const width of [1280, 390]) {
  test(`Korean at ${width} px: nothing sticks out of the page or the lab (Hangul drawn in a Hangul face)`, async (t) => {
    const { page, problems } = await suite.open(t, null, { width, height: 900 });
    for (const query of ['lang=ko', 'lang=ko&mode=conv&size=8&kernel_size=3&stride=2&padding=1', 'lang=ko&view=matrix', 'lang=ko&present=1', 'lang=ko&compact=1']) {
      await page.goto(distUrl('index.html', query));
      await ready(page);
      await page.evaluate(() => { for (const d of document.querySelectorAll('details')) d.open = true; });
      const out = await page.evaluate(() => {
        const lab = document.querySelector('.cl').getBoundingClientRect();
        // what a scroller holds may be wider than it (it scrolls); anything else must stay inside the lab
        const inScroller = (e) => { for (let p = e.parentElement; p; p = p.parentElement) { const o = getComputedStyle(p).overflowX; if (o === 'auto' || o === 'scroll' || o === 'hidden') return true; } return false; };
        const wide = [...document.querySelectorAll('.cl *')].filter((e) => e.getClientRects().length && !inScroller(e) && e.getBoundingClientRect().right > lab.right + 1)
          .map((e) => `${e.tagName.toLowerCase()}.${e.className}: ${Math.round(e.getBoundingClientRect().right)} > ${Math.round(lab.right)}`);
        return { page: document.documentElement.scrollWidth - innerWidth, wide: wide.slice(0, 5) };
      });
      assert.ok(out.page <= 0, `${query}: the page scrolls sideways by ${out.page} px`);
      assert.deepEqual(out.wide, [], query);
    }
    // the Hangul is drawn in a face that has it (tools/setup.sh installs Debian's fonts-noto-cjk), so
    // what was measured is what a Korean reader sees, not boxes
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('DOM.enable'); await cdp.send('CSS.enable');
    const { root } = await cdp.send('DOM.getDocument', { depth: -1 });
    const { nodeId } = await cdp.send('DOM.querySelector', { nodeId: root.nodeId, selector: '.verdict-strip .badge' });
    const { fonts } = await cdp.send('CSS.getPlatformFontsForNode', { nodeId });
    assert.ok(fonts.some((f) => /CJK|KR|Hangul|Nanum/i.test(f.familyName)), `Hangul drawn with ${JSON.stringify(fonts)}`);
    assert.deepEqual(problems, []);
  });
}

test('a ConvTranspose2d made too large by its stride is refused naming stride, and the stride field is marked', async (t) => {
  const { page, problems } = await suite.open(t, distUrl('index.html', 'mode=convT&size=4&kernel_size=3&stride=2&padding=1'));
  await ready(page);
  await page.locator('input[data-param="stride"][data-axis="h"]').fill('100000');
  await page.waitForFunction(() => { const a = document.querySelector('[role="alert"]'); return a && !a.hidden; });
  const alert = await page.locator('[role="alert"]').textContent();
  assert.match(alert, /^stride: /, alert);
  assert.equal(await page.locator('input[data-param="stride"][data-axis="h"]').getAttribute('aria-invalid'), 'true');
  assert.equal(await page.locator('input[data-param="padding"][data-axis="h"]').getAttribute('aria-invalid'), null, 'padding is not blamed');
  assert.equal((await readHooks(page)).output.join('x'), '7x7', 'the last good state stays drawn');
  // a huge input on a link: named as the size
  await page.goto(distUrl('index.html', 'mode=convT&size=20000&kernel_size=3&stride=2&padding=1'));
  await page.waitForFunction(() => { const a = document.querySelector('[role="alert"]'); return a && !a.hidden; });
  assert.match(await page.locator('[role="alert"]').textContent(), /^size: /);
  assert.equal(await page.locator('input[data-param="size"][data-axis="h"]').getAttribute('aria-invalid'), 'true');
  assert.deepEqual(problems, []);
});
