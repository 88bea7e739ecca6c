// The network shape rules and the mirror rule against what PyTorch did (tests/fixtures/network_cases.json,
// written by gen_networks.py): every traced layer call's output shape, every refusal's message, every
// probe, and PyTorch's own output_padding for the ConvTranspose2d that undoes each Conv2d and pooling.
#include <catch2/catch.hpp>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "network/layer_shapes.hpp"
#include "network/mirror.hpp"

using namespace convt;
using namespace convt::network;
using nlohmann::json;

namespace {

const json& fixtures() {
  static const json j = [] {
    std::ifstream f(std::string(CONVT_FIXTURES_DIR) + "/network_cases.json");
    REQUIRE(f.good());
    return json::parse(f);
  }();
  return j;
}

ArgValue arg_of(const json& j) {
  if (j.is_null()) return ArgValue::none();
  if (j.is_boolean()) return ArgValue::of_bool(j.get<bool>());
  if (j.is_number()) return ArgValue::of_number(j.get<double>());
  if (j.is_string()) return ArgValue::of_text(j.get<std::string>());
  std::vector<std::optional<double>> v;
  for (const auto& x : j) v.push_back(x.is_null() ? std::nullopt : std::optional<double>(x.get<double>()));
  return ArgValue::of_numbers(v);
}

Layer layer_of(const json& j) {
  Layer l;
  l.type = j.at("type").get<std::string>();
  for (const auto& [name, value] : j.at("args").items()) l.args[name] = arg_of(value);
  return l;
}

std::string shape_str(const Shape& s) {
  std::ostringstream o;
  o << '[';
  for (size_t i = 0; i < s.size(); ++i) o << (i ? ", " : "") << s[i];
  o << ']';
  return o.str();
}

// The message without the "<parameter>: " in front: PyTorch's words.
std::string words(const Error& e) { return e.message.substr(e.parameter.size() + 2); }

std::string describe(const json& model) {
  return model.at("file").get<std::string>() + " " + model.at("model").get<std::string>() + " " + model.at("init").dump();
}

}  // namespace

TEST_CASE("every traced layer call of every fixture model: PyTorch's output shape", "[network]") {
  int calls = 0;
  for (const auto& model : fixtures().at("models")) {
    const auto& layers = model.at("layers");
    for (const auto& run : model.at("runs")) {
      for (const auto& call : run.at("trace")) {
        const json& layer = layers.at(call.at("layer").get<size_t>());
        const Shape input = call.at("input").get<Shape>();
        INFO(describe(model) << " " << layer.dump() << " on " << shape_str(input));
        const LayerShape got = layer_output_shape(layer_of(layer), input);
        INFO(got.error.message);
        CHECK_FALSE(bool(got.error));
        CHECK(got.output == call.at("output").get<Shape>());
        ++calls;
      }
    }
  }
  CHECK(calls > 600);
}

TEST_CASE("every input PyTorch refuses: the same layer refuses it, in PyTorch's words", "[network]") {
  int refused = 0;
  for (const auto& model : fixtures().at("models")) {
    for (const auto& run : model.at("runs")) {
      if (!run.contains("error")) continue;
      const json& error = run.at("error");
      const json& layer = model.at("layers").at(error.at("layer").get<size_t>());
      const Shape input = error.at("input").get<Shape>();
      INFO(describe(model) << " " << layer.dump() << " on " << shape_str(input));
      const LayerShape got = layer_output_shape(layer_of(layer), input);
      REQUIRE(bool(got.error));
      CHECK(words(got.error) == error.at("message").get<std::string>());
      CHECK(got.error.message.rfind(got.error.parameter + ": ", 0) == 0);
      ++refused;
    }
  }
  CHECK(refused >= 40);
}

TEST_CASE("every probe: one layer on one input, PyTorch's shape or message", "[network]") {
  int probes = 0;
  for (const auto& probe : fixtures().at("probes")) {
    const Shape input = probe.at("input").get<Shape>();
    INFO(probe.at("expression").get<std::string>() << " on " << shape_str(input));
    const LayerShape got = layer_output_shape(layer_of(probe.at("layer")), input);
    if (probe.contains("error")) {
      REQUIRE(bool(got.error));
      CHECK(words(got.error) == probe.at("error").get<std::string>());
    } else {
      INFO(got.error.message);
      REQUIRE_FALSE(bool(got.error));
      CHECK(got.output == probe.at("output").get<Shape>());
    }
    ++probes;
  }
  CHECK(probes > 150);
}

