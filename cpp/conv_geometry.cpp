#include "conv_geometry.hpp"

#include <sstream>

namespace convt {

Error make_error(std::string parameter, std::string message) {
  Error e;
  e.message = parameter + ": " + message;
  e.parameter = std::move(parameter);
  return e;
}

namespace {

std::string shape_str(const std::vector<int64_t>& s) {
  std::ostringstream o;
  o << '[';
  for (size_t i = 0; i < s.size(); ++i) o << (i ? ", " : "") << s[i];
  o << ']';
  return o.str();
}

std::string pair_str(Pair p) {
  std::ostringstream o;
  o << '[' << p.h << ", " << p.w << ']';
  return o.str();
}


bool too_large(int64_t v) { return v > kMaxIntOption || v < -kMaxIntOption; }

Error check_pair_range(const char* name, Pair p) {
  if (too_large(p.h) || too_large(p.w)) {
    std::ostringstream o;
    o << "each value must be at most " << kMaxIntOption << " in magnitude, but got " << pair_str(p);
    return make_error(name, o.str());
  }
  return {};
}

}  // namespace

int64_t ConvProblem::weight_elements() const {
  return (op == Op::Conv2d ? Cout * (Cin / G) : Cin * (Cout / G)) * kH * kW;
}

int64_t ConvProblem::multiply_adds() const {
  // Same count for both ops: each (output position of conv / input position of ConvT) pairs
  // with Cin/G * kH * kW weights per output channel.
  if (op == Op::Conv2d) return N * Cout * Ho * Wo * (Cin / G) * kH * kW;
  return N * Cin * H * W * (Cout / G) * kH * kW;
}

std::vector<int64_t> ConvProblem::output_shape() const {
  if (unbatched) return {Cout, Ho, Wo};
  return {N, Cout, Ho, Wo};
}

int64_t conv_output_size(int64_t in, int64_t k, int64_t s, int64_t p, int64_t d) {
  const int64_t span = in + 2 * p - d * (k - 1) - 1;
  if (span < 0) return -1;
  return span / s + 1;
}

int64_t conv_transpose_output_size(int64_t in, int64_t k, int64_t s, int64_t p, int64_t d, int64_t a) {
  return (in - 1) * s - 2 * p + d * (k - 1) + a + 1;
}

Error check_option_ranges(const ConvOptions& opt) {
  if (Error e = check_pair_range("stride", opt.stride)) return e;
  if (Error e = check_pair_range("padding", opt.padding)) return e;
  if (Error e = check_pair_range("dilation", opt.dilation)) return e;
  if (Error e = check_pair_range("outputPadding", opt.output_padding)) return e;
  if (too_large(opt.groups)) return make_error("groups", "groups must be at most " + std::to_string(kMaxIntOption));
  return {};
}

Error plan_conv(Op op, const std::vector<int64_t>& x_shape, int64_t x_len, const std::vector<int64_t>& w_shape,
                int64_t w_len, int64_t bias_len, const ConvOptions& opt, ConvProblem* out) {
  const char* op_name = op == Op::Conv2d ? "conv2d" : "conv_transpose2d";
  const bool transposed = op == Op::ConvTranspose2d;

  // Ranks first: nothing else can be read without them.
  if (x_shape.size() != 3 && x_shape.size() != 4)
    return make_error("x", std::string("Expected 3D (unbatched) or 4D (batched) input to ") + op_name +
                               ", but got input of size: " + shape_str(x_shape));
  if (w_shape.size() != 4)
    return make_error("w", "Expected 4-dimensional weight for 4-dimensional input " + shape_str(x_shape) +
                               ", but got " + std::to_string(w_shape.size()) + "-dimensional weight of size " +
                               shape_str(w_shape) + " instead");
  for (int64_t v : x_shape)
    if (v < 0 || v > kMaxIntOption)
      return make_error("x", "every size must be between 0 and " + std::to_string(kMaxIntOption) +
                                 ", but got input of size " + shape_str(x_shape));
  for (int64_t v : w_shape)
    if (v <= 0 || v > kMaxIntOption)
      return make_error("w", "every weight size must be between 1 and " + std::to_string(kMaxIntOption) +
                                 ", but got weight of size " + shape_str(w_shape));

  ConvProblem p;
  p.op = op;
  p.unbatched = x_shape.size() == 3;
  const size_t b = p.unbatched ? 0 : 1;  // offset of the channel axis
  p.N = p.unbatched ? 1 : x_shape[0];
  p.Cin = x_shape[b];
  p.H = x_shape[b + 1];
  p.W = x_shape[b + 2];
  p.kH = w_shape[2];
  p.kW = w_shape[3];
  p.G = opt.groups;
  p.opt = opt;
  p.has_bias = bias_len >= 0;

  if (p.Cin == 0 || p.H == 0 || p.W == 0)
    return make_error("x", std::string("Expected non-zero channels and spatial sizes for input to ") + op_name +
                               " (only the batch may be 0), but got input of size: " + shape_str(x_shape));

  // The order of the checks below is PyTorch's (1.13): when several rules are broken, the
  // same one is reported.
  if (Error e = check_option_ranges(opt)) return e;
  if (opt.groups <= 0)
    return make_error("groups", "non-positive groups is not supported, but got groups=" + std::to_string(opt.groups));
  if (opt.padding.h < 0 || opt.padding.w < 0)
    return make_error("padding", "negative padding is not supported, but got padding=" + pair_str(opt.padding));
  if (transposed && (opt.output_padding.h < 0 || opt.output_padding.w < 0))
    return make_error("outputPadding", "negative output_padding is not supported, but got output_padding=" +
                                           pair_str(opt.output_padding));
  if (opt.stride.h <= 0 || opt.stride.w <= 0)
    return make_error("stride", "non-positive stride is not supported, but got stride=" + pair_str(opt.stride));
  if (!transposed && (opt.output_padding.h != 0 || opt.output_padding.w != 0))
    return make_error("outputPadding", "output padding only applies to conv_transpose2d, but got output_padding=" +
                                           pair_str(opt.output_padding));

  const int64_t G = opt.groups;
  if (w_shape[0] < G)
    return make_error("groups", "Given groups=" + std::to_string(G) + ", expected weight to be at least " +
                                    std::to_string(G) + " at dimension 0, but got weight of size " +
                                    shape_str(w_shape) + " instead");
  if (w_shape[0] % G != 0)
    return make_error("groups", "Given groups=" + std::to_string(G) + ", expected weight to be divisible by " +
                                    std::to_string(G) + " at dimension 0, but got weight of size " +
                                    shape_str(w_shape) + " instead");

  if (!transposed) {
    p.Cout = w_shape[0];
    if (p.Cin != w_shape[1] * G)
      return make_error("x", "Given groups=" + std::to_string(G) + ", weight of size " + shape_str(w_shape) +
                                 ", expected input" + shape_str(x_shape) + " to have " +
                                 std::to_string(w_shape[1] * G) + " channels, but got " + std::to_string(p.Cin) +
                                 " channels instead");
  } else {
    p.Cout = w_shape[1] * G;
    if (p.Cin != w_shape[0])
      return make_error("x", "Given transposed=1, weight of size " + shape_str(w_shape) + ", expected input" +
                                 shape_str(x_shape) + " to have " + std::to_string(w_shape[0]) +
                                 " channels, but got " + std::to_string(p.Cin) + " channels instead");
  }
  if (p.has_bias && bias_len != p.Cout)
    return make_error("bias", std::string(transposed ? "Given transposed=1, weight of size " : "Given weight of size ") +
                                  shape_str(w_shape) + ", expected bias to be 1-dimensional with " +
                                  std::to_string(p.Cout) + " elements, but got bias of size [" +
                                  std::to_string(bias_len) + "] instead");

  const Pair s = opt.stride, pad = opt.padding, d = opt.dilation, a = opt.output_padding;
  if (!transposed) {
    const int64_t padded_h = p.H + 2 * pad.h, padded_w = p.W + 2 * pad.w;
    const int64_t ker_h = d.h * (p.kH - 1) + 1, ker_w = d.w * (p.kW - 1) + 1;
    if (padded_h < ker_h || padded_w < ker_w) {
      std::ostringstream o;
      o << "Calculated padded input size per channel: (" << padded_h << " x " << padded_w << "). Kernel size: ("
        << ker_h << " x " << ker_w << "). Kernel size can't be greater than actual input size";
      return make_error("kernelSize", o.str());
    }
    if (d.h <= 0 || d.w <= 0)
      return make_error("dilation", "dilation should be greater than zero, but got " + pair_str(d));
    p.Ho = conv_output_size(p.H, p.kH, s.h, pad.h, d.h);
    p.Wo = conv_output_size(p.W, p.kW, s.w, pad.w, d.w);
  } else {
    if (d.h <= 0 || d.w <= 0)
      return make_error("dilation", "dilation should be greater than zero, but got dilation_height: " +
                                        std::to_string(d.h) + ", dilation_width: " + std::to_string(d.w));
    if ((a.h >= s.h && a.h >= d.h) || (a.w >= s.w && a.w >= d.w)) {
      std::ostringstream o;
      o << "output padding must be smaller than either stride or dilation, but got output_padding_height: " << a.h
        << " output_padding_width: " << a.w << " stride_height: " << s.h << " stride_width: " << s.w
        << " dilation_height: " << d.h << " dilation_width: " << d.w;
      return make_error("outputPadding", o.str());
    }
    p.Ho = conv_transpose_output_size(p.H, p.kH, s.h, pad.h, d.h, a.h);
    p.Wo = conv_transpose_output_size(p.W, p.kW, s.w, pad.w, d.w, a.w);
    if (p.Ho <= 0 || p.Wo <= 0) {
      std::ostringstream o;
      o << "Given input size per channel: (" << p.H << " x " << p.W << "). Calculated output size per channel: ("
        << p.Ho << " x " << p.Wo << "). Output size is too small";
      return make_error("padding", o.str());
    }
  }

  // Caps, checked before any data is touched or allocated. Sizes are each <= 2^30, so the
  // products below are formed step by step and stop as soon as they pass the cap.
  auto capped_product = [](std::initializer_list<int64_t> dims) {
    int64_t r = 1;
    for (int64_t v : dims) {
      r *= v;
      if (r > kMaxElements) return kMaxElements + 1;
    }
    return r;
  };
  const int64_t xe = capped_product({p.N, p.Cin, p.H, p.W});
  const int64_t we = capped_product({w_shape[0], w_shape[1], p.kH, p.kW});
  const int64_t ye = capped_product({p.N, p.Cout, p.Ho, p.Wo});
  auto too_many = [&](const char* name, const char* what, const std::vector<int64_t>& shape) {
    return make_error(name, std::string(what) + " of size " + shape_str(shape) + " has more than " +
                                std::to_string(kMaxElements) + " elements (the cap of this library)");
  };
  if (xe > kMaxElements) return too_many("x", "input", x_shape);
  if (we > kMaxElements) return too_many("w", "weight", w_shape);
  if (ye > kMaxElements) return too_many(transposed ? "padding" : "x", "output", p.output_shape());
  if (p.N > 0 && p.multiply_adds() > kMaxMultiplyAdds)
    return make_error("x", "this call needs " + std::to_string(p.multiply_adds()) +
                               " multiply-adds, more than the cap of " + std::to_string(kMaxMultiplyAdds));

  if (x_len != xe)
    return make_error("x", "data has " + std::to_string(x_len) + " elements but shape " + shape_str(x_shape) +
                               " needs " + std::to_string(xe));
  if (w_len != we)
    return make_error("w", "data has " + std::to_string(w_len) + " elements but shape " + shape_str(w_shape) +
                               " needs " + std::to_string(we));
  *out = p;
  return {};
}

// ---- round trips ----------------------------------------------------------------------------

namespace {

// The single-channel output size of one step, or the error PyTorch would raise.
Error step_size(Op op, Pair size, Pair k, const ConvOptions& opt, Pair* out) {
  ConvOptions o = opt;
  o.groups = 1;  // a single-channel picture of the geometry
  if (op == Op::Conv2d) o.output_padding = {0, 0};
  ConvProblem p;
  if (Error e = plan_conv(op, {1, 1, size.h, size.w}, size.h * size.w, {1, 1, k.h, k.w}, k.h * k.w, -1, o, &p))
    return e;
  *out = {p.Ho, p.Wo};
  return {};
}

// `first` of `size`, then `second` of the result, with the same parameters.
RoundTrip round_trip(Op first, Op second, Pair size, Pair k, const ConvOptions& opt) {
  RoundTrip r;
  r.input = size;
  if ((r.error = step_size(first, size, k, opt, &r.middle))) return r;
  r.middle_valid = true;
  if ((r.error = step_size(second, r.middle, k, opt, &r.back))) return r;
  r.back_valid = true;
  r.ok = r.back == r.input;
  return r;
}

}  // namespace

RoundTrip conv_then_conv_transpose(Pair size, Pair k, const ConvOptions& opt) {
  RoundTrip r = round_trip(Op::Conv2d, Op::ConvTranspose2d, size, k, opt);
  if (r.middle_valid) {
    // Conv2d's floor drops this many lines; ConvT's output_padding puts them back.
    const Pair s = opt.stride, p = opt.padding, d = opt.dilation;
    r.remainder = {floor_mod(size.h + 2 * p.h - d.h * (k.h - 1) - 1, s.h),
                   floor_mod(size.w + 2 * p.w - d.w * (k.w - 1) - 1, s.w)};
    r.fix_output_padding = r.remainder;
  }
  return r;
}

RoundTrip conv_transpose_then_conv(Pair size, Pair k, const ConvOptions& opt) {
  return round_trip(Op::ConvTranspose2d, Op::Conv2d, size, k, opt);
}

// ---- the zero-stuffed grid ------------------------------------------------------------------

StuffedAxis stuffed_axis(int64_t in, int64_t k, int64_t s, int64_t p, int64_t d, int64_t a) {
  StuffedAxis ax;
  ax.in = in;
  ax.zeros_between = s - 1;
  ax.pad_before = d * (k - 1) - p;
  ax.pad_after = ax.pad_before + a;
  ax.length = (in - 1) * s + 1 + ax.pad_before + ax.pad_after;
  return ax;
}

StuffedAxis padded_axis(int64_t in, int64_t p) {
  StuffedAxis ax;
  ax.in = in;
  ax.zeros_between = 0;
  ax.pad_before = p;
  ax.pad_after = p;
  ax.length = in + 2 * p;
  return ax;
}

LineKind stuffed_line_kind(const StuffedAxis& ax, int64_t s, int64_t i, int64_t* input_index) {
  *input_index = -1;
  const int64_t v = ax.inserted_index(i);
  const int64_t last = (ax.in - 1) * s;  // last line of the zero-inserted grid
  if (v < 0) return LineKind::Padding;
  if (v <= last) {
    if (v % s != 0) return LineKind::InsertedZero;
    *input_index = v / s;
    return LineKind::Original;
  }
  // After the grid: first the p' lines of padding (when p' > 0), then the output_padding lines.
  const int64_t after = v - last;  // 1-based
  return after <= (ax.pad_before > 0 ? ax.pad_before : 0) ? LineKind::Padding : LineKind::OutputPadding;
}

}  // namespace convt
