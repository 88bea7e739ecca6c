// The seed's construction of ConvTranspose2d, kept as its own path because the page draws it:
// insert s-1 zeros between input pixels, pad each side with p' = d(k-1)-p (crop when negative;
// the far side gets p'+a, the output_padding), flip the kernel in both axes with input and
// output channels swapped per group, and run a stride-1 convolution (dilation d) of the two.
#pragma once

#include <vector>

#include "problem/problem.hpp"

namespace convt {

struct StuffedConstruction {
  std::vector<int64_t> stuffed_shape;  // [N, Cin, Hs, Ws]
  std::vector<float> stuffed;
  std::vector<int64_t> flipped_shape;  // [Cout, Cin/G, kH, kW]: a Conv2d weight
  std::vector<float> flipped;
  ConvProblem stride1;                 // the stride-1 Conv2d of stuffed with flipped
};

// `p` must be a validated ConvTranspose2d problem. Fails only when the stuffed grid would pass
// the element cap (it can be much larger than the output when p' is large).
Error build_stuffed_construction(const ConvProblem& p, const float* x, const float* w, StuffedConstruction* out);

// ConvTranspose2d by the construction above (stride-1 conv by the reference loops).
Error conv_transpose2d_by_stuffing(const ConvProblem& p, const float* x, const float* w, const float* bias, float* y,
                                   StuffedConstruction* keep = nullptr);

}  // namespace convt
