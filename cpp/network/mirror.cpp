#include "network/mirror.hpp"

#include <sstream>

namespace convt::network {

namespace {

std::string list_str(const Shape& s) {
  std::ostringstream o;
  o << '[';
  for (size_t i = 0; i < s.size(); ++i) o << (i ? ", " : "") << s[i];
  o << ']';
  return o.str();
}

int64_t int_arg(const Layer& l, const char* name) { return int64_t(l.args.at(name).number); }
Pair pair_arg(const Layer& l, const char* name) {
  const auto& v = l.args.at(name).numbers;
  return {int64_t(*v[0]), int64_t(*v[1])};
}
bool bool_arg(const Layer& l, const char* name) { return l.args.at(name).flag; }

Layer conv_transpose_layer(int64_t cin, int64_t cout, Pair k, Pair s, Pair p, Pair output_padding, int64_t groups,
                           bool bias, Pair d) {
  Layer l;
  l.type = "ConvTranspose2d";
  l.args = {{"in_channels", ArgValue::of_number(double(cin))},
            {"out_channels", ArgValue::of_number(double(cout))},
            {"kernel_size", ArgValue::of_pair(k)},
            {"stride", ArgValue::of_pair(s)},
            {"padding", ArgValue::of_pair(p)},
            {"output_padding", ArgValue::of_pair(output_padding)},
            {"groups", ArgValue::of_number(double(groups))},
            {"bias", ArgValue::of_bool(bias)},
            {"dilation", ArgValue::of_pair(d)},
            {"padding_mode", ArgValue::of_text("zeros")}};
  return l;
}

Layer upsample_layer(std::optional<Pair> size, std::optional<Pair> scale) {
  Layer l;
  l.type = "Upsample";
  l.args = {{"size", size ? ArgValue::of_pair(*size) : ArgValue::none()},
            {"scale_factor", scale ? ArgValue::of_numbers({double(scale->h), double(scale->w)}) : ArgValue::none()},
            {"mode", ArgValue::of_text("nearest")},
            {"align_corners", ArgValue::none()},
            {"recompute_scale_factor", ArgValue::none()}};
  return l;
}

MirrorLayer refuse(Error e) {
  MirrorLayer m;
  m.error = std::move(e);
  return m;
}

// A Conv2d layer's options, as plan_conv takes them (the layer is one layer_output_shape accepted).
ConvOptions conv_options(const Layer& conv) {
  ConvOptions opt;
  opt.stride = pair_arg(conv, "stride");
  opt.dilation = pair_arg(conv, "dilation");
  opt.padding_mode = conv.args.at("padding_mode").text;
  const ArgValue& padding = conv.args.at("padding");
  if (padding.kind == ArgValue::Kind::Text) opt.padding_string = padding.text;
  else opt.padding = pair_arg(conv, "padding");
  return opt;
}

// Conv2d(k, s, p, d) -> ConvTranspose2d(k, s, p, d, output_padding): the output_padding is the
// remainder Conv2d's floor dropped, from the round-trip arithmetic.
MirrorLayer mirror_conv(const Layer& conv, const Shape& input) {
  const Pair size{input[input.size() - 2], input[input.size() - 1]};
  const Pair k = pair_arg(conv, "kernel_size");
  const ConvOptions opt = conv_options(conv);
  const RoundTrip trip = conv_round_trip(conv, input);
  if (trip.error) return refuse(make_error(trip.error.parameter == "x" ? "input" : trip.error.parameter,
                                           trip.error.message.substr(trip.error.parameter.size() + 2)));
  if (!trip.remainder_valid)
    return refuse(make_error("padding", "Conv2d pads this input unevenly: no ConvTranspose2d pads like that"));
  // The padding in effect ('same' and 'valid' as numbers), as plan_conv resolves it.
  ConvProblem plan;
  const Shape one{1, 1, size.h, size.w};
  if (Error e = plan_conv(Op::Conv2d, one, size.h * size.w, {1, 1, k.h, k.w}, k.h * k.w, -1,
                          [&] { ConvOptions o = opt; o.groups = 1; return o; }(), &plan))
    return refuse(e);
  MirrorLayer m;
  m.layer = conv_transpose_layer(int_arg(conv, "out_channels"), int_arg(conv, "in_channels"), k, opt.stride,
                                 plan.pad_before, trip.fix_output_padding, int_arg(conv, "groups"),
                                 bool_arg(conv, "bias"), opt.dilation);
  return m;
}

// ConvTranspose2d(k, s, p, d, a) -> Conv2d(k, s, p, d): exact unless output_padding reaches the stride.
MirrorLayer mirror_conv_transpose(const Layer& convt, const Shape& input) {
  const Pair size{input[input.size() - 2], input[input.size() - 1]};
  const Pair k = pair_arg(convt, "kernel_size");
  ConvOptions opt;
  opt.stride = pair_arg(convt, "stride");
  opt.padding = pair_arg(convt, "padding");
  opt.dilation = pair_arg(convt, "dilation");
  opt.output_padding = pair_arg(convt, "output_padding");
  opt.output_padding_given = true;
  const RoundTrip trip = conv_transpose_then_conv(size, k, opt);
  if (trip.error) return refuse(trip.error);
  if (!trip.ok) {
    std::ostringstream o;
    o << "Conv2d with the same kernel, stride, padding and dilation takes [" << trip.middle.h << ", " << trip.middle.w
      << "] to [" << trip.back.h << ", " << trip.back.w << "], not [" << size.h << ", " << size.w
      << "]: output_padding " << opt.output_padding.h << "x" << opt.output_padding.w
      << " adds more lines than its floor drops";
    return refuse(make_error("output_padding", o.str()));
  }
  MirrorLayer m;
  m.layer.type = "Conv2d";
  m.layer.args = {{"in_channels", convt.args.at("out_channels")},
                  {"out_channels", convt.args.at("in_channels")},
                  {"kernel_size", ArgValue::of_pair(k)},
                  {"stride", ArgValue::of_pair(opt.stride)},
                  {"padding", ArgValue::of_pair(opt.padding)},
                  {"dilation", ArgValue::of_pair(opt.dilation)},
                  {"groups", convt.args.at("groups")},
                  {"bias", convt.args.at("bias")},
                  {"padding_mode", ArgValue::of_text("zeros")}};
  return m;
}

// A pooling's output [.., C, O] back to [.., C, I].
MirrorLayer mirror_pool(const Layer& pool, const Shape& input, const Shape& output, const MirrorOptions& options) {
  const size_t r = input.size();
  const Pair in{input[r - 2], input[r - 1]}, out{output[r - 2], output[r - 1]};
  const int64_t channels = input[r - 3];
  const bool adaptive = pool.type == "AdaptiveAvgPool2d" || pool.type == "AdaptiveMaxPool2d";
  Pair stride{0, 0};
  if (adaptive) {
    if (out.h <= 0 || out.w <= 0 || in.h % out.h != 0 || in.w % out.w != 0) {
      if (options.pooling == MirrorOptions::Pooling::Upsample) {
        MirrorLayer m;
        m.layer = upsample_layer(in, std::nullopt);
        return m;
      }
      std::ostringstream o;
      o << "no ConvTranspose2d with kernel = stride takes [" << out.h << ", " << out.w << "] to [" << in.h << ", " << in.w
        << "]: the sizes are not multiples";
      return refuse(make_error("output_size", o.str()));
    }
    stride = {in.h / out.h, in.w / out.w};
  } else {
    stride = pair_arg(pool, "stride");
  }
  if (options.pooling == MirrorOptions::Pooling::Upsample) {
    MirrorLayer m;
    if (out.h * stride.h == in.h && out.w * stride.w == in.w) m.layer = upsample_layer(std::nullopt, stride);
    else m.layer = upsample_layer(in, std::nullopt);
    return m;
  }
  // ConvTranspose2d(kernel = stride) asked for the input's size: plan_conv derives the output_padding
  // (or says which sizes it can give).
  ConvOptions opt;
  opt.stride = stride;
  opt.output_size = std::vector<int64_t>{in.h, in.w};
  const Shape x{0, channels, out.h, out.w}, w{channels, channels, stride.h, stride.w};
  ConvProblem plan;
  if (Error e = plan_conv(Op::ConvTranspose2d, x, 0, w, channels * channels * stride.h * stride.w, channels, opt, &plan)) {
    // Why no output_padding does: the lines the pooling dropped are as many as its stride or more, or
    // it made the output larger than a ConvTranspose2d(kernel = stride) gives back (ceil_mode, padding).
    const Pair lost{in.h - out.h * stride.h, in.w - out.w * stride.w};
    const bool short_side = lost.h < 0 || lost.w < 0;
    std::ostringstream why;
    why << e.message.substr(e.parameter.size() + 2) << ": ";
    if (short_side)
      why << "the pooling's output is larger than its input divided by the stride (ceil_mode or padding), and "
             "output_padding cannot be negative";
    else
      why << "output_padding would have to be " << lost.h << "x" << lost.w
          << ", and it must be smaller than either stride or dilation";
    return refuse(make_error("stride", why.str()));
  }
  MirrorLayer m;
  m.layer = conv_transpose_layer(channels, channels, stride, stride, {0, 0}, plan.opt.output_padding, 1, true, {1, 1});
  return m;
}

}  // namespace

RoundTrip conv_round_trip(const Layer& conv, const Shape& input) {
  return conv_then_conv_transpose({input[input.size() - 2], input[input.size() - 1]}, pair_arg(conv, "kernel_size"),
                                  conv_options(conv));
}

MirrorLayer mirror_layer(const Layer& encoder_layer, const Shape& input, const MirrorOptions& options) {
  const LayerShape forward = layer_output_shape(encoder_layer, input);
  if (forward.error) return refuse(forward.error);
  const std::string& type = encoder_layer.type;
  const size_t rank = input.size();
  MirrorLayer m;
  if (type == "Conv2d") {
    m = mirror_conv(encoder_layer, input);
  } else if (type == "ConvTranspose2d") {
    m = mirror_conv_transpose(encoder_layer, input);
  } else if (type == "MaxPool2d" || type == "AvgPool2d" || type == "AdaptiveAvgPool2d" || type == "AdaptiveMaxPool2d") {
    m = mirror_pool(encoder_layer, input, forward.output, options);
  } else if (type == "PixelShuffle" || type == "PixelUnshuffle") {
    const bool up = type == "PixelShuffle";
    m.layer.type = up ? "PixelUnshuffle" : "PixelShuffle";
    m.layer.args = {{up ? "downscale_factor" : "upscale_factor",
                     encoder_layer.args.at(up ? "upscale_factor" : "downscale_factor")}};
  } else if (type == "ZeroPad2d" || type == "ConstantPad2d" || type == "ReflectionPad2d" || type == "ReplicationPad2d") {
    std::vector<std::optional<double>> crop;
    for (const auto& v : encoder_layer.args.at("padding").numbers) crop.push_back(0.0 - *v);  // 0, not -0
    m.layer.type = "ZeroPad2d";
    m.layer.args = {{"padding", ArgValue::of_numbers(crop)}};
  } else if (type == "Flatten") {
    const int64_t r = int64_t(rank);
    int64_t start = int_arg(encoder_layer, "start_dim"), end = int_arg(encoder_layer, "end_dim");
    start = start < 0 ? start + r : start;
    end = end < 0 ? end + r : end;
    std::vector<std::optional<double>> sizes;
    for (int64_t i = start; i <= end; ++i) sizes.push_back(double(input[i]));
    m.layer.type = "Unflatten";
    m.layer.args = {{"dim", ArgValue::of_number(double(start))}, {"unflattened_size", ArgValue::of_numbers(sizes)}};
  } else if (type == "Unflatten") {
    int64_t dim = int_arg(encoder_layer, "dim");
    dim = dim < 0 ? dim + int64_t(rank) : dim;
    const auto n = int64_t(encoder_layer.args.at("unflattened_size").numbers.size());
    m.layer.type = "Flatten";
    m.layer.args = {{"start_dim", ArgValue::of_number(double(dim))}, {"end_dim", ArgValue::of_number(double(dim + n - 1))}};
  } else if (type == "Linear") {
    m.layer.type = "Linear";
    m.layer.args = {{"in_features", encoder_layer.args.at("out_features")},
                    {"out_features", encoder_layer.args.at("in_features")},
                    {"bias", encoder_layer.args.at("bias")}};
  } else if (type.find("Upsampl") == 0) {
    return refuse(make_error("type", "no mirror rule for " + type + ": use a pooling or a strided Conv2d"));
  } else if (forward.output == input) {
    m.layer = encoder_layer;  // shape-keeping: the same layer keeps the decoder's shape too
    m.keeps_shape = true;
  } else {
    return refuse(make_error("type", "no mirror rule for " + type));
  }
  if (m.error) return m;
  // The answer, checked by the same rules: the mirror takes the encoder's output back to its input.
  const LayerShape back = layer_output_shape(m.layer, forward.output);
  if (back.error) return refuse(back.error);
  if (back.output != input)
    return refuse(make_error("type", "the mirror " + m.layer.type + " gives " + list_str(back.output) + ", not " +
                                         list_str(input)));
  m.output = back.output;
  return m;
}

}  // namespace convt::network
