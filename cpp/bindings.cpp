// The only file that knows about Emscripten. JS passes numbers through one Float64Array "spec"
// in the heap and tensors as heap offsets; every number is checked here (finite, integral, in
// range) and every rule in conv_geometry. Errors come back as {error, parameter} objects that
// web/lib/core.js turns into thrown Errors: no C++ exception, no abort, the module lives on.
#include <emscripten/bind.h>
#include <emscripten/val.h>
#include <malloc.h>

#include <algorithm>
#include <cmath>
#include <memory>
#include <new>
#include <sstream>
#include <string>
#include <vector>

#include "conv_fast.hpp"
#include "conv_polyphase.hpp"
#include "conv_stuffed.hpp"
#include "convt.hpp"

using emscripten::val;
using namespace convt;

namespace {

// Reads the spec sequentially; the first bad number becomes the error.
struct SpecReader {
  const double* at;
  size_t left;
  Error error;

  double raw() {
    if (left == 0) {
      if (!error) error = make_error("spec", "internal: spec too short");
      return 0;
    }
    --left;
    return *at++;
  }
  int64_t integer(const std::string& name) {
    const double v = raw();
    if (error) return 0;
    if (!std::isfinite(v) || std::floor(v) != v) {
      std::ostringstream o;
      if (std::isnan(v)) o << "NaN";
      else if (std::isinf(v)) o << (v > 0 ? "Infinity" : "-Infinity");
      else o << v;
      error = make_error(name, "must be an integer, but got " + o.str());
      return 0;
    }
    if (std::fabs(v) > 9007199254740991.0) {  // beyond 2^53: not an exact integer in JS
      error = make_error(name, "is too large");
      return 0;
    }
    return int64_t(v);
  }
  Pair pair(const std::string& name) {
    Pair p;
    p.h = integer(name + "[0]");
    p.w = integer(name + "[1]");
    if (error && error.parameter.rfind(name, 0) == 0) error = make_error(name, error.message.substr(error.parameter.size() + 2));
    return p;
  }
  std::vector<int64_t> shape(const std::string& name) {
    const int64_t rank = integer(name + ".length");
    std::vector<int64_t> s;
    if (error) return s;
    if (rank < 0 || rank > 8) {
      error = make_error(name, "expected 3 or 4 dimensions, but got " + std::to_string(rank));
      return s;
    }
    for (int64_t i = 0; i < rank && !error; ++i) s.push_back(integer(name + "[" + std::to_string(i) + "]"));
    return s;
  }
};

val error_value(const Error& e) {
  val r = val::object();
  r.set("error", e.message);
  r.set("parameter", e.parameter);
  return r;
}

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

struct ConvCall {
  Op op;
  std::vector<int64_t> x_shape, w_shape;
  int64_t x_len = 0, w_len = 0, bias_len = -1;
  ConvOptions opt;
};

// Spec layout (all doubles): x.shape (rank, dims...), w.shape (rank, dims...), x.data.length,
// w.data.length, bias length (-1: none), stride[2], padding[2], dilation[2], outputPadding[2], groups.
Error read_call(int op, uintptr_t spec_ptr, int spec_len, ConvCall* c) {
  SpecReader r{reinterpret_cast<const double*>(spec_ptr), size_t(spec_len), {}};
  c->op = op == 0 ? Op::Conv2d : Op::ConvTranspose2d;
  c->x_shape = r.shape("x.shape");
  c->w_shape = r.shape("w.shape");
  c->x_len = r.integer("x.data.length");
  c->w_len = r.integer("w.data.length");
  c->bias_len = r.integer("bias.length");
  c->opt.stride = r.pair("stride");
  c->opt.padding = r.pair("padding");
  c->opt.dilation = r.pair("dilation");
  c->opt.output_padding = r.pair("outputPadding");
  c->opt.groups = r.integer("groups");
  return r.error;
}

val run(int op, int path, uintptr_t x, uintptr_t w, uintptr_t bias, uintptr_t spec, int spec_len) {
  ConvCall c;
  if (Error e = read_call(op, spec, spec_len, &c)) return error_value(e);
  ConvProblem p;
  if (Error e = plan_conv(c.op, c.x_shape, c.x_len, c.w_shape, c.w_len, c.bias_len, c.opt, &p)) return error_value(e);
  // Not zero-filled: every path writes every output element.
  std::unique_ptr<float[]> y(new (std::nothrow) float[size_t(std::max<int64_t>(p.output_elements(), 1))]);
  if (!y) return error_value(make_error("x", "out of memory for an output of " + std::to_string(p.output_elements()) + " elements"));
  const Path path_kind = path == 0 ? Path::Fast : path == 1 ? Path::Reference : Path::Stuffed;
  if (Error e = execute_conv(p, path_kind, reinterpret_cast<const float*>(x), reinterpret_cast<const float*>(w),
                             c.bias_len >= 0 ? reinterpret_cast<const float*>(bias) : nullptr, y.get()))
    return error_value(e);
  val t = val::object();
  t.set("shape", int_array(p.output_shape()));
  t.set("data", val::global("Float32Array").new_(emscripten::typed_memory_view(size_t(p.output_elements()), y.get())));
  return t;
}

// ConvT by the seed's construction, returning its pieces for the page to draw.
val stuff(uintptr_t x, uintptr_t w, uintptr_t bias, uintptr_t spec, int spec_len) {
  ConvCall c;
  if (Error e = read_call(1, spec, spec_len, &c)) return error_value(e);
  ConvProblem p;
  if (Error e = plan_conv(c.op, c.x_shape, c.x_len, c.w_shape, c.w_len, c.bias_len, c.opt, &p)) return error_value(e);
  StuffedConstruction sc;
  std::vector<float> y(size_t(p.output_elements()));
  if (Error e = conv_transpose2d_by_stuffing(p, reinterpret_cast<const float*>(x), reinterpret_cast<const float*>(w),
                                             c.bias_len >= 0 ? reinterpret_cast<const float*>(bias) : nullptr,
                                             y.data(), &sc))
    return error_value(e);
  val r = val::object();
  r.set("stuffed", tensor_value(sc.stuffed_shape, sc.stuffed));
  r.set("flippedWeight", tensor_value(sc.flipped_shape, sc.flipped));
  r.set("output", tensor_value(p.output_shape(), y));
  return r;
}

val round_trip_value(const RoundTrip& rt, bool with_remainder, Pair output_padding) {
  val r = val::object();
  r.set("input", pair_value(rt.input));
  r.set("middle", rt.middle_valid ? pair_value(rt.middle) : val::null());
  r.set("back", rt.back_valid ? pair_value(rt.back) : val::null());
  r.set("ok", rt.ok);
  r.set("outputPadding", pair_value(output_padding));
  if (with_remainder) {
    r.set("remainder", rt.middle_valid ? pair_value(rt.remainder) : val::null());
    r.set("fixOutputPadding", rt.middle_valid ? pair_value(rt.fix_output_padding) : val::null());
  }
  r.set("error", rt.error ? val(rt.error.message) : val::null());
  return r;
}

// Geometry spec of the page's helpers: size[2], kernelSize[2], stride[2], padding[2], dilation[2],
// outputPadding[2].
Error read_geometry(uintptr_t spec, int spec_len, Pair* size, Pair* kernel, ConvOptions* o) {
  SpecReader r{reinterpret_cast<const double*>(spec), size_t(spec_len), {}};
  *size = r.pair("size");
  *kernel = r.pair("kernelSize");
  o->stride = r.pair("stride");
  o->padding = r.pair("padding");
  o->dilation = r.pair("dilation");
  o->output_padding = r.pair("outputPadding");
  return r.error;
}

val explain_geometry(int mode, uintptr_t spec, int spec_len) {
  Pair size, kernel;
  ConvOptions o;
  if (Error e = read_geometry(spec, spec_len, &size, &kernel, &o)) return error_value(e);
  Explanation ex;
  const Op op = mode == 0 ? Op::Conv2d : Op::ConvTranspose2d;
  if (Error e = explain(op, size, kernel, o, &ex)) return error_value(e);

  val v = val::object();
  v.set("mode", std::string(mode == 0 ? "conv" : "convT"));
  auto grid = [](Pair p) {
    val g = val::object();
    g.set("rows", double(p.h));
    g.set("cols", double(p.w));
    return g;
  };
  v.set("input", grid(ex.input));
  v.set("kernel", grid(ex.kernel));
  v.set("output", grid(ex.output));
  val st = grid(ex.stuffed);
  st.set("zerosBetween", pair_value({ex.row_axis.zeros_between, ex.col_axis.zeros_between}));
  st.set("padBefore", pair_value({ex.row_axis.pad_before, ex.col_axis.pad_before}));
  st.set("padAfter", pair_value({ex.row_axis.pad_after, ex.col_axis.pad_after}));
  st.set("rowKind", typed_copy("Int8Array", ex.row_kind));
  st.set("colKind", typed_copy("Int8Array", ex.col_kind));
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
  // The numbers of the seed's derivation, for the page to substitute (it derives nothing).
  val f = val::object();
  f.set("I", pair_value(ex.input));
  f.set("k", pair_value(ex.kernel));
  f.set("s", pair_value(o.stride));
  f.set("p", pair_value(o.padding));
  f.set("d", pair_value(o.dilation));
  f.set("a", pair_value(o.output_padding));
  // z and p' of the ConvT with these parameters (in Conv mode: of the ConvT that goes back).
  const StuffedAxis th = stuffed_axis(ex.input.h, ex.kernel.h, o.stride.h, o.padding.h, o.dilation.h, o.output_padding.h);
  const StuffedAxis tw = stuffed_axis(ex.input.w, ex.kernel.w, o.stride.w, o.padding.w, o.dilation.w, o.output_padding.w);
  f.set("z", pair_value({th.zeros_between, tw.zeros_between}));
  f.set("pPrime", pair_value({th.pad_before, tw.pad_before}));
  v.set("formula", f);
  val rt = val::object();
  rt.set("convThenConvT", round_trip_value(ex.conv_then_conv_transpose, true, o.output_padding));
  rt.set("convTThenConv", round_trip_value(ex.conv_transpose_then_conv, false, o.output_padding));
  v.set("roundTrip", rt);
  return v;
}

// Geometry spec as for explain; x (H*W floats) and w (kH*kW floats) in the heap, lengths given.
val polyphase_view(uintptr_t spec, int spec_len, uintptr_t x, double x_len, uintptr_t w, double w_len) {
  Pair size, kernel;
  ConvOptions o;
  if (Error e = read_geometry(spec, spec_len, &size, &kernel, &o)) return error_value(e);
  if (size.h <= 0 || size.w <= 0 || x_len != double(size.h) * double(size.w))
    return error_value(make_error("x", "expected " + std::to_string(size.h) + " x " + std::to_string(size.w) + " values"));
  if (kernel.h <= 0 || kernel.w <= 0 || w_len != double(kernel.h) * double(kernel.w))
    return error_value(make_error("w", "expected " + std::to_string(kernel.h) + " x " + std::to_string(kernel.w) + " values"));
  Polyphase pp;
  if (Error e = polyphase(size, kernel, o, reinterpret_cast<const float*>(x), reinterpret_cast<const float*>(w), &pp))
    return error_value(e);
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

val limits() {
  val l = val::object();
  l.set("maxElements", double(kMaxElements));
  l.set("maxMultiplyAdds", double(kMaxMultiplyAdds));
  l.set("maxExplainEntries", double(kMaxExplainEntries));
  return l;
}

// Bytes of the WASM heap in use by malloc: lets tests prove calls do not leak.
double heap_in_use() {
  release_workspace();
  struct mallinfo mi = mallinfo();
  return double(mi.uordblks);
}

}  // namespace

EMSCRIPTEN_BINDINGS(convt_core) {
  emscripten::function("run", &run);
  emscripten::function("stuff", &stuff);
  emscripten::function("explainGeometry", &explain_geometry);
  emscripten::function("polyphase", &polyphase_view);
  emscripten::function("limits", &limits);
  emscripten::function("heapInUse", &heap_in_use);
}
