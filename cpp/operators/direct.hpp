// The direct operators, which run on a copy of the input laid out so that every kernel tap reads
// contiguous pixels, and the paths that share that copy:
//  - Conv2d: the padded input with its columns split by stride phase, run by the f32_rowconv
//    tiles (direct), or by Winograd F(2x2, 3x3) (winograd_f2x2_3x3.hpp) on the same copy.
//  - ConvTranspose2d: the sub-pixel (polyphase) decomposition. Each output row and column phase is
//    a stride-1 convolution of the un-stuffed input with the taps of that phase, so no inserted
//    zero is ever multiplied; the input is copied with zero margins so every tap stays inside the
//    copy. Run per phase by the f32_rowconv tiles, both column phases at once for a column stride
//    of 2 (convT_fused_phases.hpp), or by Winograd F(2x2, 2x2) for a 4x4 kernel at stride 2
//    (convT_winograd_f2x2_2x2.hpp).
// The copy and the packed weights live in a workspace kept between calls (release_workspace()).
#pragma once

#include "problem/problem.hpp"

namespace convt {

enum class PhaseSplitKernels { Direct, Winograd };
// Whether the phase-split copy of the input fits the element cap (absurd padding or stride: no).
bool phase_split_fits(const ConvProblem& p);
void conv2d_phase_split(const ConvProblem& p, const float* x, const float* w, const float* bias, float* y,
                        PhaseSplitKernels kernels);

enum class PolyphaseKernels { PerPhase, FusedPhases, Winograd };
// Whether the zero-margined copy of the input (Winograd's two rows more) fits the element cap.
bool polyphase_fits(const ConvProblem& p, PolyphaseKernels kernels);
// Whether the fused column phases compute this call: column stride 2, at least 2 output columns,
// and a fused kernel for its output channel blocking.
bool fused_phases_apply(const ConvProblem& p);
// The zero margins of the copy are multiplied by the weights, which PyTorch's ConvTranspose2d never
// does: the weights must be finite (0 * inf is NaN). The caller checks.
void conv_transpose2d_polyphase(const ConvProblem& p, const float* x, const float* w, const float* bias, float* y,
                                PolyphaseKernels kernels);

}  // namespace convt
