// The page's tables: sizes from the arithmetic, gather and scatter views that agree with each
// other, stuffed cells that hold the right pixels, and values that match the stuffed path.
#include <catch2/catch.hpp>

#include "reference/stuffed.hpp"
#include "helpers.hpp"

using namespace convt;
using namespace testing_helpers;

namespace {

// A random single-channel geometry (possibly invalid) with the given upper bounds.
struct Geometry {
  Pair size, kernel;
  ConvOptions opt;
};
// with_surface: also a padding mode, 'same' / 'valid', and output_size in place of output_padding.
Geometry random_geometry(std::mt19937& rng, int max_size, int max_kernel, int max_stride, int max_pad, int max_dil,
                         int max_out_pad, bool with_surface = false) {
  auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  Geometry g;
  g.size = {pick(1, max_size), pick(1, max_size)};
  g.kernel = {pick(1, max_kernel), pick(1, max_kernel)};
  g.opt.stride = {pick(1, max_stride), pick(1, max_stride)};
  g.opt.padding = {pick(0, max_pad), pick(0, max_pad)};
  g.opt.dilation = {pick(1, max_dil), pick(1, max_dil)};
  g.opt.output_padding = {pick(0, max_out_pad), pick(0, max_out_pad)};
  if (with_surface) {
    static const char* modes[] = {"zeros", "reflect", "replicate", "circular"};
    g.opt.padding_mode = modes[pick(0, 3)];
    if (pick(0, 2) == 0) g.opt.padding_string = pick(0, 2) ? "same" : "valid";
    if (pick(0, 2) == 0) {
      g.opt.output_size = std::vector<int64_t>{pick(1, 2 * max_size), pick(1, 2 * max_size)};
      g.opt.output_padding = {0, 0};
    }
  }
  return g;
}

}  // namespace

TEST_CASE("explain: gather taps and scatter agree, kinds and sources are consistent", "[explain]") {
  std::mt19937 rng(21);
  int explained = 0;
  for (int i = 0; i < 1200; ++i) {
    const Op mode = i % 2 ? Op::ConvTranspose2d : Op::Conv2d;
    const Geometry geo = random_geometry(rng, 9, 4, 3, 3, 2, 2, i >= 600);
    const Pair size = geo.size, k = geo.kernel;
    const ConvOptions o = geo.opt;
    Explanation ex;
    if (explain(mode, size, k, o, &ex)) continue;
    ++explained;
    INFO("mode " << int(mode) << " size " << size.h << "x" << size.w << " k " << k.h << "x" << k.w << " s "
                 << o.stride.h << "," << o.stride.w << " p " << o.padding.h << "," << o.padding.w << " d "
                 << o.dilation.h << "," << o.dilation.w << " a " << o.output_padding.h << "," << o.output_padding.w);
    const int64_t K = k.h * k.w, outs = ex.output.h * ex.output.w;
    // Output size from the arithmetic; the grid the window slides over is consistent with it.
    if (mode == Op::Conv2d) {
      CHECK(ex.output.h == conv_output_size(size.h, k.h, o.stride.h, ex.formula.p.h, ex.formula.p_after.h, o.dilation.h));
      CHECK(ex.stuffed.h == size.h + ex.formula.p.h + ex.formula.p_after.h);
    } else {
      CHECK(ex.output.h == conv_transpose_output_size(size.h, k.h, o.stride.h, o.padding.h, o.dilation.h,
                                                      ex.formula.a.h));
      if (o.output_size) CHECK(ex.output == Pair{(*o.output_size)[0], (*o.output_size)[1]});
      CHECK(ex.stuffed.h - o.dilation.h * (k.h - 1) == ex.output.h);  // a stride-1 conv of the stuffed grid
      CHECK(ex.stuffed.w - o.dilation.w * (k.w - 1) == ex.output.w);
    }
    // Every input pixel appears exactly once in the stuffed grid as itself, unless cropped away; a
    // zero holds none, a padded copy (reflect / replicate / circular) the pixel padded_source names.
    std::vector<int> seen(size_t(size.h * size.w), 0);
    for (int64_t cell = 0; cell < ex.stuffed.h * ex.stuffed.w; ++cell) {
      const int32_t src = ex.source[size_t(cell)];
      const auto kind = CellKind(ex.cell_kind[size_t(cell)]);
      const int64_t r = cell / ex.stuffed.w, c = cell % ex.stuffed.w;
      CHECK(int8_t(kind) >= std::max(ex.row_kind[size_t(r)], ex.col_kind[size_t(c)]));
      if (kind == CellKind::Original) ++seen[size_t(src)];
      if (kind <= CellKind::OutputPadding && kind != CellKind::Original) CHECK(src == -1);
      if (kind >= CellKind::Reflected) {
        CHECK(kind == (ex.padding_mode == PaddingMode::Reflect     ? CellKind::Reflected
                       : ex.padding_mode == PaddingMode::Replicate ? CellKind::Replicated
                                                                   : CellKind::Wrapped));
        const int64_t ih = padded_source(ex.padding_mode, size.h, ex.formula.p.h, ex.formula.p_after.h, r);
        const int64_t iw = padded_source(ex.padding_mode, size.w, ex.formula.p.w, ex.formula.p_after.w, c);
        CHECK(src == ih * size.w + iw);
      }
    }
    for (int v : seen) CHECK(v <= 1);
    // Gather (taps) and scatter (definition) describe the same bipartite graph.
    std::vector<int> gather_count(size_t(outs), 0);
    for (int64_t oc = 0; oc < outs; ++oc)
      for (int64_t t = 0; t < K; ++t) {
        const int32_t cell = ex.taps[size_t(oc * K + t)];
        REQUIRE(cell >= 0);
        REQUIRE(cell < ex.stuffed.h * ex.stuffed.w);
        const int32_t src = ex.source[size_t(cell)];
        if (ex.cell_kind[size_t(cell)] != int8_t(CellKind::Original)) continue;  // a zero, or a padded copy
        ++gather_count[size_t(oc)];
        CHECK(ex.scatter[size_t(src * K + ex.kernel_from[size_t(t)])] == oc);
      }
    int64_t scatter_hits = 0;
    for (int32_t o_cell : ex.scatter) scatter_hits += o_cell >= 0;
    int64_t gather_hits = 0;
    for (int64_t oc = 0; oc < outs; ++oc) {
      CHECK(gather_count[size_t(oc)] == ex.overlap[size_t(oc)]);
      gather_hits += gather_count[size_t(oc)];
    }
    CHECK(gather_hits == scatter_hits);
  }
  CHECK(explained > 500);
}

