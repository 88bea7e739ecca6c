// f32_convT_polyphase_fused_<COT>x<8*NV>: one output row of a ConvTranspose2d whose column
// stride is 2, both column phases in one call: COT output channels by 8*NV consecutive output
// pixels. Phase 0 gives the even output columns, phase 1 the odd ones; each is a stride-1
// convolution of the un-stuffed input with its sub-kernel (as in f32_rowconv, with the same
// COT x 4*NV accumulators, so the same arithmetic per load). Phase 0's results wait in a small
// buffer while phase 1 runs; then the two are interleaved with shuffles and stored as whole
// vectors (no scalar scatter of every other pixel).
//
//   out[c * out_stride + 2j + ph] = init[c] + sum_{ci < cin} sum_{k < K[ph]}
//       in[ci * in_cstride + koff[ph][k] + j] * w[ph][(ci * K[ph] + k) * COT + c]
//   for c < COT, j < 4*NV, ph < 2.
// Reads in[... + koff[ph][k] .. + 4*NV): the operator pads its input.
#pragma once

#include <cstdint>

#include "kernels/simd.hpp"

namespace convt {
namespace mk {

struct FusedPhasesArgs {
  const float* in;        // first input pixel of the tile, tap offset 0, channel 0
  int64_t in_cstride;     // distance between input channels
  int cin;                // input channels
  const int32_t* koff[2]; // per column phase: tap offsets
  int K[2];               //                   number of taps (may be 0)
  const float* w[2];      //                   weights [cin][K][COT]
  const float* init;      // COT starting values (bias or 0)
  float* out;             // out[c * out_stride + 2j + phase]
  int64_t out_stride;
};

// TAPS > 0: both phases have exactly TAPS taps (4 for a 4x4 kernel at stride 2), known at
// compile time so the tap loop unrolls and the offsets stay in registers; 0: any count.
template <int COT, int NV, int TAPS = 0>
inline void f32_convT_polyphase_fused(const FusedPhasesArgs& a) {
  alignas(16) float even[COT][NV][4];  // phase 0's results
  for (int ph = 0; ph < 2; ++ph) {
    v4f acc[COT][NV];
    for (int c = 0; c < COT; ++c)
      for (int v = 0; v < NV; ++v) acc[c][v] = splat4(a.init[c]);
    const float* w = a.w[ph];
    const float* in = a.in;
    const int K = TAPS > 0 ? TAPS : a.K[ph];
    int32_t koff[TAPS > 0 ? TAPS : 1];
    const int32_t* koffs = a.koff[ph];
    if (TAPS > 0) {
      for (int k = 0; k < TAPS; ++k) koff[k] = koffs[k];
      koffs = koff;
    }
    for (int ci = 0; ci < a.cin; ++ci, in += a.in_cstride) {
      for (int k = 0; k < K; ++k, w += COT) {
        const float* src = in + koffs[k];
        v4f x[NV];
        for (int v = 0; v < NV; ++v) x[v] = load4(src + 4 * v);
        for (int c = 0; c < COT; ++c) {
          const v4f wc = splat4(w[c]);
          for (int v = 0; v < NV; ++v) acc[c][v] += x[v] * wc;
        }
      }
    }
    if (ph == 0) {
      for (int c = 0; c < COT; ++c)
        for (int v = 0; v < NV; ++v) store4(even[c][v], acc[c][v]);
      continue;
    }
    for (int c = 0; c < COT; ++c)
      for (int v = 0; v < NV; ++v) {
        const v4f e = load4(even[c][v]);
        float* o = a.out + c * a.out_stride + 8 * v;
        store4(o, __builtin_shufflevector(e, acc[c][v], 0, 4, 1, 5));
        store4(o + 4, __builtin_shufflevector(e, acc[c][v], 2, 6, 3, 7));
      }
  }
}

}  // namespace mk
}  // namespace convt