TEST_CASE("mirror: the ConvTranspose2d that undoes each Conv2d and pooling, with PyTorch's output_padding", "[network][mirror]") {
  int conv = 0, pool = 0, pool_refused = 0;
  for (const auto& model : fixtures().at("models")) {
    const auto& layers = model.at("layers");
    for (const auto& run : model.at("runs")) {
      for (const auto& call : run.at("trace")) {
        if (!call.contains("mirror")) continue;
        const Layer layer = layer_of(layers.at(call.at("layer").get<size_t>()));
        const Shape input = call.at("input").get<Shape>();
        const json& torch = call.at("mirror");
        INFO(describe(model) << " " << layer.type << " on " << shape_str(input) << ": PyTorch says " << torch.dump());
        MirrorOptions options;
        options.pooling = MirrorOptions::Pooling::ConvTranspose2d;
        const MirrorLayer m = mirror_layer(layer, input, options);
        INFO(m.error.message);
        if (torch.contains("error")) {
          // PyTorch: "requested an output size of [a, b], but valid sizes range from [c, d] to [e, f] (for an
          // input of torch.Size([g, h]))"; ours states the same range.
          REQUIRE(bool(m.error));
          const std::string t = torch.at("error").get<std::string>();
          CHECK(words(m.error).find(t.substr(0, t.find(" (for an input"))) != std::string::npos);
          ++pool_refused;
          continue;
        }
        REQUIRE_FALSE(bool(m.error));
        CHECK(m.layer.type == "ConvTranspose2d");
        const auto want = torch.at("output_padding").get<std::vector<double>>();
        CHECK(m.layer.args.at("output_padding") == ArgValue::of_numbers({want[0], want[1]}));
        CHECK(m.output == input);
        (layer.type == "Conv2d" ? conv : pool)++;
      }
    }
  }
  CHECK(conv > 100);
  CHECK(pool > 20);
  CHECK(pool_refused >= 1);
}

TEST_CASE("mirror of every traced layer: the shape comes back, or there is a reason", "[network][mirror]") {
  int mirrored = 0, refused = 0;
  for (const auto options : {MirrorOptions::Pooling::Upsample, MirrorOptions::Pooling::ConvTranspose2d}) {
    for (const auto& model : fixtures().at("models")) {
      const auto& layers = model.at("layers");
      for (const auto& run : model.at("runs")) {
        for (const auto& call : run.at("trace")) {
          const Layer layer = layer_of(layers.at(call.at("layer").get<size_t>()));
          const Shape input = call.at("input").get<Shape>(), output = call.at("output").get<Shape>();
          INFO(describe(model) << " " << layer.type << " on " << shape_str(input));
          const MirrorLayer m = mirror_layer(layer, input, {options});
          if (m.error) {
            INFO(m.error.message);
            CHECK(m.error.message.rfind(m.error.parameter + ": ", 0) == 0);
            // Upsample has no mirror; a pooling none by ConvTranspose2d(kernel = stride) when the sizes do not allow it
            CHECK((layer.type.find("Upsampl") == 0 ||
                   (options == MirrorOptions::Pooling::ConvTranspose2d &&
                    (m.error.parameter == "stride" || m.error.parameter == "output_size"))));
            ++refused;
            continue;
          }
          // the same rules, asked directly
          const LayerShape back = layer_output_shape(m.layer, output);
          INFO(back.error.message);
          REQUIRE_FALSE(bool(back.error));
          CHECK(back.output == input);
          CHECK(m.output == input);
          ++mirrored;
        }
      }
    }
  }
  CHECK(mirrored > 1000);
  CHECK(refused >= 1);
}

TEST_CASE("mirror: the cases a page explains", "[network][mirror]") {
  auto conv = [](int64_t k, int64_t s, int64_t p) {
    Layer l;
    l.type = "Conv2d";
    l.args = {{"in_channels", ArgValue::of_number(128)}, {"out_channels", ArgValue::of_number(256)},
              {"kernel_size", ArgValue::of_pair({k, k})},  {"stride", ArgValue::of_pair({s, s})},
              {"padding", ArgValue::of_pair({p, p})},      {"dilation", ArgValue::of_pair({1, 1})},
              {"groups", ArgValue::of_number(1)},          {"bias", ArgValue::of_bool(true)},
              {"padding_mode", ArgValue::of_text("zeros")}};
    return l;
  };
  // The question of the issue: 24x24 -> 12x12 needs output_padding 1 to come back; 25x25 needs 0.
  MirrorLayer m = mirror_layer(conv(3, 2, 1), {8, 128, 24, 24});
  REQUIRE_FALSE(bool(m.error));
  CHECK(m.layer.args.at("output_padding") == ArgValue::of_pair({1, 1}));
  CHECK(m.layer.args.at("in_channels") == ArgValue::of_number(256));
  CHECK(m.layer.args.at("out_channels") == ArgValue::of_number(128));
  CHECK(m.output == Shape{8, 128, 24, 24});
  m = mirror_layer(conv(3, 2, 1), {8, 128, 25, 25});
  CHECK(m.layer.args.at("output_padding") == ArgValue::of_pair({0, 0}));
  // 'same' with an even kernel pads one side more: no ConvTranspose2d does
  Layer same = conv(4, 1, 0);
  same.args["padding"] = ArgValue::of_text("same");
  m = mirror_layer(same, {1, 128, 9, 9});
  REQUIRE(bool(m.error));
  CHECK(m.error.parameter == "padding");
  // A ConvTranspose2d whose output_padding reaches the stride (allowed by dilation) has no Conv2d mirror.
  Layer convt;
  convt.type = "ConvTranspose2d";
  convt.args = {{"in_channels", ArgValue::of_number(4)},  {"out_channels", ArgValue::of_number(4)},
                {"kernel_size", ArgValue::of_pair({3, 3})}, {"stride", ArgValue::of_pair({1, 1})},
                {"padding", ArgValue::of_pair({0, 0})},     {"output_padding", ArgValue::of_pair({2, 2})},
                {"groups", ArgValue::of_number(1)},         {"bias", ArgValue::of_bool(true)},
                {"dilation", ArgValue::of_pair({3, 3})},    {"padding_mode", ArgValue::of_text("zeros")}};
  m = mirror_layer(convt, {1, 4, 3, 3});
  REQUIRE(bool(m.error));
  CHECK(m.error.parameter == "output_padding");
  convt.args["output_padding"] = ArgValue::of_pair({0, 0});
  m = mirror_layer(convt, {1, 4, 3, 3});
  REQUIRE_FALSE(bool(m.error));
  CHECK(m.layer.type == "Conv2d");
}

