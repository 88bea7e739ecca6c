// Microkernels: small, shape-agnostic inner loops. They know nothing of convolution
// geometry — the operators in conv_fast.cpp turn a convolution into a kernel-offset table.
//
// f32_rowconv_<COT>x<4*NV>: one tile of 4*NV consecutive output pixels and COT output channels,
//     out[c * out_stride + j] = init[c] + sum_{ci < cin} sum_{k < K} in[ci * in_cstride + koff[k] + j] * w[(ci*K + k)*COT + c]
// The K offsets are the kernel taps (already resolved by the operator to a row and column of
// its padded input); the weights are packed so the kernel reads them strictly in order. The
// same kernel serves Conv2d (columns split by stride phase) and each phase of the polyphase
// ConvTranspose2d. Reads in[... + koff[k] .. + 4*NV): the operator pads its input.
//
// Written with GCC/Clang vector extensions, so one source gives f32x4 v128 code under
// Emscripten with -msimd128, SSE on x86-64, and plain scalar code in a WASM build without
// -msimd128 (the scalar baseline the benchmark compares against).
#pragma once

#include <cstdint>

namespace convt {
namespace mk {

typedef float v4f __attribute__((vector_size(16)));
typedef float v4f_unaligned __attribute__((vector_size(16), aligned(4), may_alias));

inline v4f load4(const float* p) { return *reinterpret_cast<const v4f_unaligned*>(p); }
inline void store4(float* p, v4f v) { *reinterpret_cast<v4f_unaligned*>(p) = v; }
inline v4f splat4(float x) { return v4f{x, x, x, x}; }

// Columns j < N of four tiles side by side in one row, tile l starting at r + 2l, one tile per
// lane: col[j] = {r[j], r[j + 2], r[j + 4], r[j + 6]} (the layout of the Winograd transforms,
// whose neighbouring tiles overlap). Reads r[0 .. 2 * ((N + 1) / 2) + 6).
template <int N>
inline void four_tile_columns(const float* r, v4f (&col)[N]) {
  for (int j = 0; j < N; j += 2) {
    const v4f a = load4(r + j), b = load4(r + j + 4);
    col[j] = __builtin_shufflevector(a, b, 0, 2, 4, 6);
    if (j + 1 < N) col[j + 1] = __builtin_shufflevector(a, b, 1, 3, 5, 7);
  }
}

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
