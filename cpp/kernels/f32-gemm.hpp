// f32_gemm_<MR>x<4*NV>: a small matrix product, the core of the Winograd path (one product per
// transformed position). Shape-agnostic.
//   c[m * ldc + j] = sum_{k < K} a[k * MR + m] * b[k * ldb + j],   m < MR, j < 4 * NV
// a is packed [K][MR] (the operator packs the transformed weights that way); b is read row by row.
#pragma once

#include <cstdint>

#include "kernels/simd.hpp"

namespace convt {
namespace mk {

template <int MR, int NV>
inline void f32_gemm(int64_t K, const float* a, const float* b, int64_t ldb, float* c, int64_t ldc) {
  v4f acc[MR][NV];
  for (int m = 0; m < MR; ++m)
    for (int v = 0; v < NV; ++v) acc[m][v] = splat4(0.0f);
  for (int64_t k = 0; k < K; ++k, a += MR, b += ldb) {
    v4f x[NV];
    for (int v = 0; v < NV; ++v) x[v] = load4(b + 4 * v);
    for (int m = 0; m < MR; ++m) {
      const v4f am = splat4(a[m]);
      for (int v = 0; v < NV; ++v) acc[m][v] += x[v] * am;
    }
  }
  for (int m = 0; m < MR; ++m)
    for (int v = 0; v < NV; ++v) store4(c + m * ldc + 4 * v, acc[m][v]);
}

inline void f32_gemm_4x8(int64_t K, const float* a, const float* b, int64_t ldb, float* c, int64_t ldc) {
  f32_gemm<4, 2>(K, a, b, ldb, c, ldc);
}
inline void f32_gemm_4x4(int64_t K, const float* a, const float* b, int64_t ldb, float* c, int64_t ldc) {
  f32_gemm<4, 1>(K, a, b, ldb, c, ldc);
}

}  // namespace mk
}  // namespace convt
