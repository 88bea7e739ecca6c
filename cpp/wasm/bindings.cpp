// The only file that knows about Emscripten: it registers the core's entry points with Embind and
// converts between JS values and the core's C++ types, nothing else.
//
// The seam. The numbers of a call cross in one Float64Array (the call record) laid out by one table,
// kCallFields below: each field has a name and a size. web/lib/core.js reads the table once
// (callLayout()) and writes every number at its field's offset by name, and this file reads them by
// the same names, so nothing depends on an order kept in step by hand. core.js fills the record with
// NaN first: a field it did not write is refused by name. The two strings of a call (padding_mode,
// and padding when it is 'same' / 'valid' / any other text) cross as Embind strings, checked by the
// core. Each JS number is checked while it is converted (finite, integral, in range); every other
// rule is the core's. An error comes back as {parameter, message} for core.js to throw: no C++
// exception, no abort, the module lives on. The outputs of run() are written back into the record
// (shape, and the address of the malloc-ed values core.js copies out and frees), so a call builds no
// JS object here at all; explain() and the rest return JS objects built with emscripten::val.
#include <emscripten/bind.h>
#include <emscripten/val.h>
#include <malloc.h>

#include <cmath>
#include <cstdint>
#include <sstream>
#include <string>
#include <vector>

#include "teaching/polyphase.hpp"
#include "convt.hpp"

using emscripten::val;
using namespace convt;

namespace {

// ---- The call record -------------------------------------------------------------------------

constexpr int kMaxRank = 8;  // shapes and output sizes: core.js refuses longer arrays

// name, number of doubles. Inputs first, then what run() writes back.
#define CONVT_CALL_FIELDS(X)                                                                              \
  X(op, 1)              /* an Op enum value */                                                            \
  X(path, 1)            /* a Path enum value */                                                           \
  X(xRank, 1)           /* x: shape (xRank values), heap address and number of floats */                  \
  X(xShape, kMaxRank)                                                                                     \
  X(xData, 1)                                                                                             \
  X(xLength, 1)                                                                                           \
  X(wRank, 1)           /* w: likewise */                                                                 \
  X(wShape, kMaxRank)                                                                                     \
  X(wData, 1)                                                                                             \
  X(wLength, 1)                                                                                           \
  X(bias, 1)            /* heap address */                                                                \
  X(biasLength, 1)      /* -1: no bias */                                                                 \
  X(size, 2)            /* explain() / polyphase(): the input's [H, W] */                                 \
  X(kernelSize, 2)      /* explain() / polyphase(): [kH, kW] */                                           \
  X(stride, 2)                                                                                            \
  X(padding, 2)                                                                                           \
  X(paddingIsString, 1) /* 1: padding was a string (the string argument), the numbers are not read */     \
  X(dilation, 2)                                                                                          \
  X(outputPadding, 2)                                                                                     \
  X(outputPaddingGiven, 1)                                                                                \
  X(outputSizeLength, 1) /* -1: no output_size */                                                         \
  X(outputSize, kMaxRank)                                                                                 \
  X(groups, 1)                                                                                            \
  X(outRank, 1)         /* run() writes the output's rank, shape, heap address and number of floats */    \
  X(outShape, 4)                                                                                          \
  X(outData, 1)                                                                                           \
  X(outLength, 1)

enum class Field {
#define CONVT_FIELD_ENUM(name, count) name,
  CONVT_CALL_FIELDS(CONVT_FIELD_ENUM)
#undef CONVT_FIELD_ENUM
};

struct FieldInfo {
  const char* name;
  int count;
};
constexpr FieldInfo kCallFields[] = {
#define CONVT_FIELD_INFO(name, count) {#name, count},
    CONVT_CALL_FIELDS(CONVT_FIELD_INFO)
#undef CONVT_FIELD_INFO
};
constexpr int kFieldCount = int(sizeof(kCallFields) / sizeof(kCallFields[0]));

constexpr int offset_of(Field f) {
  int offset = 0;
  for (int i = 0; i < int(f); ++i) offset += kCallFields[i].count;
  return offset;
}
constexpr int kRecordDoubles = offset_of(Field(kFieldCount - 1)) + kCallFields[kFieldCount - 1].count;

// {fields: {name: [offset, count]}, doubles}: what core.js writes by name.
val call_layout() {
  val fields = val::object();
  for (int i = 0; i < kFieldCount; ++i) {
    val f = val::array();
    f.call<void>("push", offset_of(Field(i)));
    f.call<void>("push", kCallFields[i].count);
    fields.set(kCallFields[i].name, f);
  }
  val layout = val::object();
  layout.set("fields", fields);
  layout.set("doubles", kRecordDoubles);
  return layout;
}

// Reads a call record: JS numbers to integers, the first that is not an exact integer becomes the
// error, named after the JS API's parameter.
struct RecordReader {
  const double* record;
  Error error;

