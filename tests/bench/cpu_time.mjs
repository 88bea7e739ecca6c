// Helpers of the CPU-time measurements (overhead.mjs, padding_modes.mjs): this process's CPU time
// (process.cpuUsage: user + system, all its threads, garbage collection included), which other work
// on a shared machine disturbs far less than wall-clock time.

/** n values in [-1, 1) from a seeded LCG: the same inputs in every run. */
export function random(n, seed) {
  let s = seed >>> 0;
  const a = new Float32Array(n);
  for (let i = 0; i < n; i++) a[i] = ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32) * 2 - 1;
  return a;
}

export function median(a) {
  const s = [...a].sort((p, q) => p - q);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Milliseconds of CPU time per call of fn, over `reps` calls. */
export function cpuMsPerCall(fn, reps) {
  const t0 = process.cpuUsage();
  for (let i = 0; i < reps; i++) fn();
  const t = process.cpuUsage(t0);
  return (t.user + t.system) / 1000 / reps;
}

/**
 * Paired rounds: every round times a batch of each function (the order rotates; a batch lasts about
 * 10 ms). Returns per function the median ms per call and the median of its per-round ratios to the first.
 */
export function pairedRounds(fns, rounds) {
  const reps = fns.map((fn) => Math.max(1, Math.ceil(10 / Math.max(cpuMsPerCall(fn, 3), 1e-4))));
  const samples = fns.map(() => []);
  for (let r = 0; r < rounds; r++)
    for (let i = 0; i < fns.length; i++) {
      const k = (i + r) % fns.length;
      samples[k].push(cpuMsPerCall(fns[k], reps[k]));
    }
  return samples.map((s) => ({ medianMs: median(s), ratioToFirst: median(s.map((v, r) => v / samples[0][r])) }));
}
