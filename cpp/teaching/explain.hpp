// The tables the page draws from, for one single-channel 2-D geometry. The page computes no
// arithmetic of its own: sizes, cell kinds, which cells feed which, overlap counts and the
// round-trip verdicts all come from here (and so from problem/).
#pragma once

#include <vector>

#include "problem/axis.hpp"
#include "problem/problem.hpp"
#include "teaching/round_trip.hpp"

namespace convt {

// Largest table explain() builds (cells x kernel taps), so a hostile size cannot freeze a page.
constexpr int64_t kMaxExplainEntries = int64_t{1} << 22;

// What each cell of the drawn grid (the padded input in Conv mode, the zero-stuffed grid in ConvT
// mode) holds. The first four are LineKind's, taken from the cell's row and column (the larger);
// a padding cell of a reflect / replicate / circular Conv2d holds a copy of an input pixel instead.
enum class CellKind : int8_t {
  Original = 0,
  InsertedZero = 1,
  Padding = 2,  // a zero
  OutputPadding = 3,
  Reflected = 4,
  Replicated = 5,
  Wrapped = 6,
};

struct Explanation {
  Op mode = Op::Conv2d;
  Pair input{}, kernel{}, output{};
  // Conv mode: the zero-padded input. ConvT mode: the zero-stuffed grid.
  StuffedAxis row_axis{}, col_axis{};
  Pair stuffed{};
  PaddingMode padding_mode = PaddingMode::Zeros;
  std::vector<int8_t> row_kind, col_kind;  // LineKind per stuffed row / column
  std::vector<int8_t> cell_kind;           // CellKind per stuffed cell
  std::vector<int32_t> source;             // stuffed cell -> input cell (flat) it holds, or -1 (a zero)
  std::vector<int32_t> kernel_from;        // drawn kernel position (flipped in ConvT mode) -> original tap
  std::vector<int32_t> taps;               // output cell * kH*kW + drawn tap -> stuffed cell under it
  // The definitions' direct contributions (a pixel meets a tap where it is, not in a padded copy):
  std::vector<int32_t> scatter;            // input cell * kH*kW + original tap -> output cell it feeds, or -1
  std::vector<int32_t> overlap;            // output cell -> number of (input cell, tap) pairs feeding it
  // The operator as a sparse matrix: (row = output cell, column = input cell, kernel tap) triples,
  // sorted by row, read off the gather view, so padded copies count too (a (row, column) pair may
  // appear once per tap that reads that pixel). Conv mode: C. ConvT mode: C^T of the Conv with the
  // same parameters (its rows are ConvT output cells, its columns ConvT input cells).
  std::vector<int32_t> matrix;
  RoundTrip conv_then_conv_transpose, conv_transpose_then_conv;
  // The numbers of the seed's derivation, for the page to substitute: the padding in effect (p before,
  // p_after after; they differ only for 'same' with an even kernel), the output_padding in effect
  // (ConvT mode: derived from output_size when given; Conv mode: of the ConvT on the way back), and
  // z = s-1 and p' = d(k-1)-p of the ConvT with these parameters.
  struct Formula {
    Pair p{}, p_after{}, a{}, z{}, p_prime{};
  } formula;
};

// explain() and polyphase() take sizes, not tensors: an error that names the input tensor x or the
// weight w (plan_conv's names) names the input's size or the kernelSize instead.
Error in_geometry_terms(const Error& e);

// Fails (naming the parameter) when the geometry is invalid for `mode`. In Conv mode an invalid
// output_padding is not an error: it is reported in conv_then_conv_transpose.error.
Error explain(Op mode, Pair size, Pair kernel, const ConvOptions& opt, Explanation* out);

}  // namespace convt
