// The worker side of a Core in a Web Worker (one WASM instance per worker). In the worker's own
// file: `import { serveCore } from 'convt-lab/worker'; serveCore();`. It answers requests of the
// protocol in worker-protocol.js: { id, op: 'conv2d' | 'convTranspose2d', x, w, opts } with
// { id, result: { shape, data } }, the result's buffer transferred (the worker keeps no reference
// to it), or { id, error: { message, parameter } } with the Error loadCore()'s core threw.
// worker-client.js is the other side (coreInWorker), for the page or any main thread.
import { loadCore } from './core.js';
import { replyTo } from './worker-protocol.js';

/** Answers conv2d / convTranspose2d requests on `scope` (the worker's global scope by default). */
export function serveCore(scope = globalThis) {
  const ready = loadCore();
  ready.catch(() => {});  // start compiling now; a failure is reported to each request
  scope.addEventListener('message', async (event) => {
    let core;
    try {
      core = await ready;
    } catch (e) {
      scope.postMessage({ id: event.data?.id, error: { message: String(e?.message ?? e) } });
      return;
    }
    const { reply, transfer } = replyTo(core, event.data);
    scope.postMessage(reply, transfer);
  });
}
