// Padding modes against zero padding, for bench.mjs: a 3x3 Conv2d of a 512x512 single-channel image
// (case A's shape) with padding 1 in each mode, through the public API (copies in and out included).
// The non-zeros modes fill the same padded workspace the fast path builds for zeros, so the times
// should be close; the goal is reflect within 1.2x of zeros.
// Each mode's output is checked against the reference loops first. Then paired rounds: every round
// times a batch of each mode (the order rotates); the ratio is the median of the per-round ratios to
// zeros. Times are this process's CPU time (process.cpuUsage), which other work on a shared machine
// disturbs far less than wall-clock time.

export const PADDING_MODES = ['zeros', 'reflect', 'replicate', 'circular'];

function random(n, seed) {
  let s = seed >>> 0;
  const a = new Float32Array(n);
  for (let i = 0; i < n; i++) a[i] = ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32) * 2 - 1;
  return a;
}

const median = (a) => {
  const s = [...a].sort((p, q) => p - q);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

function cpuMsPerCall(fn, reps) {
  const t0 = process.cpuUsage();
  for (let i = 0; i < reps; i++) fn();
  const t = process.cpuUsage(t0);
  return (t.user + t.system) / 1000 / reps;
}

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
  const reps = Math.max(1, Math.ceil(10 / Math.max(cpuMsPerCall(fns[0], 3), 1e-3)));  // about 10 ms per sample
  const samples = fns.map(() => []);
  for (let r = 0; r < rounds; r++)
    for (let i = 0; i < fns.length; i++) {
      const k = (i + r) % fns.length;
      samples[k].push(cpuMsPerCall(fns[k], reps));
    }
  const modes = {};
  PADDING_MODES.forEach((mode, k) => {
    modes[mode] = { medianMs: median(samples[k]), ratioToZeros: median(samples[k].map((v, r) => v / samples[0][r])) };
  });
  return { modes, rounds, maxRelDiff };
}
