// Padding modes against zero padding, for bench.mjs: a 3x3 Conv2d of a 512x512 single-channel image
// (case A's shape) with padding 1 in each mode, through the public API (copies in and out included).
// The non-zeros modes fill the same padded workspace the fast path builds for zeros, so the times
// should be close; the goal is reflect within 1.2x of zeros.
// Each mode's output is checked against the reference loops first. Then paired rounds of CPU time
// (cpu_time.mjs); the ratio is the median of the per-round ratios to zeros.

import { pairedRounds, random } from './cpu_time.mjs';

export const PADDING_MODES = ['zeros', 'reflect', 'replicate', 'circular'];

/** { modes: { [mode]: { medianMs, ratioToZeros } }, rounds, maxRelDiff } */
export function timePaddingModes(core, { rounds = 30, size = 512 } = {}) {
  const x = { shape: [1, 1, size, size], data: random(size * size, 7) };
  const w = { shape: [1, 1, 3, 3], data: random(9, 8) };
  const opts = (paddingMode) => ({ bias: [0.25], padding: 1, paddingMode });
  let maxRelDiff = 0;
  for (const mode of PADDING_MODES) {
    const got = core.conv2d(x, w, opts(mode)).data, want = core.reference.conv2d(x, w, opts(mode)).data;
    let diff = 0, scale = 0;
    for (let i = 0; i < want.length; i++) {
      diff = Math.max(diff, Math.abs(got[i] - want[i]));
      scale = Math.max(scale, Math.abs(want[i]));
    }
    maxRelDiff = Math.max(maxRelDiff, diff / scale);
    if (!(diff <= 1e-4 * scale)) throw new Error(`padding mode ${mode}: fast path differs from the reference by ${diff}`);
  }
  const fns = PADDING_MODES.map((mode) => () => core.conv2d(x, w, opts(mode)));
  for (const fn of fns) for (let i = 0; i < 5; i++) fn();
  const timed = pairedRounds(fns, rounds);
  const modes = {};
  PADDING_MODES.forEach((mode, k) => {
    modes[mode] = { medianMs: timed[k].medianMs, ratioToZeros: timed[k].ratioToFirst };
  });
  return { modes, rounds, maxRelDiff };
}
