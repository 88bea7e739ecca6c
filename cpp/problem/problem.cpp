#include "problem/problem.hpp"

#include <algorithm>
#include <sstream>

#include "problem/axis.hpp"

namespace convt {

Error make_error(std::string parameter, std::string message) {
  Error e;
  e.message = parameter + ": " + message;
  e.parameter = std::move(parameter);
  return e;
}

std::string format_shape(const std::vector<int64_t>& s) {
  std::ostringstream o;
  o << '[';
  for (size_t i = 0; i < s.size(); ++i) o << (i ? ", " : "") << s[i];
  o << ']';
  return o.str();
}

std::string format_pair(Pair p) {
  std::ostringstream o;
  o << '[' << p.h << ", " << p.w << ']';
  return o.str();
}

namespace {

bool too_large(int64_t v) { return v > kMaxIntOption || v < -kMaxIntOption; }

Error check_pair_range(const char* name, Pair p) {
  if (too_large(p.h) || too_large(p.w)) {
    std::ostringstream o;
    o << "each value must be at most " << kMaxIntOption << " in magnitude, but got " << format_pair(p);
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

const char* padding_mode_name(PaddingMode mode) {
  switch (mode) {
    case PaddingMode::Zeros: return "zeros";
    case PaddingMode::Reflect: return "reflect";
    case PaddingMode::Replicate: return "replicate";
    case PaddingMode::Circular: return "circular";
  }
  return "zeros";
}

namespace {

Error check_option_ranges(const ConvOptions& opt) {
  if (Error e = check_pair_range("stride", opt.stride)) return e;
  if (Error e = check_pair_range("padding", opt.padding)) return e;
  if (Error e = check_pair_range("dilation", opt.dilation)) return e;
  if (Error e = check_pair_range("outputPadding", opt.output_padding)) return e;
  if (too_large(opt.groups)) return make_error("groups", "groups must be at most " + std::to_string(kMaxIntOption));
  if (opt.output_size)
    for (int64_t v : *opt.output_size)
      if (too_large(v))
        return make_error("outputSize", "each value must be at most " + std::to_string(kMaxIntOption) +
                                            " in magnitude, but got " + format_shape(*opt.output_size));
  return {};
}

// PyTorch's set of modes, in its message's words.
constexpr const char* kPaddingModes = "{'zeros', 'reflect', 'replicate', 'circular'}";

Error parse_padding_mode(const std::string& name, PaddingMode* mode) {
  for (PaddingMode m : {PaddingMode::Zeros, PaddingMode::Reflect, PaddingMode::Replicate, PaddingMode::Circular})
    if (name == padding_mode_name(m)) {
      *mode = m;
      return {};
    }
  return make_error("paddingMode", std::string("padding_mode must be one of ") + kPaddingModes +
                                       ", but got padding_mode='" + name + "'");
}

// nn.Conv2d's constructor checks of padding and padding_mode, and the padding in effect.
Error resolve_conv_padding(const ConvOptions& opt, int64_t kH, int64_t kW, ConvProblem* p) {
  const std::string rule = opt.padding_string.value_or("");
  if (opt.padding_string && rule != "same" && rule != "valid")
    return make_error("padding", "Invalid padding string '" + rule + "', should be one of {'same', 'valid'}");
  if (rule == "same" && (opt.stride.h != 1 || opt.stride.w != 1))
    return make_error("padding", "padding='same' is not supported for strided convolutions");
  if (Error e = parse_padding_mode(opt.padding_mode, &p->padding_mode)) return e;
  if (!opt.padding_string) {
    p->pad_before = p->pad_after = opt.padding;
  } else if (rule == "valid") {
    p->pad_before = p->pad_after = {0, 0};
  } else {
    // 'same': d(k-1) lines in all, the extra one (when odd) after, as nn.Conv2d computes it.
    const Pair total{opt.dilation.h * (kH - 1), opt.dilation.w * (kW - 1)};
    p->pad_before = {floor_div(total.h, 2), floor_div(total.w, 2)};
    p->pad_after = {total.h - p->pad_before.h, total.w - p->pad_before.w};
  }
  return {};
}

// F.pad's limits for the non-zeros modes (nn.Conv2d pads with F.pad, then convolves without padding).
// Reflect checks the width first, circular the height, as PyTorch does.
Error check_padding_mode_limits(const ConvProblem& p, size_t rank) {
  const Pair b = p.pad_before, a = p.pad_after;
  if (p.padding_mode == PaddingMode::Reflect) {
    const struct { int64_t before, after, size, dim; } axes[] = {{b.w, a.w, p.W, int64_t(rank) - 1},
                                                                 {b.h, a.h, p.H, int64_t(rank) - 2}};
    for (const auto& ax : axes)
      if (!(ax.before < ax.size && ax.after < ax.size)) {
        std::ostringstream o;
        o << "Padding size should be less than the corresponding input dimension, but got: padding (" << ax.before
          << ", " << ax.after << ") at dimension " << ax.dim << " of input " << rank;
        return make_error("padding", o.str());
      }
  } else if (p.padding_mode == PaddingMode::Circular) {
    const struct { int64_t before, after, size; } axes[] = {{b.h, a.h, p.H}, {b.w, a.w, p.W}};
    for (const auto& ax : axes) {
      // Padding wraps around the input once at most; after a crop, around what is left (PyTorch
      // refuses more, with an internal error).
      const int64_t kept = ax.size - std::max<int64_t>(0, -ax.before) - std::max<int64_t>(0, -ax.after);
      if (ax.before > ax.size || ax.after > ax.size || ax.before > std::max<int64_t>(kept, 0) ||
          ax.after > std::max<int64_t>(kept, 0))
        return make_error("padding", "Padding value causes wrapping around more than once.");
      if (ax.size + ax.before + ax.after < 0)
        return make_error("padding", "Negative padding value is resulting in an empty dimension");
    }
  }
  return {};
}

// ConvTranspose2d.forward(x, output_size): the output_padding that gives output_size, or PyTorch's error.
Error derive_output_padding(const ConvOptions& opt, const std::vector<int64_t>& x_shape, int64_t kH, int64_t kW,
                            Pair* output_padding) {
  const std::vector<int64_t>& size = *opt.output_size;
  if (opt.output_padding_given)
    return make_error("outputSize", "give output_size or output_padding, not both: output_padding is derived "
                                    "from output_size (PyTorch ignores output_padding when output_size is given)");
  const size_t non_spatial = x_shape.size() - 2;  // N and C, or C for unbatched input
  if (size.size() != 2 && size.size() != 2 + non_spatial)
    return make_error("outputSize", "ConvTranspose2D: for " + std::to_string(x_shape.size()) +
                                        "D input, output_size must have 2 or " + std::to_string(2 + non_spatial) +
                                        " elements (got " + std::to_string(size.size()) + ")");
  const Pair want{size[size.size() - 2], size[size.size() - 1]};
  const Pair in{x_shape[x_shape.size() - 2], x_shape[x_shape.size() - 1]};
  const Pair s = opt.stride, pad = opt.padding, d = opt.dilation;
  const Pair lo{(in.h - 1) * s.h - 2 * pad.h + d.h * (kH - 1) + 1, (in.w - 1) * s.w - 2 * pad.w + d.w * (kW - 1) + 1};
  const Pair hi{lo.h + s.h - 1, lo.w + s.w - 1};
  if (want.h < lo.h || want.h > hi.h || want.w < lo.w || want.w > hi.w)
    return make_error("outputSize", "requested an output size of " + format_pair(want) +
                                        ", but valid sizes range from " + format_pair(lo) + " to " + format_pair(hi) +
                                        " (for an input of " + format_pair(in) + ")");
  *output_padding = {want.h - lo.h, want.w - lo.w};
  return {};
}

// The parameter of the largest term of one axis's extent: the output's (kernel_spans = 1), or the grid's
// the seed's construction convolves (2).
const char* axis_blame(const ConvProblem& p, bool rows, int64_t kernel_spans) {
  const Pair s = p.opt.stride, d = p.opt.dilation, a = p.opt.output_padding;
  if (p.op == Op::Conv2d)
    return rows ? conv_axis_blame(p.H, p.pad_before.h, p.pad_after.h) : conv_axis_blame(p.W, p.pad_before.w, p.pad_after.w);
  return rows ? conv_transpose_axis_blame(p.H, p.kH, s.h, d.h, a.h, kernel_spans)
              : conv_transpose_axis_blame(p.W, p.kW, s.w, d.w, a.w, kernel_spans);
}

}  // namespace

const char* output_axis_blame(const ConvProblem& p, bool rows) { return axis_blame(p, rows, 1); }

const char* grid_axis_blame(const ConvProblem& p, bool rows) { return axis_blame(p, rows, 2); }

const char* output_blame(const ConvProblem& p) {
  return largest_term({{p.N, "x"}, {p.Cout, "w"}, {p.Ho, output_axis_blame(p, true)}, {p.Wo, output_axis_blame(p, false)}});
}

Error conv_padding_in_effect(const ConvOptions& opt, Pair kernel, Pair* before, Pair* after) {
  ConvProblem p;
  if (Error e = resolve_conv_padding(opt, kernel.h, kernel.w, &p)) return e;
  *before = p.pad_before;
  *after = p.pad_after;
  return {};
}

Error plan_conv_shapes(Op op, const std::vector<int64_t>& x_shape, const std::vector<int64_t>& w_shape, int64_t bias_len,
                       const ConvOptions& opt, ConvProblem* out) {
  const char* op_name = op == Op::Conv2d ? "conv2d" : "conv_transpose2d";
  const bool transposed = op == Op::ConvTranspose2d;

  // Ranks first: nothing else can be read without them.
  if (x_shape.size() != 3 && x_shape.size() != 4)
    return make_error("x", std::string("Expected 3D (unbatched) or 4D (batched) input to ") + op_name +
                               ", but got input of size: " + format_shape(x_shape));
  if (w_shape.size() != 4)
    return make_error("w", "Expected 4-dimensional weight for 4-dimensional input " + format_shape(x_shape) +
                               ", but got " + std::to_string(w_shape.size()) + "-dimensional weight of size " +
                               format_shape(w_shape) + " instead");
  for (int64_t v : x_shape)
    if (v < 0 || v > kMaxIntOption)
      return make_error("x", "every size must be between 0 and " + std::to_string(kMaxIntOption) +
                                 ", but got input of size " + format_shape(x_shape));
  for (int64_t v : w_shape)
    if (v <= 0 || v > kMaxIntOption)
      return make_error("w", "every weight size must be between 1 and " + std::to_string(kMaxIntOption) +
                                 ", but got weight of size " + format_shape(w_shape));

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
                               " (only the batch may be 0), but got input of size: " + format_shape(x_shape));

  // The order of the checks below is PyTorch's (1.13): when several rules are broken, the
  // same one is reported. nn.ConvTranspose2d / nn.Conv2d check their padding arguments when they
  // are built, forward() then derives output_padding (ConvT) or pads with F.pad (Conv2d, non-zeros
  // modes), and the convolution checks the rest.
  if (Error e = check_option_ranges(opt)) return e;
  if (transposed) {
    if (opt.padding_mode != "zeros")
      return make_error("paddingMode", "Only \"zeros\" padding mode is supported for ConvTranspose2d");
    if (opt.padding_string)
      return make_error("padding", "conv_transpose2d(): argument 'padding' must be tuple of ints, not str ('" +
                                       *opt.padding_string + "' is a Conv2d padding)");
  }
  if (opt.groups <= 0)
    return make_error("groups", "non-positive groups is not supported, but got groups=" + std::to_string(opt.groups));
  if (transposed) {
    p.pad_before = p.pad_after = opt.padding;
    if (opt.output_size)
      if (Error e = derive_output_padding(opt, x_shape, p.kH, p.kW, &p.opt.output_padding)) return e;
  } else {
    if (Error e = resolve_conv_padding(opt, p.kH, p.kW, &p)) return e;
    if (Error e = check_padding_mode_limits(p, x_shape.size())) return e;
  }
  const bool zero_padding = p.padding_mode == PaddingMode::Zeros;  // else F.pad pads, and conv2d gets 0
  if (zero_padding && (p.pad_before.h < 0 || p.pad_before.w < 0 || p.pad_after.h < 0 || p.pad_after.w < 0))
    return make_error("padding", "negative padding is not supported, but got padding=" +
                                     format_pair(p.pad_before.h < 0 || p.pad_before.w < 0 ? p.pad_before : p.pad_after));
  if (transposed && (opt.output_padding.h < 0 || opt.output_padding.w < 0))
    return make_error("outputPadding", "negative output_padding is not supported, but got output_padding=" +
                                           format_pair(opt.output_padding));
  if (opt.stride.h <= 0 || opt.stride.w <= 0)
    return make_error("stride", "non-positive stride is not supported, but got stride=" + format_pair(opt.stride));
  if (!transposed && (opt.output_padding.h != 0 || opt.output_padding.w != 0))
    return make_error("outputPadding", "output padding only applies to conv_transpose2d, but got output_padding=" +
                                           format_pair(opt.output_padding));
  if (!transposed && opt.output_size)
    return make_error("outputSize", "output_size only applies to conv_transpose2d, but got output_size=" +
                                        format_shape(*opt.output_size));

  const int64_t G = opt.groups;
  if (w_shape[0] < G)
    return make_error("groups", "Given groups=" + std::to_string(G) + ", expected weight to be at least " +
                                    std::to_string(G) + " at dimension 0, but got weight of size " +
                                    format_shape(w_shape) + " instead");
  if (w_shape[0] % G != 0)
    return make_error("groups", "Given groups=" + std::to_string(G) + ", expected weight to be divisible by " +
                                    std::to_string(G) + " at dimension 0, but got weight of size " +
                                    format_shape(w_shape) + " instead");

  if (!transposed) {
    p.Cout = w_shape[0];
    if (p.Cin != w_shape[1] * G)
      return make_error("x", "Given groups=" + std::to_string(G) + ", weight of size " + format_shape(w_shape) +
                                 ", expected input" + format_shape(x_shape) + " to have " +
                                 std::to_string(w_shape[1] * G) + " channels, but got " + std::to_string(p.Cin) +
                                 " channels instead");
  } else {
    p.Cout = w_shape[1] * G;
    if (p.Cin != w_shape[0])
      return make_error("x", "Given transposed=1, weight of size " + format_shape(w_shape) + ", expected input" +
                                 format_shape(x_shape) + " to have " + std::to_string(w_shape[0]) +
                                 " channels, but got " + std::to_string(p.Cin) + " channels instead");
  }
  if (p.has_bias && bias_len != p.Cout)
    return make_error("bias", std::string(transposed ? "Given transposed=1, weight of size " : "Given weight of size ") +
                                  format_shape(w_shape) + ", expected bias to be 1-dimensional with " +
                                  std::to_string(p.Cout) + " elements, but got bias of size [" +
                                  std::to_string(bias_len) + "] instead");

  const Pair s = opt.stride, d = opt.dilation, a = p.opt.output_padding;
  if (!transposed) {
    const Pair before = p.pad_before, after = p.pad_after;
    const int64_t padded_h = p.H + before.h + after.h, padded_w = p.W + before.w + after.w;
    const int64_t ker_h = d.h * (p.kH - 1) + 1, ker_w = d.w * (p.kW - 1) + 1;
    if (padded_h < ker_h || padded_w < ker_w) {
      std::ostringstream o;
      o << "Calculated padded input size per channel: (" << padded_h << " x " << padded_w << "). Kernel size: ("
        << ker_h << " x " << ker_w << "). Kernel size can't be greater than actual input size";
      return make_error("kernelSize", o.str());
    }
    if (d.h <= 0 || d.w <= 0)
      return make_error("dilation", "dilation should be greater than zero, but got " + format_pair(d));
    p.Ho = conv_output_size(p.H, p.kH, s.h, before.h, after.h, d.h);
    p.Wo = conv_output_size(p.W, p.kW, s.w, before.w, after.w, d.w);
  } else {
    const Pair pad = opt.padding;
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
    return make_error(name, std::string(what) + " of size " + format_shape(shape) + " has more than " +
                                std::to_string(kMaxElements) + " elements (the cap of this library)");
  };
  if (xe > kMaxElements) return too_many("x", "input", x_shape);
  if (we > kMaxElements) return too_many("w", "weight", w_shape);
  if (ye > kMaxElements) return too_many(output_blame(p), "output", p.output_shape());
  if (p.N > 0 && p.multiply_adds() > kMaxMultiplyAdds)
    return make_error("x", "this call needs " + std::to_string(p.multiply_adds()) +
                               " multiply-adds, more than the cap of " + std::to_string(kMaxMultiplyAdds));
  *out = p;
  return {};
}

Error plan_conv(Op op, const std::vector<int64_t>& x_shape, int64_t x_len, const std::vector<int64_t>& w_shape,
                int64_t w_len, int64_t bias_len, const ConvOptions& opt, ConvProblem* out) {
  ConvProblem p;
  if (Error e = plan_conv_shapes(op, x_shape, w_shape, bias_len, opt, &p)) return e;
  // Last, as before any data is read: the data's lengths against the shapes (both within the caps now).
  if (x_len != p.input_elements())
    return make_error("x", "data has " + std::to_string(x_len) + " elements but shape " + format_shape(x_shape) +
                               " needs " + std::to_string(p.input_elements()));
  if (w_len != p.weight_elements())
    return make_error("w", "data has " + std::to_string(w_len) + " elements but shape " + format_shape(w_shape) +
                               " needs " + std::to_string(p.weight_elements()));
  *out = p;
  return {};
}

}  // namespace convt
