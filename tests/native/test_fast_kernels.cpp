// Every entry of the fast-path table (operators/fast.cpp) forced, by name, wherever it applies,
// and the measured rules, against the reference loops: random shapes with borders, tile tails and
// tiny inputs, and PyTorch's fixtures. Each test also counts how often the path it is about
// applied, so a condition that quietly stops holding fails the test instead of skipping the path.
#include <catch2/catch.hpp>

#include <map>
#include <string>

#include "fixtures.hpp"
#include "helpers.hpp"
#include "operators/dwconv3x3.hpp"
#include "operators/convT_winograd_f2x2_2x2.hpp"
#include "operators/dwconvT4x4s2.hpp"
#include "operators/fast.hpp"
#include "reference/reference.hpp"

using namespace convt;
using namespace testing_helpers;

namespace {

// Times each path applied (and ran and matched, or failed a CHECK), by name and operation.
using PathCounts = std::map<std::string, int>;
std::string key(Op op, const char* name) { return std::string(op == Op::Conv2d ? "conv " : "convT ") + name; }

std::vector<float> run_reference(const ConvProblem& p, const std::vector<float>& x, const std::vector<float>& w,
                                 const float* bias) {
  std::vector<float> y(size_t(p.output_elements()));
  if (p.op == Op::Conv2d) conv2d_reference(p, x.data(), w.data(), bias, y.data());
  else conv_transpose2d_reference(p, x.data(), w.data(), bias, y.data());
  return y;
}

// `check(name, y)` for the output of every path of p's operation that applies, forced by name, and
// of the measured rules ("measured rules").
template <typename Check>
void for_every_path(const ConvProblem& p, const std::vector<float>& x, const std::vector<float>& w, const float* bias,
                    PathCounts* counts, Check check) {
  for (const FastPath& path : fast_paths()) {
    if (path.op != p.op) continue;
    std::vector<float> y(size_t(p.output_elements()), NAN);
    const FastCall call(p, x.data(), w.data(), bias, y.data());
    if (!path.applies(call)) {
      CHECK(run_fast_path(path.name, call).parameter == "fastPath");  // forcing it is refused by name
      continue;
    }
    INFO(path.name);
    REQUIRE_FALSE(bool(run_fast_path(path.name, call)));
    check(path.name, y);
    if (counts) ++(*counts)[key(p.op, path.name)];
  }
  std::vector<float> y(size_t(p.output_elements()), NAN);
  run_fast(FastCall(p, x.data(), w.data(), bias, y.data()));
  check("measured rules", y);
}

// The planned problem of a case that must be valid.
ConvProblem planned(const RandomCase& c) {
  INFO(c.describe());
  ConvProblem p;
  REQUIRE_FALSE(bool(c.plan(&p)));
  return p;
}

// Every path against the reference loops on one problem with random data.
void check_all_paths(const RandomCase& c, std::mt19937& rng, PathCounts* counts) {
  INFO(c.describe());
  const int64_t cout = c.cout();
  const ConvProblem p = planned(c);
  const auto x = random_floats(rng, product(c.x_shape)), w = random_floats(rng, product(c.w_shape)),
             b = random_floats(rng, cout);
  const float* bias = c.bias ? b.data() : nullptr;
  const auto ref = run_reference(p, x, w, bias);
  for_every_path(p, x, w, bias, counts, [&](const char*, const std::vector<float>& y) { CHECK(compare(y, ref) == ""); });
}

RandomCase make(Op op, std::vector<int64_t> x, std::vector<int64_t> w, Pair stride, Pair pad, int64_t groups = 1,
                bool bias = true) {
  RandomCase c{op, std::move(x), std::move(w), {}, bias};
  c.opt.stride = stride;
  c.opt.padding = pad;
  c.opt.groups = groups;
  return c;
}

bool valid(const RandomCase& c) {
  ConvProblem p;
  return !c.plan(&p);
}

// The path a test is about applied (and ran, and was compared) at least `least` times.
void expect_applied(const PathCounts& counts, Op op, const char* name, int least) {
  const auto it = counts.find(key(op, name));
  const int n = it == counts.end() ? 0 : it->second;
  INFO(key(op, name) << " applied " << n << " times");
  CHECK(n >= least);
}

}  // namespace

