// Per-call cost of the JS <-> WASM seam, two builds side by side (not part of the tests):
//   node tests/bench/overhead.mjs [--lib=DIR ...] [--rounds=N]
// Each --lib=DIR holds core.js and wasm/ (default: web/lib). Every build gets its own module
// instance; the calls are timed in paired rounds (the builds alternate, the order rotates each
// round) and the table shows the median time per call of each build and the median of the
// per-round ratios to the first build, in CPU time (cpu_time.mjs). Cases: tiny calls (where the seam
// is most of the time), case A of bench.mjs (conv 1->1, 512x512, 3x3, p1: copies in and out
// included), explain(), and the page's whole redraw in convT mode.
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { pairedRounds, random } from './cpu_time.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const libs = [];
let rounds = 40;
for (const a of process.argv.slice(2)) {
  const m = /^--(lib|rounds)=(.+)$/.exec(a);
  if (!m) throw new Error(`overhead.mjs: unknown argument ${a}`);
  if (m[1] === 'lib') libs.push(path.resolve(m[2]));
  else rounds = Number(m[2]);
}
if (!libs.length) libs.push(path.join(ROOT, 'web/lib'));

const CASES = {
  'tiny conv 8x8 k3': (core) => {
    const x = { shape: [1, 1, 8, 8], data: random(64, 1) }, w = { shape: [1, 1, 3, 3], data: random(9, 2) };
    return () => core.conv2d(x, w, { padding: 1 });
  },
  'tiny convT 8x8 k3 s2': (core) => {
    const x = { shape: [1, 1, 8, 8], data: random(64, 3) }, w = { shape: [1, 1, 3, 3], data: random(9, 4) };
    return () => core.convTranspose2d(x, w, { stride: 2, padding: 1 });
  },
  'A conv 512x512 k3 p1': (core) => {
    const x = { shape: [1, 1, 512, 512], data: random(512 * 512, 5) }, w = { shape: [1, 1, 3, 3], data: random(9, 6) };
    const bias = new Float32Array([0.1]);
    return () => core.conv2d(x, w, { bias, padding: 1 });
  },
  'explain 16x16 k3 s2': (core) => () => core.explain({ mode: 'convT', size: 16, kernelSize: 3, stride: 2, padding: 1 }),
  // bench.mjs's page redraw in convT mode: every core call the page's model makes.
  'page redraw convT 64': (core) => {
    const params = { mode: 'convT', size: 64, kernelSize: 3, stride: 2, padding: 1, dilation: 1, outputPadding: 1 };
    const x = { shape: [1, 1, 64, 64], data: Float32Array.from({ length: 4096 }, (_, i) => (i % 9) + 1) };
    const w = { shape: [1, 1, 3, 3], data: Float32Array.from({ length: 9 }, (_, i) => i + 1) };
    const o = { stride: 2, padding: 1, outputPadding: 1 };
    return () => {
      core.explain(params);
      const y = core.convTranspose2d(x, w, o);
      core.reference.convTranspose2d(x, w, o);
      core.convTranspose2dByStuffing(x, w, o);
      core.polyphase(params, x.data, w.data);
      core.conv2d(y, w, { stride: 2, padding: 1 });
    };
  },
};

const cores = [];
for (const lib of libs) {
  const mod = await import(pathToFileURL(path.join(lib, 'core.js')).href + `?${cores.length}`);
  const factory = (await import(pathToFileURL(path.join(lib, 'wasm/convt_core.js')).href)).default;
  cores.push({ lib: path.relative(ROOT, lib) || '.', core: await mod.loadCoreFrom(factory) });
}

console.log(`overhead.mjs: ${rounds} paired rounds per case; Node ${process.version}`);
const prepared = Object.entries(CASES).map(([name, make]) => [name, cores.map(({ core }) => make(core))]);
for (let i = 0; i < 200; i++) for (const [, fns] of prepared) for (const fn of fns) fn();  // warm-up: V8 tiers up
for (const [name, fns] of prepared) {
  const timed = pairedRounds(fns, rounds);
  const row = cores.map((c, i) => `${c.lib}: ${(timed[i].medianMs * 1000).toFixed(2)} us${i ? ` (x${timed[i].ratioToFirst.toFixed(3)})` : ''}`);
  console.log(`  ${name.padEnd(22)} ${row.join('   ')}`);
}
