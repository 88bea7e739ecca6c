#include "teaching/explain.hpp"

#include <algorithm>

namespace convt {

Error in_geometry_terms(const Error& e) {
  const char* name = e.parameter == "x" ? "size" : e.parameter == "w" ? "kernelSize" : nullptr;
  if (!name) return e;
  return make_error(name, e.message.substr(e.parameter.size() + 2));  // the rule, after "x: "
}

Error explain(Op mode, Pair size, Pair kernel, const ConvOptions& opt, Explanation* out) {
  const bool transposed = mode == Op::ConvTranspose2d;
  if (size.h <= 0 || size.w <= 0)
    return make_error("size", "input size must be positive, but got " + std::to_string(size.h) + " x " +
                                  std::to_string(size.w));
  if (kernel.h <= 0 || kernel.w <= 0)
    return make_error("kernelSize", "kernel size must be positive, but got " + std::to_string(kernel.h) + " x " +
                                        std::to_string(kernel.w));
  if (size.h > kMaxIntOption || size.w > kMaxIntOption || size.h * size.w > kMaxExplainEntries)
    return make_error("size", "input size " + std::to_string(size.h) + " x " + std::to_string(size.w) +
                                  " is too large to draw (at most " + std::to_string(kMaxExplainEntries) + " cells)");
  if (kernel.h > kMaxIntOption || kernel.w > kMaxIntOption || kernel.h * kernel.w > kMaxExplainEntries)
    return make_error("kernelSize", "kernel size " + std::to_string(kernel.h) + " x " + std::to_string(kernel.w) +
                                        " is too large to draw");
  ConvOptions o = opt;
  o.groups = 1;
  if (!transposed) {  // in Conv mode the ConvT options are the way back's (round trips only)
    o.output_padding = {0, 0};
    o.output_padding_given = false;
    o.output_size.reset();
  }
  ConvProblem p;
  if (Error e = plan_conv(mode, {1, 1, size.h, size.w}, size.h * size.w, {1, 1, kernel.h, kernel.w},
                          kernel.h * kernel.w, -1, o, &p))
    return in_geometry_terms(e);

  Explanation& x = *out;
  x = Explanation();
  x.mode = mode;
  x.input = size;
  x.kernel = kernel;
  x.output = {p.Ho, p.Wo};
  x.padding_mode = p.padding_mode;
  const Pair s = o.stride, d = o.dilation, a = p.opt.output_padding;
  const Pair before = p.pad_before, after = p.pad_after;
  x.row_axis = transposed ? stuffed_axis(size.h, kernel.h, s.h, before.h, d.h, a.h)
                          : padded_axis(size.h, before.h, after.h);
  x.col_axis = transposed ? stuffed_axis(size.w, kernel.w, s.w, before.w, d.w, a.w)
                          : padded_axis(size.w, before.w, after.w);
  x.stuffed = {x.row_axis.length, x.col_axis.length};
  const int64_t K = kernel.h * kernel.w;
  const int64_t out_cells = p.Ho * p.Wo, in_cells = size.h * size.w;
  const bool grid_too_large = x.stuffed.h * x.stuffed.w > kMaxExplainEntries;
  const bool output_too_large = out_cells * K > kMaxExplainEntries;
  if (grid_too_large || output_too_large || in_cells * K > kMaxExplainEntries) {
    // Named after what made the largest table large: the drawn grid, the output's taps or the input's.
    const char* blame =
        grid_too_large ? largest_term({{x.stuffed.h, grid_axis_blame(p, true)}, {x.stuffed.w, grid_axis_blame(p, false)}})
        : output_too_large
            ? largest_term({{p.Ho, output_axis_blame(p, true)}, {p.Wo, output_axis_blame(p, false)}, {K, "w"}})
            : largest_term({{size.h, "x"}, {size.w, "x"}, {K, "w"}});
    return in_geometry_terms(make_error(blame, "this geometry is too large to draw (grids of " +
                                                   std::to_string(x.stuffed.h) + " x " + std::to_string(x.stuffed.w) +
                                                   " with " + std::to_string(K) + " taps per cell; at most " +
                                                   std::to_string(kMaxExplainEntries) + " table entries)"));
  }

  // Stuffed grid: kinds per line and per cell, and which input pixel each cell holds: its own, or
  // under reflect / replicate / circular padding the one it copies.
  std::vector<int64_t> row_src(size_t(x.stuffed.h)), col_src(size_t(x.stuffed.w));
  const int64_t line_step_h = transposed ? s.h : 1, line_step_w = transposed ? s.w : 1;
  for (int64_t r = 0; r < x.stuffed.h; ++r) {
    x.row_kind.push_back(int8_t(stuffed_line_kind(x.row_axis, line_step_h, r, &row_src[size_t(r)])));
    row_src[size_t(r)] = transposed ? row_src[size_t(r)] : padded_source(p.padding_mode, size.h, before.h, after.h, r);
  }
  for (int64_t c = 0; c < x.stuffed.w; ++c) {
    x.col_kind.push_back(int8_t(stuffed_line_kind(x.col_axis, line_step_w, c, &col_src[size_t(c)])));
    col_src[size_t(c)] = transposed ? col_src[size_t(c)] : padded_source(p.padding_mode, size.w, before.w, after.w, c);
  }
  const int8_t copy_kind = int8_t(p.padding_mode == PaddingMode::Reflect     ? CellKind::Reflected
                                  : p.padding_mode == PaddingMode::Replicate ? CellKind::Replicated
                                                                             : CellKind::Wrapped);
  x.source.assign(size_t(x.stuffed.h * x.stuffed.w), -1);
  x.cell_kind.resize(x.source.size());
  for (int64_t r = 0; r < x.stuffed.h; ++r) {
    int8_t* kind = &x.cell_kind[size_t(r * x.stuffed.w)];
    const int8_t row_kind = x.row_kind[size_t(r)];
    for (int64_t c = 0; c < x.stuffed.w; ++c) kind[c] = std::max(row_kind, x.col_kind[size_t(c)]);
    if (p.padding_mode != PaddingMode::Zeros)
      for (int64_t c = 0; c < x.stuffed.w; ++c)
        if (kind[c] == int8_t(CellKind::Padding)) kind[c] = copy_kind;
    const int64_t from_row = row_src[size_t(r)] * size.w;
    if (row_src[size_t(r)] < 0) continue;
    int32_t* src = &x.source[size_t(r * x.stuffed.w)];
    for (int64_t c = 0; c < x.stuffed.w; ++c)
      if (col_src[size_t(c)] >= 0) src[c] = int32_t(from_row + col_src[size_t(c)]);
  }

  // The kernel as drawn: flipped in both axes in ConvT mode.
  for (int64_t kh = 0; kh < kernel.h; ++kh)
    for (int64_t kw = 0; kw < kernel.w; ++kw)
      x.kernel_from.push_back(int32_t(transposed ? (kernel.h - 1 - kh) * kernel.w + (kernel.w - 1 - kw)
                                                 : kh * kernel.w + kw));

  // Gather view: the stuffed cell under each drawn tap of each output cell.
  // Conv: window at (oh*s, ow*s) of the padded grid. ConvT: stride 1 over the stuffed grid.
  x.taps.resize(size_t(out_cells * K));
  for (int64_t oh = 0; oh < p.Ho; ++oh)
    for (int64_t kh = 0; kh < kernel.h; ++kh) {
      const int64_t row = (transposed ? oh : oh * s.h) + kh * d.h;
      for (int64_t ow = 0; ow < p.Wo; ++ow) {
        const int64_t first = row * x.stuffed.w + (transposed ? ow : ow * s.w);  // tap (kh, 0)
        int32_t* out_taps = &x.taps[size_t((oh * p.Wo + ow) * K + kh * kernel.w)];
        for (int64_t kw = 0; kw < kernel.w; ++kw) out_taps[kw] = int32_t(first + kw * d.w);
      }
    }

  // Scatter view, straight from the definitions (not from the table above, so the two can be
  // checked against each other): input (ih, iw) meets tap (kh, kw) at output (oh, ow) when
  //   conv:  ih = oh*s - p + kh*d      convT: oh = ih*s - p + kh*d   (p: the padding before).
  x.scatter.assign(size_t(in_cells * K), -1);
  x.overlap.assign(size_t(out_cells), 0);
  for (int64_t ih = 0; ih < size.h; ++ih)
    for (int64_t iw = 0; iw < size.w; ++iw)
      for (int64_t kh = 0; kh < kernel.h; ++kh)
        for (int64_t kw = 0; kw < kernel.w; ++kw) {
          int64_t oh, ow;
          if (transposed) {
            oh = ih * s.h - before.h + kh * d.h;
            ow = iw * s.w - before.w + kw * d.w;
          } else {
            const int64_t nh = ih + before.h - kh * d.h, nw = iw + before.w - kw * d.w;
            if (nh < 0 || nw < 0 || nh % s.h != 0 || nw % s.w != 0) continue;
            oh = nh / s.h;
            ow = nw / s.w;
          }
          if (oh < 0 || oh >= p.Ho || ow < 0 || ow >= p.Wo) continue;
          x.scatter[size_t((ih * size.w + iw) * K + kh * kernel.w + kw)] = int32_t(oh * p.Wo + ow);
          ++x.overlap[size_t(oh * p.Wo + ow)];
        }

  // The matrix: the scatter table's entries, and in a reflect / replicate / circular mode also each
  // tap that reads a padded copy of a pixel (from the gather view). Sorted by row (a counting sort).
  const bool copies = p.padding_mode != PaddingMode::Zeros;
  auto for_each_copy = [&](auto&& emit) {
    for (int64_t o_cell = 0; o_cell < out_cells; ++o_cell)
      for (int64_t t = 0; t < K; ++t) {
        const int32_t cell = x.taps[size_t(o_cell * K + t)];
        if (x.cell_kind[size_t(cell)] >= int8_t(CellKind::Reflected))
          emit(int32_t(o_cell), x.source[size_t(cell)], x.kernel_from[size_t(t)]);
      }
  };
  std::vector<int64_t> row_start(size_t(out_cells) + 1, 0);
  for (int64_t o_cell = 0; o_cell < out_cells; ++o_cell) row_start[size_t(o_cell) + 1] = x.overlap[size_t(o_cell)];
  if (copies) for_each_copy([&](int32_t row, int32_t, int32_t) { ++row_start[size_t(row) + 1]; });
  for (int64_t o_cell = 0; o_cell < out_cells; ++o_cell) row_start[size_t(o_cell) + 1] += row_start[size_t(o_cell)];
  x.matrix.assign(size_t(3 * row_start[size_t(out_cells)]), 0);
  auto place = [&](int32_t row, int32_t column, int32_t tap) {
    int32_t* e = &x.matrix[size_t(3 * row_start[size_t(row)]++)];
    e[0] = row;
    e[1] = column;
    e[2] = tap;
  };
  for (int64_t i = 0; i < in_cells; ++i)
    for (int64_t t = 0; t < K; ++t)
      if (const int32_t o_cell = x.scatter[size_t(i * K + t)]; o_cell >= 0) place(o_cell, int32_t(i), int32_t(t));
  if (copies) for_each_copy(place);

  ConvOptions round_trip = opt;  // keeps the user's output_padding / output_size, also in Conv mode
  round_trip.groups = 1;
  x.conv_then_conv_transpose = conv_then_conv_transpose(size, kernel, round_trip);
  x.conv_transpose_then_conv = conv_transpose_then_conv(size, kernel, round_trip);

  Explanation::Formula& f = x.formula;
  f.p = before;
  f.p_after = after;
  f.a = transposed ? a : x.conv_then_conv_transpose.output_padding;
  // z and p' of the ConvT with these parameters (in Conv mode: of the ConvT that goes back).
  const StuffedAxis th = stuffed_axis(size.h, kernel.h, s.h, before.h, d.h, f.a.h);
  const StuffedAxis tw = stuffed_axis(size.w, kernel.w, s.w, before.w, d.w, f.a.w);
  f.z = {th.zeros_between, tw.zeros_between};
  f.p_prime = {th.pad_before, tw.pad_before};
  return {};
}

}  // namespace convt
