// The sub-pixel (polyphase) view of ConvTranspose2d, for the page: a stride-s ConvT is s*s
// stride-1 convolutions of the un-stuffed input, one per output phase, each with the taps of
// one sub-kernel W[..., r::s, c::s] (shifted by the padding), interleaved into the output.
// Computed here from the definition of each phase, independently of the other paths, so the
// page (and the tests) can show that interleaving the phases gives ConvT's output.
#pragma once

#include <vector>

#include "problem/problem.hpp"

namespace convt {

struct PolyphasePhase {
  int64_t row = 0, col = 0;            // output rows row, row+s, ... and columns col, col+s, ...
  int64_t rows = 0, cols = 0;          // size of this phase's output grid
  std::vector<int32_t> taps;           // original kernel taps (kh*kW + kw) of the sub-kernel
  std::vector<int32_t> tap_input_row;  // for each tap: input row read by phase row 0 (may be outside)
  std::vector<int32_t> tap_input_col;  // for each tap: input column read by phase column 0
  std::vector<float> output;           // rows x cols: the phase's stride-1 convolution
  int64_t multiplies = 0;              // products with real input pixels
};

struct Polyphase {
  Pair stride{};
  Pair output{};
  std::vector<PolyphasePhase> phases;  // row-major over (row phase, column phase)
  std::vector<float> interleaved;      // the phases put back together: the ConvT output
  int64_t multiplies_polyphase = 0;    // sum over phases: no inserted zero is multiplied
  int64_t multiplies_stuffed = 0;      // output cells x kernel taps of the stride-1 view
};

// Single channel: x is H x W (x_len values), w is kH x kW (w_len values; PyTorch's [1, 1, kH, kW] ConvT
// weight).
Error polyphase(Pair size, Pair kernel, const ConvOptions& opt, const float* x, int64_t x_len, const float* w,
                int64_t w_len, Polyphase* out);

}  // namespace convt
