// The tables the page draws from, for one single-channel 2-D geometry. The page computes no
// arithmetic of its own: sizes, cell kinds, which cells feed which, overlap counts and the
// round-trip verdicts all come from here (and so from conv_geometry).
#pragma once

#include <vector>

#include "conv_geometry.hpp"

namespace convt {

// Largest table explain() builds (cells x kernel taps), so a hostile size cannot freeze a page.
constexpr int64_t kMaxExplainEntries = int64_t{1} << 22;

struct Explanation {
  Op mode = Op::Conv2d;
  Pair input{}, kernel{}, output{};
  // Conv mode: the zero-padded input. ConvT mode: the zero-stuffed grid.
  StuffedAxis row_axis{}, col_axis{};
  Pair stuffed{};
  std::vector<int8_t> row_kind, col_kind;  // LineKind per stuffed row / column
  std::vector<int32_t> source;             // stuffed cell -> input cell (flat) or -1
  std::vector<int32_t> kernel_from;        // drawn kernel position (flipped in ConvT mode) -> original tap
  std::vector<int32_t> taps;               // output cell * kH*kW + drawn tap -> stuffed cell under it
  std::vector<int32_t> scatter;            // input cell * kH*kW + original tap -> output cell it feeds, or -1
  std::vector<int32_t> overlap;            // output cell -> number of (input cell, tap) pairs feeding it
  // The operator as a sparse matrix: (row = output cell, column = input cell, kernel tap) triples,
  // sorted by row. Conv mode: C. ConvT mode: C^T of the Conv with the same parameters (its
  // rows are ConvT output cells, its columns ConvT input cells).
  std::vector<int32_t> matrix;
  RoundTrip conv_then_conv_transpose, conv_transpose_then_conv;
};

// Fails (naming the parameter) when the geometry is invalid for `mode`. In Conv mode an invalid
// output_padding is not an error: it is reported in conv_then_conv_transpose.error.
Error explain(Op mode, Pair size, Pair kernel, const ConvOptions& opt, Explanation* out);

}  // namespace convt
