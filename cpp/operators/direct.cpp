#include "operators/direct.hpp"

#include <algorithm>
#include <cstring>
#include <vector>

#include "kernels/f32-rowconv.hpp"
#include "operators/convT_fused_phases.hpp"
#include "operators/convT_winograd_f2x2_2x2.hpp"
#include "operators/fast.hpp"
#include "operators/packing.hpp"
#include "operators/row_loop.hpp"
#include "operators/winograd_f2x2_3x3.hpp"
#include "problem/axis.hpp"

namespace convt {
namespace {

constexpr int kMaxTileWidth = 32;            // widest tile of any microkernel: the input overrun margin
constexpr int64_t kKeepWorkspace = 1 << 20;  // floats kept between calls; larger workspaces are freed

using RowKernel = void (*)(const mk::RowConvArgs&);
struct Tile {
  int64_t width;  // output pixels
  RowKernel fn;
};
// The tiles for one number of output channels per tile, widest first.
struct TileSet {
  int cot;
  int count;
  Tile tiles[4];
};

TileSet tiles_for(int64_t cout_per_group) {
  // Tile sizes measured in Node 20 on x86-64 (tests/bench): V8 keeps 15 v128 registers free, so
  // tiles need at most ~12 live vectors; 4x8 beat 4x12 (spills), 3x12, 5x8, 6x8 and 2x16 on B and C.
  // One output channel (the page, image filters): 1x32 beat 1x16 and 1x8 on A.
  if (cout_per_group == 1)
    return {1, 4, {{32, mk::f32_rowconv_1x32}, {16, mk::f32_rowconv_1x16}, {8, mk::f32_rowconv_1x8}, {4, mk::f32_rowconv_1x4}}};
  return {4, 2, {{8, mk::f32_rowconv_4x8}, {4, mk::f32_rowconv_4x4}, {4, mk::f32_rowconv_4x4}, {4, mk::f32_rowconv_4x4}}};
}

// Reused between calls so a warm call allocates nothing.
struct Workspace {
  std::vector<float> input;    // padded (and for Conv2d phase-split) input of one image and group
  std::vector<float> weights;  // packed weights
  std::vector<int32_t> koff;   // tap offsets
  void trim() {
    if (input.capacity() > size_t(kKeepWorkspace)) std::vector<float>().swap(input);
    if (weights.capacity() > size_t(kKeepWorkspace)) std::vector<float>().swap(weights);
    if (koff.capacity() > size_t(kKeepWorkspace)) std::vector<int32_t>().swap(koff);
  }
};
Workspace& workspace() {
  static Workspace ws;
  return ws;
}

// a * b, or kMaxElements + 1 when a, b or the product passes the cap (each factor is checked first,
// so the product of two checked factors cannot overflow).
int64_t capped(int64_t a, int64_t b) {
  if (a > kMaxElements || b > kMaxElements) return kMaxElements + 1;
  return std::min(a * b, kMaxElements + 1);
}

// One row segment: J output pixels (pixel j at out[j * out_step]) for all cout_g channels of a
// group (channel co at out + co * out_cstride). `args` holds the input, taps and channel count;
// wpacked is [cout block][cin][K][cot].
void run_row(const TileSet& ts, mk::RowConvArgs args, const float* wpacked, int64_t cout_g, const float* bias,
             int64_t J, float* out, int64_t out_cstride, int64_t out_step) {
  alignas(16) float init[8];
  alignas(16) float scratch[8 * kMaxTileWidth];
  const int64_t block_stride = int64_t(args.cin) * args.K * ts.cot;
  const float* in0 = args.in;
  for (int64_t cb = 0; cb * ts.cot < cout_g; ++cb) {
    const int64_t c0 = cb * ts.cot;
    const int64_t nc = std::min<int64_t>(ts.cot, cout_g - c0);
    for (int c = 0; c < ts.cot; ++c) init[c] = (bias && c < nc) ? bias[c0 + c] : 0.0f;
    args.init = init;
    args.w = wpacked + cb * block_stride;
    cover_row(ts.tiles, ts.count, J, [&](const Tile& tile, int64_t j0, int64_t nj) {
      args.in = in0 + j0;
      store_tile(
          [&](float* dst, int64_t stride) {
            args.out = dst;
            args.out_stride = stride;
            tile.fn(args);
          },
          ts.cot, tile.width, nc, nj, out + c0 * out_cstride + j0 * out_step, out_cstride, out_step, scratch);
    });
  }
}

// ---- Conv2d: the padded input, columns split by stride phase ------------------------------------

// Input of one image and group, padded, columns split by stride phase r = column % sW:
//   ws[ci][r][row][q] = padded[ci][row][q * sW + r].
// Tap (kh, kw) of output (oh, ow) reads padded row oh*sH + kh*dH and column ow*sW + kw*dW,
// i.e. phase (kw*dW) % sW at index ow + (kw*dW) / sW: contiguous in ow.
struct PhaseSplitLayout {
  int64_t Hp, Wp, RS, PS, CS, size;  // padded rows and columns; row, phase and channel strides; floats
  bool fits;
  explicit PhaseSplitLayout(const ConvProblem& p) {
    const Pair s = p.opt.stride;
    Hp = p.H + p.pad_before.h + p.pad_after.h;
    Wp = p.W + p.pad_before.w + p.pad_after.w;
    RS = (Wp + s.w - 1) / s.w + kMaxTileWidth;
    PS = capped(Hp, RS);
    CS = capped(s.w, PS);
    size = std::min(capped(p.cin_per_group(), CS) + kMaxTileWidth, kMaxElements + 1);
    fits = size <= kMaxElements;
  }
};

// The padded input's rows and columns: which input line each holds under the padding mode
// (padded_source; -1: zero). Columns also by stride phase: padded column q*sW + r is input column
// first[r] + (q - lo[r])*sW for q in [lo[r], hi[r]) (a plain copy); the q < lo[r] and hi[r] <= q <
// end[r] are the border, filled from `source`; from end[r] on, past the padded width, zeros.
struct PaddedRows {
  std::vector<int64_t> source;
  explicit PaddedRows(const ConvProblem& p) : source(size_t(p.H + p.pad_before.h + p.pad_after.h)) {
    for (size_t i = 0; i < source.size(); ++i)
      source[i] = padded_source(p.padding_mode, p.H, p.pad_before.h, p.pad_after.h, int64_t(i));
  }
};
struct PaddedColumns {
  int64_t step;                         // sW
  std::vector<int64_t> source;          // per padded column
  std::vector<int64_t> lo, hi, end, first;  // per phase
  explicit PaddedColumns(const ConvProblem& p)
      : step(p.opt.stride.w), source(size_t(p.W + p.pad_before.w + p.pad_after.w)), lo(size_t(step)),
        hi(size_t(step)), end(size_t(step)), first(size_t(step)) {
    const int64_t before = p.pad_before.w, width = int64_t(source.size());
    for (int64_t c = 0; c < width; ++c)
      source[size_t(c)] = padded_source(p.padding_mode, p.W, before, p.pad_after.w, c);
    auto ceil_div = [](int64_t a, int64_t b) { return -floor_div(-a, b); };
    for (int64_t r = 0; r < step; ++r) {
      end[size_t(r)] = std::max<int64_t>(0, ceil_div(width - r, step));
      hi[size_t(r)] = std::min(end[size_t(r)], std::max<int64_t>(0, ceil_div(before + p.W - r, step)));
      lo[size_t(r)] = std::min(hi[size_t(r)], std::max<int64_t>(0, ceil_div(before - r, step)));
      first[size_t(r)] = lo[size_t(r)] * step + r - before;
    }
  }
};

// One row of column phase r of the padded, phase-split input (RS floats), from input row `src`
// (nullptr: a row of zeros, a zero padding row).
void fill_phase_row(float* row, int64_t RS, const float* src, const PaddedColumns& cols, int64_t r) {
  const size_t ph = size_t(r);
  const int64_t lo = cols.lo[ph], hi = cols.hi[ph], end = cols.end[ph], step = cols.step;
  if (!src) {
    std::fill(row, row + RS, 0.0f);
    return;
  }
  auto border = [&](int64_t q) {
    const int64_t c = cols.source[size_t(q * step + r)];
    row[q] = c >= 0 ? src[c] : 0.0f;
  };
  for (int64_t q = 0; q < lo; ++q) border(q);
  if (hi > lo) {
    const float* interior = src + cols.first[ph];
    if (step == 1) {
      std::memcpy(row + lo, interior, size_t(hi - lo) * sizeof(float));
    } else {
      for (int64_t q = lo; q < hi; ++q) row[q] = interior[(q - lo) * step];
    }
  }
  for (int64_t q = hi; q < end; ++q) border(q);
  std::fill(row + end, row + RS, 0.0f);
}

// ---- ConvTranspose2d: the polyphase decomposition -----------------------------------------------

// Output (oh, ow) receives tap (kh, kw) from input (ih, iw) when oh + pH - kh*dH = ih*sH (and
// likewise for columns). For output rows oh = r0 + i*sH and columns ow = c0 + j*sW (one phase),
// the taps with kh*dH = r0 + pH and kw*dW = c0 + pW (mod s) read input row Q(oh) - dq(kh) and
// column iw0(kw) + j: a stride-1 convolution of the un-stuffed input with that phase's sub-kernel.
// The copy of the input has zero margins (MT rows above, MB below, ML columns left, MR right) so
// that every tap of every phase stays inside it.
struct PolyphaseLayout {
  int64_t MT, MB, ML, MR, RS, HT, CS, size, row_phases, col_phases;
  bool fits;
  PolyphaseLayout(const ConvProblem& p, PolyphaseKernels kernels) {
    const Pair s = p.opt.stride, pad = p.opt.padding, d = p.opt.dilation;
    const int64_t extra_rows = kernels == PolyphaseKernels::Winograd ? kWinogradConvTExtraRows : 0;
    MT = std::max<int64_t>(0, -floor_div(pad.h - (p.kH - 1) * d.h, s.h));
    MB = std::max<int64_t>(0, (p.Ho - 1 + pad.h) / s.h - (p.H - 1)) + extra_rows;
    ML = std::max<int64_t>(0, -floor_div(pad.w - (p.kW - 1) * d.w, s.w));
    MR = std::max<int64_t>(0, (p.Wo - 1 + pad.w) / s.w - (p.W - 1)) + kMaxTileWidth;
    RS = ML + p.W + MR;
    HT = MT + p.H + MB;
    CS = capped(HT, RS);
    size = std::min(capped(p.cin_per_group(), CS) + kMaxTileWidth, kMaxElements + 1);
    row_phases = std::min(s.h, p.Ho);
    col_phases = std::min(s.w, p.Wo);
    fits = size <= kMaxElements && capped(row_phases, col_phases) <= kMaxElements;
  }
};

}  // namespace

void release_workspace() { workspace() = Workspace(); }

bool phase_split_fits(const ConvProblem& p) { return PhaseSplitLayout(p).fits; }

void conv2d_phase_split(const ConvProblem& p, const float* x, const float* w, const float* bias, float* y,
                        PhaseSplitKernels kernels) {
  const int64_t cin_g = p.cin_per_group(), cout_g = p.cout_per_group();
  const Pair s = p.opt.stride, d = p.opt.dilation;
  const PhaseSplitLayout L(p);
  const int64_t Hp = L.Hp, Wp = L.Wp, RS = L.RS, PS = L.PS, CS = L.CS;
  Workspace& ws = workspace();
  const TileSet ts = tiles_for(cout_g);
  const int64_t K = p.kH * p.kW;
  const bool winograd = kernels == PhaseSplitKernels::Winograd;
  std::vector<int64_t> all_taps(static_cast<size_t>(K));
  for (int64_t t = 0; t < K; ++t) all_taps[size_t(t)] = t;
  const int64_t group_stride = packed_size(cout_g, cin_g, ts.cot, K);
  if (winograd) {
    ws.weights.resize(size_t(winograd_weights_size(p)));
    winograd_transform_weights(p, w, ws.weights.data());
  } else {
    ws.weights.resize(size_t(p.G * group_stride));
    for (int64_t g = 0; g < p.G; ++g)
      pack_weights(p, w, g, ts.cot, all_taps.data(), K, ws.weights.data() + g * group_stride);
  }
  ws.koff.resize(size_t(K));
  for (int64_t kh = 0; kh < p.kH; ++kh)
    for (int64_t kw = 0; kw < p.kW; ++kw) {
      const int64_t col = kw * d.w;
      ws.koff[size_t(kh * p.kW + kw)] = int32_t(kh * d.h * RS + (col % s.w) * PS + col / s.w);
    }
  ws.input.resize(size_t(L.size));
  float* in = ws.input.data();
  std::fill(in + cin_g * CS, in + L.size, 0.0f);
  const PaddedRows rows(p);
  const PaddedColumns cols(p);

  for (int64_t n = 0; n < p.N; ++n)
    for (int64_t g = 0; g < p.G; ++g) {
      for (int64_t ci = 0; ci < cin_g; ++ci) {
        const float* src = x + ((n * p.Cin + g * cin_g + ci) * p.H) * p.W;
        for (int64_t r = 0; r < s.w; ++r) {
          float* plane = in + ci * CS + r * PS;
          for (int64_t row = 0; row < Hp; ++row) {
            const int64_t ih = rows.source[size_t(row)];
            fill_phase_row(plane + row * RS, RS, ih >= 0 ? src + ih * p.W : nullptr, cols, r);
          }
        }
      }
      const float* bg = bias ? bias + g * cout_g : nullptr;
      if (winograd) {
        conv2d_winograd_f2x2_3x3({in, CS, RS, Hp, Wp}, cin_g, cout_g, winograd_group_weights(p, ws.weights.data(), g),
                                 bg, y + (n * p.Cout + g * cout_g) * p.Ho * p.Wo);
        continue;
      }
      mk::RowConvArgs args{};
      args.in_cstride = CS;
      args.cin = int(cin_g);
      args.koff = ws.koff.data();
      args.K = int(K);
      const float* wg = ws.weights.data() + g * group_stride;
      for (int64_t oh = 0; oh < p.Ho; ++oh) {
        args.in = in + oh * s.h * RS;
        run_row(ts, args, wg, cout_g, bg, p.Wo, y + ((n * p.Cout + g * cout_g) * p.Ho + oh) * p.Wo, p.Ho * p.Wo, 1);
      }
    }
  ws.trim();
}

bool polyphase_fits(const ConvProblem& p, PolyphaseKernels kernels) { return PolyphaseLayout(p, kernels).fits; }

bool fused_phases_apply(const ConvProblem& p) {
  return p.opt.stride.w == 2 && std::min<int64_t>(2, p.Wo) == 2 && fused_phases_support(tiles_for(p.cout_per_group()).cot);
}

void conv_transpose2d_polyphase(const ConvProblem& p, const float* x, const float* w, const float* bias, float* y,
                                PolyphaseKernels kernels) {
  const int64_t cin_g = p.cin_per_group(), cout_g = p.cout_per_group();
  const Pair s = p.opt.stride, pad = p.opt.padding, d = p.opt.dilation;
  const bool winograd = kernels == PolyphaseKernels::Winograd, fused = kernels == PolyphaseKernels::FusedPhases;
  const PolyphaseLayout L(p, kernels);
  const int64_t MT = L.MT, ML = L.ML, RS = L.RS, HT = L.HT, CS = L.CS;
  Workspace& ws = workspace();
  const TileSet ts = tiles_for(cout_g);

  // Each tap (kh, kw) belongs to exactly one phase (r0, c0): list the taps per phase, with
  // their offsets, and pack each group's weights phase by phase.
  struct Phase {
    int64_t r0, c0, first_tap, ntaps, weight_offset;
  };
  std::vector<Phase> phases;
  std::vector<int64_t> taps;
  phases.reserve(size_t(L.row_phases * L.col_phases));
  ws.koff.clear();
  int64_t weight_size = 0;
  for (int64_t r0 = 0; r0 < L.row_phases; ++r0) {
    const int64_t rho = floor_mod(r0 + pad.h, s.h);
    for (int64_t c0 = 0; c0 < L.col_phases; ++c0) {
      Phase ph{r0, c0, int64_t(taps.size()), 0, weight_size};
      for (int64_t kh = 0; kh < p.kH; ++kh) {
        if (floor_mod(kh * d.h, s.h) != rho) continue;
        const int64_t dq = (kh * d.h - rho) / s.h;  // rows above Q(oh)
        for (int64_t kw = 0; kw < p.kW; ++kw) {
          const int64_t num = c0 + pad.w - kw * d.w;
          if (floor_mod(num, s.w) != 0) continue;
          taps.push_back(kh * p.kW + kw);
          ws.koff.push_back(int32_t(-dq * RS + ML + num / s.w));
          ++ph.ntaps;
        }
      }
      weight_size += packed_size(cout_g, cin_g, ts.cot, ph.ntaps);
      phases.push_back(ph);
    }
  }
  if (winograd) {
    ws.weights.resize(size_t(winograd_convT_weights_size(p)));
    winograd_convT_transform_weights(p, w, ws.weights.data());
  } else {
    ws.weights.resize(size_t(p.G * weight_size));
    for (int64_t g = 0; g < p.G; ++g)
      for (const Phase& ph : phases)
        pack_weights(p, w, g, ts.cot, taps.data() + ph.first_tap, ph.ntaps,
                     ws.weights.data() + g * weight_size + ph.weight_offset);
  }

  ws.input.resize(size_t(L.size));
  float* in = ws.input.data();
  std::fill(in + cin_g * CS, in + L.size, 0.0f);
  for (int64_t n = 0; n < p.N; ++n)
    for (int64_t g = 0; g < p.G; ++g) {
      for (int64_t ci = 0; ci < cin_g; ++ci) {
        float* plane = in + ci * CS;
        std::fill(plane, plane + MT * RS, 0.0f);
        std::fill(plane + (MT + p.H) * RS, plane + HT * RS, 0.0f);
        for (int64_t ih = 0; ih < p.H; ++ih) {
          float* row = plane + (MT + ih) * RS;
          std::fill(row, row + ML, 0.0f);
          std::memcpy(row + ML, x + ((n * p.Cin + g * cin_g + ci) * p.H + ih) * p.W, size_t(p.W) * sizeof(float));
          std::fill(row + ML + p.W, row + RS, 0.0f);
        }
      }
      const float* bg = bias ? bias + g * cout_g : nullptr;
      float* yg = y + (n * p.Cout + g * cout_g) * p.Ho * p.Wo;
      if (winograd) {
        const int64_t group_size = winograd_convT_weights_size(p) / p.G;
        conv_transpose2d_winograd_f2x2_2x2(p, {in + MT * RS + ML, CS, RS}, ws.weights.data() + g * group_size, bg, yg);
        continue;
      }
      for (size_t i = 0; i < phases.size(); ++i) {
        const Phase& ph = phases[i];
        if (fused && ph.c0 == 1) continue;  // computed with its column phase 0
        mk::RowConvArgs args{};
        args.in_cstride = CS;
        args.cin = int(cin_g);
        args.koff = ws.koff.data() + ph.first_tap;
        args.K = int(ph.ntaps);
        const float* wph = ws.weights.data() + g * weight_size + ph.weight_offset;
        const int64_t rho = floor_mod(ph.r0 + pad.h, s.h);
        const int64_t J = (p.Wo - ph.c0 + s.w - 1) / s.w;
        FusedRow row{};
        if (fused) {
          const Phase& odd = phases[i + 1];  // column phase 1 of the same row phase
          row = {nullptr, CS, cin_g, {}, ts.cot, cout_g, bg, nullptr, p.Ho * p.Wo, p.Wo};
          for (const Phase* q : {&ph, &odd})
            row.phase[q->c0] = {ws.koff.data() + q->first_tap, int(q->ntaps),
                                ws.weights.data() + g * weight_size + q->weight_offset};
        }
        for (int64_t oh = ph.r0; oh < p.Ho; oh += s.h) {
          const int64_t Q = (oh + pad.h - rho) / s.h;  // input row of the phase's kh*dH == rho tap
          args.in = in + (MT + Q) * RS;
          if (fused) {
            row.in = args.in;
            row.out = yg + oh * p.Wo;
            conv_transpose_row_fused_phases(row);
          } else {
            run_row(ts, args, wph, cout_g, bg, J, yg + oh * p.Wo + ph.c0, p.Ho * p.Wo, s.w);
          }
        }
      }
    }
  ws.trim();
}

}  // namespace convt
