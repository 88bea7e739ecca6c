// #convt-wasm inside the image view's worker (web/build.mjs resolves it here for the worker's
// script): the core's WebAssembly.Module arrives compiled, in the first message from the page
// (image-worker.js), and the loader waits for it.
import { factoryFor } from './site-loader.js';

let receive;
const posted = new Promise((resolve) => { receive = resolve; });
/** Hands the module the page posted to the loader (once). */
export const receiveCompiledCore = (module) => receive(module);

export default factoryFor(() => posted);
