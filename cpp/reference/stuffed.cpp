#include "reference/stuffed.hpp"

#include "problem/axis.hpp"
#include "reference/reference.hpp"

namespace convt {

Error build_stuffed_construction(const ConvProblem& p, const float* x, const float* w, StuffedConstruction* out) {
  const Pair s = p.opt.stride, pad = p.opt.padding, d = p.opt.dilation, a = p.opt.output_padding;
  const StuffedAxis ah = stuffed_axis(p.H, p.kH, s.h, pad.h, d.h, a.h);
  const StuffedAxis aw = stuffed_axis(p.W, p.kW, s.w, pad.w, d.w, a.w);
  if (ah.length > kMaxElements || aw.length > kMaxElements ||
      p.N * p.Cin * ah.length > kMaxElements / aw.length)
    return make_error(largest_term({{p.N, "x"}, {p.Cin, "x"}, {ah.length, grid_axis_blame(p, true)},
                                    {aw.length, grid_axis_blame(p, false)}}),
                      "the zero-stuffed grid (" + std::to_string(ah.length) + " x " + std::to_string(aw.length) +
                          " per channel) would have more than " + std::to_string(kMaxElements) +
                          " elements (the cap of this library)");
  out->stuffed_shape = {p.N, p.Cin, ah.length, aw.length};
  out->stuffed.assign(size_t(p.N * p.Cin * ah.length * aw.length), 0.0f);
  // Which input column each stuffed column holds (-1: a zero), worked out once for all rows.
  std::vector<int64_t> col_source(static_cast<size_t>(aw.length));
  for (int64_t c = 0; c < aw.length; ++c) stuffed_line_kind(aw, s.w, c, &col_source[size_t(c)]);
  for (int64_t nc = 0; nc < p.N * p.Cin; ++nc)
    for (int64_t r = 0; r < ah.length; ++r) {
      int64_t ih;
      if (stuffed_line_kind(ah, s.h, r, &ih) != LineKind::Original) continue;
      for (int64_t c = 0; c < aw.length; ++c) {
        const int64_t iw = col_source[size_t(c)];
        if (iw >= 0) out->stuffed[size_t((nc * ah.length + r) * aw.length + c)] = x[(nc * p.H + ih) * p.W + iw];
      }
    }

  // ConvT weight [Cin, Cout/G, kH, kW] -> Conv2d weight [Cout, Cin/G, kH, kW], flipped in space.
  const int64_t cin_g = p.cin_per_group(), cout_g = p.cout_per_group();
  out->flipped_shape = {p.Cout, cin_g, p.kH, p.kW};
  out->flipped.assign(size_t(p.Cout * cin_g * p.kH * p.kW), 0.0f);
  for (int64_t g = 0; g < p.G; ++g)
    for (int64_t co = 0; co < cout_g; ++co)
      for (int64_t ci = 0; ci < cin_g; ++ci)
        for (int64_t kh = 0; kh < p.kH; ++kh)
          for (int64_t kw = 0; kw < p.kW; ++kw)
            out->flipped[size_t((((g * cout_g + co) * cin_g + ci) * p.kH + kh) * p.kW + kw)] =
                w[(((g * cin_g + ci) * cout_g + co) * p.kH + (p.kH - 1 - kh)) * p.kW + (p.kW - 1 - kw)];

  ConvOptions o;
  o.dilation = d;
  o.groups = p.G;
  const std::vector<int64_t> xs = out->stuffed_shape;
  if (Error e = plan_conv(Op::Conv2d, xs, int64_t(out->stuffed.size()), out->flipped_shape,
                          int64_t(out->flipped.size()), p.has_bias ? p.Cout : -1, o, &out->stride1))
    return e;
  return {};
}

Error conv_transpose2d_by_stuffing(const ConvProblem& p, const float* x, const float* w, const float* bias, float* y,
                                   StuffedConstruction* keep) {
  StuffedConstruction local;
  StuffedConstruction* c = keep ? keep : &local;
  if (Error e = build_stuffed_construction(p, x, w, c)) return e;
  conv2d_reference(c->stride1, c->stuffed.data(), c->flipped.data(), bias, y);
  return {};
}

}  // namespace convt