TEST_CASE("channel-wise 3x3: every size from 1x1 up, both paddings, depthwise groups", "[fast][dwconv3x3]") {
  std::mt19937 rng(21);
  PathCounts counts;
  const int64_t sizes[] = {1, 2, 3, 4, 5, 7, 8, 9, 10, 11, 12, 15, 16, 17, 18, 19, 25, 33};
  for (int64_t h : sizes)
    for (int64_t w : sizes)
      for (int64_t pad = 0; pad <= 1; ++pad) {
        const RandomCase c = make(Op::Conv2d, {1, 1, h, w}, {1, 1, 3, 3}, {1, 1}, {pad, pad}, 1, (h + w) % 2 == 0);
        if (valid(c)) check_all_paths(c, rng, &counts);
      }
  for (int i = 0; i < 150; ++i) {  // depthwise, mixed paddings, batches
    auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
    const int64_t g = pick(1, 4);
    const RandomCase c = make(Op::Conv2d, {pick(1, 2), g, pick(1, 40), pick(1, 40)}, {g, 1, 3, 3}, {1, 1},
                              {pick(0, 1), pick(0, 1)}, g, pick(0, 1) == 1);
    if (valid(c)) check_all_paths(c, rng, &counts);
  }
  expect_applied(counts, Op::Conv2d, "dwconv-3x3s1", 650);
  // The path's own condition: not for two channels per group, a stride, a dilation or padding 2.
  const RandomCase two = make(Op::Conv2d, {1, 2, 5, 5}, {1, 2, 3, 3}, {1, 1}, {1, 1});
  CHECK_FALSE(dwconv3x3s1_applies(planned(two)));
  const RandomCase pad2 = make(Op::Conv2d, {1, 1, 5, 5}, {1, 1, 3, 3}, {1, 1}, {2, 2});
  CHECK_FALSE(dwconv3x3s1_applies(planned(pad2)));
}

TEST_CASE("channel-wise 3x3 with reflect, replicate and circular padding: the in-place kernel, edges by the mode",
          "[fast][dwconv3x3][padding_mode]") {
  std::mt19937 rng(23);
  PathCounts counts;
  auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  const char* modes[] = {"reflect", "replicate", "circular"};
  // every size around the tile width (4) and the band height (2), where edge tiles and spare rows meet
  const int64_t sizes[] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 17};
  for (const char* mode : modes)
    for (int64_t h : sizes)
      for (int64_t w : sizes) {
        RandomCase c = make(Op::Conv2d, {1, 1, h, w}, {1, 1, 3, 3}, {1, 1}, {1, 1}, 1, (h + w) % 2 == 0);
        c.opt.padding_mode = mode;
        if (valid(c)) check_all_paths(c, rng, &counts);
      }
  for (int i = 0; i < 120; ++i) {
    const int64_t g = pick(1, 3), h = pick(2, 30), w = pick(2, 30);
    RandomCase c = make(Op::Conv2d, {pick(1, 2), g, h, w}, {g, 1, 3, 3}, {1, 1},
                        {pick(0, int(std::min<int64_t>(2, h - 1))), pick(0, int(std::min<int64_t>(2, w - 1)))}, g, pick(0, 1) == 1);
    c.opt.padding_mode = modes[i % 3];
    if (i % 7 == 0) c.opt.padding_string = "same";
    if (valid(c)) check_all_paths(c, rng, &counts);
  }
  expect_applied(counts, Op::Conv2d, "dwconv-3x3s1", 500);
}

TEST_CASE("Winograd F(2x2,3x3): odd and even sizes, paddings, channel tails, groups", "[fast][winograd]") {
  std::mt19937 rng(22);
  PathCounts counts;
  auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  for (int64_t h : {1, 2, 3, 4, 5, 6, 7, 9, 16, 17})
    for (int64_t w : {1, 2, 3, 4, 5, 8, 9, 10, 11, 17, 18, 23}) {
      const RandomCase c = make(Op::Conv2d, {1, 3, h, w}, {5, 3, 3, 3}, {1, 1}, {1, 1});
      if (valid(c)) check_all_paths(c, rng, &counts);
    }
  for (int i = 0; i < 200; ++i) {
    const int64_t g = pick(1, 2), cin = g * pick(1, 9), cout = g * pick(1, 9);
    const RandomCase c = make(Op::Conv2d, {pick(1, 2), cin, pick(1, 20), pick(1, 20)}, {cout, cin / g, 3, 3},
                              {1, 1}, {pick(0, 3), pick(0, 3)}, g, pick(0, 1) == 1);
    if (valid(c)) check_all_paths(c, rng, &counts);
  }
  // Many channels, the sizes the measured rule picks Winograd for, and a block boundary.
  check_all_paths(make(Op::Conv2d, {1, 16, 30, 70}, {24, 16, 3, 3}, {1, 1}, {1, 1}), rng, &counts);
  check_all_paths(make(Op::Conv2d, {1, 32, 9, 130}, {8, 32, 3, 3}, {1, 1}, {0, 2}), rng, &counts);
  expect_applied(counts, Op::Conv2d, "winograd-f2x2-3x3", 280);
}

