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
#include "network/network.hpp"

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

// ---- whole networks -------------------------------------------------------------------------------
namespace {

std::vector<Layer> layers_of(const json& model) {
  std::vector<Layer> v;
  for (const auto& l : model.at("layers")) v.push_back(layer_of(l));
  return v;
}

const json& model_named(const std::string& file, const std::string& name, const json& init = json::object()) {
  for (const auto& m : fixtures().at("models"))
    if (m.at("file") == file && m.at("model") == name && m.at("init") == init) return m;
  FAIL("no fixture model " << file << " " << name);
  static const json none;
  return none;
}

}  // namespace

TEST_CASE("plan_network: every input of every chain model, PyTorch's shape after each layer or its refusal", "[network][plan]") {
  int runs = 0, refused = 0;
  for (const auto& model : fixtures().at("models")) {
    if (!model.at("chain").get<bool>()) continue;
    const std::vector<Layer> layers = layers_of(model);
    for (const auto& run : model.at("runs")) {
      const Shape input = run.at("input").get<Shape>();
      INFO(describe(model) << " on " << shape_str(input));
      const NetworkPlan plan = plan_network(layers, input);
      REQUIRE_FALSE(bool(plan.error));
      const auto& trace = run.at("trace");
      for (size_t i = 0; i < trace.size(); ++i) {
        REQUIRE(trace[i].at("layer").get<size_t>() == i);
        REQUIRE(i < plan.layers.size());
        CHECK(plan.layers[i].input == trace[i].at("input").get<Shape>());
        CHECK(plan.layers[i].output == trace[i].at("output").get<Shape>());
      }
      if (run.contains("error")) {
        const json& error = run.at("error");
        REQUIRE(plan.layers.size() == error.at("layer").get<size_t>() + 1);
        const PlannedLayer& last = plan.layers.back();
        REQUIRE(bool(last.error));
        CHECK(last.input == error.at("input").get<Shape>());
        CHECK(words(last.error) == error.at("message").get<std::string>());
        ++refused;
      } else {
        CHECK(plan.layers.size() == layers.size());
        CHECK(plan.layers.back().output == run.at("output").get<Shape>());
      }
      ++runs;
    }
  }
  CHECK(runs > 80);
  CHECK(refused > 30);
}

TEST_CASE("mirror_network: a decoder whose shapes follow each other back to the input, or stop with a reason", "[network][mirror]") {
  int decoders = 0, complete = 0, stopped = 0;
  for (const auto pooling : {MirrorOptions::Pooling::Upsample, MirrorOptions::Pooling::ConvTranspose2d}) {
    for (const auto& model : fixtures().at("models")) {
      const std::vector<Layer> layers = layers_of(model);
      for (const auto& run : model.at("runs")) {
        const Shape input = run.at("input").get<Shape>();
        INFO(describe(model) << " on " << shape_str(input));
        const NetworkPlan plan = plan_network(layers, input);
        const NetworkMirror m = mirror_network(layers, input, {pooling});
        REQUIRE_FALSE(bool(m.error));
        for (size_t i = 0; i < m.layers.size(); ++i) {
          const DecoderLayer& d = m.layers[i];
          INFO("decoder layer " << i << " " << d.layer.type << " mirrors " << d.mirrors);
          const LayerShape y = layer_output_shape(d.layer, d.input);
          INFO(y.error.message);
          REQUIRE_FALSE(bool(y.error));
          CHECK(y.output == d.output);
          CHECK(d.output == plan.layers[d.mirrors].input);  // each brings its encoder layer's input shape back
          if (i > 0) CHECK(d.input == m.layers[i - 1].output);
        }
        const bool refused = !plan.layers.empty() && plan.layers.back().error;
        CHECK(m.problems.size() <= 2);
        if (refused) {  // the first problem is PyTorch's refusal
          REQUIRE_FALSE(m.problems.empty());
          CHECK(m.problems[0].layer == plan.layers.size() - 1);
          CHECK(m.problems[0].error.message == plan.layers.back().error.message);
          CHECK(m.problems[0].refused);
        }
        const bool mirror_failed = m.problems.size() > (refused ? 1u : 0u);
        if (!mirror_failed && !m.layers.empty()) {
          // no decoder layer failed: it goes all the way back to the encoder's first shape-changing layer's input
          CHECK(m.layers.back().output == input);
          ++complete;
        }
        if (mirror_failed) {
          const MirrorProblem& p = m.problems.back();
          CHECK_FALSE(p.refused);
          CHECK(words(p.error).size() > 10);
          if (!m.layers.empty()) CHECK(m.layers.back().output == plan.layers[p.layer].output);
          ++stopped;
        }
        ++decoders;
      }
    }
  }
  CHECK(decoders > 200);
  CHECK(complete > 100);
  CHECK(stopped >= 4);
}

