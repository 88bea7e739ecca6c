// The course-site recipes of docs/teachers.md, each built from the doc's own text with the real tool
// (Debian's MkDocs 1.4 with its default theme and with Material, Sphinx 5.3, marked from npm; and the
// plain page), served under /course/ as a project page is, and opened in Chromium: the element and
// the framed index.html draw with their verdicts, the sentence inside the tag is gone, nothing is
// requested outside the site and nothing fails to load. Then the same page with the script's path
// broken: the sentence is shown and stays (the frame, which needs no script, still draws).
import assert from 'node:assert/strict';
import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, browserSuite, DIST, HEAD, SCREENSHOTS, screenshot } from '../browser/support.mjs';
import { buildRecipe, serveFolders, snippet, watchStatus, labsOnPage, allLabsReady } from './support.mjs';

const suite = browserSuite();

/** Where each recipe's site is (as the doc says after the recipe) and the lesson page in it. */
const SITES = [
  { recipe: 'mkdocs', out: 'site', page: 'lessons/transposed/' },
  { recipe: 'mkdocs-material', base: 'mkdocs', out: 'site', page: 'lessons/transposed/' },
  { recipe: 'sphinx', out: '_build/html', page: 'lessons/transposed.html' },
  { recipe: 'markdown', out: 'public', page: 'lessons/transposed.html' },
];
/** What the recipes' labs show: the element's ConvTranspose2d comes back, the frame's Conv2d does not. */
const EXPECTED = [{ kind: 'element', verdict: 'ok' }, { kind: 'frame', verdict: 'fail' }];

/** The plain page of "On a course page": the doc's snippet in a page, both files in convt-lab/ beside it. */
async function buildPlainPage(t) {
  const dir = await mkdtemp(join(tmpdir(), 'convt-page-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  await mkdir(join(dir, 'convt-lab'));
  for (const f of ['convt-lab.js', 'index.html']) await copyFile(join(DIST, f), join(dir, 'convt-lab', f));
  await writeFile(join(dir, 'lesson.html'), `${HEAD}<body style="max-width:760px;margin:0 auto">\n${snippet('page')}</body>`);
  return dir;
}

/** Opens the lesson and checks every lab on it; returns the page (for the broken-path run) and its problems. */
async function checkSite(t, name, dir, page, { expected = EXPECTED, shot = null } = {}) {
  const server = await serveFolders({ '/course/': dir });
  t.after(() => server.close());
  const site = `${server.url}/course/`;
  const ok = await suite.open(t, null, { width: 1280, height: 900, allow: [site] });
  watchStatus(ok.page, ok.problems);
  await ok.page.goto(site + page);
  await allLabsReady(ok.page);
  const labs = await labsOnPage(ok.page);
  assert.deepEqual(labs.map((l) => ({ kind: l.kind, verdict: l.verdict })), expected, `${name}: the labs and their verdicts`);
  assert.ok(labs.every((l) => l.ready), `${name}: every lab drew`);
  assert.ok(labs.filter((l) => l.kind === 'element').every((l) => !l.fallbackShown && /needs convt-lab\.js/.test(l.fallback)), `${name}: each element has its sentence, hidden once the lab is there`);
  // a frame's lab sits inside its frame
  const frames = await ok.page.evaluate(() => [...document.querySelectorAll('iframe')].map((f) => ({ frame: f.clientWidth, lab: f.contentDocument.querySelector('.cl').getBoundingClientRect().right })));
  for (const f of frames) assert.ok(f.lab <= f.frame + 0.5 && f.lab > f.frame / 2, `${name}: the framed lab takes the frame's width (${JSON.stringify(f)})`);
  if (SCREENSHOTS && shot) await screenshot(ok.page, shot);
  assert.deepEqual(ok.problems, [], `${name}: no console error, failed load or request outside ${site}`);

  // the script's path broken (as a wrong path in the recipe would): the sentence shows and stays
  const broken = await suite.open(t, null, { width: 1280, height: 900, allow: [site] });
  await broken.page.route('**/convt-lab.js*', (r) => r.fulfill({ status: 404, body: 'not found' }));
  await broken.page.goto(site + page);
  await broken.page.waitForLoadState('load');
  await broken.page.waitForFunction(() => [...document.querySelectorAll('iframe')].every((f) => f.contentDocument?.querySelector('.cl[data-ready="true"]')), null, { timeout: 30_000 });
  await broken.page.waitForTimeout(300); // after the page and its frames have loaded, the sentence must still be there
  const after = await labsOnPage(broken.page);
  for (const l of after.filter((x) => x.kind === 'element')) {
    assert.deepEqual([l.defined, l.ready, l.fallbackShown], [false, false, true], `${name}, script missing: the sentence is shown`);
  }
  assert.ok(after.filter((x) => x.kind === 'frame').every((l) => l.ready), `${name}, script missing: the frame, which needs no script, still draws`);
}

for (const s of SITES) {
  test(`${s.recipe}: built from docs/teachers.md, served under /course/: the labs draw, nothing outside the site is asked for; with the script's path broken the sentence stays`, { timeout: 180_000 }, async (t) => {
    const t0 = performance.now();
    const course = await buildRecipe(t.after.bind(t), s.recipe, { base: s.base });
    t.diagnostic(`${s.recipe}: built in ${Math.round(performance.now() - t0)} ms`);
    await checkSite(t, s.recipe, join(course, s.out), s.page, { shot: `publish-${s.recipe}.png` });
  });
}

test('the plain page of "On a course page": both labs and the frame draw, served under /course/; with the script\'s path broken the sentences stay', async (t) => {
  const dir = await buildPlainPage(t);
  await checkSite(t, 'plain page', dir, 'lesson.html', {
    expected: [{ kind: 'element', verdict: 'ok' }, { kind: 'element', verdict: 'fail' }, { kind: 'frame', verdict: 'fail' }],
  });
});
