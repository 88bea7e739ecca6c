// The parameter's one way through, counted: a change of a parameter computes one model state and one
// frame (web/src/app/store.js, model/frame.js), which make no core call twice with the same
// arguments and call explain() exactly once; pointing and stepping call none. The views get frames, never the core: no
// file in web/src/views/ or web/src/draw/ calls it. The real core, through a counting proxy.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadCore } from '../../web/lib/core.js';
import { createStore } from '../../web/src/app/store.js';
import { frameOf } from '../../web/src/model/frame.js';
import { DEFAULTS, VIEWS } from '../../web/src/model/params.js';

const core = await loadCore();
const SRC = new URL('../../web/src/', import.meta.url).pathname;

/** A checksum of a typed array (its values in order), to tell two calls' data apart. */
function fingerprint(a) { let h = 0; for (let i = 0; i < a.length; i++) h = (Math.imul(h, 31) + Math.round(a[i] * 1024)) | 0; return h; }

/** Every call by its function and arguments, across the core and its reference loops. */
const calls = new Map();

/** A core whose functions (reference.* too) count their calls into `counts` (by name) and `calls` (by name and arguments). */
function counting(real, counts, prefix = '') {
  // (a proxy of an empty object: the core's own objects are frozen, which a proxy must mirror)
  return new Proxy({}, {
    get(_, name) {
      const v = real[name];
      if (typeof v === 'function') {
        return (...a) => {
          const key = prefix + String(name);
          counts[key] = (counts[key] || 0) + 1;
          // the same call twice (same function, same arguments) is the waste this test is about
          const same = `${key}(${JSON.stringify(a, (k, x) => (ArrayBuffer.isView(x) ? `${x.length}:${fingerprint(x)}` : x))})`;
          calls.set(same, (calls.get(same) || 0) + 1);
          return v.apply(real, a);
        };
      }
      if (name === 'reference' && v) return counting(v, counts, 'reference.');
      return v;
    },
  });
}

/** A store on the counting core with a drawn state, and what one frame of `view` costs. */
function setup(params = DEFAULTS) {
  const counts = {};
  const store = createStore('en');
  store.core = counting(core, counts);
  assert.equal(store.apply(params), null);
  const layout = { width: 1240, heightBudget: 560, kind: 'full', compact: false };
  const picture = { id: 'test-12', width: 12, height: 12, planes: new Float32Array(3 * 144).fill(0.5) };
  const frame = (view) => { store.setView(view); if (view === 'image') store.setImage(picture); return frameOf(store.core, store, layout, 'never'); };
  return { store, counts, frame, reset: () => { for (const k of Object.keys(counts)) delete counts[k]; calls.clear(); } };
}

for (const mode of ['convT', 'conv']) {
  test(`${mode}: a stride change calls explain() once and no core function twice with the same arguments, in every view`, () => {
    for (const view of VIEWS) {
      const { store, counts, frame, reset } = setup({ ...DEFAULTS, mode });
      frame(view);
      reset();
      assert.equal(store.apply({ ...store.state.params, stride: [3, 3] }), null);
      frame(view);
      assert.equal(counts.explain, 1, `${view}: explain() ${counts.explain} times: ${JSON.stringify(counts)}`);
      const twice = [...calls].filter(([, n]) => n > 1).map(([k, n]) => `${n}x ${k.slice(0, 120)}`);
      assert.deepEqual(twice, [], `${view}: the same call more than once`);
      // the default view costs what a change of the layer must: the layer, its reference and the way back
      if (view === 'sizes') {
        const want = mode === 'convT' ? ['convTranspose2d', 'conv2d', 'convTranspose2dByStuffing', 'explain', 'reference.convTranspose2d'] : ['conv2d', 'convTranspose2d', 'explain', 'reference.conv2d'];
        assert.deepEqual(Object.keys(counts).sort(), want.sort(), JSON.stringify(counts));
      }
    }
  });
}

test('pointing, stepping and Play call the core not at all; the same frame parts come back unchanged', () => {
  const { store, counts, frame, reset } = setup();
  const before = frame('sizes');
  reset();
  store.point('output', 5, 'hover');
  const hovered = frame('sizes');
  store.step(7);
  store.setPlaying(true);
  const stepped = frame('sizes');
  assert.deepEqual(counts, {}, 'no core call');
  assert.equal(hovered.state, before.state, 'the same state object');
  assert.notEqual(hovered.highlights, before.highlights);
  assert.deepEqual(stepped.play, { running: true, index: 7 });
});

test('views and drawing code never call the core: they draw the frame they are handed', () => {
  const CALL = /\bcore\s*(\.|\[)/;
  const hits = [];
  for (const dir of ['views', 'draw']) {
    for (const f of readdirSync(join(SRC, dir)).filter((n) => n.endsWith('.js'))) {
      readFileSync(join(SRC, dir, f), 'utf8').split('\n').forEach((line, i) => {
        if (CALL.test(line) && !/^\s*(\/\/|\*)/.test(line)) hits.push(`web/src/${dir}/${f}:${i + 1}: ${line.trim()}`);
      });
    }
  }
  assert.deepEqual(hits, []);
});
