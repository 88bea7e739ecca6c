// C++ -> JS: the JS objects the entry points return (errors, explain()'s tables, the polyphase view,
// the zero-stuffed construction), built with emscripten::val in one place. A plain call returns
// none of these: its output goes back through the call record (call_record.hpp).
#pragma once

#include <emscripten/val.h>

#include <cstdint>
#include <vector>

#include "convt.hpp"
#include "teaching/explain.hpp"
#include "teaching/polyphase.hpp"

namespace convt {
namespace wasm {

// {parameter, message}: core.js throws it as a ConvtError.
emscripten::val error_value(const Error& e);
// {error}: what an entry point that returns an object returns when the core refuses.
emscripten::val refused(const Error& e);

emscripten::val stuffed_value(const StuffedRun& run);
// `options` are the call's, for the formula's s and d as given.
emscripten::val explanation_value(const Explanation& ex, const ConvOptions& options);
emscripten::val polyphase_value(const Polyphase& pp);

}  // namespace wasm
}  // namespace convt
