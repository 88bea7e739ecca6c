// How every cell of every grid looks, in one place: the kind of a cell -> its fill, tint, pattern,
// border, dash, ring, text weight and text colour; a highlight -> its wash, outline, dash and tap
// letter; the two palettes. The canvas grid (grid.js), the page's legend swatches and the SVG
// figure (figure.js) all draw from these tables, and build.mjs writes the page's CSS colour
// properties from PALETTES, so a colour or a pattern is written once and every renderer agrees.
// Pure data and arithmetic: no DOM here (the figure and build.mjs run it in Node too).

/**
 * The lab's two palettes. Colours are #rrggbb (SVG 1.1 tools read them; opacity goes apart).
 * `pattern` is the colour of the kind patterns, drawn at `patternOpacity`.
 */
export const PALETTES = {
  light: {
    bg: '#ffffff', fg: '#1b1f24', muted: '#596270', panel: '#f6f7f9', border: '#cfd5de', btn: '#ffffff',
    accent: '#2457c5', accentSoft: '#dbe6ff', orig: '#d9e6ff', origLine: '#6f8fd6',
    pattern: '#5a6473', patternOpacity: 0.45, hl: '#ffd84d', hlFg: '#1b1f24', hlLine: '#a57800',
    ok: '#15763a', okBg: '#e2f5e8', bad: '#b42318', badBg: '#fde8e6', codeBg: '#f0f2f5',
    heatNeg: '#2f6fd6', heatPos: '#d9480f', heatZero: '#ffffff', dark: false,
  },
  dark: {
    bg: '#14171c', fg: '#e6e9ee', muted: '#a3acb9', panel: '#1c2027', border: '#3a414d', btn: '#242a33',
    accent: '#8cb1ff', accentSoft: '#24365c', orig: '#233a66', origLine: '#5f83cc',
    pattern: '#c8d2e1', patternOpacity: 0.38, hl: '#e0b52a', hlFg: '#14171c', hlLine: '#ffd84d',
    ok: '#5fd38a', okBg: '#163222', bad: '#ff8a80', badBg: '#3a1a18', codeBg: '#1f242c',
    heatNeg: '#6ea1ff', heatPos: '#ff9f43', heatZero: '#14171c', dark: true,
  },
};
export const paletteOf = (dark) => PALETTES[dark ? 'dark' : 'light'];

export const rgbOf = (hex) => [1, 3, 5].map((k) => parseInt(hex.slice(k, k + 2), 16));
const kebab = (name) => name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
/**
 * A palette as CSS custom properties (`--bg: #ffffff; --orig-line: ...`): what styles.css and the
 * page's own rules use. `--pattern` carries its opacity; `--heat-dark` says which palette it is.
 */
export function paletteCss(p) {
  const decl = [];
  for (const [name, value] of Object.entries(p)) {
    if (name === 'patternOpacity' || name === 'dark') continue;
    decl.push(name === 'pattern' ? `--pattern: rgba(${rgbOf(value).join(', ')}, ${p.patternOpacity})` : `--${kebab(name)}: ${value}`);
  }
  decl.push(`--heat-dark: ${p.dark ? 1 : 0}`);
  return decl.join('; ');
}

/** Colours of kernel taps while stepping or playing (tap t gets TAP_COLOURS[t % n]); letters too, so not colour alone. */
export const TAP_COLOURS = ['#e6194b', '#3cb44b', '#4363d8', '#f58231', '#911eb4', '#42d4f4', '#f032e6', '#9a6324', '#469990', '#808000', '#000075', '#e6beff'];
const LETTERS = 'abcdefghijklmnopqrstuvwxyz';
export const tapLetter = (t) => (t < LETTERS.length ? LETTERS[t] : String(t));

/** Below this cell size (CSS px) values are drawn as a heatmap instead of digits. */
export const MIN_DIGIT_CELL = 17;

