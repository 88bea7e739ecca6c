// The definitions, written as plainly as possible: the oracle every other path is tested
// against. Conv2d gathers (each output reads its window); ConvTranspose2d scatters (each input
// pixel stamps the kernel, scaled, onto the output) — PyTorch's NaiveConvolutionTranspose2d.
#pragma once

#include "problem/problem.hpp"

namespace convt {

// x, w, bias (may be null when !p.has_bias) and y are dense NCHW buffers sized by `p`.
void conv2d_reference(const ConvProblem& p, const float* x, const float* w, const float* bias, float* y);
void conv_transpose2d_reference(const ConvProblem& p, const float* x, const float* w, const float* bias, float* y);

}  // namespace convt
