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
import {
  paletteOf, cellStyle, markStyle, heatColour, valueFontSize, HOT_SHARE, MIN_DIGIT_CELL, PATTERNS, PATTERN_TILE, PATTERN_LINE, WINDOW_STYLE,
} from './cell-style.js';

/** Grid lines are drawn down to this cell size. */
const MIN_LINE_CELL = 5;
const MIN_CORNER_CELL = 22; // below this a corner label would cover the digits

/** The palette of the page's colour scheme (cell-style.js; the CSS custom properties are written from the same table). */
export const currentPalette = () => paletteOf(typeof matchMedia === 'function' && matchMedia('(prefers-color-scheme: dark)').matches);
const css = (hex, opacity = 1) => (opacity === 1 ? hex : `rgba(${[1, 3, 5].map((k) => parseInt(hex.slice(k, k + 2), 16)).join(',')},${opacity})`);

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

const patternCache = new WeakMap();
/** The kind patterns (cell-style.js PATTERNS) as repeating canvas patterns of a context, per palette. */
function patterns(g, p) {
  let per = patternCache.get(g);
  if (per && per.palette === p) return per;
  per = { palette: p };
  for (const [kind, { d, paint }] of Object.entries(PATTERNS)) {
    const c = document.createElement('canvas');
    c.width = c.height = PATTERN_TILE;
    const x = c.getContext('2d');
    x.strokeStyle = x.fillStyle = css(p.pattern, p.patternOpacity);
    x.lineWidth = PATTERN_LINE;
    if (paint === 'fill') x.fill(new Path2D(d)); else x.stroke(new Path2D(d));
    per[kind] = g.createPattern(c, 'repeat');
  }
  patternCache.set(g, per);
  return per;
}

/**
 * Cells of one kind as the grid draws them, all at once: `path` holds their squares (already inset
 * by 1 px when digits are shown). Fill and copy tint (unless a heatmap fills them), pattern, then
 * border and ring (with digits).
 */
function paintKind(g, kind, path, { p, pats, fill, border, cell, ringCells }) {
  const s = cellStyle(kind);
  if (fill) {
    g.fillStyle = p[s.fill];
    g.fill(path);
    if (s.tint) { g.globalAlpha = s.tint; g.fillStyle = p.orig; g.fill(path); g.globalAlpha = 1; }
  }
  if (s.pattern && cell >= 3) { g.fillStyle = pats[s.pattern]; g.fill(path); }
  if (!border) return;
  const b = new Path2D();
  b.addPath(path, new DOMMatrix([1, 0, 0, 1, 0.5, 0.5]));
  g.strokeStyle = p[s.stroke];
  g.lineWidth = s.lineWidth;
  g.setLineDash(s.dash || []);
  g.stroke(b);
  g.setLineDash([]);
  if (s.ring && ringCells) {
    g.strokeStyle = p.border;
    g.beginPath();
    for (const [x, y] of ringCells) g.rect(x + s.ring.inset, y + s.ring.inset, cell - 2 * s.ring.inset, cell - 2 * s.ring.inset);
    g.stroke();
  }
}

