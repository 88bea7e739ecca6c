// The main-thread side of worker.js: coreInWorker(worker) gives conv2d / convTranspose2d that run
// in that worker and return Promises of { shape, data } (the protocol: worker-protocol.js). Results
// come back transferred (no copy); inputs are copied unless the call says { transfer: true }, which
// hands x.data's and w.data's buffers to the worker (they become detached here: use it for arrays
// built for this one call). Errors are the core's: an Error whose `parameter` names the bad argument.
import { createCalls } from './worker-protocol.js';

/** worker: a Worker running serveCore() (worker.js). */
export function coreInWorker(worker) {
  const calls = createCalls((message, transfer) => worker.postMessage(message, transfer));
  worker.addEventListener('message', (event) => calls.settle(event.data));
  // A worker that fails to load (or throws outside a request) answers nothing again.
  worker.addEventListener('error', (event) => calls.failAll(new Error(`worker: ${event.message || 'failed to load'}`)));
  worker.addEventListener('messageerror', () => calls.failAll(new Error('worker: a reply could not be deserialized')));

  const request = (op) => (x, w, opts, { transfer = false } = {}) => {
    const buffers = transfer ? new Set([x?.data?.buffer, w?.data?.buffer].filter((b) => b instanceof ArrayBuffer)) : [];
    return calls.call({ op, x, w, opts }, [...buffers]);
  };
  return {
    conv2d: request('conv2d'),
    convTranspose2d: request('convTranspose2d'),
    /** Stops the worker; calls still waiting reject. */
    terminate() {
      worker.terminate();
      calls.failAll(new Error('worker: terminated'));
    },
  };
}
