// Weight packing for the row microkernels (f32_rowconv, f32_convT_polyphase_fused), written once
// for both operations: a group's weights for a list of taps, as
//   [cout block][cin_g][tap][cot]   (cot output channels per block, zeros past cout_g)
// so that a kernel reads them strictly in order. Conv2d's weight is [Cout][Cin/G][kH][kW] and
// ConvTranspose2d's [Cin][Cout/G][kH][kW]: the same group offset, the channel strides swapped.
#pragma once

#include <cstdint>

#include "problem/problem.hpp"

namespace convt {

// Floats that packing `taps` taps of one group takes.
inline int64_t packed_size(int64_t cout_g, int64_t cin_g, int cot, int64_t taps) {
  return ((cout_g + cot - 1) / cot) * cin_g * taps * cot;
}

// Packs group g's weights for taps[0 .. ntaps) (indices kh * kW + kw) into dst; returns the end.
inline float* pack_weights(const ConvProblem& p, const float* w, int64_t g, int cot, const int64_t* taps,
                           int64_t ntaps, float* dst) {
  const int64_t cin_g = p.cin_per_group(), cout_g = p.cout_per_group(), K = p.kH * p.kW;
  const bool conv = p.op == Op::Conv2d;
  const int64_t co_step = conv ? cin_g * K : K, ci_step = conv ? K : cout_g * K;
  const float* wg = w + g * cin_g * cout_g * K;
  for (int64_t b = 0; b * cot < cout_g; ++b)
    for (int64_t ci = 0; ci < cin_g; ++ci)
      for (int64_t t = 0; t < ntaps; ++t)
        for (int c = 0; c < cot; ++c, ++dst) {
          const int64_t co = b * cot + c;
          *dst = co < cout_g ? wg[co * co_step + ci * ci_step + taps[t]] : 0.0f;
        }
  return dst;
}

}  // namespace convt
