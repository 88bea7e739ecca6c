// The package as a web developer gets it: `npm pack`, installed from the tarball into a scratch app
// (tests/package/app) in a temporary folder, bundled by esbuild, Vite and webpack with the
// commands (the bundlers are this project's pinned devDependencies), then each bundle run in
// headless Chromium: ConvTranspose2d on the main thread, in the ready-made worker and in a
// hand-written one, against PyTorch's values (tests/fixtures). Also Node ESM from the tarball.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, cp, rm, writeFile, readFile, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, BIN, run, npmPack, serveFolder, launchChromium } from './support.mjs';

// The commands of docs/library.md ("esbuild", "Vite", "webpack 5"), run in the app's folder; `page`: the dist/index.html
// docs/library.md says to write (Vite writes its own).
const BUNDLERS = {
  esbuild: {
    args: ['src/index.js', 'src/convt-worker.js', 'src/own-worker.js', '--bundle', '--platform=browser', '--format=esm', '--outdir=dist'],
    page: '<script type="module" src="index.js"></script>',
  },
  vite: { args: ['build'], page: null },
  webpack: { args: ['--mode', 'production'], page: '<script src="main.js"></script>' },
};
// webpack's production mode prints performance hints (any bundle over 244 KiB: the inlined WASM
// is ~320 KiB; a runtime-chunk recommendation); advice about size, not problems with the package.
const WEBPACK_SIZE_HINTS = /^WARNING in (asset size limit|entrypoint size limit|webpack performance recommendations)/;

const fixtures = JSON.parse(await readFile(join(ROOT, 'tests/fixtures/conv_cases.json'), 'utf8')).cases;
const asCase = (f) => ({
  id: f.id, op: f.op === 'conv2d' ? 'conv2d' : 'convTranspose2d', x: f.x, w: f.w, invalid: Boolean(f.error),
  opts: { ...f.opts, ...(f.bias ? { bias: f.bias } : {}) }, expected: f.expected, torchError: f.error,
});
const strided = (f) => f.op === 'conv_transpose2d' && !f.error && f.opts.stride.some((s) => s > 1);
const CASES = [
  ...fixtures.filter((f) => strided(f) && f.opts.groups > 1).slice(0, 1),
  ...fixtures.filter((f) => strided(f) && f.opts.groups === 1 && f.bias).slice(0, 1),
  fixtures.find((f) => f.op === 'conv2d' && !f.error),
  fixtures.find((f) => f.op === 'conv_transpose2d' && f.error),
].map(asCase);

function assertMatches(got, c, where) {
  const at = `${c.id} (${where})`;
  if (c.invalid) {
    assert.ok(got?.error && typeof got.parameter === 'string', `${at}: expected an Error naming a parameter (torch: ${c.torchError}), got ${JSON.stringify(got)}`);
    return;
  }
  assert.ok(!got?.error, `${at}: ${got?.error}`);
  assert.deepEqual(got.shape, c.expected.shape, `${at}: shape`);
  assert.ok(got.float32, `${at}: data is a Float32Array`);
  assert.equal(got.data.length, c.expected.data.length, `${at}: length`);
  got.data.forEach((v, i) => {
    const want = c.expected.data[i];
    if (!(Math.abs(v - want) <= 1e-5 + 1e-4 * Math.abs(want))) assert.fail(`${at}: element ${i} is ${v}, PyTorch says ${want}`);
  });
}