TEST_CASE("explain: 'same' with an even kernel pads one more line after, and its round trip has no ConvT",
          "[explain][surface]") {
  ConvOptions o;
  o.padding_string = "same";
  o.padding_mode = "reflect";
  Explanation ex;
  REQUIRE_FALSE(bool(explain(Op::Conv2d, {4, 5}, {4, 3}, o, &ex)));
  CHECK(ex.output == Pair{4, 5});
  CHECK(ex.formula.p == Pair{1, 1});
  CHECK(ex.formula.p_after == Pair{2, 1});
  CHECK(ex.stuffed == Pair{7, 7});
  CHECK(ex.row_kind == std::vector<int8_t>{2, 0, 0, 0, 0, 2, 2});
  // Row 0 reflects input row 1; rows 5 and 6 reflect rows 2 and 1. Corner (0, 0): input (1, 1).
  CHECK(ex.source[0] == 1 * 5 + 1);
  CHECK(ex.cell_kind[0] == int8_t(CellKind::Reflected));
  CHECK(ex.source[size_t(6 * 7 + 3)] == 1 * 5 + 2);
  CHECK(ex.cell_kind[size_t(1 * 7 + 1)] == int8_t(CellKind::Original));
  CHECK(ex.conv_then_conv_transpose.middle_valid);
  CHECK_FALSE(ex.conv_then_conv_transpose.back_valid);
  CHECK_FALSE(ex.conv_then_conv_transpose.remainder_valid);
  CHECK(ex.conv_then_conv_transpose.error.parameter == "padding");
  // Odd kernels pad alike on both sides: the ConvT with p = d(k-1)/2 gives the size back.
  REQUIRE_FALSE(bool(explain(Op::Conv2d, {4, 5}, {3, 5}, o, &ex)));
  CHECK(ex.conv_then_conv_transpose.ok);
  CHECK(ex.formula.p_prime == Pair{1, 2});
}

