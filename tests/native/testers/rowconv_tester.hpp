// Tester of the f32_rowconv family (kernels/f32-rowconv.hpp): one tile of COT output channels x
// WIDTH output pixels from cin input channels and K taps at arbitrary offsets,
//   out[c * out_stride + j] = init[c] + sum_{ci, k} in[ci * in_cstride + koff[k] + j] * w[(ci * K + k) * COT + c]
// on random data, against that sum written out here.
#pragma once

#include <algorithm>

#include "kernels/f32-rowconv.hpp"
#include "testers/tester_support.hpp"

namespace testers {

class RowConvTester {
 public:
  RowConvTester& input_channels(int v) { cin_ = v; return *this; }
  RowConvTester& taps(int v) { taps_ = v; return *this; }
  // Tap offsets are drawn from [0, span): how far apart a tile's taps may read.
  RowConvTester& tap_span(int v) { span_ = v; return *this; }
  // Floats between input channels beyond what the taps read, and between output channels beyond the
  // tile's width (the operator's row lengths are not the tile's).
  RowConvTester& channel_gap(int v) { channel_gap_ = v; return *this; }
  RowConvTester& output_gap(int v) { output_gap_ = v; return *this; }
  RowConvTester& seed(unsigned v) { seed_ = v; return *this; }

  void test(void (*kernel)(const convt::mk::RowConvArgs&), int cot, int width) const {
    std::mt19937 rng(seed_);
    const int64_t in_cstride = span_ + width + channel_gap_, out_stride = width + output_gap_;
    const std::vector<float> in = random_values(rng, size_t(cin_ * in_cstride));
    const std::vector<float> w = random_values(rng, size_t(cin_ * taps_ * cot));
    const std::vector<float> init = random_values(rng, size_t(cot));
    std::vector<int32_t> koff(size_t(std::max(taps_, 1)));
    std::uniform_int_distribution<int> offset(0, span_ - 1);
    for (int32_t& k : koff) k = offset(rng);
    std::vector<float> out(size_t(cot * out_stride), kUntouched);

    convt::mk::RowConvArgs a{};
    a.in = in.data();
    a.in_cstride = in_cstride;
    a.cin = cin_;
    a.koff = koff.data();
    a.K = taps_;
    a.w = w.data();
    a.init = init.data();
    a.out = out.data();
    a.out_stride = out_stride;
    kernel(a);

    for (int c = 0; c < cot; ++c)
      for (int64_t j = 0; j < out_stride; ++j) {
        const std::string where = at("rowconv ", cot, "x", width, " cin ", cin_, " K ", taps_, ": channel ", c, " pixel ", j);
        if (j >= width) {
          check_untouched(out[size_t(c * out_stride + j)], where);
          continue;
        }
        Expected e;
        e.add(init[size_t(c)]);
        for (int ci = 0; ci < cin_; ++ci)
          for (int k = 0; k < taps_; ++k)
            e.add(in[size_t(ci * in_cstride + koff[size_t(k)] + j)], w[size_t((ci * taps_ + k) * cot + c)]);
        check_close(out[size_t(c * out_stride + j)], e, 1e-6, where);
      }
  }

 private:
  int cin_ = 1, taps_ = 1, span_ = 16, channel_gap_ = 0, output_gap_ = 0;
  unsigned seed_ = 1;
};

}  // namespace testers
