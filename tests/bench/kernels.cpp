// Micro-benchmarks behind the tile sizes and the measured rules of the fast paths, run in Node
// on the WASM SIMD build of the same C++ (not part of the tests; numbers are printed only):
//
//   bash tools/bench-kernels.sh            (builds build-wasm/convt_kernel_bench.cjs and runs it)
//
// 1. tiles: each microkernel's candidate tiles on the bench cases' data (A, C, D), alone.
// 2. rules: each specialised path against the path its measured rule compares it with, each forced
//    by its name in the fast-path table (operators/fast.cpp), over a grid of shapes.
// Variants are interleaved round-robin; each figure is the fastest of the rounds (the least
// disturbed by other processes on a shared machine; the median is printed too), in
// microseconds per call, and "ratio" is direct / specialised (> 1: the specialised path is faster).
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <functional>
#include <random>
#include <string>
#include <vector>

#include "kernels/f32-convT-polyphase-fused-s2.hpp"
#include "kernels/f32-dwconv2d-3x3s1.hpp"
#include "kernels/simd.hpp"
#include "operators/fast.hpp"

using namespace convt;

namespace {

double now_us() {
  return std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

struct Timing {
  double best, median;  // microseconds per call
};

// Per-call time of each function over interleaved rounds.
std::vector<Timing> time_all(const std::vector<std::function<void()>>& fns, int rounds = 15, double min_us = 10000) {
  std::vector<int> reps(fns.size(), 1);
  for (size_t i = 0; i < fns.size(); ++i) {  // warm up and size the batches
    double t0 = now_us(), dt = 0;
    int n = 0;
    while ((dt = now_us() - t0) < min_us / 4 || n < 3) {
      fns[i]();
      ++n;
    }
    reps[i] = std::max(1, int(min_us / (dt / n)));
  }
  std::vector<std::vector<double>> samples(fns.size());
  for (int r = 0; r < rounds; ++r)
    for (size_t k = 0; k < fns.size(); ++k) {
      const size_t i = (k + size_t(r)) % fns.size();
      const double t0 = now_us();
      for (int j = 0; j < reps[i]; ++j) fns[i]();
      samples[i].push_back((now_us() - t0) / reps[i]);
    }
  std::vector<Timing> t;
  for (auto& s : samples) {
    std::sort(s.begin(), s.end());
    t.push_back({s.front(), s[s.size() / 2]});
  }
  return t;
}

void print_tiles(const char* title, const std::vector<const char*>& names, const std::vector<Timing>& t) {
  std::printf("%s\n  %-6s %10s %10s\n", title, "tile", "best us", "median us");
  for (size_t i = 0; i < t.size(); ++i) std::printf("  %-6s %10.1f %10.1f\n", names[i], t[i].best, t[i].median);
}

std::vector<float> randoms(size_t n, unsigned seed) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<float> u(-1, 1);
  std::vector<float> v(n);
  for (auto& f : v) f = u(rng);
  return v;
}

volatile float g_sink;

// ---- 1. tiles
// The shipped channel-wise 3x3 tile (2 rows x 4 pixels, a store after each input row's products:
// the kernel's header says why) against the plain form it replaced, kept here as the baseline:
// R rows x 4*NV pixels, all of a step's loads first, as clang and V8 schedule them.
template <int R, int NV>
void dwconv3x3s1_unfenced(const float* const* in, float* const* out, int64_t tiles, const float* w, float bias) {
  using mk::v4f, mk::splat4, mk::load4, mk::store4;
  v4f k[9];
  for (int i = 0; i < 9; ++i) k[i] = splat4(w[i]);
  const float* rows[R + 2];
  for (int i = 0; i < R + 2; ++i) rows[i] = in[i];
  float* dst[R];
  for (int r = 0; r < R; ++r) dst[r] = out[r];
  for (int64_t t = 0; t < tiles; ++t) {
    v4f acc[R][NV];
    for (int r = 0; r < R; ++r)
      for (int v = 0; v < NV; ++v) acc[r][v] = splat4(bias);
    for (int i = 0; i < R + 2; ++i) {
      for (int v = 0; v < NV; ++v) {
        const v4f x0 = load4(rows[i] + 4 * v), x1 = load4(rows[i] + 4 * v + 1), x2 = load4(rows[i] + 4 * v + 2);
        for (int r = 0; r < R; ++r) {
          const int kh = i - r;  // input row i is tap row kh of output row r
          if (kh < 0 || kh > 2) continue;
          acc[r][v] += x0 * k[3 * kh] + x1 * k[3 * kh + 1] + x2 * k[3 * kh + 2];
        }
      }
      rows[i] += 4 * NV;
    }
    for (int r = 0; r < R; ++r) {
      for (int v = 0; v < NV; ++v) store4(dst[r] + 4 * v, acc[r][v]);
      dst[r] += 4 * NV;
    }
  }
}

using DwTile = void (*)(const float* const*, float* const*, int64_t, const float*, float);

template <int R, int NV>
std::function<void()> dw_plane(DwTile tile, const std::vector<float>& x, std::vector<float>& y, int64_t H, int64_t W,
                               const float* w) {
  return [tile, &x, &y, H, W, w] {
    // interior of a 3x3 p0 conv of an H x W plane: the kernel's steady state
    const int64_t Wo = W - 2, tiles = Wo / (4 * NV);
    for (int64_t oh = 0; oh + R <= H - 2; oh += R) {
      const float* in[R + 2];
      float* out[R];
      for (int i = 0; i < R + 2; ++i) in[i] = x.data() + (oh + i) * W;
      for (int r = 0; r < R; ++r) out[r] = y.data() + (oh + r) * Wo;
      tile(in, out, tiles, w, 0.5f);
    }
    g_sink = y[7];
  };
}

void tiles_dwconv() {
  const int64_t H = 514, W = 514;  // case A's 512 x 512 output
  const auto x = randoms(size_t(H * W + 64), 1), w = randoms(9, 2);
  std::vector<float> y(size_t(H * W + 64));
  const auto t = time_all({dw_plane<2, 1>(&mk::f32_dwconv2d_3x3s1_2x4, x, y, H, W, w.data()),
                           dw_plane<1, 2>(&dwconv3x3s1_unfenced<1, 2>, x, y, H, W, w.data()),
                           dw_plane<2, 1>(&dwconv3x3s1_unfenced<2, 1>, x, y, H, W, w.data()),
                           dw_plane<2, 2>(&dwconv3x3s1_unfenced<2, 2>, x, y, H, W, w.data()),
                           dw_plane<4, 1>(&dwconv3x3s1_unfenced<4, 1>, x, y, H, W, w.data())});
  print_tiles("tiles f32_dwconv2d_3x3s1 (rows x pixels), 512x512 interior, per plane (2x4: shipped, with store fences; u: unfenced):",
              {"2x4", "u1x8", "u2x4", "u2x8", "u4x4"}, t);
}

// Fused ConvT rows: cin input planes (row stride RS), 4 taps per phase (a 4x4 kernel at stride 2),
// the output row of 2*J pixels per channel. The kernel is called through a pointer the compiler
// cannot see through, as the operator does, so the tap count and offsets stay runtime values.
template <int COT, int NV>
std::function<void()> fused_rows(const std::vector<float>& x, const std::vector<float>& w, std::vector<float>& y,
                                 int cin, int64_t rows, int64_t RS, int64_t J, int64_t cout) {
  return [&x, &w, &y, cin, rows, RS, J, cout] {
    static const int32_t koff0[4] = {0, -1, int32_t(-RS), int32_t(-RS - 1)}, koff1[4] = {1, 0, int32_t(1 - RS), int32_t(-RS)};
    alignas(16) float init[4] = {0.1f, 0.2f, 0.3f, 0.4f};
    mk::FusedPhasesArgs a{};
    a.in_cstride = rows * RS;
    a.cin = cin;
    a.koff[0] = koff0;
    a.koff[1] = koff1;
    a.K[0] = a.K[1] = 4;
    a.init = init;
    a.out_stride = 2 * J;
    void (*volatile kernel)(const mk::FusedPhasesArgs&) = mk::f32_convT_polyphase_fused<COT, NV>;
    for (int64_t r = 1; r < rows - 1; ++r)
      for (int64_t c0 = 0; c0 < cout; c0 += COT) {
        a.w[0] = w.data() + c0 * cin * 8;
        a.w[1] = a.w[0] + cin * 4 * COT;
        for (int64_t j = 0; j + 4 * NV <= J; j += 4 * NV) {
          a.in = x.data() + r * RS + 1 + j;
          a.out = y.data() + c0 * 2 * J + 2 * j;
          kernel(a);
        }
      }
    g_sink = y[3];
  };
}

void tiles_fused() {
  {  // case D, one channel: 512 x 512 -> 1024 x 1024, per row phase
    const int64_t rows = 514, RS = 512 + 64, J = 512;
    const auto x = randoms(size_t(rows * RS), 3), w = randoms(64, 4);
    std::vector<float> y(size_t(4 * 2 * J));
    const auto t = time_all({fused_rows<1, 2>(x, w, y, 1, rows, RS, J, 1), fused_rows<1, 4>(x, w, y, 1, rows, RS, J, 1),
                             fused_rows<1, 6>(x, w, y, 1, rows, RS, J, 1), fused_rows<1, 8>(x, w, y, 1, rows, RS, J, 1)});
    print_tiles("tiles f32_convT_polyphase_fused, 1 channel (case D: one plane, one row phase):",
                {"1x16", "1x32", "1x48", "1x64"}, t);
  }
  {  // case C: 32 -> 16 channels, 64 x 64 -> 128 x 128, one row phase
    const int64_t rows = 66, RS = 64 + 64, J = 64;
    const int cin = 32, cout = 16;
    const auto x = randoms(size_t(cin * rows * RS), 5), w = randoms(size_t(cin * cout * 8), 6);
    std::vector<float> y(size_t(cout * 2 * J));
    const auto t = time_all({fused_rows<4, 1>(x, w, y, cin, rows, RS, J, cout), fused_rows<4, 2>(x, w, y, cin, rows, RS, J, cout),
                             fused_rows<4, 3>(x, w, y, cin, rows, RS, J, cout), fused_rows<2, 2>(x, w, y, cin, rows, RS, J, cout),
                             fused_rows<2, 4>(x, w, y, cin, rows, RS, J, cout)});
    print_tiles("tiles f32_convT_polyphase_fused, 32->16 channels (case C: one row phase):",
                {"4x8", "4x16", "4x24", "2x16", "2x32"}, t);
  }
}

// ---- 2. rules
struct Shape {
  Op op;
  int64_t cin, h, w, cout, k, stride, pad, groups;
};

void rule(const char* title, const std::vector<Shape>& shapes, const char* special, const char* direct) {
  std::printf("%s\n  %-44s %10s %10s %7s %12s\n", title, "shape", "direct us", "special us", "ratio", "ratio median");
  for (const Shape& s : shapes) {
    ConvOptions o;
    o.stride = {s.stride, s.stride};
    o.padding = {s.pad, s.pad};
    o.groups = s.groups;
    const std::vector<int64_t> xs = {1, s.cin, s.h, s.w};
    const std::vector<int64_t> ws = s.op == Op::Conv2d ? std::vector<int64_t>{s.cout, s.cin / s.groups, s.k, s.k}
                                                       : std::vector<int64_t>{s.cin, s.cout / s.groups, s.k, s.k};
    ConvProblem p;
    const auto x = randoms(size_t(s.cin * s.h * s.w), 7);
    const auto w = randoms(size_t(ws[0] * ws[1] * s.k * s.k), 8), b = randoms(size_t(s.cout), 9);
    if (plan_conv(s.op, xs, int64_t(x.size()), ws, int64_t(w.size()), s.cout, o, &p)) continue;
    std::vector<float> y(size_t(p.output_elements()));
    const FastCall call(p, x.data(), w.data(), b.data(), y.data());
    if (run_fast_path(special, call) || run_fast_path(direct, call)) continue;  // a path that does not apply
    auto run = [&](const char* path) {
      return [&, path] {
        run_fast_path(path, call);
        g_sink = y[0];
      };
    };
    const auto t = time_all({run(direct), run(special)}, 15, 5000);
    char name[96];
    std::snprintf(name, sizeof name, "%s %lld->%lld %lldx%lld k%lld s%lld p%lld g%lld", s.op == Op::Conv2d ? "conv" : "convT",
                  (long long)s.cin, (long long)s.cout, (long long)s.h, (long long)s.w, (long long)s.k,
                  (long long)s.stride, (long long)s.pad, (long long)s.groups);
    std::printf("  %-44s %10.1f %10.1f %6.2fx %11.2fx\n", name, t[0].best, t[1].best, t[0].best / t[1].best,
                t[0].median / t[1].median);
  }
}

}  // namespace