TEST_CASE("explain: output_size sets the output_padding rows, in both modes", "[explain][surface]") {
  ConvOptions o;
  o.stride = {2, 2};
  o.padding = {1, 1};
  o.output_size = std::vector<int64_t>{8, 7};
  Explanation ex;
  REQUIRE_FALSE(bool(explain(Op::ConvTranspose2d, {4, 4}, {3, 3}, o, &ex)));
  CHECK(ex.output == Pair{8, 7});
  CHECK(ex.formula.a == Pair{1, 0});
  CHECK(ex.row_kind.back() == int8_t(LineKind::OutputPadding));
  CHECK(ex.col_kind.back() == int8_t(LineKind::Padding));
  // Conv mode: output_size is asked of the ConvT on the way back, so it can restore the input size.
  o.output_size = std::vector<int64_t>{8, 8};
  REQUIRE_FALSE(bool(explain(Op::Conv2d, {8, 8}, {3, 3}, o, &ex)));
  CHECK(ex.conv_then_conv_transpose.ok);
  CHECK(ex.conv_then_conv_transpose.output_padding == Pair{1, 1});
  CHECK(ex.conv_then_conv_transpose.fix_output_padding == Pair{1, 1});
  CHECK(ex.formula.a == Pair{1, 1});
  CHECK(bool(ex.conv_transpose_then_conv.error));  // ConvT of 8x8 cannot be 8x8 with these parameters
  CHECK(ex.conv_transpose_then_conv.error.parameter == "outputSize");
  o.output_size = std::vector<int64_t>{9, 9};  // out of range: reported by the round trip, not an error
  REQUIRE_FALSE(bool(explain(Op::Conv2d, {8, 8}, {3, 3}, o, &ex)));
  CHECK(ex.conv_then_conv_transpose.error.parameter == "outputSize");
  CHECK(bool(explain(Op::ConvTranspose2d, {4, 4}, {3, 3}, o, &ex)));
}

TEST_CASE("explain: the stuffed grid of the seed's case", "[explain][seed]") {
  // k=3, s=2, p=1 on a 3x3 input: z = 1 zero between pixels, p' = k-p-1 = 1, output 5x5.
  ConvOptions o;
  o.stride = {2, 2};
  o.padding = {1, 1};
  Explanation ex;
  REQUIRE_FALSE(bool(explain(Op::ConvTranspose2d, {3, 3}, {3, 3}, o, &ex)));
  CHECK(ex.output == Pair{5, 5});
  CHECK(ex.stuffed == Pair{7, 7});
  const std::vector<int8_t> kinds = {2, 0, 1, 0, 1, 0, 2};
  CHECK(ex.row_kind == kinds);
  CHECK(ex.source[size_t(1 * 7 + 1)] == 0);
  CHECK(ex.source[size_t(5 * 7 + 3)] == 2 * 3 + 1);
  CHECK(ex.kernel_from[0] == 8);  // flipped
  // Conv then ConvT: I=3 -> O=2 -> back 3 (remainder 0). With I=4 the remainder is 1.
  CHECK(ex.conv_then_conv_transpose.ok);
  REQUIRE_FALSE(bool(explain(Op::Conv2d, {4, 4}, {3, 3}, o, &ex)));
  CHECK_FALSE(ex.conv_then_conv_transpose.ok);
  CHECK(ex.conv_then_conv_transpose.remainder == Pair{1, 1});
  CHECK(ex.conv_then_conv_transpose.back == Pair{3, 3});
  // output_padding rows: a=1 adds a zero row after p'.
  o.output_padding = {1, 0};
  REQUIRE_FALSE(bool(explain(Op::ConvTranspose2d, {3, 3}, {3, 3}, o, &ex)));
  CHECK(ex.row_kind == std::vector<int8_t>{2, 0, 1, 0, 1, 0, 2, 3});
  CHECK(ex.col_kind == kinds);
}

TEST_CASE("explain: invalid geometry names the parameter, huge sizes are refused", "[explain][validation]") {
  Explanation ex;
  ConvOptions o;
  Error e = explain(Op::Conv2d, {2, 2}, {3, 3}, o, &ex);
  CHECK(e.parameter == "kernelSize");
  e = explain(Op::Conv2d, {0, 2}, {1, 1}, o, &ex);
  CHECK(e.parameter == "size");
  e = explain(Op::Conv2d, {100000, 100000}, {1, 1}, o, &ex);
  CHECK(e.parameter == "size");
  o.output_padding = {5, 5};
  CHECK_FALSE(bool(explain(Op::Conv2d, {5, 5}, {3, 3}, o, &ex)));  // conv mode: reported in the round trip
  CHECK(bool(ex.conv_then_conv_transpose.error));
  e = explain(Op::ConvTranspose2d, {5, 5}, {3, 3}, o, &ex);
  CHECK(e.parameter == "outputPadding");
}

