// A worker written by hand, as in docs/library.md, "In a Web Worker": loadCore() inside the worker.
import { loadCore } from 'convt-lab';
const ready = loadCore();                  // this worker's own WASM instance
self.onmessage = async ({ data: { x, w, opts } }) => {
  const core = await ready;
  const y = core.convTranspose2d(x, w, opts);
  self.postMessage(y, [y.data.buffer]);    // hand the result back without copying it
};