/**
 * The kinds of the stuffed (padded) grid's cells, in the order of explain()'s cellKind codes: a
 * pixel, an inserted zero, a zero of padding, of output_padding, and a padding cell that holds a
 * copy of a pixel (reflected, replicated or wrapped around, by padding_mode). Other grids draw
 * every cell as 'kernel' (a kernel), 'orig' (an input) or 'plain'.
 */
export const CELL_KINDS = ['orig', 'zero', 'pad', 'opad', 'refl', 'repl', 'wrap'];
/** The kinds of whole rows and columns (explain's rowKind / colKind codes). */
export const LINE_KINDS = ['orig', 'zero', 'pad', 'opad'];
const COPIES = new Set(['refl', 'repl', 'wrap']);
export const isCopy = (kind) => COPIES.has(kind);

/** The patterns, one 6 px tile each as SVG path data: drawn by the canvas (Path2D) and written into the SVG alike. */
export const PATTERN_TILE = 6, PATTERN_LINE = 1.2;
export const PATTERNS = {
  zero: { d: 'M0 6L6 0M-1 1L1 -1M5 7L7 5', paint: 'stroke' },                 // inserted zero: a hatch
  pad: { d: 'M4.1 3A1.1 1.1 0 1 1 1.9 3A1.1 1.1 0 1 1 4.1 3Z', paint: 'fill' }, // zero padding: dots
  opad: { d: 'M0 3H6M3 0V6', paint: 'stroke' },                                // output_padding: a cross-hatch
  refl: { d: 'M0 0L6 6M-1 5L1 7M5 -1L7 1', paint: 'stroke' },                  // reflected: the other diagonal
  repl: { d: 'M0 1.5H6M0 4.5H6', paint: 'stroke' },                            // replicated: horizontal lines
  wrap: { d: 'M4.8 3A1.8 1.8 0 1 1 1.2 3A1.8 1.8 0 1 1 4.8 3Z', paint: 'stroke' }, // wrapped around: rings
};

/** A copy of a pixel (padding_mode) is a pale pixel: the pixel's fill at this opacity over the background. */
export const COPY_TINT = 0.45;

/**
 * How a cell of `kind` is drawn (palette tokens, not colours): fill, then the pixel tint of a
 * copy, then its pattern, then its border (dashed for padding, thick for a kernel) and, for
 * output_padding, an inner square; its value in `weight` and `text`. Borders, patterns and rings
 * tell the kinds apart without colour.
 */
function styleOf(kind) {
  const copy = COPIES.has(kind);
  return {
    fill: kind === 'orig' ? 'orig' : 'bg',
    tint: copy ? COPY_TINT : 0,
    pattern: PATTERNS[kind] ? kind : null,
    stroke: kind === 'orig' || copy ? 'origLine' : kind === 'kernel' ? 'fg' : 'border',
    lineWidth: kind === 'kernel' ? 2 : 1,
    dash: kind === 'pad' || copy ? [3, 2] : null,
    ring: kind === 'opad' ? { inset: 3.5 } : null,
    weight: kind === 'orig' || kind === 'kernel' || copy ? 600 : 400,
    text: PATTERNS[kind] && !copy ? 'muted' : 'fg',
  };
}
const STYLES = Object.fromEntries([...CELL_KINDS, 'kernel', 'plain'].map((k) => [k, Object.freeze(styleOf(k))]));
export const cellStyle = (kind) => STYLES[kind] || STYLES.plain;

/** Size of a cell's value (px): 46% of the cell, smaller for long numbers, so they fit. */
export function valueFontSize(cell, length) {
  const base = Math.max(9, Math.round(cell * 0.46));
  return Math.max(6, Math.min(base, Math.floor((cell - 4) / (0.62 * Math.max(1, length)))));
}
/** A heatmap cell whose |value| is over this share of the grid's largest draws its digits in white. */
export const HOT_SHARE = 0.55;

