// Whole networks, as a list of layers (each layer on the previous one's output, in the order given):
// their shapes, the decoder that mirrors an encoder layer by layer, and the pairs of a network's
// Conv2d and ConvTranspose2d layers with the output_padding that brings each Conv2d's input size
// back. Every shape comes from layer_output_shape and every mirror from mirror_layer: this file
// only walks the list.
#pragma once

#include <cstddef>
#include <optional>
#include <vector>

#include "network/layer_shapes.hpp"
#include "network/mirror.hpp"

namespace convt::network {

// The most layers a network may have: as many as parseTorch reads from one text.
constexpr size_t kMaxNetworkLayers = 1000;

struct PlannedLayer {
  Shape input;
  Shape output;  // empty when the layer is refused
  Error error;   // PyTorch's refusal of the layer on `input` (layer_output_shape's error)
};

// One entry per layer, up to and including the first one PyTorch refuses (whose entry holds the
// error). `error`: the network itself is none: more than kMaxNetworkLayers layers (parameter
// "layers"), or an input shape check_shape refuses (parameter "input").
struct NetworkPlan {
  std::vector<PlannedLayer> layers;
  Error error;
};
NetworkPlan plan_network(const std::vector<Layer>& layers, const Shape& input);

struct DecoderLayer {
  Layer layer;
  size_t mirrors = 0;  // the encoder layer it undoes, or (a shape-keeping layer) the one it repeats
  Shape input, output;
};

// Why the decoder stops at an encoder layer: PyTorch refuses the layer itself, or no decoder layer
// brings its input's shape back (mirror_layer's error).
struct MirrorProblem {
  size_t layer = 0;
  Error error;
  bool refused = false;  // PyTorch refuses the layer (the decoder starts from its input); else it has no mirror
};

// The decoder, from the encoder's output back to its input:
//  - the encoder's layers in reverse, each replaced by its mirror (mirror_layer);
//  - a shape-keeping layer (activation, normalisation, dropout) is repeated where its shape comes
//    back: after the decoder layer whose output is that shape, in the encoder's order, so that
//    Conv2d -> BatchNorm2d -> ReLU comes back as ConvTranspose2d -> BatchNorm2d -> ReLU. The ones
//    after the encoder's last shape-changing layer act on the code, which the decoder is given as
//    it is: they are not repeated;
//  - it stops at the first encoder layer (from the code side) that PyTorch refuses or that has no
//    mirror, with that problem; its last layer then gives that layer's output shape back.
// Problems are listed in the order the decoder meets them.
struct NetworkMirror {
  std::vector<DecoderLayer> layers;
  std::vector<MirrorProblem> problems;
  Error error;  // plan_network's
};
NetworkMirror mirror_network(const std::vector<Layer>& encoder, const Shape& input, const MirrorOptions& options);

enum class Verdict : int8_t { Ok, Fail, Undefined };

// A Conv2d of the network and the ConvTranspose2d that undoes it: the k-th Conv2d from the input
// with the k-th ConvTranspose2d from the output, as long as the Conv2d comes first.
struct LayerPair {
  size_t conv = 0, conv_transpose = 0;
  std::optional<Pair> target;     // the Conv2d's input [H, W] (when the Conv2d is planned)
  std::optional<Pair> got;        // the ConvTranspose2d's output [H, W] (when it is planned)
  Verdict verdict = Verdict::Undefined;  // Ok: got == target; Fail: not; Undefined: either is unknown
  std::optional<Pair> remainder;  // the lines the Conv2d's floor drops (none when it pads unevenly)
  // The output_padding that makes the ConvTranspose2d give `target` once every pair inside this one
  // (closer to the code) has its fix, as ConvTranspose2d.forward(x, output_size = target) derives it;
  // or `no_fix`, why no output_padding does. Neither: the ConvTranspose2d's input or the target is
  // unknown (PyTorch refuses a layer before it).
  std::optional<Pair> fix;
  Error no_fix;
};

struct NetworkPairs {
  std::vector<LayerPair> pairs;  // outermost first: the first Conv2d's pair
  Error error;                   // plan_network's
};
NetworkPairs pair_network(const std::vector<Layer>& layers, const Shape& input);

}  // namespace convt::network
