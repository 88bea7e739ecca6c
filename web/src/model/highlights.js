// What lights up when a cell is pointed at or stepped to, and which terms make an output cell:
// index arithmetic over explain()'s tables (taps, scatter, sources), no sizes computed here.
/**
 * What lights up when cell `index` of grid `grid` is pointed at, or stepped to.
 * Returns { gridName: Map(i -> 'sel' | 'hl' | 'hl-zero') }, `taps` (gridName: Map(i -> kernel tap),
 * the colours of step and Play) and `window` (the kernel's window on the stuffed grid).
 */
export function highlights(state, sel) {
  const res = { input: new Map(), kernel: new Map(), flipped: new Map(), stuffed: new Map(), output: new Map(), matrix: null, taps: null, window: null };
  if (!sel || !state) return res;
  const { ex } = state;
  // The matrix's rows are the output cells and its columns the input cells (C, or C^T in convT mode).
  if (sel.grid === 'matrix') {
    const cols = ex.matrix.cols;
    const row = Math.floor(sel.index / cols);
    if (!(row < ex.matrix.rows)) return res;
    const r = highlights(state, { grid: 'output', index: row });
    r.matrix = { row, col: null, cell: sel.index };
    return r;
  }
  if (sel.grid === 'output') res.matrix = { row: sel.index, col: null, cell: null };
  if (sel.grid === 'input') res.matrix = { row: null, col: sel.index, cell: null };
  const K = ex.kernel.rows * ex.kernel.cols;
  const src = ex.stuffed.source;
  const conv = state.conv;
  const setOnce = (map, i, cls) => { if (map.get(i) !== 'hl' && map.get(i) !== 'sel') map.set(i, cls); };
  const drawn = conv ? res.kernel : res.flipped;
  if (sel.grid === 'output') {
    const o = sel.index;
    if (o >= ex.output.rows * ex.output.cols) return res;
    res.output.set(o, 'sel');
    const taps = { stuffed: new Map(), input: new Map(), kernel: new Map(), flipped: new Map() };
    const S = ex.stuffed.cols;
    let r0 = Infinity, c0 = Infinity, r1 = -1, c1 = -1;
    for (let t = 0; t < K; t++) {
      const si = ex.taps[o * K + t];
      const r = Math.floor(si / S), c = si % S;
      r0 = Math.min(r0, r); r1 = Math.max(r1, r); c0 = Math.min(c0, c); c1 = Math.max(c1, c);
      taps.stuffed.set(si, t);
      (conv ? taps.kernel : taps.flipped).set(t, t);
      if (src[si] >= 0) {
        res.stuffed.set(si, 'hl'); res.input.set(src[si], 'hl'); drawn.set(t, 'hl');
        taps.input.set(src[si], t);
        if (!conv) { res.kernel.set(ex.kernelFrom[t], 'hl'); taps.kernel.set(ex.kernelFrom[t], t); }
      } else { setOnce(res.stuffed, si, 'hl-zero'); setOnce(drawn, t, 'hl-zero'); }
    }
    if (!conv) for (let t = 0; t < K; t++) if (!taps.kernel.has(ex.kernelFrom[t])) taps.kernel.set(ex.kernelFrom[t], t);
    res.taps = taps;
    res.window = K ? { r0, c0, r1, c1 } : null;
  } else if (sel.grid === 'input') {
    const i = sel.index;
    if (i >= ex.input.rows * ex.input.cols) return res;
    res.input.set(i, 'sel');
    for (let t = 0; t < K; t++) {
      const o = ex.scatter[i * K + t];
      if (o >= 0) { res.output.set(o, 'hl'); res.kernel.set(t, 'hl'); }
    }
    for (let s = 0; s < src.length; s++) if (src[s] === i) res.stuffed.set(s, 'sel');
    if (!conv) for (let t = 0; t < K; t++) if (res.kernel.has(ex.kernelFrom[t])) res.flipped.set(t, 'hl');
  } else if (sel.grid === 'stuffed') {
    const s = sel.index;
    if (s >= src.length) return res;
    res.stuffed.set(s, 'sel');
    if (src[s] >= 0) res.input.set(src[s], 'hl');
    const n = ex.output.rows * ex.output.cols;
    for (let o = 0; o < n; o++) for (let t = 0; t < K; t++) if (ex.taps[o * K + t] === s) res.output.set(o, 'hl');
  } else if (sel.grid === 'kernel' || sel.grid === 'flipped') {
    const t = sel.index;
    if (t >= K) return res;
    if (sel.grid === 'kernel') { res.kernel.set(t, 'sel'); if (!conv) for (let u = 0; u < K; u++) if (ex.kernelFrom[u] === t) res.flipped.set(u, 'hl'); }
    else { res.flipped.set(t, 'sel'); res.kernel.set(ex.kernelFrom[t], 'hl'); }
  }
  return res;
}

/** The (input, tap) pairs whose scatter lands on output o, and the stuffed taps under the window. */
export function contributions(state, o) {
  const { ex } = state;
  const K = ex.kernel.rows * ex.kernel.cols;
  const scatter = [];
  const n = ex.input.rows * ex.input.cols;
  for (let i = 0; i < n; i++) for (let t = 0; t < K; t++) if (ex.scatter[i * K + t] === o) scatter.push([i, t]);
  const window = [];
  for (let t = 0; t < K; t++) window.push([ex.taps[o * K + t], t]);
  return { scatter, window };
}

/**
 * highlights(st, sel), kept per state: the same object while the state and the cell pointed at are
 * the same, so the grids repaint their highlights only when these change (not for a key typed in
 * another view), and an export of the moment reads what the frame drew. Read-only for its users.
 */
const highlightsByState = new WeakMap();
export function highlightsOf(st, sel) {
  const last = highlightsByState.get(st);
  const same = (a, b) => a === b || (a && b && a.grid === b.grid && a.index === b.index);
  if (last && same(last.sel, sel)) return last.hl;
  const hl = highlights(st, sel);
  highlightsByState.set(st, { sel, hl });
  return hl;
}
