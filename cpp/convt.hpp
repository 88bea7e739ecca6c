// ConvT Lab's C++ API: Conv2d and ConvTranspose2d with PyTorch's semantics on NCHW float32.
// No exceptions: every entry point returns an Error that is empty on success.
#pragma once

#include <cstdlib>
#include <memory>
#include <string_view>
#include <vector>

#include "operators/fast.hpp"  // release_workspace(): frees what the fast paths keep between calls
#include "problem/axis.hpp"
#include "problem/problem.hpp"
#include "reference/stuffed.hpp"
#include "teaching/explain.hpp"

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

// ---- One call as a caller outside C++ describes it (the JS layer, through cpp/wasm/) -------------
// Data stays where the caller put it; the output is handed over in memory from malloc, so a caller
// that copies it out (JS: one slice of the heap) frees it with free() and nothing else is allocated.
struct TensorRef {
  std::vector<int64_t> shape;
  const float* data = nullptr;
  int64_t length = 0;  // elements at data, checked against shape
};
struct Call {
  Op op = Op::Conv2d;
  Path path = Path::Fast;
  TensorRef x, w;
  const float* bias = nullptr;  // null: no bias
  int64_t bias_length = 0;
  ConvOptions options;
  // Tests only: with Path::Fast, the entry of the fast-path table (operators/fast.hpp) to run instead
  // of the one the measured rules choose; refused, naming it, when it does not apply. Empty: the rules.
  std::string_view fast_path;
};
struct Output {
  std::vector<int64_t> shape;  // [N, Cout, Ho, Wo], or [Cout, Ho, Wo] for unbatched input
  int64_t length = 0;
  std::unique_ptr<float, decltype(&std::free)> data{nullptr, &std::free};
};
Error run(const Call& call, Output* y);

// What run() would give without computing it: the output's shape and the multiply-adds, with the
// same verdicts for the shapes and options (the data, its lengths and the bias values are not read;
// bias_length < 0: no bias). Allocates no tensor.
struct Planned {
  std::vector<int64_t> shape;
  int64_t multiply_adds = 0;
};
Error plan_shapes(const Call& call, Planned* out);

// ConvTranspose2d by the seed's construction (call.op must be ConvTranspose2d): its pieces and output.
struct StuffedRun {
  StuffedConstruction construction;
  std::vector<int64_t> shape;
  std::vector<float> output;
};
Error run_stuffed(const Call& call, StuffedRun* out);

}  // namespace convt
