// Tester of the f32_convT_polyphase_fused family (kernels/f32-convT-polyphase-fused-s2.hpp): both
// column phases of a ConvTranspose2d row with column stride 2, COT output channels x 8*NV pixels,
//   out[c * out_stride + 2j + ph] = init[c] + sum_{ci, k < K[ph]} in[ci * in_cstride + koff[ph][k] + j] * w[ph][(ci * K[ph] + k) * COT + c]
// on random data, against that sum written out here.
#pragma once

#include <algorithm>

#include "kernels/f32-convT-polyphase-fused-s2.hpp"
#include "testers/tester_support.hpp"

namespace testers {

class FusedPhasesTester {
 public:
  FusedPhasesTester& input_channels(int v) { cin_ = v; return *this; }
  // Taps of column phase 0 and 1 (a 4x4 kernel at stride 2 has 4 and 4; others differ, and may be 0).
  FusedPhasesTester& taps(int even, int odd) { taps_[0] = even; taps_[1] = odd; return *this; }
  FusedPhasesTester& tap_span(int v) { span_ = v; return *this; }
  FusedPhasesTester& output_gap(int v) { output_gap_ = v; return *this; }
  FusedPhasesTester& seed(unsigned v) { seed_ = v; return *this; }

  void test(void (*kernel)(const convt::mk::FusedPhasesArgs&), int cot, int width) const {
    std::mt19937 rng(seed_);
    const int64_t in_cstride = span_ + width / 2 + 3, out_stride = width + output_gap_;
    const std::vector<float> in = random_values(rng, size_t(cin_ * in_cstride));
    const std::vector<float> init = random_values(rng, size_t(cot));
    std::vector<float> w[2];
    std::vector<int32_t> koff[2];
    std::uniform_int_distribution<int> offset(0, span_ - 1);
    convt::mk::FusedPhasesArgs a{};
    for (int ph = 0; ph < 2; ++ph) {
      w[ph] = random_values(rng, size_t(std::max(cin_ * taps_[ph] * cot, 1)));
      koff[ph].resize(size_t(std::max(taps_[ph], 1)));
      for (int32_t& k : koff[ph]) k = offset(rng);
      a.koff[ph] = koff[ph].data();
      a.K[ph] = taps_[ph];
      a.w[ph] = w[ph].data();
    }
    std::vector<float> out(size_t(cot * out_stride), kUntouched);
    a.in = in.data();
    a.in_cstride = in_cstride;
    a.cin = cin_;
    a.init = init.data();
    a.out = out.data();
    a.out_stride = out_stride;
    kernel(a);

    for (int c = 0; c < cot; ++c)
      for (int64_t o = 0; o < out_stride; ++o) {
        const std::string where =
            at("fused ", cot, "x", width, " cin ", cin_, " K ", taps_[0], "/", taps_[1], ": channel ", c, " pixel ", o);
        if (o >= width) {
          check_untouched(out[size_t(c * out_stride + o)], where);
          continue;
        }
        const int ph = int(o % 2);
        const int64_t j = o / 2;
        Expected e;
        e.add(init[size_t(c)]);
        for (int ci = 0; ci < cin_; ++ci)
          for (int k = 0; k < taps_[ph]; ++k)
            e.add(in[size_t(ci * in_cstride + koff[ph][size_t(k)] + j)], w[ph][size_t((ci * taps_[ph] + k) * cot + c)]);
        check_close(out[size_t(c * out_stride + o)], e, 1e-6, where);
      }
  }

 private:
  int cin_ = 1, taps_[2] = {4, 4}, span_ = 16, output_gap_ = 0;
  unsigned seed_ = 1;
};

}  // namespace testers
