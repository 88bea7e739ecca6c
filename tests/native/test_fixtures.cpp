// Parity with PyTorch: tests/fixtures/conv_cases.json was written by gen_fixtures.py with torch.
#include <catch2/catch.hpp>
#include <fstream>
#include <nlohmann/json.hpp>

#include "fixtures.hpp"
#include "helpers.hpp"

using nlohmann::json;
using namespace convt;
using testing_helpers::compare;
using testing_helpers::load_fixtures;
using testing_helpers::options_of;
using testing_helpers::pair_of;
using testing_helpers::tensor_of;

namespace {

// Runs a fixture case on every path (the zero-stuffed one for ConvTranspose2d too); `check` gets
// each path's error and output.
template <typename Check>
void run_case(const json& c, Check check) {
  const Op op = c.at("op") == "conv2d" ? Op::Conv2d : Op::ConvTranspose2d;
  const Tensor x = tensor_of(c.at("x")), w = tensor_of(c.at("w"));
  Tensor bias;
  const bool has_bias = !c.at("bias").is_null();
  if (has_bias) bias = tensor_of(c.at("bias"));
  const ConvOptions opt = options_of(c.at("opts"));
  std::vector<Path> paths = {Path::Fast, Path::Reference};
  if (op == Op::ConvTranspose2d) paths.push_back(Path::Stuffed);
  for (Path path : paths) {
    INFO(c.at("id").get<std::string>() << " path " << int(path));
    Tensor y;
    const Error e = op == Op::Conv2d ? conv2d(x, w, has_bias ? &bias : nullptr, opt, &y, path)
                                     : conv_transpose2d(x, w, has_bias ? &bias : nullptr, opt, &y, path);
    check(e, y);
  }
}


// The rules a torch error message can state, and the parameter (the JS API's name) that breaks each:
// ours must state the same rule and name that parameter.
struct Rule {
  const char* words;
  const char* parameter;
};
constexpr Rule kRules[] = {
    {"non-positive stride", "stride"},
    {"negative padding", "padding"},
    {"negative output_padding", "outputPadding"},
    {"dilation should be greater than zero", "dilation"},
    {"Kernel size can't be greater", "kernelSize"},
    {"output padding must be smaller", "outputPadding"},
    {"Output size is too small", "padding"},
    {"expected weight to be divisible", "groups"},
    {"expected bias to be 1-dimensional", "bias"},
    {"non-positive groups", "groups"},
    {"channels, but got", "x"},
    {"expected weight to be at least", "groups"},
};
const Rule* rule_of(const std::string& msg) {
  for (const Rule& r : kRules)
    if (msg.find(r.words) != std::string::npos) return &r;
  return nullptr;
}

// `e` refuses what torch refused with `torch_msg`: the same rule, the parameter that breaks it.
void check_refusal(const Error& e, const std::string& torch_msg) {
  INFO("torch: " << torch_msg << "\nours: " << e.message);
  REQUIRE(bool(e));
  const Rule* rule = rule_of(torch_msg);
  REQUIRE(rule != nullptr);
  CHECK(e.message.find(rule->words) != std::string::npos);
  CHECK(e.parameter == rule->parameter);
  CHECK(e.message.rfind(e.parameter + ": ", 0) == 0);
}

// Every case of a fixture file on every path: values as torch's, errors stating torch's rule and naming
// the parameter that breaks it (the rule and the parameter surface_cases.json names, when it names
// them). Returns {valid, invalid} case counts.
std::pair<int, int> check_fixture_file(const char* name) {
  const json fx = load_fixtures(name);
  int valid = 0, invalid = 0;
  for (const auto& c : fx.at("cases")) {
    run_case(c, [&](const Error& e, const Tensor& y) {
      if (c.contains("error")) {
        const std::string torch_msg = c.at("error");
        if (!c.contains("rule")) {
          check_refusal(e, torch_msg);
          return;
        }
        // surface_cases.json names the rule (a part of torch's message) and our parameter.
        INFO("torch: " << torch_msg << "\nours: " << e.message);
        REQUIRE(bool(e));
        CHECK(e.message.find(c.at("rule").get<std::string>()) != std::string::npos);
        CHECK(e.parameter == c.at("parameter").get<std::string>());
      } else {
        INFO("error: " << e.message);
        REQUIRE_FALSE(bool(e));
        const Tensor want = tensor_of(c.at("expected"));
        CHECK(y.shape == want.shape);
        CHECK(compare(y.data, want.data) == "");
      }
    });
    (c.contains("error") ? invalid : valid)++;
  }
  return {valid, invalid};
}

}  // namespace

TEST_CASE("every fixture case matches PyTorch on every path", "[fixtures][torch]") {
  const auto [valid, invalid] = check_fixture_file("conv_cases.json");
  CHECK(valid >= 300);
  CHECK(invalid >= 50);
}

TEST_CASE("padding='same'/'valid', padding modes and output_size match PyTorch's modules on every path",
          "[fixtures][torch][surface]") {
  const auto [valid, invalid] = check_fixture_file("surface_cases.json");
  CHECK(valid >= 150);
  CHECK(invalid >= 40);
}

TEST_CASE("the shapes of the specialised fast paths match PyTorch on every path", "[fixtures][torch][fast]") {
  const auto [valid, invalid] = check_fixture_file("kernel_cases.json");
  CHECK(valid >= 40);
  CHECK(invalid == 0);
}

TEST_CASE("shape arithmetic and round trips match PyTorch, refusals by rule and parameter", "[fixtures][torch][geometry]") {
  const json fx = load_fixtures("shape_cases.json");
  int checked = 0, refused = 0, trips_refused = 0;
  for (const auto& c : fx.at("cases")) {
    const Pair size = pair_of(c.at("size")), k = pair_of(c.at("kernelSize"));
    ConvOptions opt;
    opt.stride = pair_of(c.at("stride"));
    opt.padding = pair_of(c.at("padding"));
    opt.dilation = pair_of(c.at("dilation"));
    opt.output_padding = pair_of(c.at("outputPadding"));
    INFO(c.dump());
    for (Op op : {Op::Conv2d, Op::ConvTranspose2d}) {
      const json& want = c.at(op == Op::Conv2d ? "conv" : "convT");
      Explanation ex;
      const Error e = explain(op, size, k, opt, &ex);
      if (want.contains("error")) {
        check_refusal(e, want.at("error"));
        ++refused;
      } else {
        REQUIRE_FALSE(bool(e));
        CHECK(ex.output == pair_of(want.at("out")));
      }
    }
    const RoundTrip trips[] = {conv_then_conv_transpose(size, k, opt), conv_transpose_then_conv(size, k, opt)};
    const json* wants[] = {&c.at("convThenConvT"), &c.at("convTThenConv")};
    for (int i = 0; i < 2; ++i) {
      const RoundTrip& rt = trips[i];
      const json& trip_want = *wants[i];
      CHECK(rt.back_valid == !trip_want.contains("error"));
      if (trip_want.contains("error")) {
        check_refusal(rt.error, trip_want.at("error"));
        ++trips_refused;
      } else if (rt.back_valid) {
        CHECK(rt.back == pair_of(trip_want.at("back")));
      }
    }
    ++checked;
  }
  CHECK(checked >= 400);
  CHECK(refused >= 250);
  CHECK(trips_refused >= 250);
}
