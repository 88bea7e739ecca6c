#!/usr/bin/env bash
# Coverage-guided fuzzing of the core with libFuzzer + ASan + UBSan (clang-14, Debian's
# libclang-rt-14-dev). Not part of npm test (which replays the saved inputs instead).
#   tools/fuzz.sh [seconds=600]
# Crashing inputs are written to tests/fuzz/regressions/ (commit them: they become tests).
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-600}"
if ! command -v clang++-14 >/dev/null || [[ ! -d /usr/lib/llvm-14/lib/clang ]]; then
  sudo_cmd=""; [[ $(id -u) -ne 0 ]] && sudo_cmd=sudo
  $sudo_cmd apt-get install -y -qq clang-14 libclang-rt-14-dev >/dev/null
fi
mkdir -p build-fuzz/corpus
sources=(cpp/problem/problem.cpp cpp/reference/reference.cpp cpp/reference/stuffed.cpp cpp/operators/fast.cpp cpp/operators/dwconv3x3.cpp cpp/operators/winograd_f2x2_3x3.cpp cpp/operators/convT_fused_phases.cpp cpp/teaching/explain.cpp cpp/teaching/polyphase.cpp cpp/convt.cpp)
clang++-14 -std=c++17 -O1 -g -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all -Icpp \
  tests/fuzz/fuzz_conv.cpp "${sources[@]}" -o build-fuzz/fuzz_conv
cp -n tests/fuzz/regressions/* build-fuzz/corpus/ 2>/dev/null || true
./build-fuzz/fuzz_conv build-fuzz/corpus -max_total_time="$seconds" -max_len=512 -print_final_stats=1 \
  -artifact_prefix=tests/fuzz/regressions/crash- 2>&1 | tee build-fuzz/last-run.log | grep -E "^#[0-9]+ +(pulse|DONE|NEW)|stat::|ERROR|SUMMARY" | tail -25
