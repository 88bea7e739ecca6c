#include "network/layer_shapes.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <set>
#include <sstream>

namespace convt::network {

ArgValue ArgValue::of_bool(bool value) {
  ArgValue a;
  a.kind = Kind::Bool;
  a.flag = value;
  return a;
}
ArgValue ArgValue::of_number(double value) {
  ArgValue a;
  a.kind = Kind::Number;
  a.number = value;
  return a;
}
ArgValue ArgValue::of_numbers(std::vector<std::optional<double>> values) {
  ArgValue a;
  a.kind = Kind::Numbers;
  a.numbers = std::move(values);
  return a;
}
ArgValue ArgValue::of_pair(Pair value) { return of_numbers({double(value.h), double(value.w)}); }
ArgValue ArgValue::of_text(std::string value) {
  ArgValue a;
  a.kind = Kind::Text;
  a.text = std::move(value);
  return a;
}
bool ArgValue::operator==(const ArgValue& o) const {
  if (kind != o.kind) return false;
  switch (kind) {
    case Kind::None: return true;
    case Kind::Bool: return flag == o.flag;
    case Kind::Number: return number == o.number;
    case Kind::Numbers: return numbers == o.numbers;
    case Kind::Text: return text == o.text;
  }
  return false;
}

namespace {

// ---- formatting, in PyTorch's styles ------------------------------------------------------------
std::string list_str(const Shape& s) {  // [1, 3, 28, 28]
  std::ostringstream o;
  o << '[';
  for (size_t i = 0; i < s.size(); ++i) o << (i ? ", " : "") << s[i];
  o << ']';
  return o.str();
}
std::string torch_size_str(const Shape& s) { return "torch.Size(" + list_str(s) + ")"; }

// a * b for sizes (>= 0), saturating at INT64_MAX instead of overflowing.
int64_t mul_sat(int64_t a, int64_t b) {
  int64_t r;
  return __builtin_mul_overflow(a, b, &r) ? std::numeric_limits<int64_t>::max() : r;
}
int64_t product(const Shape& s, size_t from = 0, size_t to = SIZE_MAX) {
  int64_t p = 1;
  const size_t end = std::min(to, s.size());
  for (size_t i = from; i < end; ++i) p = mul_sat(p, s[i]);
  return p;
}
// Any shape this file makes has fewer elements than this (checked on the input; each rule keeps it).
constexpr int64_t kMaxShapeElements = int64_t{1} << 62;

Error input_error(const std::string& message) { return make_error("input", message); }

// PyTorch's maybe_wrap_dim: a dimension in [-rank, rank-1], or its IndexError.
bool wrap_dim(int64_t dim, int64_t rank, int64_t* wrapped, Error* error) {
  if (dim < -rank || dim > rank - 1) {
    std::ostringstream o;
    o << "Dimension out of range (expected to be in range of [" << -rank << ", " << rank - 1 << "], but got " << dim
      << ")";
    *error = input_error(o.str());
    return false;
  }
  *wrapped = dim < 0 ? dim + rank : dim;
  return true;
}

// ---- reading a layer's arguments ----------------------------------------------------------------
// Each reader returns a usable value; the first argument that is missing or of the wrong kind is
// kept in `error`, which the rule checks before it uses any value.
class Args {
 public:
  explicit Args(const Layer& layer) : layer_(layer) {}
  const Error& error() const { return error_; }

  const ArgValue* find(const char* name) {
    auto it = layer_.args.find(name);
    if (it == layer_.args.end()) {
      fail(name, "is missing");
      return nullptr;
    }
    return &it->second;
  }
  bool is_none(const char* name) {
    auto it = layer_.args.find(name);
    return it != layer_.args.end() && it->second.kind == ArgValue::Kind::None;
  }
  int64_t integer(const char* name) {
    const ArgValue* a = find(name);
    if (!a) return 1;
    if (a->kind != ArgValue::Kind::Number || !is_int(a->number)) return fail(name, "must be " + kIntWords), 1;
    return int64_t(a->number);
  }
  std::optional<int64_t> optional_integer(const char* name) {
    if (is_none(name)) return std::nullopt;
    return integer(name);
  }
  double number(const char* name) {
    const ArgValue* a = find(name);
    if (!a) return 0;
    if (a->kind != ArgValue::Kind::Number || !std::isfinite(a->number)) return fail(name, "must be a number"), 0;
    return a->number;
  }
  bool boolean(const char* name) {
    const ArgValue* a = find(name);
    if (!a) return false;
    if (a->kind != ArgValue::Kind::Bool) return fail(name, "must be True or False"), false;
    return a->flag;
  }
  std::optional<bool> optional_boolean(const char* name) {
    if (is_none(name)) return std::nullopt;
    return boolean(name);
  }
  std::string text(const char* name) {
    const ArgValue* a = find(name);
    if (!a) return "";
    if (a->kind != ArgValue::Kind::Text) return fail(name, "must be a string"), "";
    return a->text;
  }
  // n ints (a pair: [h, w]); an entry may be None when `allow_none` (it is then nullopt).
  std::vector<std::optional<int64_t>> ints(const char* name, size_t n, bool allow_none = false) {
    std::vector<std::optional<int64_t>> out(n, int64_t{1});
    const ArgValue* a = find(name);
    if (!a) return out;
    if (a->kind != ArgValue::Kind::Numbers || (n && a->numbers.size() != n)) {
      fail(name, n ? "must be a list of " + std::to_string(n) + " ints" : "must be a list of ints");
      return out;
    }
    out.assign(a->numbers.size(), std::nullopt);
    for (size_t i = 0; i < a->numbers.size(); ++i) {
      const auto& v = a->numbers[i];
      if (!v) {
        if (!allow_none) fail(name, "must hold ints, not None");
      } else if (!is_int(*v)) {
        fail(name, "must hold ints of at most " + std::to_string(kMaxIntOption) + " in magnitude");
      } else {
        out[i] = int64_t(*v);
      }
    }
    return out;
  }
  Pair pair(const char* name) {
    auto v = ints(name, 2);
    return {v[0].value_or(1), v[1].value_or(1)};
  }
  std::vector<int64_t> int_list(const char* name) {
    auto v = ints(name, 0);
    std::vector<int64_t> out;
    for (auto& x : v) out.push_back(x.value_or(1));
    return out;
  }
  std::optional<Pair> optional_pair(const char* name) {
    if (is_none(name)) return std::nullopt;
    return pair(name);
  }
  // [a, b] of numbers, or None
  std::optional<std::pair<double, double>> optional_number_pair(const char* name) {
    if (is_none(name)) return std::nullopt;
    const ArgValue* a = find(name);
    if (!a) return std::nullopt;
    if (a->kind != ArgValue::Kind::Numbers || a->numbers.size() != 2 || !a->numbers[0] || !a->numbers[1] ||
        !std::isfinite(*a->numbers[0]) || !std::isfinite(*a->numbers[1])) {
      fail(name, "must be a list of 2 numbers or None");
      return std::nullopt;
    }
    return std::make_pair(*a->numbers[0], *a->numbers[1]);
  }