TEST_CASE("mirror_network: activations and norms follow the layer that brings their shape back", "[network][mirror]") {
  // Conv2d -> ReLU -> Conv2d -> ReLU (the code's ReLU is not repeated)
  const json& model = model_named("mnist_autoencoder_mismatch.py", "SamePaddingAutoencoder");
  std::vector<Layer> encoder = layers_of(model);
  encoder.resize(4);  // the encoder block: Conv2d, ReLU, Conv2d, ReLU
  const NetworkMirror m = mirror_network(encoder, {1, 1, 28, 28}, {});
  REQUIRE(m.problems.empty());
  REQUIRE(m.layers.size() == 3);
  CHECK(m.layers[0].layer.type == "ConvTranspose2d");
  CHECK(m.layers[0].mirrors == 2);
  CHECK(m.layers[0].layer.args.at("output_padding") == ArgValue::of_pair({1, 1}));
  CHECK(m.layers[1].layer.type == "ReLU");
  CHECK(m.layers[1].mirrors == 1);
  CHECK(m.layers[2].layer.type == "ConvTranspose2d");
  CHECK(m.layers[2].layer.args.at("output_padding") == ArgValue::of_pair({1, 1}));
  CHECK(m.layers[2].output == Shape{1, 1, 28, 28});
  // Conv2d -> BatchNorm2d -> ReLU -> Conv2d: ConvTranspose2d -> BatchNorm2d -> ReLU -> ConvTranspose2d
  Layer norm{"BatchNorm2d",
             {{"num_features", ArgValue::of_number(16)}, {"eps", ArgValue::of_number(1e-5)},
              {"momentum", ArgValue::of_number(0.1)}, {"affine", ArgValue::of_bool(true)},
              {"track_running_stats", ArgValue::of_bool(true)}}};
  encoder.insert(encoder.begin() + 1, norm);
  encoder.pop_back();
  const NetworkMirror normed = mirror_network(encoder, {1, 1, 28, 28}, {});
  REQUIRE(normed.layers.size() == 4);
  CHECK(normed.layers[1].layer.type == "BatchNorm2d");
  CHECK(normed.layers[1].mirrors == 1);
  CHECK(normed.layers[2].layer.type == "ReLU");
  CHECK(normed.layers[2].mirrors == 2);
  CHECK(normed.layers[3].layer.type == "ConvTranspose2d");
}

TEST_CASE("mirror_network: a MaxPool2d that drops stride lines or more has no ConvTranspose2d(kernel=stride)", "[network][mirror]") {
  Layer pool{"MaxPool2d",
             {{"kernel_size", ArgValue::of_pair({3, 3})}, {"stride", ArgValue::of_pair({2, 2})},
              {"padding", ArgValue::of_pair({0, 0})}, {"dilation", ArgValue::of_pair({1, 1})},
              {"return_indices", ArgValue::of_bool(false)}, {"ceil_mode", ArgValue::of_bool(false)}}};
  Layer relu{"ReLU", {{"inplace", ArgValue::of_bool(false)}}};
  // 8 -> 3: a ConvTranspose2d(2, stride=2) gives 6 or 7
  const NetworkMirror m = mirror_network({relu, pool}, {1, 4, 8, 8}, {MirrorOptions::Pooling::ConvTranspose2d});
  REQUIRE(m.problems.size() == 1);
  CHECK(m.problems[0].layer == 1);
  CHECK(m.problems[0].error.parameter == "stride");
  CHECK(words(m.problems[0].error).find("output_padding would have to be 2x2") != std::string::npos);
  CHECK(words(m.problems[0].error).find("smaller than either stride or dilation") != std::string::npos);
  CHECK(m.layers.empty());
  // with Upsample: size=(8, 8), then the ReLU on [1, 4, 8, 8]
  const NetworkMirror up = mirror_network({relu, pool}, {1, 4, 8, 8}, {});
  REQUIRE(up.problems.empty());
  REQUIRE(up.layers.size() == 2);
  CHECK(up.layers[0].layer.type == "Upsample");
  CHECK(up.layers[1].layer.type == "ReLU");
  CHECK(up.layers[1].output == Shape{1, 4, 8, 8});
}

