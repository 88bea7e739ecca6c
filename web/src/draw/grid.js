// One grid, drawn on a canvas: every grid of the lab is one of these. It draws what it is handed
// (values as digits, or as a heatmap when cells are too small for digits; cell kinds as fills,
// patterns and marks, so they differ without colour), keeps highlights on a second canvas (hover,
// focus, step and Play redraw only that), finds the cell under the pointer, moves a keyboard
// cursor with the arrow keys and edits values in place (editable grids). The element that draws it
// carries the test hooks data-grid, data-rows and data-cols, and `cellInfo(i)` / `marked()`.
//
// Why a canvas: a grid of DOM cells costs style, layout and paint per cell; at 16x16 ConvT the
// four grids have ~2,500 cells and a redraw took 250-550 ms. A canvas costs one bitmap.
import { h, fmt } from './dom.js';

/** Below this cell size (CSS px) values are drawn as a heatmap instead of digits. */
export const MIN_DIGIT_CELL = 17;
/** Grid lines are drawn down to this cell size. */
const MIN_LINE_CELL = 5;
const MIN_CORNER_CELL = 22; // below this a corner label would cover the digits

/** Colours of kernel taps while stepping or playing (tap t gets TAP_COLOURS[t % n]); letters too, so not colour alone. */
export const TAP_COLOURS = ['#e6194b', '#3cb44b', '#4363d8', '#f58231', '#911eb4', '#42d4f4', '#f032e6', '#9a6324', '#469990', '#808000', '#000075', '#e6beff'];
const LETTERS = 'abcdefghijklmnopqrstuvwxyz';
export const tapLetter = (t) => (t < LETTERS.length ? LETTERS[t] : String(t));

/**
 * Colours, read from the lab's CSS custom properties. They depend only on the colour scheme (the
 * lab sets every one itself), so they are read once per scheme: a style read between DOM writes
 * forces a style recalculation, which cost 20 ms per redraw when every grid read them.
 */
const themes = new Map();
export function theme(el) {
  const dark = typeof matchMedia === 'function' && matchMedia('(prefers-color-scheme: dark)').matches;
  let th = themes.get(dark);
  if (!th) { th = readTheme(el); if (th.found) themes.set(dark, th); }
  return th;
}
function readTheme(el) {
  const cs = getComputedStyle(el);
  const v = (name, fallback) => cs.getPropertyValue(name).trim() || fallback;
  return {
    bg: v('--bg', '#fff'), fg: v('--fg', '#1b1f24'), muted: v('--muted', '#596270'), border: v('--border', '#cfd5de'),
    orig: v('--orig-bg', '#d9e6ff'), origLine: v('--orig-border', '#6f8fd6'), pattern: v('--pattern', 'rgba(90,100,115,0.35)'),
    hl: v('--hl-bg', '#ffd84d'), hlLine: v('--hl-line', '#a57800'), accent: v('--accent', '#2457c5'), accentSoft: v('--accent-soft', '#dbe6ff'),
    heatNeg: v('--heat-neg', '#2f6fd6'), heatPos: v('--heat-pos', '#d9480f'), heatZero: v('--heat-zero', '#ffffff'),
    dark: v('--heat-dark', '0') === '1',
    found: cs.getPropertyValue('--bg').trim() !== '',
  };
}

const parseColour = (() => {
  const cache = new Map();
  let probe = null;
  return (c) => {
    if (cache.has(c)) return cache.get(c);
    if (!probe) { probe = document.createElement('canvas').getContext('2d', { willReadFrequently: true }); probe.canvas.width = probe.canvas.height = 1; }
    probe.clearRect(0, 0, 1, 1); probe.fillStyle = '#000'; probe.fillStyle = c; probe.fillRect(0, 0, 1, 1);
    const d = probe.getImageData(0, 0, 1, 1).data;
    const rgb = [d[0], d[1], d[2]];
    cache.set(c, rgb);
    return rgb;
  };
})();

