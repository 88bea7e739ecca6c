#include "wasm/js_values.hpp"

#include <string>

namespace convt {
namespace wasm {

using emscripten::val;

namespace {

// A handful of values per call, not per element.
val int_array(const std::vector<int64_t>& v) {
  val a = val::array();
  for (int64_t x : v) a.call<void>("push", double(x));
  return a;
}
val pair_value(Pair p) { return int_array({p.h, p.w}); }

template <typename T>
val typed_copy(const char* ctor, const std::vector<T>& v) {
  // new XArray(view) copies out of the heap: the caller owns the result.
  return val::global(ctor).new_(emscripten::typed_memory_view(v.size(), v.data()));
}

val tensor_value(const std::vector<int64_t>& shape, const std::vector<float>& data) {
  val t = val::object();
  t.set("shape", int_array(shape));
  t.set("data", typed_copy("Float32Array", data));
  return t;
}

val round_trip_value(const RoundTrip& rt) {
  val r = val::object();
  r.set("input", pair_value(rt.input));
  r.set("middle", rt.middle_valid ? pair_value(rt.middle) : val::null());
  r.set("back", rt.back_valid ? pair_value(rt.back) : val::null());
  r.set("ok", rt.ok);
  r.set("outputPadding", pair_value(rt.output_padding));
  r.set("remainder", rt.remainder_valid ? pair_value(rt.remainder) : val::null());
  r.set("fixOutputPadding", rt.remainder_valid ? pair_value(rt.fix_output_padding) : val::null());
  r.set("error", rt.error ? val(rt.error.message) : val::null());
  val back = val::null();
  if (rt.back_stuffed_valid) {
    back = val::object();
    back.set("zerosBetween", pair_value({rt.back_rows.zeros_between, rt.back_cols.zeros_between}));
    back.set("padBefore", pair_value({rt.back_rows.pad_before, rt.back_cols.pad_before}));
    back.set("length", pair_value({rt.back_rows.length, rt.back_cols.length}));
  }
  r.set("backStuffed", back);
  return r;
}

val grid_value(Pair p) {
  val g = val::object();
  g.set("rows", double(p.h));
  g.set("cols", double(p.w));
  return g;
}

}  // namespace

val error_value(const Error& e) {
  val r = val::object();
  r.set("parameter", e.parameter);
  r.set("message", e.message);
  return r;
}

val refused(const Error& e) {
  val v = val::object();
  v.set("error", error_value(e));
  return v;
}

val stuffed_value(const StuffedRun& run) {
  val v = val::object();
  v.set("stuffed", tensor_value(run.construction.stuffed_shape, run.construction.stuffed));
  v.set("flippedWeight", tensor_value(run.construction.flipped_shape, run.construction.flipped));
  v.set("output", tensor_value(run.shape, run.output));
  return v;
}

val explanation_value(const Explanation& ex, const ConvOptions& o) {
  val v = val::object();
  v.set("mode", std::string(ex.mode == Op::Conv2d ? "conv" : "convT"));
  v.set("input", grid_value(ex.input));
  v.set("kernel", grid_value(ex.kernel));
  v.set("output", grid_value(ex.output));
  val padding = val::object();
  padding.set("before", pair_value(ex.formula.p));
  padding.set("after", pair_value(ex.formula.p_after));
  padding.set("mode", std::string(padding_mode_name(ex.padding_mode)));
  v.set("padding", padding);
  val st = grid_value(ex.stuffed);
  st.set("zerosBetween", pair_value({ex.row_axis.zeros_between, ex.col_axis.zeros_between}));
  st.set("padBefore", pair_value({ex.row_axis.pad_before, ex.col_axis.pad_before}));
  st.set("padAfter", pair_value({ex.row_axis.pad_after, ex.col_axis.pad_after}));
  st.set("rowKind", typed_copy("Int8Array", ex.row_kind));
  st.set("colKind", typed_copy("Int8Array", ex.col_kind));
  st.set("cellKind", typed_copy("Int8Array", ex.cell_kind));
  st.set("source", typed_copy("Int32Array", ex.source));
  v.set("stuffed", st);
  v.set("kernelFrom", typed_copy("Int32Array", ex.kernel_from));
  v.set("taps", typed_copy("Int32Array", ex.taps));
  v.set("scatter", typed_copy("Int32Array", ex.scatter));
  v.set("overlap", typed_copy("Int32Array", ex.overlap));
  val mat = val::object();
  mat.set("rows", double(ex.output.h * ex.output.w));
  mat.set("cols", double(ex.input.h * ex.input.w));
  mat.set("entries", typed_copy("Int32Array", ex.matrix));  // (row, column, tap) triples
  v.set("matrix", mat);
  val f = val::object();
  f.set("I", pair_value(ex.input));
  f.set("k", pair_value(ex.kernel));
  f.set("s", pair_value(o.stride));
  f.set("p", pair_value(ex.formula.p));
  f.set("pAfter", pair_value(ex.formula.p_after));
  f.set("d", pair_value(o.dilation));
  f.set("a", pair_value(ex.formula.a));
  f.set("z", pair_value(ex.formula.z));
  f.set("pPrime", pair_value(ex.formula.p_prime));
  v.set("formula", f);
  val rt = val::object();
  rt.set("convThenConvT", round_trip_value(ex.conv_then_conv_transpose));
  rt.set("convTThenConv", round_trip_value(ex.conv_transpose_then_conv));
  v.set("roundTrip", rt);
  return v;
}

val polyphase_value(const Polyphase& pp) {
  val v = val::object();
  v.set("stride", pair_value(pp.stride));
  v.set("output", pair_value(pp.output));
  val phases = val::array();
  for (const PolyphasePhase& ph : pp.phases) {
    val q = val::object();
    q.set("row", double(ph.row));
    q.set("col", double(ph.col));
    q.set("rows", double(ph.rows));
    q.set("cols", double(ph.cols));
    q.set("taps", typed_copy("Int32Array", ph.taps));
    q.set("tapInputRow", typed_copy("Int32Array", ph.tap_input_row));
    q.set("tapInputCol", typed_copy("Int32Array", ph.tap_input_col));
    q.set("output", typed_copy("Float32Array", ph.output));
    q.set("multiplies", double(ph.multiplies));
    phases.call<void>("push", q);
  }
  v.set("phases", phases);
  v.set("interleaved", typed_copy("Float32Array", pp.interleaved));
  v.set("multipliesPolyphase", double(pp.multiplies_polyphase));
  v.set("multipliesStuffed", double(pp.multiplies_stuffed));
  return v;
}

}  // namespace wasm
}  // namespace convt
