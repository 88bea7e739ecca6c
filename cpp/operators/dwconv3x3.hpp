// Channel-wise 3x3 stride-1 Conv2d without a padded copy: each output channel reads one input
// channel (single-channel images, depthwise filters such as the image view's RGB blur), the
// input is read in place, and rows outside the image are the padding mode's rows (or a shared
// row of zeros). Runs the f32_dwconv2d_3x3s1 microkernel; the few tiles that touch the left or
// right edge go through a small copy of their columns, padded by the padding mode.
#pragma once

#include "problem/problem.hpp"

namespace convt {

// Conv2d, 3x3, stride 1, dilation 1, one input and one output channel per group, padding 0 or 1
// on each axis, any padding mode.
bool dwconv3x3s1_applies(const ConvProblem& p);

void conv2d_dwconv3x3s1(const ConvProblem& p, const float* x, const float* w, const float* bias, float* y);

}  // namespace convt
