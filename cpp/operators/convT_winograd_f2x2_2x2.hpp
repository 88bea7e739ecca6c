// Winograd F(2x2, 2x2) for ConvTranspose2d with a 4x4 kernel at stride 2 (the usual x2
// upsampling of generators and decoders) and several channels. Each of the four phases of the
// polyphase decomposition (output rows and columns of one parity) is a stride-1 correlation of
// the input with a 2x2 sub-kernel; F(2x2, 2x2) computes a 2x2 output tile of it with 9 products
// per channel pair instead of 16 (1.78x fewer), for transforms that only add and subtract and
// whose cost is linear in the channel count. The two column phases of a row phase are
// transformed back together and stored interleaved. Runs one image and group at a time on the
// zero-margined input that conv_transpose2d_polyphase (direct.hpp) builds.
#pragma once

#include "problem/problem.hpp"

namespace convt {

// ConvTranspose2d, 4x4, stride 2, dilation 1 (any padding, output_padding, groups, sizes). Like
// Winograd F(2x2, 3x3) it subtracts pixels (inf - inf = NaN): finite input and weights only (the
// dispatcher checks those).
bool winograd_convT_applies(const ConvProblem& p);
// Input rows the operator must be able to read below the image, beyond what the polyphase
// kernels need (the last row of tiles may reach two rows further).
constexpr int64_t kWinogradConvTExtraRows = 2;

// Transformed weights of every group: [G][phase (4)][9][ceil(cout_g / 4)][cin_g][4].
int64_t winograd_convT_weights_size(const ConvProblem& p);
void winograd_convT_transform_weights(const ConvProblem& p, const float* w, float* u);

// One image and group. x0 points at input pixel (0, 0) of channel 0 inside a zero-margined copy:
// pixel (ih, iw) of channel c at x0[c * channel_stride + ih * row_stride + iw], readable (zero
// outside the image) for ih in [-1, H + kWinogradConvTExtraRows + margin) and iw in [-1, W + 10)
// where the polyphase margins are. u: this group's part of the transformed weights; y: cout_g
// planes of Ho x Wo.
struct ConvTInput {
  const float* x0;
  int64_t channel_stride, row_stride;
};
void conv_transpose2d_winograd_f2x2_2x2(const ConvProblem& p, const ConvTInput& in, const float* u, const float* bias,
                                        float* y);

}  // namespace convt
