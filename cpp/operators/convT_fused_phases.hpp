// ConvTranspose2d rows with column stride 2: both column phases of an output row computed in
// one pass by f32_convT_polyphase_fused and stored interleaved (the per-phase path writes every
// other pixel, through a scratch tile and scalar stores). The phases' taps and packed weights
// are the ones conv_transpose2d_polyphase (direct.hpp) plans for the per-phase path.
#pragma once

#include <cstdint>

#include "problem/problem.hpp"

namespace convt {

// One column phase of a row phase: tap offsets into the padded input and the weights packed
// [cout block][cin][K][cot] (cot output channels per block, zero past cout).
struct PhaseTaps {
  const int32_t* koff;
  int K;
  const float* w;
};

struct FusedRow {
  const float* in;      // padded input at the row's first pixel, channel 0
  int64_t in_cstride;   // distance between input channels
  int64_t cin;
  PhaseTaps phase[2];   // column phase 0 (even output columns) and 1 (odd)
  int cot;              // output channels per weight block: 1 or 4 (direct.cpp's tiles_for)
  int64_t cout;
  const float* bias;    // cout values or null
  float* out;           // out[c * out_cstride + ow] for ow < width
  int64_t out_cstride;
  int64_t width;
};

// Output channel blockings the fused kernels exist for.
bool fused_phases_support(int cot);

void conv_transpose_row_fused_phases(const FusedRow& r);

}  // namespace convt
