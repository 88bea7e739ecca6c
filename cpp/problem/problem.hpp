// Shape arithmetic and validation for Conv2d / ConvTranspose2d: the one place where
// PyTorch's rules live. Everything else (reference loops, fast kernels, the zero-stuffed
// construction, the page's tables, the JS bindings) asks this file for sizes and verdicts.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace convt {

// Caps that keep every call bounded. PyTorch has none; we do, because a page must never
// exhaust the WASM heap (2 GiB) or overflow a 32-bit index inside a kernel.
constexpr int64_t kMaxElements = int64_t{1} << 25;      // per tensor (input, weight, output, workspace)
constexpr int64_t kMaxMultiplyAdds = int64_t{1} << 36;  // per call (about a minute at worst)
constexpr int64_t kMaxIntOption = int64_t{1} << 30;     // any single size or option value

enum class Op { Conv2d, ConvTranspose2d };

// PyTorch's padding_mode: what Conv2d's padded border holds. ConvTranspose2d takes Zeros only.
enum class PaddingMode : int8_t { Zeros, Reflect, Replicate, Circular };
// PyTorch's name of each mode ("zeros", "reflect", "replicate", "circular").
const char* padding_mode_name(PaddingMode mode);

struct Pair {
  int64_t h = 0, w = 0;
  bool operator==(const Pair& o) const { return h == o.h && w == o.w; }
  bool operator!=(const Pair& o) const { return !(*this == o); }
};

// The options of one call, as PyTorch spells them (the strings are PyTorch's, checked by plan_conv
// with PyTorch's messages, so every caller gets the same verdicts in the same order).
struct ConvOptions {
  Pair stride{1, 1};
  Pair padding{0, 0};
  // Conv2d's padding given as a string: 'same' or 'valid' (any other is refused); then `padding` is not read.
  std::optional<std::string> padding_string;
  // padding_mode: "zeros", "reflect", "replicate" or "circular" (ConvTranspose2d: "zeros" only).
  std::string padding_mode = "zeros";
  Pair dilation{1, 1};
  Pair output_padding{0, 0};          // ConvTranspose2d only
  bool output_padding_given = false;  // the caller chose output_padding: then output_size is refused
  // ConvTranspose2d only, as in PyTorch's forward(x, output_size): [H, W], or [N, C, H, W] ([C, H, W] for
  // unbatched input); output_padding is derived from it.
  std::optional<std::vector<int64_t>> output_size;
  int64_t groups = 1;
};

// An error names the offending parameter (the JS API's name) and the rule, in PyTorch's words.
struct Error {
  std::string parameter;  // empty: no error
  std::string message;
  explicit operator bool() const { return !parameter.empty(); }
};
Error make_error(std::string parameter, std::string message);

// The validated geometry of one call. x is [N, Cin, H, W]; y is [N, Cout, Ho, Wo].
// Weight: Conv2d [Cout, Cin/G, kH, kW]; ConvTranspose2d [Cin, Cout/G, kH, kW].
struct ConvProblem {
  Op op = Op::Conv2d;
  int64_t N = 0, Cin = 0, H = 0, W = 0;
  int64_t Cout = 0, G = 1, kH = 0, kW = 0;
  int64_t Ho = 0, Wo = 0;
  // As given, except opt.output_padding: the one in effect (derived from opt.output_size when given).
  ConvOptions opt;
  PaddingMode padding_mode = PaddingMode::Zeros;
  // The padding in effect, before (top, left) and after (bottom, right) the input: 'same' with an even
  // dilated kernel puts the extra line after, as PyTorch does. Negative only in a non-zeros mode
  // (lines cropped, as PyTorch's F.pad does). ConvTranspose2d: both are opt.padding.
  Pair pad_before{}, pad_after{};
  bool has_bias = false;
  bool unbatched = false;  // input was [C, H, W]; output is then [Cout, Ho, Wo]

  int64_t cin_per_group() const { return Cin / G; }
  int64_t cout_per_group() const { return Cout / G; }
  int64_t input_elements() const { return N * Cin * H * W; }
  int64_t weight_elements() const;
  int64_t output_elements() const { return N * Cout * Ho * Wo; }
  int64_t multiply_adds() const;  // N * Cout * Ho * Wo * Cin/G * kH * kW for conv, same count for ConvT
  std::vector<int64_t> output_shape() const;
};

// Integer division rounding toward negative infinity (b > 0), and its remainder in [0, b).
inline int64_t floor_div(int64_t a, int64_t b) {
  const int64_t q = a / b;
  return (a % b != 0 && a < 0) ? q - 1 : q;
}
inline int64_t floor_mod(int64_t a, int64_t b) { return a - floor_div(a, b) * b; }

// One axis of the arithmetic (DESIGN.md). Return -1 (conv) / <= 0 (ConvT) when undefined.
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

// Validates a whole call the way PyTorch does and fills `out`. bias_len < 0 means no bias.
// data lengths are checked against the shapes (pass the shape's product to skip the check).
Error plan_conv(Op op, const std::vector<int64_t>& x_shape, int64_t x_len,
                const std::vector<int64_t>& w_shape, int64_t w_len, int64_t bias_len,
                const ConvOptions& opt, ConvProblem* out);


// ---- Round trips (DESIGN.md "Shape round trips"), per axis and for both axes -------------
struct RoundTrip {
  Pair input{}, middle{}, back{};
  bool middle_valid = false, back_valid = false;
  bool ok = false;             // back == input
  bool remainder_valid = false;  // Conv then ConvT, when the Conv2d step is valid and pads both sides alike
  Pair remainder{};            // (I + 2p - d(k-1) - 1) mod s
  Pair fix_output_padding{};   // the output_padding that makes Conv then ConvT give back I
  Pair output_padding{};       // the ConvT step's output_padding (derived from output_size when the step is valid)
  Error error;                 // the step that PyTorch would refuse, if any
};
// Each ConvT step uses the same options (output_size, when given, is the size asked of that step); a
// Conv2d padding that is not the same on both sides ('same' with an even kernel) has no ConvT, an error.
// Conv(k,s,p,d) of `size`, then ConvT(k,s,p,d,output_padding) of the result.
RoundTrip conv_then_conv_transpose(Pair size, Pair k, const ConvOptions& opt);
// ConvT(k,s,p,d,output_padding) of `size`, then Conv(k,s,p,d) of the result.
RoundTrip conv_transpose_then_conv(Pair size, Pair k, const ConvOptions& opt);

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

enum class LineKind : int8_t { Original = 0, InsertedZero = 1, Padding = 2, OutputPadding = 3 };
// Kind of line i of a stuffed axis; source input index through *input_index (or -1).
LineKind stuffed_line_kind(const StuffedAxis& ax, int64_t s, int64_t i, int64_t* input_index);

}  // namespace convt