const stripAnsi = (s) => s.replace(/\x1b\[[0-9;]*m/g, '');
let work, tarball, browser;
const apps = {};     // name -> { dir, output, seconds, server }

before(async () => {
  work = await mkdtemp(join(tmpdir(), 'convt-package-'));
  tarball = (await npmPack(work)).path;
  // One app per bundler, installed and bundled in parallel.
  await Promise.all(Object.entries(BUNDLERS).map(async ([name, bundler]) => {
    const dir = join(work, name);
    await cp(join(ROOT, 'tests/package/app'), dir, { recursive: true });
    await writeFile(join(dir, 'package.json'), JSON.stringify({ name: `scratch-${name}`, private: true, type: 'module' }));
    const install = await run('npm', ['install', '--offline', '--no-audit', '--no-fund', '--ignore-scripts', tarball], { cwd: dir });
    if (install.code !== 0) throw new Error(`npm install of the tarball failed in the ${name} app:\n${install.output}`);
    const started = Date.now();
    const built = await run(join(BIN, name), bundler.args, { cwd: dir, timeoutMs: 240_000 });
    apps[name] = { dir, code: built.code, output: stripAnsi(built.output), seconds: (Date.now() - started) / 1000 };
    if (built.code === 0 && bundler.page) {
      await writeFile(join(dir, 'dist/index.html'), `<!doctype html><link rel="icon" href="data:,">${bundler.page}`);
    }
  }));
  for (const app of Object.values(apps)) if (app.code === 0) app.server = await serveFolder(join(app.dir, 'dist'));
  browser = await launchChromium();
}, { timeout: 300_000 });

after(async () => {
  await Promise.all(Object.values(apps).map((app) => app.server?.close()));
  await browser?.close();
  if (work) await rm(work, { recursive: true, force: true });
});

for (const name of Object.keys(BUNDLERS)) {
  test(`${name}: the documented command bundles the package with no warning about Node built-ins`, async (t) => {
    const app = apps[name];
    t.diagnostic(`${name} bundled in ${app.seconds.toFixed(1)} s`);
    assert.equal(app.code, 0, app.output);
    let lines = app.output.split('\n').map((l) => l.trim());
    if (name === 'webpack') lines = lines.filter((l) => !WEBPACK_SIZE_HINTS.test(l) && !/^webpack [\d.]+ compiled with \d+ warnings? in/.test(l));
    assert.deepEqual(lines.filter((l) => /warn|\(!\)|externaliz|could not resolve|can't resolve|not found/i.test(l)), [], app.output);
    const dist = join(app.dir, 'dist');
    const files = (await readdir(dist, { recursive: true })).filter((f) => f.endsWith('.js'));
    let inlined = 0;
    for (const f of files) {
      const js = await readFile(join(dist, f), 'utf8');
      assert.doesNotMatch(js, /require\(["'](node:)?(fs|path|module|url|crypto)["']\)/, `${f} asks for a Node built-in`);
      if (js.includes('data:application/octet-stream;base64,')) inlined++;
    }
    assert.ok(inlined >= 1, `the WASM is inlined in the bundle (${files})`);
  });

  test(`${name}: ConvTranspose2d on the main thread and in Web Workers matches PyTorch`, async () => {
    const app = apps[name];
    assert.ok(app.server, `the ${name} bundle was not built`);
    const page = await browser.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
    try {
      await page.goto(app.server.url);
      await page.waitForFunction(() => window.appReady === true, null, { timeout: 30_000 });
      const got = await page.evaluate((cases) => window.runCases(cases), CASES.map(({ expected, torchError, ...c }) => c));
      CASES.forEach((c, i) => {
        assertMatches(got.mainThread[i], c, 'main thread');
        assertMatches(got.worker[i], c, 'convt-lab/worker');
        if (got.ownWorker[i]) assertMatches(got.ownWorker[i], c, 'hand-written worker');
        if (c.invalid) assert.deepEqual(got.worker[i], got.mainThread[i], `${c.id}: the worker reports the same Error`);
      });
      assert.equal(got.ownWorker.filter(Boolean).length, CASES.filter((c) => c.op === 'convTranspose2d' && !c.invalid).length);
      assert.deepEqual(errors, []);
    } finally {
      await page.close();
    }
  });
}

test('worker client: { transfer: true } detaches the inputs; terminate() and a worker that fails to load reject waiting calls', async () => {
  const page = await browser.newPage();
  try {
    await page.goto(apps.esbuild.server.url);
    await page.waitForFunction(() => window.appReady === true, null, { timeout: 30_000 });
    const got = await page.evaluate(() => window.workerClientEdges());
    assert.deepEqual(got.copied, [2, 4, 6, 8]);      // 1x1 kernel of 2: the definition
    assert.deepEqual(got.kept, [16, 4], 'a call without transfer leaves the inputs usable');
    assert.deepEqual(got.moved, [2, 4, 6, 8]);
    assert.deepEqual(got.detached, [0, 0], '{ transfer: true } hands x.data\'s and w.data\'s buffers to the worker');
    assert.equal(got.afterTerminate, 'worker: terminated');
    assert.match(got.afterLoadFailure, /^worker: /);
  } finally {
    await page.close();
  }
});

test('Node ESM: the installed tarball loads with import { loadCore } from "convt-lab"', async () => {
  const dir = apps.esbuild.dir;
  const casesFile = join(dir, 'cases.json');
  await writeFile(casesFile, JSON.stringify(CASES));
  const { code, output } = await run(process.execPath, ['node-check.mjs', casesFile], { cwd: dir, timeoutMs: 60_000 });
  assert.equal(code, 0, output);
  const got = JSON.parse(output);
  CASES.forEach((c, i) => assertMatches(got[i], c, 'Node'));
});
