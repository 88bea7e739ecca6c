// Testers of the two channel-wise row kernels, which take row pointers and a number of steps:
//  - f32_dwconv2d_3x3s1_2x4 (kernels/f32-dwconv2d-3x3s1.hpp): 2 output rows x 4 pixels per step,
//      out[r][4t + j] = bias + sum_{kh, kw < 3} in[r + kh][4t + j + kw] * w[kh * 3 + kw]
//  - f32_dwconvT2d_4x4s2_1x8<ODD_SHIFT> (kernels/f32-dwconvT2d-4x4s2.hpp): 8 output pixels per step,
//      out[2m + e] = bias + sum_{r < 2} in[r][m + 1 + shift_e] * w[(r*2 + e)*2] + in[r][m + shift_e] * w[(r*2 + e)*2 + 1]
//    with shift_0 = 0, shift_1 = ODD_SHIFT.
// Each input row is its own buffer with a margin of sentinels after what the steps may read, and
// each output row a buffer longer than the steps write: writes past the steps show.
#pragma once

#include "kernels/f32-dwconv2d-3x3s1.hpp"
#include "kernels/f32-dwconvT2d-4x4s2.hpp"
#include "testers/tester_support.hpp"

namespace testers {

class DwConv3x3Tester {
 public:
  DwConv3x3Tester& steps(int64_t v) { steps_ = v; return *this; }
  DwConv3x3Tester& seed(unsigned v) { seed_ = v; return *this; }

  void test() const {
    constexpr int kRows = 2, kPixels = 4, kMargin = 5;
    std::mt19937 rng(seed_);
    const int64_t read = kPixels * steps_ + 2, written = kPixels * steps_;
    std::vector<float> rows[kRows + 2];
    const float* in[kRows + 2];
    for (int i = 0; i < kRows + 2; ++i) {
      rows[i] = random_values(rng, size_t(read + kMargin));
      in[i] = rows[i].data();
    }
    const std::vector<float> w = random_values(rng, 9);
    const float bias = random_values(rng, 1)[0];
    std::vector<float> outs[kRows];
    float* out[kRows];
    for (int r = 0; r < kRows; ++r) {
      outs[r].assign(size_t(written + kMargin), kUntouched);
      out[r] = outs[r].data();
    }
    convt::mk::f32_dwconv2d_3x3s1_2x4(in, out, steps_, w.data(), bias);
    for (int r = 0; r < kRows; ++r)
      for (int64_t o = 0; o < written + kMargin; ++o) {
        const std::string where = at("dwconv2d 3x3s1 2x4, ", steps_, " steps: row ", r, " pixel ", o);
        if (o >= written) {
          check_untouched(outs[r][size_t(o)], where);
          continue;
        }
        Expected e;
        e.add(bias);
        for (int kh = 0; kh < 3; ++kh)
          for (int kw = 0; kw < 3; ++kw) e.add(rows[r + kh][size_t(o + kw)], w[size_t(kh * 3 + kw)]);
        check_close(outs[r][size_t(o)], e, 1e-6, where);
      }
  }

 private:
  int64_t steps_ = 1;
  unsigned seed_ = 1;
};

class DwConvT4x4s2Tester {
 public:
  DwConvT4x4s2Tester& steps(int64_t v) { steps_ = v; return *this; }
  DwConvT4x4s2Tester& seed(unsigned v) { seed_ = v; return *this; }

  template <int ODD_SHIFT>
  void test() const {
    constexpr int kPixels = 8, kInputs = 4, kMargin = 5;
    std::mt19937 rng(seed_);
    const int64_t read = kInputs * steps_ + 1 + ODD_SHIFT, written = kPixels * steps_;
    std::vector<float> rows[2];
    const float* in[2];
    for (int r = 0; r < 2; ++r) {
      rows[r] = random_values(rng, size_t(read + kMargin));
      in[r] = rows[r].data();
    }
    const std::vector<float> w = random_values(rng, 8);
    const float bias = random_values(rng, 1)[0];
    std::vector<float> out(size_t(written + kMargin), kUntouched);
    convt::mk::f32_dwconvT2d_4x4s2_1x8<ODD_SHIFT>(in, out.data(), steps_, w.data(), bias);
    for (int64_t o = 0; o < written + kMargin; ++o) {
      const std::string where = at("dwconvT2d 4x4s2 1x8<", ODD_SHIFT, ">, ", steps_, " steps: pixel ", o);
      if (o >= written) {
        check_untouched(out[size_t(o)], where);
        continue;
      }
      const int64_t m = o / 2, e = o % 2, shift = e ? ODD_SHIFT : 0;
      Expected want;
      want.add(bias);
      for (int r = 0; r < 2; ++r) {
        want.add(rows[r][size_t(m + 1 + shift)], w[size_t((r * 2 + e) * 2)]);
        want.add(rows[r][size_t(m + shift)], w[size_t((r * 2 + e) * 2 + 1)]);
      }
      check_close(out[size_t(o)], want, 1e-6, where);
    }
  }

 private:
  int64_t steps_ = 1;
  unsigned seed_ = 1;
};

}  // namespace testers
