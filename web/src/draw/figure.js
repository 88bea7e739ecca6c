// The figure a teacher puts on a slide: the input, the (flipped) kernel, the stuffed (or padded)
// grid and the output, with their values, the cell kinds, titles, the legend, the verdict and a
// highlight, written as one standalone SVG document. It is built from the model state and the
// highlights (model.js), never read back from the canvases, so it is the same whatever the page's
// size or theme, and it is a pure function of its input (no DOM): the PNG and the GIF frames are
// this SVG rasterised (export.js, gif.js).
//
// What a drawing tool needs from it: valid XML with a viewBox, text as <text> (selectable,
// scalable), a font list that ends in generic families, plain rgb colours with separate opacity
// (not rgba(), which older SVG 1.1 tools misread), patterns in <defs>.
import { fmt, dims, flowText } from './dom.js';
import {
  PALETTES, PATTERNS, PATTERN_TILE, PATTERN_LINE, MIN_DIGIT_CELL, WINDOW_STYLE, cellStyle, markStyle, valueFontSize, heatColour,
  edgeLetter, legendKinds, legendKey,
} from './cell-style.js';
import { stuffedKind } from '../model/compute.js';
import { pairText } from '../model/params.js';

/** Fonts that every system has one of; Hangul faces before the generic family for Korean titles. */
const FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', 'DejaVu Sans', Arial, 'Noto Sans KR', 'Apple SD Gothic Neo', 'Malgun Gothic', sans-serif";
/** Cell size of the export (px) when the grids fit; they shrink to fit MAX_WIDTH, down to MIN_CELL. */
const CELL = 40, MIN_CELL = 4, KERNEL_MIN_CELL = 28, MAX_WIDTH = 2400;
const PAD = 20, GAP = 28, TITLE = 15, LETTERS = 16;

/** Text safe inside an XML element or a double-quoted attribute. */
const esc = (s) => String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const num = (v) => String(Math.round(v * 100) / 100);
/** An estimate of a text's width (no measuring without a DOM): wide for Hangul, generous for Latin. */
// (DejaVu Sans, the widest common fallback, measured 0.56 em per character in bold titles)
const textWidth = (s, size, bold = false) => Array.from(String(s)).reduce((w, ch) => w + (/[\u1100-\u11ff\u3000-\u9fff\uac00-\ud7af]/.test(ch) ? 1.0 : bold ? 0.6 : 0.56) * size, 0);
/** A panel title in one line, or two (split at the space that makes the longer half shortest) when wider than `max`. */
function titleLines(title, max, size) {
  if (textWidth(title, size, true) <= max) return [title];
  let best = [title], bestW = Infinity;
  for (let i = title.indexOf(' '); i > 0; i = title.indexOf(' ', i + 1)) {
    const a = title.slice(0, i), b = title.slice(i + 1);
    const w = Math.max(textWidth(a, size, true), textWidth(b, size, true));
    if (w < bestW) { best = [a, b]; bestW = w; }
  }
  return best;
}
const rgb = (c) => `rgb(${c.join(',')})`;
const dashOf = (dash) => (dash ? ` stroke-dasharray="${dash.join(' ')}"` : '');

/** The file name of an export: the parameters, e.g. convT_4x4_k3_s2_p1.svg (dilation and output_padding when not default). */
export function exportName(params, ext) {
  const P = params;
  let name = `${P.mode}_${P.size[0]}x${P.size[1]}_k${pairText(P.kernelSize)}_s${pairText(P.stride)}_p${pairText(P.padding)}`;
  if (P.dilation[0] !== 1 || P.dilation[1] !== 1) name += `_d${pairText(P.dilation)}`;
  if (P.outputPadding[0] !== 0 || P.outputPadding[1] !== 0) name += `_op${pairText(P.outputPadding)}`;
  return `${name}.${ext}`;
}

/** The layer as PyTorch writes it, with the sizes: ConvTranspose2d(kernel_size=3, stride=2, padding=1): 4×4 → 7×7. */
function headline(st) {
  const P = st.params, ex = st.ex;
  const arg = ([a, b]) => (a === b ? `${a}` : `(${a}, ${b})`);
  const args = [`kernel_size=${arg(P.kernelSize)}`, `stride=${arg(P.stride)}`, `padding=${arg(P.padding)}`];
  if (P.dilation[0] !== 1 || P.dilation[1] !== 1) args.push(`dilation=${arg(P.dilation)}`);
  if (!st.conv && (P.outputPadding[0] !== 0 || P.outputPadding[1] !== 0)) args.push(`output_padding=${arg(P.outputPadding)}`);
  return `${st.conv ? 'Conv2d' : 'ConvTranspose2d'}(${args.join(', ')}): ${dims([ex.input.rows, ex.input.cols])} → ${dims([ex.output.rows, ex.output.cols])}`;
}

