// What the microkernel testers share: seeded random data, a sentinel that shows which outputs a
// kernel wrote, and a comparison against a float64 sum with a tolerance scaled by the sum of the
// terms' magnitudes (the kernels add in another order, and the Winograd ones transform first).
#pragma once

#include <catch2/catch.hpp>

#include <cmath>
#include <cstdint>
#include <random>
#include <sstream>
#include <string>
#include <vector>

namespace testers {

// Written where a kernel must not write: a kernel that touches it leaves something else.
constexpr float kUntouched = -12345.5f;

inline std::vector<float> random_values(std::mt19937& rng, size_t n) {
  std::uniform_real_distribution<float> u(-1.0f, 1.0f);
  std::vector<float> v(n);
  for (float& x : v) x = u(rng);
  return v;
}

// One output against its float64 reference: |got - want| <= tolerance * (magnitude + 1), where
// magnitude is the sum of the absolute values of the terms that make want.
struct Expected {
  double want = 0, magnitude = 0;
  void add(double a, double b) {
    want += a * b;
    magnitude += std::fabs(a * b);
  }
  void add(double a) {
    want += a;
    magnitude += std::fabs(a);
  }
};

inline void check_close(float got, const Expected& e, double tolerance, const std::string& where) {
  if (std::fabs(double(got) - e.want) <= tolerance * (e.magnitude + 1)) return;
  INFO(where << ": got " << got << ", want " << e.want);
  CHECK(std::fabs(double(got) - e.want) <= tolerance * (e.magnitude + 1));
}

inline void check_untouched(float got, const std::string& where) {
  if (got == kUntouched) return;
  INFO(where << ": written (" << got << ") though it is outside the kernel's outputs");
  CHECK(got == kUntouched);
}

template <typename... T>
std::string at(const T&... parts) {
  std::ostringstream o;
  ((o << parts), ...);
  return o.str();
}

}  // namespace testers
