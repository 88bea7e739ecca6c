// Every microkernel of cpp/kernels/ on its own, every tile each family has, through a tester per
// family (tests/native/testers/, in the manner of XNNPACK's microkernel testers): random data,
// against a plain reference written in the tester, over channel counts, tap counts, step counts,
// strides wider than the tile and partial tiles, and checking that nothing past a tile is written.
// The operator tests (test_fast_kernels.cpp) run the same kernels through the operators' geometry.
#include <catch2/catch.hpp>

#include "testers/dwconv_tester.hpp"
#include "testers/fused_phases_tester.hpp"
#include "testers/gemm_tester.hpp"
#include "testers/rowconv_tester.hpp"
#include "testers/winograd_tester.hpp"

using namespace convt::mk;
using testers::RowConvTester;

TEST_CASE("f32_rowconv: every tile, channel and tap counts from 0 taps up, strides wider than the tile",
          "[microkernels][rowconv]") {
  const struct {
    void (*fn)(const RowConvArgs&);
    int cot, width;
  } tiles[] = {{f32_rowconv_1x32, 1, 32}, {f32_rowconv_1x16, 1, 16}, {f32_rowconv_1x8, 1, 8},
               {f32_rowconv_1x4, 1, 4},   {f32_rowconv_4x8, 4, 8},   {f32_rowconv_4x4, 4, 4}};
  unsigned seed = 1;
  for (const auto& tile : tiles)
    for (int cin : {1, 2, 3, 5})
      for (int taps : {0, 1, 2, 3, 4, 9, 13})
        for (int gap : {0, 3})
          RowConvTester().input_channels(cin).taps(taps).tap_span(taps > 4 ? 40 : 7).channel_gap(gap).output_gap(gap)
              .seed(seed++).test(tile.fn, tile.cot, tile.width);
}

TEST_CASE("f32_convT_polyphase_fused: every tile, 4-tap kernels and any tap count per phase, including none",
          "[microkernels][fused]") {
  using testers::FusedPhasesTester;
  using Kernel = void (*)(const FusedPhasesArgs&);
  const struct {
    Kernel fn;
    int cot, width, taps;  // taps: the count the kernel is specialised for, 0: any
  } tiles[] = {{f32_convT_polyphase_fused<1, 8, 4>, 1, 64, 4}, {f32_convT_polyphase_fused<1, 4, 4>, 1, 32, 4},
               {f32_convT_polyphase_fused<1, 1, 4>, 1, 8, 4},  {f32_convT_polyphase_fused<1, 8>, 1, 64, 0},
               {f32_convT_polyphase_fused<1, 4>, 1, 32, 0},    {f32_convT_polyphase_fused<1, 1>, 1, 8, 0},
               {f32_convT_polyphase_fused<4, 2>, 4, 16, 0},    {f32_convT_polyphase_fused<4, 1>, 4, 8, 0}};
  const int tap_pairs[][2] = {{4, 4}, {0, 0}, {1, 0}, {0, 2}, {2, 1}, {3, 3}, {6, 4}, {9, 6}};
  unsigned seed = 100;
  for (const auto& tile : tiles)
    for (int cin : {1, 2, 3, 5})
      for (const auto& taps : tap_pairs) {
        if (tile.taps && (taps[0] != tile.taps || taps[1] != tile.taps)) continue;
        for (int gap : {0, 5})
          FusedPhasesTester().input_channels(cin).taps(taps[0], taps[1]).tap_span(9).output_gap(gap).seed(seed++)
              .test(tile.fn, tile.cot, tile.width);
      }
}

TEST_CASE("f32_dwconv2d_3x3s1_2x4: 1 to 9 steps", "[microkernels][dwconv3x3]") {
  for (int64_t steps = 1; steps <= 9; ++steps)
    for (unsigned seed : {1u, 2u}) testers::DwConv3x3Tester().steps(steps).seed(seed * 10 + unsigned(steps)).test();
}

TEST_CASE("f32_dwconvT2d_4x4s2_1x8: even and odd padding shifts, 1 to 9 steps", "[microkernels][dwconvT4x4s2]") {
  for (int64_t steps = 1; steps <= 9; ++steps) {
    testers::DwConvT4x4s2Tester().steps(steps).seed(unsigned(steps)).test<0>();
    testers::DwConvT4x4s2Tester().steps(steps).seed(unsigned(steps) + 50).test<1>();
  }
}

TEST_CASE("f32_gemm: both tiles, depths from 0, row strides wider than the tile", "[microkernels][gemm]") {
  unsigned seed = 200;
  for (int64_t depth : {0, 1, 2, 5, 17, 64})
    for (int64_t gap : {0, 3}) {
      testers::GemmTester().depth(depth).row_gap(gap).seed(seed++).test(f32_gemm_4x8, 4, 8);
      testers::GemmTester().depth(depth).row_gap(gap).seed(seed++).test(f32_gemm_4x4, 4, 4);
    }
}

TEST_CASE("Winograd F(2x2,3x3) transforms: channels, missing kernels, partial tiles, a missing second row",
          "[microkernels][winograd]") {
  unsigned seed = 300;
  for (int cin : {1, 2, 5})
    for (int lanes = 1; lanes <= 4; ++lanes)
      for (int64_t columns = 1; columns <= 8; ++columns)
        for (bool second : {true, false})
          testers::WinogradTester().input_channels(cin).lanes(lanes).columns(columns).second_row(second).seed(seed++)
              .test_f2x2_3x3();
}

TEST_CASE("Winograd F(2x2,2x2) transforms, both ConvT column phases: channels, missing kernels, partial tiles",
          "[microkernels][winograd][convT]") {
  unsigned seed = 500;
  for (int cin : {1, 2, 5})
    for (int lanes = 1; lanes <= 4; ++lanes)
      for (int64_t columns = 1; columns <= 16; ++columns)
        for (bool second : {true, false})
          testers::WinogradTester().input_channels(cin).lanes(lanes).columns(columns).second_row(second).seed(seed++)
              .test_f2x2_2x2();
}
