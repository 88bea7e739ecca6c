// Microkernels: small, shape-agnostic inner loops. They know nothing of convolution
// geometry — the operators in conv_fast.cpp turn a convolution into lists of taps.
//
// f32_rowconv_<COT>x<TW>: for one tile of TW consecutive output pixels and COT output
// channels,
//     out[c * out_stride + j] = init[c] + sum_t in[in_off[t] + j] * w[w_off[t] + c]
// for j < TW, c < COT. Each tap is one (input channel, kernel row, kernel column) with its
// input row already located by the operator, so the same kernel serves Conv2d (any stride,
// after the operator splits columns by stride phase) and every phase of the polyphase
// ConvTranspose2d. Reads in[in_off[t] .. in_off[t] + TW) for every tap: the operator pads.
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

template <int COT, int NV>
inline void f32_rowconv(const float* in, const int32_t* in_off, const int32_t* w_off, int ntaps, const float* w,
                        const float* init, float* out, int64_t out_stride) {
  v4f acc[COT][NV];
  for (int c = 0; c < COT; ++c)
    for (int v = 0; v < NV; ++v) acc[c][v] = splat4(init[c]);
  for (int t = 0; t < ntaps; ++t) {
    const float* src = in + in_off[t];
    const float* wt = w + w_off[t];
    v4f x[NV];
    for (int v = 0; v < NV; ++v) x[v] = load4(src + 4 * v);
    for (int c = 0; c < COT; ++c) {
      const v4f wc = splat4(wt[c]);
      for (int v = 0; v < NV; ++v) acc[c][v] += x[v] * wc;
    }
  }
  for (int c = 0; c < COT; ++c)
    for (int v = 0; v < NV; ++v) store4(out + c * out_stride + 4 * v, acc[c][v]);
}

// The tiles the operators use, named by what they compute and their size.
inline void f32_rowconv_1x16(const float* in, const int32_t* io, const int32_t* wo, int n, const float* w,
                             const float* init, float* out, int64_t os) {
  f32_rowconv<1, 4>(in, io, wo, n, w, init, out, os);
}
inline void f32_rowconv_4x12(const float* in, const int32_t* io, const int32_t* wo, int n, const float* w,
                             const float* init, float* out, int64_t os) {
  f32_rowconv<4, 3>(in, io, wo, n, w, init, out, os);
}

}  // namespace mk
}  // namespace convt
