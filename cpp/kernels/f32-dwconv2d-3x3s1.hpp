// f32_dwconv2d_3x3s1_<R>x<4*NV>: one channel of a 3x3, stride-1, dilation-1 convolution in CHW
// layout (single-channel and depthwise Conv2d), R output rows by 4*NV output pixels per step,
// the nine weights held in registers for a whole band of rows (the idea of XNNPACK's
// f32-dwconv2d-chw 3x3p1 kernels). Shape-agnostic: the operator hands it row pointers.
//
//   for t < tiles, r < R, j < 4*NV:
//     out[r][t*4*NV + j] = bias + sum_{kh, kw < 3} in[r + kh][t*4*NV + j + kw] * w[kh*3 + kw]
//
// in[0 .. R+2) point at the band's input rows, already moved left by the padding: a row above
// or below the image is a row of zeros that the operator supplies (no padded copy of the
// input). Reads in[i][0 .. tiles*4*NV + 2) with unaligned loads at column offsets 0, 1, 2.
#pragma once

#include <cstdint>

#include "../microkernels.hpp"

namespace convt {
namespace mk {

template <int R, int NV>
inline void f32_dwconv2d_3x3s1(const float* const* in, float* const* out, int64_t tiles, const float* w, float bias) {
  v4f k[9];
  for (int i = 0; i < 9; ++i) k[i] = splat4(w[i]);
  const float* rows[R + 2];
  for (int i = 0; i < R + 2; ++i) rows[i] = in[i];
  float* dst[R];
  for (int r = 0; r < R; ++r) dst[r] = out[r];
  for (int64_t t = 0; t < tiles; ++t) {
    v4f acc[R][NV];
    for (int r = 0; r < R; ++r)
      for (int v = 0; v < NV; ++v) acc[r][v] = splat4(bias);
    for (int i = 0; i < R + 2; ++i) {
      for (int v = 0; v < NV; ++v) {
        const v4f x0 = load4(rows[i] + 4 * v), x1 = load4(rows[i] + 4 * v + 1), x2 = load4(rows[i] + 4 * v + 2);
        for (int r = 0; r < R; ++r) {
          const int kh = i - r;  // input row i is tap row kh of output row r
          if (kh < 0 || kh > 2) continue;
          acc[r][v] += x0 * k[3 * kh] + x1 * k[3 * kh + 1] + x2 * k[3 * kh + 2];
        }
      }
      rows[i] += 4 * NV;
    }
    for (int r = 0; r < R; ++r) {
      for (int v = 0; v < NV; ++v) store4(dst[r] + 4 * v, acc[r][v]);
      dst[r] += 4 * NV;
    }
  }
}

}  // namespace mk
}  // namespace convt
