// The main-thread side of worker.js: coreInWorker(worker) gives conv2d / convTranspose2d that run
// in that worker and return Promises of { shape, data }. Results come back transferred (no copy);
// inputs are copied unless the call says { transfer: true }, which hands x.data's and w.data's
// buffers to the worker (they become detached here: use it for arrays built for this one call).
// Errors are the core's: an Error whose `parameter` names the bad argument.

/** worker: a Worker running serveCore() (worker.js). */
export function coreInWorker(worker) {
  let lastId = 0;
  const pending = new Map();  // id -> { resolve, reject }
  const failAll = (error) => {
    for (const p of pending.values()) p.reject(error);
    pending.clear();
  };
  worker.addEventListener('message', (event) => {
    const { id, result, error } = event.data ?? {};
    const p = pending.get(id);
    if (!p) return;
    pending.delete(id);
    if (error) p.reject(Object.assign(new Error(error.message), { parameter: error.parameter }));
    else p.resolve(result);
  });
  // A worker that fails to load (or throws outside a request) answers nothing again.
  worker.addEventListener('error', (event) => failAll(new Error(`worker: ${event.message || 'failed to load'}`)));
  worker.addEventListener('messageerror', () => failAll(new Error('worker: a reply could not be deserialized')));

  const request = (op) => (x, w, opts, { transfer = false } = {}) => new Promise((resolve, reject) => {
    const id = ++lastId;
    const buffers = transfer ? new Set([x?.data?.buffer, w?.data?.buffer].filter((b) => b instanceof ArrayBuffer)) : [];
    pending.set(id, { resolve, reject });
    try {
      worker.postMessage({ id, op, x, w, opts }, [...buffers]);
    } catch (e) {  // e.g. a DataCloneError: something in the arguments cannot be sent
      pending.delete(id);
      reject(e);
    }
  });
  return {
    conv2d: request('conv2d'),
    convTranspose2d: request('convTranspose2d'),
    /** Stops the worker; calls still waiting reject. */
    terminate() {
      worker.terminate();
      failAll(new Error('worker: terminated'));
    },
  };
}
