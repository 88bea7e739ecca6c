// The image view's Web Worker (its script: web/build.mjs bundles this file into a classic script
// that the page embeds as text and starts from a blob: URL; image-runner.js is the page's side).
// The first message carries the core's compiled WebAssembly.Module (the page compiled the one
// copy of the WASM it holds); the worker loads the core from it, warms it up, and says
// { ready: true } or { failed: message }. Then each request
//   { id, op: 'conv2d' | 'convTranspose2d', x, w, opts, display }
// is answered with { id, result: { shape, data, pixels, ms } }: the values, their RGBA pixels for
// `display` (image-pixels.js) and the call's time here, both buffers transferred (no copy); or with
// { id, error: { message, parameter } }.
import { loadCore } from '../../lib/core.js';
import { replyTo } from '../../lib/worker-protocol.js';
import { receiveCompiledCore } from './core-posted.js';
import { rgbaOf } from './image-pixels.js';

/** The image view's addition to a result: the picture's RGBA pixels for `display`, and the call's time here. */
function answer(core, request) {
  const t0 = performance.now();
  const { reply, transfer } = replyTo(core, request, (r, { display }) => {
    const ms = performance.now() - t0;
    const pixels = rgbaOf(r.data, r.shape[2], r.shape[3], display);
    return { fields: { pixels, ms }, transfer: [pixels.buffer] };
  });
  self.postMessage(reply, transfer);
}

self.addEventListener('message', ({ data }) => {
  receiveCompiledCore(data.compiledCore);
  const ready = loadCore();
  ready.then(() => self.postMessage({ ready: true }), (e) => self.postMessage({ failed: String(e?.message ?? e) }));
  self.addEventListener('message', (event) => { ready.then((core) => answer(core, event.data)); });
}, { once: true });