 private:
  static bool is_int(double v) {
    return std::isfinite(v) && v == std::floor(v) && std::fabs(v) <= double(kMaxIntOption);
  }
  void fail(const std::string& name, const std::string& what) {
    if (!error_) error_ = make_error(name, layer_.type + ": " + name + " " + what);
  }
  const std::string kIntWords = "an int of at most " + std::to_string(kMaxIntOption) + " in magnitude";
  const Layer& layer_;
  Error error_;
};

LayerShape fail(Error e) {
  LayerShape r;
  r.error = std::move(e);
  return r;
}
LayerShape ok(Shape s) {
  LayerShape r;
  r.output = std::move(s);
  return r;
}

// ---- Conv2d / ConvTranspose2d: through plan_conv ------------------------------------------------
// plan_conv names its parameters the way the JS API does; a layer names them the way PyTorch does.
Error rename_parameter(Error e) {
  static const std::map<std::string, std::string> names = {
      {"x", "input"}, {"w", "weight"}, {"kernelSize", "kernel_size"}, {"outputPadding", "output_padding"},
      {"paddingMode", "padding_mode"}, {"outputSize", "output_size"}};
  auto it = names.find(e.parameter);
  if (it == names.end()) return e;
  const std::string words = e.message.substr(e.parameter.size() + 2);
  return make_error(it->second, words);
}

// The padding Conv2d applies (before, after), as plan_conv resolves 'same' and 'valid': asked of a
// single-channel input large enough for any rule to accept.
std::optional<std::pair<Pair, Pair>> padding_in_effect(const ConvOptions& opt, Pair k) {
  ConvOptions o = opt;
  o.groups = 1;
  o.padding_mode = "zeros";
  const int64_t side = std::max(opt.dilation.h * (k.h - 1), opt.dilation.w * (k.w - 1)) + 2;
  ConvProblem p;
  if (plan_conv(Op::Conv2d, {0, 1, side, side}, 0, {1, 1, k.h, k.w}, k.h * k.w, -1, o, &p)) return std::nullopt;
  return std::make_pair(p.pad_before, p.pad_after);
}

// `output_size` ([H, W], ConvTranspose2d only): the layer's output_padding is not read; the one that
// gives that size is derived, as ConvTranspose2d.forward(x, output_size) derives it, into
// `derived_output_padding`.
LayerShape conv_shape_sized(const Layer& layer, const Shape& input, const std::optional<Pair>& output_size,
                            Pair* derived_output_padding) {
  const bool transposed = layer.type == "ConvTranspose2d";
  Args a(layer);
  const int64_t cin = a.integer("in_channels"), cout = a.integer("out_channels");
  const Pair k = a.pair("kernel_size");
  ConvOptions opt;
  opt.stride = a.pair("stride");
  auto padding = layer.args.find("padding");
  if (!transposed && padding != layer.args.end() && padding->second.kind == ArgValue::Kind::Text) {
    opt.padding_string = padding->second.text;
  } else {
    opt.padding = a.pair("padding");
  }
  opt.dilation = a.pair("dilation");
  if (transposed && output_size) {
    opt.output_size = std::vector<int64_t>{output_size->h, output_size->w};
  } else if (transposed) {
    opt.output_padding = a.pair("output_padding");
    opt.output_padding_given = true;
  }
  opt.groups = a.integer("groups");
  const bool bias = a.boolean("bias");
  opt.padding_mode = a.text("padding_mode");
  if (a.error()) return fail(a.error());

  // nn.Conv2d / nn.ConvTranspose2d's constructor checks, in its order and words.
  if (opt.groups <= 0) return fail(make_error("groups", "groups must be a positive integer"));
  if (cin % opt.groups != 0) return fail(make_error("in_channels", "in_channels must be divisible by groups"));
  if (cout % opt.groups != 0) return fail(make_error("out_channels", "out_channels must be divisible by groups"));
  if (cin <= 0 || cout <= 0)
    return fail(make_error(cin <= 0 ? "in_channels" : "out_channels", "channels must be positive"));
  if (k.h <= 0 || k.w <= 0) return fail(make_error("kernel_size", "kernel_size must be positive"));

  const Shape weight = transposed ? Shape{cin, cout / opt.groups, k.h, k.w} : Shape{cout, cin / opt.groups, k.h, k.w};
  const int64_t bias_len = bias ? cout : -1;
  const Op op = transposed ? Op::ConvTranspose2d : Op::Conv2d;
  // Shapes do not depend on the batch: plan a batch of 0 so that the library's caps on data sizes
  // (set for the convolutions it runs) do not refuse a shape PyTorch accepts.
  const bool rank_ok = input.size() == 3 || input.size() == 4;
  Shape empty = input;
  if (rank_ok && input.size() == 3) empty.insert(empty.begin(), int64_t{0});
  else if (rank_ok) empty[0] = 0;
  ConvProblem p;
  const Error planned = plan_conv(op, empty, 0, weight, product(weight), bias_len, opt, &p);
  if (!planned) {
    if (derived_output_padding) *derived_output_padding = p.opt.output_padding;
    return input.size() == 3 ? ok({p.Cout, p.Ho, p.Wo}) : ok({input[0], p.Cout, p.Ho, p.Wo});
  }
  // Refused: the message, which shows the input as PyTorch's convolution got it.
  Shape seen = input;
  if (!transposed && opt.padding_mode != "zeros") {
    // Conv2d pads with F.pad in the other modes, then convolves without padding: the padding's own
    // checks come first, and the convolution's messages show the padded input.
    std::optional<std::pair<Pair, Pair>> pads = padding_in_effect(opt, k);
    if (!pads) return fail(rename_parameter(planned));
    if (opt.padding_mode == "reflect" || opt.padding_mode == "replicate") {
      Layer pad{opt.padding_mode == "reflect" ? "ReflectionPad2d" : "ReplicationPad2d",
                {{"padding", ArgValue::of_numbers({double(pads->first.w), double(pads->second.w),
                                                   double(pads->first.h), double(pads->second.h)})}}};
      const LayerShape padded = layer_output_shape(pad, input);
      if (padded.error) return fail(padded.error);
      seen = padded.output;
    } else if (planned.parameter == "padding" || !rank_ok) {
      return fail(rename_parameter(planned));  // circular: plan_conv's checks are F.pad's
    } else {
      seen[seen.size() - 2] += pads->first.h + pads->second.h;
      seen[seen.size() - 1] += pads->first.w + pads->second.w;
    }
    opt.padding_string.reset();
    opt.padding = {0, 0};
    opt.padding_mode = "zeros";
  }
  ConvProblem unused;
  Error e = plan_conv(op, seen, product(seen), weight, product(weight), bias_len, opt, &unused);
  if (!e) e = planned;  // the padded convolution alone is fine: the first refusal stands
  return fail(rename_parameter(e));
}

LayerShape conv_shape(const Layer& layer, const Shape& input) { return conv_shape_sized(layer, input, std::nullopt, nullptr); }

// ---- pooling ------------------------------------------------------------------------------------
int64_t floor_div_any(int64_t a, int64_t b) {  // b != 0, either sign
  int64_t q = a / b;
  if ((a % b != 0) && ((a < 0) != (b < 0))) --q;
  return q;
}

// ATen's pooling_output_shape: one axis, with its checks.
bool pooling_axis(int64_t in, int64_t k, int64_t pad, int64_t stride, int64_t dilation, bool ceil_mode, int64_t* out,
                  Error* error) {
  if (stride == 0) return *error = make_error("stride", "stride should not be zero"), false;
  if (pad < 0) return *error = make_error("padding", "pad must be non-negative, but got pad: " + std::to_string(pad)), false;
  if (pad > k / 2) {
    *error = make_error("padding", "pad should be at most half of kernel size, but got pad=" + std::to_string(pad) +
                                       " and kernel_size=" + std::to_string(k));
    return false;
  }
  int64_t o = floor_div_any(in + 2 * pad - dilation * (k - 1) - 1 + (ceil_mode ? stride - 1 : 0), stride) + 1;
  // ceil_mode: the last window must start inside the input or its left padding
  if (ceil_mode && (o - 1) * stride >= in + pad) --o;
  *out = o;
  return true;
}

const char* kPoolRank = "non-empty 3D or 4D (batch mode) tensor expected for input";

LayerShape pool_shape(const Layer& layer, const Shape& input) {
  const bool max = layer.type == "MaxPool2d";
  Args a(layer);
  const Pair k = a.pair("kernel_size"), s = a.pair("stride"), pad = a.pair("padding");
  const Pair d = max ? a.pair("dilation") : Pair{1, 1};
  const bool ceil_mode = a.boolean("ceil_mode");
  if (!max) {
    a.boolean("count_include_pad");
    auto divisor = a.optional_integer("divisor_override");
    if (a.error()) return fail(a.error());
    if (divisor && *divisor == 0) return fail(make_error("divisor_override", "divisor must be not zero"));
  } else {
    a.boolean("return_indices");
  }
  if (a.error()) return fail(a.error());
  const int64_t rank = int64_t(input.size());
  Error e;
  if (max && rank != 3 && rank != 4) return fail(input_error(kPoolRank));
  if (!max && rank < 3) {  // avg_pool2d reads input.size(-3) first
    int64_t unused;
    wrap_dim(-3, rank, &unused, &e);
    return fail(e);
  }
  const int64_t C = input[rank - 3], H = input[rank - 2], W = input[rank - 1];
  int64_t Ho = 0, Wo = 0;
  if (!pooling_axis(H, k.h, pad.h, s.h, d.h, ceil_mode, &Ho, &e)) return fail(e);
  if (!pooling_axis(W, k.w, pad.w, s.w, d.w, ceil_mode, &Wo, &e)) return fail(e);
  // pool2d_shape_check
  if (k.h <= 0 || k.w <= 0)
    return fail(make_error("kernel_size", "kernel size should be greater than zero, but got kH: " + std::to_string(k.h) +
                                              " kW: " + std::to_string(k.w)));
  if (s.h <= 0 || s.w <= 0)
    return fail(make_error("stride", "stride should be greater than zero, but got dH: " + std::to_string(s.h) +
                                         " dW: " + std::to_string(s.w)));
  if (d.h <= 0 || d.w <= 0)
    return fail(make_error("dilation", "dilation should be greater than zero, but got dilationH: " +
                                           std::to_string(d.h) + " dilationW: " + std::to_string(d.w)));
  if (rank != 3 && rank != 4) return fail(input_error(kPoolRank));
  if (Ho < 1 || Wo < 1) {
    std::ostringstream o;
    o << "Given input size: (" << C << "x" << H << "x" << W << "). Calculated output size: (" << C << "x" << Ho << "x"
      << Wo << "). Output size is too small";
    return fail(input_error(o.str()));
  }
  Shape out = input;
  out[rank - 2] = Ho;
  out[rank - 1] = Wo;
  return ok(out);
}

LayerShape adaptive_pool_shape(const Layer& layer, const Shape& input) {
  const bool max = layer.type == "AdaptiveMaxPool2d";
  Args a(layer);
  const auto size = a.ints("output_size", 2, true);
  if (max) a.boolean("return_indices");
  if (a.error()) return fail(a.error());
  const std::string name = max ? "adaptive_max_pool2d(): " : "adaptive_avg_pool2d(): ";
  const int64_t rank = int64_t(input.size());
  if (rank != 3 && rank != 4) return fail(input_error(name + "Expected 3D or 4D tensor, but got" + (max ? ": " : " ") + list_str(input)));
  for (int64_t i = rank - 3; i < rank; ++i)
    if (input[i] == 0)
      return fail(input_error(name + "Expected input to have non-zero size for non-batch dimensions, but input has sizes " +
                              list_str(input) + " with dimension " + std::to_string(i) + " being empty"));
  for (const auto& v : size)
    if (v && *v < 0) return fail(make_error("output_size", name + "elements of output_size must be greater than or equal to 0 but received " + std::to_string(*v)));
  Shape out = input;
  out[rank - 2] = size[0].value_or(input[rank - 2]);
  out[rank - 1] = size[1].value_or(input[rank - 1]);
  return ok(out);
}

// ---- Upsample (F.interpolate) ---------------------------------------------------------------------
std::string float_str(double v) {  // Python's repr of a float, for the values a layer holds
  std::ostringstream o;
  o.precision(17);
  o << v;
  std::string s = o.str();
  // shortest form that reads back
  for (int p = 1; p <= 17; ++p) {
    std::ostringstream t;
    t.precision(p);
    t << v;
    if (std::stod(t.str()) == v) {
      s = t.str();
      break;
    }
  }
  if (s.find_first_of(".e") == std::string::npos) s += ".0";
  return s;
}

LayerShape upsample_shape(const Layer& layer, const Shape& input) {
  Args a(layer);
  const auto size = a.optional_pair("size");
  const auto scale = a.optional_number_pair("scale_factor");
  std::string mode = "nearest";
  std::optional<bool> align_corners, recompute;
  if (layer.type == "Upsample") {
    mode = a.text("mode");
    align_corners = a.optional_boolean("align_corners");
    recompute = a.optional_boolean("recompute_scale_factor");
  } else if (layer.type == "UpsamplingBilinear2d") {
    mode = "bilinear";
    align_corners = true;
  }
  if (a.error()) return fail(a.error());
  if ((mode == "nearest" || mode == "area" || mode == "nearest-exact") && align_corners)
    return fail(make_error("align_corners", "align_corners option can only be set with the interpolating modes: "
                                            "linear | bilinear | bicubic | trilinear"));
  const int64_t rank = int64_t(input.size());
  const int64_t dims = rank - 2;
  // The layer holds an int or a tuple; parseTorch writes both as a pair. A pair of equal values is read
  // as the int (it then stands for every spatial dimension, whatever their number).
  if (size && scale) return fail(make_error("size", "only one of size or scale_factor should be defined"));
  if (!size && !scale) return fail(make_error("size", "either size or scale_factor should be defined"));
  if (recompute && *recompute && size)
    return fail(make_error("recompute_scale_factor", "recompute_scale_factor is not meaningful with an explicit size."));
  const bool uniform = size ? size->h == size->w : scale->first == scale->second;
  if (!uniform && dims != 2 && dims >= 0) {
    std::ostringstream o;
    Shape spatial(input.begin() + 2, input.end());
    if (size)
      o << "Input and output must have the same number of spatial dimensions, but got input with spatial dimensions of "
        << list_str(spatial) << " and output size of (" << size->h << ", " << size->w
        << "). Please provide input tensor in (N, C, d1, d2, ...,dK) format and output size in (o1, o2, ...,oK) format.";
    else
      o << "Input and scale_factor must have the same number of spatial dimensions, but got input with spatial "
           "dimensions of "
        << list_str(spatial) << " and scale_factor of shape (" << float_str(scale->first) << ", "
        << float_str(scale->second)
        << "). Please provide input tensor in (N, C, d1, d2, ...,dK) format and scale_factor in (s1, s2, ...,sK) format.";
    return fail(make_error(size ? "size" : "scale_factor", o.str()));
  }
  // The output size of each spatial dimension: the size asked, or floor(input * scale) in doubles.
  Shape out = input;
  for (int64_t i = 0; i < std::max<int64_t>(dims, 0); ++i) {
    const bool second = dims == 2 && i == 1;
    if (size) out[2 + i] = second ? size->w : size->h;
    else {
      const double v = std::floor(double(input[2 + i]) * (second ? scale->second : scale->first));
      if (!(v < double(kMaxIntOption))) return fail(make_error("scale_factor", "the output would have more than " + std::to_string(kMaxIntOption) + " lines"));
      out[2 + i] = v < 0 ? -1 : int64_t(v);  // a negative scale: PyTorch's "greater than 0" message follows
    }
  }
  const bool supported = (rank == 3 && (mode == "nearest" || mode == "nearest-exact" || mode == "area" || mode == "linear")) ||
                         (rank == 4 && (mode == "nearest" || mode == "nearest-exact" || mode == "area" ||
                                        mode == "bilinear" || mode == "bicubic")) ||
                         (rank == 5 && (mode == "nearest" || mode == "nearest-exact" || mode == "area" || mode == "trilinear"));
  if (!supported) {
    const struct { int64_t rank; const char* mode; int64_t needs; } wrong[] = {
        {3, "bilinear", 4}, {3, "trilinear", 5}, {4, "linear", 3}, {4, "trilinear", 5}, {5, "linear", 3}, {5, "bilinear", 4}};
    for (const auto& w : wrong)
      if (w.rank == rank && mode == w.mode)
        return fail(make_error("mode", "Got " + std::to_string(rank) + "D input, but " + mode + " mode needs " +
                                           std::to_string(w.needs) + "D input"));
    return fail(make_error("mode", "Input Error: Only 3D, 4D and 5D input Tensors supported (got " + std::to_string(rank) +
                                       "D) for the modes: nearest | linear | bilinear | bicubic | trilinear | area | "
                                       "nearest-exact (got " + mode + ")"));
  }
  if (mode != "area") {  // area is adaptive average pooling, which takes any size
    const char* axes[] = {"D", "H", "W"};
    std::ostringstream in, o;
    bool positive = true;
    for (int64_t i = 0; i < dims; ++i) {
      const char* axis = axes[3 - dims + i];
      in << (i ? ", " : "") << axis << ": " << input[2 + i];
      o << (i ? ", " : "") << axis << ": " << out[2 + i];
      positive = positive && input[2 + i] > 0 && out[2 + i] > 0;
    }
    if (!positive)
      return fail(make_error(size ? "size" : "scale_factor", "Input and output sizes should be greater than 0, but got input (" +
                                                                 in.str() + ") output (" + o.str() + ")"));
    if (input[1] == 0 || (rank >= 3 && input[2] == 0))
      return fail(input_error("Non-empty " + std::to_string(rank) + "D data tensor expected but got a tensor with sizes " +
                              list_str(input)));
  }
  return ok(out);
}

// ---- PixelShuffle / PixelUnshuffle ------------------------------------------------------------------
LayerShape pixel_shuffle_shape(const Layer& layer, const Shape& input) {
  const bool up = layer.type == "PixelShuffle";
  Args a(layer);
  const char* arg = up ? "upscale_factor" : "downscale_factor";
  const int64_t r = a.integer(arg);
  if (a.error()) return fail(a.error());
  const std::string name = up ? "pixel_shuffle" : "pixel_unshuffle";
  const size_t rank = input.size();
  if (rank < 3)
    return fail(input_error(name + " expects input to have at least 3 dimensions, but got input with " +
                            std::to_string(rank) + " dimension(s)"));
  if (r <= 0) return fail(make_error(arg, name + " expects a positive " + arg + ", but got " + std::to_string(r)));
  if (mul_sat(product(input), mul_sat(r, r)) >= kMaxShapeElements)
    return fail(make_error(arg, name + ": the output would have too many elements"));
  Shape out = input;
  const int64_t C = input[rank - 3], H = input[rank - 2], W = input[rank - 1];
  if (up) {
    if (C % (r * r) != 0)
      return fail(input_error("pixel_shuffle expects its input's 'channel' dimension to be divisible by the square of "
                              "upscale_factor, but input.size(-3)=" + std::to_string(C) + " is not divisible by " +
                              std::to_string(r * r)));
    out[rank - 3] = C / (r * r);
    out[rank - 2] = H * r;
    out[rank - 1] = W * r;
  } else {
    if (H % r != 0)
      return fail(input_error("pixel_unshuffle expects height to be divisible by downscale_factor, but input.size(-2)=" +
                              std::to_string(H) + " is not divisible by " + std::to_string(r)));
    if (W % r != 0)
      return fail(input_error("pixel_unshuffle expects width to be divisible by downscale_factor, but input.size(-1)=" +
                              std::to_string(W) + " is not divisible by " + std::to_string(r)));
    out[rank - 3] = C * r * r;
    out[rank - 2] = H / r;
    out[rank - 1] = W / r;
  }
  return ok(out);
}

// ---- padding layers -----------------------------------------------------------------------------
LayerShape pad_shape(const Layer& layer, const Shape& input) {
  Args a(layer);
  const auto v = a.ints("padding", 4);
  if (layer.type == "ConstantPad2d") a.number("value");
  if (a.error()) return fail(a.error());
  const int64_t left = *v[0], right = *v[1], top = *v[2], bottom = *v[3];
  const int64_t rank = int64_t(input.size());
  Shape out = input;
  if (layer.type == "ZeroPad2d" || layer.type == "ConstantPad2d") {
    if (rank < 2) return fail(make_error("padding", "Padding length too large"));
    // constant_pad_nd crops first (narrow), height then width, then pads.
    const struct { int64_t dim, before, after; } axes[] = {{rank - 2, top, bottom}, {rank - 1, left, right}};
    for (const auto& ax : axes) {
      int64_t size = out[ax.dim];
      auto narrow = [&](int64_t start, int64_t length) {
        if (start != size && (start < -size || start > size - 1)) {
          std::ostringstream o;
          o << "Dimension out of range (expected to be in range of [" << -size << ", " << size - 1 << "], but got "
            << start << ")";
          return make_error("padding", o.str());
        }
        if (start < 0) start += size;
        if (!(length >= 0 && start <= size - length)) {
          std::ostringstream o;
          o << "start (" << start << ") + length (" << length << ") exceeds dimension size (" << size << ").";
          return make_error("padding", o.str());
        }
        size = length;
        return Error{};
      };
      if (ax.before < 0)
        if (Error e = narrow(-ax.before, size + ax.before)) return fail(e);
      if (ax.after < 0)
        if (Error e = narrow(0, size + ax.after)) return fail(e);
      out[ax.dim] = size + std::max<int64_t>(ax.before, 0) + std::max<int64_t>(ax.after, 0);
    }
    return ok(out);
  }
  if (rank != 3 && rank != 4)
    return fail(input_error("Only 2D, 3D, 4D, 5D padding with non-constant padding are supported for now"));
  const int64_t H = input[rank - 2], W = input[rank - 1];
  const int64_t Ho = H + top + bottom, Wo = W + left + right;
  if (layer.type == "ReflectionPad2d") {
    if (!(left < W && right < W)) {
      std::ostringstream o;
      o << "Argument #4: Padding size should be less than the corresponding input dimension, but got: padding (" << left
        << ", " << right << ") at dimension " << rank - 1 << " of input " << rank;
      return fail(make_error("padding", o.str()));
    }
    if (!(top < H && bottom < H)) {
      std::ostringstream o;
      o << "Argument #6: Padding size should be less than the corresponding input dimension, but got: padding (" << top
        << ", " << bottom << ") at dimension " << rank - 2 << " of input " << rank;
      return fail(make_error("padding", o.str()));
    }
    if (Wo < 1 && Ho < 1) {
      std::ostringstream o;
      o << "input (H: " << H << ", W: " << W << ")is too small. Calculated output H: " << Ho << " W: " << Wo;
      return fail(make_error("padding", o.str()));
    }
  } else if (Wo < 1 && Ho < 1) {
    std::ostringstream o;
    o << "input (H: " << H << ", W: " << W << " ) is too small. Calculated output H: " << Ho << " W: " << Wo;
    return fail(make_error("padding", o.str()));
  }
  out[rank - 2] = Ho;
  out[rank - 1] = Wo;
  if (Ho < 0 || Wo < 0)
    return fail(make_error("padding", "Trying to create tensor with negative dimension " + std::to_string(std::min(Ho, Wo)) +
                                          ": " + list_str(out)));
  return ok(out);
}

// ---- Flatten / Unflatten / Linear ---------------------------------------------------------------
LayerShape flatten_shape(const Layer& layer, const Shape& input) {
  Args a(layer);
  const int64_t start_arg = a.integer("start_dim"), end_arg = a.integer("end_dim");
  if (a.error()) return fail(a.error());
  const int64_t rank = int64_t(input.size());
  int64_t start = 0, end = 0;
  Error e;
  if (!wrap_dim(start_arg, rank, &start, &e) || !wrap_dim(end_arg, rank, &end, &e)) return fail(e);
  if (start > end) return fail(make_error("start_dim", "flatten() has invalid args: start_dim cannot come after end_dim"));
  Shape out(input.begin(), input.begin() + start);
  out.push_back(product(input, size_t(start), size_t(end + 1)));
  out.insert(out.end(), input.begin() + end + 1, input.end());
  return ok(out);
}

LayerShape unflatten_shape(const Layer& layer, const Shape& input) {
  Args a(layer);
  const int64_t dim_arg = a.integer("dim");
  const std::vector<int64_t> sizes = a.int_list("unflattened_size");
  if (a.error()) return fail(a.error());
  int64_t dim = 0;
  Error e;
  if (!wrap_dim(dim_arg, int64_t(input.size()), &dim, &e)) return fail(e);
  if (sizes.empty()) return fail(make_error("unflattened_size", "unflatten: sizes must be non-empty"));
  // at::infer_size, whose errors unflatten rewords
  int64_t known = 1, infer = -1;
  for (size_t i = 0; i < sizes.size(); ++i) {
    if (sizes[i] == -1) {
      if (infer >= 0)
        return fail(make_error("unflattened_size", "unflatten got an unexpected error:\nonly one dimension can be inferred"));
      infer = int64_t(i);
    } else if (sizes[i] < 0) {
      return fail(make_error("unflattened_size", "unflatten got an unexpected error:\ninvalid shape dimension " +
                                                     std::to_string(sizes[i])));
    } else {
      known = mul_sat(known, sizes[i]);
    }
  }
  const int64_t n = input[dim];
  Shape inferred = sizes;
  if (!(n == known || (infer >= 0 && known > 0 && n % known == 0)))
    return fail(make_error("unflattened_size", "unflatten: Provided sizes " + list_str(sizes) +
                                                   " don't multiply up to the size of dim " + std::to_string(dim) + " (" +
                                                   std::to_string(n) + ") in the input tensor"));
  if (infer >= 0) inferred[infer] = known > 0 ? n / known : 0;
  Shape out(input.begin(), input.begin() + dim);
  out.insert(out.end(), inferred.begin(), inferred.end());
  out.insert(out.end(), input.begin() + dim + 1, input.end());
  return ok(out);
}

LayerShape linear_shape(const Layer& layer, const Shape& input) {
  Args a(layer);
  const int64_t in = a.integer("in_features"), out_features = a.integer("out_features");
  a.boolean("bias");
  if (a.error()) return fail(a.error());
  const int64_t last = input.back();
  if (last != in) {
    std::ostringstream o;
    o << "mat1 and mat2 shapes cannot be multiplied (" << product(input, 0, input.size() - 1) << "x" << last << " and "
      << in << "x" << out_features << ")";
    return fail(input_error(o.str()));
  }
  Shape out = input;
  out.back() = out_features;
  return ok(out);
}

// ---- normalisation ------------------------------------------------------------------------------
Error elements_error(const char* what, int64_t expected, int64_t actual) {
  return input_error(std::string(what) + " should contain " + std::to_string(expected) + " elements not " +
                     std::to_string(actual));
}

/** The arguments BatchNorm and InstanceNorm share, read (and checked) in their constructors' order. */
struct NormArgs {
  int64_t features;
  bool affine, running;
};
NormArgs norm_args(Args& a) {
  const int64_t features = a.integer("num_features");
  a.number("eps");
  if (!a.is_none("momentum")) a.number("momentum");
  const bool affine = a.boolean("affine");
  return {features, affine, a.boolean("track_running_stats")};
}

LayerShape batch_norm_shape(const Layer& layer, const Shape& input) {
  Args a(layer);
  const auto [features, affine, running] = norm_args(a);
  if (a.error()) return fail(a.error());
  const size_t rank = input.size();
  if (layer.type == "BatchNorm2d" && rank != 4)
    return fail(input_error("expected 4D input (got " + std::to_string(rank) + "D input)"));
  if (layer.type == "BatchNorm1d" && rank != 2 && rank != 3)
    return fail(input_error("expected 2D or 3D input (got " + std::to_string(rank) + "D input)"));
  // Without running statistics, eval() normalises with the batch's, which needs two values per channel.
  if (!running && input[0] * product(input, 2) == 1)
    return fail(input_error("Expected more than 1 value per channel when training, got input size " + torch_size_str(input)));
  if (running && input[1] != features) return fail(elements_error("running_mean", input[1], features));
  if (affine && input[1] != features) return fail(elements_error("weight", input[1], features));
  return ok(input);
}

LayerShape instance_norm_shape(const Layer& layer, const Shape& input) {
  Args a(layer);
  const auto [features, affine, running] = norm_args(a);
  if (a.error()) return fail(a.error());
  const size_t rank = input.size();
  if (rank != 3 && rank != 4) return fail(input_error("expected 3D or 4D input (got " + std::to_string(rank) + "D input)"));
  Shape batched = input;
  if (rank == 3) batched.insert(batched.begin(), 1);  // unbatched input is read as a batch of one
  const int64_t b = batched[0], c = batched[1];
  if (!running && product(batched, 2) == 1)
    return fail(input_error("Expected more than 1 spatial element when training, got input size " + torch_size_str(batched)));
  // instance_norm is batch_norm over b * c channels, with the statistics and weights repeated b times.
  if (running && c != features) return fail(elements_error("running_mean", b * c, b * features));
  if (affine && c != features) return fail(elements_error("weight", b * c, b * features));
  return ok(input);
}

LayerShape group_norm_shape(const Layer& layer, const Shape& input) {
  Args a(layer);
  const int64_t groups = a.integer("num_groups"), channels = a.integer("num_channels");
  a.number("eps");
  const bool affine = a.boolean("affine");
  if (a.error()) return fail(a.error());
  if (groups <= 0) return fail(make_error("num_groups", "num_groups must be positive"));
  const int64_t rank = int64_t(input.size());
  int64_t unused;
  Error e;
  if (!wrap_dim(1, rank, &unused, &e)) return fail(e);
  const int64_t N = input[0], C = input[1];
  Shape grouped = {N * C / groups, groups};
  grouped.insert(grouped.end(), input.begin() + 2, input.end());
  if (grouped[0] * product(grouped, 2) == 1)
    return fail(input_error("Expected more than 1 value per channel when training, got input size " + list_str(grouped)));
  if (C % groups != 0)
    return fail(input_error("Expected number of channels in input to be divisible by num_groups, but got input of shape " +
                            list_str(input) + " and num_groups=" + std::to_string(groups)));
  if (affine && channels != C)
    return fail(input_error("Expected weight to be a vector of size equal to the number of channels in input, but got "
                            "weight of shape [" + std::to_string(channels) + "] and input of shape " + list_str(input)));
  return ok(input);
}

// ---- the rest -----------------------------------------------------------------------------------
LayerShape softmax_shape(const Layer& layer, const Shape& input) {
  Args a(layer);
  const auto dim = a.optional_integer("dim");
  if (a.error()) return fail(a.error());
  if (dim) {
    int64_t unused;
    Error e;
    if (!wrap_dim(*dim, int64_t(input.size()), &unused, &e)) return fail(e);
  }
  return ok(input);
}

LayerShape softmax2d_shape(const Layer&, const Shape& input) {
  if (input.size() != 3 && input.size() != 4) return fail(input_error("Softmax2d requires a 3D or 4D tensor as input"));
  return ok(input);
}

// Shape-keeping layers: the arguments each must have, read for their kind.
using Check = std::function<void(Args&)>;
LayerShape keep_shape(const Layer& layer, const Shape& input, const Check& check) {
  Args a(layer);
  check(a);
  if (a.error()) return fail(a.error());
  return ok(input);
}

using Rule = std::function<LayerShape(const Layer&, const Shape&)>;

Rule keeping(Check check) {
  return [check](const Layer& l, const Shape& s) { return keep_shape(l, s, check); };
}

const std::map<std::string, Rule>& rules() {
  static const std::map<std::string, Rule> table = [] {
    std::map<std::string, Rule> t;
    t["Conv2d"] = t["ConvTranspose2d"] = conv_shape;
    t["MaxPool2d"] = t["AvgPool2d"] = pool_shape;
    t["AdaptiveAvgPool2d"] = t["AdaptiveMaxPool2d"] = adaptive_pool_shape;
    t["Upsample"] = t["UpsamplingNearest2d"] = t["UpsamplingBilinear2d"] = upsample_shape;
    t["PixelShuffle"] = t["PixelUnshuffle"] = pixel_shuffle_shape;
    t["ZeroPad2d"] = t["ConstantPad2d"] = t["ReflectionPad2d"] = t["ReplicationPad2d"] = pad_shape;
    t["Flatten"] = flatten_shape;
    t["Unflatten"] = unflatten_shape;
    t["Linear"] = linear_shape;
    t["BatchNorm1d"] = t["BatchNorm2d"] = batch_norm_shape;
    t["InstanceNorm2d"] = instance_norm_shape;
    t["GroupNorm"] = group_norm_shape;
    t["Softmax"] = t["LogSoftmax"] = softmax_shape;
    t["Softmax2d"] = softmax2d_shape;
    const Check none = [](Args&) {};
    const Check inplace = [](Args& a) { a.boolean("inplace"); };
    for (const char* type : {"ReLU", "ReLU6", "SELU", "SiLU", "Mish", "Hardswish", "Hardsigmoid"}) t[type] = keeping(inplace);
    for (const char* type : {"Sigmoid", "Tanh", "Identity"}) t[type] = keeping(none);
    t["LeakyReLU"] = keeping([](Args& a) { a.number("negative_slope"); a.boolean("inplace"); });
    t["ELU"] = t["CELU"] = keeping([](Args& a) { a.number("alpha"); a.boolean("inplace"); });
    t["GELU"] = keeping([](Args& a) { a.text("approximate"); });
    t["Softplus"] = keeping([](Args& a) { a.number("beta"); a.number("threshold"); });
    t["Dropout"] = t["Dropout2d"] = t["AlphaDropout"] = keeping([](Args& a) { a.number("p"); a.boolean("inplace"); });
    return t;
  }();
  return table;
}

}  // namespace

const std::vector<std::string>& layer_types() {
  static const std::vector<std::string> types = [] {
    std::vector<std::string> v;
    for (const auto& [type, rule] : rules()) v.push_back(type);
    return v;
  }();
  return types;
}

Error check_shape(const Shape& input) {
  if (input.empty() || input.size() > 8)
    return input_error("the input must have 1 to 8 dimensions, but got " + std::to_string(input.size()));
  for (int64_t v : input)
    if (v < 0 || v > kMaxIntOption)
      return input_error("every size must be between 0 and " + std::to_string(kMaxIntOption) + ", but got " +
                         list_str(input));
  if (product(input) >= kMaxShapeElements) return input_error("the input " + list_str(input) + " has more than 2^62 elements");
  return {};
}

LayerShape layer_output_shape(const Layer& layer, const Shape& input) {
  auto rule = rules().find(layer.type);
  if (rule == rules().end()) return fail(make_error("type", "no shape rule for a layer of type '" + layer.type + "'"));
  if (Error e = check_shape(input)) return fail(e);
  return rule->second(layer, input);
}

OutputPaddingFor output_padding_for(const Layer& conv_transpose, const Shape& input, Pair size) {
  OutputPaddingFor r;
  if (conv_transpose.type != "ConvTranspose2d") {
    r.error = make_error("type", "output_padding is an argument of ConvTranspose2d, not of " + conv_transpose.type);
    return r;
  }
  if ((r.error = check_shape(input))) return r;
  r.error = conv_shape_sized(conv_transpose, input, size, &r.output_padding).error;
  return r;
}

}  // namespace convt::network
