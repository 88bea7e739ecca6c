// The image view's Web Worker: a dropped 512x512 picture is computed in the page's one worker (the
// view says so: data-image-worker="true") and its values equal the core's in Node on the same planes;
// under a host policy that forbids the worker, the same picture is computed on the main thread with
// the same values, no uncaught error and the lab's state intact; stale results are dropped; the one
// worker is shared by every lab on a page and terminated when no lab is left. Values are compared
// in full (every output value, within 1e-5) through the canvases' values() hooks.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { rgbaOf } from '../../web/src/worker/image-pixels.js';
import { test, browserSuite, DIST, distUrl, ready, allReady, readHooks, loadCore, dropPhoto, EMBED_POLICY, EMBED_WORKER_POLICY, HEAD } from './support.mjs';

const core = await loadCore();
const pagePolicy = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(readFileSync(join(DIST, 'index.html'), 'utf8'))[1];
const TT_OPEN = EMBED_POLICY.replace("trusted-types 'none'", 'trusted-types convt-lab'); // Trusted Types allow the policy; no worker-src

const TWO = `${HEAD}<body><convt-lab id="a" view="image" mode="convT" size="4" kernel_size="4" stride="2" padding="1"></convt-lab>` +
  '<convt-lab id="b" view="image" mode="conv" size="6" kernel_size="3" stride="1" padding="1"></convt-lab><script src="/convt-lab.js"></script>';
const ONE = `${HEAD}<body><convt-lab id="a" view="image" mode="convT" size="4" kernel_size="3" stride="2" padding="1"></convt-lab><script src="/convt-lab.js"></script>`;
const POLICIES = { '/index.html': pagePolicy, '/forbid.html': EMBED_POLICY, '/forbid-worker-src.html': TT_OPEN, '/allow.html': EMBED_WORKER_POLICY };
const suite = browserSuite({
  pages: { '/forbid.html': ONE, '/forbid-worker-src.html': ONE, '/allow.html': ONE, '/two.html': TWO },
  csp: (p) => POLICIES[p] ?? null,
});

/** A served page with the trap script, allowed to request itself and the element's script (blob:, data: and file: always). */
const open = (t, path) => suite.open(t, suite.url(path), { trap: true, allow: [suite.url(path.split('?')[0]), suite.url('/convt-lab.js'), 'blob:', 'data:'] });
const scopeOf = (host) => (host ? `document.querySelector(${JSON.stringify(host)}).shadowRoot` : 'document');

/** Waits until the image view has drawn an output of rows x cols for a picture of `input` rows (not pending). */
function drawn(page, host, input, [rows, cols]) {
  return page.waitForFunction(({ host, input, rows, cols }) => {
    const v = (host ? document.querySelector(host).shadowRoot : document).querySelector('[data-view="image"]');
    return v && v.dataset.inputRows === String(input) && v.dataset.imagePending === 'false' && v.dataset.outputRows === String(rows) && v.dataset.outputCols === String(cols);
  }, { host, input, rows, cols }, { timeout: 60_000 });
}

/**
 * The image view's hooks, the values its canvas `which` shows ({ shape, data: Float32Array }), the
 * canvas's own RGBA bytes and the display mapping chosen (bytes through base64, 12 MB at most).
 */
async function imageState(page, host, which = 'output') {
  const r = await page.evaluate(({ host, which }) => {
    const base64 = (bytes) => {
      let s = '';
      for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
      return btoa(s);
    };
    const scope = host ? document.querySelector(host).shadowRoot : document;
    const v = scope.querySelector('[data-view="image"]');
    const canvas = scope.querySelector(`[data-canvas="${which}"]`), vals = canvas.values();
    // read through a copy made for reading (the lab's canvas is left as it was)
    const copy = Object.assign(document.createElement('canvas'), { width: canvas.width, height: canvas.height }).getContext('2d', { willReadFrequently: true });
    copy.drawImage(canvas, 0, 0);
    return {
      worker: v.dataset.imageWorker, ok: v.dataset.ok, shape: vals.shape, display: scope.querySelector('[data-control="image-display"]').value,
      values: base64(new Uint8Array(vals.data.buffer, vals.data.byteOffset, vals.data.byteLength)),
      pixels: base64(copy.getImageData(0, 0, canvas.width, canvas.height).data),
    };
  }, { host, which });
  const buf = Buffer.from(r.values, 'base64');
  const data = new Float32Array(buf.byteLength / 4);
  new Uint8Array(data.buffer).set(buf);
  return { worker: r.worker, ok: r.ok, shape: r.shape, data, display: r.display, rgba: new Uint8Array(Buffer.from(r.pixels, 'base64')) };
}

