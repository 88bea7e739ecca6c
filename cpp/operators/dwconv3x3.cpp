#include "operators/dwconv3x3.hpp"

#include <algorithm>
#include <vector>

#include "kernels/f32-dwconv2d-3x3s1.hpp"
#include "operators/row_loop.hpp"
#include "problem/axis.hpp"

namespace convt {
namespace {

// The tile, measured in Node 20 (tools/bench-kernels.sh tiles; docs/speed.md, "The paths and the
// rules that choose them"): 2 rows x 4 pixels.
constexpr int kRows = 2;
constexpr int64_t kPixels = 4;

// Which input line padded line i reads (the same padding before and after), or -1 for a zero: zero
// padding, or a line past the padded extent (the band's spare rows, a partial last tile).
int64_t source_line(PaddingMode mode, int64_t n, int64_t pad, int64_t i) {
  return i < n + 2 * pad ? padded_source(mode, n, pad, pad, i) : -1;
}

void run_tiles(const float* const* in, float* const* out, int64_t tiles, const float* w, float bias) {
  mk::f32_dwconv2d_3x3s1_2x4(in, out, tiles, w, bias);
}

}  // namespace

// The padding in effect (padding='same' included) must be the same before and after, 0 or 1 per axis;
// any padding mode.
bool dwconv3x3s1_applies(const ConvProblem& p) {
  const Pair one{1, 1}, pad = p.pad_before;
  return p.op == Op::Conv2d && p.kH == 3 && p.kW == 3 && p.opt.stride == one && p.opt.dilation == one &&
         p.cin_per_group() == 1 && p.cout_per_group() == 1 && p.pad_after == pad && pad.h >= 0 && pad.h <= 1 &&
         pad.w >= 0 && pad.w <= 1;
}

void conv2d_dwconv3x3s1(const ConvProblem& p, const float* x, const float* w, const float* bias, float* y) {
  const int64_t H = p.H, W = p.W, Ho = p.Ho, Wo = p.Wo, ph = p.pad_before.h, pw = p.pad_before.w;
  constexpr int64_t P = kPixels;
  // Tile t computes output columns [t*P, t*P + P) from input columns [t*P - pw, t*P - pw + P + 2).
  // Tiles [first, end) have all of those columns inside the image and read x in place; the others
  // (the left edge when pw = 1, the right edge, a partial last tile) go through a small copy of
  // their columns, padded by the padding mode. Rows outside the image are the rows the padding
  // mode names (reflect, replicate, circular) or a shared row of zeros, so every mode costs the
  // same as zero padding: only the edge tiles look at the mode.
  const int64_t tiles = (Wo + P - 1) / P;
  const int64_t first = std::min(pw, tiles);
  const int64_t end = std::max(first, W + pw - 2 - P >= 0 ? (W + pw - 2 - P) / P + 1 : int64_t{0});
  const std::vector<float> zeros(size_t(W + P + 2), 0.0f);  // any row above or below the image
  std::vector<float> spare(size_t(Wo + P));                 // output rows below Ho in the last band

  for (int64_t n = 0; n < p.N; ++n)
    for (int64_t c = 0; c < p.Cout; ++c) {
      const float* plane = x + (n * p.Cin + c) * H * W;
      float* out = y + (n * p.Cout + c) * Ho * Wo;
      const float* wc = w + c * 9;
      const float b = bias ? bias[c] : 0.0f;
      for (int64_t oh0 = 0; oh0 < Ho; oh0 += kRows) {
        const float* rows[kRows + 2];  // input row of each band row, or nullptr outside the image
        for (int i = 0; i < kRows + 2; ++i) {
          const int64_t ih = source_line(p.padding_mode, H, ph, oh0 + i);
          rows[i] = ih >= 0 ? plane + ih * W : nullptr;
        }
        float* outs[kRows];
        for (int r = 0; r < kRows; ++r) outs[r] = oh0 + r < Ho ? out + (oh0 + r) * Wo : spare.data();
        split_row_steps(
            tiles, first, end,
            [&](int64_t t0, int64_t t1) {
              const float* in[kRows + 2];
              float* o[kRows];
              for (int i = 0; i < kRows + 2; ++i) in[i] = (rows[i] ? rows[i] : zeros.data()) + t0 * P - pw;
              for (int r = 0; r < kRows; ++r) o[r] = outs[r] + t0 * P;
              run_tiles(in, o, t1 - t0, wc, b);
            },
            [&](int64_t t) {
              float* o[kRows];
              for (int r = 0; r < kRows; ++r) o[r] = outs[r] + t * P;
              edge_step<kRows + 2, P + 2, kRows, P>(
                  rows, [&](int64_t j) { return source_line(p.padding_mode, W, pw, t * P + j); }, o,
                  std::min(P, Wo - t * P),
                  [&](const float* const* copy, float* const* results) { run_tiles(copy, results, 1, wc, b); });
            });
      }
    }
}

}  // namespace convt
