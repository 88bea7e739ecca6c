// The Jupyter recipe (notebooks/convt_lab.ipynb + notebooks/convt_lab.py), with Debian's Jupyter
// (python3-nbconvert, python3-ipykernel; tools/setup.sh installs them for tests): the notebook is
// executed by a real kernel and exported to HTML (what Jupyter Book builds on), and the export is
// opened in Chromium from file://: the script is inlined once, every <convt-lab> draws its grids with
// the right output size, nothing is fetched from the network. Without its scripts (a notebook that
// is not trusted, a preview) the export says what to do: setup()'s note and a sentence in each lab's place.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { test, browserSuite, allReady, ROOT } from './support.mjs';

const suite = browserSuite();
const NOTEBOOK = join(ROOT, 'notebooks', 'convt_lab.ipynb');
/** Debian's Python, where python3-nbconvert and python3-ipykernel live (another python3 may come first on PATH). */
const PYTHON = process.env.CONVT_JUPYTER_PYTHON || '/usr/bin/python3';

const run = (cmd, args, opts) => new Promise((resolve, reject) => {
  execFile(cmd, args, { timeout: 180_000, maxBuffer: 1 << 24, ...opts }, (err, stdout, stderr) => (err ? reject(new Error(`${cmd} ${args.join(' ')}: ${err.message}\n${stderr}`)) : resolve({ stdout, stderr })));
});

test('the notebook in the repository has no outputs (the script is inlined only when it runs)', async () => {
  const nb = JSON.parse(await readFile(NOTEBOOK, 'utf8'));
  const code = nb.cells.filter((c) => c.cell_type === 'code');
  assert.ok(code.length >= 3);
  for (const c of code) assert.deepEqual([c.outputs, c.execution_count], [[], null], `cell ${c.id} is saved without outputs`);
});

test('executed by Jupyter and exported to HTML: the script once, every lab drawn with the right output size, no request; without its scripts, setup()\'s note and each lab\'s sentence say what to do', { timeout: 240_000 }, async (t) => {
  assert.ok(existsSync(PYTHON), `${PYTHON} is missing: run tools/setup.sh test`);
  const out = await mkdtemp(join(tmpdir(), 'convt-nb-'));
  t.after(() => rm(out, { recursive: true, force: true }));
  const t0 = performance.now();
  await run(PYTHON, ['-m', 'nbconvert', '--to', 'html', '--execute', '--ExecutePreprocessor.timeout=120', '--output-dir', out, NOTEBOOK],
    { env: { ...process.env, PYDEVD_DISABLE_FILE_VALIDATION: '1', JUPYTER_PLATFORM_DIRS: '1' } });
  t.diagnostic(`nbconvert --execute --to html: ${Math.round(performance.now() - t0)} ms`);
  const file = join(out, 'convt_lab.html');
  const html = await readFile(file, 'utf8');
  assert.equal((html.match(/data-convt-lab-script/g) || []).length, 1, 'the script is inlined once');
  assert.equal((html.match(/<convt-lab /g) || []).length, 3);

  // Debian's nbconvert template points require.js and MathJax at local files (file:///usr/share/javascript);
  // they may be absent, which the export survives. Anything else, and any network request, is a problem.
  const { page, problems } = await suite.open(t, null, { allow: ['file:', 'data:', 'blob:'] });
  await page.goto(pathToFileURL(file).href);
  await allReady(page);
  const labs = [['convT', [4, 4], [7, 7]], ['conv', [8, 8], [4, 4]], ['convT', [3, 3], [6, 6]]];
  const hooks = await page.evaluate(() => [...document.querySelectorAll('convt-lab')].map((el) => {
    const g = (n) => { const e = el.shadowRoot.querySelector(`[data-grid="${n}"]`); return [Number(e.dataset.rows), Number(e.dataset.cols)]; };
    return { mode: el.shadowRoot.querySelector('.cl').dataset.mode, input: g('input'), output: g('output'), stuffedCells: g('stuffed')[0] * g('stuffed')[1] };
  }));
  labs.forEach(([mode, input, output], i) => assert.deepEqual({ mode: hooks[i].mode, input: hooks[i].input, output: hooks[i].output }, { mode, input, output }, `lab ${i + 1}`));
  assert.ok(hooks.every((h) => h.stuffedCells > 0));
  // the values given in Python reach the element: x has one 1 in the middle, w = 1 2 3 4
  const third = await page.evaluate(() => {
    const g = document.querySelectorAll('convt-lab')[2].shadowRoot.querySelector('[data-grid="output"]');
    return Array.from({ length: 36 }, (_, i) => g.cellInfo(i).value);
  });
  assert.deepEqual(third.filter((v) => v !== 0), [1, 2, 3, 4]);
  // each lab's sentence (what to do when no lab appears) is inside its tag, and hidden by the lab
  assert.deepEqual(await sentences(page), [false, false, false], 'the sentences are hidden where the labs are drawn');
  assert.match(await page.locator('[data-convt-lab-note]').textContent(), /inlined in this notebook.*No lab below.*run all its cells \(Run All\).*trust the notebook/s, 'setup() says what to do when no lab appears');
  if (problems.length) t.diagnostic(`expected template misses: ${problems.length}`);
  const real = problems.filter((p) => !/file:\/\/\/usr\/share\/javascript\/|ERR_FILE_NOT_FOUND|net::ERR_FAILED/.test(p));
  assert.deepEqual(real, []);

  // the same export without the lab's script, as a notebook whose scripts do not run shows it
  const unrun = join(out, 'scripts-not-run.html');
  await writeFile(unrun, html.replace(/<script data-convt-lab-script="1">[\s\S]*?<\/script>/, ''));
  await page.goto(pathToFileURL(unrun).href);
  await page.waitForLoadState('load');
  assert.equal(await page.evaluate(() => !!customElements.get('convt-lab')), false);
  assert.deepEqual(await sentences(page), [true, true, true], 'each lab\'s place shows its sentence');
  assert.ok(await page.locator('[data-convt-lab-note]').isVisible(), 'setup()\'s note is shown');
});

/** Whether the sentence inside each <convt-lab> tag is on screen (it is until the element is defined). */
const sentences = (page) => page.evaluate(() => [...document.querySelectorAll('convt-lab')].map((el) => {
  if (!/run all cells \(Run All\), or trust the notebook/.test(el.textContent)) return 'no sentence';
  const r = document.createRange(); r.selectNodeContents(el);
  return [...r.getClientRects()].some((b) => b.width > 0 && b.height > 0);
}));