TEST_CASE("pair_network: the decoders that come back 25x25, 27x27 and 23x23, and PyTorch's output_padding for each", "[network][pair]") {
  struct Case {
    const char* model;
    Shape input;
    int64_t got;
  };
  for (const Case& c : {Case{"SamePaddingAutoencoder", {1, 1, 28, 28}, 25}, Case{"ValidAutoencoder", {1, 1, 28, 28}, 27},
                        Case{"DeepValidAutoencoder", {1, 1, 28, 28}, 23}, Case{"DeepValidAutoencoder", {2, 1, 32, 32}, 31}}) {
    const json& model = model_named("mnist_autoencoder_mismatch.py", c.model);
    INFO(c.model << " on " << shape_str(c.input));
    std::vector<Layer> layers = layers_of(model);
    const NetworkPairs pairs = pair_network(layers, c.input);
    REQUIRE_FALSE(bool(pairs.error));
    const size_t convs = std::count_if(layers.begin(), layers.end(), [](const Layer& l) { return l.type == "Conv2d"; });
    REQUIRE(pairs.pairs.size() == convs);
    CHECK(pairs.pairs[0].got == Pair{c.got, c.got});
    CHECK(pairs.pairs[0].target == Pair{c.input[2], c.input[3]});
    CHECK(pairs.pairs[0].verdict == Verdict::Fail);
    // PyTorch's own output_padding for the ConvTranspose2d that undoes each Conv2d call (the fixture's trace)
    const json* trace = nullptr;
    for (const auto& run : model.at("runs"))
      if (run.at("input").get<Shape>() == c.input) trace = &run.at("trace");
    REQUIRE(trace);
    for (const LayerPair& p : pairs.pairs) {
      INFO("pair " << p.conv << " - " << p.conv_transpose);
      REQUIRE(p.fix);
      const json& call = trace->at(p.conv);
      const auto want = call.at("mirror").at("output_padding").get<std::vector<int64_t>>();
      CHECK(*p.fix == Pair{want[0], want[1]});
      layers[p.conv_transpose].args["output_padding"] = ArgValue::of_pair(*p.fix);
    }
    // every fix applied: the size comes back, and every pair is ok
    const NetworkPlan fixed = plan_network(layers, c.input);
    REQUIRE_FALSE(bool(fixed.layers.back().error));
    CHECK(fixed.layers.back().output == c.input);
    for (const LayerPair& p : pair_network(layers, c.input).pairs) {
      CHECK(p.verdict == Verdict::Ok);
      REQUIRE(p.fix);  // the output_padding it has now
      CHECK(layers[p.conv_transpose].args.at("output_padding") == ArgValue::of_pair(*p.fix));
    }
  }
}

