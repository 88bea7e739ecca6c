// Tester of the f32_gemm family (kernels/f32-gemm.hpp), Winograd's products:
//   c[m * ldc + j] = sum_{k < K} a[k * MR + m] * b[k * ldb + j],   m < MR, j < 4 * NV
// on random data, against that sum written out here; the strides are wider than the tile.
#pragma once

#include "kernels/f32-gemm.hpp"
#include "testers/tester_support.hpp"

namespace testers {

class GemmTester {
 public:
  GemmTester& depth(int64_t v) { depth_ = v; return *this; }
  GemmTester& row_gap(int64_t v) { gap_ = v; return *this; }
  GemmTester& seed(unsigned v) { seed_ = v; return *this; }

  using Kernel = void (*)(int64_t, const float*, const float*, int64_t, float*, int64_t);
  void test(Kernel kernel, int mr, int width) const {
    std::mt19937 rng(seed_);
    const int64_t ldb = width + gap_, ldc = width + gap_ + 1;
    const std::vector<float> a = random_values(rng, size_t(depth_ * mr + 1));
    const std::vector<float> b = random_values(rng, size_t(depth_ * ldb + 1));
    std::vector<float> c(size_t(mr * ldc), kUntouched);
    kernel(depth_, a.data(), b.data(), ldb, c.data(), ldc);
    for (int m = 0; m < mr; ++m)
      for (int64_t j = 0; j < ldc; ++j) {
        const std::string where = at("gemm ", mr, "x", width, " K ", depth_, ": row ", m, " column ", j);
        if (j >= width) {
          check_untouched(c[size_t(m * ldc + j)], where);
          continue;
        }
        Expected e;
        for (int64_t k = 0; k < depth_; ++k) e.add(a[size_t(k * mr + m)], b[size_t(k * ldb + j)]);
        check_close(c[size_t(m * ldc + j)], e, 1e-6, where);
      }
  }

 private:
  int64_t depth_ = 1, gap_ = 0;
  unsigned seed_ = 1;
};

}  // namespace testers