TEST_CASE("Winograd F(2x2,2x2) for ConvT 4x4 s2: sizes, paddings, output_padding, channel tails, groups",
          "[fast][winograd][convT]") {
  std::mt19937 rng(31);
  PathCounts counts;
  auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  // every size around the tile (2x2 per phase, 4 output columns) and its groups of 4 tiles (16 columns)
  for (int64_t h : {1, 2, 3, 4, 5, 8, 9})
    for (int64_t w : {1, 2, 3, 4, 5, 7, 8, 9, 12, 17})
      for (int64_t pad = 0; pad <= 3; ++pad) {
        RandomCase c = make(Op::ConvTranspose2d, {1, 3, h, w}, {3, 5, 4, 4}, {2, 2}, {pad, pad}, 1, pad % 2 == 0);
        c.opt.output_padding = {(h + pad) % 2, (w + pad) % 2};
        if (valid(c)) check_all_paths(c, rng, &counts);
      }
  for (int i = 0; i < 200; ++i) {
    const int64_t g = pick(1, 2), cin = g * pick(1, 9), cout = g * pick(1, 9);
    RandomCase c = make(Op::ConvTranspose2d, {pick(1, 2), cin, pick(1, 20), pick(1, 20)}, {cin, cout / g, 4, 4},
                        {2, 2}, {pick(0, 3), pick(0, 3)}, g, pick(0, 1) == 1);
    c.opt.output_padding = {pick(0, 1), pick(0, 1)};
    if (valid(c)) check_all_paths(c, rng, &counts);
  }
  // The shapes the measured rule picks it for (a DCGAN layer), block boundaries, a wide row.
  check_all_paths(make(Op::ConvTranspose2d, {1, 32, 16, 16}, {32, 16, 4, 4}, {2, 2}, {1, 1}), rng, &counts);
  check_all_paths(make(Op::ConvTranspose2d, {1, 16, 21, 70}, {16, 12, 4, 4}, {2, 2}, {1, 1}), rng, &counts);
  check_all_paths(make(Op::ConvTranspose2d, {1, 8, 5, 131}, {8, 8, 4, 4}, {2, 2}, {0, 2}), rng, &counts);
  const RandomCase k3 = make(Op::ConvTranspose2d, {1, 2, 5, 5}, {2, 2, 3, 3}, {2, 2}, {1, 1});
  CHECK_FALSE(winograd_convT_applies(planned(k3)));
  expect_applied(counts, Op::ConvTranspose2d, "winograd-f2x2-2x2", 400);
}

