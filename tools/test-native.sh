#!/usr/bin/env bash
# One native configuration of the Catch2 tests: configure, build, run through CTest.
#   tools/test-native.sh build Release
#   tools/test-native.sh build-asan Debug -DCONVT_SANITIZE=ON     (ASan + UBSan, -O1)
# Fails when CTest finds no test (--no-tests=error) or runs fewer than CONVT_MIN_NATIVE_TESTS: a test
# case lost to a broken name or a missing source would otherwise pass by not running.
set -euo pipefail
cd "$(dirname "$0")/.."
dir=$1 config=$2; shift 2
min_tests=${CONVT_MIN_NATIVE_TESTS:-56}  # just under the 57 CTest tests of 2026-12-08
echo "== native ($dir, $config $*): build and CTest"
cmake -S . -B "$dir" -DCMAKE_BUILD_TYPE="$config" "$@" >/dev/null
cmake --build "$dir" -j2 >/dev/null
cd "$dir"
log=$(mktemp)
trap 'rm -f "$log"' EXIT
ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 ctest --output-on-failure --no-tests=error -j2 | tee "$log"
ran=$(sed -n 's/.*tests failed out of \([0-9][0-9]*\).*/\1/p' "$log" | tail -1)
if [[ -z "$ran" || "$ran" -lt "$min_tests" ]]; then
  echo "!! CTest ran ${ran:-no} tests, fewer than the $min_tests expected (tools/test-native.sh)" >&2
  exit 1
fi
