// JS <-> C++ for the network entry points. In: layers as JS objects { type, args } whose args hold
// every constructor argument by PyTorch's name (as parseTorch writes them), shapes as arrays of
// numbers; out: plans, decoders and pairs as JS objects. Names cross the seam, never positions.
// web/lib/network/network.js has already checked the JS types and copied the layers into plain
// objects and arrays; every reader here still checks each value's type before it converts it, so a
// value of another type is an Error naming it (a JS exception thrown through the module would skip
// C++ destructors), never a crash.
#pragma once

#include <emscripten/val.h>

#include <string>
#include <vector>

#include "network/network.hpp"

namespace convt {
namespace wasm {

// layers[i] = { type: string, args: { name: null | boolean | number | string | (number | null)[] } }.
Error read_layers(const emscripten::val& layers, std::vector<network::Layer>* out);
// An array of at most 8 numbers, each an exact integer (ranges are plan_network's).
Error read_shape(const emscripten::val& shape, const std::string& parameter, network::Shape* out);
// mirrorNetwork's pooling option by name: 'upsample' or 'convTranspose2d'.
Error read_pooling(const std::string& name, network::MirrorOptions* out);

// { type, args }: the arguments as JS values, lists as arrays (a None inside one as null).
emscripten::val layer_value(const network::Layer& layer);
// [{ input, output } | { input, error: { parameter, message } }]: the message PyTorch's words alone.
emscripten::val plan_value(const network::NetworkPlan& plan);
// { layers: [{ type, args, mirrors, input, output }], problems: [{ layer, refused, parameter, message }] }
emscripten::val mirror_value(const network::NetworkMirror& mirror);
// [{ conv, convT, target, got, verdict, remainder, fix }], fix as pairNetwork returns it.
emscripten::val pairs_value(const network::NetworkPairs& pairs);

}  // namespace wasm
}  // namespace convt
