// Each specialised fast path (channel-wise 3x3 read in place, Winograd F(2x2, 3x3), fused ConvT
// column phases, channel-wise ConvT 4x4 stride 2 read in place) forced on wherever it applies, and the direct kernels forced on everywhere,
// against the reference loops: random shapes with borders, tile tails and tiny inputs, and
// PyTorch's fixtures.
#include <catch2/catch.hpp>

#include "operators/dwconv3x3.hpp"
#include "operators/dwconvT4x4s2.hpp"
#include "operators/fast.hpp"
#include "reference/reference.hpp"
#include "operators/convT_winograd_f2x2_2x2.hpp"
#include "operators/winograd_f2x2_3x3.hpp"
#include "fixtures.hpp"
#include "helpers.hpp"

using namespace convt;
using namespace testing_helpers;

namespace {

struct Config {
  const char* name;
  FastKernels use;
};
const Config kConfigs[] = {
    {"direct kernels only", FastKernels::direct()},
    {"dwconv3x3 always", FastKernels::only(&FastKernels::dwconv3x3)},
    {"winograd always", FastKernels::only(&FastKernels::winograd)},
    {"fused phases always", FastKernels::only(&FastKernels::fused_phases)},
    {"channel-wise ConvT 4x4 s2 always", FastKernels::only(&FastKernels::dwconvT4x4s2)},
    {"measured rules", FastKernels{}},
};

std::vector<float> run_fast(const ConvProblem& p, const std::vector<float>& x, const std::vector<float>& w,
                            const float* bias, FastKernels use) {
  std::vector<float> y(size_t(p.output_elements()), NAN);
  if (p.op == Op::Conv2d) conv2d_fast(p, x.data(), w.data(), bias, y.data(), use);
  else conv_transpose2d_fast(p, x.data(), w.data(), bias, y.data(), use);
  return y;
}

std::vector<float> run_reference(const ConvProblem& p, const std::vector<float>& x, const std::vector<float>& w,
                                 const float* bias) {
  std::vector<float> y(size_t(p.output_elements()));
  if (p.op == Op::Conv2d) conv2d_reference(p, x.data(), w.data(), bias, y.data());
  else conv_transpose2d_reference(p, x.data(), w.data(), bias, y.data());
  return y;
}

// The planned problem of a case that must be valid.
ConvProblem planned(const RandomCase& c) {
  INFO(c.describe());
  ConvProblem p;
  REQUIRE_FALSE(bool(c.plan(&p)));
  return p;
}

// Every configuration against the reference loops on one problem with random data.
void check_all_configs(const RandomCase& c, std::mt19937& rng) {
  INFO(c.describe());
  const int64_t cout = c.cout();
  const ConvProblem p = planned(c);
  const auto x = random_floats(rng, product(c.x_shape)), w = random_floats(rng, product(c.w_shape)),
             b = random_floats(rng, cout);
  const float* bias = c.bias ? b.data() : nullptr;
  const auto ref = run_reference(p, x, w, bias);
  for (const Config& k : kConfigs) {
    INFO(k.name);
    CHECK(compare(run_fast(p, x, w, bias, k.use), ref) == "");
  }
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

}  // namespace

TEST_CASE("channel-wise 3x3: every size from 1x1 up, both paddings, depthwise groups", "[fast][dwconv3x3]") {
  std::mt19937 rng(21);
  const int64_t sizes[] = {1, 2, 3, 4, 5, 7, 8, 9, 10, 11, 12, 15, 16, 17, 18, 19, 25, 33};
  for (int64_t h : sizes)
    for (int64_t w : sizes)
      for (int64_t pad = 0; pad <= 1; ++pad) {
        const RandomCase c = make(Op::Conv2d, {1, 1, h, w}, {1, 1, 3, 3}, {1, 1}, {pad, pad}, 1, (h + w) % 2 == 0);
        if (valid(c)) check_all_configs(c, rng);
      }
  for (int i = 0; i < 150; ++i) {  // depthwise, mixed paddings, batches
    auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
    const int64_t g = pick(1, 4);
    const RandomCase c = make(Op::Conv2d, {pick(1, 2), g, pick(1, 40), pick(1, 40)}, {g, 1, 3, 3}, {1, 1},
                              {pick(0, 1), pick(0, 1)}, g, pick(0, 1) == 1);
    if (valid(c)) check_all_configs(c, rng);
  }
  // The path's own condition: not for two channels per group, a stride, a dilation or padding 2.
  const RandomCase two = make(Op::Conv2d, {1, 2, 5, 5}, {1, 2, 3, 3}, {1, 1}, {1, 1});
  CHECK_FALSE(dwconv3x3s1_applies(planned(two)));
  const RandomCase pad2 = make(Op::Conv2d, {1, 1, 5, 5}, {1, 1, 3, 3}, {1, 1}, {2, 2});
  CHECK_FALSE(dwconv3x3s1_applies(planned(pad2)));
}

TEST_CASE("channel-wise 3x3 with reflect, replicate and circular padding: the in-place kernel, edges by the mode",
          "[fast][dwconv3x3][padding_mode]") {
  std::mt19937 rng(23);
  auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  const char* modes[] = {"reflect", "replicate", "circular"};
  // every size around the tile width (4) and the band height (2), where edge tiles and spare rows meet
  const int64_t sizes[] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 17};
  for (const char* mode : modes)
    for (int64_t h : sizes)
      for (int64_t w : sizes) {
        RandomCase c = make(Op::Conv2d, {1, 1, h, w}, {1, 1, 3, 3}, {1, 1}, {1, 1}, 1, (h + w) % 2 == 0);
        c.opt.padding_mode = mode;
        if (valid(c)) check_all_configs(c, rng);
      }
  for (int i = 0; i < 120; ++i) {
    const int64_t g = pick(1, 3), h = pick(2, 30), w = pick(2, 30);
    RandomCase c = make(Op::Conv2d, {pick(1, 2), g, h, w}, {g, 1, 3, 3}, {1, 1},
                        {pick(0, int(std::min<int64_t>(2, h - 1))), pick(0, int(std::min<int64_t>(2, w - 1)))}, g, pick(0, 1) == 1);
    c.opt.padding_mode = modes[i % 3];
    if (i % 7 == 0) c.opt.padding_string = "same";
    if (valid(c)) check_all_configs(c, rng);
  }
}

