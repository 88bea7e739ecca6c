#include "teaching/round_trip.hpp"

namespace convt {

namespace {

// One step of a round trip, single channel: the plan PyTorch would accept, or its error.
Error plan_step(Op op, Pair size, Pair k, const ConvOptions& opt, ConvProblem* p) {
  return plan_conv(op, {1, 1, size.h, size.w}, size.h * size.w, {1, 1, k.h, k.w}, k.h * k.w, -1, opt, p);
}

// The round trip's Conv2d: `opt` without the ConvT-only options.
ConvOptions conv_step_options(const ConvOptions& opt) {
  ConvOptions o = opt;
  o.groups = 1;  // a single-channel picture of the geometry
  o.output_padding = {0, 0};
  o.output_padding_given = false;
  o.output_size.reset();
  return o;
}

// The round trip's ConvTranspose2d: `opt` with Conv2d's padding as the integer it is, zero padded.
// 'same' with an even dilated kernel pads one side more: no ConvTranspose2d does that.
Error conv_transpose_step_options(const ConvOptions& opt, Pair k, ConvOptions* out) {
  *out = opt;
  out->groups = 1;
  out->padding_string.reset();
  out->padding_mode = "zeros";
  if (!opt.padding_string) return {};
  Pair before, after;
  if (Error e = conv_padding_in_effect(opt, k, &before, &after)) return e;
  if (before != after)
    return make_error("padding", "padding='" + *opt.padding_string + "' pads " + format_pair(before) +
                                     " lines before and " + format_pair(after) +
                                     " after; ConvTranspose2d pads both sides alike, so none has these parameters");
  out->padding = before;
  return {};
}

Error plan_round_trip_step(Op op, Pair size, Pair k, const ConvOptions& opt, ConvProblem* p) {
  if (op == Op::Conv2d) return plan_step(op, size, k, conv_step_options(opt), p);
  ConvOptions o;
  if (Error e = conv_transpose_step_options(opt, k, &o)) return e;
  return plan_step(op, size, k, o, p);
}

// `first` of `size`, then `second` of the result, with the same parameters; *first_plan is the first
// step's plan when the middle is valid, *second_plan the second's when the way back is.
RoundTrip round_trip(Op first, Op second, Pair size, Pair k, const ConvOptions& opt, ConvProblem* first_plan,
                     ConvProblem* second_plan) {
  RoundTrip r;
  r.input = size;
  r.output_padding = opt.output_padding;  // until the ConvT step says which one is in effect
  if ((r.error = plan_round_trip_step(first, size, k, opt, first_plan))) return r;
  if (first == Op::ConvTranspose2d) r.output_padding = first_plan->opt.output_padding;
  r.middle = {first_plan->Ho, first_plan->Wo};
  r.middle_valid = true;
  if ((r.error = plan_round_trip_step(second, r.middle, k, opt, second_plan))) return r;
  r.back = {second_plan->Ho, second_plan->Wo};
  if (second == Op::ConvTranspose2d) r.output_padding = second_plan->opt.output_padding;
  r.back_valid = true;
  r.ok = r.back == r.input;
  return r;
}

}  // namespace

RoundTrip conv_then_conv_transpose(Pair size, Pair k, const ConvOptions& opt) {
  ConvProblem conv, convt;
  RoundTrip r = round_trip(Op::Conv2d, Op::ConvTranspose2d, size, k, opt, &conv, &convt);
  if (r.middle_valid && conv.pad_before == conv.pad_after) {
    // Conv2d's floor drops this many lines; ConvT's output_padding puts them back.
    const Pair s = conv.opt.stride, d = conv.opt.dilation, p = conv.pad_before;
    r.remainder = {floor_mod(size.h + 2 * p.h - d.h * (k.h - 1) - 1, s.h),
                   floor_mod(size.w + 2 * p.w - d.w * (k.w - 1) - 1, s.w)};
    r.fix_output_padding = r.remainder;
    r.remainder_valid = true;
  }
  if (r.back_valid && conv.padding_mode == PaddingMode::Zeros) {
    // The way back as the seed's construction draws it, from the ConvT step's own plan.
    const Pair s = convt.opt.stride, d = convt.opt.dilation, p = convt.opt.padding, a = convt.opt.output_padding;
    r.back_rows = stuffed_axis(convt.H, k.h, s.h, p.h, d.h, a.h);
    r.back_cols = stuffed_axis(convt.W, k.w, s.w, p.w, d.w, a.w);
    r.back_stuffed_valid = true;
  }
  return r;
}

RoundTrip conv_transpose_then_conv(Pair size, Pair k, const ConvOptions& opt) {
  ConvProblem convt, conv;
  return round_trip(Op::ConvTranspose2d, Op::Conv2d, size, k, opt, &convt, &conv);
}

}  // namespace convt
