// Testers of the two Winograd transform families, each run as the operators run them: the weight
// transform U of one kernel per lane, the input transform V of four neighbouring tiles (one per
// lane), the products M = sum over input channels of U .* V at every transformed position (written
// here, in place of f32_gemm, which GemmTester covers), and the output transform. The result must
// be the direct correlation of each tile with its lane's kernel, summed over the input channels,
// plus the bias, for every output the transform writes, and nothing past them:
//  - F(2x2, 3x3) (kernels/f32-winograd-f2x2-3x3.hpp): 3x3 kernels, 4x4 input patches two columns
//    apart, out[i][2l + c] for the tile's rows i < 2 and columns c < 2;
//  - F(2x2, 2x2) (kernels/f32-winograd-f2x2-2x2.hpp), the two column phases of a ConvTranspose2d
//    row phase: 2x2 kernels, 3x3 patches, out[i][4l + 2c + e] for phase e.
// Builders: input channels, kernels present (lanes; the others are zero), outputs kept per row
// (the operators' partial last tiles), and whether the tile's second output row exists.
#pragma once

#include "kernels/f32-winograd-f2x2-2x2.hpp"
#include "kernels/f32-winograd-f2x2-3x3.hpp"
#include "testers/tester_support.hpp"

namespace testers {

class WinogradTester {
 public:
  WinogradTester& input_channels(int v) { cin_ = v; return *this; }
  WinogradTester& lanes(int v) { lanes_ = v; return *this; }
  WinogradTester& columns(int64_t v) { columns_ = v; return *this; }
  WinogradTester& second_row(bool v) { second_row_ = v; return *this; }
  WinogradTester& seed(unsigned v) { seed_ = v; return *this; }

  // F(2x2, 3x3): columns <= 8.
  void test_f2x2_3x3() const {
    constexpr int kPositions = 16, kMargin = 3;
    constexpr int64_t ustride = 7, vstride = 6, mstride = 5, gstride = 11;  // planes apart by more than 4 lanes
    std::mt19937 rng(seed_);
    std::vector<float> m(size_t(kPositions * mstride), 0.0f);
    std::vector<std::vector<float>> kernels(static_cast<size_t>(cin_)), rows(static_cast<size_t>(cin_) * 4);
    for (int ci = 0; ci < cin_; ++ci) {
      kernels[size_t(ci)] = random_values(rng, size_t(4 * gstride));
      std::vector<float> u(size_t(kPositions * ustride), kUntouched), v(size_t(kPositions * vstride));
      convt::mk::f32_winograd_f2x2_3x3_weights_4(kernels[size_t(ci)].data(), gstride, lanes_, u.data(), ustride);
      const float* at_rows[4];
      for (int i = 0; i < 4; ++i) {
        rows[size_t(ci * 4 + i)] = random_values(rng, 10);
        at_rows[i] = rows[size_t(ci * 4 + i)].data();
      }
      convt::mk::f32_winograd_f2x2_3x3_input_4tiles(at_rows, v.data(), vstride);
      for (int xi = 0; xi < kPositions; ++xi)
        for (int l = 0; l < 4; ++l) {
          const float ul = u[size_t(xi * ustride + l)];
          if (l >= lanes_) CHECK(ul == 0.0f);  // a missing kernel transforms to zeros
          m[size_t(xi * mstride + l)] += ul * v[size_t(xi * vstride + l)];
        }
    }
    const float bias = random_values(rng, 1)[0];
    std::vector<float> outs[2];
    float* out[2];
    for (int i = 0; i < 2; ++i) {
      outs[i].assign(size_t(8 + kMargin), kUntouched);
      out[i] = i == 0 || second_row_ ? outs[i].data() : nullptr;
    }
    convt::mk::f32_winograd_f2x2_3x3_output_4tiles(m.data(), mstride, bias, out, columns_);
    for (int i = 0; i < 2; ++i)
      for (int64_t k = 0; k < 8 + kMargin; ++k) {
        const std::string where = at("winograd f2x2-3x3, cin ", cin_, " lanes ", lanes_, " columns ", columns_,
                                     second_row_ ? "" : " one row", ": row ", i, " pixel ", k);
        if (k >= columns_ || !out[i]) {
          check_untouched(outs[i][size_t(k)], where);
          continue;
        }
        const int64_t l = k / 2, c = k % 2;
        Expected e;
        e.add(bias);
        for (int ci = 0; ci < cin_ && l < lanes_; ++ci)
          for (int kh = 0; kh < 3; ++kh)
            for (int kw = 0; kw < 3; ++kw)
              e.add(rows[size_t(ci * 4 + i + kh)][size_t(2 * l + c + kw)],
                    kernels[size_t(ci)][size_t(l * gstride + kh * 3 + kw)]);
        check_close(outs[i][size_t(k)], e, 1e-5, where);
      }
  }

