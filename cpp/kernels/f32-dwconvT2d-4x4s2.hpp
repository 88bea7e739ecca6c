// f32_dwconvT2d_4x4s2_1x8<ODD_SHIFT>: one output row of a channel-wise ConvTranspose2d with a 4x4
// kernel at stride 2 (dilation 1) in CHW layout (single-channel images, the image view's RGB
// upsampling), 8 output pixels per step: 4 even and 4 odd columns at once, interleaved in registers
// and stored as two whole vectors. Shape-agnostic: the operator hands it two input rows and the
// eight weights that output row uses.
//
// Output column 2m + e (e = 0, 1) receives two input columns: m + b_e (weight column kw_e) and
// m + b_e - 1 (weight column kw_e + 2). With padding p, b_0 = floor(p / 2) and b_1 = b_0 + (p mod 2):
// the even and odd columns of a step read the same three (p odd) or two (p even) input vectors,
// loaded once for both. ODD_SHIFT = p mod 2.
//
//   for t < tiles, m = 4t + i (i < 4), e < 2:
//     out[2m + e] = bias + sum_{r < 2} (in[r][m + 1 + shift_e] * w[r][e][0] + in[r][m + shift_e] * w[r][e][1])
//   with shift_0 = 0, shift_1 = ODD_SHIFT
//
// in[0] and in[1] point at the output row's two input rows (the nearer row first: kernel row kh and
// kh + 2) at column b_0 - 1; a row above or below the image is a row of zeros the operator supplies.
// Reads in[r][0 .. 4*tiles + 1 + ODD_SHIFT). w holds w[r][e][j] at w[(r*2 + e)*2 + j].
//
// Registers: eight weights, the bias, two sums and at most three input vectors, 14 of V8's 15 xmm
// registers; with a temporary for the products, V8 reloads one weight from the stack per step and
// stores nothing to it (node --print-wasm-code, 2026-11-26).
#pragma once

#include <cstdint>

#include "kernels/simd.hpp"

namespace convt {
namespace mk {

template <int ODD_SHIFT>
inline void f32_dwconvT2d_4x4s2_1x8(const float* const* in, float* out, int64_t tiles, const float* w, float bias) {
  const v4f n_e0 = splat4(w[0]), n_e1 = splat4(w[1]), n_o0 = splat4(w[2]), n_o1 = splat4(w[3]);
  const v4f f_e0 = splat4(w[4]), f_e1 = splat4(w[5]), f_o0 = splat4(w[6]), f_o1 = splat4(w[7]);
  const v4f b = splat4(bias);
  const float *near = in[0], *far = in[1];
  for (int64_t t = 0; t < tiles; ++t) {
    v4f even = b, odd = b;
    // One input row's products: its vectors are loaded once for the even and the odd columns.
    auto add_row = [&](const float* row, v4f e0, v4f e1, v4f o0, v4f o1) {
      const v4f left = load4(row), mid = load4(row + 1);
      even += mid * e0;
      even += left * e1;
      if (ODD_SHIFT) {
        const v4f right = load4(row + 2);
        odd += right * o0;
        odd += mid * o1;
      } else {
        odd += mid * o0;
        odd += left * o1;
      }
    };
    add_row(near, n_e0, n_e1, n_o0, n_o1);
    add_row(far, f_e0, f_e1, f_o0, f_o1);
    store4(out, __builtin_shufflevector(even, odd, 0, 4, 1, 5));
    store4(out + 4, __builtin_shufflevector(even, odd, 2, 6, 3, 7));
    near += 4, far += 4, out += 8;
  }
}

}  // namespace mk
}  // namespace convt
