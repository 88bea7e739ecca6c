// The fast paths: operators that turn a validated ConvProblem into tap lists and run the
// microkernels of microkernels.hpp. Conv2d splits the padded input's columns by stride phase so
// every tap reads contiguous pixels; ConvTranspose2d uses the sub-pixel (polyphase)
// decomposition: each output row and column phase is a stride-1 convolution of the
// un-stuffed input with the taps of that phase, so no inserted zero is ever multiplied.
#pragma once

#include "conv_geometry.hpp"

namespace convt {

void conv2d_fast(const ConvProblem& p, const float* x, const float* w, const float* bias, float* y);
void conv_transpose2d_fast(const ConvProblem& p, const float* x, const float* w, const float* bias, float* y);

// Frees the workspace the fast paths keep between calls (memory returns to its baseline).
void release_workspace();

}  // namespace convt
