// ConvT Lab's C++ API: Conv2d and ConvTranspose2d with PyTorch's semantics on NCHW float32.
// No exceptions: every entry point returns an Error that is empty on success.
#pragma once

#include <vector>

#include "conv_explain.hpp"
#include "conv_geometry.hpp"

namespace convt {

// Which implementation computes the values. All give the same numbers (to float rounding);
// Fast is the default, the others exist to teach and to test.
enum class Path {
  Fast,       // SIMD microkernels; polyphase ConvT
  Reference,  // the definitions: gather (Conv2d), scatter (ConvTranspose2d)
  Stuffed,    // ConvT only: zero-stuffed input * flipped kernel, stride 1 (Conv2d: same as Reference)
};

struct Tensor {
  std::vector<int64_t> shape;
  std::vector<float> data;
};

// Computes a planned problem into y (p.output_elements() floats, every one written).
Error execute_conv(const ConvProblem& p, Path path, const float* x, const float* w, const float* bias, float* y);

// The raw entry: data by pointer, lengths checked against shapes.
// bias may be null (bias_len is then ignored). On success y and y_shape are filled.
Error run_conv(Op op, Path path, const float* x, const std::vector<int64_t>& x_shape, int64_t x_len, const float* w,
               const std::vector<int64_t>& w_shape, int64_t w_len, const float* bias, int64_t bias_len,
               const ConvOptions& opt, std::vector<float>* y, std::vector<int64_t>* y_shape);

Error conv2d(const Tensor& x, const Tensor& w, const Tensor* bias, const ConvOptions& opt, Tensor* y,
             Path path = Path::Fast);
Error conv_transpose2d(const Tensor& x, const Tensor& w, const Tensor* bias, const ConvOptions& opt, Tensor* y,
                       Path path = Path::Fast);

}  // namespace convt
