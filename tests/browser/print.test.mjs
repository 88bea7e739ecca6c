// Printing (styles.css @media print, index.html's own print rules): the grids, the verdict and the
// derivation, without controls, tabs or buttons, whichever tab is open; the derivations are typeset
// before printing (lab.js beforeprint); the classic case fits on two A4 pages with the browser's
// usual margins. Pages are counted in the PDF Chromium prints.
import assert from 'node:assert/strict';
import { test, browserSuite, distUrl, ready, allReady, HEAD } from './support.mjs';

const EMBED = `${HEAD}<p>Course text.</p><convt-lab id="a" mode="convT" size="4" kernel_size="3" stride="2" padding="1"></convt-lab>` +
  '<convt-lab id="c" compact mode="conv" size="8" kernel_size="3" stride="2" padding="1"></convt-lab><script src="/convt-lab.js"></script>';
const suite = browserSuite({ pages: { '/embed.html': EMBED } });
const SEED = 'mode=convT&size=4&kernel_size=3&stride=2&padding=1';

/** What is rendered in a lab (page or shadow root): boxes of the parts that must print, and every visible control. */
const printed = (page, host = null) => page.evaluate((h) => {
  const scope = h ? document.querySelector(h).shadowRoot : document;
  const shown = (el) => !!el && el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden';
  const controls = [...scope.querySelectorAll('button, select, input, [role="tab"], .controls, .stepper, .export')].filter(shown);
  return {
    controls: controls.map((e) => e.className || e.tagName),
    grids: [...scope.querySelectorAll('[data-grid="input"], [data-grid="stuffed"], [data-grid="output"]')].map(shown),
    verdict: shown(scope.querySelector('.verdict-strip')),
    card: shown(scope.querySelector('[data-check="inversion"] .verdict')),
    derivations: [...scope.querySelectorAll('.deriv')].filter(shown).length,
    typeset: scope.querySelectorAll('.deriv .katex-html').length,
  };
}, host);

/** Number of pages in a PDF (its page objects). */
const pagesOf = (pdf) => (pdf.toString('latin1').match(/\/Type\s*\/Page(?![s\w])/g) || []).length;
const A4 = { format: 'A4', margin: { top: '1cm', bottom: '1cm', left: '1cm', right: '1cm' } };

test('print media: grids, verdict and derivations shown; controls, tabs and buttons hidden, whichever tab is open', async (t) => {
  const { page, problems } = await suite.open(t, distUrl('index.html', `${SEED}&view=matrix`));
  await ready(page);
  const screen = await printed(page);
  assert.ok(screen.controls.length > 10, 'on screen the controls are there');
  await page.emulateMedia({ media: 'print' });
  const paper = await printed(page);
  assert.deepEqual(paper.controls, [], 'no control on paper');
  assert.deepEqual(paper.grids, [true, true, true]);
  assert.equal(paper.verdict, true, 'the verdict strip');
  assert.equal(paper.card, true, 'the inversion card');
  assert.equal(paper.derivations, 2, 'both directions (the other one unfolded), though the matrix tab is open');
  assert.equal(await page.evaluate(() => getComputedStyle(document.querySelector('footer')).display), 'none');
  assert.deepEqual(problems, []);
});

test('the classic case prints on at most 2 A4 pages, every derivation typeset before printing', async (t) => {
  const { page, problems } = await suite.open(t, distUrl('index.html', SEED));
  await ready(page);
  const pdf = await page.pdf(A4);
  const n = pagesOf(pdf);
  t.diagnostic(`A4 pages: ${n}, PDF ${pdf.length} bytes`);
  assert.ok(n >= 1 && n <= 2, `${n} pages`);
  const after = await printed(page);
  assert.ok(after.typeset >= 2, `derivations typeset by beforeprint: ${after.typeset}`);
  assert.deepEqual(problems, []);
});

test('an embed prints without its controls too (full and compact)', async (t) => {
  const { page, problems } = await suite.open(t, suite.url('/embed.html'));
  await allReady(page);
  await page.emulateMedia({ media: 'print' });
  for (const host of ['#a', '#c']) {
    const p = await printed(page, host);
    assert.deepEqual(p.controls, [], `${host}: no control on paper`);
    assert.deepEqual(p.grids, [true, true, true], `${host}: grids`);
    assert.equal(p.verdict, true, `${host}: verdict`);
  }
  assert.deepEqual(problems, []);
});
