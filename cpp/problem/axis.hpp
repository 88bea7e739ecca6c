// The per-axis arithmetic of Conv2d and ConvTranspose2d, with kernel k, stride s, padding p,
// dilation d and output padding a (PyTorch's output_padding):
//   Conv2d:          O  = floor((I + 2p - d(k-1) - 1) / s) + 1, defined when I + 2p >= d(k-1) + 1
//   ConvTranspose2d: O' = (I - 1)s - 2p + d(k-1) + a + 1, defined when O' >= 1
// which input line each padded line holds (padding modes), and the zero-stuffed grid of the
// seed's construction of ConvTranspose2d. plan_conv (problem.hpp) applies these to whole calls.
#pragma once

#include <cstdint>
#include <initializer_list>

#include "problem/problem.hpp"

namespace convt {

// Integer division rounding toward negative infinity (b > 0), and its remainder in [0, b).
inline int64_t floor_div(int64_t a, int64_t b) {
  const int64_t q = a / b;
  return (a % b != 0 && a < 0) ? q - 1 : q;
}
inline int64_t floor_mod(int64_t a, int64_t b) { return a - floor_div(a, b) * b; }

// One axis of the arithmetic above. Return -1 (conv) / <= 0 (ConvT) when undefined.
int64_t conv_output_size(int64_t in, int64_t k, int64_t s, int64_t p, int64_t d);
// The same with `before` and `after` lines of padding (PyTorch's asymmetric 'same').
int64_t conv_output_size(int64_t in, int64_t k, int64_t s, int64_t before, int64_t after, int64_t d);
int64_t conv_transpose_output_size(int64_t in, int64_t k, int64_t s, int64_t p, int64_t d, int64_t a);

// Which input line padded line i holds, on an axis of n input lines padded with `before` lines before and
// `after` after (negative: that many input lines cropped), under `mode`: the input line, or -1 for a zero.
// Reflect mirrors about the first and last input line, replicate repeats them, circular wraps around
// the (cropped) input, all as PyTorch's F.pad does. Meaningful for paddings plan_conv accepts.
int64_t padded_source_outside(PaddingMode mode, int64_t n, int64_t before, int64_t after, int64_t i);
// Inline, with the lines outside the input apart: the reference loops ask it for every tap.
inline int64_t padded_source(PaddingMode mode, int64_t n, int64_t before, int64_t after, int64_t i) {
  const int64_t j = i - before;  // the input line it would be without padding
  return j >= 0 && j < n ? j : padded_source_outside(mode, n, before, after, i);
}

// ---- The zero-stuffed grid of the seed's construction, per axis -------------------------
// ConvT(x) = stride-1 conv (dilation d, flipped kernel) of: x with s-1 zeros between pixels,
// p' = d(k-1)-p zeros before (crop when negative) and p'+a after (crop when negative).
struct StuffedAxis {
  int64_t in = 0;          // input length
  int64_t zeros_between = 0;
  int64_t pad_before = 0;  // may be negative: that many leading lines of the zero-inserted grid are cropped
  int64_t pad_after = 0;   // may be negative: that many trailing lines are cropped
  int64_t output_padding = 0;  // the last lines of pad_after (ConvT's output_padding)
  int64_t length = 0;      // stuffed length
  // Index in the un-padded zero-inserted grid (0 .. (in-1)*s) of stuffed line i.
  int64_t inserted_index(int64_t i) const { return i - pad_before; }
};
StuffedAxis stuffed_axis(int64_t in, int64_t k, int64_t s, int64_t p, int64_t d, int64_t a);
// Conv mode uses the same picture: the padded input (no inserted zeros).
StuffedAxis padded_axis(int64_t in, int64_t before, int64_t after);

// ---- Which parameter makes an extent large --------------------------------------------------
// An extent past a cap is refused naming the parameter that made it large: the largest of the
// positive terms of its formula (subtracted terms only make it smaller), a product named after
// its larger factor. Names are the JS API's: the input's sizes are "x", the kernel's "w".
struct SizeTerm {
  int64_t value;
  const char* parameter;
};
// a * b, named after the larger factor (a when they are equal).
SizeTerm product_term(int64_t a, const char* a_parameter, int64_t b, const char* b_parameter);
// The parameter of the largest term (the first of equal ones).
const char* largest_term(std::initializer_list<SizeTerm> terms);
// Conv2d's output, and its padded input: I + before + after ("x" or "padding").
const char* conv_axis_blame(int64_t in, int64_t before, int64_t after);
// ConvTranspose2d's output, (I-1)s + d(k-1) + a + 1 - 2p, with kernel_spans = 1; its zero-stuffed
// grid, (I-1)s + 1 + 2 d(k-1) - 2p + a, with kernel_spans = 2.
const char* conv_transpose_axis_blame(int64_t in, int64_t k, int64_t s, int64_t d, int64_t a, int64_t kernel_spans);

enum class LineKind : int8_t { Original = 0, InsertedZero = 1, Padding = 2, OutputPadding = 3 };
// Kind of line i of a stuffed axis; source input index through *input_index (or -1).
LineKind stuffed_line_kind(const StuffedAxis& ax, int64_t s, int64_t i, int64_t* input_index);

}  // namespace convt
