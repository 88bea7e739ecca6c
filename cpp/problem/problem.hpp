// The problem: one Conv2d / ConvTranspose2d call's options and its validated geometry, and
// plan_conv, the one place where PyTorch's rules live (problem/axis.hpp holds the per-axis
// arithmetic they use). Everything else (reference loops, fast operators, the zero-stuffed
// construction, the page's tables, the JS bindings) asks these two files for sizes and verdicts.
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
// Sizes as the messages write them: "[1, 2, 3]" and "[h, w]".
std::string format_shape(const std::vector<int64_t>& shape);
std::string format_pair(Pair p);

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

// Validates a whole call the way PyTorch does and fills `out`. bias_len < 0 means no bias.
// data lengths are checked against the shapes, after every other rule.
Error plan_conv(Op op, const std::vector<int64_t>& x_shape, int64_t x_len,
                const std::vector<int64_t>& w_shape, int64_t w_len, int64_t bias_len,
                const ConvOptions& opt, ConvProblem* out);
// The same rules, in the same order and words, for a call described by its shapes alone (no data).
Error plan_conv_shapes(Op op, const std::vector<int64_t>& x_shape, const std::vector<int64_t>& w_shape, int64_t bias_len,
                       const ConvOptions& opt, ConvProblem* out);

// The parameter that makes a planned problem's sizes large, for the messages of the caps (named as
// the JS API names them; problem/axis.hpp says how): of its output [N, Cout, Ho, Wo] (the batch is
// x's, the channels w's), of one axis of its output, and of one axis of the grid the seed's
// construction convolves (ConvTranspose2d: the zero-stuffed input; Conv2d: the padded input).
const char* output_blame(const ConvProblem& p);
const char* output_axis_blame(const ConvProblem& p, bool rows);
const char* grid_axis_blame(const ConvProblem& p, bool rows);

// nn.Conv2d's padding in effect for a kH x kW kernel (padding='same' / 'valid' resolved, as
// plan_conv resolves it), before and after the input; or the error plan_conv gives for the padding
// string or the padding mode.
Error conv_padding_in_effect(const ConvOptions& opt, Pair kernel, Pair* before, Pair* after);

}  // namespace convt
