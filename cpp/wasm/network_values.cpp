#include "wasm/network_values.hpp"

#include <cmath>
#include <sstream>

namespace convt {
namespace wasm {

using emscripten::val;
using network::ArgValue;
using network::Layer;
using network::Shape;

namespace {

// At most this many values in one argument's list (the longest PyTorch layer argument is a shape).
constexpr double kMaxListLength = 64;

std::string number_text(double v) {
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v > 0 ? "Infinity" : "-Infinity";
  std::ostringstream o;
  o.precision(17);
  o << v;
  return o.str();
}

bool is_object(const val& v) { return !v.isNull() && v.typeOf().as<std::string>() == "object"; }

// The length of a JS array (isArray() checked), or -1 when it is more than `most`.
double length_of(const val& array, double most) {
  const double n = array["length"].as<double>();
  return n <= most ? n : -1;
}

Error read_arg(const val& v, const std::string& parameter, ArgValue* out) {
  if (v.isNull() || v.isUndefined()) {
    *out = ArgValue::none();
  } else if (v.isTrue() || v.isFalse()) {
    *out = ArgValue::of_bool(v.isTrue());
  } else if (v.isNumber()) {
    *out = ArgValue::of_number(v.as<double>());
  } else if (v.isString()) {
    *out = ArgValue::of_text(v.as<std::string>());
  } else if (v.isArray()) {
    const double n = length_of(v, kMaxListLength);
    if (n < 0) return make_error(parameter, "must be a list of at most 64 numbers");
    std::vector<std::optional<double>> values;
    for (int i = 0; i < int(n); ++i) {
      const val x = v[i];
      if (x.isNumber()) values.push_back(x.as<double>());
      else if (x.isNull()) values.push_back(std::nullopt);
      else return make_error(parameter, "[" + std::to_string(i) + "] must be a number or null (None)");
    }
    *out = ArgValue::of_numbers(std::move(values));
  } else {
    return make_error(parameter, "must be null (None), a boolean, a number, a string or an array of numbers");
  }
  return {};
}

val shape_value(const Shape& s) {
  val a = val::array();
  for (int64_t v : s) a.call<void>("push", double(v));
  return a;
}

val pair_value(Pair p) {
  val a = val::array();
  a.call<void>("push", double(p.h));
  a.call<void>("push", double(p.w));
  return a;
}

val optional_pair(const std::optional<Pair>& p) { return p ? pair_value(*p) : val::null(); }

// PyTorch's words: the message without the "<parameter>: " in front.
std::string words(const Error& e) { return e.message.substr(e.parameter.size() + 2); }

val error_object(const Error& e) {
  val v = val::object();
  v.set("parameter", e.parameter);
  v.set("message", words(e));
  return v;
}

val arg_value(const ArgValue& a) {
  switch (a.kind) {
    case ArgValue::Kind::None: return val::null();
    case ArgValue::Kind::Bool: return val(a.flag);
    case ArgValue::Kind::Number: return val(a.number);
    case ArgValue::Kind::Text: return val(a.text);
    case ArgValue::Kind::Numbers: {
      val list = val::array();
      for (const auto& x : a.numbers) list.call<void>("push", x ? val(*x) : val::null());
      return list;
    }
  }
  return val::null();
}

const char* verdict_name(network::Verdict v) {
  switch (v) {
    case network::Verdict::Ok: return "ok";
    case network::Verdict::Fail: return "fail";
    case network::Verdict::Undefined: return "undefined";
  }
  return "undefined";
}

}  // namespace

Error read_layers(const val& layers, std::vector<Layer>* out) {
  if (!layers.isArray()) return make_error("layers", "must be an array of layers");
  const double n = length_of(layers, double(network::kMaxNetworkLayers));
  if (n < 0)
    return make_error("layers", "a network of at most " + std::to_string(network::kMaxNetworkLayers) + " layers");
  const val keys_of = val::global("Object")["keys"];
  out->clear();
  out->reserve(size_t(n));
  for (int i = 0; i < int(n); ++i) {
    const std::string at = "layers[" + std::to_string(i) + "]";
    const val layer = layers[i];
    if (!is_object(layer)) return make_error(at, "must be an object { type, args }");
    const val type = layer["type"], args = layer["args"];
    if (!type.isString()) return make_error(at + ".type", "must be a string, PyTorch's class name");
    if (!is_object(args) || args.isArray()) return make_error(at + ".args", "must be an object of arguments by name");
    Layer l;
    l.type = type.as<std::string>();
    const val names = keys_of(args);
    const double count = length_of(names, kMaxListLength);
    if (count < 0) return make_error(at + ".args", "must hold at most 64 arguments");
    for (int k = 0; k < int(count); ++k) {
      const std::string name = names[k].as<std::string>();
      if (Error e = read_arg(args[name], at + ".args." + name, &l.args[name])) return e;
    }
    out->push_back(std::move(l));
  }
  return {};
}

Error read_shape(const val& shape, const std::string& parameter, Shape* out) {
  if (!shape.isArray()) return make_error(parameter, "must be an array of sizes");
  const double n = length_of(shape, 8);
  if (n < 0) return make_error(parameter, "must have at most 8 sizes");
  out->clear();
  for (int i = 0; i < int(n); ++i) {
    const val x = shape[i];
    const std::string at = "[" + std::to_string(i) + "] ";
    if (!x.isNumber()) return make_error(parameter, at + "must be a number");
    const double v = x.as<double>();
    if (!std::isfinite(v) || std::floor(v) != v)
      return make_error(parameter, at + "must be an integer, but got " + number_text(v));
    if (std::fabs(v) > 9007199254740991.0) return make_error(parameter, at + "is too large: " + number_text(v));
    out->push_back(int64_t(v));
  }
  return {};
}

Error read_pooling(const std::string& name, network::MirrorOptions* out) {
  if (name == "upsample") out->pooling = network::MirrorOptions::Pooling::Upsample;
  else if (name == "convTranspose2d") out->pooling = network::MirrorOptions::Pooling::ConvTranspose2d;
  else return make_error("pooling", "must be 'upsample' or 'convTranspose2d', but got '" + name + "'");
  return {};
}

val layer_value(const Layer& layer) {
  val args = val::object();
  for (const auto& [name, value] : layer.args) args.set(name, arg_value(value));
  val v = val::object();
  v.set("type", layer.type);
  v.set("args", args);
  return v;
}

val plan_value(const network::NetworkPlan& plan) {
  val entries = val::array();
  for (const network::PlannedLayer& p : plan.layers) {
    val e = val::object();
    e.set("input", shape_value(p.input));
    if (p.error) e.set("error", error_object(p.error));
    else e.set("output", shape_value(p.output));
    entries.call<void>("push", e);
  }
  return entries;
}

val mirror_value(const network::NetworkMirror& mirror) {
  val layers = val::array();
  for (const network::DecoderLayer& d : mirror.layers) {
    val l = layer_value(d.layer);
    l.set("mirrors", double(d.mirrors));
    l.set("input", shape_value(d.input));
    l.set("output", shape_value(d.output));
    layers.call<void>("push", l);
  }
  val problems = val::array();
  for (const network::MirrorProblem& p : mirror.problems) {
    val e = error_object(p.error);
    e.set("layer", double(p.layer));
    e.set("refused", p.refused);
    problems.call<void>("push", e);
  }
  val v = val::object();
  v.set("layers", layers);
  v.set("problems", problems);
  return v;
}

val pairs_value(const network::NetworkPairs& pairs) {
  val list = val::array();
  for (const network::LayerPair& p : pairs.pairs) {
    val e = val::object();
    e.set("conv", double(p.conv));
    e.set("convT", double(p.conv_transpose));
    e.set("target", optional_pair(p.target));
    e.set("got", optional_pair(p.got));
    e.set("verdict", std::string(verdict_name(p.verdict)));
    e.set("remainder", optional_pair(p.remainder));
    val fix = val::null();
    if (p.fix || p.no_fix) {
      fix = val::object();
      fix.set("output_padding", optional_pair(p.fix));
      if (p.no_fix) fix.set("why", words(p.no_fix));
    }
    e.set("fix", fix);
    list.call<void>("push", e);
  }
  return list;
}

}  // namespace wasm
}  // namespace convt