  double number(Field f, int i = 0) const { return record[offset_of(f) + i]; }
  int64_t integer(Field f, const std::string& parameter, int i = 0, const std::string& what = "") {
    const double v = number(f, i);
    if (error) return 0;
    if (!std::isfinite(v) || std::floor(v) != v) {
      std::ostringstream o;
      if (std::isnan(v)) o << "NaN";
      else if (std::isinf(v)) o << (v > 0 ? "Infinity" : "-Infinity");
      else o << v;
      error = make_error(parameter, what + "must be an integer, but got " + o.str());
      return 0;
    }
    if (std::fabs(v) > 9007199254740991.0) {  // beyond 2^53: not an exact integer in JS
      error = make_error(parameter, what + "is too large");
      return 0;
    }
    return int64_t(v);
  }
  Pair pair(Field f, const std::string& parameter) {
    return {integer(f, parameter, 0, "[0] "), integer(f, parameter, 1, "[1] ")};
  }
  // `count` values of an array field (a shape, an output size).
  std::vector<int64_t> integers(Field f, int64_t count, const std::string& parameter) {
    std::vector<int64_t> r;
    if (count < 0 || count > kMaxRank) {
      if (!error) error = make_error(parameter, "must have at most " + std::to_string(kMaxRank) + " values");
      return r;
    }
    for (int i = 0; i < int(count) && !error; ++i)
      r.push_back(integer(f, parameter, i, "[" + std::to_string(i) + "] "));
    return r;
  }
  template <typename T>
  const T* address(Field f, const std::string& parameter) {
    return reinterpret_cast<const T*>(uintptr_t(integer(f, parameter)));
  }

  ConvOptions options(const std::string& padding_mode, const std::string& padding_string) {
    ConvOptions o;
    o.stride = pair(Field::stride, "stride");
    o.padding = pair(Field::padding, "padding");
    if (number(Field::paddingIsString) == 1) o.padding_string = padding_string;
    o.padding_mode = padding_mode;
    o.dilation = pair(Field::dilation, "dilation");
    o.output_padding = pair(Field::outputPadding, "outputPadding");
    o.output_padding_given = number(Field::outputPaddingGiven) == 1;
    const int64_t output_size_length = integer(Field::outputSizeLength, "outputSize", 0, "length ");
    if (output_size_length >= 0) o.output_size = integers(Field::outputSize, output_size_length, "outputSize");
    o.groups = integer(Field::groups, "groups");
    return o;
  }

  // Op and Path from their Embind enum values (core.js writes only these).
  Op op(const std::string& parameter) {
    const int64_t v = integer(Field::op, parameter);
    if (v != int64_t(Op::Conv2d) && v != int64_t(Op::ConvTranspose2d) && !error)
      error = make_error(parameter, "internal: unknown operation " + std::to_string(v));
    return Op(v);
  }
  Path path() {
    const int64_t v = integer(Field::path, "path");
    if ((v < int64_t(Path::Fast) || v > int64_t(Path::Stuffed)) && !error)
      error = make_error("path", "internal: unknown path " + std::to_string(v));
    return Path(v);
  }

