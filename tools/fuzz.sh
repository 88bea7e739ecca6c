#!/usr/bin/env bash
# Coverage-guided fuzzing of the core with libFuzzer + ASan + UBSan (clang-14, Debian's
# libclang-rt-14-dev). Not part of npm test (which replays the saved inputs instead).
#   tools/fuzz.sh [seconds=600]
# Crashing inputs are written to tests/fuzz/regressions/ (commit them: they become tests).
# The fuzzer is CMake's target fuzz_conv (-DCONVT_FUZZ=ON), linked against the core's target, so it
# always has every source of the core (CMakeLists.txt, CONVT_CORE_SOURCES).
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-600}"
if ! command -v clang++-14 >/dev/null || [[ ! -d /usr/lib/llvm-14/lib/clang ]]; then
  sudo_cmd=""; [[ $(id -u) -ne 0 ]] && sudo_cmd=sudo
  $sudo_cmd apt-get install -y -qq clang-14 libclang-rt-14-dev >/dev/null
fi
CXX=clang++-14 cmake -S . -B build-fuzz -DCMAKE_BUILD_TYPE=Debug -DCONVT_FUZZ=ON -DCONVT_TESTS=OFF >/dev/null
cmake --build build-fuzz -j2 --target fuzz_conv >/dev/null
mkdir -p build-fuzz/corpus
cp -n tests/fuzz/regressions/* build-fuzz/corpus/ 2>/dev/null || true
./build-fuzz/fuzz_conv build-fuzz/corpus -max_total_time="$seconds" -max_len=512 -print_final_stats=1 \
  -artifact_prefix=tests/fuzz/regressions/crash- 2>&1 | tee build-fuzz/last-run.log | grep -E "^#[0-9]+ +(pulse|DONE|NEW)|stat::|ERROR|SUMMARY" | tail -25
