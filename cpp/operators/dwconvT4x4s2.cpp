#include "operators/dwconvT4x4s2.hpp"

#include <algorithm>
#include <vector>

#include "kernels/f32-dwconvT2d-4x4s2.hpp"
#include "operators/row_loop.hpp"

namespace convt {
namespace {

constexpr int64_t kPixels = 8;        // output pixels per step of the microkernel
constexpr int64_t kInputs = 4;        // input columns per step
constexpr int64_t kEdgeColumns = 6;   // input columns one step reads at most

using RowKernel = void (*)(const float* const*, float*, int64_t, const float*, float);
RowKernel row_kernel(int64_t odd_shift) {
  return odd_shift ? mk::f32_dwconvT2d_4x4s2_1x8<1> : mk::f32_dwconvT2d_4x4s2_1x8<0>;
}

}  // namespace

bool dwconvT4x4s2_applies(const ConvProblem& p) {
  const Pair one{1, 1}, two{2, 2};
  return p.op == Op::ConvTranspose2d && p.kH == 4 && p.kW == 4 && p.opt.stride == two && p.opt.dilation == one &&
         p.cin_per_group() == 1 && p.cout_per_group() == 1;
}

void conv_transpose2d_dwconvT4x4s2(const ConvProblem& p, const float* x, const float* w, const float* bias,
                                   float* y) {
  const int64_t H = p.H, W = p.W, Ho = p.Ho, Wo = p.Wo, ph = p.opt.padding.h, pw = p.opt.padding.w;
  // Output (oh, ow) receives input (ih, iw) through tap (oh + ph - 2*ih, ow + pw - 2*iw) when that
  // lies in the 4x4 kernel: input rows q = floor((oh + ph) / 2) (kernel row (oh + ph) mod 2) and
  // q - 1 (that row + 2); likewise for columns. Output columns 2m and 2m + 1 read input columns
  // m + b0 - 1 .. m + b0 + odd_shift (b0 = floor(pw / 2), odd_shift = pw mod 2), so step t
  // (output columns [8t, 8t + 8)) reads input columns [4t + b0 - 1, 4t + b0 + 4 + odd_shift).
  // Steps [first, end) have all of those inside the image and all 8 outputs inside the row: they
  // read x in place. The others go through a zero-padded copy of their columns.
  const int64_t b0 = pw / 2, odd_shift = pw % 2, kw_even = pw % 2, kw_odd = (pw + 1) % 2;
  const int64_t steps = (Wo + kPixels - 1) / kPixels;
  const int64_t first = std::min(steps, b0 >= 1 ? int64_t{0} : int64_t{1});
  const int64_t last_col = W - b0 - kInputs - odd_shift;  // 4t <= last_col for the right edge
  const int64_t end = std::max(first, std::min(Wo / kPixels, last_col >= 0 ? last_col / kInputs + 1 : int64_t{0}));
  const RowKernel kernel = row_kernel(odd_shift);
  const std::vector<float> zeros(size_t(W + kEdgeColumns), 0.0f);  // a row above or below the image

  for (int64_t n = 0; n < p.N; ++n)
    for (int64_t c = 0; c < p.Cout; ++c) {
      const float* plane = x + (n * p.Cin + c) * H * W;
      float* out_plane = y + (n * p.Cout + c) * Ho * Wo;
      const float* wc = w + c * 16;
      const float b = bias ? bias[c] : 0.0f;
      // The eight weights of each parity of output row, in the microkernel's order.
      float wrow[2][8];
      for (int64_t kh = 0; kh < 2; ++kh)
        for (int64_t r = 0; r < 2; ++r)
          for (int64_t e = 0; e < 2; ++e)
            for (int64_t j = 0; j < 2; ++j)
              wrow[kh][(r * 2 + e) * 2 + j] = wc[(kh + 2 * r) * 4 + (e ? kw_odd : kw_even) + 2 * j];
      for (int64_t oh = 0; oh < Ho; ++oh) {
        const int64_t q = (oh + ph) / 2, kh = (oh + ph) % 2;
        const float* rows[2];  // the nearer input row (kernel row kh) and the farther (kh + 2), or nullptr
        for (int64_t r = 0; r < 2; ++r) rows[r] = q - r >= 0 && q - r < H ? plane + (q - r) * W : nullptr;
        float* out = out_plane + oh * Wo;
        split_row_steps(
            steps, first, end,
            [&](int64_t t0, int64_t t1) {
              const float* in[2];
              for (int r = 0; r < 2; ++r) in[r] = (rows[r] ? rows[r] : zeros.data()) + t0 * kInputs + b0 - 1;
              kernel(in, out + t0 * kPixels, t1 - t0, wrow[kh], b);
            },
            [&](int64_t t) {
              float* const o[1] = {out + t * kPixels};
              edge_step<2, kEdgeColumns, 1, kPixels>(
                  rows,
                  [&](int64_t j) {
                    const int64_t col = t * kInputs + b0 - 1 + j;
                    return col < W ? col : -1;
                  },
                  o, std::min(kPixels, Wo - t * kPixels),
                  [&](const float* const* copy, float* const* results) { kernel(copy, results[0], 1, wrow[kh], b); });
            });
      }
    }
}

}  // namespace convt