TEST_CASE("stuffed construction holds the pixels the tables say", "[stuffed][explain]") {
  std::mt19937 rng(22);
  for (int i = 0; i < 100; ++i) {
    RandomCase c = random_case(rng, Op::ConvTranspose2d, 8, 3, true);
    c.x_shape[0] = 1;
    if (c.opt.output_size && c.opt.output_size->size() == 4) (*c.opt.output_size)[0] = 1;
    c.x_shape[1] = c.opt.groups;
    c.w_shape[0] = c.opt.groups;
    ConvProblem p;
    REQUIRE_FALSE(bool(plan_conv(c.op, c.x_shape, product(c.x_shape), c.w_shape, product(c.w_shape), -1, c.opt, &p)));
    const auto x = random_floats(rng, product(c.x_shape)), w = random_floats(rng, product(c.w_shape));
    StuffedConstruction sc;
    REQUIRE_FALSE(bool(build_stuffed_construction(p, x.data(), w.data(), &sc)));
    Explanation ex;
    ConvOptions o = c.opt;
    REQUIRE_FALSE(bool(explain(Op::ConvTranspose2d, {p.H, p.W}, {p.kH, p.kW}, o, &ex)));
    REQUIRE(sc.stuffed_shape[2] == ex.stuffed.h);
    REQUIRE(sc.stuffed_shape[3] == ex.stuffed.w);
    for (size_t cell = 0; cell < ex.source.size(); ++cell) {
      const int32_t src = ex.source[cell];
      CHECK(sc.stuffed[cell] == (src >= 0 ? x[size_t(src)] : 0.0f));
    }
  }
}

#include <algorithm>
#include <set>
#include <tuple>

#include "teaching/polyphase.hpp"
#include "reference/reference.hpp"

TEST_CASE("matrix: C times x is conv2d(x), in ConvT mode it is convT(x) and the transpose of the Conv's C",
          "[explain][matrix]") {
  std::mt19937 rng(23);
  int checked = 0;
  for (int i = 0; i < 600; ++i) {
    const Geometry geo = random_geometry(rng, 8, 4, 3, 2, 2, 2, i >= 300);
    const Pair size = geo.size, k = geo.kernel;
    const ConvOptions o = geo.opt;
    for (Op mode : {Op::Conv2d, Op::ConvTranspose2d}) {
      Explanation ex;
      if (explain(mode, size, k, o, &ex)) continue;
      const auto x = random_floats(rng, size.h * size.w), w = random_floats(rng, k.h * k.w);
      ConvProblem p;
      ConvOptions po = o;
      if (mode == Op::Conv2d) {
        po.output_padding = {0, 0};
        po.output_size.reset();
      }
      REQUIRE_FALSE(bool(plan_conv(mode, {1, 1, size.h, size.w}, size.h * size.w, {1, 1, k.h, k.w}, k.h * k.w, -1, po, &p)));
      std::vector<float> want(size_t(p.output_elements()));
      if (mode == Op::Conv2d) conv2d_reference(p, x.data(), w.data(), nullptr, want.data());
      else conv_transpose2d_reference(p, x.data(), w.data(), nullptr, want.data());
      std::vector<float> got(want.size(), 0.0f);
      for (size_t e = 0; e + 2 < ex.matrix.size(); e += 3)
        got[size_t(ex.matrix[e])] += x[size_t(ex.matrix[e + 1])] * w[size_t(ex.matrix[e + 2])];
      CHECK(compare(got, want) == "");
      if (mode == Op::ConvTranspose2d) {
        // C^T: the Conv from the ConvT's output size back to its input size has the transposed entries.
        // (When a >= s, allowed for a < d, ConvT then Conv does not give back the size: no C to compare.)
        if (ex.formula.a.h >= o.stride.h || ex.formula.a.w >= o.stride.w) continue;
        Explanation conv;
        ConvOptions co = o;
        co.output_padding = {0, 0};
        co.output_size.reset();
        REQUIRE_FALSE(bool(explain(Op::Conv2d, ex.output, k, co, &conv)));
        REQUIRE(conv.output == size);
        std::set<std::tuple<int, int, int>> a, b;
        for (size_t e = 0; e + 2 < ex.matrix.size(); e += 3) a.insert({ex.matrix[e], ex.matrix[e + 1], ex.matrix[e + 2]});
        for (size_t e = 0; e + 2 < conv.matrix.size(); e += 3)
          b.insert({conv.matrix[e + 1], conv.matrix[e], conv.matrix[e + 2]});
        CHECK(a == b);
      }
      ++checked;
    }
  }
  CHECK(checked > 400);
}

