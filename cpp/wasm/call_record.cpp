#include "wasm/call_record.hpp"

namespace convt {
namespace wasm {

using emscripten::val;

val call_layout() {
  val fields = val::object();
  for (int i = 0; i < kFieldCount; ++i) {
    val f = val::array();
    f.call<void>("push", offset_of(Field(i)));
    f.call<void>("push", kCallFields[i].count);
    fields.set(kCallFields[i].name, f);
  }
  val paths = val::array();
  for (const FastPath& path : fast_paths()) {
    val p = val::object();
    p.set("name", std::string(path.name));
    p.set("op", std::string(path.op == Op::Conv2d ? "conv2d" : "convTranspose2d"));
    paths.call<void>("push", p);
  }
  val layout = val::object();
  layout.set("fields", fields);
  layout.set("doubles", kRecordDoubles);
  layout.set("fastPaths", paths);
  return layout;
}

void write_output(uintptr_t record, Output* y) {
  double* out = reinterpret_cast<double*>(record);
  out[offset_of(Field::outRank)] = double(y->shape.size());
  for (size_t i = 0; i < y->shape.size(); ++i) out[offset_of(Field::outShape) + int(i)] = double(y->shape[i]);
  out[offset_of(Field::outLength)] = double(y->length);
  out[offset_of(Field::outData)] = double(reinterpret_cast<uintptr_t>(y->data.release()));  // core.js frees it
}

void write_planned(uintptr_t record, const Planned& planned) {
  double* out = reinterpret_cast<double*>(record);
  out[offset_of(Field::outRank)] = double(planned.shape.size());
  for (size_t i = 0; i < planned.shape.size(); ++i) out[offset_of(Field::outShape) + int(i)] = double(planned.shape[i]);
  out[offset_of(Field::outMultiplyAdds)] = double(planned.multiply_adds);
}

}  // namespace wasm
}  // namespace convt
