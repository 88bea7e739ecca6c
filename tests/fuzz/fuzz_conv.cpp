// libFuzzer target: random bytes -> a convolution call (shapes, options including padding modes,
// padding='same'/'valid' and output_size, data). Valid calls must give the same numbers on every
// path (fast, reference, zero-stuffed; and within the fast path every entry of the fast-path table
// forced on wherever it applies); invalid ones must be refused with an error
// that names a parameter. explain()'s gather and scatter tables must agree.
// Built with clang -fsanitize=fuzzer,address,undefined by tools/fuzz.sh, and replayed over
// tests/fuzz/regressions/ by the native tests (fuzz_replay.cpp) under ASan + UBSan.
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "teaching/explain.hpp"
#include "operators/fast.hpp"
#include "convt.hpp"

namespace {

struct Bytes {
  const uint8_t* p;
  size_t n;
  uint8_t next() {
    if (!n) return 0;
    --n;
    return *p++;
  }
  // Mostly small valid values, sometimes edge or invalid ones.
  int64_t small(int64_t lo, int64_t hi) {
    const uint8_t b = next();
    if (b >= 250) {
      static const int64_t odd[] = {0, -1, 1 << 20, (int64_t{1} << 31) + 1, -(int64_t{1} << 31), 64};
      return odd[b - 250];
    }
    return lo + b % (hi - lo + 1);
  }
};

[[noreturn]] void fail(const char* what) {
  std::fprintf(stderr, "fuzz_conv: %s\n", what);
  std::abort();
}

void check_error(const convt::Error& e) {
  if (e.parameter.empty() || e.message.rfind(e.parameter + ": ", 0) != 0) fail("error without a parameter name");
}

void check_close(const std::vector<float>& a, const std::vector<float>& b, const std::vector<float>& scale) {
  if (a.size() != b.size()) fail("paths disagree on size");
  for (size_t i = 0; i < a.size(); ++i) {
    if (std::isnan(a[i]) != std::isnan(b[i])) fail("paths disagree on NaN");
    if (std::isnan(a[i])) continue;
    if (std::isinf(a[i]) || std::isinf(b[i])) {
      if (a[i] != b[i]) fail("paths disagree on infinity");
      continue;
    }
    if (std::fabs(double(a[i]) - double(b[i])) > 1e-4 * (scale[i] + 1e-3)) fail("paths disagree on a value");
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace convt;
  Bytes in{data, size};
  // First byte: bit 0 the op; bits 3-7 the options of PyTorch's modules (all 0, the defaults, in the
  // inputs saved before they existed, so those keep their meaning). Bits 1-2 are not used.
  const uint8_t head = in.next();
  const Op op = head & 1 ? Op::ConvTranspose2d : Op::Conv2d;
  static const char* const kModes[] = {"zeros", "reflect", "replicate", "circular"};
  static const char* const kPaddingStrings[] = {"same", "valid", "bogus"};
  const int mode = (head >> 3) & 3, padding_string = (head >> 5) & 3;
  const bool extras = head & 0x80;
  ConvOptions o;
  o.padding_mode = kModes[mode];
  if (padding_string) o.padding_string = kPaddingStrings[padding_string - 1];
  o.groups = in.small(1, 3);
  const int64_t cin = o.groups * in.small(1, 3), cout = o.groups * in.small(1, 5);
  const int64_t n = in.small(0, 2), h = in.small(1, 12), w = in.small(1, 12);
  const int64_t kh = in.small(1, 5), kw = in.small(1, 5);
  o.stride = {in.small(1, 5), in.small(1, 5)};
  o.padding = {in.small(0, 4), in.small(0, 4)};
  o.dilation = {in.small(1, 3), in.small(1, 3)};
  if (op == Op::ConvTranspose2d) o.output_padding = {in.small(0, 3), in.small(0, 3)};
  const bool bias = in.next() & 1;
  bool unbatched = false;
  if (extras) {
    // One more byte: bit 0 output_size (near its valid range, as [H, W], [N, C, H, W] or 3 values),
    // bit 1 an invalid mode name, bit 2 output_padding given too, bit 3 a crop (negative padding),
    // bit 4 unbatched input [C, H, W].
    const uint8_t more = in.next();
    if (more & 1) {
      // The smallest valid size (when every number is small enough to do the arithmetic here).
      auto lo = [](int64_t in, int64_t k, int64_t s, int64_t p, int64_t d) {
        for (int64_t v : {in, k, s, p, d})
          if (v < -(1 << 16) || v > (1 << 16)) return int64_t{1};
        return conv_transpose_output_size(in, k, s, p, d, 0);
      };
      const int64_t lo_h = lo(h, kh, o.stride.h, o.padding.h, o.dilation.h);
      const int64_t lo_w = lo(w, kw, o.stride.w, o.padding.w, o.dilation.w);
      const int64_t size_h = lo_h + in.small(-1, 4), size_w = lo_w + in.small(-1, 4);
      const int form = in.small(0, 2);
      o.output_size = form == 0 ? std::vector<int64_t>{size_h, size_w}
                      : form == 1 ? std::vector<int64_t>{n, cout, size_h, size_w}
                                  : std::vector<int64_t>{cout, size_h, size_w};
      o.output_padding = {0, 0};
    }
    if (more & 2) o.padding_mode = "wrap";
    o.output_padding_given = more & 4;
    if (more & 8) o.padding = {-o.padding.h, -o.padding.w};
    unbatched = (more & 16) && n == 1;
  }
  const std::vector<int64_t> xs = unbatched ? std::vector<int64_t>{cin, h, w} : std::vector<int64_t>{n, cin, h, w};
  const int64_t g = o.groups > 0 ? o.groups : 1;  // groups <= 0 must be refused, not divided by
  const std::vector<int64_t> ws =
      op == Op::Conv2d ? std::vector<int64_t>{cout, cin / g, kh, kw} : std::vector<int64_t>{cin, cout / g, kh, kw};
  // Explain first: it must never fail on its own tables.
  {
    Explanation ex;
    const Error e = explain(op, {h, w}, {kh, kw}, o, &ex);
    if (e) {
      check_error(e);
    } else {
      const int64_t K = kh * kw;
      for (int64_t oc = 0; oc < ex.output.h * ex.output.w; ++oc)
        for (int64_t t = 0; t < K; ++t) {
          const int32_t cell = ex.taps[size_t(oc * K + t)];
          if (cell < 0 || cell >= ex.stuffed.h * ex.stuffed.w) fail("tap outside the stuffed grid");
          const int32_t src = ex.source[size_t(cell)];
          if (src >= h * w) fail("a stuffed cell's source outside the input");
          const bool original = ex.cell_kind[size_t(cell)] == int8_t(CellKind::Original);
          if (original && ex.scatter[size_t(src * K + ex.kernel_from[size_t(t)])] != oc) fail("gather and scatter disagree");
          if (!original && src >= 0 && ex.cell_kind[size_t(cell)] < int8_t(CellKind::Reflected))
            fail("a zero cell with a source");
        }
    }
  }
  ConvProblem p;
  auto product = [](const std::vector<int64_t>& dims) {  // -1 when it overflows (the caps refuse it)
    int64_t r = 1;
    for (int64_t v : dims)
      if (__builtin_mul_overflow(r, v, &r)) return int64_t{-1};
    return r;
  };
  const int64_t x_len = product(xs), w_len = product(ws);
  if (Error e = plan_conv(op, xs, x_len, ws, w_len, bias ? cout : -1, o, &p)) {
    check_error(e);
    return 0;
  }
  if (p.input_elements() > (1 << 16) || p.output_elements() > (1 << 18) || p.multiply_adds() > (1 << 22)) return 0;
  std::vector<float> x(static_cast<size_t>(x_len)), wt(static_cast<size_t>(w_len)), b(static_cast<size_t>(cout));
  auto fill = [&](std::vector<float>& v) {
    for (auto& f : v) {
      const uint8_t r = in.next();
      f = r == 255 ? NAN : r == 254 ? INFINITY : (float(r) - 127.0f) / 64.0f;
    }
  };
  fill(x);
  fill(wt);
  fill(b);
  std::vector<float> fast, ref, st, absolute;
  std::vector<int64_t> shape;
  if (run_conv(op, Path::Fast, x.data(), xs, x_len, wt.data(), ws, w_len, bias ? b.data() : nullptr, cout, o, &fast, &shape))
    fail("fast path refused a planned call");
  if (run_conv(op, Path::Reference, x.data(), xs, x_len, wt.data(), ws, w_len, bias ? b.data() : nullptr, cout, o, &ref, &shape))
    fail("reference refused a planned call");
  // Scale for the tolerance: the same sums over absolute values.
  std::vector<float> ax(x), aw(wt), ab(b);
  for (auto* v : {&ax, &aw, &ab})
    for (auto& f : *v) f = std::fabs(f);
  run_conv(op, Path::Reference, ax.data(), xs, x_len, aw.data(), ws, w_len, bias ? ab.data() : nullptr, cout, o, &absolute, &shape);
  check_close(fast, ref, absolute);
  // Every path of the fast-path table wherever it applies (forcing one that does not is refused by name).
  for (const FastPath& path : fast_paths()) {
    if (path.op != op) continue;
    std::vector<float> alt(fast.size(), NAN);
    const FastCall call(p, x.data(), wt.data(), bias ? b.data() : nullptr, alt.data());
    const bool applies = path.applies(call);
    const Error e = run_fast_path(path.name, call);
    if (applies == bool(e)) fail("a path's refusal disagrees with its condition");
    if (e) {
      check_error(e);
      continue;
    }
    check_close(alt, ref, absolute);
  }
  bool finite_weights = true;
  for (float f : wt) finite_weights = finite_weights && std::isfinite(f);
  // The zero-stuffed construction multiplies inserted zeros: equal to ConvT for finite weights.
  // (It multiplies every inserted zero too: skip it where that is far more work than the call.)
  const bool stuffed_small = p.output_elements() * p.cin_per_group() * p.kH * p.kW <= (1 << 22);
  if (op == Op::ConvTranspose2d && finite_weights && stuffed_small) {
    const Error e = run_conv(op, Path::Stuffed, x.data(), xs, x_len, wt.data(), ws, w_len, bias ? b.data() : nullptr, cout, o, &st, &shape);
    if (e) check_error(e);
    else check_close(st, ref, absolute);
  }
  return 0;
}