/** The heatmap colour of value v on the scale [-m, m] (m = max |value|): negative blue, positive orange, 0 neutral. */
export function heatRGB(v, m, th) {
  const z = parseColour(th.heatZero);
  if (!(m > 0) || !Number.isFinite(v)) return Number.isNaN(v) ? parseColour(th.muted) : z;
  const t = Math.max(-1, Math.min(1, v / m));
  const end = parseColour(t < 0 ? th.heatNeg : th.heatPos);
  const a = Math.abs(t);
  return [0, 1, 2].map((k) => Math.round(z[k] + (end[k] - z[k]) * a));
}

/** One scratch canvas for heatmaps (one pixel per cell), grown as needed and shared by every grid. */
let scratchCanvas = null, scratchCtx = null;
function scratch(w, h) {
  if (!scratchCanvas) { scratchCanvas = document.createElement('canvas'); scratchCtx = scratchCanvas.getContext('2d'); }
  if (scratchCanvas.width < w || scratchCanvas.height < h) {
    scratchCanvas.width = Math.max(w, scratchCanvas.width); scratchCanvas.height = Math.max(h, scratchCanvas.height);
    scratchCtx = scratchCanvas.getContext('2d');
  }
  return scratchCtx;
}

/** Kinds drawn with a pattern; the copies of pixels (padding modes) also keep a pixel's fill. */
const PATTERNED = { zero: 1, pad: 1, opad: 1, refl: 1, repl: 1, wrap: 1 };
const COPIES = { refl: 1, repl: 1, wrap: 1 };

const patternCache = new WeakMap();
/** Small repeating tiles for the cell kinds (inserted zero: hatch; padding: dots; output_padding: cross-hatch; border values: ring). */
function patterns(g, th) {
  let per = patternCache.get(g);
  if (per && per.key === th.pattern) return per;
  const tile = (draw) => { const c = document.createElement('canvas'); c.width = c.height = 6; const x = c.getContext('2d'); x.strokeStyle = x.fillStyle = th.pattern; x.lineWidth = 1.2; draw(x); return g.createPattern(c, 'repeat'); };
  per = {
    key: th.pattern,
    zero: tile((x) => { x.beginPath(); x.moveTo(0, 6); x.lineTo(6, 0); x.moveTo(-1, 1); x.lineTo(1, -1); x.moveTo(5, 7); x.lineTo(7, 5); x.stroke(); }),
    pad: tile((x) => { x.beginPath(); x.arc(3, 3, 1.1, 0, 2 * Math.PI); x.fill(); }),
    opad: tile((x) => { x.beginPath(); x.moveTo(0, 3); x.lineTo(6, 3); x.moveTo(3, 0); x.lineTo(3, 6); x.stroke(); }),
    // copies of pixels made by padding_mode: reflected (the other diagonal), replicated (horizontal lines), wrapped (rings)
    refl: tile((x) => { x.beginPath(); x.moveTo(0, 0); x.lineTo(6, 6); x.moveTo(-1, 5); x.lineTo(1, 7); x.moveTo(5, -1); x.lineTo(7, 1); x.stroke(); }),
    repl: tile((x) => { x.beginPath(); x.moveTo(0, 1.5); x.lineTo(6, 1.5); x.moveTo(0, 4.5); x.lineTo(6, 4.5); x.stroke(); }),
    wrap: tile((x) => { x.beginPath(); x.arc(3, 3, 1.8, 0, 2 * Math.PI); x.stroke(); }),
  };
  patternCache.set(g, per);
  return per;
}

/**
 * @param {object} o
 * @param {string} o.name        data-grid value
 * @param {string} o.label       accessible name
 * @param {boolean} [o.editable] digits / Enter edit the value under the cursor
 * @param {(i: number|null, how: 'hover'|'focus'|'click') => void} [o.onPoint]
 * @param {(i: number, op: object) => void} [o.onEdit]
 * @param {string} [o.describedBy] id of the live readout that says what the cursor is on
 */