TEST_CASE("Winograd does not apply to non-finite input or weights, and the path taken keeps PyTorch's values",
          "[fast][winograd][values]") {
  // 8 -> 8 channels, 16x16: a shape the measured rule gives Winograd when the data is finite.
  const RandomCase c = make(Op::Conv2d, {1, 8, 16, 16}, {8, 8, 3, 3}, {1, 1}, {1, 1}, 1, false);
  const ConvProblem p = planned(c);
  std::vector<float> x(size_t(p.input_elements()), 1.0f), w(size_t(p.weight_elements()), 1.0f);
  std::vector<float> y(size_t(p.output_elements()));
  const char* winograd = "winograd-f2x2-3x3";
  CHECK(std::string(choose_fast_path(FastCall(p, x.data(), w.data(), nullptr, y.data())).name) == winograd);
  x[2 * 16 + 2] = INFINITY;  // channel 0, row 2, column 2
  FastCall call(p, x.data(), w.data(), nullptr, y.data());
  CHECK_FALSE(call.input_finite());
  CHECK(call.weights_finite());
  CHECK_FALSE(find_fast_path(Op::Conv2d, winograd)->applies(call));
  CHECK(run_fast_path(winograd, call).message.find(winograd) != std::string::npos);
  CHECK(std::string(choose_fast_path(call).name) == "direct");
  run_fast(call);
  CHECK(compare(y, run_reference(p, x, w, nullptr)) == "");
  CHECK(std::isinf(y[1 * 16 + 1]));  // output (1, 1): finite weights times inf, no inf - inf
  x[2 * 16 + 2] = 1.0f;
  w[0] = INFINITY;  // tap (0, 0) reads the zero padding at output (0, 0): 0 * inf = NaN, as in PyTorch
  const FastCall weights(p, x.data(), w.data(), nullptr, y.data());
  CHECK_FALSE(weights.weights_finite());
  CHECK(std::string(choose_fast_path(weights).name) == "direct");
  run_fast(weights);
  CHECK(compare(y, run_reference(p, x, w, nullptr)) == "");
  CHECK(std::isnan(y[0]));

  // ConvT 8 -> 8, 16x16, 4x4 s2 p1: an infinite pixel gives inf where PyTorch does, not inf - inf = NaN.
  const RandomCase t = make(Op::ConvTranspose2d, {1, 8, 16, 16}, {8, 8, 4, 4}, {2, 2}, {1, 1}, 1, false);
  const ConvProblem pt = planned(t);
  std::vector<float> tx(size_t(pt.input_elements()), 1.0f), tw(size_t(pt.weight_elements()), 1.0f);
  std::vector<float> ty(size_t(pt.output_elements()));
  CHECK(std::string(choose_fast_path(FastCall(pt, tx.data(), tw.data(), nullptr, ty.data())).name) ==
        "winograd-f2x2-2x2");
  tx[2 * 16 + 2] = INFINITY;  // channel 0, row 2, column 2
  const FastCall tcall(pt, tx.data(), tw.data(), nullptr, ty.data());
  CHECK(std::string(choose_fast_path(tcall).name) == "polyphase-fused-s2");
  run_fast(tcall);
  CHECK(compare(ty, run_reference(pt, tx, tw, nullptr)) == "");
  CHECK(std::isinf(ty[4 * 32 + 4]));  // output (4, 4) reads input (2, 2)
  // An infinite weight: every polyphase path multiplies zero margins, so only the scatter loops apply.
  tx[2 * 16 + 2] = 1.0f;
  tw[5] = INFINITY;
  const FastCall tweights(pt, tx.data(), tw.data(), nullptr, ty.data());
  CHECK(std::string(choose_fast_path(tweights).name) == "reference");
  run_fast(tweights);
  CHECK(compare(ty, run_reference(pt, tx, tw, nullptr)) == "");
}

TEST_CASE("fused ConvT column phases: kernels, paddings, dilations, odd widths, channel tails", "[fast][fused]") {
  std::mt19937 rng(23);
  PathCounts counts;
  auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  for (int64_t w : {1, 2, 3, 4, 5, 7, 8, 15, 16, 17, 31, 33})
    for (int64_t cout : {1, 3, 4, 5, 9}) {
      RandomCase c = make(Op::ConvTranspose2d, {1, 2, pick(1, 4), w}, {2, cout, 4, 4}, {2, 2}, {1, 1});
      if (valid(c)) check_all_paths(c, rng, &counts);
      c.w_shape = {2, cout, 3, 3};
      c.opt.output_padding = {1, 1};
      if (valid(c)) check_all_paths(c, rng, &counts);
    }
  for (int i = 0; i < 250; ++i) {
    const int64_t g = pick(1, 3);
    RandomCase c = make(Op::ConvTranspose2d, {pick(1, 2), g * pick(1, 3), pick(1, 12), pick(1, 24)},
                        {0, pick(1, 6), pick(1, 5), pick(1, 5)}, {pick(1, 3), 2}, {pick(0, 3), pick(0, 3)}, g,
                        pick(0, 1) == 1);
    c.w_shape[0] = c.x_shape[1];
    c.opt.dilation = {pick(1, 2), pick(1, 3)};
    c.opt.output_padding = {pick(0, int(std::max(c.opt.stride.h, c.opt.dilation.h)) - 1),
                            pick(0, int(std::max(c.opt.stride.w, c.opt.dilation.w)) - 1)};
    if (valid(c)) check_all_paths(c, rng, &counts);
  }
  // The image view's call, at a small size: RGB, depthwise, k4 s2 p1.
  check_all_paths(make(Op::ConvTranspose2d, {1, 3, 21, 37}, {3, 1, 4, 4}, {2, 2}, {1, 1}, 3), rng, &counts);
  expect_applied(counts, Op::ConvTranspose2d, "polyphase-fused-s2", 300);
}