/** Cell sizes: the largest up to CELL with which the four grids fit maxWidth side by side. */
function cellSizes(ex, maxWidth) {
  const cols = ex.input.cols + ex.stuffed.cols + ex.output.cols;
  const fixed = 2 * PAD + 3 * GAP + LETTERS + ex.kernel.cols * CELL;
  const cell = Math.max(MIN_CELL, Math.min(CELL, Math.floor((maxWidth - fixed) / Math.max(1, cols))));
  return { cell, kCell: Math.max(cell, Math.min(CELL, KERNEL_MIN_CELL)) };
}

/**
 * The figure as an SVG document (a string).
 * fig: { state (model.compute), highlights (model.highlights; may be empty), blankAfter (output cells
 * after this index are not computed yet: a step of the animation; null: all shown), caption (a line
 * under the headline, or null) }; opts: { tr (strings.js), dark, maxWidth (px the grids may take side by
 * side), layer }.
 * layer: 'all' (the figure), or the figure in two layers for an animation whose frames differ only in
 * the step: 'base' (everything that stays: no highlight, no caption, every output cell blank) and
 * 'step' (on a transparent background: the caption, the output cells computed so far, the highlight).
 * Drawn over 'base', 'step' gives the same picture as 'all'; a frame then costs the few elements that
 * change instead of the whole figure.
 * Returns { svg, width, height, grids } (grids: name -> { x, y, cell, rows, cols }, where each is drawn).
 */
