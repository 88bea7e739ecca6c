#include "operators/winograd_f2x2_3x3.hpp"

#include <algorithm>
#include <memory>
#include <vector>

#include "kernels/f32-winograd-f2x2-3x3.hpp"
#include "operators/winograd_blocking.hpp"

namespace convt {
namespace {

using winograd::kMR;
using winograd::kPlanePad;
using winograd::u_stride;  // U of one group: [16][blocks][cin][kMR], planes ustride apart
constexpr int64_t kPositions = 16;  // 4x4 transformed positions per tile

}  // namespace

bool winograd_applies(const ConvProblem& p) {
  const Pair one{1, 1};
  return p.op == Op::Conv2d && p.kH == 3 && p.kW == 3 && p.opt.stride == one && p.opt.dilation == one;
}

int64_t winograd_weights_size(const ConvProblem& p) {
  return p.G * kPositions * u_stride(p.cin_per_group(), p.cout_per_group());
}

const float* winograd_group_weights(const ConvProblem& p, const float* u, int64_t g) {
  return u + g * (winograd_weights_size(p) / p.G);
}

void winograd_transform_weights(const ConvProblem& p, const float* w, float* u) {
  static_assert(kMR == 4, "one f32x4 of U holds the kMR output channels of a block");
  const int64_t cin_g = p.cin_per_group(), cout_g = p.cout_per_group(), ustride = u_stride(cin_g, cout_g);
  for (int64_t g = 0; g < p.G; ++g) {
    float* ug = u + g * kPositions * ustride;
    for (int64_t co = 0; co < cout_g; co += kMR)  // U[xi][co / 4][ci][co % 4]: written in order, per plane
      for (int64_t ci = 0; ci < cin_g; ++ci)
        mk::f32_winograd_f2x2_3x3_weights_4(w + ((g * cout_g + co) * cin_g + ci) * 9, cin_g * 9,
                                            int(std::min<int64_t>(kMR, cout_g - co)), ug + (co * cin_g + ci * kMR),
                                            ustride);
  }
}

void conv2d_winograd_f2x2_3x3(const PaddedPlanes& in, int64_t cin, int64_t cout, const float* u, const float* bias,
                              float* y) {
  const int64_t Ho = in.rows - 2, Wo = in.cols - 2;
  const int64_t TH = (Ho + 1) / 2, TW = (Wo + 1) / 2;
  const winograd::Blocking block = winograd::blocking(TW);
  const int64_t TWp = block.row_tiles, BR = block.rows, NT = block.stride;
  const int64_t coutp = (cout + kMR - 1) / kMR * kMR;
  const int64_t vstride = cin * NT + kPlanePad, mstride = coutp * NT + kPlanePad, ustride = u_stride(cin, cout);
  // V[xi][ci][tile] and M[xi][co][tile] of one block of tile rows.
  std::unique_ptr<float[]> V(new float[size_t(kPositions * vstride)]), M(new float[size_t(kPositions * mstride)]);
  const std::vector<float> zeros(size_t(in.cols + 8), 0.0f);  // the row below the input when Ho is odd

  for (int64_t th0 = 0; th0 < TH; th0 += BR) {
    const int64_t nr = std::min(BR, TH - th0), nt = nr * TWp;
    for (int64_t ci = 0; ci < cin; ++ci) {
      const float* plane = in.data + ci * in.channel_stride;
      for (int64_t r = 0; r < nr; ++r) {
        const int64_t row0 = 2 * (th0 + r);
        const float* rows[4];
        for (int i = 0; i < 4; ++i) rows[i] = row0 + i < in.rows ? plane + (row0 + i) * in.row_stride : zeros.data();
        for (int64_t tg = 0; tg < TWp; tg += 4) {
          const float* at[4] = {rows[0] + 2 * tg, rows[1] + 2 * tg, rows[2] + 2 * tg, rows[3] + 2 * tg};
          mk::f32_winograd_f2x2_3x3_input_4tiles(at, V.get() + ci * NT + r * TWp + tg, vstride);
        }
      }
    }
    winograd::products(kPositions, cin, cout, u, ustride, V.get(), vstride, M.get(), mstride, NT, nt);
    for (int64_t co = 0; co < cout; ++co) {
      const float b = bias ? bias[co] : 0.0f;
      for (int64_t r = 0; r < nr; ++r) {
        const int64_t oh = 2 * (th0 + r);
        float* out[2] = {y + (co * Ho + oh) * Wo, oh + 1 < Ho ? y + (co * Ho + oh + 1) * Wo : nullptr};
        for (int64_t tg = 0; tg < TW; tg += 4) {
          float* at[2] = {out[0] + 2 * tg, out[1] ? out[1] + 2 * tg : nullptr};
          mk::f32_winograd_f2x2_3x3_output_4tiles(M.get() + co * NT + r * TWp + tg, mstride, b, at,
                                                  std::min<int64_t>(8, Wo - 2 * tg));
        }
      }
    }
  }
}

}  // namespace convt
