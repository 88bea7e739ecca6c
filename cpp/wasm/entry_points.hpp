// The functions bindings.cpp registers (the network ones: network_entry_points.hpp): each reads its
// arguments from the call record, asks the core, and hands the answer back (through the record, or
// as a JS object from js_values.hpp). An error comes back as {parameter, message} (or {error} in an
// object) for core.js to throw: no C++ exception, no abort, the module lives on.
#pragma once

#include <emscripten/val.h>

#include <cstdint>
#include <string>

namespace convt {
namespace wasm {

// conv2d / convTranspose2d: null, the output written into the record; or the error.
emscripten::val run_call(uintptr_t record, const std::string& padding_mode, const std::string& padding_string);
// conv2dShape / convTranspose2dShape: null, the output's shape and multiply-adds written into the
// record; or the error. The record holds the shapes, the bias's length and the options, no data.
emscripten::val shape_call(uintptr_t record, const std::string& padding_mode, const std::string& padding_string);
// ConvTranspose2d by the seed's construction, with its pieces for the page to draw.
emscripten::val stuffed_call(uintptr_t record, const std::string& padding_mode, const std::string& padding_string);
// explain(): record fields op (the mode), size, kernelSize and the options.
emscripten::val explain_call(uintptr_t record, const std::string& padding_mode, const std::string& padding_string);
// polyphase(): record fields size, kernelSize, the options, and x / w (xData, xLength, wData, wLength).
emscripten::val polyphase_call(uintptr_t record, const std::string& padding_mode, const std::string& padding_string);

// The caps, as JS numbers.
struct JsLimits {
  double maxElements, maxMultiplyAdds, maxExplainEntries, maxNetworkLayers;
};
JsLimits limits();

// Bytes of the WASM heap in use by malloc: lets tests prove calls do not leak.
double heap_in_use();

}  // namespace wasm
}  // namespace convt
