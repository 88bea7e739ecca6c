// Every validation rule, the round-trip rules (docs/design.md, "Shape round trips") over a sweep, and the caps.
#include <catch2/catch.hpp>

#include "helpers.hpp"
#include "teaching/polyphase.hpp"

using namespace convt;
using testing_helpers::product;

namespace {

Error plan(Op op, std::vector<int64_t> xs, std::vector<int64_t> ws, ConvOptions o, int64_t bias = -1) {
  ConvProblem p;
  const int64_t xl = xs.size() >= 3 ? product(xs) : 0, wl = product(ws);
  return plan_conv(op, xs, xl, ws, wl, bias, o, &p);
}

ConvOptions with(Pair s, Pair p, Pair d, Pair a = {0, 0}, int64_t g = 1) {
  ConvOptions o;
  o.stride = s;
  o.padding = p;
  o.dilation = d;
  o.output_padding = a;
  o.groups = g;
  return o;
}

void expect_error(const Error& e, const std::string& parameter, const std::string& words) {
  INFO(e.message);
  REQUIRE(bool(e));
  CHECK(e.parameter == parameter);
  CHECK(e.message.find(words) != std::string::npos);
  CHECK(e.message.rfind(parameter + ": ", 0) == 0);  // the message starts with the parameter's name
}

}  // namespace

TEST_CASE("every invalid input is refused with the parameter and the rule", "[validation]") {
  const Op C = Op::Conv2d, T = Op::ConvTranspose2d;
  const ConvOptions ok;
  expect_error(plan(C, {5, 5}, {1, 1, 3, 3}, ok), "x", "Expected 3D (unbatched) or 4D (batched) input");
  expect_error(plan(C, {1, 1, 5, 5}, {1, 1, 3}, ok), "w", "4-dimensional weight");
  expect_error(plan(C, {1, 1, 0, 5}, {1, 1, 3, 3}, ok), "x", "non-zero");
  expect_error(plan(C, {1, 1, 5, 5}, {1, 1, 0, 3}, ok), "w", "between 1 and");
  expect_error(plan(C, {1, 1, -2, 5}, {1, 1, 1, 1}, ok), "x", "between 0 and");
  expect_error(plan(C, {1, 1, 5, 5}, {1, 1, 3, 3}, with({0, 1}, {0, 0}, {1, 1})), "stride", "non-positive stride");
  expect_error(plan(T, {1, 1, 5, 5}, {1, 1, 3, 3}, with({1, -1}, {0, 0}, {1, 1})), "stride", "non-positive stride");
  expect_error(plan(C, {1, 1, 5, 5}, {1, 1, 3, 3}, with({1, 1}, {-1, 0}, {1, 1})), "padding", "negative padding");
  expect_error(plan(C, {1, 1, 5, 5}, {1, 1, 3, 3}, with({1, 1}, {0, 0}, {0, 1})), "dilation",
               "dilation should be greater than zero");
  expect_error(plan(T, {1, 1, 5, 5}, {1, 1, 3, 3}, with({1, 1}, {0, 0}, {1, -3})), "dilation",
               "dilation should be greater than zero");
  expect_error(plan(C, {1, 1, 2, 5}, {1, 1, 3, 3}, ok), "kernelSize", "Kernel size can't be greater than actual input size");
  expect_error(plan(C, {1, 1, 5, 5}, {1, 1, 3, 3}, with({1, 1}, {0, 0}, {3, 1})), "kernelSize", "Kernel size: (7 x 3)");
  expect_error(plan(T, {1, 1, 5, 5}, {1, 1, 3, 3}, with({2, 2}, {0, 0}, {1, 1}, {2, 0})), "outputPadding",
               "output padding must be smaller than either stride or dilation");
  CHECK_FALSE(bool(plan(T, {1, 1, 5, 5}, {1, 1, 3, 3}, with({2, 2}, {0, 0}, {3, 1}, {2, 0}))));  // a < d is allowed
  expect_error(plan(T, {1, 1, 5, 5}, {1, 1, 3, 3}, with({1, 1}, {0, 0}, {1, 1}, {-1, 0})), "outputPadding",
               "negative output_padding");
  expect_error(plan(C, {1, 1, 5, 5}, {1, 1, 3, 3}, with({1, 1}, {0, 0}, {1, 1}, {1, 0})), "outputPadding",
               "only applies to conv_transpose2d");
  expect_error(plan(T, {1, 1, 3, 3}, {1, 1, 3, 3}, with({1, 1}, {3, 0}, {1, 1})), "padding", "Output size is too small");
  expect_error(plan(C, {1, 3, 5, 5}, {4, 1, 3, 3}, with({1, 1}, {0, 0}, {1, 1}, {0, 0}, 2)), "x", "channels, but got");
  expect_error(plan(C, {1, 4, 5, 5}, {3, 2, 3, 3}, with({1, 1}, {0, 0}, {1, 1}, {0, 0}, 2)), "groups",
               "expected weight to be divisible by 2");
  expect_error(plan(T, {1, 3, 5, 5}, {3, 2, 3, 3}, with({1, 1}, {0, 0}, {1, 1}, {0, 0}, 2)), "groups",
               "expected weight to be divisible by 2");
  expect_error(plan(C, {1, 4, 5, 5}, {1, 4, 3, 3}, with({1, 1}, {0, 0}, {1, 1}, {0, 0}, 2)), "groups",
               "expected weight to be at least 2");
  expect_error(plan(T, {1, 2, 5, 5}, {3, 2, 3, 3}, ok), "x", "Given transposed=1");
  expect_error(plan(C, {1, 1, 5, 5}, {2, 1, 3, 3}, ok, 3), "bias", "expected bias to be 1-dimensional with 2 elements");
  expect_error(plan(T, {1, 1, 5, 5}, {1, 2, 3, 3}, ok, 1), "bias", "with 2 elements");
  expect_error(plan(C, {1, 1, 5, 5}, {1, 1, 3, 3}, with({1, 1}, {0, 0}, {1, 1}, {0, 0}, 0)), "groups",
               "non-positive groups");
  expect_error(plan(C, {1, 1, 5, 5}, {1, 1, 3, 3}, with({int64_t{1} << 31, 1}, {0, 0}, {1, 1})), "stride", "at most");
  // Data that does not match its shape.
  ConvProblem p;
  expect_error(plan_conv(C, {1, 1, 5, 5}, 24, {1, 1, 3, 3}, 9, -1, ok, &p), "x", "data has 24 elements");
  expect_error(plan_conv(C, {1, 1, 5, 5}, 25, {1, 1, 3, 3}, 10, -1, ok, &p), "w", "data has 10 elements");
}

