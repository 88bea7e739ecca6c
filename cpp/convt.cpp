#include "convt.hpp"

#include <algorithm>

#include "reference/reference.hpp"

namespace convt {

Error execute_conv(const ConvProblem& p, Path path, const float* x, const float* w, const float* bias, float* y) {
  if (p.N == 0) return {};
  if (path == Path::Fast) {
    run_fast(FastCall(p, x, w, bias, y));  // the path the measured rules choose (operators/fast.cpp)
    return {};
  }
  if (p.op == Op::Conv2d) {  // Conv2d has no construction of its own: Stuffed is Reference
    conv2d_reference(p, x, w, bias, y);
    return {};
  }
  if (path == Path::Stuffed) return conv_transpose2d_by_stuffing(p, x, w, bias, y);
  conv_transpose2d_reference(p, x, w, bias, y);
  return {};
}

namespace {

Error plan_call(const Call& c, ConvProblem* p) {
  if (c.bias && c.bias_length < 0) return make_error("bias", "bias length must not be negative");
  return plan_conv(c.op, c.x.shape, c.x.length, c.w.shape, c.w.length, c.bias ? c.bias_length : -1, c.options, p);
}

// The call's fast path, or the one it names.
Error execute_call(const Call& c, const ConvProblem& p, float* y) {
  if (c.fast_path.empty()) return execute_conv(p, c.path, c.x.data, c.w.data, c.bias, y);
  if (c.path != Path::Fast) return make_error("fastPath", "a fast path is chosen only on the fast path");
  return run_fast_path(c.fast_path, FastCall(p, c.x.data, c.w.data, c.bias, y));
}

Call call_of(Op op, Path path, const float* x, const std::vector<int64_t>& x_shape, int64_t x_len, const float* w,
             const std::vector<int64_t>& w_shape, int64_t w_len, const float* bias, int64_t bias_len,
             const ConvOptions& opt) {
  Call c;
  c.op = op;
  c.path = path;
  c.x = {x_shape, x, x_len};
  c.w = {w_shape, w, w_len};
  c.bias = bias;
  c.bias_length = bias_len;
  c.options = opt;
  return c;
}

}  // namespace

Error run_conv(Op op, Path path, const float* x, const std::vector<int64_t>& x_shape, int64_t x_len, const float* w,
               const std::vector<int64_t>& w_shape, int64_t w_len, const float* bias, int64_t bias_len,
               const ConvOptions& opt, std::vector<float>* y, std::vector<int64_t>* y_shape) {
  const Call c = call_of(op, path, x, x_shape, x_len, w, w_shape, w_len, bias, bias_len, opt);
  ConvProblem p;
  if (Error e = plan_call(c, &p)) return e;
  y->assign(size_t(p.output_elements()), 0.0f);
  *y_shape = p.output_shape();
  return execute_conv(p, path, x, w, bias, y->data());
}

Error run(const Call& c, Output* y) {
  ConvProblem p;
  if (Error e = plan_call(c, &p)) return e;
  // Not zero-filled: every path writes every output element.
  const int64_t n = p.output_elements();
  y->data.reset(static_cast<float*>(std::malloc(size_t(std::max<int64_t>(n, 1)) * sizeof(float))));
  if (!y->data) return make_error("x", "out of memory for an output of " + std::to_string(n) + " elements");
  y->shape = p.output_shape();
  y->length = n;
  return execute_call(c, p, y->data.get());
}

Error plan_shapes(const Call& c, Planned* out) {
  ConvProblem p;
  if (Error e = plan_conv_shapes(c.op, c.x.shape, c.w.shape, c.bias_length < 0 ? -1 : c.bias_length, c.options, &p))
    return e;
  out->shape = p.output_shape();
  out->multiply_adds = p.multiply_adds();
  return {};
}

Error run_stuffed(const Call& c, StuffedRun* out) {
  if (c.op != Op::ConvTranspose2d)
    return make_error("x", "the zero-stuffed construction is a ConvTranspose2d's");
  ConvProblem p;
  if (Error e = plan_call(c, &p)) return e;
  out->shape = p.output_shape();
  out->output.assign(size_t(p.output_elements()), 0.0f);
  return conv_transpose2d_by_stuffing(p, c.x.data, c.w.data, c.bias, out->output.data(), &out->construction);
}

namespace {
Error run_tensors(Op op, const Tensor& x, const Tensor& w, const Tensor* bias, const ConvOptions& opt, Tensor* y,
                  Path path) {
  if (bias && bias->shape.size() != 1)
    return make_error("bias", "expected bias to be 1-dimensional, but got " + std::to_string(bias->shape.size()) +
                                  " dimensions");
  if (bias && int64_t(bias->data.size()) != bias->shape[0])
    return make_error("bias", "data has " + std::to_string(bias->data.size()) + " elements but shape needs " +
                                  std::to_string(bias->shape[0]));
  return run_conv(op, path, x.data.data(), x.shape, int64_t(x.data.size()), w.data.data(), w.shape,
                  int64_t(w.data.size()), bias ? bias->data.data() : nullptr, bias ? bias->shape[0] : -1, opt,
                  &y->data, &y->shape);
}
}  // namespace

Error conv2d(const Tensor& x, const Tensor& w, const Tensor* bias, const ConvOptions& opt, Tensor* y, Path path) {
  return run_tensors(Op::Conv2d, x, w, bias, opt, y, path);
}

Error conv_transpose2d(const Tensor& x, const Tensor& w, const Tensor* bias, const ConvOptions& opt, Tensor* y,
                       Path path) {
  return run_tensors(Op::ConvTranspose2d, x, w, bias, opt, y, path);
}

}  // namespace convt
