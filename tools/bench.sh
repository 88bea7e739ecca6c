#!/usr/bin/env bash
# npm run bench: builds what the benchmark compares (SIMD and scalar WASM, native Google
# Benchmark binary) and runs tests/bench/bench.mjs with the native column, then the page section
# (tests/bench/page-bench.mjs: main-thread work per interaction in Chromium). Not part of npm test.
# Extra arguments go to bench.mjs (e.g. --quick, --case=A,B).
#   npm run bench -- --page-only     only the page section (builds the site if it is missing)
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/setup.sh test >/dev/null
if [[ "${1:-}" != "--page-only" ]]; then
  if ! dpkg-query -W -f='${Status}' libbenchmark-dev 2>/dev/null | grep -q "install ok installed"; then
    SUDO=""; [[ $(id -u) -ne 0 ]] && SUDO=sudo
    $SUDO apt-get install -y -qq libbenchmark-dev >/dev/null
  fi
  bash tools/build-wasm.sh scalar >/dev/null
  cmake -S . -B build-bench -DCMAKE_BUILD_TYPE=Release -DCONVT_BENCH=ON -DCONVT_TESTS=OFF >/dev/null
  cmake --build build-bench -j2 >/dev/null
  node tests/bench/bench.mjs --native "$@"
  echo
fi
[[ -f web/dist/index.html ]] || node web/build.mjs
node tests/bench/page-bench.mjs