TEST_CASE("the element and work caps refuse huge shapes before touching data", "[validation][caps]") {
  const Op C = Op::Conv2d, T = Op::ConvTranspose2d;
  ConvProblem p;
  // A huge input shape with tiny data: refused by the cap, not read.
  Error e = plan_conv(C, {1, 1, 100000, 100000}, 4, {1, 1, 1, 1}, 1, -1, {}, &p);
  REQUIRE(bool(e));
  CHECK(e.parameter == "x");
  CHECK(e.message.find("cap") != std::string::npos);
  // An output that explodes through stride.
  e = plan_conv(T, {1, 1, 100, 100}, 10000, {1, 1, 3, 3}, 9, -1, with({1000, 1000}, {0, 0}, {1, 1}), &p);
  REQUIRE(bool(e));
  CHECK(e.message.find("cap") != std::string::npos);
  CHECK(e.parameter == "stride");
  // Work: 64 channels in and out of a 512x512 image with a 31x31 kernel.
  e = plan_conv(C, {1, 64, 512, 512}, product({1, 64, 512, 512}), {64, 64, 31, 31}, product({64, 64, 31, 31}), -1,
                with({1, 1}, {15, 15}, {1, 1}), &p);
  REQUIRE(bool(e));
  CHECK(e.message.find("multiply-adds") != std::string::npos);
}

