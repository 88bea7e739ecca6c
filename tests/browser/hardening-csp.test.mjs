// Content-Security-Policy: the page and the embed run under strict policies served as headers by a
// local server: no 'unsafe-eval', no 'unsafe-inline', Trusted Types enforced with no policy (any
// string reaching innerHTML & co. would throw), default-src 'none'. Every view is drawn and no
// violation is reported (securitypolicyviolation events and the console).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { launch, DIST, distUrl } from './helpers.mjs';
import { serveDist, TRAP_SCRIPT, watch } from './hardening-helpers.mjs';

const VIEWS = ['sizes', 'matrix', 'overlap', 'polyphase', 'image'];
const COMMON = "default-src 'none'; img-src data: blob:; connect-src data:; base-uri 'none'; form-action 'none'; object-src 'none'; require-trusted-types-for 'script'; trusted-types 'none'";
/** What a host page needs for <script src="convt-lab.js">: its own script origin and WASM. No style-src at all. */
export const EMBED_POLICY = `${COMMON}; script-src 'self' 'wasm-unsafe-eval'; style-src 'none'`;
const indexHtml = () => readFileSync(join(DIST, 'index.html'), 'utf8');
const metaPolicy = () => /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(indexHtml())?.[1];
const EMBED_PAGE = '<!doctype html><html lang="en"><meta charset="utf-8"><link rel="icon" href="data:,"><title>CSP embed</title>' +
  '<convt-lab id="a" mode="conv" size="8" kernel_size="3" stride="2" padding="1"></convt-lab><convt-lab id="b" view="matrix"></convt-lab><script src="/convt-lab.js"></script>';

let browser, server, policies;
before(async () => {
  browser = await launch();
  policies = { '/index.html': metaPolicy(), '/embed.html': EMBED_POLICY };
  server = await serveDist({ pages: { '/embed.html': EMBED_PAGE, '/embed-nowasm.html': EMBED_PAGE, '/embed-noconnect.html': EMBED_PAGE }, csp: (p) => policies[p] ?? null });
  policies['/embed-nowasm.html'] = EMBED_POLICY.replace(" 'wasm-unsafe-eval'", '');
  policies['/embed-noconnect.html'] = EMBED_POLICY.replace('connect-src data:; ', '');
});
after(async () => { await browser?.close(); await server?.close(); });

