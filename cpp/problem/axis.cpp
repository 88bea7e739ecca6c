#include "problem/axis.hpp"

#include <algorithm>

namespace convt {

int64_t conv_output_size(int64_t in, int64_t k, int64_t s, int64_t p, int64_t d) {
  return conv_output_size(in, k, s, p, p, d);
}

int64_t conv_output_size(int64_t in, int64_t k, int64_t s, int64_t before, int64_t after, int64_t d) {
  const int64_t span = in + before + after - d * (k - 1) - 1;
  if (span < 0) return -1;
  return span / s + 1;
}

int64_t conv_transpose_output_size(int64_t in, int64_t k, int64_t s, int64_t p, int64_t d, int64_t a) {
  return (in - 1) * s - 2 * p + d * (k - 1) + a + 1;
}

int64_t padded_source_outside(PaddingMode mode, int64_t n, int64_t before, int64_t after, int64_t i) {
  const int64_t j = i - before;
  switch (mode) {
    case PaddingMode::Zeros: return -1;
    case PaddingMode::Reflect: return j < 0 ? -j : 2 * (n - 1) - j;
    case PaddingMode::Replicate: return j < 0 ? 0 : n - 1;
    case PaddingMode::Circular: {
      // PyTorch crops first, then wraps around what is left.
      const int64_t first = std::max<int64_t>(0, -before);
      const int64_t kept = n - first - std::max<int64_t>(0, -after);
      return first + floor_mod(j - first, kept);
    }
  }
  return -1;
}

SizeTerm product_term(int64_t a, const char* a_parameter, int64_t b, const char* b_parameter) {
  return {a * b, a >= b ? a_parameter : b_parameter};
}

const char* largest_term(std::initializer_list<SizeTerm> terms) {
  const SizeTerm* largest = terms.begin();
  for (const SizeTerm& t : terms)
    if (t.value > largest->value) largest = &t;
  return largest->parameter;
}

const char* conv_axis_blame(int64_t in, int64_t before, int64_t after) {
  return largest_term({{in, "x"}, {before + after, "padding"}});
}

const char* conv_transpose_axis_blame(int64_t in, int64_t k, int64_t s, int64_t d, int64_t a, int64_t kernel_spans) {
  const SizeTerm kernel = product_term(d, "dilation", k - 1, "w");
  return largest_term({product_term(in - 1, "x", s, "stride"), {kernel_spans * kernel.value, kernel.parameter},
                       {a, "outputPadding"}});
}

StuffedAxis stuffed_axis(int64_t in, int64_t k, int64_t s, int64_t p, int64_t d, int64_t a) {
  StuffedAxis ax;
  ax.in = in;
  ax.zeros_between = s - 1;
  ax.pad_before = d * (k - 1) - p;
  ax.pad_after = ax.pad_before + a;
  ax.output_padding = a;
  ax.length = (in - 1) * s + 1 + ax.pad_before + ax.pad_after;
  return ax;
}

StuffedAxis padded_axis(int64_t in, int64_t before, int64_t after) {
  StuffedAxis ax;
  ax.in = in;
  ax.zeros_between = 0;
  ax.pad_before = before;
  ax.pad_after = after;
  ax.length = in + before + after;
  return ax;
}

LineKind stuffed_line_kind(const StuffedAxis& ax, int64_t s, int64_t i, int64_t* input_index) {
  *input_index = -1;
  const int64_t v = ax.inserted_index(i);
  const int64_t last = (ax.in - 1) * s;  // last line of the zero-inserted grid
  if (v < 0) return LineKind::Padding;
  if (v <= last) {
    if (v % s != 0) return LineKind::InsertedZero;
    *input_index = v / s;
    return LineKind::Original;
  }
  // After the grid: first the lines of padding (p' when p' > 0), then the output_padding lines.
  const int64_t after = v - last;  // 1-based
  return after <= std::max<int64_t>(ax.pad_after - ax.output_padding, 0) ? LineKind::Padding : LineKind::OutputPadding;
}

}  // namespace convt
