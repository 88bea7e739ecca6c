// The module's JS interface: what Embind registers, and nothing else. The call record and its reader
// are in call_record.*, the JS objects the entry points return in js_values.*, the entry points in
// entry_points.*; the network entry points in network_entry_points.*, their conversions in
// network_values.*. cpp/wasm/ is the only folder of cpp/ that includes Emscripten's headers.
#include <emscripten/bind.h>

#include "convt.hpp"
#include "wasm/call_record.hpp"
#include "wasm/entry_points.hpp"
#include "wasm/network_entry_points.hpp"

EMSCRIPTEN_BINDINGS(convt_core) {
  using namespace emscripten;
  using namespace convt;
  using wasm::JsLimits;
  enum_<Op>("Op").value("conv2d", Op::Conv2d).value("convTranspose2d", Op::ConvTranspose2d);
  enum_<Path>("Path").value("fast", Path::Fast).value("reference", Path::Reference).value("stuffed", Path::Stuffed);
  value_object<JsLimits>("Limits")
      .field("maxElements", &JsLimits::maxElements)
      .field("maxMultiplyAdds", &JsLimits::maxMultiplyAdds)
      .field("maxExplainEntries", &JsLimits::maxExplainEntries)
      .field("maxNetworkLayers", &JsLimits::maxNetworkLayers);

  function("callLayout", &wasm::call_layout);
  function("run", &wasm::run_call);
  function("shape", &wasm::shape_call);
  function("stuff", &wasm::stuffed_call);
  function("explain", &wasm::explain_call);
  function("polyphase", &wasm::polyphase_call);
  function("planNetwork", &wasm::plan_network_call);
  function("mirrorNetwork", &wasm::mirror_network_call);
  function("pairNetwork", &wasm::pair_network_call);
  function("limits", &wasm::limits);
  function("releaseWorkspace", &release_workspace);
  function("heapInUse", &wasm::heap_in_use);
}