TEST_CASE("channel-wise ConvT 4x4 s2: every size from 1x1 up, paddings, output_padding, depthwise groups",
          "[fast][dwconvT4x4s2]") {
  std::mt19937 rng(29);
  PathCounts counts;
  // every width around the step (8 outputs from 4 input columns) where in-place and edge steps meet
  const int64_t sizes[] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 16, 17, 21, 33};
  for (int64_t h : {1, 2, 3, 5})
    for (int64_t w : sizes)
      for (int64_t pad = 0; pad <= 3; ++pad)
        for (int64_t op = 0; op <= 1; ++op) {
          RandomCase c = make(Op::ConvTranspose2d, {1, 1, h, w}, {1, 1, 4, 4}, {2, 2}, {pad, pad}, 1, (w + pad) % 2 == 0);
          c.opt.output_padding = {op, op};
          if (valid(c)) check_all_paths(c, rng, &counts);
        }
  for (int i = 0; i < 150; ++i) {  // depthwise, different paddings per axis, batches, tall and wide
    auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
    const int64_t g = pick(1, 4);
    RandomCase c = make(Op::ConvTranspose2d, {pick(1, 2), g, pick(1, 30), pick(1, 45)}, {g, 1, 4, 4}, {2, 2},
                        {pick(0, 4), pick(0, 4)}, g, pick(0, 1) == 1);
    c.opt.output_padding = {pick(0, 1), pick(0, 1)};
    if (valid(c)) check_all_paths(c, rng, &counts);
  }
  // The path's own condition: not for two channels per group, a 3x3 kernel, stride 3 or a dilation.
  const RandomCase two = make(Op::ConvTranspose2d, {1, 2, 5, 5}, {2, 1, 4, 4}, {2, 2}, {1, 1});
  CHECK_FALSE(dwconvT4x4s2_applies(planned(two)));
  const RandomCase k3 = make(Op::ConvTranspose2d, {1, 1, 5, 5}, {1, 1, 3, 3}, {2, 2}, {1, 1});
  CHECK_FALSE(dwconvT4x4s2_applies(planned(k3)));
  RandomCase dil = make(Op::ConvTranspose2d, {1, 1, 5, 5}, {1, 1, 4, 4}, {2, 2}, {1, 1});
  dil.opt.dilation = {1, 2};
  CHECK_FALSE(dwconvT4x4s2_applies(planned(dil)));
  const RandomCase s3 = make(Op::ConvTranspose2d, {1, 1, 5, 5}, {1, 1, 4, 4}, {3, 2}, {1, 1});
  CHECK_FALSE(dwconvT4x4s2_applies(planned(s3)));
  expect_applied(counts, Op::ConvTranspose2d, "dwconvT-4x4s2", 550);
}

// (No ';' in a test's name: CTest splits names there, and each half would match no test.)
TEST_CASE("every path that applies matches PyTorch on the fixtures, Winograd within 1e-4 of max |ref|",
          "[fast][fixtures][torch]") {
  int checked = 0;
  PathCounts counts;
  // conv_cases has the shapes and options, surface_cases the padding strings and modes,
  // kernel_cases the shapes each specialised path takes.
  for (const char* file : {"conv_cases.json", "surface_cases.json", "kernel_cases.json"}) {
    const auto fx = load_fixtures(file);
    for (const auto& c : fx.at("cases")) {
      if (c.contains("error")) continue;
      const Op op = c.at("op") == "conv2d" ? Op::Conv2d : Op::ConvTranspose2d;
      const Tensor x = tensor_of(c.at("x")), w = tensor_of(c.at("w"));
      std::vector<float> b;
      if (!c.at("bias").is_null()) b = tensor_of(c.at("bias")).data;
      ConvProblem p;
      REQUIRE_FALSE(bool(plan_conv(op, x.shape, int64_t(x.data.size()), w.shape, int64_t(w.data.size()),
                                   b.empty() ? -1 : int64_t(b.size()), options_of(c.at("opts")), &p)));
      const auto want = tensor_of(c.at("expected")).data;
      double max_ref = 0;
      for (float v : want) max_ref = std::max(max_ref, double(std::fabs(v)));
      for_every_path(p, x.data, w.data, b.empty() ? nullptr : b.data(), &counts,
                     [&](const char* path, const std::vector<float>& got) {
                       INFO(c.at("id").get<std::string>() << " " << path);
                       CHECK(compare(got, want) == "");
                       double max_diff = 0;
                       for (size_t i = 0; i < got.size(); ++i)
                         max_diff = std::max(max_diff, std::fabs(double(got[i]) - want[i]));
                       CHECK(max_diff <= 1e-4 * max_ref + 1e-7);
                     });
      ++checked;
    }
  }
  CHECK(checked >= 490);
  for (const FastPath& path : fast_paths()) expect_applied(counts, path.op, path.name, 6);
}
