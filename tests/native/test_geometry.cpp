// Every validation rule, the round-trip rules of DESIGN.md over a sweep, and the caps.
#include <catch2/catch.hpp>

#include "helpers.hpp"

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
  // Work: 64 channels in and out of a 512x512 image with a 31x31 kernel.
  e = plan_conv(C, {1, 64, 512, 512}, product({1, 64, 512, 512}), {64, 64, 31, 31}, product({64, 64, 31, 31}), -1,
                with({1, 1}, {15, 15}, {1, 1}), &p);
  REQUIRE(bool(e));
  CHECK(e.message.find("multiply-adds") != std::string::npos);
}

TEST_CASE("round-trip rules of DESIGN.md hold over a sweep", "[geometry][roundtrip]") {
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
