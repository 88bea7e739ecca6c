// f32_rowconv_<COT>x<4*NV>: one tile of 4*NV consecutive output pixels and COT output channels,
//     out[c * out_stride + j] = init[c] + sum_{ci < cin} sum_{k < K} in[ci * in_cstride + koff[k] + j] * w[(ci*K + k)*COT + c]
// The K offsets are the kernel taps (already resolved by the operator to a row and column of
// its padded input); the weights are packed so the kernel reads them strictly in order. The
// same kernel serves Conv2d (columns split by stride phase) and each phase of the polyphase
// ConvTranspose2d. Reads in[... + koff[k] .. + 4*NV): the operator pads its input. Like every
// microkernel here it knows nothing of convolution geometry: the operators (operators/) turn a
// convolution into the offset table.
#pragma once

#include <cstdint>

#include "kernels/simd.hpp"

namespace convt {
namespace mk {

struct RowConvArgs {
  const float* in;       // tile's first pixel, tap offset 0, channel 0
  int64_t in_cstride;    // distance between input channels
  int cin;               // input channels
  const int32_t* koff;   // K tap offsets
  int K;
  const float* w;        // [cin][K][COT]
  const float* init;     // COT starting values (bias or 0)
  float* out;            // out[c * out_stride + j]
  int64_t out_stride;
};

template <int COT, int NV>
inline void f32_rowconv(const RowConvArgs& a) {
  v4f acc[COT][NV];
  for (int c = 0; c < COT; ++c)
    for (int v = 0; v < NV; ++v) acc[c][v] = splat4(a.init[c]);
  const float* w = a.w;
  const float* in = a.in;
  for (int ci = 0; ci < a.cin; ++ci, in += a.in_cstride) {
    for (int k = 0; k < a.K; ++k, w += COT) {
      const float* src = in + a.koff[k];
      v4f x[NV];
      for (int v = 0; v < NV; ++v) x[v] = load4(src + 4 * v);
      for (int c = 0; c < COT; ++c) {
        const v4f wc = splat4(w[c]);
        for (int v = 0; v < NV; ++v) acc[c][v] += x[v] * wc;
      }
    }
  }
  for (int c = 0; c < COT; ++c)
    for (int v = 0; v < NV; ++v) store4(a.out + c * a.out_stride + 4 * v, acc[c][v]);
}

// The tiles the operators use, named by what they compute and their size
// (output channels x output pixels).
inline void f32_rowconv_1x32(const RowConvArgs& a) { f32_rowconv<1, 8>(a); }
inline void f32_rowconv_1x16(const RowConvArgs& a) { f32_rowconv<1, 4>(a); }
inline void f32_rowconv_1x8(const RowConvArgs& a) { f32_rowconv<1, 2>(a); }
inline void f32_rowconv_1x4(const RowConvArgs& a) { f32_rowconv<1, 1>(a); }
inline void f32_rowconv_4x8(const RowConvArgs& a) { f32_rowconv<4, 2>(a); }
inline void f32_rowconv_4x4(const RowConvArgs& a) { f32_rowconv<4, 1>(a); }

}  // namespace mk
}  // namespace convt