TEST_CASE("Winograd F(2x2,3x3): odd and even sizes, paddings, channel tails, groups", "[fast][winograd]") {
  std::mt19937 rng(22);
  auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  for (int64_t h : {1, 2, 3, 4, 5, 6, 7, 9, 16, 17})
    for (int64_t w : {1, 2, 3, 4, 5, 8, 9, 10, 11, 17, 18, 23}) {
      const RandomCase c = make(Op::Conv2d, {1, 3, h, w}, {5, 3, 3, 3}, {1, 1}, {1, 1});
      if (valid(c)) check_all_configs(c, rng);
    }
  for (int i = 0; i < 200; ++i) {
    const int64_t g = pick(1, 2), cin = g * pick(1, 9), cout = g * pick(1, 9);
    const RandomCase c = make(Op::Conv2d, {pick(1, 2), cin, pick(1, 20), pick(1, 20)}, {cout, cin / g, 3, 3},
                              {1, 1}, {pick(0, 3), pick(0, 3)}, g, pick(0, 1) == 1);
    if (valid(c)) check_all_configs(c, rng);
  }
  // Many channels, the sizes the measured rule picks Winograd for, and a block boundary.
  check_all_configs(make(Op::Conv2d, {1, 16, 30, 70}, {24, 16, 3, 3}, {1, 1}, {1, 1}), rng);
  check_all_configs(make(Op::Conv2d, {1, 32, 9, 130}, {8, 32, 3, 3}, {1, 1}, {0, 2}), rng);
}

