#include "teaching/polyphase.hpp"

#include <algorithm>

#include "problem/axis.hpp"
#include "teaching/explain.hpp"

namespace convt {

Error polyphase(Pair size, Pair kernel, const ConvOptions& options, const float* x, int64_t x_len, const float* w,
                int64_t w_len, Polyphase* out) {
  ConvOptions opt = options;
  opt.groups = 1;
  if (size.h <= 0 || size.w <= 0 || size.h > kMaxIntOption || size.w > kMaxIntOption)
    return make_error("size", "input size must be positive, but got " + std::to_string(size.h) + " x " +
                                  std::to_string(size.w));
  if (kernel.h <= 0 || kernel.w <= 0 || kernel.h > kMaxIntOption || kernel.w > kMaxIntOption)
    return make_error("kernelSize", "kernel size must be positive, but got " + std::to_string(kernel.h) + " x " +
                                        std::to_string(kernel.w));
  ConvProblem p;
  if (Error e = plan_conv(Op::ConvTranspose2d, {1, 1, size.h, size.w}, x_len, {1, 1, kernel.h, kernel.w}, w_len, -1,
                          opt, &p))
    return e;
  if (p.Ho * p.Wo * p.kH * p.kW > kMaxExplainEntries)
    return in_geometry_terms(
        make_error(largest_term({{p.Ho, output_axis_blame(p, true)}, {p.Wo, output_axis_blame(p, false)}, {p.kH * p.kW, "w"}}),
                   "this geometry is too large to draw (at most " + std::to_string(kMaxExplainEntries) +
                       " output cells x kernel taps)"));
  const Pair s = opt.stride, pad = opt.padding, d = opt.dilation;
  Polyphase& r = *out;
  r = Polyphase();
  r.stride = s;
  r.output = {p.Ho, p.Wo};
  r.interleaved.assign(size_t(p.Ho * p.Wo), 0.0f);
  r.multiplies_stuffed = p.Ho * p.Wo * p.kH * p.kW;
  const int64_t row_phases = std::min(s.h, p.Ho), col_phases = std::min(s.w, p.Wo);
  for (int64_t r0 = 0; r0 < row_phases; ++r0)
    for (int64_t c0 = 0; c0 < col_phases; ++c0) {
      PolyphasePhase ph;
      ph.row = r0;
      ph.col = c0;
      ph.rows = (p.Ho - r0 + s.h - 1) / s.h;
      ph.cols = (p.Wo - c0 + s.w - 1) / s.w;
      // Output (r0 + i*s, .) takes tap kh from input row (r0 + i*s + p - kh*d) / s when that
      // is an integer: for this phase, the taps with kh*d = r0 + p (mod s), at row base + i.
      for (int64_t kh = 0; kh < p.kH; ++kh) {
        const int64_t num_h = r0 + pad.h - kh * d.h;
        if (floor_mod(num_h, s.h) != 0) continue;
        for (int64_t kw = 0; kw < p.kW; ++kw) {
          const int64_t num_w = c0 + pad.w - kw * d.w;
          if (floor_mod(num_w, s.w) != 0) continue;
          ph.taps.push_back(int32_t(kh * p.kW + kw));
          ph.tap_input_row.push_back(int32_t(floor_div(num_h, s.h)));
          ph.tap_input_col.push_back(int32_t(floor_div(num_w, s.w)));
        }
      }
      ph.output.assign(size_t(ph.rows * ph.cols), 0.0f);
      for (int64_t i = 0; i < ph.rows; ++i)
        for (int64_t j = 0; j < ph.cols; ++j) {
          double acc = 0;
          for (size_t t = 0; t < ph.taps.size(); ++t) {
            const int64_t ih = ph.tap_input_row[t] + i, iw = ph.tap_input_col[t] + j;
            if (ih < 0 || ih >= p.H || iw < 0 || iw >= p.W) continue;  // outside the input: nothing to multiply
            acc += double(x[ih * p.W + iw]) * double(w[ph.taps[t]]);
            ++ph.multiplies;
          }
          ph.output[size_t(i * ph.cols + j)] = float(acc);
          r.interleaved[size_t((r0 + i * s.h) * p.Wo + c0 + j * s.w)] = float(acc);
        }
      r.multiplies_polyphase += ph.multiplies;
      r.phases.push_back(std::move(ph));
    }
  return {};
}

}  // namespace convt
