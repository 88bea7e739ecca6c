#!/usr/bin/env bash
# npm test: every test. Native Catch2 (CTest), the WASM module in Node, the package as bundlers
# and browsers get it, the page in Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/setup.sh test

echo "== native: build and CTest"
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -j2 >/dev/null
(cd build && ctest --output-on-failure -j2)

echo "== native under AddressSanitizer + UndefinedBehaviorSanitizer: the same tests"
cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCONVT_SANITIZE=ON >/dev/null
cmake --build build-asan -j2 >/dev/null
(cd build-asan && ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 ctest --output-on-failure -j2)

echo "== WASM module and site build"
bash tools/build.sh

echo "== node: the WASM module through loadCore()"
node --test tests/node/

echo "== package: npm pack, installed into scratch apps, bundled by esbuild, Vite and webpack, run in Chromium"
node --test --test-timeout=240000 tests/package/

if [[ -d tests/browser ]] && compgen -G "tests/browser/*.test.mjs" >/dev/null; then
  echo "== browser: the page in headless Chromium"
  node --test --test-concurrency=1 tests/browser/
fi