TEST_CASE("a size past a cap is refused naming the parameter that made it large, in the same words",
          "[validation][caps]") {
  const Op C = Op::Conv2d, T = Op::ConvTranspose2d;
  struct Case {
    const char* why;
    Op op;
    std::vector<int64_t> x, w;
    ConvOptions o;
    const char* parameter;
  };
  ConvOptions dilated_kernel = with({1, 1}, {0, 0}, {1, 5000});
  ConvOptions long_dilation = with({1, 1}, {0, 0}, {1, 10000});
  ConvOptions output_padding = with({1, 1}, {0, 0}, {1, 40000000}, {0, 39999999});
  ConvOptions replicate = with({1, 1}, {10000, 10000}, {1, 1});
  replicate.padding_mode = "replicate";
  const Case cases[] = {
      {"stride on a 2x2 input", T, {1, 1, 2, 2}, {1, 1, 3, 3}, with({100000, 100000}, {0, 0}, {1, 1}), "stride"},
      {"a long input row at stride 200", T, {1, 1, 1, 300000}, {1, 1, 1, 1}, with({1, 200}, {0, 0}, {1, 1}), "x"},
      {"a long kernel row, dilated", T, {1, 1, 1, 1}, {1, 1, 1, 10001}, dilated_kernel, "w"},
      {"a long dilation", T, {1, 1, 1, 1}, {1, 1, 1, 5001}, long_dilation, "dilation"},
      {"output_padding below a long dilation", T, {1, 1, 1, 1}, {1, 1, 1, 1}, output_padding, "outputPadding"},
      {"ConvT batch", T, {100000, 1, 1, 1}, {1, 400, 1, 1}, {}, "x"},
      {"ConvT output channels", T, {1, 1, 8, 8}, {1, 600000, 1, 1}, {}, "w"},
      {"zero padding", C, {1, 1, 2, 2}, {1, 1, 1, 1}, with({1, 1}, {10000, 10000}, {1, 1}), "padding"},
      {"replicate padding", C, {1, 1, 2, 2}, {1, 1, 1, 1}, replicate, "padding"},
      {"Conv2d input, four output channels", C, {1, 1, 4096, 4096}, {4, 1, 1, 1}, {}, "x"},
      {"Conv2d output channels", C, {1, 1, 64, 64}, {10000, 1, 1, 1}, {}, "w"},
      {"Conv2d batch", C, {100000, 1, 1, 1}, {400, 1, 1, 1}, {}, "x"},
  };
  for (const Case& c : cases) {
    INFO(c.why);
    ConvProblem p;
    const Error e = plan_conv(c.op, c.x, product(c.x), c.w, product(c.w), -1, c.o, &p);
    expect_error(e, c.parameter, "has more than 33554432 elements (the cap of this library)");
    CHECK(e.message.find(": output of size [") != std::string::npos);
  }
  // The message is the same; only the parameter it starts with says why.
  ConvProblem p;
  expect_error(plan_conv(T, {1, 1, 2, 2}, 4, {1, 1, 3, 3}, 9, -1, with({100000, 100000}, {0, 0}, {1, 1}), &p), "stride",
               "stride: output of size [1, 1, 100003, 100003] has more than 33554432 elements (the cap of this library)");

  // The zero-stuffed grid of the seed's construction: p' = d(k-1) - p on both sides.
  ConvOptions far = with({1, 1}, {0, 20000000}, {1, 40000000});
  Tensor x{{1, 1, 1, 1}, {1.0f}}, w{{1, 1, 1, 2}, {1.0f, 2.0f}}, y;
  expect_error(conv_transpose2d(x, w, nullptr, far, &y, Path::Stuffed), "dilation",
               "the zero-stuffed grid (1 x 40000001 per channel) would have more than 33554432 elements");
  CHECK_FALSE(bool(conv_transpose2d(x, w, nullptr, far, &y)));  // the output is 1x1: only the grid is too large
  CHECK(y.shape == std::vector<int64_t>{1, 1, 1, 1});

  // The page's tables: the drawn grid, the output's taps or the input's, named as explain() names them.
  Explanation ex;
  ConvOptions wide = with({5000, 5000}, {0, 0}, {1, 1});
  expect_error(explain(T, {2, 2}, {3, 3}, wide, &ex), "stride", "this geometry is too large to draw");
  expect_error(explain(C, {3, 3}, {3, 3}, with({1, 1}, {2000, 2000}, {1, 1}), &ex), "padding", "too large to draw");
  expect_error(explain(T, {8, 8}, {1000, 1000}, {}, &ex), "kernelSize", "too large to draw");
  expect_error(explain(C, {2048, 2048}, {2, 1}, {}, &ex), "size", "too large to draw");
  expect_error(explain(T, {2, 2}, {1, 1}, with({100000, 100000}, {0, 0}, {1, 1}), &ex), "stride", "output of size");
  expect_error(explain(C, {4096, 1}, {1, 1}, with({1, 1}, {0, 8200}, {1, 1}), &ex), "padding", "output of size");
  Polyphase pp;
  const std::vector<float> one(4, 1.0f), k9(9, 1.0f);
  expect_error(polyphase({2, 2}, {3, 3}, with({3000, 3000}, {0, 0}, {1, 1}), one.data(), 4, k9.data(), 9, &pp), "stride",
               "too large to draw");
}

