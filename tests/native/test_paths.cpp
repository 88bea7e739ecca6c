// The fast paths and the zero-stuffed construction against the reference loops, and the
// adjoint identity that gives ConvTranspose2d its name.
#include <catch2/catch.hpp>

#include "helpers.hpp"

using namespace convt;
using namespace testing_helpers;

namespace {

Error run(const RandomCase& c, const std::vector<float>& x, const std::vector<float>& w,
          const std::vector<float>& b, Path path, Tensor* y) {
  return run_conv(c.op, path, x.data(), c.x_shape, int64_t(x.size()), w.data(), c.w_shape, int64_t(w.size()),
                  c.bias ? b.data() : nullptr, int64_t(b.size()), c.opt, &y->data, &y->shape);
}

void check_paths_agree(const RandomCase& c, std::mt19937& rng, bool with_stuffed) {
  INFO(c.describe());
  const int64_t cout = c.cout();
  const auto x = random_floats(rng, product(c.x_shape)), w = random_floats(rng, product(c.w_shape)),
             b = random_floats(rng, cout);
  Tensor ref, fast;
  REQUIRE_FALSE(bool(run(c, x, w, b, Path::Reference, &ref)));
  REQUIRE_FALSE(bool(run(c, x, w, b, Path::Fast, &fast)));
  CHECK(fast.shape == ref.shape);
  CHECK(compare(fast.data, ref.data) == "");
  if (with_stuffed) {
    Tensor st;
    REQUIRE_FALSE(bool(run(c, x, w, b, Path::Stuffed, &st)));
    CHECK(st.shape == ref.shape);
    // Both accumulate in double and round once: equal up to the last float rounding.
    CHECK(compare(st.data, ref.data, 1e-6, 1e-7) == "");
  }
}

}  // namespace

TEST_CASE("fast conv2d equals the reference on random shapes", "[fast][conv2d]") {
  std::mt19937 rng(11);
  for (int i = 0; i < 400; ++i) check_paths_agree(random_case(rng, Op::Conv2d), rng, false);
}

TEST_CASE("fast and zero-stuffed conv_transpose2d equal the scatter reference", "[fast][stuffed][convT]") {
  std::mt19937 rng(12);
  for (int i = 0; i < 400; ++i) check_paths_agree(random_case(rng, Op::ConvTranspose2d), rng, true);
}

TEST_CASE("fast paths equal the reference with padding strings, padding modes and output_size", "[fast][surface]") {
  std::mt19937 rng(15);
  for (int i = 0; i < 400; ++i) check_paths_agree(random_case(rng, Op::Conv2d, 13, 4, true), rng, false);
  for (int i = 0; i < 200; ++i) check_paths_agree(random_case(rng, Op::ConvTranspose2d, 13, 4, true), rng, true);
}

TEST_CASE("fast conv2d on every padding mode: wide rows, tile tails, strides, crops", "[fast][edges][surface]") {
  std::mt19937 rng(16);
  int ran = 0;
  for (const char* mode : {"zeros", "reflect", "replicate", "circular"})
    for (int64_t width : {1, 2, 3, 5, 17, 33, 50})
      for (int64_t stride : {1, 2, 3})
        for (int64_t pad : {-1, 0, 1, 2}) {
          RandomCase c{Op::Conv2d, {1, 2, 4, width}, {3, 2, 3, 2}, {}, true};
          c.opt.padding_mode = mode;
          c.opt.padding = {pad, pad};
          c.opt.stride = {stride, stride};
          ConvProblem p;
          if (plan_conv(c.op, c.x_shape, product(c.x_shape), c.w_shape, product(c.w_shape), 3, c.opt, &p)) continue;
          check_paths_agree(c, rng, false);
          ++ran;
        }
  CHECK(ran > 150);
}

