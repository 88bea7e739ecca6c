// The worker side of a Core in a Web Worker (one WASM instance per worker). In the worker's own
// file: `import { serveCore } from 'convt-lab/worker'; serveCore();`. It answers messages
//   { id, op: 'conv2d' | 'convTranspose2d', x, w, opts }
// with { id, result: { shape, data } }, the result's buffer transferred (the worker keeps no
// reference to it), or { id, error: { message, parameter } } with the Error loadCore()'s core threw.
// worker-client.js is the other side (coreInWorker), for the page or any main thread.
import { loadCore } from './core.js';

const OPS = ['conv2d', 'convTranspose2d'];

/** Answers conv2d / convTranspose2d requests on `scope` (the worker's global scope by default). */
export function serveCore(scope = globalThis) {
  loadCore().catch(() => {});  // start compiling now; a failure is reported to each request
  scope.addEventListener('message', async (event) => {
    const { id, op, x, w, opts } = event.data ?? {};
    try {
      if (!OPS.includes(op)) {
        throw Object.assign(new Error(`op: must be one of ${OPS.join(', ')}, but got ${JSON.stringify(op)}`), { parameter: 'op' });
      }
      const core = await loadCore();
      const result = core[op](x, w, opts);
      scope.postMessage({ id, result }, [result.data.buffer]);
    } catch (e) {
      scope.postMessage({ id, error: { message: String(e?.message ?? e), parameter: e?.parameter } });
    }
  });
}
