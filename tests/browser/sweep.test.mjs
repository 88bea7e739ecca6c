// Parameter sweep: every PyTorch fixture case, in both modes, through the <convt-lab> element's
// attributes; then a sample through index.html's URL. Grid sizes must equal PyTorch's shapes
// (tests/fixtures/shape_cases.json) and the verdict both PyTorch's round trip and the rule of
// docs/design.md, "Shape round trips".
import assert from 'node:assert/strict';
import { test, browserSuite, loadCases, expected, ruleVerdict, caseQuery, pairText, distUrl, readHooks, ready, settled, HEAD } from './support.mjs';

const ATTRS = (c, mode) => ({
  mode, size: pairText(c.size), kernel_size: pairText(c.kernelSize), stride: pairText(c.stride),
  padding: pairText(c.padding), dilation: pairText(c.dilation), output_padding: pairText(c.outputPadding),
});

const suite = browserSuite({ pages: { '/sweep.html': `${HEAD}<script src="/convt-lab.js"></script><convt-lab id="lab"></convt-lab>` } });
/** The sweep draws about 1,000 states in one page: allow a slow machine plenty of time. */
const TIMEOUT = 600_000;

test('every fixture case in both modes, through <convt-lab> attributes', { timeout: TIMEOUT }, async (t) => {
  const cases = loadCases();
  assert.ok(cases.length > 100, 'fixture has cases');
  const { page, problems } = await suite.open(t, suite.url('/sweep.html'));
  await ready(page, '#lab');
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
      assert.equal(got.ok, ruleVerdict(c, j.mode), `${where}: verdict vs the round-trip rule`);
      drawn++;
      last = got;
    } catch (e) { failures.push(e.message); }
  });
  assert.deepEqual(failures.slice(0, 10), [], `${failures.length} failures`);
  assert.ok(drawn > 500, `drawn ${drawn}`);
  assert.ok(refused > 50, `refused ${refused}`);
  assert.deepEqual(problems, []);
});

test('a sample of fixture cases through index.html URL parameters (file://)', { timeout: TIMEOUT }, async (t) => {
  const cases = loadCases().filter((_, i) => i % 17 === 0);
  const { page, problems } = await suite.open(t);
  for (const c of cases) {
    for (const mode of ['conv', 'convT']) {
      const q = caseQuery(c, mode);
      await page.goto(distUrl('index.html', q));
      await settled(page);
      const got = await readHooks(page);
      const want = expected(c, mode);
      if (!want || want.tooBig) {
        // refused: an alert, nothing drawn in its place, the link kept as given
        assert.notEqual(got.alert, '', `${q}: expected an alert`);
        assert.equal(await page.locator('.cl').getAttribute('data-ready'), 'false', `${q}: nothing drawn`);
        assert.equal(new URL(page.url()).searchParams.get('size'), pairText(c.size), `${q}: the link is kept`);
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
