#include "convt.hpp"

#include "conv_fast.hpp"
#include "conv_reference.hpp"
#include "conv_stuffed.hpp"

namespace convt {

Error execute_conv(const ConvProblem& p, Path path, const float* x, const float* w, const float* bias, float* y) {
  if (p.N == 0) return {};
  if (p.op == Op::Conv2d) {
    if (path == Path::Fast) conv2d_fast(p, x, w, bias, y);
    else conv2d_reference(p, x, w, bias, y);
    return {};
  }
  switch (path) {
    case Path::Fast: conv_transpose2d_fast(p, x, w, bias, y); return {};
    case Path::Reference: conv_transpose2d_reference(p, x, w, bias, y); return {};
    case Path::Stuffed: return conv_transpose2d_by_stuffing(p, x, w, bias, y);
  }
  return {};
}

Error run_conv(Op op, Path path, const float* x, const std::vector<int64_t>& x_shape, int64_t x_len, const float* w,
               const std::vector<int64_t>& w_shape, int64_t w_len, const float* bias, int64_t bias_len,
               const ConvOptions& opt, std::vector<float>* y, std::vector<int64_t>* y_shape) {
  if (bias && bias_len < 0) return make_error("bias", "bias length must not be negative");
  ConvProblem p;
  if (Error e = plan_conv(op, x_shape, x_len, w_shape, w_len, bias ? bias_len : -1, opt, &p)) return e;
  y->assign(size_t(p.output_elements()), 0.0f);
  *y_shape = p.output_shape();
  return execute_conv(p, path, x, w, bias, y->data());
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
