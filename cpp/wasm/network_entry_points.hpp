// The network functions bindings.cpp registers: planNetwork, mirrorNetwork and pairNetwork. Each
// reads the layers ({ type, args } objects) and the input shape (network_values.hpp), asks
// cpp/network/network.hpp, and returns the answer as a JS object, or { error: { parameter, message } }
// for the JS layer to throw (an argument that is not one, named as the JS API names it): no C++
// exception, no abort, the module lives on. Built for size, like the rules (CMakeLists.txt).
#pragma once

#include <emscripten/val.h>

#include <string>

namespace convt {
namespace wasm {

emscripten::val plan_network_call(const emscripten::val& layers, const emscripten::val& input_shape);
// pooling: 'upsample' or 'convTranspose2d' (MirrorOptions::Pooling by name).
emscripten::val mirror_network_call(const emscripten::val& layers, const emscripten::val& input_shape,
                                    const std::string& pooling);
emscripten::val pair_network_call(const emscripten::val& layers, const emscripten::val& input_shape);

}  // namespace wasm
}  // namespace convt