TEST_CASE("Winograd F(2x2,2x2) for ConvT 4x4 s2: sizes, paddings, output_padding, channel tails, groups",
          "[fast][winograd][convT]") {
  std::mt19937 rng(31);
  auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  // every size around the tile (2x2 per phase, 4 output columns) and its groups of 4 tiles (16 columns)
  for (int64_t h : {1, 2, 3, 4, 5, 8, 9})
    for (int64_t w : {1, 2, 3, 4, 5, 7, 8, 9, 12, 17})
      for (int64_t pad = 0; pad <= 3; ++pad) {
        RandomCase c = make(Op::ConvTranspose2d, {1, 3, h, w}, {3, 5, 4, 4}, {2, 2}, {pad, pad}, 1, pad % 2 == 0);
        c.opt.output_padding = {(h + pad) % 2, (w + pad) % 2};
        if (valid(c)) check_all_configs(c, rng);
      }
  for (int i = 0; i < 200; ++i) {
    const int64_t g = pick(1, 2), cin = g * pick(1, 9), cout = g * pick(1, 9);
    RandomCase c = make(Op::ConvTranspose2d, {pick(1, 2), cin, pick(1, 20), pick(1, 20)}, {cin, cout / g, 4, 4},
                        {2, 2}, {pick(0, 3), pick(0, 3)}, g, pick(0, 1) == 1);
    c.opt.output_padding = {pick(0, 1), pick(0, 1)};
    if (valid(c)) check_all_configs(c, rng);
  }
  // The shapes the measured rule picks it for (a DCGAN layer), block boundaries, a wide row.
  check_all_configs(make(Op::ConvTranspose2d, {1, 32, 16, 16}, {32, 16, 4, 4}, {2, 2}, {1, 1}), rng);
  check_all_configs(make(Op::ConvTranspose2d, {1, 16, 21, 70}, {16, 12, 4, 4}, {2, 2}, {1, 1}), rng);
  check_all_configs(make(Op::ConvTranspose2d, {1, 8, 5, 131}, {8, 8, 4, 4}, {2, 2}, {0, 2}), rng);
  const RandomCase k3 = make(Op::ConvTranspose2d, {1, 2, 5, 5}, {2, 2, 3, 3}, {2, 2}, {1, 1});
  CHECK_FALSE(winograd_convT_applies(planned(k3)));
}

TEST_CASE("Winograd falls back to the direct kernels for non-finite input or weights", "[fast][winograd][values]") {
  const RandomCase c = make(Op::Conv2d, {1, 2, 6, 6}, {2, 2, 3, 3}, {1, 1}, {1, 1}, 1, false);
  ConvProblem p = planned(c);
  std::vector<float> x(72, 1.0f), w(36, 1.0f);
  x[14] = INFINITY;  // channel 0, row 2, column 2
  const FastKernels wino = FastKernels::only(&FastKernels::winograd);
  auto ref = run_reference(p, x, w, nullptr), got = run_fast(p, x, w, nullptr, wino);
  CHECK(compare(got, ref) == "");
  CHECK(std::isinf(got[7]));  // output (1, 1): finite weights times inf, no inf - inf
  x[14] = 1.0f;
  w[0] = INFINITY;  // tap (0, 0) reads the zero padding at output (0, 0): 0 * inf = NaN, as in PyTorch
  ref = run_reference(p, x, w, nullptr);
  got = run_fast(p, x, w, nullptr, wino);
  CHECK(compare(got, ref) == "");
  CHECK(std::isnan(got[0]));
  CHECK(all_finite(w.data() + 1, 35));
  CHECK_FALSE(all_finite(w.data(), 36));
  w[0] = NAN;
  CHECK_FALSE(all_finite(w.data(), 1));

  // ConvT: an infinite pixel gives inf where PyTorch does, not inf - inf = NaN.
  const RandomCase t = make(Op::ConvTranspose2d, {1, 2, 5, 5}, {2, 2, 4, 4}, {2, 2}, {1, 1}, 1, false);
  p = planned(t);
  std::vector<float> tx(50, 1.0f), tw(64, 1.0f);
  tx[12] = INFINITY;  // channel 0, row 2, column 2
  ref = run_reference(p, tx, tw, nullptr);
  got = run_fast(p, tx, tw, nullptr, wino);
  CHECK(compare(got, ref) == "");
  CHECK(std::isinf(got[4 * 10 + 4]));  // output (4, 4) reads input (2, 2)
}