/** The kernel (grid 2) of a lab as drawn: its values, row-major. */
const kernelValues = (page, host) => page.evaluate(`(() => { const g = ${scopeOf(host)}.querySelector('[data-grid="kernel"]'); return Array.from({ length: Number(g.dataset.rows) * Number(g.dataset.cols) }, (_, i) => g.cellInfo(i).value); })()`);

/**
 * The core in Node on the page's own input planes, with the lab's kernel on each channel: what the
 * view must show for `op` and `opts`; compared with what it shows, value by value.
 */
async function checkAgainstNode(page, host, op, opts, where) {
  const input = await imageState(page, host, 'input');
  const out = await imageState(page, host, 'output');
  const k = await kernelValues(page, host);
  const kh = (await readHooks(page, host)).kernel;
  const w3 = new Float32Array(3 * k.length);
  for (let c = 0; c < 3; c++) w3.set(k, c * k.length);
  const ref = core[op]({ shape: [1, ...input.shape], data: input.data }, { shape: [3, 1, kh[0], kh[1]], data: w3 }, { ...opts, groups: 3 });
  assert.deepEqual(out.shape, ref.shape.slice(1), `${where}: output shape`);
  let maxDiff = 0;
  for (let i = 0; i < ref.data.length; i++) maxDiff = Math.max(maxDiff, Math.abs(ref.data[i] - out.data[i]));
  assert.ok(maxDiff <= 1e-5, `${where}: largest difference from the core in Node ${maxDiff}`);
  // and the canvas shows those values: its pixels are the core's values mapped as the display
  // select says (within one step of 255: a value within 1e-5 may round the other way)
  const want = rgbaOf(ref.data, ref.shape[2], ref.shape[3], out.display);
  assert.equal(out.rgba.length, want.length, `${where}: canvas size`);
  let worst = 0;
  for (let i = 0; i < want.length; i++) worst = Math.max(worst, Math.abs(want[i] - out.rgba[i]));
  assert.ok(worst <= 1, `${where}: canvas pixels differ from the core's values by ${worst} (display ${out.display})`);
  return out;
}

/** Problems other than the browser's own report of the violations the test expects (`directives`). */
const unexpected = (problems, directives) => problems.filter((p) => !(p.startsWith('console error:') && directives.some((d) => p.includes(d))));

test('index.html under its own policy: a 512x512 picture is computed in the worker, values equal the core in Node, no violation', async (t) => {
  const { page, problems } = await open(t, '/index.html?view=image');
  await ready(page);
  await dropPhoto(page, null);
  await page.locator('[data-view="image"] button[data-preset="up2"]').click(); // ConvTranspose2d k4 s2 p1: 1024x1024
  await drawn(page, null, 512, [1024, 1024]);
  assert.equal((await imageState(page, null)).worker, 'true', 'computed in the worker');
  await checkAgainstNode(page, null, 'convTranspose2d', { stride: 2, padding: 1 }, 'up2 in the worker');
  await page.locator('[data-view="image"] button[data-preset="blur"]').click(); // Conv2d k3 s1 p1: 512x512 = 2^18 pixels, still the worker
  await drawn(page, null, 512, [512, 512]);
  const blur = await checkAgainstNode(page, null, 'conv2d', { stride: 1, padding: 1 }, 'blur in the worker');
  assert.equal(blur.worker, 'true');
  // the rest of the lab drew meanwhile: grids, verdict, no alert
  const hooks = await readHooks(page);
  assert.deepEqual([hooks.mode, hooks.kernel, hooks.alert], ['conv', [3, 3], '']);
  assert.deepEqual(await page.evaluate(() => window.__trap.csp), []);
  assert.deepEqual(problems, []);
});

