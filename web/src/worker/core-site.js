// #convt-wasm on the site's main thread (web/build.mjs resolves it here for the page and the
// element): the WASM embedded once in the script (as bytes), compiled once per page. The image
// view's worker is sent the compiled module (image-runner.js), so it carries no copy of its own.
import wasmBytes from '../../lib/wasm/convt_core.site.wasm';
import { factoryFor } from './site-loader.js';

let compiled = null;
/** The page's one compiled WebAssembly.Module of the core. */
export function compiledCore() {
  if (!compiled) compiled = WebAssembly.compile(wasmBytes);
  return compiled;
}

export default factoryFor(compiledCore);
