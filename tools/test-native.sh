#!/usr/bin/env bash
# One native configuration of the Catch2 tests: configure, build, run through CTest.
#   tools/test-native.sh build Release
#   tools/test-native.sh build-asan Debug -DCONVT_SANITIZE=ON     (ASan + UBSan, -O1)
set -euo pipefail
cd "$(dirname "$0")/.."
dir=$1 config=$2; shift 2
echo "== native ($dir, $config $*): build and CTest"
cmake -S . -B "$dir" -DCMAKE_BUILD_TYPE="$config" "$@" >/dev/null
cmake --build "$dir" -j2 >/dev/null
cd "$dir"
ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 ctest --output-on-failure -j2
