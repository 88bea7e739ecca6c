// The vector type and the few operations every microkernel of this folder is written with: one
// f32x4 and unaligned loads and stores of it. GCC/Clang vector extensions, so one source gives f32x4
// v128 code under Emscripten with -msimd128, SSE on x86-64, and plain scalar code in a WASM build
// without -msimd128 (the scalar baseline the benchmark compares against).
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

}  // namespace mk
}  // namespace convt
