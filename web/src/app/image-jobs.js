// One lab's queue of image-view calls for the page's worker (worker/image-runner.js). One call at a
// time per lab: a call asked for while another runs waits, and a later one replaces it. Each call
// gets the next generation number; a result is kept only if no call was asked for since (an older
// one is stale: the user changed something meanwhile), and then the lab draws again.
import { runImageCall } from '../worker/image-runner.js';
import { imageResult, setImageResult } from '../model/view-data.js';

/**
 * `onDone()`: a result (or the core's error) was kept, or the worker is unavailable and the call
 * must be made on the main thread: draw the image view again. `isAttached()`: the lab is on the page.
 */
export function createImageJobs({ onDone, isAttached }) {
  let gen = 0, running = null, next = null, retry = false;

  /** Sends the image view's pending call (model/view-data.js imageOf) for `state` and picture `img`, unless it is on its way. */
  function offload(state, img, call, display) {
    const asked = (job) => job && job.state === state && job.img === img;
    if (asked(next) || (!next && asked(running))) return;
    const job = { gen: ++gen, state, img, call, display };
    if (running) next = job; else run(job);
  }

  function run(job) {
    running = job;
    runImageCall(job.call, job.display).then(
      (r) => { if (job.gen === gen) setImageResult(job.state, job.img, imageResult(job.call, r, r.ms, true, { display: job.display, rgba: r.pixels })); },
      (e) => {
        if (job.gen !== gen) return;
        if (e.reason === 'stopped') { retry = !isAttached(); return; } // no lab was left: asked again when this one is back
        if (!e.reason) setImageResult(job.state, job.img, { error: String(e.message) }); // the core's error, shown as on the main thread
        // 'unavailable': drawn again below, computed on the main thread
      },
    ).finally(() => {
      running = null;
      const queued = next;
      next = null;
      if (queued) run(queued);
      else if (job.gen === gen && !retry) onDone();
    });
  }

  return {
    offload,
    /** The lab is back on the page: a call dropped while it was away is asked again. Returns whether to draw. */
    resume() { const was = retry; retry = false; return was; },
  };
}