const parsed = new WeakMap();
/** A palette's heatmap colours as [r, g, b], parsed once per palette (a grid asks for one per cell). */
function heatRgb(p) {
  let c = parsed.get(p);
  if (!c) parsed.set(p, c = { bg: rgbOf(p.bg), nan: rgbOf(p.muted), zero: rgbOf(p.heatZero), neg: rgbOf(p.heatNeg), pos: rgbOf(p.heatPos) });
  return c;
}
/**
 * A heatmap cell's colour ([r, g, b], written into `out` when given): 0 the palette's neutral, then
 * toward blue (negative) or orange (positive) by |v| / m; NaN grey; a cell not computed yet (Play)
 * the background.
 */
export function heatColour(v, m, p, blank = false, out = [0, 0, 0]) {
  const c = heatRgb(p);
  let from = c.zero, to = c.zero, a = 0;
  if (blank) from = c.bg;
  else if (Number.isNaN(v)) from = c.nan;
  else if (m > 0) { to = v < 0 ? c.neg : c.pos; a = Math.min(1, Math.abs(v) / m); }
  for (let k = 0; k < 3; k++) out[k] = Math.round(from[k] + (to[k] - from[k]) * a);
  return out;
}

/** Highlights: a pointed-at cell's inputs get a wash of the highlight colour; a tap's cells a wash of its colour. */
export const HL_WASH = 0.55, TAP_WASH = 0.22;
/**
 * How a highlighted cell is drawn: `cls` 'sel' (the cell pointed at), 'hl' (what feeds it or what
 * it feeds) or 'hl-zero' (a zero it reads: dashed); `tap` the kernel tap while stepping (its colour
 * and letter) or undefined. Geometry in CSS px from the cell's corner.
 */
export function markStyle(cls, tap, cell, p) {
  const lineWidth = cell >= 12 ? 3 : cell >= 6 ? 2 : 1;
  const tapped = tap !== undefined;
  const colour = tapped ? TAP_COLOURS[tap % TAP_COLOURS.length] : cls === 'sel' ? p.accent : p.hlLine;
  return {
    wash: tapped ? { colour, opacity: TAP_WASH, inset: 1 } : cls === 'hl' ? { colour: p.hl, opacity: HL_WASH, inset: 1 } : null,
    stroke: colour, lineWidth, inset: lineWidth / 2 + (cell >= 12 ? 1 : 0),
    dash: cls === 'hl-zero' ? [Math.max(2, lineWidth * 1.5), Math.max(2, lineWidth)] : null,
    ring: cls === 'sel' && cell >= 10 ? { colour: p.bg, inset: lineWidth + 1.5, lineWidth: 1 } : null,
    letter: tapped && cell >= 14 ? { text: tapLetter(tap), size: Math.max(8, Math.round(cell * 0.26)), colour, x: lineWidth + 1, y: lineWidth } : null,
  };
}
/** The kernel's window on the stuffed grid while stepping: a dashed frame around the taps it covers. */
export const WINDOW_STYLE = { stroke: 'fg', lineWidth: 2, dash: [5, 3], inset: 1 };

/** The letter along the stuffed grid's edges naming a row's or column's kind (code of LINE_KINDS). */
export const edgeLetter = (code, conv) => ['x', 'z', conv ? 'p' : 'p′', 'a'][code];

/** The kinds a legend lists for a stuffed grid (explain's cellKind codes): a pixel always, the others when present. */
export function legendKinds(cellKind) {
  const present = new Set(cellKind);
  return CELL_KINDS.filter((k, code) => code === 0 || present.has(code));
}

/** String keys (i18n/strings.js) naming each kind in a cell's description, and in the legend. */
export const KIND_NAME_KEY = { orig: 'kindOrig', zero: 'kindZero', pad: 'kindPad', opad: 'kindOpad', refl: 'kindRefl', repl: 'kindRepl', wrap: 'kindWrap' };
export function legendKey(kind, conv) {
  if (kind === 'pad') return conv ? 'legendPadConv' : 'legendPadConvT';
  return { orig: 'legendOrig', zero: 'legendZero', opad: 'legendOpad', refl: 'legendRefl', repl: 'legendRepl', wrap: 'legendWrap' }[kind];
}