TEST_CASE("bad layers and inputs: an error naming the parameter, never a crash", "[network]") {
  Layer relu{"ReLU", {{"inplace", ArgValue::of_bool(false)}}};
  CHECK(layer_output_shape(relu, {2, 3}).output == Shape{2, 3});
  auto expect = [](const LayerShape& r, const std::string& parameter, const std::string& text) {
    INFO(r.error.message);
    REQUIRE(bool(r.error));
    CHECK(r.error.parameter == parameter);
    CHECK(r.error.message.find(text) != std::string::npos);
  };
  expect(layer_output_shape({"LSTM", {}}, {1, 2}), "type", "LSTM");
  expect(layer_output_shape(relu, {}), "input", "1 to 8 dimensions");
  expect(layer_output_shape(relu, {1, -2}), "input", "between 0 and");
  expect(layer_output_shape(relu, {1 << 30, 1 << 30, 1 << 30}), "input", "2^62");
  expect(layer_output_shape({"ReLU", {}}, {2, 3}), "inplace", "ReLU: inplace is missing");
  expect(layer_output_shape({"ReLU", {{"inplace", ArgValue::of_number(1)}}}, {2, 3}), "inplace", "must be True or False");
  Layer conv{"Conv2d",
             {{"in_channels", ArgValue::of_number(1)}, {"out_channels", ArgValue::of_number(2)},
              {"kernel_size", ArgValue::of_numbers({3, 3, 3})}, {"stride", ArgValue::of_pair({1, 1})},
              {"padding", ArgValue::of_pair({0, 0})}, {"dilation", ArgValue::of_pair({1, 1})},
              {"groups", ArgValue::of_number(1)}, {"bias", ArgValue::of_bool(true)},
              {"padding_mode", ArgValue::of_text("zeros")}}};
  expect(layer_output_shape(conv, {1, 1, 5, 5}), "kernel_size", "a list of 2 ints");
  conv.args["kernel_size"] = ArgValue::of_numbers({2.5, 3});
  expect(layer_output_shape(conv, {1, 1, 5, 5}), "kernel_size", "ints");
  conv.args["kernel_size"] = ArgValue::of_pair({3, 3});
  conv.args["groups"] = ArgValue::of_number(2);
  expect(layer_output_shape(conv, {1, 1, 5, 5}), "in_channels", "in_channels must be divisible by groups");
  conv.args["groups"] = ArgValue::of_number(0);
  expect(layer_output_shape(conv, {1, 1, 5, 5}), "groups", "groups must be a positive integer");
  conv.args["groups"] = ArgValue::of_number(1);
  conv.args["in_channels"] = ArgValue::of_number(1e12);
  expect(layer_output_shape(conv, {1, 1, 5, 5}), "in_channels", "at most");
  // shapes past the library's data caps are still planned: shapes do not need the data
  conv.args["in_channels"] = ArgValue::of_number(64);
  CHECK(layer_output_shape(conv, {64, 64, 512, 512}).output == Shape{64, 2, 510, 510});
  // every type it names has a rule, which reads the arguments it needs
  for (const auto& type : layer_types()) {
    const LayerShape r = layer_output_shape({type, {}}, {1, 2, 3, 4});
    INFO(type << ": " << r.error.message);
    if (r.error) CHECK(r.error.message.find(type + ": " + r.error.parameter + " is missing") != std::string::npos);
    else CHECK(r.output == Shape{1, 2, 3, 4});
  }
}