async function open(path, { allowed = [] } = {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.addInitScript(TRAP_SCRIPT);
  const problems = watch(page, [`${server.url}${path.split('?')[0]}`, ...allowed]);
  await page.goto(`${server.url}${path}`);
  return { page, context, problems };
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

test('index.html carries its own strict policy (hashes, no unsafe-*), printed by the build', () => {
  const p = metaPolicy();
  assert.ok(p, 'index.html has a Content-Security-Policy <meta>');
  assert.doesNotMatch(p, /'unsafe-inline'|'unsafe-eval'|'unsafe-hashes'|\*/);
  assert.match(p, /default-src 'none'/);
  assert.match(p, /script-src 'sha256-[A-Za-z0-9+/=]+' 'wasm-unsafe-eval'/);
  assert.match(p, /require-trusted-types-for 'script'; trusted-types 'none'/);
  // the hashes match the page's inline blocks exactly (so nothing else inline could run)
  const html = indexHtml();
  assert.equal((html.match(/<script/g) || []).length, 1);
  assert.equal((p.match(/'sha256-/g) || []).length, (html.match(/<script>|<style>/g) || []).length);
});

test('the page under its policy as a header: draws every view, edits, no violation, no request', async () => {
  const { page, context, problems } = await open('/index.html?mode=conv&size=8&kernel_size=3&stride=2&padding=1');
  await page.locator('.cl[data-ready="true"]').waitFor({ state: 'attached' });
  await visitViews(page);
  // an edit through the UI and a preset: the derivation (KaTeX MathML) is redrawn
  await page.locator('[role="tab"][data-tab="sizes"]').click();
  await page.locator('input[data-param="stride"][data-axis="h"]').fill('3');
  await page.locator('[data-grid="input"] .cell').first().click();
  await page.keyboard.type('7');
  await page.keyboard.press('Enter');
  assert.ok(await page.locator('math').count() > 0, 'KaTeX MathML drawn under Trusted Types');
  assert.deepEqual(await page.evaluate(() => window.__trap.csp), []);
  assert.deepEqual(problems, []);
  await context.close();
});

test('the page from file:// holds under its <meta> policy too', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.addInitScript(TRAP_SCRIPT);
  const problems = [];
  page.on('console', (m) => { if (m.type() === 'error') problems.push(m.text()); });
  page.on('pageerror', (e) => problems.push(e.message));
  await page.goto(distUrl('index.html', 'view=overlap'));
  await page.locator('.cl[data-ready="true"]').waitFor({ state: 'attached' });
  await visitViews(page);
  assert.deepEqual(await page.evaluate(() => window.__trap.csp), []);
  assert.deepEqual(problems, []);
  await context.close();
});

test(`the embed under "${EMBED_POLICY}": two instances draw every view, styled, no violation`, async () => {
  const { page, context, problems } = await open('/embed.html', { allowed: [`${server.url}/convt-lab.js`] });
  await page.waitForFunction(() => [...document.querySelectorAll('convt-lab')].every((e) => e.shadowRoot.querySelector('.cl[data-ready="true"]')));
  await visitViews(page);
  const styled = await page.evaluate(() => [...document.querySelectorAll('convt-lab')].map((e) => {
    const cell = e.shadowRoot.querySelector('[data-grid="input"] .cell');
    return { sheets: e.shadowRoot.adoptedStyleSheets.length, styleEls: e.shadowRoot.querySelectorAll('style').length, radius: getComputedStyle(cell).borderRadius, display: getComputedStyle(cell).display };
  }));
  for (const s of styled) assert.deepEqual(s, { sheets: 1, styleEls: 0, radius: '4px', display: 'flex' });
  // attribute changes and keyboard edits under the policy
  await page.evaluate(() => document.getElementById('a').setAttribute('stride', '3'));
  await page.locator('#a [data-grid="input"] .cell').first().click();
  await page.keyboard.press('5');
  await page.keyboard.press('Enter');
  assert.equal(await page.evaluate(() => document.getElementById('a').shadowRoot.querySelector('[data-grid="input"] .cell').textContent), '5');
  assert.deepEqual(await page.evaluate(() => window.__trap.csp), []);
  assert.deepEqual(problems, []);
  await context.close();
});

test('without connect-src data: the embed still draws (the loader falls back); without wasm-unsafe-eval it says why, calmly', async () => {
  const a = await open('/embed-noconnect.html', { allowed: [`${server.url}/convt-lab.js`] });
  await a.page.waitForFunction(() => [...document.querySelectorAll('convt-lab')].every((e) => e.shadowRoot.querySelector('.cl[data-ready="true"]')));
  const v = await a.page.evaluate(() => window.__trap.csp);
  assert.ok(v.length >= 1 && v.every((x) => x.startsWith('connect-src data')), `only the inlined WASM's data: fetch is refused: ${v}`);
  await a.context.close();

  const b = await open('/embed-nowasm.html', { allowed: [`${server.url}/convt-lab.js`] });
  await b.page.waitForFunction(() => [...document.querySelectorAll('convt-lab')].every((e) => /WebAssembly/.test(e.shadowRoot.querySelector('.loading')?.textContent || '')));
  const text = await b.page.evaluate(() => document.getElementById('a').shadowRoot.querySelector('.loading').textContent);
  assert.match(text, /could not load/);
  assert.ok(!b.problems.some((p) => p.startsWith('uncaught')), b.problems.join('\n'));
  await b.context.close();
});
