#include "network/network.hpp"

#include <algorithm>
#include <string>

namespace convt::network {

namespace {

Pair spatial(const Shape& s) { return {s[s.size() - 2], s[s.size() - 1]}; }

bool planned(const NetworkPlan& plan, size_t i) { return i < plan.layers.size() && !plan.layers[i].error; }

}  // namespace

NetworkPlan plan_network(const std::vector<Layer>& layers, const Shape& input) {
  NetworkPlan plan;
  if (layers.size() > kMaxNetworkLayers) {
    plan.error = make_error("layers", "a network of at most " + std::to_string(kMaxNetworkLayers) +
                                          " layers, but got " + std::to_string(layers.size()));
    return plan;
  }
  if ((plan.error = check_shape(input))) return plan;
  plan.layers.reserve(layers.size());
  Shape x = input;
  for (const Layer& layer : layers) {
    LayerShape y = layer_output_shape(layer, x);
    const bool refused = bool(y.error);
    plan.layers.push_back({x, std::move(y.output), std::move(y.error)});
    if (refused) break;
    x = plan.layers.back().output;
  }
  return plan;
}

NetworkMirror mirror_network(const std::vector<Layer>& encoder, const Shape& input, const MirrorOptions& options) {
  NetworkMirror r;
  const NetworkPlan plan = plan_network(encoder, input);
  if ((r.error = plan.error)) return r;
  size_t usable = plan.layers.size();
  if (usable && plan.layers.back().error) {
    --usable;
    r.problems.push_back({usable, plan.layers.back().error, true});
  }
  std::vector<MirrorLayer> mirrors;
  mirrors.reserve(usable);
  for (size_t i = 0; i < usable; ++i) mirrors.push_back(mirror_layer(encoder[i], plan.layers[i].input, options));
  const auto keeps_shape = [&](size_t i) { return mirrors[i].keeps_shape; };

  size_t end = usable;
  while (end > 0 && keeps_shape(end - 1)) --end;  // the code's own activations: not repeated
  while (end > 0) {
    const size_t j = end - 1;  // a layer that changes the shape, or has no mirror
    if (mirrors[j].error) {
      r.problems.push_back({j, mirrors[j].error, false});
      break;
    }
    r.layers.push_back({mirrors[j].layer, j, plan.layers[j].output, plan.layers[j].input});
    // The shape-keeping layers just before it act on its input's shape, which its mirror gives back.
    size_t first = j;
    while (first > 0 && keeps_shape(first - 1)) --first;
    for (size_t k = first; k < j; ++k) r.layers.push_back({encoder[k], k, plan.layers[k].input, plan.layers[k].output});
    end = first;
  }
  return r;
}

NetworkPairs pair_network(const std::vector<Layer>& layers, const Shape& input) {
  NetworkPairs r;
  const NetworkPlan plan = plan_network(layers, input);
  if ((r.error = plan.error)) return r;
  std::vector<size_t> convs, conv_transposes;
  for (size_t i = 0; i < layers.size(); ++i) {
    if (layers[i].type == "Conv2d") convs.push_back(i);
    if (layers[i].type == "ConvTranspose2d") conv_transposes.push_back(i);
  }
  for (size_t k = 0; k < std::min(convs.size(), conv_transposes.size()); ++k) {
    LayerPair p;
    p.conv = convs[k];
    p.conv_transpose = conv_transposes[conv_transposes.size() - 1 - k];
    if (p.conv > p.conv_transpose) break;  // the pairs would cross: no decoder undoes this Conv2d
    if (planned(plan, p.conv)) {
      const Shape& x = plan.layers[p.conv].input;
      p.target = spatial(x);
      const RoundTrip trip = conv_round_trip(layers[p.conv], x);
      if (trip.remainder_valid) p.remainder = trip.remainder;
    }
    if (planned(plan, p.conv_transpose)) p.got = spatial(plan.layers[p.conv_transpose].output);
    if (p.target && p.got) p.verdict = *p.target == *p.got ? Verdict::Ok : Verdict::Fail;
    r.pairs.push_back(p);
  }

  // The fixes, from the inside out (the innermost pair's ConvTranspose2d comes first in the list):
  // one walk through the network with each fix applied as soon as it is known, so that each
  // ConvTranspose2d's input is the one it gets once the pairs inside it are fixed.
  std::vector<LayerPair*> by_position;
  for (auto it = r.pairs.rbegin(); it != r.pairs.rend(); ++it) by_position.push_back(&*it);
  if (by_position.empty() || by_position[0]->conv_transpose >= plan.layers.size()) return r;
  size_t next = 0;
  Shape x = plan.layers[by_position[0]->conv_transpose].input;  // the layers before it are as planned
  for (size_t i = by_position[0]->conv_transpose; i < layers.size() && next < by_position.size(); ++i) {
    const Layer* layer = &layers[i];
    Layer fixed;
    LayerPair& p = *by_position[next];
    if (i == p.conv_transpose) {
      ++next;
      if (p.target) {
        const OutputPaddingFor f = output_padding_for(layers[i], x, *p.target);
        if (f.error) {
          p.no_fix = f.error;
        } else {
          p.fix = f.output_padding;
          fixed = layers[i];
          fixed.args["output_padding"] = ArgValue::of_pair(f.output_padding);
          layer = &fixed;
        }
      }
    }
    const LayerShape y = layer_output_shape(*layer, x);
    if (y.error) break;
    x = y.output;
  }
  return r;
}

}  // namespace convt::network
