// Parameter sweep: every PyTorch fixture case, in both modes, through the <convt-lab> element's
// attributes; then a sample through index.html's URL. Grid sizes must equal PyTorch's shapes
// (tests/fixtures/shape_cases.json) and the verdict both PyTorch's round trip and DESIGN.md's rule.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, serve, watchedPage, loadCases, expected, ruleVerdict, caseQuery, pairText, distUrl, readHooks, ready } from './helpers.mjs';

const ATTRS = (c, mode) => ({
  mode, size: pairText(c.size), kernel_size: pairText(c.kernelSize), stride: pairText(c.stride),
  padding: pairText(c.padding), dilation: pairText(c.dilation), output_padding: pairText(c.outputPadding),
});

let browser, server;
before(async () => {
  browser = await launch();
  server = await serve({ '/sweep.html': '<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,"><script src="/convt-lab.js"></script><convt-lab id="lab"></convt-lab>' });
});
after(async () => { await browser?.close(); await server?.close(); });

test('every fixture case in both modes, through <convt-lab> attributes', async () => {
  const cases = loadCases();
  assert.ok(cases.length > 100, 'fixture has cases');
  const { page, problems } = await watchedPage(browser, { allowedOrigin: server.url });
  await page.goto(`${server.url}/sweep.html`);
  await page.waitForFunction(() => document.querySelector('#lab')?.shadowRoot?.querySelector('.cl[data-ready="true"]'));
  const jobs = cases.flatMap((c, i) => ['conv', 'convT'].map((mode) => ({ i, mode, attrs: ATTRS(c, mode) })));
  const results = await page.evaluate(async (jobs) => {
    const el = document.querySelector('#lab');
    const s = el.shadowRoot;
    const grid = (n) => { const g = s.querySelector(`[data-grid="${n}"]`); return g && !g.closest('[hidden]') ? [Number(g.dataset.rows), Number(g.dataset.cols)] : null; };
    const out = [];
    for (const j of jobs) {
      for (const [k, v] of Object.entries(j.attrs)) el.setAttribute(k, v);
      await Promise.resolve(); await Promise.resolve();
      out.push({
        input: grid('input'), kernel: grid('kernel'), stuffed: grid('stuffed'), output: grid('output'),
        ok: s.querySelector('[data-check="inversion"]').dataset.ok,
        mode: s.querySelector('.cl').dataset.mode,
        alert: s.querySelector('[role="alert"]').textContent.trim(),
      });
    }
    return out;
  }, jobs);

  let drawn = 0, refused = 0, last = null;
  const failures = [];
  jobs.forEach((j, n) => {
    const c = cases[j.i], got = results[n], want = expected(c, j.mode);
    const where = `case ${j.i} ${caseQuery(c, j.mode)}`;
    try {
      if (!want || want.tooBig) {
        assert.notEqual(got.alert, '', `${where}: expected an alert`);
        if (last) for (const g of ['input', 'kernel', 'stuffed', 'output']) assert.deepEqual(got[g], last[g], `${where}: last good ${g} stays drawn`);
        refused++;
        return;
      }
      assert.equal(got.alert, '', `${where}: unexpected alert`);
      assert.equal(got.mode, j.mode, where);
      for (const g of ['input', 'kernel', 'stuffed', 'output']) assert.deepEqual(got[g], want[g], `${where}: ${g} grid size`);
      assert.equal(got.ok, want.ok, `${where}: verdict vs PyTorch's round trip`);
      assert.equal(got.ok, ruleVerdict(c, j.mode), `${where}: verdict vs DESIGN.md's rule`);
      drawn++;
      last = got;
    } catch (e) { failures.push(e.message); }
  });
  assert.deepEqual(failures.slice(0, 10), [], `${failures.length} failures`);
  assert.ok(drawn > 500, `drawn ${drawn}`);
  assert.ok(refused > 50, `refused ${refused}`);
  assert.deepEqual(problems, []);
});

test('a sample of fixture cases through index.html URL parameters (file://)', async () => {
  const cases = loadCases().filter((_, i) => i % 17 === 0);
  const { page, problems } = await watchedPage(browser);
  for (const c of cases) {
    for (const mode of ['conv', 'convT']) {
      const q = caseQuery(c, mode);
      await page.goto(distUrl('index.html', q));
      await ready(page);
      const got = await readHooks(page);
      const want = expected(c, mode);
      if (!want || want.tooBig) {
        assert.notEqual(got.alert, '', `${q}: expected an alert`);
        continue;
      }
      assert.equal(got.alert, '', `${q}: no alert`);
      for (const g of ['input', 'kernel', 'stuffed', 'output']) assert.deepEqual(got[g], want[g], `${q}: ${g}`);
      assert.equal(got.ok, want.ok, `${q}: verdict`);
      // the URL reflects the state
      const search = new URL(page.url()).searchParams;
      assert.equal(search.get('mode'), mode);
      assert.equal(search.get('size'), pairText(c.size));
      assert.equal(search.get('output_padding'), pairText(c.outputPadding));
    }
  }
  assert.deepEqual(problems, []);
});
