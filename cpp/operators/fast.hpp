// The fast paths: operators that turn a validated ConvProblem into tap lists and run the
// microkernels of microkernels.hpp. Conv2d splits the padded input's columns by stride phase so
// every tap reads contiguous pixels; ConvTranspose2d uses the sub-pixel (polyphase)
// decomposition: each output row and column phase is a stride-1 convolution of the
// un-stuffed input with the taps of that phase, so no inserted zero is ever multiplied.
// This file is also the dispatcher: it picks a specialised path where a measured rule says it
// pays (conv_dwconv3x3, conv_winograd, conv_transpose_fused, conv_dwconvT4x4s2,
// conv_transpose_winograd) and the direct kernels otherwise.
#pragma once

#include "problem/problem.hpp"

namespace convt {

// Whether a specialised path may run: by its measured rule (the default), never (the direct
// kernels, which stay tested), or whenever it applies at all (to test it on every shape).
enum class Choice { Measured, Never, Always };
struct FastKernels {
  Choice dwconv3x3 = Choice::Measured;     // channel-wise 3x3 stride 1, input read in place
  Choice winograd = Choice::Measured;      // Winograd: F(2x2, 3x3) for Conv2d, F(2x2, 2x2) for ConvT 4x4 s2
  Choice fused_phases = Choice::Measured;  // ConvT column stride 2: both column phases per pass
  Choice dwconvT4x4s2 = Choice::Measured;  // channel-wise ConvT 4x4 stride 2, input read in place

  // The direct kernels alone, or with one specialised path wherever it applies (tests, benchmarks).
  static FastKernels direct() { return {Choice::Never, Choice::Never, Choice::Never, Choice::Never}; }
  static FastKernels only(Choice FastKernels::*path) {
    FastKernels k = direct();
    k.*path = Choice::Always;
    return k;
  }
};

void conv2d_fast(const ConvProblem& p, const float* x, const float* w, const float* bias, float* y,
                 FastKernels use = {});
void conv_transpose2d_fast(const ConvProblem& p, const float* x, const float* w, const float* bias, float* y,
                           FastKernels use = {});

// Frees the workspace the fast paths keep between calls (memory returns to its baseline).
void release_workspace();

}  // namespace convt