  // F(2x2, 2x2), both column phases: columns <= 16.
  void test_f2x2_2x2() const {
    constexpr int kPositions = 9, kMargin = 3;
    constexpr int64_t ustride = 7, vstride = 6, mstride = 5;
    std::mt19937 rng(seed_);
    std::vector<float> m[2];
    // kernel[e][ci][l][a * 2 + b], rows[e][ci * 3 + i]
    std::vector<std::vector<float>> kernels[2], rows[2];
    for (int e = 0; e < 2; ++e) {
      m[e].assign(size_t(kPositions * mstride), 0.0f);
      for (int ci = 0; ci < cin_; ++ci) {
        kernels[e].push_back(random_values(rng, 16));
        for (int l = lanes_; l < 4; ++l)
          for (int t = 0; t < 4; ++t) kernels[e].back()[size_t(l * 4 + t)] = 0.0f;  // no kernel in this lane
        convt::mk::v4f g[4];
        for (int t = 0; t < 4; ++t)
          for (int l = 0; l < 4; ++l) g[t][l] = kernels[e].back()[size_t(l * 4 + t)];
        std::vector<float> u(size_t(kPositions * ustride), kUntouched), v(size_t(kPositions * vstride));
        convt::mk::f32_winograd_f2x2_2x2_weights_4(g, u.data(), ustride);
        const float* at_rows[3];
        for (int i = 0; i < 3; ++i) {
          rows[e].push_back(random_values(rng, 10));
          at_rows[i] = rows[e].back().data();
        }
        convt::mk::f32_winograd_f2x2_2x2_input_4tiles(at_rows, v.data(), vstride);
        for (int xi = 0; xi < kPositions; ++xi)
          for (int l = 0; l < 4; ++l) m[e][size_t(xi * mstride + l)] += u[size_t(xi * ustride + l)] * v[size_t(xi * vstride + l)];
      }
    }
    const float bias = random_values(rng, 1)[0];
    std::vector<float> outs[2];
    float* out[2];
    for (int i = 0; i < 2; ++i) {
      outs[i].assign(size_t(16 + kMargin), kUntouched);
      out[i] = i == 0 || second_row_ ? outs[i].data() : nullptr;
    }
    const float* mt[2] = {m[0].data(), m[1].data()};
    convt::mk::f32_winograd_f2x2_2x2_output_4tiles_2phases(mt, mstride, bias, out, columns_);
    for (int i = 0; i < 2; ++i)
      for (int64_t k = 0; k < 16 + kMargin; ++k) {
        const std::string where = at("winograd f2x2-2x2, cin ", cin_, " lanes ", lanes_, " columns ", columns_,
                                     second_row_ ? "" : " one row", ": row ", i, " pixel ", k);
        if (k >= columns_ || !out[i]) {
          check_untouched(outs[i][size_t(k)], where);
          continue;
        }
        const int64_t l = k / 4, c = (k % 4) / 2, e = k % 2;
        Expected want;
        want.add(bias);
        for (int ci = 0; ci < cin_; ++ci)
          for (int a = 0; a < 2; ++a)
            for (int b = 0; b < 2; ++b)
              want.add(rows[e][size_t(ci * 3 + i + a)][size_t(2 * l + c + b)], kernels[e][size_t(ci)][size_t(l * 4 + a * 2 + b)]);
        check_close(outs[i][size_t(k)], want, 1e-5, where);
      }
  }

 private:
  int cin_ = 1, lanes_ = 4;
  int64_t columns_ = 8;
  bool second_row_ = true;
  unsigned seed_ = 1;
};

}  // namespace testers