TEST_CASE("the round-trip rules hold over a sweep", "[geometry][roundtrip]") {
  int conv_then_convt = 0, convt_then_conv = 0;
  for (int64_t I = 1; I <= 14; ++I)
    for (int64_t k = 1; k <= 5; ++k)
      for (int64_t s = 1; s <= 4; ++s)
        for (int64_t p = 0; p <= 3; ++p)
          for (int64_t d = 1; d <= 3; ++d)
            for (int64_t a = 0; a <= 3; ++a) {
              ConvOptions o = with({s, s}, {p, p}, {d, d}, {a, a});
              INFO("I=" << I << " k=" << k << " s=" << s << " p=" << p << " d=" << d << " a=" << a);
              const int64_t O = conv_output_size(I, k, s, p, d);
              const bool a_allowed = a < s || a < d;
              // Conv then ConvT gives back I exactly when a = (I + 2p - d(k-1) - 1) mod s.
              const RoundTrip ct = conv_then_conv_transpose({I, I}, {k, k}, o);
              const int64_t rem = O >= 1 ? (I + 2 * p - d * (k - 1) - 1) % s : -1;
              if (O >= 1 && a == rem) {  // the fix always works
                REQUIRE(ct.back_valid);
                CHECK(ct.ok);
              }
              if (O >= 1 && a_allowed && ct.back_valid) {
                CHECK(ct.remainder.h == rem);
                CHECK(ct.fix_output_padding.h == rem);
                CHECK(ct.ok == (a == rem));
                CHECK(ct.back.h == conv_transpose_output_size(O, k, s, p, d, a));
                ++conv_then_convt;
              } else {
                CHECK_FALSE(ct.ok);
                CHECK_FALSE(ct.back_valid);
                CHECK(bool(ct.error));
              }
              // ConvT (with a) then Conv gives back I exactly when a < s.
              const RoundTrip tc = conv_transpose_then_conv({I, I}, {k, k}, o);
              if (tc.back_valid) {
                CHECK(tc.ok == (a < s));
                ++convt_then_conv;
              } else {
                CHECK(bool(tc.error));
              }
            }
  CHECK(conv_then_convt > 1000);
  CHECK(convt_then_conv > 1000);
}

namespace {

ConvOptions surface(const char* mode, Pair padding = {0, 0}, const char* padding_string = nullptr) {
  ConvOptions o;
  o.padding_mode = mode;
  o.padding = padding;
  if (padding_string) o.padding_string = padding_string;
  return o;
}

ConvProblem planned(Op op, std::vector<int64_t> xs, std::vector<int64_t> ws, const ConvOptions& o) {
  ConvProblem p;
  const Error e = plan_conv(op, xs, product(xs), ws, product(ws), -1, o, &p);
  INFO(e.message);
  REQUIRE_FALSE(bool(e));
  return p;
}

}  // namespace

