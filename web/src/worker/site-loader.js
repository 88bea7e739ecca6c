// How the static site (the page, <convt-lab> and the image view's worker) loads the core: the
// site's build of the module (CMakeLists.txt, convt_core.site: Emscripten's loader with the WASM
// apart) is handed an already compiled WebAssembly.Module through its instantiateWasm hook, so it
// fetches and decodes nothing. The main thread compiles the one embedded copy of the WASM
// (core-site.js); the worker gets that compiled module in a message (core-posted.js).
import createSiteModule from '../../lib/wasm/convt_core.site.mjs';

/** An Emscripten-style factory (what core.js imports as #convt-wasm); `compiled()` gives a Promise of the WebAssembly.Module. */
export function factoryFor(compiled) {
  return () => compiled().then((module) => new Promise((resolve, reject) => {
    createSiteModule({
      instantiateWasm(imports, receiveInstance) {
        WebAssembly.instantiate(module, imports).then((instance) => receiveInstance(instance, module), reject);
        return {}; // the exports arrive asynchronously, through receiveInstance
      },
    }).then(resolve, reject);
  }));
}
