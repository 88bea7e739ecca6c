#include "operators/convT_fused_phases.hpp"

#include <algorithm>

#include "kernels/f32-convT-polyphase-fused-s2.hpp"
#include "operators/row_loop.hpp"

namespace convt {
namespace {

using FusedKernel = void (*)(const mk::FusedPhasesArgs&);

// Output channels x output pixels (both phases), widest first; the narrower ones take the tail
// of a row. Measured in Node 20 (tools/bench-kernels.sh tiles; docs/speed.md, "The paths and the
// rules that choose them").
struct FusedTile {
  int64_t width;  // output pixels, both phases
  FusedKernel fn;
};
struct FusedTiles {
  int cot;
  int taps;  // taps per phase the kernels are specialised for, 0: any
  int count;
  FusedTile tiles[3];
};
template <int COT, int TAPS>
constexpr FusedTiles tile_set(int64_t wide, FusedKernel w, int64_t mid, FusedKernel m, int64_t narrow, FusedKernel n) {
  return {COT, TAPS, 3, {{wide, w}, {mid, m}, {narrow, n}}};
}
using mk::f32_convT_polyphase_fused;
constexpr FusedTiles kTileSets[] = {
    // 4x4 kernels at stride 2 (the usual x2 upsampling): 4 taps per phase, unrolled.
    tile_set<1, 4>(64, f32_convT_polyphase_fused<1, 8, 4>, 32, f32_convT_polyphase_fused<1, 4, 4>, 8, f32_convT_polyphase_fused<1, 1, 4>),
    tile_set<1, 0>(64, f32_convT_polyphase_fused<1, 8>, 32, f32_convT_polyphase_fused<1, 4>, 8, f32_convT_polyphase_fused<1, 1>),
    tile_set<4, 0>(16, f32_convT_polyphase_fused<4, 2>, 8, f32_convT_polyphase_fused<4, 1>, 8, f32_convT_polyphase_fused<4, 1>),
};
constexpr int64_t kMaxPixels = 64;

// The tiles for cot output channels per block and these two phases' tap counts (null: none).
const FusedTiles* tiles_for(int cot, int taps0, int taps1) {
  for (const FusedTiles& t : kTileSets)
    if (t.cot == cot && (t.taps == 0 || (t.taps == taps0 && t.taps == taps1))) return &t;
  return nullptr;
}

}  // namespace

bool fused_phases_support(int cot) { return tiles_for(cot, -1, -1) != nullptr; }

void conv_transpose_row_fused_phases(const FusedRow& r) {
  const FusedTiles& ts = *tiles_for(r.cot, r.phase[0].K, r.phase[1].K);
  const int cot = ts.cot;
  alignas(16) float init[4];
  alignas(16) float scratch[4 * kMaxPixels];
  mk::FusedPhasesArgs a{};
  a.in_cstride = r.in_cstride;
  a.cin = int(r.cin);
  for (int ph = 0; ph < 2; ++ph) {
    a.koff[ph] = r.phase[ph].koff;
    a.K[ph] = r.phase[ph].K;
  }
  a.init = init;
  for (int64_t c0 = 0; c0 < r.cout; c0 += cot) {
    const int64_t nc = std::min<int64_t>(cot, r.cout - c0);
    for (int c = 0; c < cot; ++c) init[c] = r.bias && c < nc ? r.bias[c0 + c] : 0.0f;
    for (int ph = 0; ph < 2; ++ph) a.w[ph] = r.phase[ph].w + (c0 / cot) * r.cin * r.phase[ph].K * cot;
    cover_row(ts.tiles, ts.count, r.width, [&](const FusedTile& tile, int64_t ow, int64_t n) {
      a.in = r.in + ow / 2;
      store_tile(
          [&](float* dst, int64_t stride) {
            a.out = dst;
            a.out_stride = stride;
            tile.fn(a);
          },
          cot, tile.width, nc, n, r.out + c0 * r.out_cstride + ow, r.out_cstride, 1, scratch);
    });
  }
}

}  // namespace convt
