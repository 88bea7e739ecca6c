// The package as a web developer gets it: `npm pack`, installed from the tarball into a scratch app
// (tests/package/app) in a temporary folder, bundled by esbuild, Vite and webpack with the
// commands (the bundlers are this project's pinned devDependencies), then each bundle run in
// headless Chromium: ConvTranspose2d on the main thread, in the ready-made worker and in a
// hand-written one, against PyTorch's values (tests/fixtures), and the network functions against the
// sources. Also Node ESM from the tarball, with the digits autoencoder's model files.
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
// is ~480 KiB; a runtime-chunk recommendation); advice about size, not problems with the package.
const WEBPACK_SIZE_HINTS = /^WARNING in (asset size limit|entrypoint size limit|webpack performance recommendations)/;
// Vite's (Rollup's) counterpart: chunks over 500 kB after minification (each chunk with the core
// carries the ~480 kB of base64 WASM), with its advice on splitting them.
const VITE_SIZE_HINT = /^\(!\) Some chunks are larger than 500 kB after minification/;

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
    if (name === 'vite') {  // the hint and its list of advice, up to the next empty line
      const at = lines.findIndex((l) => VITE_SIZE_HINT.test(l));
      if (at >= 0) lines.splice(at, lines.slice(at).findIndex((l) => l === '') + 1 || lines.length - at);
    }
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

// The model of docs/library.md, "Networks", whose decoder comes back 25x25: what the package gives for
// it must be what the sources give.
const NETWORK = { input: [1, 1, 28, 28], text: `
import torch.nn as nn
class AE(nn.Module):
    def __init__(self):
        super().__init__()
        self.encoder = nn.Sequential(nn.Conv2d(1, 16, 3, stride=2, padding=1), nn.ReLU(),
                                     nn.Conv2d(16, 32, 3, stride=2, padding=1), nn.ReLU())
        self.decoder = nn.Sequential(nn.ConvTranspose2d(32, 16, 3, stride=2, padding=1), nn.ReLU(),
                                     nn.ConvTranspose2d(16, 1, 3, stride=2, padding=1), nn.Sigmoid())
` };
async function networkFromSources() {
  const lib = await import(new URL('../../web/lib/core.js', import.meta.url));
  await lib.loadCore();
  const { layers } = lib.parseTorch(NETWORK.text);
  return { plan: lib.planNetwork(layers, NETWORK.input), pairs: lib.pairNetwork(layers, NETWORK.input), mirror: lib.mirrorNetwork(layers, NETWORK.input) };
}

for (const name of Object.keys(BUNDLERS)) {
  test(`${name}: parseTorch, planNetwork, pairNetwork and mirrorNetwork from the bundle give what the sources give`, async () => {
    const app = apps[name];
    assert.ok(app.server, `the ${name} bundle was not built`);
    const page = await browser.newPage();
    try {
      await page.goto(app.server.url);
      await page.waitForFunction(() => window.appReady === true, null, { timeout: 30_000 });
      const got = await page.evaluate(([text, input]) => window.network(text, input), [NETWORK.text, NETWORK.input]);
      const want = await networkFromSources();
      assert.deepEqual(want.plan.at(-1).output, [1, 1, 25, 25]);
      assert.deepEqual(want.pairs.map((p) => p.fix), [{ output_padding: [1, 1] }, { output_padding: [1, 1] }]);
      assert.deepEqual(got, want);
    } finally {
      await page.close();
    }
  });
}

test('Node ESM: the network functions and the digits autoencoder, with its model files through the exports', async () => {
  const textFile = join(apps.esbuild.dir, 'model.py');
  await writeFile(textFile, NETWORK.text);
  const { code, output } = await run(process.execPath, ['node-network.mjs', textFile, NETWORK.input.join(',')], { cwd: apps.esbuild.dir, timeoutMs: 60_000 });
  assert.equal(code, 0, output);
  const got = JSON.parse(output);
  const { reconstruction, ...network } = got;
  assert.deepEqual(network, await networkFromSources());
  // the first sample digit through the trained autoencoder, as the sources compute it
  const lib = await import(new URL('../../web/lib/core.js', import.meta.url));
  const core = await lib.loadCore();
  const models = join(ROOT, 'web/lib/network/models');
  const model = JSON.parse(await readFile(join(models, 'digits-autoencoder.json'), 'utf8'));
  const [digit] = lib.readSamples(JSON.parse(await readFile(join(models, 'digits-samples.json'), 'utf8')), await readFile(join(models, 'digits-samples.bin')));
  const want = lib.runNetwork(core, model, await readFile(join(models, 'digits-autoencoder.bin')), digit.input).at(-1).output;
  assert.deepEqual(reconstruction, { shape: want.shape, data: Array.from(want.data) });
  assert.deepEqual(reconstruction.shape, [1, 1, 28, 28]);
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
