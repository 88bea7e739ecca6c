// Content-Security-Policy: the page and the embed run under strict policies served as headers by a
// local server: no 'unsafe-eval', no 'unsafe-inline', Trusted Types enforced (the page allows one
// policy, the image view worker's; the embed's host none: any string reaching innerHTML & co. would
// throw), default-src 'none'. Every view is drawn and no violation is reported (securitypolicyviolation
// events and the console). The image view's worker under these policies: worker.test.mjs.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test, browserSuite, DIST, distUrl, VIEWS, ready, allReady, cells, clickCell, showDerivations, EMBED_POLICY } from './support.mjs';

const indexHtml = () => readFileSync(join(DIST, 'index.html'), 'utf8');
const metaPolicy = () => /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(indexHtml())?.[1];
const EMBED_PAGE = '<!doctype html><html lang="en"><meta charset="utf-8"><link rel="icon" href="data:,"><title>CSP embed</title>' +
  '<convt-lab id="a" mode="conv" size="8" kernel_size="3" stride="2" padding="1"></convt-lab><convt-lab id="b" view="matrix"></convt-lab><script src="/convt-lab.js"></script>';

const POLICIES = {
  '/index.html': metaPolicy(), '/embed.html': EMBED_POLICY,
  '/embed-nowasm.html': EMBED_POLICY.replace(" 'wasm-unsafe-eval'", ''),
};
const suite = browserSuite({
  pages: { '/embed.html': EMBED_PAGE, '/embed-nowasm.html': EMBED_PAGE },
  csp: (p) => POLICIES[p] ?? null,
});

/** A served page under its policy header, with the trap script; it may request only itself (and `allowed`). */
function open(t, path, { allowed = [] } = {}) {
  return suite.open(t, suite.url(path), { trap: true, allow: [suite.url(path.split('?')[0]), ...allowed] });
}

/** Click every tab of every lab (page or shadow roots) and wait for each view to draw. */
async function visitViews(page) {
  for (const view of VIEWS) {
    const drawn = await page.evaluate(async (v) => {
      const roots = [document, ...[...document.querySelectorAll('convt-lab')].map((e) => e.shadowRoot)].filter((r) => r.querySelector('.cl[data-ready="true"]'));
      for (const r of roots) r.querySelector(`[role="tab"][data-tab="${v}"]`).click();
      await new Promise((res) => requestAnimationFrame(() => setTimeout(res, 0)));
      return roots.map((r) => !r.querySelector(`[data-view="${v}"]`).closest('[hidden]') && r.querySelector(`[data-view="${v}"]`).textContent.length > 20);
    }, view);
    assert.ok(drawn.length >= 1 && drawn.every(Boolean), `${view} drawn under the policy`);
  }
}

/** The derivations' fonts (math.js hands them to the document as bytes, no font-src needed) are loaded. */
const katexFontsLoaded = (page) => page.evaluate(async () => {
  await document.fonts.ready;
  return ['KaTeX_Main', 'KaTeX_Math'].every((f) => [...document.fonts].some((face) => face.family === f && face.status === 'loaded'));
});

