// The derivations (web/src/math.js), in the page and in a <convt-lab> embed: typeset by KaTeX as
// HTML in KaTeX's own fonts, handed to the document from bytes (no request). Checked the way a
// reader would see them: which fonts Chromium really drew the glyphs with (CDP
// CSS.getPlatformFontsForNode, so a fall back to a system font shows), '=' signs of a multi-line
// derivation at one x, floor brackets taller than the fraction inside, and on a 390 px phone no
// derivation wider than its panel unless it scrolls with a visible cue.
import assert from 'node:assert/strict';
import { test, browserSuite, distUrl, ready, showDerivations, HEAD } from './support.mjs';

const suite = browserSuite({ pages: {
  '/embed.html': `${HEAD}<body style="margin:0"><convt-lab id="lab" mode="conv" size="8" kernel_size="3" stride="2" padding="1" lang="en"></convt-lab><script src="/convt-lab.js"></script>`,
} });

/**
 * The page (host null) or the embed (host '#lab'), opened at `width`; English, so every glyph is one
 * KaTeX has. The window is tall enough for every derivation to be on screen at once: one scrolled
 * out of view keeps only its spoken form (inversion.js), and these tests measure them all together.
 */
async function openLab(t, host, width, query = 'mode=conv&size=8&kernel_size=3&stride=2&padding=1') {
  const target = host ? suite.url('/embed.html') : distUrl('index.html', `${query}&lang=en`);
  const opened = await suite.open(t, target, { width, height: 6000 });
  await ready(opened.page, host);
  await showDerivations(opened.page, host);
  return opened;
}

/** The font families Chromium drew each glyph of the derivations with (family -> glyph count, custom or not). */
async function fontsDrawn(page, host) {
  const cdp = await page.context().newCDPSession(page);
  try {
    await cdp.send('DOM.enable');
    await cdp.send('CSS.enable');
    await cdp.send('DOM.getDocument', { depth: -1, pierce: true });
    const expression = `(${(h) => {
      const scope = h ? document.querySelector(h).shadowRoot : document;
      return [...scope.querySelectorAll('[data-check] .math .katex-html *')].filter((e) => [...e.childNodes].some((c) => c.nodeType === 3 && c.data.trim()));
    }})(${JSON.stringify(host)})`;
    const { result } = await cdp.send('Runtime.evaluate', { expression });
    const { result: props } = await cdp.send('Runtime.getProperties', { objectId: result.objectId, ownProperties: true });
    const drawn = {};
    let elements = 0;
    for (const p of props.filter((x) => /^\d+$/.test(x.name))) {
      const { nodeId } = await cdp.send('DOM.requestNode', { objectId: p.value.objectId });
      const { fonts } = await cdp.send('CSS.getPlatformFontsForNode', { nodeId });
      elements++;
      for (const f of fonts) {
        const key = `${f.familyName}${f.isCustomFont ? '' : ' (system)'}`;
        drawn[key] = (drawn[key] || 0) + f.glyphCount;
      }
    }
    return { drawn, elements };
  } finally {
    await cdp.detach().catch(() => {});
  }
}

/** Geometry of every derivation in scope: '=' x of each row of multi-row ones, floor vs fraction heights, overflow. */
function measure(page, host) {
  return page.evaluate((h) => {
    const scope = h ? document.querySelector(h).shadowRoot : document;
    const box = (e) => e.getBoundingClientRect();
    const maths = [...scope.querySelectorAll('[data-check] .math')];
    const aligned = [...scope.querySelectorAll('[data-check] .math-rows:not(.math-flow)')].map((rows) =>
      [...rows.querySelectorAll(':scope > .math-right')].map((right) => {
        const rel = right.querySelector('.mrel'), side = right.previousElementSibling;
        if (!rel) return null;
        const r = box(rel), s = box(side);
        // a row's left side (if any) ends before its '=' on the same line
        const besideLeft = !side.textContent.trim() || (s.right <= r.left + 0.5 && s.top < r.bottom && r.top < s.bottom);
        return { left: r.left, top: r.top, text: rel.textContent, besideLeft };
      }));
    const floors = [...scope.querySelectorAll('[data-check] .katex-html .minner')].filter((m) => m.querySelector('.mfrac') && /⌊/.test(m.firstElementChild?.textContent || ''))
      // the glyph's own box (inline boxes around it take the line's height) and the fraction's stack
      .map((m) => ({ bracket: box(m.firstElementChild.querySelector('.delimsizing') || m.firstElementChild).height, fraction: box(m.querySelector('.mfrac > .vlist-t')).height }));
    const overflow = maths.map((m) => {
      const cs = getComputedStyle(m);
      const panel = m.closest('.panel');
      return {
        fits: m.scrollWidth <= m.clientWidth + 1 && m.scrollHeight <= m.clientHeight + 1,
        insidePanel: box(m).right <= box(panel).right + 0.5 && box(m).left >= box(panel).left - 0.5,
        scrolls: /auto|scroll/.test(cs.overflowX),
        shadows: /local/.test(cs.backgroundAttachment) && /scroll/.test(cs.backgroundAttachment) && (cs.backgroundImage.match(/gradient/g) || []).length >= 4,
        // a piece that starts left of the one before it starts a new line
        wrapped: [...m.querySelectorAll('.math-right, .math-flow')].some((r) => [...r.querySelectorAll(':scope > .math-piece')].some((p, i, all) => i > 0 && box(p).left < box(all[i - 1]).left)),
      };
    });
    return {
      katexHtml: scope.querySelectorAll('[data-check] .math .katex-html').length,
      spoken: [...scope.querySelectorAll('[data-check] .math [role="math"]')].map((e) => e.getAttribute('aria-label')),
      hiddenPieces: [...scope.querySelectorAll('[data-check] .math .math-piece')].every((e) => e.getAttribute('aria-hidden') === 'true'),
      maths: maths.length, aligned, floors, overflow,
      faces: [...document.fonts].filter((f) => f.family.startsWith('KaTeX_')).map((f) => `${f.family} ${f.status}`),
      check: { main: document.fonts.check('16px KaTeX_Main'), math: document.fonts.check('italic 16px KaTeX_Math') },
    };
  }, host);
}

