#include "operators/fast.hpp"

#include <string>

#include "kernels/simd.hpp"
#include "operators/convT_winograd_f2x2_2x2.hpp"
#include "operators/direct.hpp"
#include "operators/dwconv3x3.hpp"
#include "operators/dwconvT4x4s2.hpp"
#include "operators/winograd_f2x2_3x3.hpp"
#include "reference/reference.hpp"

namespace convt {

namespace {

// x - x is 0 for every finite x and NaN for an infinity or a NaN.
bool all_finite(const float* v, int64_t n) {
  mk::v4f acc = mk::splat4(0.0f);
  int64_t i = 0;
  for (; i + 4 <= n; i += 4) {
    const mk::v4f x = mk::load4(v + i);
    acc += x - x;
  }
  float tail = 0.0f;
  for (; i < n; ++i) tail += v[i] - v[i];
  return acc[0] == 0.0f && acc[1] == 0.0f && acc[2] == 0.0f && acc[3] == 0.0f && tail == 0.0f;
}

bool always(const ConvProblem&) { return true; }

// ---- Conv2d ----------------------------------------------------------------------------------------

// Channel-wise 3x3 stride 1 (single-channel images, depthwise filters such as the image view's RGB
// blur), input read in place in every padding mode; f32_dwconv2d_3x3s1_2x4.
bool dwconv3x3_applies(const FastCall& c) { return dwconv3x3s1_applies(c.p); }
// Measured against the direct kernels (tools/bench-kernels.sh dwconv, 2026-11-26): 1.4-3.8x faster
// from 1x1 to 512x512 (512x512: 192 vs 311 us), equal on 1x512. Rule: wherever it applies.
bool dwconv3x3_pays(const ConvProblem&) { return true; }
void dwconv3x3_run(const FastCall& c) { conv2d_dwconv3x3s1(c.p, c.x, c.w, c.bias, c.y); }

// Winograd F(2x2, 3x3) on the direct path's padded copy (3x3, stride 1, dilation 1); transforms in
// f32-winograd-f2x2-3x3.hpp, products by f32_gemm_4x8. It subtracts pixels (inf - inf = NaN), so it
// runs on finite data only and non-finite values still give PyTorch's results.
bool winograd3x3_applies(const FastCall& c) {
  return winograd_applies(c.p) && phase_split_fits(c.p) && c.input_finite() && c.weights_finite();
}
// Measured in Node 20 with tools/bench-kernels.sh winograd (2-core AMD EPYC VM, 2026-11-26;
// direct time / Winograd time, 3x3 s1 p1, one group):
//   64->64: 56x56 2.54x, 16x16 2.11x, 8x8 1.50x, 4x4 0.92x, 2x2 0.76x;   32->32: 56x56 2.03x, 8x8 1.29x
//   16->16: 16x16 1.38x, 8x8 1.12x, 6x10 1.08x;   8->8: 56x56 1.23x, 12x24 1.10x, 16x16 1.13x, 8x8 0.95x
//   4->4: 56x56 0.94x, 16x16 0.91x;   2->2, 6->6: 0.93-1.33x;   1->1: 0.5-0.8x
//   few outputs: 16->4 16x16 0.97x, 32->2 16x16 0.99x, 24->3 16x16 0.99x (56x56: 1.03-1.16x)
//   few inputs: 2->32 16x16 1.09x, 4->16 16x16 1.18x, 3->24 16x16 1.16x, 4->64 56x56 1.46x
// Rule: at least 8 output channels (the products run 4 output channels at a time, like the
// direct kernels, and the transforms cost per input and output channel), at least 64 channel
// pairs, and enough output pixels to pay for the weight transform: 256, or 64 from 256 pairs on.
bool winograd3x3_pays(const ConvProblem& p) {
  const int64_t pairs = p.cin_per_group() * p.cout_per_group(), pixels = p.Ho * p.Wo;
  return p.cout_per_group() >= 8 && pairs >= 64 && pixels >= (pairs >= 256 ? 64 : 256);
}
void winograd3x3_run(const FastCall& c) { conv2d_phase_split(c.p, c.x, c.w, c.bias, c.y, PhaseSplitKernels::Winograd); }

// The direct kernels, f32_rowconv_<channels>x<pixels>, on the padded input split by column stride
// phase: any Conv2d whose copy fits the element cap. They stay tested on every shape.
bool direct_applies(const FastCall& c) { return phase_split_fits(c.p); }
void direct_run(const FastCall& c) { conv2d_phase_split(c.p, c.x, c.w, c.bias, c.y, PhaseSplitKernels::Direct); }

// ---- ConvTranspose2d -------------------------------------------------------------------------------

// The polyphase paths multiply the zero margins of their copy by the weights; PyTorch multiplies
// only real pixels. The two differ only for an infinite or NaN weight (0 * inf): then, and for
// copies past the cap, the scatter loops give PyTorch's answer.
bool polyphase_copy_applies(const FastCall& c, PolyphaseKernels kernels) {
  return polyphase_fits(c.p, kernels) && c.weights_finite();
}

// Channel-wise 4x4 stride 2 (single-channel x2 upsampling, the image view's RGB x2), input read in
// place, both column phases of a row in one pass; f32_dwconvT2d_4x4s2_1x8. Its edge steps multiply
// zeros too: finite weights only.
bool dwconvT4x4s2_path_applies(const FastCall& c) { return dwconvT4x4s2_applies(c.p) && c.weights_finite(); }
// Measured in Node 20 with tools/bench-kernels.sh dwconvT (2-core AMD EPYC VM, 2026-11-26; time of
// the fused column phases / time of this path, k4 s2 p1 unless noted):
//   1->1: 1x1 3.8x, 4x4 3.1x, 8x8 1.7x, 16x16 0.98x, 64x64 1.23x, 192x192 1.68x, 512x512 1.97x
//   1->1 64x64 p0 1.66x, 1x512 2.4x, 512x1 2.3x;   RGB depthwise 192x192 1.70x, 512x512 2.5-2.85x
// (no padded copy of the input, one load per input vector for both column phases, no tile buffer).
// Rule: wherever it applies.
bool dwconvT4x4s2_pays(const ConvProblem&) { return true; }
void dwconvT4x4s2_run(const FastCall& c) { conv_transpose2d_dwconvT4x4s2(c.p, c.x, c.w, c.bias, c.y); }

// Winograd F(2x2, 2x2) on the four phases of a 4x4 stride-2 ConvTranspose2d (generator and decoder
// layers); transforms in f32-winograd-f2x2-2x2.hpp, products by f32_gemm_4x8. Finite data only.
bool winograd2x2_applies(const FastCall& c) {
  return winograd_convT_applies(c.p) && polyphase_copy_applies(c, PolyphaseKernels::Winograd) && c.input_finite();
}
// Measured in Node 20 with tools/bench-kernels.sh winogradT (2-core AMD EPYC VM, 2026-11-26; time
// of the fused column phases / time of this path, k4 s2 p1, input n x n, one group):
//   32->16: 4x4 0.69x, 8x8 1.08x, 16x16 1.35x, 32x32 1.51x, 64x64 1.62x (case C)
//   64->32: 4x4 0.82x, 8x8 1.13x, 16x16 1.53x, 64x64 2.04x;   128->64: 8x8 1.20x, 32x32 2.03x
//   16->8: 8x8 0.96x, 16x16 1.11x, 64x64 1.27x;   8->8: 8x8 0.93x, 16x16 1.07x, 64x64 1.21x
//   16->3, 3->16: 8x8 0.91-0.93x, 16x16 1.05-1.08x, 64x64 1.08-1.17x
//   8->4: 0.69-1.02x;   4->4: 0.68-0.96x
// Rule: at least 48 channel pairs and a 16x16 input, or 512 pairs and an 8x8 input (the
// transforms and the weight transform cost per tile and per channel pair).
bool winograd2x2_pays(const ConvProblem& p) {
  const int64_t pairs = p.cin_per_group() * p.cout_per_group(), pixels = p.H * p.W;
  return (pairs >= 48 && pixels >= 256) || (pairs >= 512 && pixels >= 64);
}
void winograd2x2_run(const FastCall& c) {
  conv_transpose2d_polyphase(c.p, c.x, c.w, c.bias, c.y, PolyphaseKernels::Winograd);
}

// Column stride 2: both column phases of a row in one pass, stored interleaved
// (f32_convT_polyphase_fused_<channels>x<pixels>).
bool fused_applies(const FastCall& c) {
  return fused_phases_apply(c.p) && polyphase_copy_applies(c, PolyphaseKernels::FusedPhases);
}
// Measured against the per-phase path (tools/bench-kernels.sh fused, 2026-11-26): 1.05-2.3x faster
// (case C 1.13x, 512x512 one channel 2.2x, D 1.9x), 0.84-1.08x on 4->2 channels 64x64 (the one
// shape not faster, in noise). Rule: wherever it applies.
bool fused_pays(const ConvProblem&) { return true; }
void fused_run(const FastCall& c) {
  conv_transpose2d_polyphase(c.p, c.x, c.w, c.bias, c.y, PolyphaseKernels::FusedPhases);
}

// One stride-1 convolution per output phase by the f32_rowconv tiles: any ConvTranspose2d whose
// copy fits the cap, with finite weights.
bool polyphase_applies(const FastCall& c) { return polyphase_copy_applies(c, PolyphaseKernels::PerPhase); }
void polyphase_run(const FastCall& c) {
  conv_transpose2d_polyphase(c.p, c.x, c.w, c.bias, c.y, PolyphaseKernels::PerPhase);
}

// ---- Both: the definitions, for what no path above computes exactly -----------------------------

bool reference_applies(const FastCall&) { return true; }
void reference_conv_run(const FastCall& c) { conv2d_reference(c.p, c.x, c.w, c.bias, c.y); }
void reference_convT_run(const FastCall& c) { conv_transpose2d_reference(c.p, c.x, c.w, c.bias, c.y); }

constexpr FastPath kFastPaths[] = {
    {"dwconv-3x3s1", Op::Conv2d, dwconv3x3_applies, dwconv3x3_pays, dwconv3x3_run},
    {"winograd-f2x2-3x3", Op::Conv2d, winograd3x3_applies, winograd3x3_pays, winograd3x3_run},
    {"direct", Op::Conv2d, direct_applies, always, direct_run},
    {"reference", Op::Conv2d, reference_applies, always, reference_conv_run},
    {"dwconvT-4x4s2", Op::ConvTranspose2d, dwconvT4x4s2_path_applies, dwconvT4x4s2_pays, dwconvT4x4s2_run},
    {"winograd-f2x2-2x2", Op::ConvTranspose2d, winograd2x2_applies, winograd2x2_pays, winograd2x2_run},
    {"polyphase-fused-s2", Op::ConvTranspose2d, fused_applies, fused_pays, fused_run},
    {"polyphase", Op::ConvTranspose2d, polyphase_applies, always, polyphase_run},
    {"reference", Op::ConvTranspose2d, reference_applies, always, reference_convT_run},
};

}  // namespace

bool FastCall::input_finite() const {
  if (input_finite_ < 0) input_finite_ = all_finite(x, p.input_elements());
  return input_finite_;
}

bool FastCall::weights_finite() const {
  if (weights_finite_ < 0) weights_finite_ = all_finite(w, p.weight_elements());
  return weights_finite_;
}

FastPaths fast_paths() { return {std::begin(kFastPaths), std::end(kFastPaths)}; }

const FastPath* find_fast_path(Op op, std::string_view name) {
  for (const FastPath& path : kFastPaths)
    if (path.op == op && name == path.name) return &path;
  return nullptr;
}

const FastPath& choose_fast_path(const FastCall& call) {
  for (const FastPath& path : kFastPaths)
    if (path.op == call.p.op && path.pays(call.p) && path.applies(call)) return path;
  return kFastPaths[0];  // not reached: the reference entries apply to every call
}

void run_fast(const FastCall& call) {
  if (call.p.N == 0) return;
  choose_fast_path(call).run(call);
}

Error run_fast_path(std::string_view name, const FastCall& call) {
  const FastPath* path = find_fast_path(call.p.op, name);
  const char* op = call.p.op == Op::Conv2d ? "conv2d" : "conv_transpose2d";
  if (!path) return make_error("fastPath", op + std::string(" has no fast path '") + std::string(name) + "'");
  if (!path->applies(call))
    return make_error("fastPath", "the fast path '" + std::string(name) + "' does not apply to this " + op + " call");
  if (call.p.N > 0) path->run(call);
  return {};
}

}  // namespace convt
