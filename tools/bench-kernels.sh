#!/usr/bin/env bash
# The micro-benchmarks behind the fast paths' tiles and measured rules (tests/bench/kernels.cpp),
# built with Debian's Emscripten (SIMD) and run in Node. Not part of npm test.
#   tools/bench-kernels.sh [tiles|dwconv|winograd|winogradT|fused|dwconvT]
set -euo pipefail
cd "$(dirname "$0")/.."
export NODE_PATH="/usr/share/nodejs${NODE_PATH:+:$NODE_PATH}"  # Debian's emscripten needs acorn from there
emcmake cmake -S . -B build-wasm -DCMAKE_BUILD_TYPE=Release -DCONVT_SIMD=ON -DCONVT_MODULE_NAME=convt_core \
  -DCONVT_KERNEL_BENCH=ON >/dev/null
cmake --build build-wasm -j2 --target convt_kernel_bench >/dev/null
node build-wasm/convt_kernel_bench.cjs "$@"
