// The shape of every layer a network view shows: given a layer (its PyTorch type and constructor
// arguments by name, as parseTorch in web/lib/network/parse-torch.js writes them) and an input shape,
// the output shape, or PyTorch's (1.13) refusal in PyTorch's words. Conv2d and ConvTranspose2d are
// planned by convt::plan_conv, the one place their arithmetic lives.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "problem/problem.hpp"

namespace convt::network {

// One constructor argument: None, a bool, a number, a list of numbers (a None inside a list, as in
// AdaptiveAvgPool2d((None, 7)), is std::nullopt), or a string.
struct ArgValue {
  enum class Kind : int8_t { None, Bool, Number, Numbers, Text };
  Kind kind = Kind::None;
  bool flag = false;
  double number = 0;
  std::vector<std::optional<double>> numbers;
  std::string text;

  static ArgValue none() { return {}; }
  static ArgValue of_bool(bool value);
  static ArgValue of_number(double value);
  static ArgValue of_numbers(std::vector<std::optional<double>> values);
  static ArgValue of_pair(Pair value);
  static ArgValue of_text(std::string value);
  bool operator==(const ArgValue& o) const;
  bool operator!=(const ArgValue& o) const { return !(*this == o); }
};

// A layer: PyTorch's class name and every constructor argument by PyTorch's name.
struct Layer {
  std::string type;
  std::map<std::string, ArgValue> args;
};

using Shape = std::vector<int64_t>;

// The output shape, or the error: error.parameter names the argument at fault (PyTorch's name,
// e.g. "padding"), or "input" when it is the input PyTorch refuses; error.message is
// "<parameter>: <PyTorch's message>".
struct LayerShape {
  Shape output;
  Error error;
};

// Every type in layer_types(): Conv2d, ConvTranspose2d, MaxPool2d, AvgPool2d, AdaptiveAvgPool2d,
// AdaptiveMaxPool2d, Upsample, UpsamplingNearest2d, UpsamplingBilinear2d, PixelShuffle, PixelUnshuffle,
// ZeroPad2d, ConstantPad2d, ReflectionPad2d, ReplicationPad2d, Flatten, Unflatten, Linear, BatchNorm1d,
// BatchNorm2d, InstanceNorm2d, GroupNorm, Softmax, LogSoftmax, Softmax2d, and the shape-keeping
// activations and dropouts. Shapes are those of eval() mode (BatchNorm with running statistics uses
// them; InstanceNorm2d and GroupNorm always use the input's). Inputs with a size of 0 outside the
// batch are outside what this models (PyTorch's rules for them vary by layer).
LayerShape layer_output_shape(const Layer& layer, const Shape& input);

// Whether `input` is a shape layer_output_shape plans: 1 to 8 sizes, each in [0, 2^30], fewer than
// 2^62 elements. The error names "input".
Error check_shape(const Shape& input);

// The output_padding with which a ConvTranspose2d layer gives `size` ([H, W]) on `input`, derived as
// ConvTranspose2d.forward(x, output_size) derives it (the layer's own output_padding is not read); or
// why none does: PyTorch's refusal of the layer, or of the size ("requested an output size of ..., but
// valid sizes range from ... to ..."), the error naming "output_size".
struct OutputPaddingFor {
  Pair output_padding;
  Error error;
};
OutputPaddingFor output_padding_for(const Layer& conv_transpose, const Shape& input, Pair size);

// The layer types layer_output_shape knows, sorted.
const std::vector<std::string>& layer_types();

}  // namespace convt::network