TEST_CASE("padding strings and padding modes: PyTorch's rules, in its order and words", "[validation][surface]") {
  const Op C = Op::Conv2d, T = Op::ConvTranspose2d;
  ConvOptions o = surface("zeros", {0, 0}, "same");
  o.stride = {1, 2};
  expect_error(plan(C, {1, 1, 5, 5}, {1, 1, 3, 3}, o), "padding", "padding='same' is not supported for strided convolutions");
  o.stride = {0, 1};  // nn.Conv2d refuses 'same' before the convolution sees the stride
  expect_error(plan(C, {1, 1, 5, 5}, {1, 1, 3, 3}, o), "padding", "not supported for strided convolutions");
  expect_error(plan(C, {1, 1, 5, 5}, {1, 1, 3, 3}, surface("zeros", {0, 0}, "full")), "padding",
               "Invalid padding string 'full', should be one of {'same', 'valid'}");
  expect_error(plan(C, {1, 1, 5, 5}, {1, 1, 3, 3}, surface("reflection")), "paddingMode",
               "padding_mode must be one of {'zeros', 'reflect', 'replicate', 'circular'}, but got padding_mode='reflection'");
  ConvOptions groups0 = surface("wrap");
  groups0.groups = 0;  // the constructor checks groups first
  expect_error(plan(C, {1, 1, 5, 5}, {1, 1, 3, 3}, groups0), "groups", "non-positive groups");
  // ConvTranspose2d: zeros only (checked before anything else of the constructor), integers only.
  expect_error(plan(T, {1, 1, 5, 5}, {1, 1, 3, 3}, surface("reflect")), "paddingMode",
               "Only \"zeros\" padding mode is supported for ConvTranspose2d");
  groups0.padding_mode = "circular";
  expect_error(plan(T, {1, 1, 5, 5}, {1, 1, 3, 3}, groups0), "paddingMode", "Only \"zeros\" padding mode");
  expect_error(plan(T, {1, 1, 5, 5}, {1, 1, 3, 3}, surface("zeros", {0, 0}, "same")), "padding",
               "argument 'padding' must be tuple of ints, not str");
  // F.pad's limits come before the convolution's checks (nn.Conv2d pads first).
  expect_error(plan(C, {1, 1, 5, 3}, {1, 1, 1, 1}, surface("reflect", {1, 3})), "padding",
               "Padding size should be less than the corresponding input dimension, but got: padding (3, 3) at "
               "dimension 3 of input 4");
  expect_error(plan(C, {1, 5, 3}, {1, 1, 1, 1}, surface("reflect", {1, 3})), "padding", "at dimension 2 of input 3");
  expect_error(plan(C, {1, 1, 2, 2}, {1, 1, 1, 1}, surface("reflect", {2, 2})), "padding", "padding (2, 2) at dimension 3");
  ConvOptions reflect_stride0 = surface("reflect", {4, 0});
  reflect_stride0.stride = {0, 0};
  expect_error(plan(C, {1, 1, 3, 3}, {1, 1, 1, 1}, reflect_stride0), "padding", "dimension 2 of input 4");
  expect_error(plan(C, {1, 1, 3, 8}, {1, 1, 7, 3}, surface("reflect", {0, 0}, "same")), "padding",
               "padding (3, 3) at dimension 2");
  expect_error(plan(C, {1, 1, 3, 3}, {1, 1, 1, 1}, surface("circular", {4, 0})), "padding",
               "Padding value causes wrapping around more than once.");
  expect_error(plan(C, {1, 1, 3, 5}, {1, 1, 1, 1}, surface("circular", {-2, 0})), "padding",
               "Negative padding value is resulting in an empty dimension");
  // A crop down to nothing: the convolution's own rule.
  expect_error(plan(C, {1, 1, 2, 5}, {1, 1, 1, 1}, surface("replicate", {-1, 0})), "kernelSize",
               "Calculated padded input size per channel: (0 x 5)");
  // Zero padding stays non-negative; the other modes crop, as F.pad does.
  expect_error(plan(C, {1, 1, 5, 5}, {1, 1, 1, 1}, surface("zeros", {-1, 0})), "padding", "negative padding");
  CHECK_FALSE(bool(plan(C, {1, 1, 5, 5}, {1, 1, 1, 1}, surface("reflect", {-1, 0}))));
  CHECK_FALSE(bool(plan(C, {1, 1, 3, 3}, {1, 1, 1, 1}, surface("circular", {3, 3}))));  // wraps exactly once
  CHECK_FALSE(bool(plan(C, {1, 1, 3, 3}, {1, 1, 1, 1}, surface("replicate", {40, 40}))));  // no limit
}