export function createGrid({ name, label, editable = false, onPoint, onEdit, describedBy, keyHelp }) {
  const base = h('canvas', { class: 'base', 'aria-hidden': 'true' });
  const over = h('canvas', { class: 'over', 'aria-hidden': 'true' });
  const el = h('div', {
    class: 'grid', 'data-grid': name, role: 'application', 'aria-roledescription': 'grid', 'aria-label': label,
    tabindex: '0', 'aria-describedby': describedBy || null, 'data-rows': '0', 'data-cols': '0',
  }, h('div', { class: 'clip' }, base, over));
  if (keyHelp) el.setAttribute('aria-keyshortcuts', keyHelp);
  // a grid without the lab's readout announces the cell under its cursor itself
  const live = describedBy ? null : h('span', { class: 'sr-only', 'aria-live': 'polite' });
  if (live) el.append(live);
  let d = null;          // what is drawn: { rows, cols, cell, values, text, kinds, kindOf, heat, blank, describe }
  let marks = new Map(); // i -> 'sel' | 'hl' | 'hl-zero'
  let taps = null;       // i -> tap index (step / Play colours)
  let window_ = null;    // { r0, c0, r1, c1 }: the kernel's window on this grid (step / Play)
  let active = 0, lastHover = -1, th = null, dpr = 1, drawnTheme = null;
  const themeChanged = () => theme(el) !== drawnTheme;
  const baseCtx = base.getContext('2d'), overCtx = over.getContext('2d');

  /**
   * Canvases are allocated in steps of BUCKET CSS px and clipped by the grid element, so a grid
   * that grows or shrinks by a row keeps its bitmaps (a new bitmap costs an allocation and a
   * compositor upload; at 16x16 that was a third of a redraw).
   */
  const BUCKET = 96;
  let drawnW = 0, drawnH = 0; // the area the last drawing covered (CSS px), to clear only that
  function size(canvas, w, hgt) {
    const bw = Math.ceil(Math.max(w, 1) / BUCKET) * BUCKET, bh = Math.ceil(Math.max(hgt, 1) / BUCKET) * BUCKET;
    const W = Math.round(bw * dpr), H = Math.round(bh * dpr);
    if (canvas.width !== W || canvas.height !== H) {
      canvas.width = W; canvas.height = H; // a new bitmap is blank
      canvas.style.width = `${bw}px`; canvas.style.height = `${bh}px`;
      if (canvas === over) dirty = [];
    }
  }

  /** Text of cell i as drawn (and read out). */
  const textOf = (i) => (d.text ? d.text(i) : fmt(d.values[i]));
  const digits = () => d.cell >= MIN_DIGIT_CELL && !d.heatOnly;

  /**
   * Draws a grid. `data`: { rows, cols, cell (CSS px), values, text?(i), kinds? (i -> 'orig'|'zero'|'pad'|'opad'|'plain'),
   * describe?(i) (what the readout says), heatOnly? (always a heatmap), heatFill? (digits on heatmap colours),
   * blank?(i) (not computed yet: Play), emphasis? ('orig' or 'kernel': how every cell is drawn when there are no kinds),
   * corner?(i) (a short label in the cell's top-left corner, drawn with the digits) }.
   */
  let drawnKey = null;
  function draw(data) {
    // the same picture again (a kernel when only the input's size changed): nothing to redraw
    const key = data.values && !data.kinds && !data.blank && !data.text && data.rows * data.cols <= 1024
      ? `${data.rows}|${data.cols}|${data.cell}|${data.emphasis}|${data.heatOnly}|${data.heatFill}|${Array.prototype.join.call(data.values, ',')}` : null;
    if (key && key === drawnKey && d && !themeChanged()) { d = { ...data, heat: d.heat }; return; }
    drawnKey = key;
    d = data;
    dpr = Math.min(2, globalThis.devicePixelRatio || 1);
    th = theme(el);
    drawnTheme = th;
    const { rows, cols, cell } = d;
    el.dataset.rows = String(rows);
    el.dataset.cols = String(cols);
    el.dataset.cell = String(cell);
    el.dataset.render = digits() ? 'digits' : 'heat';
    const w = cols * cell, hgt = rows * cell;
    el.style.width = `${w}px`; el.style.height = `${hgt}px`;
    size(base, w, hgt); size(over, w, hgt);
    if (active >= rows * cols) active = 0;
    paintBase();
    paintMarks();
  }

  /** max |value| over the grid (the heatmap's scale and its legend). */
  function heatScale() {
    let m = 0;
    for (let i = 0; i < d.rows * d.cols; i++) { const a = Math.abs(d.values[i]); if (a > m && Number.isFinite(a)) m = a; }
    return m;
  }

  /**
   * The grid itself. Cells are grouped by kind and drawn with one path per kind and style (a
   * canvas state change per cell cost more than the drawing); a heatmap is one pixel per cell,
   * scaled up without smoothing.
   */
  function paintBase() {
    const g = baseCtx;
    g.setTransform(dpr, 0, 0, dpr, 0, 0);
    const { rows, cols, cell } = d;
    const n = rows * cols, W = cols * cell, H = rows * cell;
    g.clearRect(0, 0, Math.max(W, drawnW), Math.max(H, drawnH));
    drawnW = W; drawnH = H;
    const kinds = new Array(n);
    const kindOf = d.kinds;
    for (let i = 0; i < n; i++) kinds[i] = kindOf ? kindOf(i) : d.emphasis || 'plain';
    const blankAt = d.blank || (() => false);
    const P = patterns(g, th);
    const patterned = (k) => k in PATTERNED;
    const needHeat = !digits() || d.heatFill;
    // kind -> Path2D of its cells (inset by `inset`); a heatmap needs only the patterned kinds'
    const groups = new Map();
    const inset = digits() ? 1 : 0;
    for (let i = 0; i < n; i++) {
      const k = kinds[i];
      if (needHeat && !digits() && !patterned(k)) continue;
      let p = groups.get(k);
      if (!p) groups.set(k, p = new Path2D());
      p.rect((i % cols) * cell + inset, Math.floor(i / cols) * cell + inset, cell - 2 * inset, cell - 2 * inset);
    }
    const m = needHeat ? heatScale() : null;
    d.heat = m;
    if (needHeat) {
      const img = g.createImageData(cols, rows);
      const bg = parseColour(th.bg), z = parseColour(th.heatZero), neg = parseColour(th.heatNeg), pos = parseColour(th.heatPos), nan = parseColour(th.muted);
      const px = img.data;
      for (let i = 0; i < n; i++) {
        const v = d.values[i];
        // a flat colour (not computed yet: the background; NaN: grey), else zero -> the end colour by |v| / max
        let from = z, to = z, a = 0;
        if (blankAt(i)) { from = bg; } else if (Number.isNaN(v)) { from = nan; } else if (m > 0) { to = v < 0 ? neg : pos; a = Math.min(1, Math.abs(v) / m); }
        px[4 * i] = from[0] + (to[0] - from[0]) * a;
        px[4 * i + 1] = from[1] + (to[1] - from[1]) * a;
        px[4 * i + 2] = from[2] + (to[2] - from[2]) * a;
        px[4 * i + 3] = 255;
      }
      const tmp = scratch(cols, rows);
      tmp.putImageData(img, 0, 0);
      g.imageSmoothingEnabled = false;
      g.drawImage(tmp.canvas, 0, 0, cols, rows, 0, 0, W, H);
    } else {
      for (const [k, path] of groups) {
        g.fillStyle = k === 'orig' ? th.orig : th.bg;
        g.fill(path);
        // a copy of a pixel (padding_mode) is a pale pixel: the value is real, the cell is padding
        if (k in COPIES) { g.globalAlpha = 0.45; g.fillStyle = th.orig; g.fill(path); g.globalAlpha = 1; }
      }
    }
    // kinds that are not pixels get their pattern on top (still distinguishable without colour)
    if (cell >= 3) for (const [k, path] of groups) if (patterned(k)) { g.fillStyle = P[k]; g.fill(path); }
    if (digits()) {
      // borders tell the kinds apart too: pixel solid, padding dashed, output_padding double, kernel thick
      for (const [k, path] of groups) {
        const b = new Path2D();
        b.addPath(path, new DOMMatrix([1, 0, 0, 1, 0.5, 0.5]));
        g.strokeStyle = k === 'orig' || k in COPIES ? th.origLine : k === 'kernel' ? th.fg : th.border;
        g.lineWidth = k === 'kernel' ? 2 : 1;
        g.setLineDash(k === 'pad' || k in COPIES ? [3, 2] : []);
        g.stroke(b);
      }
      g.setLineDash([]);
      if (groups.has('opad')) {
        g.strokeStyle = th.border;
        g.beginPath();
        for (let i = 0; i < n; i++) if (kinds[i] === 'opad') g.rect((i % cols) * cell + 3.5, Math.floor(i / cols) * cell + 3.5, cell - 7, cell - 7);
        g.stroke();
      }
      // text: the font changes only when the size or weight does; a value's text is formatted once
      const fontPx = Math.max(9, Math.round(cell * 0.46));
      g.textAlign = 'center'; g.textBaseline = 'middle';
      let font = '', fill = '';
      const fonts = new Map(), texts = d.text ? null : new Map();
      const fontOf = (weight, size) => { const key = weight * 1000 + size; let f = fonts.get(key); if (!f) fonts.set(key, f = `${weight} ${size}px system-ui, -apple-system, "Segoe UI", Roboto, sans-serif`); return f; };
      for (let i = 0; i < n; i++) {
        if (blankAt(i)) continue;
        let t;
        if (texts) { const v = d.values[i]; t = texts.get(v); if (t === undefined) texts.set(v, t = fmt(v)); } else t = d.text(i);
        if (!t) continue;
        const k = kinds[i];
        const weight = k === 'orig' || k === 'kernel' || k in COPIES ? 600 : 400;
        let size = Math.min(fontPx, Math.floor((cell - 4) / (0.62 * Math.max(1, t.length))));
        let f = fontOf(weight, size);
        if (f !== font) { g.font = f; font = f; }
        if (t.length >= 3) { // long numbers: measured, and made smaller until they fit the cell
          const w = g.measureText(t).width;
          if (w > cell - 3) {
            size = Math.max(6, Math.floor((size * (cell - 3)) / w));
            f = fontOf(weight, size);
            g.font = f; font = f;
          }
        }
        const hot = d.heatFill && m > 0 && Math.abs(d.values[i]) / m > 0.55;
        const c = hot ? '#ffffff' : patterned(k) && !(k in COPIES) ? th.muted : th.fg;
        if (c !== fill) { g.fillStyle = c; fill = c; }
        g.fillText(t, (i % cols) * cell + cell / 2, Math.floor(i / cols) * cell + cell / 2 + 0.5);
      }
      if (d.corner && cell >= MIN_CORNER_CELL) {
        g.font = fontOf(700, Math.max(8, Math.round(cell * 0.26)));
        g.textAlign = 'left'; g.textBaseline = 'top'; g.fillStyle = th.muted;
        for (let i = 0; i < n; i++) { const t = d.corner(i); if (t) g.fillText(t, (i % cols) * cell + 2, Math.floor(i / cols) * cell + 1.5); }
      }
    } else if (cell >= MIN_LINE_CELL) {
      g.strokeStyle = th.dark ? 'rgba(255,255,255,0.10)' : 'rgba(0,0,0,0.10)';
      g.lineWidth = 1;
      g.beginPath();
      for (let r = 0; r <= rows; r++) { g.moveTo(0, r * cell + 0.5); g.lineTo(W, r * cell + 0.5); }
      for (let c = 0; c <= cols; c++) { g.moveTo(c * cell + 0.5, 0); g.lineTo(c * cell + 0.5, H); }
      g.stroke();
    }
  }

  // What the highlight canvas holds, as rectangles (CSS px): a repaint clears only those, not the
  // whole bitmap (clearing every highlight canvas in full was a sixth of a redraw).
  let dirty = [];
  function paintMarks() {
    const g = overCtx;
    g.setTransform(dpr, 0, 0, dpr, 0, 0);
    const { rows, cols, cell } = d;
    for (const [x, y, w, hh] of dirty) g.clearRect(x - 2, y - 2, w + 4, hh + 4);
    dirty = [];
    const lw = cell >= 12 ? 3 : cell >= 6 ? 2 : 1;
    const rect = (i, inset) => [(i % cols) * cell + inset, Math.floor(i / cols) * cell + inset, cell - 2 * inset, cell - 2 * inset];
    for (const [i, cls] of marks) {
      if (!(i < rows * cols)) continue;
      dirty.push(rect(i, 0));
      const tap = taps ? taps.get(i) : undefined;
      const colour = tap !== undefined ? TAP_COLOURS[tap % TAP_COLOURS.length] : cls === 'sel' ? th.accent : th.hlLine;
      if (cls === 'hl' && tap === undefined) { g.globalAlpha = 0.55; g.fillStyle = th.hl; g.fillRect(...rect(i, 1)); g.globalAlpha = 1; }
      if (tap !== undefined) { g.globalAlpha = 0.22; g.fillStyle = colour; g.fillRect(...rect(i, 1)); g.globalAlpha = 1; }
      g.strokeStyle = colour;
      g.lineWidth = lw;
      if (cls === 'hl-zero') g.setLineDash([Math.max(2, lw * 1.5), Math.max(2, lw)]);
      g.strokeRect(...rect(i, lw / 2 + (cell >= 12 ? 1 : 0)));
      g.setLineDash([]);
      if (cls === 'sel' && cell >= 10) { g.strokeStyle = th.bg; g.lineWidth = 1; g.strokeRect(...rect(i, lw + 1.5)); }
      // the tap's letter in the corner: the tap is named without colour too
      if (tap !== undefined && cell >= 14) {
        g.font = `700 ${Math.max(8, Math.round(cell * 0.26))}px system-ui, sans-serif`;
        g.textAlign = 'left'; g.textBaseline = 'top'; g.fillStyle = colour;
        g.fillText(tapLetter(tap), (i % cols) * cell + lw + 1, Math.floor(i / cols) * cell + lw);
      }
    }
    if (window_) {
      const { r0, c0, r1, c1 } = window_;
      g.strokeStyle = th.fg; g.lineWidth = 2; g.setLineDash([5, 3]);
      g.strokeRect(c0 * cell + 1, r0 * cell + 1, (c1 - c0 + 1) * cell - 2, (r1 - r0 + 1) * cell - 2);
      g.setLineDash([]);
      dirty.push([c0 * cell, r0 * cell, (c1 - c0 + 1) * cell, (r1 - r0 + 1) * cell]);
    }
    // the keyboard cursor, when the grid has focus
    if (el.matches(':focus-visible') || el.matches(':focus')) {
      if (active < rows * cols) { g.strokeStyle = th.accent; g.lineWidth = 2; g.setLineDash([2, 2]); g.strokeRect(...rect(active, 1)); g.setLineDash([]); dirty.push(rect(active, 0)); }
    }
  }

  /** Highlights: `m` maps cell -> 'sel' | 'hl' | 'hl-zero'; `tapMap` cell -> tap index; `win` the kernel's window. */
  function mark(m, tapMap = null, win = null) {
    marks = m || new Map();
    taps = tapMap;
    window_ = win;
    if (d) paintMarks();
  }

  // --- pointer and keyboard ----------------------------------------------------------------------
  const cellAt = (e) => {
    if (!d) return -1;
    const r = base.getBoundingClientRect();
    const c = Math.floor((e.clientX - r.left) / d.cell), row = Math.floor((e.clientY - r.top) / d.cell);
    return row >= 0 && row < d.rows && c >= 0 && c < d.cols ? row * d.cols + c : -1;
  };
  el.addEventListener('pointermove', (e) => { const i = cellAt(e); if (i !== lastHover) { lastHover = i; onPoint?.(i >= 0 ? i : null, 'hover'); } });
  el.addEventListener('pointerleave', () => { if (lastHover !== -1) { lastHover = -1; onPoint?.(null, 'hover'); } });
  el.addEventListener('click', (e) => {
    if (e.target !== base && e.target !== over && e.target !== el) return;
    const i = cellAt(e); if (i < 0) return;
    active = i;
    if (document.activeElement !== el && el.getRootNode().activeElement !== el) el.focus({ preventScroll: true });
    onPoint?.(i, 'click');
    if (editable) openEditor(i);
  });
  const announce = () => { if (live && d) live.textContent = d.describe ? d.describe(active) : `${label}: ${textOf(active)}`; };
  el.addEventListener('focus', () => { if (d) { paintMarks(); announce(); onPoint?.(active, 'focus'); } });
  el.addEventListener('blur', () => { if (d) paintMarks(); });
  el.addEventListener('keydown', (e) => {
    if (!d || e.target !== el) return;
    const { rows, cols } = d;
    const y = Math.floor(active / cols), x = active % cols;
    const move = { ArrowLeft: [0, -1], ArrowRight: [0, 1], ArrowUp: [-1, 0], ArrowDown: [1, 0] }[e.key];
    const go = (i) => { active = i; paintMarks(); announce(); onPoint?.(i, 'focus'); e.preventDefault(); };
    if (move) return go(Math.max(0, Math.min(rows - 1, y + move[0])) * cols + Math.max(0, Math.min(cols - 1, x + move[1])));
    if (e.key === 'Home') return go(e.ctrlKey ? 0 : y * cols);
    if (e.key === 'End') return go(e.ctrlKey ? rows * cols - 1 : y * cols + cols - 1);
    if (e.key === 'PageUp') return go(Math.max(0, y - 8) * cols + x);
    if (e.key === 'PageDown') return go(Math.min(rows - 1, y + 8) * cols + x);
    if (!editable) return;
    if (/^[0-9]$/.test(e.key)) { onEdit?.(active, { set: Number(e.key) }); e.preventDefault(); }
    else if (e.key === '-') { onEdit?.(active, { negate: true }); e.preventDefault(); }
    else if (e.key === '+' || e.key === '=') { onEdit?.(active, { add: 1 }); e.preventDefault(); }
    else if (e.key === 'Backspace' || e.key === 'Delete') { onEdit?.(active, { set: 0 }); e.preventDefault(); }
    else if (e.key === 'Enter' || e.key === 'F2') { openEditor(active); e.preventDefault(); }
  });

  function openEditor(i) {
    if (!d || el.querySelector('input')) return;
    const cell = d.cell, size = Math.max(cell, 44);
    const input = h('input', { type: 'text', inputmode: 'decimal', class: 'cell-editor', value: fmt(d.values[i]).replace('\u2212', '-'), 'aria-label': d.describe ? d.describe(i) : label });
    input.style.left = `${(i % d.cols) * cell - (size - cell) / 2}px`;
    input.style.top = `${Math.floor(i / d.cols) * cell - (size - cell) / 2}px`;
    input.style.width = `${size}px`; input.style.height = `${size}px`;
    el.append(input);
    input.select();
    input.focus();
    let done = false;
    const finish = (commit) => {
      if (done) return; done = true;
      const text = input.value.replace('\u2212', '-').trim();
      const v = Number(text);
      input.remove();
      el.focus({ preventScroll: true });
      if (commit && text !== '' && Number.isFinite(v)) onEdit?.(i, { set: v });
    };
    input.addEventListener('keydown', (e) => {
      if (e.key === 'Enter') { e.preventDefault(); finish(true); }
      else if (e.key === 'Escape') { e.preventDefault(); finish(false); }
      e.stopPropagation();
    });
    input.addEventListener('blur', () => finish(true));
  }

  // test hooks and the readout: what a cell shows, its kind and highlight
  el.cellInfo = (i) => (d && i >= 0 && i < d.rows * d.cols ? {
    text: digits() ? textOf(i) : fmt(d.values[i]), value: d.values[i], kind: d.kinds ? d.kinds(i) : d.emphasis || 'plain',
    mark: marks.get(i) || null, tap: taps && taps.has(i) ? taps.get(i) : null, blank: !!(d.blank && d.blank(i)),
  } : null);
  el.marked = () => Object.fromEntries([...marks].filter(([i]) => d && i < d.rows * d.cols));

  return {
    el, draw, mark,
    get size() { return d ? [d.rows, d.cols] : [0, 0]; },
    get heat() { return d ? d.heat : null; },
    get active() { return active; },
    setActive(i) { if (d && i >= 0 && i < d.rows * d.cols) { active = i; paintMarks(); } },
    focus() { el.focus(); },
  };
}
