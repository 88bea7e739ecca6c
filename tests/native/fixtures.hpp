// Reading tests/fixtures/*.json (written by gen_fixtures.py with PyTorch).
#pragma once

#include <catch2/catch.hpp>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "convt.hpp"

namespace testing_helpers {

inline nlohmann::json load_fixtures(const char* name) {
  std::ifstream f(std::string(CONVT_FIXTURES_DIR) + "/" + name);
  REQUIRE(f.good());
  return nlohmann::json::parse(f);
}

inline convt::Pair pair_of(const nlohmann::json& j) { return {j.at(0).get<int64_t>(), j.at(1).get<int64_t>()}; }

// opts as the fixtures write them: padding [h, w] or a string; paddingMode, outputPadding and
// outputSize when given.
inline convt::ConvOptions options_of(const nlohmann::json& o) {
  convt::ConvOptions opt;
  opt.stride = pair_of(o.at("stride"));
  if (o.at("padding").is_string()) opt.padding_string = o.at("padding").get<std::string>();
  else opt.padding = pair_of(o.at("padding"));
  if (o.contains("paddingMode")) opt.padding_mode = o.at("paddingMode").get<std::string>();
  opt.dilation = pair_of(o.at("dilation"));
  if (o.contains("outputPadding")) {
    opt.output_padding = pair_of(o.at("outputPadding"));
    opt.output_padding_given = true;
  }
  if (o.contains("outputSize")) opt.output_size = o.at("outputSize").get<std::vector<int64_t>>();
  opt.groups = o.at("groups").get<int64_t>();
  return opt;
}

inline convt::Tensor tensor_of(const nlohmann::json& j) {
  return {j.at("shape").get<std::vector<int64_t>>(), j.at("data").get<std::vector<float>>()};
}

}  // namespace testing_helpers
