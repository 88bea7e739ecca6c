// Winograd F(2x2, 3x3) transforms, four tiles side by side in one f32x4 (lane l = tile l).
// A tile is a 4x4 input patch d that yields a 2x2 output patch; neighbouring tiles of a row
// start 2 columns apart. With
//   B^T = [1 0 -1 0; 0 1 1 0; 0 -1 1 0; 0 1 0 -1],  G = [1 0 0; .5 .5 .5; .5 -.5 .5; 0 0 1],
//   A^T = [1 1 1 0; 0 1 -1 -1],
// the output of a tile is  Y = A^T [ (G g G^T) .* (B^T d B) ] A  summed over input channels:
// 16 products per tile and channel pair instead of 36 for the direct 2x2x9. These points
// (0, 1, -1) keep the transforms exact up to a few roundings (F(4x4, 3x3) was measured too
// inexact for the 1e-4 tolerance).
#pragma once

#include <cstdint>

#include "kernels/simd.hpp"

namespace convt {
namespace mk {

// U = G g G^T for four 3x3 kernels at once (lane l = kernel l): g[l][0..9) with g[l] =
// kernel + l * gstride (fewer than four: the missing lanes are 0). u[xi * ustride + l] for
// xi = 4i + j.
inline void f32_winograd_f2x2_3x3_weights_4(const float* kernel, int64_t gstride, int lanes, float* u,
                                            int64_t ustride) {
  v4f g[9];
  for (int t = 0; t < 9; ++t) {
    alignas(16) float lane[4] = {0, 0, 0, 0};
    for (int l = 0; l < lanes; ++l) lane[l] = kernel[l * gstride + t];
    g[t] = load4(lane);
  }
  const v4f half = splat4(0.5f);
  v4f t[4][3];  // G g
  for (int c = 0; c < 3; ++c) {
    const v4f g0 = g[c], g1 = g[3 + c], g2 = g[6 + c];
    t[0][c] = g0;
    t[1][c] = half * (g0 + g1 + g2);
    t[2][c] = half * (g0 - g1 + g2);
    t[3][c] = g2;
  }
  for (int i = 0; i < 4; ++i) {
    const v4f a = t[i][0], b = t[i][1], c = t[i][2];
    store4(u + (4 * i + 0) * ustride, a);
    store4(u + (4 * i + 1) * ustride, half * (a + b + c));
    store4(u + (4 * i + 2) * ustride, half * (a - b + c));
    store4(u + (4 * i + 3) * ustride, c);
  }
}

// V = B^T d B for 4 tiles: rows[i] points at column 2*tw0 of input row i of the tiles (tile
// tw0 + l starts at column 2*(tw0 + l)). Reads rows[i][0 .. 10). v[xi * vstride + l].
inline void f32_winograd_f2x2_3x3_input_4tiles(const float* const* rows, float* v, int64_t vstride) {
  v4f h[4][4];  // d B: the column transform of each input row
  for (int i = 0; i < 4; ++i) {
    v4f c[4];  // column j of each tile
    four_tile_columns(rows[i], c);
    h[i][0] = c[0] - c[2];
    h[i][1] = c[1] + c[2];
    h[i][2] = c[2] - c[1];
    h[i][3] = c[1] - c[3];
  }
  for (int j = 0; j < 4; ++j) {
    store4(v + (0 + j) * vstride, h[0][j] - h[2][j]);
    store4(v + (4 + j) * vstride, h[1][j] + h[2][j]);
    store4(v + (8 + j) * vstride, h[2][j] - h[1][j]);
    store4(v + (12 + j) * vstride, h[1][j] - h[3][j]);
  }
}

// Y = A^T M A + bias for 4 tiles of one output channel: m[xi * mstride + l]. Writes the 2x2
// outputs of the 4 tiles interleaved, as 8 consecutive pixels of each of the two output rows
// (out[0], out[1]; out[1] may be null: the image ends after row 0). Only the first `cols`
// (<= 8) pixels are written.
inline void f32_winograd_f2x2_3x3_output_4tiles(const float* m, int64_t mstride, float bias, float* const* out,
                                                int64_t cols) {
  v4f s[2][4];  // A^T M
  for (int j = 0; j < 4; ++j) {
    const v4f m0 = load4(m + (0 + j) * mstride), m1 = load4(m + (4 + j) * mstride),
              m2 = load4(m + (8 + j) * mstride), m3 = load4(m + (12 + j) * mstride);
    s[0][j] = m0 + m1 + m2;
    s[1][j] = m1 - m2 - m3;
  }
  const v4f b = splat4(bias);
  for (int i = 0; i < 2; ++i) {
    if (!out[i]) continue;
    const v4f y0 = s[i][0] + s[i][1] + s[i][2] + b;  // column 0 of each tile
    const v4f y1 = s[i][1] - s[i][2] - s[i][3] + b;  // column 1
    const v4f lo = __builtin_shufflevector(y0, y1, 0, 4, 1, 5), hi = __builtin_shufflevector(y0, y1, 2, 6, 3, 7);
    if (cols >= 8) {
      store4(out[i], lo);
      store4(out[i] + 4, hi);
    } else {
      alignas(16) float tmp[8];
      store4(tmp, lo);
      store4(tmp + 4, hi);
      for (int64_t k = 0; k < cols; ++k) out[i][k] = tmp[k];
    }
  }
}

}  // namespace mk
}  // namespace convt