TEST_CASE("'same' pads d(k-1) lines, the odd one after, and the modes' sources", "[geometry][surface]") {
  struct Same {
    int64_t k, d, before, after;
  };
  for (const Same s : {Same{3, 1, 1, 1}, Same{4, 1, 1, 2}, Same{2, 1, 0, 1}, Same{4, 2, 3, 3}, Same{2, 3, 1, 2},
                       Same{1, 1, 0, 0}, Same{5, 1, 2, 2}}) {
    INFO("k=" << s.k << " d=" << s.d);
    ConvOptions o = surface("zeros", {0, 0}, "same");
    o.dilation = {s.d, 1};
    const ConvProblem p = planned(Op::Conv2d, {1, 1, 9, 9}, {1, 1, s.k, 1}, o);
    CHECK(p.pad_before.h == s.before);
    CHECK(p.pad_after.h == s.after);
    CHECK(p.Ho == 9);
  }
  const ConvProblem valid = planned(Op::Conv2d, {1, 1, 9, 9}, {1, 1, 4, 2}, surface("reflect", {5, 5}, "valid"));
  CHECK(valid.pad_before == Pair{0, 0});
  CHECK(valid.Ho == 6);
  // Input 0 1 2 3 4, padded by 2 before and 3 after.
  const std::vector<int64_t> reflect = {2, 1, 0, 1, 2, 3, 4, 3, 2, 1}, replicate = {0, 0, 0, 1, 2, 3, 4, 4, 4, 4},
                             circular = {3, 4, 0, 1, 2, 3, 4, 0, 1, 2}, zeros = {-1, -1, 0, 1, 2, 3, 4, -1, -1, -1};
  for (int64_t i = 0; i < 10; ++i) {
    CHECK(padded_source(PaddingMode::Reflect, 5, 2, 3, i) == reflect[size_t(i)]);
    CHECK(padded_source(PaddingMode::Replicate, 5, 2, 3, i) == replicate[size_t(i)]);
    CHECK(padded_source(PaddingMode::Circular, 5, 2, 3, i) == circular[size_t(i)]);
    CHECK(padded_source(PaddingMode::Zeros, 5, 2, 3, i) == zeros[size_t(i)]);
  }
  // A crop: PyTorch crops first (reflect still mirrors about the input's ends; circular wraps what is left).
  CHECK(padded_source(PaddingMode::Reflect, 5, -3, 2, 2) == 3);     // [3, 4, 3, 2]
  CHECK(padded_source(PaddingMode::Reflect, 5, -3, 2, 3) == 2);
  CHECK(padded_source(PaddingMode::Circular, 5, 3, -1, 0) == 1);    // [1, 2, 3, 0, 1, 2, 3]
  CHECK(padded_source(PaddingMode::Circular, 5, -1, 2, 4) == 1);    // [1, 2, 3, 4, 1, 2]
}

TEST_CASE("output_size gives output_padding, in PyTorch's range and words", "[validation][surface]") {
  const Op C = Op::Conv2d, T = Op::ConvTranspose2d;
  ConvOptions o;
  o.stride = {2, 2};
  o.padding = {1, 1};
  for (int64_t h : {7, 8})
    for (int64_t w : {7, 8}) {
      o.output_size = std::vector<int64_t>{h, w};
      const ConvProblem p = planned(T, {1, 1, 4, 4}, {1, 1, 3, 3}, o);
      CHECK(p.Ho == h);
      CHECK(p.Wo == w);
      CHECK(p.opt.output_padding == Pair{h - 7, w - 7});
    }
  o.output_size = std::vector<int64_t>{2, 1, 8, 7};  // N and C are not checked, as in PyTorch
  CHECK(planned(T, {1, 1, 4, 4}, {1, 1, 3, 3}, o).opt.output_padding == Pair{1, 0});
  o.output_size = std::vector<int64_t>{1, 8, 8};  // [C, H, W] for unbatched input
  CHECK(planned(T, {1, 4, 4}, {1, 1, 3, 3}, o).opt.output_padding == Pair{1, 1});
  expect_error(plan(T, {1, 1, 4, 4}, {1, 1, 3, 3}, o), "outputSize",
               "ConvTranspose2D: for 4D input, output_size must have 2 or 4 elements (got 3)");
  o.output_size = std::vector<int64_t>{1, 1, 8, 8};
  expect_error(plan(T, {1, 4, 4}, {1, 1, 3, 3}, o), "outputSize", "for 3D input, output_size must have 2 or 3 elements (got 4)");
  o.output_size = std::vector<int64_t>{9, 7};
  expect_error(plan(T, {1, 1, 4, 4}, {1, 1, 3, 3}, o), "outputSize",
               "requested an output size of [9, 7], but valid sizes range from [7, 7] to [8, 8] (for an input of [4, 4])");
  o.output_size = std::vector<int64_t>{7, 6};
  expect_error(plan(T, {1, 1, 4, 4}, {1, 1, 3, 3}, o), "outputSize", "valid sizes range from [7, 7] to [8, 8]");
  ConvOptions stride0 = o;  // forward() derives output_padding before the convolution checks the stride
  stride0.stride = {0, 1};
  expect_error(plan(T, {1, 1, 4, 4}, {1, 1, 3, 3}, stride0), "outputSize", "valid sizes range from [1, 4] to [0, 4]");
  o.output_size = std::vector<int64_t>{8, 8};
  o.output_padding_given = true;
  expect_error(plan(T, {1, 1, 4, 4}, {1, 1, 3, 3}, o), "outputSize", "not both");
  o.output_padding_given = false;
  expect_error(plan(C, {1, 1, 4, 4}, {1, 1, 3, 3}, o), "outputSize", "output_size only applies to conv_transpose2d");
}
