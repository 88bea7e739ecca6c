// Winograd F(2x2, 3x3) for 3x3, stride-1, dilation-1 Conv2d with several channels: 16 products
// per 2x2 output tile and channel pair instead of 36 (2.25x fewer multiplies), for the price of
// transforms that are linear in the channel count. It runs one image and one group at a time
// on the padded input that conv2d_phase_split (direct.hpp) builds, so it supports whatever
// padding that input holds.
#pragma once

#include "problem/problem.hpp"

namespace convt {

// Channels of one image and group, padded: channel c, padded row r, column q at
// data[c * channel_stride + r * row_stride + q], for r < rows and q < cols. Each row must be
// readable up to cols + 7 (the tile groups read into the margin; those values only reach
// outputs that are never stored).
struct PaddedPlanes {
  const float* data;
  int64_t channel_stride, row_stride, rows, cols;
};

// 3x3, stride 1, dilation 1 Conv2d (any padding, groups, sizes). Winograd subtracts pixels from
// each other (inf - inf = NaN), so it keeps PyTorch's non-finite results only for finite input and
// weights: the dispatcher checks those too.
bool winograd_applies(const ConvProblem& p);

// Transformed weights of every group, [G][16][ceil(cout_g / 4)][cin_g][4].
int64_t winograd_weights_size(const ConvProblem& p);
void winograd_transform_weights(const ConvProblem& p, const float* w, float* u);
// The transformed weights of group g inside u.
const float* winograd_group_weights(const ConvProblem& p, const float* u, int64_t g);

// y[co][oh][ow] (cout planes of Ho x Wo, Ho = in.rows - 2, Wo = in.cols - 2) for one image and
// group; u is that group's transformed weights, bias its cout values or null.
void conv2d_winograd_f2x2_3x3(const PaddedPlanes& in, int64_t cin, int64_t cout, const float* u, const float* bias,
                              float* y);

}  // namespace convt