TEST_CASE("fused ConvT column phases: kernels, paddings, dilations, odd widths, channel tails", "[fast][fused]") {
  std::mt19937 rng(23);
  auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  for (int64_t w : {1, 2, 3, 4, 5, 7, 8, 15, 16, 17, 31, 33})
    for (int64_t cout : {1, 3, 4, 5, 9}) {
      RandomCase c = make(Op::ConvTranspose2d, {1, 2, pick(1, 4), w}, {2, cout, 4, 4}, {2, 2}, {1, 1});
      if (valid(c)) check_all_configs(c, rng);
      c.w_shape = {2, cout, 3, 3};
      c.opt.output_padding = {1, 1};
      if (valid(c)) check_all_configs(c, rng);
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
    if (valid(c)) check_all_configs(c, rng);
  }
  // The image view's call, at a small size: RGB, depthwise, k4 s2 p1.
  check_all_configs(make(Op::ConvTranspose2d, {1, 3, 21, 37}, {3, 1, 4, 4}, {2, 2}, {1, 1}, 3), rng);
}

TEST_CASE("channel-wise ConvT 4x4 s2: every size from 1x1 up, paddings, output_padding, depthwise groups",
          "[fast][dwconvT4x4s2]") {
  std::mt19937 rng(29);
  // every width around the step (8 outputs from 4 input columns) where in-place and edge steps meet
  const int64_t sizes[] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 16, 17, 21, 33};
  for (int64_t h : {1, 2, 3, 5})
    for (int64_t w : sizes)
      for (int64_t pad = 0; pad <= 3; ++pad)
        for (int64_t op = 0; op <= 1; ++op) {
          RandomCase c = make(Op::ConvTranspose2d, {1, 1, h, w}, {1, 1, 4, 4}, {2, 2}, {pad, pad}, 1, (w + pad) % 2 == 0);
          c.opt.output_padding = {op, op};
          if (valid(c)) check_all_configs(c, rng);
        }
  for (int i = 0; i < 150; ++i) {  // depthwise, different paddings per axis, batches, tall and wide
    auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
    const int64_t g = pick(1, 4);
    RandomCase c = make(Op::ConvTranspose2d, {pick(1, 2), g, pick(1, 30), pick(1, 45)}, {g, 1, 4, 4}, {2, 2},
                        {pick(0, 4), pick(0, 4)}, g, pick(0, 1) == 1);
    c.opt.output_padding = {pick(0, 1), pick(0, 1)};
    if (valid(c)) check_all_configs(c, rng);
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
}

// (No ';' in a test's name: CTest splits names there, and each half would match no test.)
TEST_CASE("every configuration matches PyTorch on the fixtures, Winograd within 1e-4 of max |ref|",
          "[fast][fixtures][torch]") {
  int checked = 0, winograd_cases = 0, winograd_convT_cases = 0, dwconv3x3_cases = 0, dwconvT_cases = 0;
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
      for (const Config& k : kConfigs) {
        INFO(c.at("id").get<std::string>() << " " << k.name);
        const auto got = run_fast(p, x.data, w.data, b.empty() ? nullptr : b.data(), k.use);
        CHECK(compare(got, want) == "");
        double max_diff = 0;
        for (size_t i = 0; i < got.size(); ++i) max_diff = std::max(max_diff, std::fabs(double(got[i]) - want[i]));
        CHECK(max_diff <= 1e-4 * max_ref + 1e-7);
      }
      winograd_cases += winograd_applies(p);
      winograd_convT_cases += winograd_convT_applies(p);
      dwconv3x3_cases += dwconv3x3s1_applies(p);
      dwconvT_cases += dwconvT4x4s2_applies(p);
      ++checked;
    }
  }
  CHECK(checked >= 490);
  CHECK(winograd_cases >= 10);
  CHECK(winograd_convT_cases >= 6);
  CHECK(dwconv3x3_cases >= 6);
  CHECK(dwconvT_cases >= 20);
}
