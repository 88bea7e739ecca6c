// What the two Winograd operators (winograd_f2x2_3x3: F(2x2, 3x3) for Conv2d; convT_winograd_f2x2_2x2:
// F(2x2, 2x2) for the phases of a ConvTranspose2d) share: how the transformed weights U are packed
// for the products, how tiles are grouped into blocks, and the products themselves, one small
// matrix product per transformed position:
//   M[xi][co][tile] = sum_{ci < cin} U[xi][co / 4][ci][co % 4] * V[xi][ci][tile]
#pragma once

#include <algorithm>
#include <cstdint>

#include "kernels/f32-gemm.hpp"

namespace convt {
namespace winograd {

constexpr int64_t kMR = 4;  // output channels per product tile (f32_gemm_4x8)
// Tiles transformed per block: whole rows of tiles, about this many, so that the transformed input
// and the products of a block (positions x (cin + cout) x tiles floats) stay in the L2 cache.
constexpr int64_t kBlockTiles = 64;
// The planes of U, V and M are this many floats longer than they need to be: plane strides that
// are multiples of 4 KiB would put the streams of a transform in the same cache sets.
constexpr int64_t kPlanePad = 16;

// Distance between U's planes (one per position): [ceil(cout / 4)][cin][kMR] floats and the pad.
inline int64_t u_stride(int64_t cin, int64_t cout) { return (cout + kMR - 1) / kMR * cin * kMR + kPlanePad; }

// The tile grid of one block: tile rows of `row_tiles` tiles (the transforms take 4 tiles at a
// time, so rows are rounded up to whole groups of 4), `rows` of them, `stride` tiles per plane.
struct Blocking {
  int64_t row_tiles, rows, stride;
};
inline Blocking blocking(int64_t tiles_per_row) {
  const int64_t row_tiles = (tiles_per_row + 3) / 4 * 4;
  const int64_t rows = std::max<int64_t>(1, kBlockTiles / row_tiles);
  return {row_tiles, rows, rows * row_tiles};
}

// M = U V at each of `positions` positions, for the first `tiles` tiles (a multiple of 4) of a
// block: u planes ustride apart, v and m planes vstride and mstride apart, tile_stride tiles per
// channel row of V and M.
inline void products(int64_t positions, int64_t cin, int64_t cout, const float* u, int64_t ustride, const float* v,
                     int64_t vstride, float* m, int64_t mstride, int64_t tile_stride, int64_t tiles) {
  const int64_t blocks = (cout + kMR - 1) / kMR;
  for (int64_t xi = 0; xi < positions; ++xi)
    for (int64_t b = 0; b < blocks; ++b) {
      const float* a = u + xi * ustride + b * cin * kMR;
      const float* vx = v + xi * vstride;
      float* mx = m + xi * mstride + b * kMR * tile_stride;
      int64_t t = 0;
      for (; t + 8 <= tiles; t += 8) mk::f32_gemm_4x8(cin, a, vx + t, tile_stride, mx + t, tile_stride);
      if (t < tiles) mk::f32_gemm_4x4(cin, a, vx + t, tile_stride, mx + t, tile_stride);
    }
}

}  // namespace winograd
}  // namespace convt
