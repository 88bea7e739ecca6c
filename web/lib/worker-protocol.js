// The one protocol between a main thread and a core in a Web Worker, used by the library's pair
// (worker.js, worker-client.js) and by the page's image view (web/src/worker/). A request is
//   { id, op: 'conv2d' | 'convTranspose2d', x, w, opts, ...extra }
// and its reply { id, result: { shape, data, ...extra } } with the result's buffers transferred, or
// { id, error: { message, parameter } } carrying the core's Error by value.

/** The operations a worker answers. */
export const WORKER_OPS = ['conv2d', 'convTranspose2d'];

/**
 * The worker's side of one request: runs it on `core` and returns { reply, transfer }. `more(result,
 * request)` may add fields to the result ({ fields, transfer }: e.g. the image view's pixels).
 */
export function replyTo(core, request, more = null) {
  const { id, op, x, w, opts } = request ?? {};
  try {
    if (!WORKER_OPS.includes(op)) {
      throw Object.assign(new Error(`op: must be one of ${WORKER_OPS.join(', ')}, but got ${JSON.stringify(op)}`), { parameter: 'op' });
    }
    const result = core[op](x, w, opts);
    const added = more ? more(result, request) : { fields: {}, transfer: [] };
    return { reply: { id, result: { ...result, ...added.fields } }, transfer: [result.data.buffer, ...added.transfer] };
  } catch (e) {
    return { reply: { id, error: { message: String(e?.message ?? e), parameter: e?.parameter } }, transfer: [] };
  }
}

/** The Error a reply's `error` stands for (the same message and `parameter` as in the worker). */
export const errorOf = ({ message, parameter }) => Object.assign(new Error(message), { parameter });

/**
 * The main thread's side: ids and the calls still waiting. `post(message, transfer)` sends one.
 * call(fields, transfer) -> a Promise of the result; settle(reply) resolves or rejects its call
 * (false for a reply that is not one of ours); failAll(error) rejects every waiting call.
 */
export function createCalls(post) {
  let lastId = 0;
  const pending = new Map();
  return {
    call(fields, transfer = []) {
      return new Promise((resolve, reject) => {
        const id = ++lastId;
        pending.set(id, { resolve, reject });
        try {
          post({ id, ...fields }, transfer);
        } catch (e) {  // e.g. a DataCloneError: something in the arguments cannot be sent
          pending.delete(id);
          reject(e);
        }
      });
    },
    settle(reply) {
      const p = pending.get(reply?.id);
      if (!p) return false;
      pending.delete(reply.id);
      if (reply.error) p.reject(errorOf(reply.error)); else p.resolve(reply.result);
      return true;
    },
    failAll(error) {
      for (const p of pending.values()) p.reject(error);
      pending.clear();
    },
  };
}
