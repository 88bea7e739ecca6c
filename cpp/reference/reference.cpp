#include "reference/reference.hpp"

#include <vector>

#include "problem/axis.hpp"

namespace convt {

void conv2d_reference(const ConvProblem& p, const float* x, const float* w, const float* bias, float* y) {
  const int64_t cin_g = p.cin_per_group(), cout_g = p.cout_per_group();
  const Pair s = p.opt.stride, d = p.opt.dilation, before = p.pad_before, after = p.pad_after;
  // The input row (column) under each kernel row (column) of the current window: row oh*s + kh*d of
  // the padded input holds input row rows[kh], or zeros when -1 (padded_source: the padding mode).
  std::vector<int64_t> rows(size_t(p.kH)), cols(size_t(p.kW));
  for (int64_t n = 0; n < p.N; ++n)
    for (int64_t co = 0; co < p.Cout; ++co) {
      const int64_t g = co / cout_g;
      for (int64_t oh = 0; oh < p.Ho; ++oh) {
        for (int64_t kh = 0; kh < p.kH; ++kh)
          rows[size_t(kh)] = padded_source(p.padding_mode, p.H, before.h, after.h, oh * s.h + kh * d.h);
        for (int64_t ow = 0; ow < p.Wo; ++ow) {
          for (int64_t kw = 0; kw < p.kW; ++kw)
            cols[size_t(kw)] = padded_source(p.padding_mode, p.W, before.w, after.w, ow * s.w + kw * d.w);
          double acc = 0;  // double: the oracle should not add its own rounding
          for (int64_t ci = 0; ci < cin_g; ++ci) {
            const float* plane = x + (n * p.Cin + g * cin_g + ci) * p.H * p.W;
            const float* wk = w + (co * cin_g + ci) * p.kH * p.kW;
            for (int64_t kh = 0; kh < p.kH; ++kh) {
              const int64_t ih = rows[size_t(kh)];
              for (int64_t kw = 0; kw < p.kW; ++kw) {
                const int64_t iw = cols[size_t(kw)];
                // Zero padding is multiplied like any pixel, as PyTorch does: 0 * inf is NaN.
                const float xv = ih >= 0 && iw >= 0 ? plane[ih * p.W + iw] : 0.0f;
                acc += double(xv) * double(wk[kh * p.kW + kw]);
              }
            }
          }
          if (p.has_bias) acc += bias[co];
          y[((n * p.Cout + co) * p.Ho + oh) * p.Wo + ow] = float(acc);
        }
      }
    }
}

// Only real input pixels are multiplied (no padding, no inserted zeros), as in PyTorch's
// col2im-based ConvTranspose2d: an infinite weight makes NaN only where it meets a zero pixel.
void conv_transpose2d_reference(const ConvProblem& p, const float* x, const float* w, const float* bias, float* y) {
  const int64_t cin_g = p.cin_per_group(), cout_g = p.cout_per_group();
  const Pair s = p.opt.stride, pad = p.opt.padding, d = p.opt.dilation;
  const int64_t out_plane = p.Ho * p.Wo;
  // Accumulate in double, like the conv reference, then round once.
  std::vector<double> acc(size_t(p.Cout * out_plane));
  for (int64_t n = 0; n < p.N; ++n) {
    for (int64_t co = 0; co < p.Cout; ++co)
      for (int64_t i = 0; i < out_plane; ++i) acc[co * out_plane + i] = p.has_bias ? bias[co] : 0.0;
    for (int64_t ci = 0; ci < p.Cin; ++ci) {
      const int64_t g = ci / cin_g;
      for (int64_t ih = 0; ih < p.H; ++ih)
        for (int64_t iw = 0; iw < p.W; ++iw) {
          const float xv = x[((n * p.Cin + ci) * p.H + ih) * p.W + iw];
          for (int64_t cog = 0; cog < cout_g; ++cog)
            for (int64_t kh = 0; kh < p.kH; ++kh)
              for (int64_t kw = 0; kw < p.kW; ++kw) {
                // Input pixel (ih, iw) stamps tap (kh, kw) at this output position.
                const int64_t oh = ih * s.h - pad.h + kh * d.h;
                const int64_t ow = iw * s.w - pad.w + kw * d.w;
                if (oh < 0 || oh >= p.Ho || ow < 0 || ow >= p.Wo) continue;
                const float wv = w[((ci * cout_g + cog) * p.kH + kh) * p.kW + kw];
                acc[(g * cout_g + cog) * out_plane + oh * p.Wo + ow] += double(xv) * double(wv);
              }
        }
    }
    for (int64_t i = 0; i < p.Cout * out_plane; ++i) y[n * p.Cout * out_plane + i] = float(acc[i]);
  }
}

}  // namespace convt