TEST_CASE("pair_network: no fix when no output_padding gives the size, and pairs that cannot be made", "[network][pair]") {
  auto conv = [](const char* type, int64_t cin, int64_t cout, int64_t k, int64_t s, int64_t p) {
    Layer l;
    l.type = type;
    l.args = {{"in_channels", ArgValue::of_number(double(cin))}, {"out_channels", ArgValue::of_number(double(cout))},
              {"kernel_size", ArgValue::of_pair({k, k})}, {"stride", ArgValue::of_pair({s, s})},
              {"padding", ArgValue::of_pair({p, p})}, {"dilation", ArgValue::of_pair({1, 1})},
              {"groups", ArgValue::of_number(1)}, {"bias", ArgValue::of_bool(true)},
              {"padding_mode", ArgValue::of_text("zeros")}};
    if (std::string(type) == "ConvTranspose2d") l.args["output_padding"] = ArgValue::of_pair({0, 0});
    return l;
  };
  // 28 -> (k3 s1 p0) 26 -> ConvT(k2 s2) 52: the range is [52, 53], 28 is out of it
  NetworkPairs r = pair_network({conv("Conv2d", 1, 4, 3, 1, 0), conv("ConvTranspose2d", 4, 1, 2, 2, 0)}, {1, 1, 28, 28});
  REQUIRE(r.pairs.size() == 1);
  CHECK(r.pairs[0].verdict == Verdict::Fail);
  CHECK(r.pairs[0].remainder == Pair{0, 0});
  CHECK_FALSE(r.pairs[0].fix);
  CHECK(r.pairs[0].no_fix.parameter == "output_size");
  CHECK(words(r.pairs[0].no_fix).find("requested an output size of [28, 28], but valid sizes range from [52, 52] to [53, 53]") == 0);
  // a ConvTranspose2d before the Conv2d: nothing to pair
  r = pair_network({conv("ConvTranspose2d", 1, 4, 2, 2, 0), conv("Conv2d", 4, 1, 2, 2, 0)}, {1, 1, 8, 8});
  CHECK(r.pairs.empty());
  // PyTorch refuses the ConvTranspose2d (channels): undefined, and output_padding cannot fix it
  r = pair_network({conv("Conv2d", 1, 4, 3, 2, 1), conv("ConvTranspose2d", 8, 1, 3, 2, 1)}, {1, 1, 28, 28});
  REQUIRE(r.pairs.size() == 1);
  CHECK(r.pairs[0].verdict == Verdict::Undefined);
  CHECK(r.pairs[0].target == Pair{28, 28});
  CHECK_FALSE(r.pairs[0].got);
  CHECK(r.pairs[0].remainder == Pair{1, 1});
  CHECK_FALSE(r.pairs[0].fix);
  CHECK(bool(r.pairs[0].no_fix));
  // a refused ConvTranspose2d whose output_padding is the only fault: the fix repairs it
  Layer too_much = conv("ConvTranspose2d", 4, 1, 3, 2, 1);
  too_much.args["output_padding"] = ArgValue::of_pair({2, 2});
  r = pair_network({conv("Conv2d", 1, 4, 3, 2, 1), too_much}, {1, 1, 28, 28});
  REQUIRE(r.pairs.size() == 1);
  CHECK(r.pairs[0].verdict == Verdict::Undefined);
  CHECK(r.pairs[0].fix == Pair{1, 1});
}

TEST_CASE("whole networks: bad inputs are errors naming them", "[network][plan]") {
  Layer relu{"ReLU", {{"inplace", ArgValue::of_bool(false)}}};
  CHECK(plan_network({relu}, {}).error.parameter == "input");
  CHECK(plan_network({relu}, {1, int64_t{1} << 40}).error.parameter == "input");
  CHECK(plan_network(std::vector<Layer>(kMaxNetworkLayers + 1, relu), {1, 2}).error.parameter == "layers");
  const NetworkPlan many = plan_network(std::vector<Layer>(kMaxNetworkLayers, relu), {1, 2});
  CHECK_FALSE(bool(many.error));
  CHECK(many.layers.size() == kMaxNetworkLayers);
  CHECK(mirror_network({relu}, {-1}, {}).error.parameter == "input");
  CHECK(pair_network({relu}, {-1}).error.parameter == "input");
  CHECK(plan_network({}, {1, 2}).layers.empty());
  CHECK(mirror_network({}, {1, 2}, {}).layers.empty());
  CHECK(pair_network({}, {1, 2}).pairs.empty());
}