test('index.html carries its own strict policy (hashes, no unsafe-*), printed by the build', () => {
  const p = metaPolicy();
  assert.ok(p, 'index.html has a Content-Security-Policy <meta>');
  assert.doesNotMatch(p, /'unsafe-inline'|'unsafe-eval'|'unsafe-hashes'|\*/);
  assert.match(p, /default-src 'none'/);
  assert.match(p, /script-src 'sha256-[A-Za-z0-9+/=]+' 'wasm-unsafe-eval'/);
  // Trusted Types: one policy name, the image view's worker's (its blob: script); workers from blob: only; no connect-src at all
  assert.match(p, /require-trusted-types-for 'script'; trusted-types convt-lab$/);
  assert.match(p, /; worker-src blob:;/);
  assert.doesNotMatch(p, /connect-src/);
  // the hashes match the page's inline blocks exactly (so nothing else inline could run)
  const html = indexHtml();
  assert.equal((html.match(/<script/g) || []).length, 1);
  assert.equal((p.match(/'sha256-/g) || []).length, (html.match(/<script>|<style>/g) || []).length);
});

test('the page under its policy as a header: draws every view, edits, no violation, no request', async (t) => {
  const { page, problems } = await open(t, '/index.html?mode=conv&size=8&kernel_size=3&stride=2&padding=1');
  await ready(page);
  await visitViews(page);
  // an edit through the UI (the cell editor): the grids and the derivation (KaTeX HTML, fonts from bytes) are redrawn
  await page.locator('[role="tab"][data-tab="sizes"]').click();
  await page.locator('input[data-param="stride"][data-axis="h"]').fill('3');
  await clickCell(page, 'input', 0);
  await page.keyboard.type('7');
  await page.keyboard.press('Enter');
  assert.equal((await cells(page, 'input'))[0].text, '7');
  await page.locator('[data-check="inversion"] .deriv').scrollIntoViewIfNeeded();
  await page.waitForFunction(() => document.querySelector('[data-check="inversion"] .katex-html'));
  assert.ok(await page.locator('[data-check] .katex-html').count() > 0, 'KaTeX HTML drawn under Trusted Types');
  assert.ok(await katexFontsLoaded(page), 'KaTeX fonts loaded with no font-src');
  assert.deepEqual(await page.evaluate(() => window.__trap.csp), []);
  assert.deepEqual(problems, []);
});

test('the page from file:// holds under its <meta> policy too', async (t) => {
  const { page, problems } = await suite.open(t, distUrl('index.html', 'view=overlap'), { trap: true, allow: [distUrl('index.html')] });
  await ready(page);
  await visitViews(page);
  assert.deepEqual(await page.evaluate(() => window.__trap.csp), []);
  assert.deepEqual(problems, []);
});

test(`the embed under "${EMBED_POLICY}": two instances draw every view, styled, no violation`, async (t) => {
  const { page, problems } = await open(t, '/embed.html', { allowed: [suite.url('/convt-lab.js')] });
  await allReady(page);
  await visitViews(page);
  const styled = await page.evaluate(() => [...document.querySelectorAll('convt-lab')].map((e) => {
    const panel = e.shadowRoot.querySelector('.gpanel');
    return { sheets: e.shadowRoot.adoptedStyleSheets.length, styleEls: e.shadowRoot.querySelectorAll('style').length, radius: getComputedStyle(panel).borderRadius, position: getComputedStyle(e.shadowRoot.querySelector('[data-grid="input"]')).position };
  }));
  for (const s of styled) assert.deepEqual(s, { sheets: 1, styleEls: 0, radius: '10px', position: 'relative' });
  await page.evaluate(() => document.getElementById('a').shadowRoot.querySelector('[role="tab"][data-tab="sizes"]').click());
  await showDerivations(page, '#a');
  assert.ok(await katexFontsLoaded(page), 'KaTeX fonts loaded with no font-src');
  // attribute changes and keyboard edits under the policy
  await page.evaluate(() => document.getElementById('a').setAttribute('stride', '3'));
  await page.waitForFunction(() => document.getElementById('a').params.stride === '3');
  await page.evaluate(() => document.getElementById('a').shadowRoot.querySelector('[data-grid="input"]').focus());
  await page.keyboard.press('5');
  assert.equal((await cells(page, 'input', '#a'))[0].text, '5');
  assert.deepEqual(await page.evaluate(() => window.__trap.csp), []);
  assert.deepEqual(problems, []);
});

test('without wasm-unsafe-eval the embed says why, calmly', async (t) => {
  const b = await open(t, '/embed-nowasm.html', { allowed: [suite.url('/convt-lab.js')] });
  await b.page.waitForFunction(() => [...document.querySelectorAll('convt-lab')].every((e) => /WebAssembly/.test(e.shadowRoot.querySelector('.loading')?.textContent || '')));
  const text = await b.page.evaluate(() => document.getElementById('a').shadowRoot.querySelector('.loading').textContent);
  assert.match(text, /could not load/);
  assert.ok(!b.problems.some((p) => p.startsWith('uncaught')), b.problems.join('\n'));
});
