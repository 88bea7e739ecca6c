// The scratch app every bundler builds (tests/package/bundlers.test.mjs), with the package
// installed from its tarball. window.runCases(cases) computes each case on this thread, in the
// ready-made worker (convt-lab/worker) and, for valid ConvTranspose2d cases, in a hand-written one;
// window.network(text, inputShape) reads a model and plans, pairs and mirrors it.
import { loadCore, parseTorch, planNetwork, pairNetwork, mirrorNetwork } from 'convt-lab';
import { coreInWorker } from 'convt-lab/worker-client';

const tensor = (t) => ({ shape: t.shape, data: new Float32Array(t.data) });
const answer = (y) => ({ shape: y.shape, data: Array.from(y.data), float32: y.data instanceof Float32Array });
const failure = (e) => ({ error: String(e.message), parameter: e.parameter });

function inOwnWorker(worker, c) {
  return new Promise((resolve, reject) => {
    worker.onmessage = ({ data }) => resolve(answer(data));
    worker.onerror = (e) => reject(new Error(e.message));
    worker.postMessage({ x: tensor(c.x), w: tensor(c.w), opts: c.opts });
  });
}

// cases: [{ op: 'conv2d' | 'convTranspose2d', x, w, opts }] with plain arrays of numbers.
window.runCases = async (cases) => {
  const core = await loadCore();
  const mainThread = cases.map((c) => {
    try { return answer(core[c.op](tensor(c.x), tensor(c.w), c.opts)); } catch (e) { return failure(e); }
  });
  const remote = coreInWorker(new Worker(new URL('./convt-worker.js', import.meta.url), { type: 'module' }));
  const own = new Worker(new URL('./own-worker.js', import.meta.url), { type: 'module' });
  try {
    const worker = await Promise.all(cases.map((c, i) =>
      remote[c.op](tensor(c.x), tensor(c.w), c.opts, { transfer: i % 2 === 0 }).then(answer, failure)));
    const ownWorker = [];
    for (const c of cases) ownWorker.push(c.op === 'convTranspose2d' && !c.invalid ? await inOwnWorker(own, c) : null);
    return { mainThread, worker, ownWorker };
  } finally {
    remote.terminate();
    own.terminate();
  }
};
// The worker client's edges: { transfer: true } detaches the inputs, terminate() and a worker that
// fails to load reject the calls still waiting.
window.workerClientEdges = async () => {
  const pair = () => [tensor({ shape: [1, 1, 2, 2], data: [1, 2, 3, 4] }), tensor({ shape: [1, 1, 1, 1], data: [2] })];
  const remote = coreInWorker(new Worker(new URL('./convt-worker.js', import.meta.url), { type: 'module' }));
  const [x, w] = pair();
  const copied = await remote.conv2d(x, w);
  const kept = [x.data.byteLength, w.data.byteLength];
  const moved = await remote.conv2d(x, w, undefined, { transfer: true });
  const detached = [x.data.byteLength, w.data.byteLength];
  const pending = remote.convTranspose2d(...pair());
  remote.terminate();
  const afterTerminate = await pending.then(() => 'resolved', (e) => e.message);
  const missing = coreInWorker(new Worker('./no-such-worker.js', { type: 'module' }));
  const afterLoadFailure = await missing.conv2d(...pair()).then(() => 'resolved', (e) => e.message);
  return { copied: Array.from(copied.data), kept, moved: Array.from(moved.data), detached, afterTerminate, afterLoadFailure };
};
window.network = async (text, inputShape) => {
  await loadCore();
  const { layers } = parseTorch(text);
  return { plan: planNetwork(layers, inputShape), pairs: pairNetwork(layers, inputShape), mirror: mirrorNetwork(layers, inputShape) };
};
window.appReady = true;
