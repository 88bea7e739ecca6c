#!/usr/bin/env bash
# Builds the WebAssembly module(s) into web/lib/wasm/ with Debian's Emscripten.
#   tools/build-wasm.sh           SIMD module, two builds of it (CMakeLists.txt says why):
#                                   web/lib/wasm/convt_core.js           Node
#                                   web/lib/wasm/convt_core.browser.mjs  browsers, workers, bundlers
#                                 and the static site's loader + WASM apart (web/build.mjs embeds them):
#                                   web/lib/wasm/convt_core.site.mjs, convt_core.site.wasm
#   tools/build-wasm.sh scalar    also the scalar module for the benchmark (Node only: convt_core_scalar.js)
set -euo pipefail
cd "$(dirname "$0")/.."
# Debian's emscripten needs its JS helpers (acorn) from /usr/share/nodejs (docs/toolchain.md, "Emscripten").
export NODE_PATH="/usr/share/nodejs${NODE_PATH:+:$NODE_PATH}"
build() {  # dir simd name browser-build outputs...
  local dir=$1 simd=$2 name=$3 browser=$4; shift 4
  emcmake cmake -S . -B "$dir" -DCMAKE_BUILD_TYPE=Release -DCONVT_SIMD="$simd" -DCONVT_MODULE_NAME="$name" \
    -DCONVT_BROWSER_MODULE="$browser" >/dev/null
  cmake --build "$dir" -j2 >/dev/null
  for f in "$@"; do cp "$dir/$f" web/lib/wasm/; done
}
build build-wasm ON convt_core ON convt_core.js convt_core.browser.mjs convt_core.site.mjs convt_core.site.wasm
if [[ "${1:-}" == "scalar" ]]; then build build-wasm-scalar OFF convt_core_scalar OFF convt_core_scalar.js; fi
ls -l web/lib/wasm/convt_core*