export function figureSvg(fig, { tr, dark = false, maxWidth = MAX_WIDTH, layer = 'all' }) {
  const base = layer !== 'step', step = layer !== 'base';
  const th = PALETTES[dark ? 'dark' : 'light'];
  const { state: st, highlights: hl = null, blankAfter = null, caption = null } = fig;
  const { ex, conv } = st;
  const { cell, kCell } = cellSizes(ex, maxWidth);
  const digitsMain = cell >= MIN_DIGIT_CELL;
  const S = ex.stuffed;
  const out = [];
  const push = (s) => out.push(s);

  // ---- the heat scales, when cells are too small for digits: each grid on its own, as the page
  // draws them (one scale for all made the input pale beside an output of larger values). The
  // stuffed grid holds the input's values, so it shares the input's.
  const largest = (...arrays) => { let m = 0; for (const a of arrays) for (const v of a) if (Number.isFinite(v)) m = Math.max(m, Math.abs(v)); return m; };
  const heatIn = digitsMain ? 0 : largest(st.x, st.stuffedValues), heatOut = digitsMain ? 0 : largest(st.out.data);
  const heatFillFor = (heat) => (v) => rgb(heatColour(v, heat, th));

  // ---- the four panels, left to right
  const kernelName = conv ? 'kernel' : 'flipped';
  const panels = [
    { name: 'input', title: tr('titleInput', dims([ex.input.rows, ex.input.cols])), rows: ex.input.rows, cols: ex.input.cols, cell, values: st.x, kind: () => 'orig' },
    { name: kernelName, title: conv ? tr('titleKernel', dims([ex.kernel.rows, ex.kernel.cols])) : `2 · ${tr('titleFlipped')}`, rows: ex.kernel.rows, cols: ex.kernel.cols, cell: kCell, values: st.drawnKernel, kind: () => 'kernel' },
    { name: 'stuffed', title: tr(conv ? 'titlePadded' : 'titleStuffed', dims([S.rows, S.cols])), rows: S.rows, cols: S.cols, cell, values: st.stuffedValues, kind: (i) => stuffedKind(ex, i), letters: true },
    { name: 'output', title: tr('titleOutput', dims([ex.output.rows, ex.output.cols])), rows: ex.output.rows, cols: ex.output.cols, cell, values: st.out.data, kind: () => 'plain',
      blank: !step ? () => true : blankAfter == null ? null : (i) => i > blankAfter },
  ];
  const headText = headline(st);
  let x = PAD;
  const top = PAD + 24 + (caption ? 20 : 0) + 12;
  for (const p of panels) {
    p.extra = p.letters ? LETTERS : 0;
    p.gridW = p.cols * p.cell;
    p.lines = titleLines(p.title, Math.max(p.gridW + p.extra, 150), 13);
    p.w = Math.max(p.gridW + p.extra, ...p.lines.map((l) => textWidth(l, 13, true)));
    p.x = x;
    x = Math.ceil(x + p.w + GAP); // whole pixels: cell edges stay sharp in the PNG and the GIF
  }
  const gridTop = top + TITLE * Math.max(...panels.map((p) => p.lines.length)) + 10;
  for (const p of panels) { p.gx = p.x + p.extra; p.gy = gridTop + p.extra; }
  let width = Math.ceil(Math.max(x - GAP + PAD, textWidth(headText, 17, true) + 2 * PAD));
  const gridsBottom = Math.max(...panels.map((p) => p.gy + p.rows * p.cell));

  // ---- legend and verdict lines under the grids
  const present = legendKinds(S.cellKind);
  const legendY = gridsBottom + 26;
  const mainDir = conv ? 'convThenConvT' : 'convTThenConv';
  const rt = ex.roundTrip[mainDir];
  const ok = !!rt.ok && !rt.error;
  const verdict = `${tr(ok ? 'badgeYes' : 'badgeNo')}: ${conv ? flowText(tr, rt, 'Conv2d', 'ConvTranspose2d') : flowText(tr, rt, 'ConvTranspose2d', 'Conv2d')}`;
  const notes = [];
  if (hl && hl.taps) notes.push(tr('figureTapsNote', conv));
  if (!digitsMain) notes.push(tr('figureHeatNote', fmt(heatIn), fmt(heatOut)));
  let legendX = PAD;
  const legendItems = present.map((k) => { const item = { k, x: legendX, text: tr(legendKey(k, conv)) }; legendX += 22 + textWidth(item.text, 13) + 18; return item; });
  width = Math.max(width, Math.ceil(legendX + PAD), Math.ceil(textWidth(verdict, 14, true) + 2 * PAD), ...notes.map((n) => Math.ceil(textWidth(n, 12.5) + 2 * PAD)));
  const verdictY = legendY + 30;
  const height = Math.ceil(verdictY + 8 + notes.length * 19 + PAD);

  // ---- the document
  push(`<?xml version="1.0" encoding="UTF-8"?>`);
  push(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="${esc(FONT)}" data-mode="${conv ? 'conv' : 'convT'}">`);
  if (base) { // what stays the same in every frame
    push(`<title>${esc(headText)}</title>`);
    push(`<desc>${esc(`ConvT Lab. ${verdict}`)}</desc>`);
    push('<defs>');
    for (const [kind, { d, paint }] of Object.entries(PATTERNS)) {
      const ink = paint === 'fill' ? `fill="${th.pattern}" fill-opacity="${th.patternOpacity}"` : `fill="none" stroke="${th.pattern}" stroke-opacity="${th.patternOpacity}" stroke-width="${PATTERN_LINE}"`;
      push(`<pattern id="cl-${kind}" width="${PATTERN_TILE}" height="${PATTERN_TILE}" patternUnits="userSpaceOnUse"><path d="${d}" ${ink}/></pattern>`);
    }
    push('</defs>');
    push(`<rect width="${width}" height="${height}" fill="${th.bg}"/>`);
    push(`<text x="${PAD}" y="${PAD + 17}" font-size="17" font-weight="700" fill="${th.fg}">${esc(headText)}</text>`);
  }
  if (caption && step) push(`<text x="${PAD}" y="${PAD + 38}" font-size="13.5" fill="${th.muted}" data-role="caption">${esc(caption)}</text>`);

  const grids = {};
  for (const p of panels) {
    grids[p.name] = { x: p.gx, y: p.gy, cell: p.cell, rows: p.rows, cols: p.cols };
    if (base) {
      p.lines.forEach((l, k) => push(`<text x="${p.x}" y="${top + TITLE * (k + 1) - 2}" font-size="13" font-weight="700" fill="${th.fg}">${esc(l)}</text>`));
      if (p.letters) push(kindLetters(p, S, conv, th));
    }
    // the step layer holds only the output cells computed so far (the base has them blank)
    const cells = base ? 'all' : p.name === 'output' ? 'shown' : 'none';
    push(gridSvg(p, th, step ? hl : null, digitsMain || p.cell >= MIN_DIGIT_CELL, heatFillFor(p.name === 'output' ? heatOut : heatIn), cells));
  }
  if (!base) { push('</svg>'); return { svg: out.join('\n'), width, height, grids }; }

  // legend: a swatch drawn like the cells of that kind, and its words
  push(`<g data-role="legend" font-size="13" fill="${th.fg}">`);
  for (const it of legendItems) {
    push(swatch(it.k, it.x, legendY - 12, th));
    push(`<text x="${it.x + 22}" y="${legendY + 1}">${esc(it.text)}</text>`);
  }
  push('</g>');
  push(`<text x="${PAD}" y="${verdictY}" font-size="14" font-weight="700" fill="${ok ? th.ok : th.bad}" data-role="verdict" data-ok="${ok}">${esc(verdict)}</text>`);
  notes.forEach((n, k) => push(`<text x="${PAD}" y="${verdictY + 20 + 19 * k}" font-size="12.5" fill="${th.muted}">${esc(n)}</text>`));
  push('</svg>');
  return { svg: out.join('\n'), width, height, grids };
}

/** The letters along the stuffed grid's top and left edges naming each column's and row's kind. */
function kindLetters(p, S, conv, th) {
  if (p.cell < 12) return '';
  const size = Math.min(13, Math.max(9, Math.round(p.cell * 0.32)));
  const t = [`<g font-size="${size}" font-style="italic" font-family="Georgia, 'Times New Roman', 'DejaVu Serif', serif" text-anchor="middle" data-role="kind-letters">`];
  const colour = (k) => (k === 0 ? th.accent : th.muted);
  S.colKind.forEach((k, c) => t.push(`<text x="${num(p.gx + (c + 0.5) * p.cell)}" y="${p.gy - 4}" fill="${colour(k)}">${esc(edgeLetter(k, conv))}</text>`));
  S.rowKind.forEach((k, r) => t.push(`<text x="${p.gx - LETTERS / 2}" y="${num(p.gy + (r + 0.5) * p.cell + size * 0.35)}" fill="${colour(k)}">${esc(edgeLetter(k, conv))}</text>`));
  t.push('</g>');
  return t.join('');
}

/**
 * The cells of one kind at (x0, y0), `side` px square, with digits (fill, tint, pattern, border,
 * ring) or as a heatmap cell (`heat`: its colour; pattern only), as cell-style.js says.
 */
function cellSvg(kind, x0, y0, side, th, { heat = null, cell = side, data = true } = {}) {
  const s = cellStyle(kind);
  const out = [];
  const attrs = data ? ` class="cell" data-kind="${kind}"` : '';
  if (heat) out.push(`<rect${attrs} x="${x0}" y="${y0}" width="${side}" height="${side}" fill="${heat}" stroke="none" stroke-width="${s.lineWidth}"/>`);
  else {
    // data-kind on every cell: a tool (or a test) can tell the kinds apart without colour
    out.push(`<rect${attrs} x="${x0 + 0.5}" y="${y0 + 0.5}" width="${side - 1}" height="${side - 1}" fill="${th[s.fill]}" stroke="${th[s.stroke]}" stroke-width="${s.lineWidth}"${dashOf(s.dash)}/>`);
    if (s.tint) out.push(`<rect x="${x0 + 0.5}" y="${y0 + 0.5}" width="${side - 1}" height="${side - 1}" fill="${th.orig}" fill-opacity="${s.tint}" stroke="none"/>`);
  }
  if (s.pattern && cell >= 3) out.push(`<rect x="${x0}" y="${y0}" width="${side}" height="${side}" fill="url(#cl-${s.pattern})"/>`);
  // a copy's dashed border again over its tint and pattern, as the canvas strokes it last
  if (!heat && s.tint) out.push(`<rect x="${x0 + 0.5}" y="${y0 + 0.5}" width="${side - 1}" height="${side - 1}" fill="none" stroke="${th[s.stroke]}" stroke-width="${s.lineWidth}"${dashOf(s.dash)}/>`);
  if (!heat && s.ring) out.push(`<rect x="${x0 - 1 + s.ring.inset}" y="${y0 - 1 + s.ring.inset}" width="${cell - 2 * s.ring.inset}" height="${cell - 2 * s.ring.inset}" fill="none" stroke="${th.border}"/>`);
  return out.join('');
}

/** One legend swatch (16 px), drawn as a cell of its kind. */
function swatch(kind, x, y, th) {
  return cellSvg(kind, x, y, 16, th, { data: false });
}

/**
 * One grid: cells (fill by kind, pattern, border by kind), values as text (or heat colours when
 * cells are too small), then the highlight: marks, tap colours and letters, the kernel's window.
 * cells: 'all', 'shown' (only those not blank) or 'none' (the highlight alone).
 */
function gridSvg(p, th, hl, digits, heatFill, cells = 'all') {
  const { rows, cols, cell: c } = p;
  const n = rows * cols;
  const t = [`<g data-grid="${p.name}" data-rows="${rows}" data-cols="${cols}" data-cell="${c}" transform="translate(${num(p.gx)} ${num(p.gy)})">`];
  const inset = digits ? 1 : 0;
  const side = c - 2 * inset;
  for (let i = 0; i < (cells === 'none' ? 0 : n); i++) {
    const blank = p.blank && p.blank(i);
    if (blank && cells === 'shown') continue;
    const x0 = (i % cols) * c + inset, y0 = Math.floor(i / cols) * c + inset;
    t.push(cellSvg(p.kind(i), x0, y0, side, th, { heat: digits ? null : blank ? th.bg : heatFill(p.values[i]), cell: c }));
  }
  if (digits && cells !== 'none') {
    const fontPx = valueFontSize(c, 1);
    t.push(`<g text-anchor="middle" font-size="${fontPx}" data-role="values">`);
    for (let i = 0; i < n; i++) {
      if (p.blank && p.blank(i)) continue;
      const s = fmt(p.values[i]);
      const st = cellStyle(p.kind(i));
      const size = valueFontSize(c, s.length);
      const weight = st.weight !== 400 ? ` font-weight="${st.weight}"` : '';
      t.push(`<text x="${num((i % cols + 0.5) * c)}" y="${num(Math.floor(i / cols) * c + c / 2 + size * 0.35)}"${size !== fontPx ? ` font-size="${size}"` : ''}${weight} fill="${th[st.text]}">${esc(s)}</text>`);
    }
    t.push('</g>');
  }
  if (hl) t.push(marksSvg(p, th, hl));
  t.push('</g>');
  return t.join('');
}

/** The highlight of one grid, as the page draws it on its highlight canvas (the same markStyle). */
function marksSvg(p, th, hl) {
  const marks = hl[p.name];
  const taps = hl.taps ? hl.taps[p.name] : null;
  const { rows, cols, cell: c } = p;
  const t = ['<g data-role="highlight">'];
  const rect = (i, inset) => `x="${num((i % cols) * c + inset)}" y="${num(Math.floor(i / cols) * c + inset)}" width="${num(c - 2 * inset)}" height="${num(c - 2 * inset)}"`;
  if (marks) for (const [i, cls] of marks) {
    if (!(i < rows * cols)) continue;
    const tap = taps ? taps.get(i) : undefined;
    const s = markStyle(cls, tap, c, th);
    const attrs = `data-mark="${cls}" data-index="${i}"${tap !== undefined ? ` data-tap="${tap}"` : ''}`;
    if (s.wash) t.push(`<rect ${rect(i, s.wash.inset)} fill="${s.wash.colour}" fill-opacity="${s.wash.opacity}"/>`);
    t.push(`<rect ${attrs} ${rect(i, s.inset)} fill="none" stroke="${s.stroke}" stroke-width="${s.lineWidth}"${dashOf(s.dash)}/>`);
    if (s.ring) t.push(`<rect ${rect(i, s.ring.inset)} fill="none" stroke="${s.ring.colour}" stroke-width="${s.ring.lineWidth}"/>`);
    // the tap's letter in the corner: the tap is named without colour too
    if (s.letter) t.push(`<text x="${(i % cols) * c + s.letter.x + 0.5}" y="${num(Math.floor(i / cols) * c + s.letter.y + s.letter.size * 0.85)}" font-size="${s.letter.size}" font-weight="700" fill="${s.letter.colour}">${s.letter.text}</text>`);
  }
  if (p.name === 'stuffed' && hl.window) {
    const { r0, c0, r1, c1 } = hl.window, W = WINDOW_STYLE;
    t.push(`<rect data-role="window" x="${c0 * c + W.inset}" y="${r0 * c + W.inset}" width="${(c1 - c0 + 1) * c - 2 * W.inset}" height="${(r1 - r0 + 1) * c - 2 * W.inset}" fill="none" stroke="${th[W.stroke]}" stroke-width="${W.lineWidth}"${dashOf(W.dash)}/>`);
  }
  t.push('</g>');
  return t.join('');
}
