// Shape arithmetic and validation for Conv2d / ConvTranspose2d: the one place where
// PyTorch's rules live. Everything else (reference loops, fast kernels, the zero-stuffed
// construction, the page's tables, the JS bindings) asks this file for sizes and verdicts.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace convt {

// Caps that keep every call bounded. PyTorch has none; we do, because a page must never
// exhaust the WASM heap (2 GiB) or overflow a 32-bit index inside a kernel.
constexpr int64_t kMaxElements = int64_t{1} << 25;      // per tensor (input, weight, output, workspace)
constexpr int64_t kMaxMultiplyAdds = int64_t{1} << 36;  // per call (about a minute at worst)
constexpr int64_t kMaxIntOption = int64_t{1} << 30;     // any single size or option value

enum class Op { Conv2d, ConvTranspose2d };

struct Pair {
  int64_t h = 0, w = 0;
  bool operator==(const Pair& o) const { return h == o.h && w == o.w; }
  bool operator!=(const Pair& o) const { return !(*this == o); }
};

struct ConvOptions {
  Pair stride{1, 1};
  Pair padding{0, 0};
  Pair dilation{1, 1};
  Pair output_padding{0, 0};  // ConvTranspose2d only
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
  ConvOptions opt;
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
int64_t conv_transpose_output_size(int64_t in, int64_t k, int64_t s, int64_t p, int64_t d, int64_t a);

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
  Pair remainder{};            // (I + 2p - d(k-1) - 1) mod s, Conv then ConvT only
  Pair fix_output_padding{};   // the output_padding that makes Conv then ConvT give back I
  Error error;                 // the step that PyTorch would refuse, if any
};
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
  int64_t length = 0;      // stuffed length
  // Index in the un-padded zero-inserted grid (0 .. (in-1)*s) of stuffed line i.
  int64_t inserted_index(int64_t i) const { return i - pad_before; }
};
StuffedAxis stuffed_axis(int64_t in, int64_t k, int64_t s, int64_t p, int64_t d, int64_t a);
// Conv mode uses the same picture: the zero-padded input (no inserted zeros).
StuffedAxis padded_axis(int64_t in, int64_t p);

enum class LineKind : int8_t { Original = 0, InsertedZero = 1, Padding = 2, OutputPadding = 3 };
// Kind of line i of a stuffed axis; source input index through *input_index (or -1).
LineKind stuffed_line_kind(const StuffedAxis& ax, int64_t s, int64_t i, int64_t* input_index);

}  // namespace convt
