// The page's side of the image view's Web Worker (image-worker.js is the worker's): one worker per
// page, shared by every lab on it, started on the first call that needs it and terminated when no
// lab is left on the page. Its script is built by web/build.mjs and embedded here as text (started
// from a blob: URL); its WASM is the page's own, sent compiled (core-site.js). Where no worker can
// run (no Worker, a Content-Security-Policy without `worker-src blob:` or with Trusted Types that
// refuse the policy 'convt-lab', a worker that fails to load the core), calls are refused with
// reason 'unavailable' from then on, and the lab computes on the main thread as before.
import workerSource from 'convt:image-worker-source';
import { compiledCore } from './core-site.js';
import { TRUSTED_TYPES_POLICY } from './trusted-types.js';
import { createCalls } from '../../lib/worker-protocol.js';

let labs = 0;          // labs on the page (holdImageWorker)
let running = null;    // { worker, ready, calls, url }
let unavailable = typeof Worker !== 'function' || typeof Blob !== 'function' || typeof URL?.createObjectURL !== 'function';
let use = 'auto';      // the switch (measurements, tests): 'auto' (the rule, model.runsInWorker), 'always', 'never'
let policy;            // the Trusted Types policy once made
let allowedUrl = null; // the one URL it accepts

const refusal = (reason, message) => Object.assign(new Error(`image worker: ${message}`), { reason });

/**
 * Where image mode's calls may run: 'never' (the switch is off, or a worker failed to start on this
 * page: the main thread), 'auto' (the worker for the calls model.runsInWorker picks) or 'always'.
 */
export const imageWorkerUse = () => (unavailable ? 'never' : use);
/**
 * The switch (`customElements.get('convt-lab').imageWorker`, for measurements and tests): true
 * (the default) lets the rule choose, false keeps every picture on the main thread, 'always' sends
 * every picture to the worker. Reads back as true, false or 'always'.
 */
export function setImageWorker(on) { use = on === 'always' ? 'always' : on ? 'auto' : 'never'; }
export const imageWorkerSwitch = () => (use === 'auto' ? true : use === 'always' ? 'always' : false);

/** A lab is on the page; returns its release. The worker is stopped when the last lab is released. */
export function holdImageWorker() {
  labs++;
  let held = true;
  return () => {
    if (!held) return;
    held = false;
    if (--labs === 0) stop(refusal('stopped', 'no lab left on the page'));
  };
}

function scriptUrl(url) {
  const tt = globalThis.trustedTypes;
  if (!tt || typeof tt.createPolicy !== 'function') return url;
  if (!policy) {
    policy = tt.createPolicy(TRUSTED_TYPES_POLICY, {
      createScriptURL(u) { if (u !== allowedUrl) throw new TypeError(`${TRUSTED_TYPES_POLICY}: only its own worker script`); return u; },
    });
  }
  allowedUrl = url;
  return policy.createScriptURL(url);
}

function stop(error) {
  const r = running;
  if (!r) return;
  running = null;
  r.worker.terminate();
  URL.revokeObjectURL(r.url);
  r.calls.failAll(error);
  r.fail(error);
}

/** Gives up on workers for this page: every waiting call is refused as 'unavailable'. */
function giveUp(message) {
  unavailable = true;
  stop(refusal('unavailable', message));
}

function start() {
  const url = URL.createObjectURL(new Blob([workerSource], { type: 'text/javascript' }));
  let worker;
  try {
    worker = new Worker(scriptUrl(url), { name: 'convt-lab image view' });
  } catch (e) {  // Trusted Types refused the policy or the URL, or the browser refused the worker at once
    URL.revokeObjectURL(url);
    unavailable = true;
    throw refusal('unavailable', String(e?.message ?? e));
  }
  const r = { worker, url, calls: createCalls((message, transfer) => worker.postMessage(message, transfer)) };
  r.ready = new Promise((resolve, reject) => { r.ok = resolve; r.fail = reject; });
  r.ready.catch(() => {});  // a failure reaches every caller through its own call
  worker.addEventListener('message', ({ data }) => {
    if (data?.ready) { r.ok(); return; }
    if (data?.failed) { giveUp(data.failed); return; }
    r.calls.settle(data);
  });
  // A policy without worker-src blob: (or a script that fails to load) is an error event, not an exception.
  worker.addEventListener('error', (e) => { e.preventDefault(); if (running === r) giveUp(e.message || 'the worker could not start'); });
  worker.addEventListener('messageerror', () => { if (running === r) giveUp('a reply could not be read'); });
  running = r;
  compiledCore().then((module) => worker.postMessage({ compiledCore: module }))
    .catch((e) => { if (running === r) giveUp(String(e?.message ?? e)); });
  return r;
}

/**
 * Runs image mode's call (model.imageCall: op, x, w, opts) in the worker, with the pixels for
 * `display`. A Promise of { shape, data, pixels, ms }; refused with an Error whose `reason` is
 * 'unavailable' (compute on the main thread instead) or 'stopped' (no lab is left), or the core's
 * Error (with `parameter`).
 */
export async function runImageCall({ op, x, w, opts }, display) {
  if (imageWorkerUse() === 'never') throw refusal('unavailable', unavailable ? 'not available on this page' : 'switched off');
  if (labs === 0) throw refusal('stopped', 'no lab on the page');
  const r = running || start();
  await r.ready;
  if (running !== r) throw refusal('stopped', 'the worker was stopped');
  return r.calls.call({ op, x, w, opts, display });
}
