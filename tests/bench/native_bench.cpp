// Native Google Benchmark of the cases of tests/bench/bench.mjs, through convt::run_conv, so the
// speed tables (docs/speed.md) can set WASM beside the same C++ built for this machine. Built only
// with -DCONVT_BENCH=ON (native, not Emscripten), with the compiler's baseline x86-64 flags: SSE2,
// the same 128-bit width as WASM SIMD, and no FMA (WASM has none either).
//
//   cmake -S . -B build-bench -DCONVT_BENCH=ON -DCONVT_TESTS=OFF && cmake --build build-bench -j2
//   build-bench/convt_native_bench --benchmark_repetitions=10 --benchmark_report_aggregates_only=true \
//       --benchmark_out=tests/out/native_bench.json --benchmark_out_format=json
//
// `convt_native_bench --serve` is what `node tests/bench/bench.mjs --native` runs: after "ready" it reads
// lines "<case> <reps>" on stdin and answers each with the mean milliseconds of one Fast call, so the
// bench can interleave native samples with the WASM contenders in the same run. Weights come from tests/bench/models/<case>.bin (written by export_onnx.py);
// inputs from the same seeded PRNG as bench.mjs. Before timing, each case checks Fast against
// Reference (max |diff| / max |reference| <= 1e-4) and aborts on a mismatch.

#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <string>
#include <vector>

#include "convt.hpp"

#ifndef CONVT_BENCH_MODELS_DIR
#define CONVT_BENCH_MODELS_DIR "tests/bench/models"
#endif

namespace {

struct Case {
  const char* name;
  convt::Op op;
  int64_t cin, h, w, cout, k, stride, pad, groups;
  // filled by load()
  std::vector<int64_t> x_shape, w_shape;
  std::vector<float> x, wt, bias;
  double macs = 0;
};

// The same cases as tests/bench/export_onnx.py (and so bench.mjs), in the same order: the PRNG seed
// of case i is 12345 + i.
std::vector<Case> g_cases = {
    {"A", convt::Op::Conv2d, 1, 512, 512, 1, 3, 1, 1, 1, {}, {}, {}, {}, {}},
    {"B", convt::Op::Conv2d, 64, 56, 56, 64, 3, 1, 1, 1, {}, {}, {}, {}, {}},
    {"C", convt::Op::ConvTranspose2d, 32, 64, 64, 16, 4, 2, 1, 1, {}, {}, {}, {}, {}},
    {"page_convT_8", convt::Op::ConvTranspose2d, 1, 8, 8, 1, 3, 2, 1, 1, {}, {}, {}, {}, {}},
    {"page_conv_64", convt::Op::Conv2d, 1, 64, 64, 1, 3, 1, 1, 1, {}, {}, {}, {}, {}},
    {"page_convT_64", convt::Op::ConvTranspose2d, 1, 64, 64, 1, 3, 1, 1, 1, {}, {}, {}, {}, {}},
    {"D", convt::Op::ConvTranspose2d, 3, 512, 512, 3, 4, 2, 1, 3, {}, {}, {}, {}, {}},
};

// mulberry32, as in bench.mjs
struct Mulberry32 {
  uint32_t s;
  double next() {
    s += 0x6d2b79f5u;
    uint32_t t = s;
    t = (t ^ (t >> 15)) * (t | 1u);
    t ^= t + (t ^ (t >> 7)) * (t | 61u);
    return static_cast<double>(t ^ (t >> 14)) / 4294967296.0;
  }
};

[[noreturn]] void die(const std::string& msg) {
  std::fprintf(stderr, "native_bench: %s\n", msg.c_str());
  std::exit(1);
}

void load(Case& c, int index) {
  c.x_shape = {1, c.cin, c.h, c.w};
  c.w_shape = c.op == convt::Op::Conv2d ? std::vector<int64_t>{c.cout, c.cin / c.groups, c.k, c.k}
                                        : std::vector<int64_t>{c.cin, c.cout / c.groups, c.k, c.k};
  const size_t w_len = static_cast<size_t>(c.cin * c.cout / c.groups * c.k * c.k);
  const std::string path = std::string(CONVT_BENCH_MODELS_DIR) + "/" + c.name + ".bin";
  std::ifstream f(path, std::ios::binary | std::ios::ate);
  if (!f) die("cannot open " + path + " (run /usr/bin/python3 tests/bench/export_onnx.py)");
  const auto bytes = static_cast<size_t>(f.tellg());
  if (bytes != 4 * (w_len + static_cast<size_t>(c.cout))) die(path + ": unexpected size");
  std::vector<float> all(bytes / 4);
  f.seekg(0);
  f.read(reinterpret_cast<char*>(all.data()), static_cast<std::streamsize>(bytes));
  c.wt.assign(all.begin(), all.begin() + static_cast<std::ptrdiff_t>(w_len));
  c.bias.assign(all.begin() + static_cast<std::ptrdiff_t>(w_len), all.end());
  Mulberry32 rng{static_cast<uint32_t>(12345 + index)};
  c.x.resize(static_cast<size_t>(c.cin * c.h * c.w));
  for (auto& v : c.x) v = static_cast<float>(rng.next() * 2 - 1);
}

convt::ConvOptions options(const Case& c) {
  convt::ConvOptions o;
  o.stride = {c.stride, c.stride};
  o.padding = {c.pad, c.pad};
  o.groups = c.groups;
  return o;
}

convt::Error run(const Case& c, convt::Path path, std::vector<float>* y, std::vector<int64_t>* y_shape) {
  return convt::run_conv(c.op, path, c.x.data(), c.x_shape, static_cast<int64_t>(c.x.size()), c.wt.data(), c.w_shape,
                         static_cast<int64_t>(c.wt.size()), c.bias.data(), static_cast<int64_t>(c.bias.size()),
                         options(c), y, y_shape);
}

void check(Case& c) {
  std::vector<float> yf, yr;
  std::vector<int64_t> sf, sr;
  if (auto e = run(c, convt::Path::Fast, &yf, &sf)) die(std::string(c.name) + " fast: " + e.parameter + ": " + e.message);
  if (auto e = run(c, convt::Path::Reference, &yr, &sr)) die(std::string(c.name) + " reference: " + e.message);
  if (sf != sr || yf.size() != yr.size()) die(std::string(c.name) + ": fast and reference shapes differ");
  double max_diff = 0, max_ref = 0;
  for (size_t i = 0; i < yf.size(); ++i) {
    const double d = std::fabs(static_cast<double>(yf[i]) - yr[i]);
    if (!(d <= max_diff)) max_diff = d;
    max_ref = std::max(max_ref, std::fabs(static_cast<double>(yr[i])));
  }
  if (!(max_diff <= 1e-4 * std::max(max_ref, 1e-30)))
    die(std::string(c.name) + ": fast vs reference rel. diff " + std::to_string(max_diff / max_ref));
  // multiply-adds, counted as bench.mjs does
  if (c.op == convt::Op::Conv2d)
    c.macs = static_cast<double>(sf[1] * sf[2] * sf[3] * c.cin / c.groups * c.k * c.k);
  else
    c.macs = static_cast<double>(c.cin * c.h * c.w * c.cout / c.groups * c.k * c.k);
}

void BM_conv(benchmark::State& state, const Case* c, convt::Path path) {
  std::vector<float> y;
  std::vector<int64_t> y_shape;
  for (auto _ : state) {
    if (auto e = run(*c, path, &y, &y_shape)) {
      state.SkipWithError(e.message.c_str());
      break;
    }
    benchmark::DoNotOptimize(y.data());
    benchmark::ClobberMemory();
  }
  state.counters["GFLOPS"] =
      benchmark::Counter(2 * c->macs * static_cast<double>(state.iterations()) * 1e-9, benchmark::Counter::kIsRate);
}

}  // namespace