/** One legend swatch: a canvas of `size` CSS px drawn as a cell of `kind` (the same code as the grids). */
export function paintSwatch(canvas, kind, size = 16) {
  const dpr = Math.min(2, globalThis.devicePixelRatio || 1);
  const p = currentPalette();
  canvas.width = canvas.height = Math.round(size * dpr);
  canvas.style.width = canvas.style.height = `${size}px`;
  const g = canvas.getContext('2d');
  g.setTransform(dpr, 0, 0, dpr, 0, 0);
  g.clearRect(0, 0, size, size);
  const path = new Path2D();
  path.rect(0, 0, size - 1, size - 1);
  paintKind(g, kind, path, { p, pats: patterns(g, p), fill: true, border: true, cell: size, ringCells: [[-0.5, -0.5]] });
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
  let active = 0, lastHover = -1, th = null, dpr = 1;
  const themeChanged = () => currentPalette() !== th;
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
    th = currentPalette();
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
    const digitsShown = digits();
    const needHeat = !digitsShown || d.heatFill;
    // kind -> Path2D of its cells (inset by 1 px with digits); a heatmap needs only the patterned kinds'
    const groups = new Map();
    const inset = digitsShown ? 1 : 0;
    const ringCells = [];
    for (let i = 0; i < n; i++) {
      const k = kinds[i];
      if (!digitsShown && !cellStyle(k).pattern) continue;
      let path = groups.get(k);
      if (!path) groups.set(k, path = new Path2D());
      const x = (i % cols) * cell, y = Math.floor(i / cols) * cell;
      path.rect(x + inset, y + inset, cell - 2 * inset, cell - 2 * inset);
      if (cellStyle(k).ring) ringCells.push([x, y]);
    }
    const m = needHeat ? heatScale() : null;
    d.heat = m;
    if (needHeat) {
      const img = g.createImageData(cols, rows);
      const px = img.data;
      const rgb = [0, 0, 0];
      for (let i = 0; i < n; i++) {
        heatColour(d.values[i], m, th, blankAt(i), rgb);
        px[4 * i] = rgb[0]; px[4 * i + 1] = rgb[1]; px[4 * i + 2] = rgb[2]; px[4 * i + 3] = 255;
      }
      const tmp = scratch(cols, rows);
      tmp.putImageData(img, 0, 0);
      g.imageSmoothingEnabled = false;
      g.drawImage(tmp.canvas, 0, 0, cols, rows, 0, 0, W, H);
    }
    // digits on heat colours (the overlap view) keep the heat fill: only the pattern and border go on top
    const pats = patterns(g, th);
    for (const [k, path] of groups) paintKind(g, k, path, { p: th, pats, fill: !needHeat, border: digitsShown, cell, ringCells });
    if (digitsShown) {
      // text: the font changes only when the size or weight does; a value's text is formatted once
      g.textAlign = 'center'; g.textBaseline = 'middle';
      let font = '', fill = '';
      const fonts = new Map(), texts = d.text ? null : new Map();
      const fontOf = (weight, size) => { const key = weight * 1000 + size; let f = fonts.get(key); if (!f) fonts.set(key, f = `${weight} ${size}px system-ui, -apple-system, "Segoe UI", Roboto, sans-serif`); return f; };
      for (let i = 0; i < n; i++) {
        if (blankAt(i)) continue;
        let t;
        if (texts) { const v = d.values[i]; t = texts.get(v); if (t === undefined) texts.set(v, t = fmt(v)); } else t = d.text(i);
        if (!t) continue;
        const s = cellStyle(kinds[i]);
        let size = valueFontSize(cell, t.length);
        let f = fontOf(s.weight, size);
        if (f !== font) { g.font = f; font = f; }
        if (t.length >= 3) { // long numbers: measured, and made smaller until they fit the cell
          const w = g.measureText(t).width;
          if (w > cell - 3) {
            size = Math.max(6, Math.floor((size * (cell - 3)) / w));
            f = fontOf(s.weight, size);
            g.font = f; font = f;
          }
        }
        const hot = d.heatFill && m > 0 && Math.abs(d.values[i]) / m > HOT_SHARE;
        const c = hot ? '#ffffff' : th[s.text];
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
    const rect = (i, inset) => [(i % cols) * cell + inset, Math.floor(i / cols) * cell + inset, cell - 2 * inset, cell - 2 * inset];
    for (const [i, cls] of marks) {
      if (!(i < rows * cols)) continue;
      dirty.push(rect(i, 0));
      const s = markStyle(cls, taps ? taps.get(i) : undefined, cell, th);
      if (s.wash) { g.globalAlpha = s.wash.opacity; g.fillStyle = s.wash.colour; g.fillRect(...rect(i, s.wash.inset)); g.globalAlpha = 1; }
      g.strokeStyle = s.stroke;
      g.lineWidth = s.lineWidth;
      g.setLineDash(s.dash || []);
      g.strokeRect(...rect(i, s.inset));
      g.setLineDash([]);
      if (s.ring) { g.strokeStyle = s.ring.colour; g.lineWidth = s.ring.lineWidth; g.strokeRect(...rect(i, s.ring.inset)); }
      // the tap's letter in the corner: the tap is named without colour too
      if (s.letter) {
        g.font = `700 ${s.letter.size}px system-ui, sans-serif`;
        g.textAlign = 'left'; g.textBaseline = 'top'; g.fillStyle = s.letter.colour;
        g.fillText(s.letter.text, (i % cols) * cell + s.letter.x, Math.floor(i / cols) * cell + s.letter.y);
      }
    }
    if (window_) {
      const { r0, c0, r1, c1 } = window_, W = WINDOW_STYLE;
      g.strokeStyle = th[W.stroke]; g.lineWidth = W.lineWidth; g.setLineDash(W.dash);
      g.strokeRect(c0 * cell + W.inset, r0 * cell + W.inset, (c1 - c0 + 1) * cell - 2 * W.inset, (r1 - r0 + 1) * cell - 2 * W.inset);
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