  Call call(const std::string& padding_mode, const std::string& padding_string) {
    Call c;
    c.op = op("op");
    c.path = path();
    c.x.shape = integers(Field::xShape, integer(Field::xRank, "x.shape", 0, "length "), "x.shape");
    c.x.data = address<float>(Field::xData, "x.data");
    c.x.length = integer(Field::xLength, "x.data", 0, "length ");
    c.w.shape = integers(Field::wShape, integer(Field::wRank, "w.shape", 0, "length "), "w.shape");
    c.w.data = address<float>(Field::wData, "w.data");
    c.w.length = integer(Field::wLength, "w.data", 0, "length ");
    c.bias_length = integer(Field::biasLength, "bias", 0, "length ");
    c.bias = c.bias_length >= 0 ? address<float>(Field::bias, "bias") : nullptr;
    c.options = options(padding_mode, padding_string);
    return c;
  }
};

const double* record_at(uintptr_t record) { return reinterpret_cast<const double*>(record); }

// ---- C++ -> JS ------------------------------------------------------------------------------

val error_value(const Error& e) {
  val r = val::object();
  r.set("parameter", e.parameter);
  r.set("message", e.message);
  return r;
}

// Only explain() and the construction use these: a handful of values per call, not per element.
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

// ---- Entry points ----------------------------------------------------------------------------

// Reads the call in the record and, when it reads, runs `f` on it.
template <typename F>
Error read_call(uintptr_t record, const std::string& padding_mode, const std::string& padding_string, F f) {
  RecordReader r{record_at(record), {}};
  const Call call = r.call(padding_mode, padding_string);
  return r.error ? r.error : f(call);
}

// conv2d / convTranspose2d: null, its output written into the record; or the error.
val run_call(uintptr_t record, const std::string& padding_mode, const std::string& padding_string) {
  Output y;
  if (Error e = read_call(record, padding_mode, padding_string, [&](const Call& c) { return run(c, &y); }))
    return error_value(e);
  double* out = reinterpret_cast<double*>(record);
  out[offset_of(Field::outRank)] = double(y.shape.size());
  for (size_t i = 0; i < y.shape.size(); ++i) out[offset_of(Field::outShape) + int(i)] = double(y.shape[i]);
  out[offset_of(Field::outLength)] = double(y.length);
  out[offset_of(Field::outData)] = double(reinterpret_cast<uintptr_t>(y.data.release()));  // core.js frees it
  return val::null();
}

// ConvT by the seed's construction, with its pieces for the page to draw.
val stuffed_call(uintptr_t record, const std::string& padding_mode, const std::string& padding_string) {
  StuffedRun run;
  const Error e = read_call(record, padding_mode, padding_string, [&](const Call& c) { return run_stuffed(c, &run); });
  val v = val::object();
  if (e) {
    v.set("error", error_value(e));
    return v;
  }
  v.set("stuffed", tensor_value(run.construction.stuffed_shape, run.construction.stuffed));
  v.set("flippedWeight", tensor_value(run.construction.flipped_shape, run.construction.flipped));
  v.set("output", tensor_value(run.shape, run.output));
  return v;
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
  return r;
}

val grid_value(Pair p) {
  val g = val::object();
  g.set("rows", double(p.h));
  g.set("cols", double(p.w));
  return g;
}

// explain(): record fields op (the mode), size, kernelSize and the options.
val explain_call(uintptr_t record, const std::string& padding_mode, const std::string& padding_string) {
  RecordReader r{record_at(record), {}};
  const Op mode = r.op("mode");
  const Pair size = r.pair(Field::size, "size"), kernel = r.pair(Field::kernelSize, "kernelSize");
  const ConvOptions o = r.options(padding_mode, padding_string);
  Explanation ex;
  Error e = r.error;
  if (!e) e = explain(mode, size, kernel, o, &ex);
  val v = val::object();
  if (e) {
    v.set("error", error_value(e));
    return v;
  }
  v.set("mode", std::string(mode == Op::Conv2d ? "conv" : "convT"));
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

// polyphase(): record fields size, kernelSize, the options, and x / w (xData, xLength, wData, wLength).
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
  val v = val::object();
  if (e) {
    v.set("error", error_value(e));
    return v;
  }
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

struct JsLimits {
  double maxElements = double(kMaxElements);
  double maxMultiplyAdds = double(kMaxMultiplyAdds);
  double maxExplainEntries = double(kMaxExplainEntries);
};
JsLimits limits() { return {}; }

// Bytes of the WASM heap in use by malloc: lets tests prove calls do not leak.
double heap_in_use() {
  struct mallinfo mi = mallinfo();
  return double(mi.uordblks);
}

}  // namespace

EMSCRIPTEN_BINDINGS(convt_core) {
  using namespace emscripten;
  enum_<Op>("Op").value("conv2d", Op::Conv2d).value("convTranspose2d", Op::ConvTranspose2d);
  enum_<Path>("Path").value("fast", Path::Fast).value("reference", Path::Reference).value("stuffed", Path::Stuffed);
  value_object<JsLimits>("Limits")
      .field("maxElements", &JsLimits::maxElements)
      .field("maxMultiplyAdds", &JsLimits::maxMultiplyAdds)
      .field("maxExplainEntries", &JsLimits::maxExplainEntries);

  function("callLayout", &call_layout);
  function("run", &run_call);
  function("stuff", &stuffed_call);
  function("explain", &explain_call);
  function("polyphase", &polyphase_call);
  function("limits", &limits);
  function("releaseWorkspace", &release_workspace);
  function("heapInUse", &heap_in_use);
}