for (const [where, host] of [['page', null], ['embed', '#lab']]) {
  test(`${where}: derivations are KaTeX HTML drawn only in KaTeX's fonts, loaded without a request`, async (t) => {
    const { page, problems } = await openLab(t, host, 1280);
    const m = await measure(page, host);
    assert.ok(m.katexHtml >= 10, `KaTeX HTML drawn (${m.katexHtml})`);
    // screen readers get each derivation as text: floors, fractions and the numbers, as a reader sees them
    assert.ok(m.spoken.length >= 4, 'every derivation has role="math" and a label');
    assert.ok(m.spoken.some((l) => /^O = ⌊\(I\+2p-d\(k-1\)-1\)\/\(s\)⌋\+1; = ⌊\(8\+2·1-1·\(3-1\)-1\)\/\(2\)⌋\+1 = 4/.test(l)), m.spoken.join(' | '));
    assert.ok(m.spoken.every((l) => !/\\/.test(l)), 'no TeX left in what is read out');
    assert.equal(m.hiddenPieces, true, 'the drawn pieces are not read twice');
    assert.deepEqual(m.check, { main: true, math: true }, 'document.fonts.check for KaTeX_Main and KaTeX_Math');
    for (const family of ['KaTeX_Main', 'KaTeX_Math']) assert.ok(m.faces.includes(`${family} loaded`), `${family} is in document.fonts, loaded: ${m.faces}`);
    const { drawn, elements } = await fontsDrawn(page, host);
    assert.ok(elements >= 50, `glyph-bearing elements checked: ${elements}`);
    for (const family of Object.keys(drawn)) assert.match(family, /^KaTeX_\w+$/, `a glyph drawn with a system font: ${JSON.stringify(drawn)}`);
    for (const family of ['KaTeX_Main', 'KaTeX_Math', 'KaTeX_Size3']) assert.ok(drawn[family] > 0, `${family} used: ${JSON.stringify(drawn)}`);
    assert.deepEqual(problems, []); // no request but file:/data:/the test server, no console error
  });

  test(`${where}: '=' of each multi-line derivation at one x; floor brackets taller than their fraction`, async (t) => {
    for (const width of [1280, 390]) {
      const { page, problems } = await openLab(t, host, width);
      const m = await measure(page, host);
      assert.ok(m.aligned.length >= 3, `multi-line derivations found at ${width} px: ${m.aligned.length}`);
      for (const rows of m.aligned) {
        assert.ok(rows.length >= 2 && rows.every((r) => r && r.text === '=' && r.besideLeft), `every row's right side starts with '=', beside its left side: ${JSON.stringify(rows)}`);
        for (const r of rows.slice(1)) {
          assert.ok(Math.abs(r.left - rows[0].left) < 0.5, `'=' at x ${r.left} vs ${rows[0].left} (${width} px)`);
          assert.ok(r.top > rows[0].top, 'continued rows are below the first');
        }
      }
      assert.ok(m.floors.length >= 2, `floors around fractions: ${m.floors.length}`);
      for (const f of m.floors) assert.ok(f.bracket > f.fraction, `floor bracket ${f.bracket.toFixed(1)} px not taller than fraction ${f.fraction.toFixed(1)} px`);
      assert.deepEqual(problems, []);
    }
  });

  test(`${where}: at 390 px every derivation fits its panel (wrapped at relations), and a narrower one scrolls with a cue`, async (t) => {
    const { page, problems } = await openLab(t, host, 390);
    const m = await measure(page, host);
    assert.ok(m.maths >= 2);
    for (const o of m.overflow) {
      assert.ok(o.insidePanel, 'the derivation stays inside its panel');
      assert.ok(o.fits || (o.scrolls && o.shadows), `cut without a cue: ${JSON.stringify(o)}`);
      assert.ok(o.fits, `at 390 px the derivation fits: ${JSON.stringify(o)}`);
    }
    assert.ok(m.overflow.some((o) => o.wrapped), 'some right side wrapped onto a second line at a relation');
    // squeeze one derivation to 120 px: it may not fit, but then it scrolls with the shadow cue
    const squeezed = await page.evaluate((h) => {
      const s = (h ? document.querySelector(h).shadowRoot : document).querySelector('[data-check] .math');
      s.style.width = '120px';
      const cs = getComputedStyle(s);
      return { overflows: s.scrollWidth > s.clientWidth, overflowX: cs.overflowX, attachment: cs.backgroundAttachment };
    }, host);
    assert.deepEqual(squeezed, { overflows: true, overflowX: 'auto', attachment: 'local, local, scroll, scroll' });
    assert.deepEqual(problems, []);
  });
}

