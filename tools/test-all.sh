#!/usr/bin/env bash
# npm test: every test. Native Catch2 through CTest (a Release build and an ASan+UBSan build), the
# WASM module in Node, the package as bundlers and browsers get it, the page and the element in
# headless Chromium, and the publishing recipes (reveal.js, MkDocs, Sphinx, marked, a learning
# platform's iframe) built from the docs' own text and opened there.
#
# No test asserts elapsed time. Nothing can hang: every browser test has its own time limit
# (tests/browser/support.mjs), every test file a limit (--test-timeout), the runner exits when its
# tests are done even if a handle is left open (--test-force-exit), and each step has a last-resort
# limit (timeout). A stuck test fails with its name.
#
# The two native builds need nothing from the JS side, so they run in the background (one after
# the other, each on both cores) while the WASM module is built and the JS tests run; their output
# is printed at the end. Browser test files run two at a time (one Chromium each).
set -uo pipefail
cd "$(dirname "$0")/.."
bash tools/setup.sh test || exit 1

STEP_LIMIT=${CONVT_STEP_LIMIT:-1200}         # seconds, per step: a last resort behind the per-test limits
FILE_LIMIT_MS=${CONVT_FILE_LIMIT_MS:-600000} # per test file
# Two browser test files at a time keep both cores busy: three took as long (400 s against 409 s).
BROWSER_FILES_AT_ONCE=${CONVT_BROWSER_FILES_AT_ONCE:-2}
mkdir -p tests/out
t0=$SECONDS
failed=()
step() { printf '\n== %s  [%d s]\n' "$1" "$((SECONDS - t0))"; }
limited() { timeout --kill-after=15 "$STEP_LIMIT" "$@"; }

step "native builds start in the background (output at the end)"
{ limited bash tools/test-native.sh build Release && limited bash tools/test-native.sh build-asan Debug -DCONVT_SANITIZE=ON; } > tests/out/native.log 2>&1 &
native_pid=$!

step "WASM module and site build"
limited bash tools/build.sh || { echo "!! the build failed: the JS tests cannot run"; kill "$native_pid" 2>/dev/null; exit 1; }

step "node: the WASM module through loadCore()"
limited node --test --test-timeout="$FILE_LIMIT_MS" --test-force-exit tests/node/ || failed+=(node)

step "package: npm pack, installed into scratch apps, bundled by esbuild, Vite and webpack, run in Chromium"
limited node --test --test-timeout="$FILE_LIMIT_MS" --test-force-exit tests/package/ || failed+=(package)

step "browser: the page and the element in headless Chromium; the publishing recipes of docs/teachers.md built as written"
limited node --test --test-concurrency="$BROWSER_FILES_AT_ONCE" --test-timeout="$FILE_LIMIT_MS" --test-force-exit tests/browser/ tests/publish/ || failed+=(browser)

step "native: waiting for the background builds"
if wait "$native_pid"; then
  grep -E '^== |tests passed|Total Test time' tests/out/native.log
else
  cat tests/out/native.log
  failed+=(native)
fi

step "done"
if ((${#failed[@]})); then
  echo "FAILED: ${failed[*]}"
  exit 1
fi
echo "all tests passed"
