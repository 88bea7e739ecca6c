// f32_dwconv2d_3x3s1_2x4: one channel of a 3x3, stride-1, dilation-1 convolution in CHW layout
// (single-channel and depthwise Conv2d), 2 output rows by 4 output pixels per step, the nine
// weights held in registers for a whole band of rows (the idea of XNNPACK's f32-dwconv2d-chw
// 3x3p1 kernels). Shape-agnostic: the operator hands it row pointers.
//
//   for t < tiles, r < 2, j < 4:
//     out[r][4t + j] = bias + sum_{kh, kw < 3} in[r + kh][4t + j + kw] * w[kh*3 + kw]
//
// in[0 .. 4) point at the band's input rows, already moved left by the padding: a row above or
// below the image is a row of zeros that the operator supplies (no padded copy of the input).
// Reads in[i][0 .. 4*tiles + 2) with unaligned loads at column offsets 0, 1, 2; out must not
// overlap in.
//
// Store fences. V8 (Node 20, Chromium) keeps WebAssembly loads and stores in program order but
// schedules the arithmetic late, so without a store between them all twelve input loads of a step
// are issued first and, with the nine weights and two sums in registers, no longer fit in V8's 15
// xmm registers (9 spill stores and 30 reloads per two steps, counted with node --print-wasm-code).
// Here each input row's products are summed, then the sum they went into is stored (to its final
// place: the last store of each row wins); a load may not move above a store to memory it might
// alias, so each input row's three vectors are loaded only after the previous row's products are
// done: no spill store is left in the loop, and 3 values are reloaded from the stack per step (node
// --print-wasm-code, 2026-11-26). Two extra stores per step; 1.15x faster than the same tile
// without them (188 against 217 us per 512x512 plane, best of rounds, three runs of
// tools/bench-kernels.sh tiles on 2026-11-26; the unfenced form is kept there as the baseline), and
// case A as a whole 1.13x (tests/bench/overhead.mjs, main's build against this).
#pragma once

#include <cstdint>

#include "kernels/simd.hpp"

namespace convt {
namespace mk {

inline void f32_dwconv2d_3x3s1_2x4(const float* const* in, float* const* out, int64_t tiles, const float* w,
                                   float bias) {
  const v4f k0 = splat4(w[0]), k1 = splat4(w[1]), k2 = splat4(w[2]);
  const v4f k3 = splat4(w[3]), k4 = splat4(w[4]), k5 = splat4(w[5]);
  const v4f k6 = splat4(w[6]), k7 = splat4(w[7]), k8 = splat4(w[8]);
  const v4f b = splat4(bias);
  // Scalar pointers, not an array: clang turns an array of four row pointers into one i32x4 that
  // V8 then takes apart lane by lane at every step.
  const float *r0 = in[0], *r1 = in[1], *r2 = in[2], *r3 = in[3];
  float *o0 = out[0], *o1 = out[1];
  for (int64_t t = 0; t < tiles; ++t) {
    v4f a0 = b, a1 = b;
    v4f x0 = load4(r0), x1 = load4(r0 + 1), x2 = load4(r0 + 2);
    a0 += x0 * k0;
    a0 += x1 * k1;
    a0 += x2 * k2;
    store4(o0, a0);  // fence (see above)
    x0 = load4(r1), x1 = load4(r1 + 1), x2 = load4(r1 + 2);
    a0 += x0 * k3;
    a1 += x0 * k0;
    a0 += x1 * k4;
    a1 += x1 * k1;
    a0 += x2 * k5;
    a1 += x2 * k2;
    store4(o1, a1);  // fence
    x0 = load4(r2), x1 = load4(r2 + 1), x2 = load4(r2 + 2);
    a0 += x0 * k6;
    a1 += x0 * k3;
    a0 += x1 * k7;
    a1 += x1 * k4;
    a0 += x2 * k8;
    a1 += x2 * k5;
    store4(o0, a0);  // row 0 done
    x0 = load4(r3), x1 = load4(r3 + 1), x2 = load4(r3 + 2);
    a1 += x0 * k6;
    a1 += x1 * k7;
    a1 += x2 * k8;
    store4(o1, a1);  // row 1 done
    r0 += 4, r1 += 4, r2 += 4, r3 += 4;
    o0 += 4, o1 += 4;
  }
}

}  // namespace mk
}  // namespace convt
