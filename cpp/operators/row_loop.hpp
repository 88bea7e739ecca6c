// The two shapes of loop the operators run their row microkernels in, written once.
//
// 1. A row of outputs covered by tiles of several widths (the direct kernels, the fused ConvT
//    column phases): cover_row() walks the row widest tile first, and store_tile() lets a tile
//    write straight into the output when it is whole and its pixels are contiguous, and through a
//    scratch tile otherwise (a tail narrower than the tile, fewer channels than the tile holds,
//    every other pixel of a ConvT phase).
// 2. A row of steps that read the input in place, except at the image's edges (the channel-wise
//    operators, which make no padded copy): split_row_steps() runs the steps whose input lies
//    inside the image in one call and the others one by one, and edge_step() runs one of those
//    through a small copy of the columns it reads.
#pragma once

#include <algorithm>
#include <cstdint>

namespace convt {

// [0, width) covered by tiles (each with a `width`), listed widest first: each step takes the
// widest tile that fits what is left, or for a tail narrower than every tile the narrowest one.
// visit(tile, start, n) with n <= tile.width outputs of the row to keep.
template <typename Tile, typename Visit>
inline void cover_row(const Tile* tiles, int count, int64_t width, Visit visit) {
  for (int64_t start = 0; start < width;) {
    const int64_t left = width - start;
    const Tile* tile = &tiles[count - 1];
    for (int i = 0; i < count; ++i)
      if (tiles[i].width <= left) {
        tile = &tiles[i];
        break;
      }
    const int64_t n = std::min<int64_t>(tile->width, left);
    visit(*tile, start, n);
    start += n;
  }
}

// One tile of `tile_rows` rows (output channels) x `tile_width` outputs, of which the first `rows`
// x `n` are kept: output r, j goes to dst[r * dst_stride + j * step]. kernel(out, out_stride)
// writes the whole tile at out (row r at out + r * out_stride); scratch holds tile_rows x
// tile_width floats.
template <typename Kernel>
inline void store_tile(Kernel kernel, int64_t tile_rows, int64_t tile_width, int64_t rows, int64_t n, float* dst,
                       int64_t dst_stride, int64_t step, float* scratch) {
  if (n == tile_width && rows == tile_rows && step == 1) {
    kernel(dst, dst_stride);
    return;
  }
  kernel(scratch, tile_width);
  for (int64_t r = 0; r < rows; ++r)
    for (int64_t j = 0; j < n; ++j) dst[r * dst_stride + j * step] = scratch[r * tile_width + j];
}

// Steps [first, end) of a row read the input in place: one call interior(first, end) when there
// are any. Every other step of [0, steps) is an edge step: edge(t). (One call site each: a lambda
// called from two places is not inlined by clang's WebAssembly build, and the edge steps of a
// narrow image then cost a third more.)
template <typename Interior, typename Edge>
inline void split_row_steps(int64_t steps, int64_t first, int64_t end, Interior interior, Edge edge) {
  for (int64_t t = 0; t < steps; ++t) {
    if (t == first && end > first) {
      interior(first, end);
      t = end;
      if (t >= steps) break;
    }
    edge(t);
  }
}

// One step of a row kernel through a copy of what it reads: IN_ROWS x IN_COLS values, column j of
// row i from rows[i][column(j)] (zero where column(j) < 0 or rows[i] is null: outside the image or
// the padding's zeros), then kernel(in, out) run on the copy for one step (OUT_ROWS rows of
// PIXELS outputs), and the first n outputs of each row copied to out[r].
template <int IN_ROWS, int IN_COLS, int OUT_ROWS, int PIXELS, typename Column, typename Kernel>
inline void edge_step(const float* const* rows, Column column, float* const* out, int64_t n, Kernel kernel) {
  alignas(16) float copy[IN_ROWS][IN_COLS];
  alignas(16) float results[OUT_ROWS][PIXELS];
  int64_t cols[IN_COLS];
  for (int j = 0; j < IN_COLS; ++j) cols[j] = column(j);
  const float* in[IN_ROWS];
  for (int i = 0; i < IN_ROWS; ++i) {
    for (int j = 0; j < IN_COLS; ++j) copy[i][j] = rows[i] && cols[j] >= 0 ? rows[i][cols[j]] : 0.0f;
    in[i] = copy[i];
  }
  float* o[OUT_ROWS];
  for (int r = 0; r < OUT_ROWS; ++r) o[r] = results[r];
  kernel(in, o);
  for (int r = 0; r < OUT_ROWS; ++r) std::copy(results[r], results[r] + n, out[r]);
}

}  // namespace convt