// The interleaving mode for bench.mjs: "<case> <reps>" -> "<ms per call>" (or "error <message>").
int serve() {
  std::vector<float> y;
  std::vector<int64_t> y_shape;
  std::cout << "ready" << std::endl;
  std::string name;
  long reps = 0;
  while (std::cin >> name >> reps) {
    const Case* c = nullptr;
    for (const auto& k : g_cases)
      if (name == k.name) c = &k;
    if (!c || reps < 1) {
      std::cout << "error unknown case or bad count: " << name << " " << reps << std::endl;
      continue;
    }
    const auto t0 = std::chrono::steady_clock::now();
    convt::Error e;
    for (long i = 0; i < reps && !e; ++i) {
      e = run(*c, convt::Path::Fast, &y, &y_shape);
      benchmark::DoNotOptimize(y.data());
      benchmark::ClobberMemory();
    }
    const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
    if (e)
      std::cout << "error " << e.message << std::endl;
    else
      std::cout << std::setprecision(9) << ms / static_cast<double>(reps) << std::endl;
  }
  return 0;
}

int main(int argc, char** argv) {
  for (size_t i = 0; i < g_cases.size(); ++i) {
    load(g_cases[i], static_cast<int>(i));
    check(g_cases[i]);
  }
  if (argc > 1 && std::string(argv[1]) == "--serve") return serve();
  for (const auto& c : g_cases) {
    const bool tiny = c.macs < 1e6;
    benchmark::RegisterBenchmark((std::string("native/") + c.name + "/fast").c_str(), BM_conv, &c, convt::Path::Fast)
        ->Unit(tiny ? benchmark::kMicrosecond : benchmark::kMillisecond)
        ->UseRealTime();
    // The reference loops, for B and C (what the fast path buys natively); skip the huge-count ones.
    if (std::string(c.name) == "B" || std::string(c.name) == "C")
      benchmark::RegisterBenchmark((std::string("native/") + c.name + "/reference").c_str(), BM_conv, &c,
                                   convt::Path::Reference)
          ->Unit(benchmark::kMillisecond)
          ->UseRealTime();
  }
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
