#include "operators/fast.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <vector>

#include "operators/dwconv3x3.hpp"
#include "problem/axis.hpp"
#include "operators/dwconvT4x4s2.hpp"
#include "reference/reference.hpp"
#include "operators/convT_fused_phases.hpp"
#include "operators/convT_winograd_f2x2_2x2.hpp"
#include "operators/winograd_f2x2_3x3.hpp"
#include "kernels/f32-rowconv.hpp"

namespace convt {
namespace {

constexpr int kMaxTileWidth = 32;            // widest tile of any microkernel: the input overrun margin
constexpr int64_t kKeepWorkspace = 1 << 20;  // floats kept between calls; larger workspaces are freed

using RowKernel = void (*)(const mk::RowConvArgs&);
struct Tile {
  int tw;  // output pixels
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

bool chosen(Choice c, bool applies, bool measured_rule) {
  return applies && (c == Choice::Always || (c == Choice::Measured && measured_rule));
}


// One row segment: J output pixels (pixel j at out[j * out_step]) for all cout_g channels of a
// group (channel co at out + co * out_cstride). `args` holds the input, taps and channel count;
// wpacked is [cout block][cin][K][cot].
void run_row(const TileSet& ts, mk::RowConvArgs args, const float* wpacked, int64_t cout_g, const float* bias,
             int64_t J, float* out, int64_t out_cstride, int64_t out_step) {
  alignas(16) float init[8];
  alignas(16) float tmp[8 * kMaxTileWidth];
  const int64_t block_stride = int64_t(args.cin) * args.K * ts.cot;
  const float* in0 = args.in;
  for (int64_t cb = 0; cb * ts.cot < cout_g; ++cb) {
    const int64_t c0 = cb * ts.cot;
    const int64_t nc = std::min<int64_t>(ts.cot, cout_g - c0);
    for (int c = 0; c < ts.cot; ++c) init[c] = (bias && c < nc) ? bias[c0 + c] : 0.0f;
    args.init = init;
    args.w = wpacked + cb * block_stride;
    int64_t j0 = 0;
    while (j0 < J) {
      const int64_t left = J - j0;
      const Tile* tile = &ts.tiles[ts.count - 1];
      for (int i = 0; i < ts.count; ++i)
        if (ts.tiles[i].tw <= left) {
          tile = &ts.tiles[i];
          break;
        }
      const int64_t nj = std::min<int64_t>(tile->tw, left);
      float* dst = out + c0 * out_cstride + j0 * out_step;
      args.in = in0 + j0;
      if (nj == tile->tw && nc == ts.cot && out_step == 1) {
        args.out = dst;
        args.out_stride = out_cstride;
        tile->fn(args);
      } else {
        args.out = tmp;
        args.out_stride = tile->tw;
        tile->fn(args);
        for (int64_t c = 0; c < nc; ++c)
          for (int64_t j = 0; j < nj; ++j) dst[c * out_cstride + j * out_step] = tmp[c * tile->tw + j];
      }
      j0 += nj;
    }
  }
}

// Packs weights as [cout block][cin_g][taps...][cot] for the listed taps of one group,
// zero-filling channels past cout_g. `at(co, ci, tap)` reads the caller's layout.
template <typename At>
float* pack_weights(float* dst, int64_t cout_g, int64_t cin_g, int cot, const std::vector<int64_t>& taps, At at) {
  for (int64_t b = 0; b * cot < cout_g; ++b)
    for (int64_t ci = 0; ci < cin_g; ++ci)
      for (int64_t t : taps)
        for (int c = 0; c < cot; ++c, ++dst) {
          const int64_t co = b * cot + c;
          *dst = co < cout_g ? at(co, ci, t) : 0.0f;
        }
  return dst;
}

int64_t packed_size(int64_t cout_g, int64_t cin_g, int cot, int64_t taps) {
  return ((cout_g + cot - 1) / cot) * cin_g * taps * cot;
}

// The padded input's rows and columns (conv2d_fast): which input line each holds under the padding
// mode (padded_source; -1: zero). Columns also by stride phase: padded column q*sW + r is input column
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

}  // namespace

void release_workspace() { workspace() = Workspace(); }

namespace {

}  // namespace

void conv2d_fast(const ConvProblem& p, const float* x, const float* w, const float* bias, float* y, FastKernels use) {
  if (p.N == 0) return;
  if (chosen(use.dwconv3x3, dwconv3x3s1_applies(p), dwconv3x3s1_pays(p))) {
    conv2d_dwconv3x3s1(p, x, w, bias, y);  // no padded copy: x is read in place, any padding mode
    return;
  }
  const int64_t cin_g = p.cin_per_group(), cout_g = p.cout_per_group();
  const Pair s = p.opt.stride, d = p.opt.dilation;
  // Input of one image and group, padded, columns split by stride phase r = column % sW:
  //   ws[ci][r][row][q] = padded[ci][row][q * sW + r].
  // Tap (kh, kw) of output (oh, ow) reads padded row oh*sH + kh*dH and column ow*sW + kw*dW,
  // i.e. phase (kw*dW) % sW at index ow + (kw*dW) / sW: contiguous in ow.
  const int64_t Hp = p.H + p.pad_before.h + p.pad_after.h, Wp = p.W + p.pad_before.w + p.pad_after.w;
  const int64_t Wq = (Wp + s.w - 1) / s.w;
  const int64_t RS = Wq + kMaxTileWidth, PS = Hp * RS, CS = s.w * PS;
  const int64_t ws_size = cin_g * CS + kMaxTileWidth;
  if (ws_size > kMaxElements || s.w > kMaxElements) {  // absurd padding or stride: the plain loops suffice
    conv2d_reference(p, x, w, bias, y);
    return;
  }
  Workspace& ws = workspace();
  const TileSet ts = tiles_for(cout_g);
  const int64_t K = p.kH * p.kW;
  // Winograd's transforms subtract pixels (inf - inf = NaN): only for finite data, so that non-finite
  // values still give PyTorch's results.
  const bool winograd = chosen(use.winograd, winograd_applies(p), winograd_pays(p)) &&
                        all_finite(x, p.input_elements()) && all_finite(w, p.weight_elements());
  std::vector<int64_t> all_taps(static_cast<size_t>(K));
  for (int64_t t = 0; t < K; ++t) all_taps[size_t(t)] = t;
  const int64_t group_stride = packed_size(cout_g, cin_g, ts.cot, K);
  if (winograd) {
    ws.weights.resize(size_t(winograd_weights_size(p)));
    winograd_transform_weights(p, w, ws.weights.data());
  } else {
    ws.weights.resize(size_t(p.G * group_stride));
    for (int64_t g = 0; g < p.G; ++g)
      pack_weights(ws.weights.data() + g * group_stride, cout_g, cin_g, ts.cot, all_taps,
                   [&](int64_t co, int64_t ci, int64_t t) { return w[((g * cout_g + co) * cin_g + ci) * K + t]; });
  }
  ws.koff.resize(size_t(K));
  for (int64_t kh = 0; kh < p.kH; ++kh)
    for (int64_t kw = 0; kw < p.kW; ++kw) {
      const int64_t col = kw * d.w;
      ws.koff[size_t(kh * p.kW + kw)] = int32_t(kh * d.h * RS + (col % s.w) * PS + col / s.w);
    }
  ws.input.resize(size_t(ws_size));
  float* in = ws.input.data();
  std::fill(in + cin_g * CS, in + ws_size, 0.0f);
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

void conv_transpose2d_fast(const ConvProblem& p, const float* x, const float* w, const float* bias, float* y,
                           FastKernels use) {
  if (p.N == 0) return;
  const int64_t cin_g = p.cin_per_group(), cout_g = p.cout_per_group();
  const Pair s = p.opt.stride, pad = p.opt.padding, d = p.opt.dilation;
  // Sub-pixel (polyphase) decomposition. Output (oh, ow) receives tap (kh, kw) from input
  // (ih, iw) when oh + pH - kh*dH = ih*sH (and likewise for columns). For output rows
  // oh = r0 + i*sH and columns ow = c0 + j*sW (one phase), the taps with kh*dH = r0 + pH and
  // kw*dW = c0 + pW (mod s) read input row Q(oh) - dq(kh) and column iw0(kw) + j: a stride-1
  // convolution of the un-stuffed input with that phase's sub-kernel. No inserted zero is
  // ever multiplied. The input is copied with zero margins so every tap stays in the buffer.
  // Winograd's transforms subtract pixels (inf - inf = NaN): only for finite data (the weights are
  // checked below), so that non-finite values still give PyTorch's results.
  const bool winograd = chosen(use.winograd, winograd_convT_applies(p), winograd_convT_pays(p)) &&
                        all_finite(x, p.input_elements());
  const int64_t MT = std::max<int64_t>(0, -floor_div(pad.h - (p.kH - 1) * d.h, s.h));
  const int64_t MB = std::max<int64_t>(0, (p.Ho - 1 + pad.h) / s.h - (p.H - 1)) + (winograd ? kWinogradConvTExtraRows : 0);
  const int64_t ML = std::max<int64_t>(0, -floor_div(pad.w - (p.kW - 1) * d.w, s.w));
  const int64_t MR = std::max<int64_t>(0, (p.Wo - 1 + pad.w) / s.w - (p.W - 1)) + kMaxTileWidth;
  const int64_t RS = ML + p.W + MR, HT = MT + p.H + MB, CS = HT * RS;
  const int64_t ws_size = cin_g * CS + kMaxTileWidth;
  const int64_t row_phases = std::min(s.h, p.Ho), col_phases = std::min(s.w, p.Wo);
  // The zero margins below are multiplied by the weights; PyTorch's ConvT multiplies only real
  // pixels. The two differ only when a weight is infinite or NaN (0 * inf): then, and for
  // absurd sizes, the scatter loops give PyTorch's answer.
  bool finite_weights = true;
  for (int64_t i = 0, n = p.weight_elements(); i < n && finite_weights; ++i) finite_weights = std::isfinite(w[i]);
  if (!finite_weights || ws_size > kMaxElements || row_phases * col_phases > kMaxElements) {
    conv_transpose2d_reference(p, x, w, bias, y);
    return;
  }
  if (chosen(use.dwconvT4x4s2, dwconvT4x4s2_applies(p), dwconvT4x4s2_pays(p))) {
    conv_transpose2d_dwconvT4x4s2(p, x, w, bias, y);  // no padded copy: x is read in place
    return;
  }
  Workspace& ws = workspace();
  const TileSet ts = tiles_for(cout_g);
  const int64_t K = p.kH * p.kW;
  // Column stride 2: both column phases of a row in one pass, stored interleaved.
  const bool fused = chosen(use.fused_phases, s.w == 2 && col_phases == 2 && fused_phases_support(ts.cot),
                            fused_phases_pay(p));

  // Each tap (kh, kw) belongs to exactly one phase (r0, c0): list the taps per phase, with
  // their offsets, and pack each group's weights phase by phase.
  struct Phase {
    int64_t r0, c0, first_tap, ntaps, weight_offset;
  };
  std::vector<Phase> phases;
  std::vector<int64_t> taps;
  phases.reserve(size_t(row_phases * col_phases));
  ws.koff.clear();
  int64_t weight_size = 0;
  for (int64_t r0 = 0; r0 < row_phases; ++r0) {
    const int64_t rho = floor_mod(r0 + pad.h, s.h);
    for (int64_t c0 = 0; c0 < col_phases; ++c0) {
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
      for (const Phase& ph : phases) {
        const std::vector<int64_t> ph_taps(taps.begin() + ph.first_tap, taps.begin() + ph.first_tap + ph.ntaps);
        pack_weights(ws.weights.data() + g * weight_size + ph.weight_offset, cout_g, cin_g, ts.cot, ph_taps,
                     [&](int64_t co, int64_t ci, int64_t t) { return w[((g * cin_g + ci) * cout_g + co) * K + t]; });
      }
  }

  ws.input.resize(size_t(ws_size));
  float* in = ws.input.data();
  std::fill(in + cin_g * CS, in + ws_size, 0.0f);
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
