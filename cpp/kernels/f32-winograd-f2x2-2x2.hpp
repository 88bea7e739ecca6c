// Winograd F(2x2, 2x2) transforms for the phases of a ConvTranspose2d with a 4x4 kernel at stride
// 2: each of its four phases is a stride-1 correlation of the input with a 2x2 sub-kernel. Four
// tiles side by side in one f32x4 (lane l = tile l); a tile is a 3x3 input patch d that yields a
// 2x2 output patch, neighbouring tiles of a row start 2 columns apart. With
//   B^T = [1 -1 0; 0 1 0; 0 -1 1],  G = [1 0; 1 1; 0 1],  A^T = [1 1 0; 0 1 1],
// the output of a tile is  Y = A^T [ (G g G^T) .* (B^T d B) ] A  summed over input channels:
// 9 products per tile and channel pair instead of 16. In one dimension: y0 = d0 g0 + d1 g1 =
// (d0 - d1) g0 + d1 (g0 + g1) and y1 = d1 g0 + d2 g1 = d1 (g0 + g1) + (d2 - d1) g1. Every
// coefficient is 0 or +-1: the transforms only add and subtract.
#pragma once

#include <cstdint>

#include "kernels/simd.hpp"

namespace convt {
namespace mk {

// U = G g G^T for four 2x2 kernels at once (lane l = kernel l): g[a * 2 + b] holds entry (a, b)
// of the four kernels. u[xi * ustride] for xi = 3i + j.
inline void f32_winograd_f2x2_2x2_weights_4(const v4f* g, float* u, int64_t ustride) {
  const v4f t[3][2] = {{g[0], g[1]}, {g[0] + g[2], g[1] + g[3]}, {g[2], g[3]}};  // G g
  for (int i = 0; i < 3; ++i) {
    store4(u + (3 * i + 0) * ustride, t[i][0]);
    store4(u + (3 * i + 1) * ustride, t[i][0] + t[i][1]);
    store4(u + (3 * i + 2) * ustride, t[i][1]);
  }
}

// V = B^T d B for 4 tiles: rows[i] points at the first column of input row i of tile 0 (tile l
// starts 2l columns further). Reads rows[i][0 .. 10). v[xi * vstride + l].
inline void f32_winograd_f2x2_2x2_input_4tiles(const float* const* rows, float* v, int64_t vstride) {
  v4f h[3][3];  // d B: the column transform of each input row
  for (int i = 0; i < 3; ++i) {
    v4f c[3];  // column j of each tile
    four_tile_columns(rows[i], c);
    h[i][0] = c[0] - c[1];
    h[i][1] = c[1];
    h[i][2] = c[2] - c[1];
  }
  for (int j = 0; j < 3; ++j) {
    store4(v + (0 + j) * vstride, h[0][j] - h[1][j]);
    store4(v + (3 + j) * vstride, h[1][j]);
    store4(v + (6 + j) * vstride, h[2][j] - h[1][j]);
  }
}

// Y = A^T M A + bias for 4 tiles of one output channel in both column phases of a ConvT row
// phase: m[phase][xi * mstride + l]. Tile l's output columns c (< 2) of column phase e are output
// pixel 4l + 2c + e, so the 16 pixels of each output row are a 4x4 transpose of the four results
// (e, c). Writes out[0] and out[1] (the tile's two output rows; either may be null: past the
// image), only their first `cols` (<= 16) pixels.
inline void f32_winograd_f2x2_2x2_output_4tiles_2phases(const float* const* m, int64_t mstride, float bias,
                                                        float* const* out, int64_t cols) {
  const v4f b = splat4(bias);
  v4f y[2][2][2];  // [row][column][phase]
  for (int e = 0; e < 2; ++e) {
    v4f s[2][3];  // A^T M
    for (int j = 0; j < 3; ++j) {
      const v4f m0 = load4(m[e] + (0 + j) * mstride), m1 = load4(m[e] + (3 + j) * mstride),
                m2 = load4(m[e] + (6 + j) * mstride);
      s[0][j] = m0 + m1;
      s[1][j] = m1 + m2;
    }
    for (int i = 0; i < 2; ++i) {
      y[i][0][e] = s[i][0] + s[i][1] + b;
      y[i][1][e] = s[i][1] + s[i][2] + b;
    }
  }
  for (int i = 0; i < 2; ++i) {
    if (!out[i]) continue;
    const v4f t0 = __builtin_shufflevector(y[i][0][0], y[i][0][1], 0, 4, 1, 5);  // tiles 0, 1: pixels 0, 1
    const v4f t1 = __builtin_shufflevector(y[i][1][0], y[i][1][1], 0, 4, 1, 5);  // tiles 0, 1: pixels 2, 3
    const v4f t2 = __builtin_shufflevector(y[i][0][0], y[i][0][1], 2, 6, 3, 7);  // tiles 2, 3: pixels 0, 1
    const v4f t3 = __builtin_shufflevector(y[i][1][0], y[i][1][1], 2, 6, 3, 7);  // tiles 2, 3: pixels 2, 3
    const v4f px[4] = {__builtin_shufflevector(t0, t1, 0, 1, 4, 5), __builtin_shufflevector(t0, t1, 2, 3, 6, 7),
                       __builtin_shufflevector(t2, t3, 0, 1, 4, 5), __builtin_shufflevector(t2, t3, 2, 3, 6, 7)};
    if (cols >= 16) {
      for (int l = 0; l < 4; ++l) store4(out[i] + 4 * l, px[l]);
    } else {
      alignas(16) float tmp[16];
      for (int l = 0; l < 4; ++l) store4(tmp + 4 * l, px[l]);
      for (int64_t k = 0; k < cols; ++k) out[i][k] = tmp[k];
    }
  }
}

}  // namespace mk
}  // namespace convt