int main(int argc, char** argv) {
  const std::string only = argc > 1 ? argv[1] : "";
  if (only.empty() || only == "tiles") {
    tiles_dwconv();
    tiles_fused();
  }
  if (only.empty() || only == "dwconv") {
    std::vector<Shape> s;
    for (int64_t n : {1, 2, 4, 8, 16, 32, 64, 192, 512}) s.push_back({Op::Conv2d, 1, n, n, 1, 3, 1, 1, 1});
    s.push_back({Op::Conv2d, 1, 1, 512, 1, 3, 1, 1, 1});
    s.push_back({Op::Conv2d, 1, 512, 1, 1, 3, 1, 1, 1});
    s.push_back({Op::Conv2d, 3, 192, 192, 3, 3, 1, 1, 3});
    s.push_back({Op::Conv2d, 1, 64, 64, 1, 3, 1, 0, 1});
    rule("rule dwconv3x3 (channel-wise 3x3 s1, in place) vs direct:", s, "dwconv-3x3s1", "direct");
  }
  if (only.empty() || only == "winograd") {
    std::vector<Shape> s;
    for (int64_t c : {1, 2, 4, 6, 8, 12, 16, 32, 64})
      for (int64_t n : {8, 16, 56})
        s.push_back({Op::Conv2d, c, n, n, c, 3, 1, 1, 1});
    for (int64_t c : {4, 8, 16}) s.push_back({Op::Conv2d, c, 56, 56, 64, 3, 1, 1, 1});
    for (int64_t c : {4, 8, 16}) s.push_back({Op::Conv2d, 64, 56, 56, c, 3, 1, 1, 1});
    for (auto io : {std::pair<int64_t, int64_t>{2, 32}, {32, 2}, {4, 16}, {16, 4}, {3, 24}, {24, 3}})
      for (int64_t n : {16, 56}) s.push_back({Op::Conv2d, io.first, n, n, io.second, 3, 1, 1, 1});
    for (int64_t n : {10, 12}) s.push_back({Op::Conv2d, 16, n, n, 16, 3, 1, 1, 1});
    s.push_back({Op::Conv2d, 8, 12, 24, 8, 3, 1, 1, 1});
    s.push_back({Op::Conv2d, 16, 6, 10, 16, 3, 1, 1, 1});
    s.push_back({Op::Conv2d, 64, 4, 4, 64, 3, 1, 1, 1});
    s.push_back({Op::Conv2d, 64, 2, 2, 64, 3, 1, 1, 1});
    s.push_back({Op::Conv2d, 256, 14, 14, 256, 3, 1, 1, 1});
    rule("rule winograd (F(2x2,3x3)) vs direct:", s, "winograd-f2x2-3x3", "direct");
  }
  if (only.empty() || only == "fused") {
    std::vector<Shape> s;
    for (int64_t n : {2, 4, 8, 16, 64, 192, 512}) s.push_back({Op::ConvTranspose2d, 1, n, n, 1, 4, 2, 1, 1});
    for (int64_t n : {4, 8, 64}) s.push_back({Op::ConvTranspose2d, 1, n, n, 1, 3, 2, 1, 1});
    for (int64_t c : {2, 4, 8, 32}) s.push_back({Op::ConvTranspose2d, c, 64, 64, c / 2 > 0 ? c / 2 : 1, 4, 2, 1, 1});
    s.push_back({Op::ConvTranspose2d, 32, 64, 64, 16, 4, 2, 1, 1});
    s.push_back({Op::ConvTranspose2d, 3, 192, 192, 3, 4, 2, 1, 3});
    s.push_back({Op::ConvTranspose2d, 3, 512, 512, 3, 4, 2, 1, 3});
    s.push_back({Op::ConvTranspose2d, 16, 8, 8, 16, 2, 2, 0, 1});
    rule("rule fused column phases vs per-phase (ConvT, column stride 2):", s, "polyphase-fused-s2", "polyphase");
  }
  if (only.empty() || only == "winogradT") {
    std::vector<Shape> s;
    for (auto io : {std::pair<int64_t, int64_t>{32, 16}, {16, 8}, {8, 8}, {8, 4}, {4, 4}, {64, 32}, {128, 64}, {16, 3}, {3, 16}})
      for (int64_t n : {4, 8, 16, 32, 64}) s.push_back({Op::ConvTranspose2d, io.first, n, n, io.second, 4, 2, 1, 1});
    rule("rule winograd (F(2x2,2x2)) for ConvT 4x4 s2 vs fused column phases:", s, "winograd-f2x2-2x2",
         "polyphase-fused-s2");
  }
  if (only.empty() || only == "dwconvT") {
    std::vector<Shape> s;
    for (int64_t n : {1, 2, 4, 8, 16, 64, 192, 512}) s.push_back({Op::ConvTranspose2d, 1, n, n, 1, 4, 2, 1, 1});
    s.push_back({Op::ConvTranspose2d, 1, 64, 64, 1, 4, 2, 0, 1});
    s.push_back({Op::ConvTranspose2d, 1, 1, 512, 1, 4, 2, 1, 1});
    s.push_back({Op::ConvTranspose2d, 1, 512, 1, 1, 4, 2, 1, 1});
    s.push_back({Op::ConvTranspose2d, 3, 192, 192, 3, 4, 2, 1, 3});
    s.push_back({Op::ConvTranspose2d, 3, 512, 512, 3, 4, 2, 1, 3});
    rule("rule channel-wise ConvT 4x4 s2 (in place, shared loads) vs fused column phases:", s, "dwconvT-4x4s2",
         "polyphase-fused-s2");
  }
  return 0;
}
