// Channel-wise ConvTranspose2d with a 4x4 kernel at stride 2 (the usual x2 upsampling of
// single-channel images and of the image view's RGB picture) without a padded copy: the input is
// read in place, rows outside the image are a shared row of zeros, and each output row is
// computed in one pass over its even and odd columns, which share their input loads. Runs the
// f32_dwconvT2d_4x4s2 microkernel; the few tiles at the left and right edges and a partial last
// tile go through a small zero-padded copy of their columns.
#pragma once

#include "problem/problem.hpp"

namespace convt {

// ConvTranspose2d, 4x4, stride 2, dilation 1, one input and one output channel per group, any
// padding and output_padding.
bool dwconvT4x4s2_applies(const ConvProblem& p);

// The weights must be finite (the caller checks): inserted and padding zeros are multiplied by
// them, which PyTorch's scatter never does (0 * inf would give NaN where PyTorch gives a number).
void conv_transpose2d_dwconvT4x4s2(const ConvProblem& p, const float* x, const float* w, const float* bias, float* y);

}  // namespace convt