test('page at 390 px, larger numbers and both axes: every derivation still fits its panel', async (t) => {
  const { page, problems } = await openLab(t, null, 390, 'mode=conv&size=60x57&kernel_size=5x3&stride=3x2&padding=2x1&dilation=3x1&output_padding=1');
  const m = await measure(page, null);
  assert.ok(m.maths >= 4, 'height and width drawn apart');
  for (const o of m.overflow) assert.ok(o.fits && o.insidePanel, JSON.stringify(o));
  assert.deepEqual(problems, []);
});

test('a derivation scrolled out of view keeps its spoken form and its height, follows changes, and is typeset again when seen', async (t) => {
  const { page, problems } = await suite.open(t, distUrl('index.html', 'mode=conv&size=8&kernel_size=3&stride=2&padding=1&lang=en'), { width: 1280, height: 900 });
  await ready(page);
  const state = (k) => page.evaluate((k) => {
    const d = document.querySelectorAll('[data-check] .deriv')[k];
    return {
      typeset: d.querySelectorAll('.katex-html').length,
      spoken: [...d.querySelectorAll('[role="math"]')].map((e) => e.getAttribute('aria-label')),
      height: d.getBoundingClientRect().height,
      elements: d.querySelectorAll('*').length,
    };
  }, k);
  await page.evaluate(() => { document.querySelector('details.other-direction').open = true; });
  const last = await page.evaluate(() => document.querySelectorAll('[data-check] .deriv').length - 1);
  const bring = (k) => page.evaluate((k) => document.querySelectorAll('[data-check] .deriv')[k].scrollIntoView({ block: 'center' }), k);
  await bring(last);
  await page.waitForFunction((k) => document.querySelectorAll('[data-check] .deriv')[k].querySelector('.katex-html'), last);
  const seen = await state(last);
  assert.ok(seen.typeset > 0 && seen.spoken.length >= 2, JSON.stringify(seen));

  await page.evaluate(() => window.scrollTo(0, 0));
  await page.waitForFunction((k) => !document.querySelectorAll('[data-check] .deriv')[k].querySelector('.katex-html'), last);
  const away = await state(last);
  assert.deepEqual(away.spoken, seen.spoken, 'screen readers read the same derivation');
  assert.ok(Math.abs(away.height - seen.height) < 1, `height kept: ${away.height} vs ${seen.height}`);
  assert.ok(away.elements * 10 < seen.elements, `a few elements instead of the drawn pieces: ${away.elements} vs ${seen.elements}`);

  // a change while it is away: the spoken form follows (stride 2 -> 3: the size formula's numbers)
  await page.locator('[data-param="stride"][data-axis="h"]').fill('3');
  await page.locator('[data-param="stride"][data-axis="h"]').dispatchEvent('change');
  await page.waitForFunction(() => /stride=3/.test(location.search));
  const changed = await state(last);
  assert.equal(changed.typeset, 0, 'still not typeset while away');
  assert.notDeepEqual(changed.spoken, seen.spoken, 'the spoken form follows the change');

  await bring(last);
  await page.waitForFunction((k) => document.querySelectorAll('[data-check] .deriv')[k].querySelector('.katex-html'), last);
  const back = await state(last);
  assert.deepEqual(back.spoken, changed.spoken, 'typeset again: what is drawn is what was read');
  assert.deepEqual(problems, []);
});
