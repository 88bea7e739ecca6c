#include "conv_fast.hpp"

#include <algorithm>
#include <cstring>
#include <vector>

#include "conv_reference.hpp"
#include "microkernels.hpp"

namespace convt {
namespace {

constexpr int kMaxTileWidth = 16;        // widest tile of any microkernel: the input overrun margin
constexpr int64_t kKeepWorkspace = 1 << 20;  // floats kept between calls; larger workspaces are freed

using RowKernel = void (*)(const float*, const int32_t*, const int32_t*, int, const float*, const float*, float*,
                           int64_t);
struct TileKernel {
  int cot;  // output channels per tile
  int tw;   // output pixels per tile
  RowKernel fn;
};

TileKernel pick_kernel(int64_t cout_per_group) {
  if (cout_per_group == 1) return {1, 16, mk::f32_rowconv_1x16};
  return {4, 12, mk::f32_rowconv_4x12};
}

// Reused between calls so a call allocates nothing once warm.
struct Workspace {
  std::vector<float> input;    // padded / phase-split input of one group
  std::vector<float> weights;  // packed weights of all groups
  std::vector<int32_t> in_off, w_off;
  void trim() {
    if (input.capacity() > size_t(kKeepWorkspace)) std::vector<float>().swap(input);
    if (weights.capacity() > size_t(kKeepWorkspace)) std::vector<float>().swap(weights);
    if (in_off.capacity() > size_t(kKeepWorkspace)) std::vector<int32_t>().swap(in_off);
    if (w_off.capacity() > size_t(kKeepWorkspace)) std::vector<int32_t>().swap(w_off);
  }
};
Workspace& workspace() {
  static Workspace ws;
  return ws;
}

int64_t floor_div(int64_t a, int64_t b) {
  int64_t q = a / b;
  return (a % b != 0 && a < 0) ? q - 1 : q;
}

// Packs weights as [group][cout block][cin_g][kH][kW][cot], zero-filling channels past cout_g.
// `at(g, co, ci, tap)` reads the caller's layout.
template <typename At>
void pack_weights(const ConvProblem& p, int cot, At at, std::vector<float>* out) {
  const int64_t cin_g = p.cin_per_group(), cout_g = p.cout_per_group(), taps = p.kH * p.kW;
  const int64_t blocks = (cout_g + cot - 1) / cot;
  out->assign(size_t(p.G * blocks * cin_g * taps * cot), 0.0f);
  float* dst = out->data();
  for (int64_t g = 0; g < p.G; ++g)
    for (int64_t b = 0; b < blocks; ++b)
      for (int64_t ci = 0; ci < cin_g; ++ci)
        for (int64_t t = 0; t < taps; ++t, dst += cot)
          for (int c = 0; c < cot; ++c) {
            const int64_t co = b * cot + c;
            if (co < cout_g) dst[c] = at(g, co, ci, t);
          }
}

// Runs the tile kernel over one row segment of J output pixels for all output channels of a group.
// Output pixel j of channel co goes to out[co * out_cstride + j * out_step].
void run_row(const TileKernel& k, const float* in, const int32_t* in_off, const int32_t* w_off, int ntaps,
             const float* wpacked, int64_t block_stride, int64_t cout_g, const float* bias, int64_t J, float* out,
             int64_t out_cstride, int64_t out_step) {
  float init[8];
  float tmp[8 * kMaxTileWidth];
  for (int64_t cb = 0; cb * k.cot < cout_g; ++cb) {
    const int64_t c0 = cb * k.cot;
    const int64_t nc = std::min<int64_t>(k.cot, cout_g - c0);
    for (int c = 0; c < k.cot; ++c) init[c] = (bias && c < nc) ? bias[c0 + c] : 0.0f;
    const float* wb = wpacked + cb * block_stride;
    for (int64_t j0 = 0; j0 < J; j0 += k.tw) {
      const int64_t nj = std::min<int64_t>(k.tw, J - j0);
      float* dst = out + c0 * out_cstride + j0 * out_step;
      if (nj == k.tw && nc == k.cot && out_step == 1) {
        k.fn(in + j0, in_off, w_off, ntaps, wb, init, dst, out_cstride);
      } else {
        k.fn(in + j0, in_off, w_off, ntaps, wb, init, tmp, k.tw);
        for (int64_t c = 0; c < nc; ++c)
          for (int64_t j = 0; j < nj; ++j) dst[c * out_cstride + j * out_step] = tmp[c * k.tw + j];
      }
    }
  }
}

}  // namespace

void release_workspace() {
  Workspace& ws = workspace();
  ws = Workspace();
}

void conv2d_fast(const ConvProblem& p, const float* x, const float* w, const float* bias, float* y) {
  if (p.N == 0) return;
  const int64_t cin_g = p.cin_per_group(), cout_g = p.cout_per_group();
  const Pair s = p.opt.stride, pad = p.opt.padding, d = p.opt.dilation;
  // Input of one group, columns zero-padded and split by stride phase r = column % sW:
  //   ws[ci][r][ih][q] = padded[ci][ih][q * sW + r].
  // Tap (kh, kw) of output (oh, ow) reads padded column ow*sW + kw*dW = phase (kw*dW) % sW,
  // index ow + (kw*dW) / sW: contiguous in ow. Rows are not padded: taps on padding rows are dropped.
  const int64_t Wp = p.W + 2 * pad.w;
  const int64_t Wq = (Wp + s.w - 1) / s.w;
  const int64_t RS = Wq + kMaxTileWidth, PS = p.H * RS, CS = s.w * PS;
  const int64_t ws_size = cin_g * CS + kMaxTileWidth;
  if (ws_size > kMaxElements || s.w > kMaxElements) {  // absurd padding or stride: the plain loops are enough
    conv2d_reference(p, x, w, bias, y);
    return;
  }
  Workspace& ws = workspace();
  const TileKernel k = pick_kernel(cout_g);
  const int64_t taps = p.kH * p.kW;
  pack_weights(p, k.cot, [&](int64_t g, int64_t co, int64_t ci, int64_t t) {
    return w[((g * cout_g + co) * cin_g + ci) * taps + t];
  }, &ws.weights);
  const int64_t block_stride = cin_g * taps * k.cot;
  const int64_t group_stride = ((cout_g + k.cot - 1) / k.cot) * block_stride;
  ws.input.resize(size_t(ws_size));
  ws.in_off.resize(size_t(cin_g * taps));
  ws.w_off.resize(size_t(cin_g * taps));

  for (int64_t n = 0; n < p.N; ++n)
    for (int64_t g = 0; g < p.G; ++g) {
      float* in = ws.input.data();
      std::fill(ws.input.begin(), ws.input.end(), 0.0f);
      for (int64_t ci = 0; ci < cin_g; ++ci)
        for (int64_t ih = 0; ih < p.H; ++ih) {
          const float* src = x + ((n * p.Cin + g * cin_g + ci) * p.H + ih) * p.W;
          float* row = in + ci * CS + ih * RS;
          for (int64_t iw = 0; iw < p.W; ++iw) {
            const int64_t c = iw + pad.w;
            row[(c % s.w) * PS + c / s.w] = src[iw];
          }
        }
      for (int64_t oh = 0; oh < p.Ho; ++oh) {
        int ntaps = 0;
        for (int64_t ci = 0; ci < cin_g; ++ci)
          for (int64_t kh = 0; kh < p.kH; ++kh) {
            const int64_t ih = oh * s.h - pad.h + kh * d.h;
            if (ih < 0 || ih >= p.H) continue;  // a padding row: contributes zero
            for (int64_t kw = 0; kw < p.kW; ++kw) {
              const int64_t col = kw * d.w;
              ws.in_off[ntaps] = int32_t(ci * CS + (col % s.w) * PS + ih * RS + col / s.w);
              ws.w_off[ntaps] = int32_t(((ci * p.kH + kh) * p.kW + kw) * k.cot);
              ++ntaps;
            }
          }
        run_row(k, in, ws.in_off.data(), ws.w_off.data(), ntaps, ws.weights.data() + g * group_stride, block_stride,
                cout_g, bias ? bias + g * cout_g : nullptr, p.Wo, y + ((n * p.Cout + g * cout_g) * p.Ho + oh) * p.Wo,
                p.Ho * p.Wo, 1);
      }
    }
  ws.trim();
}

void conv_transpose2d_fast(const ConvProblem& p, const float* x, const float* w, const float* bias, float* y) {
  if (p.N == 0) return;
  const int64_t cin_g = p.cin_per_group(), cout_g = p.cout_per_group();
  const Pair s = p.opt.stride, pad = p.opt.padding, d = p.opt.dilation;
  // Output (oh, ow) receives tap (kh, kw) from input (ih, iw) when oh = ih*sH - pH + kh*dH (and
  // likewise for columns). For a fixed output column phase c0 (ow = c0 + j*sW), the taps kw with
  // (c0 + pW - kw*dW) divisible by sW read input column iw0(kw) + j: a stride-1 convolution.
  // The input is copied with ML zero columns on the left and MR on the right so iw0 + j never
  // leaves the buffer; rows are not padded (taps whose input row is outside are dropped).
  const int64_t ML = std::max<int64_t>(0, -floor_div(pad.w - (p.kW - 1) * d.w, s.w));
  const int64_t MR = std::max<int64_t>(0, (p.Wo - 1 + pad.w) / s.w + 1 - (p.W - 1)) + kMaxTileWidth;
  const int64_t RS = ML + p.W + MR, CS = p.H * RS;
  const int64_t ws_size = cin_g * CS + kMaxTileWidth;
  if (ws_size > kMaxElements) {  // absurd dilation: the plain loops are enough
    conv_transpose2d_reference(p, x, w, bias, y);
    return;
  }
  Workspace& ws = workspace();
  const TileKernel k = pick_kernel(cout_g);
  const int64_t taps = p.kH * p.kW;
  pack_weights(p, k.cot, [&](int64_t g, int64_t co, int64_t ci, int64_t t) {
    return w[((g * cin_g + ci) * cout_g + co) * taps + t];
  }, &ws.weights);
  const int64_t block_stride = cin_g * taps * k.cot;
  const int64_t group_stride = ((cout_g + k.cot - 1) / k.cot) * block_stride;
  ws.input.resize(size_t(ws_size));
  ws.in_off.resize(size_t(cin_g * taps));
  ws.w_off.resize(size_t(cin_g * taps));
  std::vector<int64_t> row_kh, row_ih;  // valid (kh, ih) of the current output row
  row_kh.reserve(size_t(p.kH));
  row_ih.reserve(size_t(p.kH));
  const int64_t phases = std::min(s.w, p.Wo);

  for (int64_t n = 0; n < p.N; ++n)
    for (int64_t g = 0; g < p.G; ++g) {
      float* in = ws.input.data();
      std::fill(ws.input.begin(), ws.input.end(), 0.0f);
      for (int64_t ci = 0; ci < cin_g; ++ci)
        for (int64_t ih = 0; ih < p.H; ++ih)
          std::memcpy(in + ci * CS + ih * RS + ML, x + ((n * p.Cin + g * cin_g + ci) * p.H + ih) * p.W,
                      size_t(p.W) * sizeof(float));
      const float* wg = ws.weights.data() + g * group_stride;
      const float* bg = bias ? bias + g * cout_g : nullptr;
      for (int64_t oh = 0; oh < p.Ho; ++oh) {
        row_kh.clear();
        row_ih.clear();
        for (int64_t kh = 0; kh < p.kH; ++kh) {
          const int64_t num = oh + pad.h - kh * d.h;
          if (num < 0 || num % s.h != 0 || num / s.h >= p.H) continue;
          row_kh.push_back(kh);
          row_ih.push_back(num / s.h);
        }
        float* out_row = y + ((n * p.Cout + g * cout_g) * p.Ho + oh) * p.Wo;
        for (int64_t c0 = 0; c0 < phases; ++c0) {
          int ntaps = 0;
          for (int64_t ci = 0; ci < cin_g; ++ci)
            for (size_t r = 0; r < row_kh.size(); ++r)
              for (int64_t kw = 0; kw < p.kW; ++kw) {
                const int64_t num = c0 + pad.w - kw * d.w;
                const int64_t iw0 = floor_div(num, s.w);
                if (iw0 * s.w != num) continue;  // this tap lands on another column phase
                ws.in_off[ntaps] = int32_t(ci * CS + row_ih[r] * RS + ML + iw0);
                ws.w_off[ntaps] = int32_t(((ci * p.kH + row_kh[r]) * p.kW + kw) * k.cot);
                ++ntaps;
              }
          const int64_t J = (p.Wo - c0 + s.w - 1) / s.w;
          run_row(k, in, ws.in_off.data(), ws.w_off.data(), ntaps, wg, block_stride, cout_g, bg, J, out_row + c0,
                  p.Ho * p.Wo, s.w);
        }
      }
    }
  ws.trim();
}

}  // namespace convt
