// Shared test helpers: random tensors and a float comparison that reports where it failed.
#pragma once

#include <cmath>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "convt.hpp"

namespace testing_helpers {

inline std::vector<float> random_floats(std::mt19937& rng, int64_t n) {
  std::uniform_real_distribution<float> u(-1.0f, 1.0f);
  std::vector<float> v(static_cast<size_t>(n));
  for (auto& x : v) x = u(rng);
  return v;
}

inline int64_t product(const std::vector<int64_t>& s) {
  int64_t p = 1;
  for (auto v : s) p *= v;
  return p;
}

// Empty string when |a - b| <= atol + rtol * |b| everywhere, else where and by how much.
inline std::string compare(const std::vector<float>& got, const std::vector<float>& want, double rtol = 1e-4,
                           double atol = 1e-5) {
  if (got.size() != want.size()) return "size " + std::to_string(got.size()) + " != " + std::to_string(want.size());
  for (size_t i = 0; i < got.size(); ++i) {
    const double a = got[i], b = want[i];
    if ((std::isnan(a) && std::isnan(b)) || a == b) continue;  // a == b: also equal infinities
    if (!(std::fabs(a - b) <= atol + rtol * std::fabs(b))) {
      std::ostringstream o;
      o << "element " << i << ": got " << a << ", want " << b;
      return o.str();
    }
  }
  return "";
}

// A random valid problem: shapes and options drawn so that the op is defined.
struct RandomCase {
  convt::Op op;
  std::vector<int64_t> x_shape, w_shape;
  convt::ConvOptions opt;
  bool bias;
  int64_t cout() const { return op == convt::Op::Conv2d ? w_shape[0] : w_shape[1] * opt.groups; }
  // Plans the problem (bias of cout values when the case has one); an error when it is invalid.
  convt::Error plan(convt::ConvProblem* p) const {
    return convt::plan_conv(op, x_shape, product(x_shape), w_shape, product(w_shape), bias ? cout() : -1, opt, p);
  }
  std::string describe() const {
    std::ostringstream o;
    o << (op == convt::Op::Conv2d ? "conv2d" : "conv_transpose2d") << " x[" << x_shape[0] << "," << x_shape[1] << ","
      << x_shape[2] << "," << x_shape[3] << "] w[" << w_shape[0] << "," << w_shape[1] << "," << w_shape[2] << ","
      << w_shape[3] << "] s=" << opt.stride.h << "," << opt.stride.w << " p=" << opt.padding.h << ","
      << opt.padding.w << " d=" << opt.dilation.h << "," << opt.dilation.w << " a=" << opt.output_padding.h << ","
      << opt.output_padding.w << " g=" << opt.groups << (bias ? " bias" : "") << " mode=" << opt.padding_mode;
    if (opt.padding_string) o << " padding='" << *opt.padding_string << "'";
    if (opt.output_size) o << " output_size=" << (*opt.output_size)[0] << "x" << (*opt.output_size)[1];
    return o.str();
  }
};

// with_surface: also padding='same' / 'valid', padding modes (Conv2d, padding up to what the mode allows,
// negative in a mode: a crop) and output_size instead of output_padding (ConvTranspose2d).
inline RandomCase random_case(std::mt19937& rng, convt::Op op, int max_size = 13, int max_stride = 4,
                              bool with_surface = false) {
  auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  for (;;) {
    RandomCase c;
    c.op = op;
    const int64_t g = pick(1, 3);
    const int64_t cin = g * pick(1, 3), cout = g * pick(1, 6);
    const int64_t n = pick(1, 2), h = pick(1, max_size), w = pick(1, max_size);
    const int64_t kh = pick(1, 5), kw = pick(1, 5);
    c.opt.groups = g;
    c.opt.stride = {pick(1, max_stride), pick(1, max_stride)};
    c.opt.padding = {pick(0, 3), pick(0, 3)};
    c.opt.dilation = {pick(1, 3), pick(1, 3)};
    c.bias = pick(0, 1) == 1;
    c.x_shape = {n, cin, h, w};
    if (op == convt::Op::Conv2d) {
      c.w_shape = {cout, cin / g, kh, kw};
    } else {
      c.w_shape = {cin, cout / g, kh, kw};
      c.opt.output_padding = {pick(0, std::max<int>(int(c.opt.stride.h), int(c.opt.dilation.h)) - 1),
                              pick(0, std::max<int>(int(c.opt.stride.w), int(c.opt.dilation.w)) - 1)};
    }
    if (with_surface && op == convt::Op::Conv2d) {
      static const char* modes[] = {"zeros", "reflect", "replicate", "circular"};
      c.opt.padding_mode = modes[pick(0, 3)];
      const int rule = pick(0, 5);
      if (rule == 0) c.opt.padding_string = "valid";
      if (rule == 1 || rule == 2) {
        c.opt.padding_string = "same";
        c.opt.stride = {1, 1};
      }
      if (rule == 3 && c.opt.padding_mode != "zeros") c.opt.padding = {pick(-2, 3), pick(-2, 3)};
    }
    if (with_surface && op == convt::Op::ConvTranspose2d && pick(0, 1)) {
      // output_size instead of output_padding: the size that output_padding gives.
      const int64_t ho = convt::conv_transpose_output_size(h, kh, c.opt.stride.h, c.opt.padding.h, c.opt.dilation.h,
                                                           c.opt.output_padding.h);
      const int64_t wo = convt::conv_transpose_output_size(w, kw, c.opt.stride.w, c.opt.padding.w, c.opt.dilation.w,
                                                           c.opt.output_padding.w);
      c.opt.output_size = pick(0, 1) ? std::vector<int64_t>{ho, wo} : std::vector<int64_t>{n, cout, ho, wo};
      c.opt.output_padding = {0, 0};
    }
    convt::ConvProblem p;
    if (!c.plan(&p)) return c;
  }
}

}  // namespace testing_helpers
