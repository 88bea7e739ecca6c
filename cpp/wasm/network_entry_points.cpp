#include "wasm/network_entry_points.hpp"

#include "network/network.hpp"
#include "wasm/js_values.hpp"
#include "wasm/network_values.hpp"

namespace convt {
namespace wasm {

using emscripten::val;

namespace {

Error read_network(const val& layers, const val& input_shape, std::vector<network::Layer>* l, network::Shape* shape) {
  if (Error e = read_layers(layers, l)) return e;
  return read_shape(input_shape, "inputShape", shape);
}

// A network refused as a whole: plan_network names the shape "input", the JS API "inputShape".
Error api_error(const Error& e) {
  if (e.parameter != "input") return e;
  return make_error("inputShape", e.message.substr(e.parameter.size() + 2));
}

}  // namespace

val plan_network_call(const val& layers, const val& input_shape) {
  std::vector<network::Layer> l;
  network::Shape shape;
  if (Error e = read_network(layers, input_shape, &l, &shape)) return refused(e);
  const network::NetworkPlan plan = network::plan_network(l, shape);
  if (plan.error) return refused(api_error(plan.error));
  return plan_value(plan);
}

val mirror_network_call(const val& layers, const val& input_shape, const std::string& pooling) {
  std::vector<network::Layer> l;
  network::Shape shape;
  network::MirrorOptions options;
  Error e = read_network(layers, input_shape, &l, &shape);
  if (!e) e = read_pooling(pooling, &options);
  if (e) return refused(e);
  const network::NetworkMirror mirror = network::mirror_network(l, shape, options);
  if (mirror.error) return refused(api_error(mirror.error));
  return mirror_value(mirror);
}

val pair_network_call(const val& layers, const val& input_shape) {
  std::vector<network::Layer> l;
  network::Shape shape;
  if (Error e = read_network(layers, input_shape, &l, &shape)) return refused(e);
  const network::NetworkPairs pairs = network::pair_network(l, shape);
  if (pairs.error) return refused(api_error(pairs.error));
  return pairs_value(pairs);
}

}  // namespace wasm
}  // namespace convt
