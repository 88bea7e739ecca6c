#!/usr/bin/env bash
# Builds the WebAssembly module(s) into web/lib/wasm/ with Debian's Emscripten.
#   tools/build-wasm.sh           SIMD module (web/lib/wasm/convt_core.js)
#   tools/build-wasm.sh scalar    also the scalar module (convt_core_scalar.js) for the benchmark
set -euo pipefail
cd "$(dirname "$0")/.."
# Debian's emscripten needs its JS helpers (acorn) from /usr/share/nodejs (TOOLCHAIN.md).
export NODE_PATH="/usr/share/nodejs${NODE_PATH:+:$NODE_PATH}"
build() {  # dir simd name
  emcmake cmake -S . -B "$1" -DCMAKE_BUILD_TYPE=Release -DCONVT_SIMD="$2" -DCONVT_MODULE_NAME="$3" >/dev/null
  cmake --build "$1" -j2 >/dev/null
  cp "$1/$3.js" web/lib/wasm/
}
build build-wasm ON convt_core
if [[ "${1:-}" == "scalar" ]]; then build build-wasm-scalar OFF convt_core_scalar; fi
ls -l web/lib/wasm/*.js