test('index.html from file:// starts the worker too (its <meta> policy, a blob: worker)', async (t) => {
  const { page, problems } = await suite.open(t, distUrl('index.html', 'view=image&mode=convT&size=4&kernel_size=3&stride=2&padding=1'), { trap: true });
  await ready(page);
  await dropPhoto(page, null);
  await drawn(page, null, 512, [1023, 1023]);
  assert.equal((await imageState(page, null)).worker, 'true');
  await checkAgainstNode(page, null, 'convTranspose2d', { stride: 2, padding: 1 }, 'file://');
  assert.deepEqual(await page.evaluate(() => window.__trap.csp), []);
  assert.deepEqual(problems, []);
});

for (const [path, directive, what] of [
  ['/forbid.html', 'trusted-types', 'Trusted Types with no policy (the embed policy of docs/page.md)'],
  ['/forbid-worker-src.html', 'worker-src', 'no worker-src (script-src \'self\' only), Trusted Types open to convt-lab'],
]) {
  test(`an embed whose host policy forbids the worker (${what}): computed on the main thread, same values, nothing lost`, async (t) => {
    const { page, problems } = await open(t, path);
    await allReady(page);
    const before = await readHooks(page, '#a');
    await dropPhoto(page, '#a');
    await drawn(page, '#a', 512, [1023, 1023]);
    const out = await checkAgainstNode(page, '#a', 'convTranspose2d', { stride: 2, padding: 1 }, `fallback under ${path}`);
    assert.equal(out.worker, 'false', 'computed on the main thread');
    // the state is the same, and later changes are computed on the main thread at once
    assert.deepEqual(await readHooks(page, '#a'), before);
    await page.evaluate(() => document.getElementById('a').setAttribute('stride', '1'));
    await drawn(page, '#a', 512, [512, 512]);
    const again = await checkAgainstNode(page, '#a', 'convTranspose2d', { stride: 1, padding: 1 }, `fallback under ${path}, stride 1`);
    assert.equal(again.worker, 'false');
    // one refusal, reported by the browser as a violation of the expected directive; no worker left running, no uncaught error
    const csp = await page.evaluate(() => window.__trap.csp);
    assert.ok(csp.length >= 1 && csp.every((v) => v.startsWith(directive)), `violations: ${csp}`);
    assert.equal((await page.evaluate(() => window.__trap.count())).workers, 0);
    assert.deepEqual(unexpected(problems, [directive === 'trusted-types' ? 'TrustedTypePolicy' : 'worker']), []);
  });
}

test('an embed whose host allows worker-src blob: and trusted-types convt-lab: the worker, and stale results are dropped', async (t) => {
  const { page, problems } = await open(t, '/allow.html');
  await allReady(page);
  await dropPhoto(page, '#a');
  await drawn(page, '#a', 512, [1023, 1023]);
  assert.equal((await imageState(page, '#a')).worker, 'true');
  // five changes in a row, faster than the worker answers: fewer pictures drawn than changes, each
  // one for the parameters of its moment (ConvTranspose2d p1 on 512: 511 s + k - 2 rows, a different
  // number for each change: a stale result would show the rows of an earlier change), the last one right
  const seen = await page.evaluate(async () => {
    const e = document.getElementById('a'), v = e.shadowRoot.querySelector('[data-view="image"]');
    const rows = [];
    const expected = () => String(511 * Number(e.getAttribute('stride')) + Number(e.getAttribute('kernel_size')) - 2);
    const watch = new MutationObserver(() => { if (v.dataset.imagePending === 'false') rows.push(`${v.dataset.outputRows}/${expected()}`); });
    watch.observe(v, { attributes: true, attributeFilter: ['data-image-pending'] });
    for (const [k, s] of [['3', '1'], ['3', '2'], ['5', '2'], ['4', '1'], ['4', '2']]) {
      e.setAttribute('kernel_size', k); e.setAttribute('stride', s);
      await new Promise((r) => setTimeout(r, 0));
    }
    // the last change's picture, or what is shown after 60 s (a stale picture kept for good: the assertions below name it)
    await new Promise((r) => {
      const done = () => { o.disconnect(); clearTimeout(limit); r(); };
      const o = new MutationObserver(() => { if (v.dataset.imagePending === 'false' && v.dataset.outputRows === '1024') done(); });
      const limit = setTimeout(done, 60_000);
      o.observe(v, { attributes: true });
      if (v.dataset.imagePending === 'false' && v.dataset.outputRows === '1024') done();
    });
    watch.disconnect();
    return rows;
  });
  assert.ok(seen.length < 5, `fewer pictures drawn than changes made: ${seen}`);
  for (const drawnFor of seen) { const [rows, expected] = drawnFor.split('/'); assert.equal(rows, expected, `a stale picture was drawn: ${seen}`); }
  assert.equal(seen.at(-1), '1024/1024');
  await checkAgainstNode(page, '#a', 'convTranspose2d', { stride: 2, padding: 1 }, 'after five quick changes');
  assert.equal((await imageState(page, '#a')).worker, 'true');
  assert.deepEqual(await page.evaluate(() => window.__trap.csp), []);
  assert.deepEqual(problems, []);
});

