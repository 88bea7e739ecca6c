#include "conv_transpose_fused.hpp"

#include <algorithm>

#include "kernels/f32-convT-polyphase-fused-s2.hpp"

namespace convt {
namespace {

using FusedKernel = void (*)(const mk::FusedPhasesArgs&);

// Tiles measured in Node 20 (tests/bench/kernels.cpp, README "Speed"): output channels x
// output pixels (both phases).
struct FusedTile {
  int cot;
  int64_t pixels;
  FusedKernel fn;
};
constexpr FusedTile kTiles[] = {
    {1, 32, mk::f32_convT_polyphase_fused<1, 4>},
    {4, 8, mk::f32_convT_polyphase_fused<4, 1>},
};
constexpr int kMaxPixels = 32;

const FusedTile* tile_for(int cot) {
  for (const FusedTile& t : kTiles)
    if (t.cot == cot) return &t;
  return nullptr;
}

}  // namespace

bool fused_phases_support(int cot) { return tile_for(cot) != nullptr; }

bool fused_phases_pay(const ConvProblem&) { return true; }

void conv_transpose_row_fused_phases(const FusedRow& r) {
  const FusedTile& tile = *tile_for(r.cot);
  alignas(16) float init[4];
  alignas(16) float tmp[4 * kMaxPixels];
  mk::FusedPhasesArgs a{};
  a.in_cstride = r.in_cstride;
  a.cin = int(r.cin);
  for (int ph = 0; ph < 2; ++ph) {
    a.koff[ph] = r.phase[ph].koff;
    a.K[ph] = r.phase[ph].K;
  }
  a.init = init;
  for (int64_t c0 = 0; c0 < r.cout; c0 += tile.cot) {
    const int64_t nc = std::min<int64_t>(tile.cot, r.cout - c0);
    for (int c = 0; c < tile.cot; ++c) init[c] = r.bias && c < nc ? r.bias[c0 + c] : 0.0f;
    for (int ph = 0; ph < 2; ++ph) a.w[ph] = r.phase[ph].w + (c0 / tile.cot) * r.cin * r.phase[ph].K * tile.cot;
    for (int64_t ow = 0; ow < r.width; ow += tile.pixels) {
      a.in = r.in + ow / 2;
      float* dst = r.out + c0 * r.out_cstride + ow;
      const int64_t n = std::min(tile.pixels, r.width - ow);
      if (n == tile.pixels && nc == tile.cot) {
        a.out = dst;
        a.out_stride = r.out_cstride;
        tile.fn(a);
      } else {  // a partial tile: through tmp
        a.out = tmp;
        a.out_stride = tile.pixels;
        tile.fn(a);
        for (int64_t c = 0; c < nc; ++c) std::copy(tmp + c * tile.pixels, tmp + c * tile.pixels + n, dst + c * r.out_cstride);
      }
    }
  }
}

}  // namespace convt
