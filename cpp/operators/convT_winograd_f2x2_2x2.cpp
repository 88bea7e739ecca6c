#include "operators/convT_winograd_f2x2_2x2.hpp"

#include <algorithm>
#include <memory>

#include "kernels/f32-winograd-f2x2-2x2.hpp"
#include "operators/winograd_blocking.hpp"

namespace convt {
namespace {

using winograd::kMR;
using winograd::kPlanePad;
using winograd::u_stride;
constexpr int64_t kPositions = 9;  // 3x3 transformed positions per tile
int64_t group_weights(const ConvProblem& p) { return 4 * kPositions * u_stride(p.cin_per_group(), p.cout_per_group()); }

// Phase (r0, c0): output rows r0 + 2i and columns c0 + 2j. Its row i reads input rows i + offset - 1
// (kernel row `far`) and i + offset (kernel row `near`); columns likewise.
struct PhaseAxis {
  int64_t offset, near, far;
};
PhaseAxis phase_axis(int64_t r0, int64_t pad) {
  // output o receives input q = floor((o + pad) / 2) through tap (o + pad) mod 2, and q - 1
  // through that tap + 2
  const int64_t near = (r0 + pad) % 2;
  return {(r0 + pad) / 2, near, near + 2};
}

}  // namespace

bool winograd_convT_applies(const ConvProblem& p) {
  const Pair one{1, 1}, two{2, 2};
  return p.op == Op::ConvTranspose2d && p.kH == 4 && p.kW == 4 && p.opt.stride == two && p.opt.dilation == one;
}

int64_t winograd_convT_weights_size(const ConvProblem& p) { return p.G * group_weights(p); }

void winograd_convT_transform_weights(const ConvProblem& p, const float* w, float* u) {
  static_assert(kMR == 4, "one f32x4 of U holds the kMR output channels of a block");
  const int64_t cin_g = p.cin_per_group(), cout_g = p.cout_per_group(), ustride = u_stride(cin_g, cout_g);
  for (int64_t g = 0; g < p.G; ++g)
    for (int64_t phase = 0; phase < 4; ++phase) {
      const PhaseAxis rows = phase_axis(phase / 2, p.opt.padding.h), cols = phase_axis(phase % 2, p.opt.padding.w);
      const int64_t kh[2] = {rows.far, rows.near}, kw[2] = {cols.far, cols.near};  // sub-kernel entry (a, b)
      float* up = u + (g * 4 + phase) * kPositions * ustride;
      for (int64_t co = 0; co < cout_g; co += kMR)  // U[xi][co / 4][ci][co % 4]
        for (int64_t ci = 0; ci < cin_g; ++ci) {
          mk::v4f sub[4];
          for (int a = 0; a < 2; ++a)
            for (int b = 0; b < 2; ++b) {
              alignas(16) float lane[4] = {0, 0, 0, 0};
              for (int64_t l = 0; l < kMR && co + l < cout_g; ++l)  // ConvT weight [cin][cout_g][4][4]
                lane[l] = w[(((g * cin_g + ci) * cout_g + co + l) * 4 + kh[a]) * 4 + kw[b]];
              sub[a * 2 + b] = mk::load4(lane);
            }
          mk::f32_winograd_f2x2_2x2_weights_4(sub, up + co * cin_g + ci * kMR, ustride);
        }
    }
}

void conv_transpose2d_winograd_f2x2_2x2(const ConvProblem& p, const ConvTInput& in, const float* u, const float* bias,
                                        float* y) {
  const int64_t cin = p.cin_per_group(), cout = p.cout_per_group(), Ho = p.Ho, Wo = p.Wo;
  // Tiles of both column phases share one grid: tile column t covers output columns [4t, 4t + 4).
  const int64_t TW = (Wo + 3) / 4;
  const winograd::Blocking block = winograd::blocking(TW);
  const int64_t TWp = block.row_tiles, BR = block.rows, NT = block.stride;
  const int64_t coutp = (cout + kMR - 1) / kMR * kMR;
  const int64_t vstride = cin * NT + kPlanePad, mstride = coutp * NT + kPlanePad, ustride = u_stride(cin, cout);
  // V[phase][xi][ci][tile] and M[phase][xi][co][tile] of one block of tile rows, both column phases.
  std::unique_ptr<float[]> V(new float[size_t(2 * kPositions * vstride)]), M(new float[size_t(2 * kPositions * mstride)]);

  for (int64_t r0 = 0; r0 < 2 && r0 < Ho; ++r0) {
    const PhaseAxis rows = phase_axis(r0, p.opt.padding.h);
    const int64_t TH = ((Ho - r0 + 1) / 2 + 1) / 2;  // tile rows: 2 phase rows each
    for (int64_t th0 = 0; th0 < TH; th0 += BR) {
      const int64_t nr = std::min(BR, TH - th0), nt = nr * TWp;
      for (int64_t c0 = 0; c0 < 2; ++c0) {
        const PhaseAxis cols = phase_axis(c0, p.opt.padding.w);
        float* v = V.get() + c0 * kPositions * vstride;
        for (int64_t ci = 0; ci < cin; ++ci)
          for (int64_t r = 0; r < nr; ++r) {
            // tile (th, t) of this phase: input rows 2th + offset - 1 .. + 2, columns 2t + offset - 1 .. + 2
            const float* first = in.x0 + ci * in.channel_stride + (2 * (th0 + r) + rows.offset - 1) * in.row_stride +
                                 cols.offset - 1;
            for (int64_t tg = 0; tg < TWp; tg += 4) {
              const float* at[3] = {first + 2 * tg, first + in.row_stride + 2 * tg, first + 2 * in.row_stride + 2 * tg};
              mk::f32_winograd_f2x2_2x2_input_4tiles(at, v + ci * NT + r * TWp + tg, vstride);
            }
          }
        winograd::products(kPositions, cin, cout, u + (r0 * 2 + c0) * kPositions * ustride, ustride, v, vstride,
                           M.get() + c0 * kPositions * mstride, mstride, NT, nt);
      }
      for (int64_t co = 0; co < cout; ++co) {
        const float b = bias ? bias[co] : 0.0f;
        for (int64_t r = 0; r < nr; ++r) {
          const int64_t oh = r0 + 4 * (th0 + r);  // the tile's rows: oh and oh + 2
          float* out[2] = {y + (co * Ho + oh) * Wo, oh + 2 < Ho ? y + (co * Ho + oh + 2) * Wo : nullptr};
          const int64_t tile = co * NT + r * TWp;
          for (int64_t tg = 0; tg < TW; tg += 4) {
            const float* mt[2] = {M.get() + tile + tg, M.get() + kPositions * mstride + tile + tg};
            float* at[2] = {out[0] + 4 * tg, out[1] ? out[1] + 4 * tg : nullptr};
            mk::f32_winograd_f2x2_2x2_output_4tiles_2phases(mt, mstride, b, at, std::min<int64_t>(16, Wo - 4 * tg));
          }
        }
      }
    }
  }
}

}  // namespace convt