TEST_CASE("fast paths on edge shapes: wide rows, tile tails, huge strides, many channels", "[fast][edges]") {
  std::mt19937 rng(13);
  for (Op op : {Op::Conv2d, Op::ConvTranspose2d}) {
    for (int64_t width : {1, 3, 4, 5, 11, 12, 13, 15, 16, 17, 31, 33, 50}) {
      for (int64_t cout : {1, 2, 3, 4, 5, 8, 9}) {
        RandomCase c{op, {1, 2, 3, width}, {}, {}, true};
        c.w_shape = op == Op::Conv2d ? std::vector<int64_t>{cout, 2, 3, 3} : std::vector<int64_t>{2, cout, 3, 3};
        c.opt.padding = {1, 1};
        c.opt.stride = {1, 2};
        check_paths_agree(c, rng, op == Op::ConvTranspose2d);
      }
    }
    // Strides far larger than the kernel and the input, and large dilations.
    for (int64_t s : {5, 9, 17, 40}) {
      RandomCase c{op, {2, 3, 4, 6}, {}, {}, false};
      c.w_shape = op == Op::Conv2d ? std::vector<int64_t>{4, 3, 2, 3} : std::vector<int64_t>{3, 4, 2, 3};
      c.opt.stride = {s, s + 1};
      c.opt.dilation = {1, 2};
      check_paths_agree(c, rng, op == Op::ConvTranspose2d);
      RandomCase dil{op, {1, 2, 9, 10}, {}, {}, true};
      dil.w_shape = op == Op::Conv2d ? std::vector<int64_t>{3, 2, 3, 2} : std::vector<int64_t>{2, 3, 3, 2};
      dil.opt.dilation = {s / 4 + 1, s / 5 + 1};
      dil.opt.padding = {s / 4 + 1, 0};
      ConvProblem p;
      if (!plan_conv(op, dil.x_shape, product(dil.x_shape), dil.w_shape, product(dil.w_shape), 3, dil.opt, &p))
        check_paths_agree(dil, rng, op == Op::ConvTranspose2d);
    }
  }
  // ConvT padding larger than d(k-1): the stuffed grid is cropped (negative p').
  for (int64_t pad = 0; pad <= 6; ++pad) {
    RandomCase c{Op::ConvTranspose2d, {1, 1, 5, 7}, {1, 2, 3, 3}, {}, true};
    c.opt.stride = {2, 3};
    c.opt.padding = {pad, pad};
    c.opt.output_padding = {1, 2};
    ConvProblem p;
    if (!plan_conv(c.op, c.x_shape, 35, c.w_shape, 18, 2, c.opt, &p)) check_paths_agree(c, rng, true);
  }
}

TEST_CASE("adjoint identity: <conv(x), y> = <x, convT(y)>", "[adjoint]") {
  // ConvTranspose2d is the transpose of Conv2d as a linear map, for any parameters — provided
  // convT's output_padding brings it back to x's size (the remainder of the conv's division).
  std::mt19937 rng(14);
  for (int i = 0; i < 200; ++i) {
    RandomCase c = random_case(rng, Op::Conv2d);
    c.bias = false;
    INFO(c.describe());
    const auto x = random_floats(rng, product(c.x_shape)), w = random_floats(rng, product(c.w_shape));
    Tensor cx;
    REQUIRE_FALSE(bool(run(c, x, w, {}, Path::Fast, &cx)));
    const auto yv = random_floats(rng, product(cx.shape));
    RandomCase t = c;
    t.op = Op::ConvTranspose2d;
    t.x_shape = cx.shape;
    t.w_shape = c.w_shape;  // same tensor: [Cout, Cin/G, kH, kW] is ConvT's [Cin', Cout'/G, kH, kW]
    const RoundTrip rt = conv_then_conv_transpose({c.x_shape[2], c.x_shape[3]}, {c.w_shape[2], c.w_shape[3]}, c.opt);
    t.opt.output_padding = rt.fix_output_padding;
    Tensor ty;
    const Error e = run(t, yv, w, {}, Path::Fast, &ty);
    if (e) {  // output_padding = remainder can break PyTorch's rule only when it is >= stride: never
      FAIL(e.message);
    }
    REQUIRE(ty.shape == c.x_shape);
    double lhs = 0, rhs = 0, scale = 0;
    for (size_t j = 0; j < cx.data.size(); ++j) {
      lhs += double(cx.data[j]) * yv[j];
      scale += std::fabs(double(cx.data[j]) * yv[j]);
    }
    for (size_t j = 0; j < x.size(); ++j) rhs += double(x[j]) * ty.data[j];
    CHECK(std::fabs(lhs - rhs) <= 1e-5 * (scale + 1));
  }
}

TEST_CASE("NaN and infinity propagate like PyTorch, batch 0 gives an empty output", "[values]") {
  Tensor x{{1, 1, 3, 3}, std::vector<float>(9, 1.0f)}, w{{1, 1, 2, 2}, std::vector<float>(4, 1.0f)}, y;
  x.data[0] = NAN;
  for (Path path : {Path::Fast, Path::Reference}) {
    REQUIRE_FALSE(bool(conv2d(x, w, nullptr, {}, &y, path)));
    CHECK(std::isnan(y.data[0]));
    CHECK(y.data[3] == 4.0f);  // the window that avoids x[0]
    REQUIRE_FALSE(bool(conv_transpose2d(x, w, nullptr, {}, &y, path)));
    CHECK(std::isnan(y.data[0]));
    CHECK(y.data[15] == 1.0f);
  }
  Tensor empty{{0, 1, 3, 3}, {}};
  REQUIRE_FALSE(bool(conv2d(empty, w, nullptr, {}, &y)));
  CHECK(y.shape == std::vector<int64_t>{0, 1, 2, 2});
  CHECK(y.data.empty());
  Tensor unbatched{{1, 3, 3}, std::vector<float>(9, 1.0f)};
  REQUIRE_FALSE(bool(conv_transpose2d(unbatched, w, nullptr, {}, &y)));
  CHECK(y.shape == std::vector<int64_t>{1, 4, 4});
}