TEST_CASE("polyphase: the interleaved phases are ConvT's output, with no inserted zero multiplied", "[polyphase]") {
  std::mt19937 rng(24);
  int checked = 0;
  for (int i = 0; i < 300; ++i) {
    const Geometry geo = random_geometry(rng, 8, 5, 4, 3, 2, 1);
    const Pair size = geo.size, k = geo.kernel;
    const ConvOptions o = geo.opt;
    const auto x = random_floats(rng, size.h * size.w), w = random_floats(rng, k.h * k.w);
    Polyphase pp;
    if (polyphase(size, k, o, x.data(), int64_t(x.size()), w.data(), int64_t(w.size()), &pp)) continue;
    ConvProblem p;
    REQUIRE_FALSE(bool(plan_conv(Op::ConvTranspose2d, {1, 1, size.h, size.w}, size.h * size.w, {1, 1, k.h, k.w},
                                 k.h * k.w, -1, o, &p)));
    std::vector<float> want(size_t(p.output_elements()));
    conv_transpose2d_reference(p, x.data(), w.data(), nullptr, want.data());
    CHECK(compare(pp.interleaved, want, 1e-6, 1e-7) == "");
    // Each tap belongs to at most one phase; the products counted are the (pixel, tap) pairs that land.
    std::vector<int> seen(size_t(k.h * k.w), 0);
    for (const auto& ph : pp.phases)
      for (int32_t t : ph.taps) ++seen[size_t(t)];
    for (int v : seen) CHECK(v <= 1);
    Explanation ex;
    REQUIRE_FALSE(bool(explain(Op::ConvTranspose2d, size, k, o, &ex)));
    int64_t landed = 0;
    for (int32_t c : ex.overlap) landed += c;
    CHECK(pp.multiplies_polyphase == landed);
    CHECK(pp.multiplies_stuffed == ex.output.h * ex.output.w * k.h * k.w);
    ++checked;
  }
  CHECK(checked > 200);
}

TEST_CASE("explain: the way back's zero-stuffed grid is the ConvTranspose2d's own, absent where that leg is undefined",
          "[explain][roundtrip]") {
  std::mt19937 rng(25);
  int with_grid = 0, without = 0;
  for (int i = 0; i < 1500; ++i) {
    const Geometry geo = random_geometry(rng, 9, 4, 3, 3, 2, 2, i >= 500);
    const Op mode = i % 3 ? Op::Conv2d : Op::ConvTranspose2d;
    Explanation ex;
    if (explain(mode, geo.size, geo.kernel, geo.opt, &ex)) continue;
    const RoundTrip& rt = ex.conv_then_conv_transpose;
    INFO("size " << geo.size.h << "x" << geo.size.w << " k " << geo.kernel.h << "x" << geo.kernel.w << " s "
                 << geo.opt.stride.h << "," << geo.opt.stride.w << " mode " << geo.opt.padding_mode
                 << (geo.opt.padding_string ? " padding " + *geo.opt.padding_string : std::string()));
    // The leg on its own: a ConvTranspose2d of the middle size, zero padded with the padding the
    // Conv2d had in effect (the same on both sides, or there is no such ConvTranspose2d).
    ConvOptions back = geo.opt;
    back.padding_string.reset();
    back.padding_mode = "zeros";
    Pair before{}, after{};
    const bool pads_alike = !conv_padding_in_effect(geo.opt, geo.kernel, &before, &after) && before == after;
    back.padding = before;
    Explanation leg;
    const bool leg_defined = rt.middle_valid && pads_alike && geo.opt.padding_mode == "zeros" &&
                             !explain(Op::ConvTranspose2d, rt.middle, geo.kernel, back, &leg);
    CHECK(rt.back_stuffed_valid == leg_defined);
    if (!leg_defined) {
      ++without;
      continue;
    }
    CHECK(rt.back_rows.zeros_between == leg.row_axis.zeros_between);
    CHECK(rt.back_cols.zeros_between == leg.col_axis.zeros_between);
    CHECK(rt.back_rows.pad_before == leg.row_axis.pad_before);
    CHECK(rt.back_cols.pad_before == leg.col_axis.pad_before);
    CHECK(Pair{rt.back_rows.length, rt.back_cols.length} == leg.stuffed);
    CHECK(leg.output == rt.back);  // the grid convolved once more (stride 1) gives the way back's size
    ++with_grid;
  }
  CHECK(with_grid > 200);
  CHECK(without > 200);
}
