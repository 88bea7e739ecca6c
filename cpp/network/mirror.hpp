// The mirror rule: for an encoder layer and the input it was given, the decoder layer that brings
// that input's shape back (a ConvTranspose2d with the Conv2d's kernel, stride, padding and dilation
// and the output_padding that undoes Conv2d's floor, an Upsample or a ConvTranspose2d for a pooling,
// ...), or why none of that kind can. Conv2d's output_padding comes from the round-trip arithmetic
// (convt::conv_then_conv_transpose), a pooling's ConvTranspose2d's from plan_conv's output_size rule,
// and every answer is checked by running layer_output_shape on it.
#pragma once

#include "network/layer_shapes.hpp"
#include "teaching/round_trip.hpp"

namespace convt::network {

struct MirrorOptions {
  // How a pooling layer (MaxPool2d, AvgPool2d, AdaptiveAvgPool2d, AdaptiveMaxPool2d) is undone:
  //  - Upsample: nearest, scale_factor = the stride when that gives the size back, else size = the size;
  //  - ConvTranspose2d: kernel = stride, no padding, the output_padding that gives the size back (none
  //    when the pooling dropped stride lines or more, or ceil_mode made it bigger).
  enum class Pooling : int8_t { Upsample, ConvTranspose2d };
  Pooling pooling = Pooling::Upsample;
};

struct MirrorLayer {
  Layer layer;   // the decoder layer
  Shape output;  // the decoder layer's output on the encoder layer's output: the encoder's input shape
  Error error;   // why no layer of that kind brings the shape back (or the encoder layer's own error)
  bool keeps_shape = false;  // the encoder layer keeps its input's shape: the decoder layer is the same layer
};

// Mirrors of each type: Conv2d -> ConvTranspose2d, ConvTranspose2d -> Conv2d, poolings (above),
// PixelShuffle <-> PixelUnshuffle, a padding layer -> ZeroPad2d with the negated padding (a crop),
// Flatten <-> Unflatten, Linear(in, out) -> Linear(out, in), and a shape-keeping layer -> itself.
// Upsample has none (an error).
MirrorLayer mirror_layer(const Layer& encoder_layer, const Shape& input, const MirrorOptions& options = {});

// A Conv2d layer (one layer_output_shape accepts on `input`) then the ConvTranspose2d with its kernel,
// stride, padding and dilation, on the input's [H, W]: the round trip, with the remainder Conv2d's floor
// drops and the output_padding that puts it back (remainder_valid false when the Conv2d pads unevenly).
RoundTrip conv_round_trip(const Layer& conv, const Shape& input);

}  // namespace convt::network