test('one worker per page: shared by every lab, started on first need, terminated when no lab is left; the switch', async (t) => {
  const { page, problems } = await open(t, '/two.html');
  await allReady(page);
  const workers = () => page.evaluate(() => ({ live: window.__trap.count().workers, started: window.__trap.workersStarted }));
  assert.deepEqual(await workers(), { live: 0, started: 0 }, 'no worker for the built-in pictures');
  await dropPhoto(page, '#a');
  await drawn(page, '#a', 512, [1024, 1024]);
  await dropPhoto(page, '#b');
  await drawn(page, '#b', 512, [512, 512]);
  assert.deepEqual([(await imageState(page, '#a')).worker, (await imageState(page, '#b')).worker], ['true', 'true']);
  assert.deepEqual(await workers(), { live: 1, started: 1 }, 'one worker for both labs');
  await checkAgainstNode(page, '#b', 'conv2d', { stride: 1, padding: 1 }, 'second lab');
  // the page keeps its own references to the elements it takes out (so it can put them back)
  await page.evaluate(() => { const held = new Map([['a', document.getElementById('a')], ['b', document.getElementById('b')]]); document.takeOut = (id) => held.get(id).remove(); document.putBack = (id) => document.body.append(held.get(id)); });
  await page.evaluate(() => document.takeOut('a'));
  assert.deepEqual(await workers(), { live: 1, started: 1 }, 'kept while a lab is left');
  await page.evaluate(() => document.takeOut('b'));
  assert.deepEqual(await workers(), { live: 0, started: 1 }, 'terminated with the last lab');
  // back on the page: a smaller output is computed on the main thread, a heavy kernel starts a worker again
  await page.evaluate(() => document.putBack('b'));
  await page.evaluate(() => document.getElementById('b').setAttribute('stride', '2'));
  await drawn(page, '#b', 512, [256, 256]); // 65,536 output pixels, 1.8M multiply-adds: the main thread
  assert.equal((await imageState(page, '#b')).worker, 'false');
  // 247 * 247 * 441 * 3 = 81M multiply-adds (>= 2^26): the worker (the grids' 6x6 input is too small for a 21x21 kernel: 24x24)
  await page.evaluate(() => { const b = document.getElementById('b'); b.setAttribute('size', '24'); b.setAttribute('kernel_size', '21'); });
  await drawn(page, '#b', 512, [247, 247]);
  assert.equal((await imageState(page, '#b')).worker, 'true');
  assert.deepEqual(await workers(), { live: 1, started: 2 });
  await checkAgainstNode(page, '#b', 'conv2d', { stride: 2, padding: 1 }, 'k21 s2 in a new worker');
  // the switch: off computes on the main thread, the same values
  await page.evaluate(() => { customElements.get('convt-lab').imageWorker = false; document.getElementById('b').setAttribute('padding', '2'); });
  await drawn(page, '#b', 512, [248, 248]);
  const off = await checkAgainstNode(page, '#b', 'conv2d', { stride: 2, padding: 2 }, 'switched off');
  assert.equal(off.worker, 'false');
  await page.evaluate(() => document.takeOut('b'));
  assert.deepEqual(await workers(), { live: 0, started: 2 });
  assert.deepEqual(problems, []);
});
