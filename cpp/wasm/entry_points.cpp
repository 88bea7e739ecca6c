#include "wasm/entry_points.hpp"

#include <malloc.h>

#include "convt.hpp"
#include "network/network.hpp"
#include "teaching/explain.hpp"
#include "teaching/polyphase.hpp"
#include "wasm/call_record.hpp"
#include "wasm/js_values.hpp"

namespace convt {
namespace wasm {

using emscripten::val;

namespace {

// Reads the call in the record and, when it reads, runs `f` on it.
template <typename F>
Error read_call(uintptr_t record, const std::string& padding_mode, const std::string& padding_string, F f) {
  RecordReader r{record_at(record), {}};
  const Call call = r.call(padding_mode, padding_string);
  return r.error ? r.error : f(call);
}

}  // namespace

val run_call(uintptr_t record, const std::string& padding_mode, const std::string& padding_string) {
  Output y;
  if (Error e = read_call(record, padding_mode, padding_string, [&](const Call& c) { return run(c, &y); }))
    return error_value(e);
  write_output(record, &y);
  return val::null();
}

val shape_call(uintptr_t record, const std::string& padding_mode, const std::string& padding_string) {
  RecordReader r{record_at(record), {}};
  const Call call = r.call_shapes(padding_mode, padding_string);
  Planned planned;
  if (Error e = r.error ? r.error : plan_shapes(call, &planned)) return error_value(e);
  write_planned(record, planned);
  return val::null();
}

val stuffed_call(uintptr_t record, const std::string& padding_mode, const std::string& padding_string) {
  StuffedRun run;
  if (Error e = read_call(record, padding_mode, padding_string, [&](const Call& c) { return run_stuffed(c, &run); }))
    return refused(e);
  return stuffed_value(run);
}

val explain_call(uintptr_t record, const std::string& padding_mode, const std::string& padding_string) {
  RecordReader r{record_at(record), {}};
  const Op mode = r.op("mode");
  const Pair size = r.pair(Field::size, "size"), kernel = r.pair(Field::kernelSize, "kernelSize");
  const ConvOptions o = r.options(padding_mode, padding_string);
  Explanation ex;
  Error e = r.error;
  if (!e) e = explain(mode, size, kernel, o, &ex);
  if (e) return refused(e);
  return explanation_value(ex, o);
}

val polyphase_call(uintptr_t record, const std::string& padding_mode, const std::string& padding_string) {
  RecordReader r{record_at(record), {}};
  const Pair size = r.pair(Field::size, "size"), kernel = r.pair(Field::kernelSize, "kernelSize");
  const ConvOptions o = r.options(padding_mode, padding_string);
  const float* x = r.address<float>(Field::xData, "x");
  const int64_t x_len = r.integer(Field::xLength, "x", 0, "length ");
  const float* w = r.address<float>(Field::wData, "w");
  const int64_t w_len = r.integer(Field::wLength, "w", 0, "length ");
  Polyphase pp;
  Error e = r.error;
  if (!e) e = polyphase(size, kernel, o, x, x_len, w, w_len, &pp);
  if (e) return refused(e);
  return polyphase_value(pp);
}

JsLimits limits() {
  return {double(kMaxElements), double(kMaxMultiplyAdds), double(kMaxExplainEntries),
          double(network::kMaxNetworkLayers)};
}

double heap_in_use() {
  struct mallinfo mi = mallinfo();
  return double(mi.uordblks);
}

}  // namespace wasm
}  // namespace convt
