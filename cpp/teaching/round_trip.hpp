// The round trips the page teaches, per axis and for both axes (docs/design.md, "Shape round
// trips"): Conv2d then ConvTranspose2d with the same parameters, and the other way round, each step
// planned by plan_conv, so each verdict is PyTorch's.
#pragma once

#include "problem/axis.hpp"
#include "problem/problem.hpp"

namespace convt {

struct RoundTrip {
  Pair input{}, middle{}, back{};
  bool middle_valid = false, back_valid = false;
  bool ok = false;             // back == input
  bool remainder_valid = false;  // Conv then ConvT, when the Conv2d step is valid and pads both sides alike
  Pair remainder{};            // (I + 2p - d(k-1) - 1) mod s
  Pair fix_output_padding{};   // the output_padding that makes Conv then ConvT give back I
  Pair output_padding{};       // the ConvT step's output_padding (derived from output_size when the step is valid)
  Error error;                 // the step that PyTorch would refuse, if any
  // Conv then ConvT: the zero-stuffed grid of the ConvTranspose2d on the way back (s-1 zeros between
  // pixels, p' = d(k-1) - p before, its length), when that step is valid and the Conv2d pads with
  // zeros (with another padding_mode the two steps are not a ConvTranspose2d and its Conv2d).
  bool back_stuffed_valid = false;
  StuffedAxis back_rows{}, back_cols{};
};
// Each ConvT step uses the same options (output_size, when given, is the size asked of that step); a
// Conv2d padding that is not the same on both sides ('same' with an even kernel) has no ConvT, an error.
// Conv(k,s,p,d) of `size`, then ConvT(k,s,p,d,output_padding) of the result.
RoundTrip conv_then_conv_transpose(Pair size, Pair k, const ConvOptions& opt);
// ConvT(k,s,p,d,output_padding) of `size`, then Conv(k,s,p,d) of the result.
RoundTrip conv_transpose_then_conv(Pair size, Pair k, const ConvOptions& opt);

}  // namespace convt
