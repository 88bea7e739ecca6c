// Typesetting of the derivations: KaTeX's HTML output in KaTeX's own fonts, so the same glyphs and
// metrics on every system. (KaTeX's MathML output was drawn with whatever the system had: on Linux
// Chromium fell back to DejaVu Sans, floor brackets stayed small beside fractions, primes floated,
// and MathML tables were not aligned.) Screen readers get each derivation as text (role="math"
// with a label): a hidden MathML copy did the same job and doubled the cost of a redraw.
//
// Fonts: the woff2 files of the faces these derivations use are bundled as bytes (esbuild's binary
// loader, see build.mjs) and handed to the document through the FontFace API, once per document.
// Nothing is fetched and there is no @font-face rule: no font-src for a Content-Security-Policy to
// refuse, and it works for the <convt-lab> element too (Chromium ignores @font-face in a shadow
// root's stylesheet, but a face in document.fonts reaches every shadow tree). KaTeX's CSS, minus
// its @font-face rules, is put in front of styles.css by build.mjs.
//
// Which faces: upright text, digits and operators (Main-Regular), letters (Math-Italic), the
// \left\lfloor ... \right\rfloor around display fractions (KaTeX picks Size2 or Size3 for their
// heights; Size1 and Size4 are never reached by these rows) and \checkmark (AMS): 78 KiB of
// woff2, 104 KiB as base64 in the bundle. tests/browser/math.test.mjs asks the browser which fonts it
// really drew with: only these, so a new symbol that needs another face fails there.
import katex from 'katex';
import mainRegular from 'katex/dist/fonts/KaTeX_Main-Regular.woff2';
import mathItalic from 'katex/dist/fonts/KaTeX_Math-Italic.woff2';
import size2 from 'katex/dist/fonts/KaTeX_Size2-Regular.woff2';
import size3 from 'katex/dist/fonts/KaTeX_Size3-Regular.woff2';
import ams from 'katex/dist/fonts/KaTeX_AMS-Regular.woff2';

/** [family, bytes, descriptors], as KaTeX's CSS names and describes each face. */
const FONT_FACES = [
  ['KaTeX_Main', mainRegular, {}],
  ['KaTeX_Math', mathItalic, { style: 'italic' }],
  ['KaTeX_Size2', size2, {}],
  ['KaTeX_Size3', size3, {}],
  ['KaTeX_AMS', ams, {}],
];

const withFonts = new WeakSet();
/** Adds the faces to a document's font set, once per document (several labs share them). */
function addFonts(doc) {
  if (withFonts.has(doc) || !doc.fonts || typeof FontFace !== 'function') return;
  withFonts.add(doc);
  for (const [family, bytes, descriptors] of FONT_FACES) {
    const face = new FontFace(family, bytes, descriptors);
    face.loaded.catch(() => {}); // a face that fails to parse leaves KaTeX's CSS fallback (serif) in place
    doc.fonts.add(face);
  }
}

// ---- splitting rows where a line may be broken -----------------------------------------------------
const RELATIONS = new Set(['=', '<', '>', '\\neq', '\\ne', '\\leq', '\\le', '\\geq', '\\ge']);
const GAPS = new Set(['\\quad', '\\qquad']);

/**
 * Top-level relations and \quad / \qquad of a row (outside braces, brackets, parentheses and
 * \left...\right), as { at, end, gap } (gap: a \quad, else a relation).
 */
function breaks(tex) {
  const out = [];
  let depth = 0;
  for (let i = 0; i < tex.length;) {
    const token = tex[i] === '\\' ? /^\\([A-Za-z]+|[^A-Za-z])/.exec(tex.slice(i))?.[0] ?? '\\' : tex[i];
    if (token === '\\left' || '{(['.includes(token)) depth++;
    else if (token === '\\right' || '})]'.includes(token)) depth--;
    else if (depth === 0 && (RELATIONS.has(token) || GAPS.has(token))) out.push({ at: i, end: i + token.length, gap: GAPS.has(token) });
    i += token.length;
  }
  return out;
}

/**
 * A row cut where its line may wrap: `left`, what stands before its first top-level relation
 * (empty for a continuation row), and `pieces`, each starting at a relation or at a \quad. A
 * \quad starts a new statement: its piece runs on to the statement's first relation, so that a
 * line never ends with a lone left side such as "p'".
 */
function cut(row) {
  const at = breaks(row);
  const pieces = [];
  let left = '';
  at.forEach((b, i) => {
    const text = row.slice(b.at, i + 1 < at.length ? at[i + 1].at : row.length);
    if (i === 0) left = row.slice(0, b.at);
    const last = pieces[pieces.length - 1];
    if (!b.gap && last?.gap && !last.relation) { last.text += text; last.relation = true; }
    // {} before a leading relation keeps TeX's space on its left, as it has inside the row
    else pieces.push({ text: b.gap ? text : `{}${text}`, gap: b.gap, relation: !b.gap });
  });
  if (at.length && at[0].gap) { pieces.unshift({ text: left }); left = ''; }
  if (!at.length) pieces.push({ text: row });
  return { left, pieces: pieces.map((p) => p.text).filter((t) => t.trim()) };
}

/** Rows grouped into derivations: a row starting with '&' continues the one before it. */
function derivations(rows) {
  const out = [];
  for (const row of rows) {
    if (row.startsWith('&') && out.length) out[out.length - 1].push(row.slice(1));
    else out.push([row.replace(/^&/, '')]);
  }
  return out;
}

/**
 * A row as a screen reader should say it: the TeX of these derivations (fractions, floors, \cdot,
 * \bmod, \text{}, subscripts, primes, spacing) as plain text with the same symbols a reader shows.
 */
export function spoken(tex) {
  let t = tex.replace(/\\displaystyle\s*/g, '');
  // innermost first, so nested groups come out right
  for (let k = 0; k < 8; k++) {
    const before = t;
    t = t.replace(/\\frac\{([^{}]*)\}\{([^{}]*)\}/g, '($1)/($2)')
      .replace(/\\text\{([^{}]*)\}/g, '$1')
      .replace(/_\{([^{}]*)\}/g, '_$1')
      .replace(/\{([^{}]*)\}/g, '$1');
    if (t === before) break;
  }
  return t.replace(/\\left\\lfloor/g, '⌊').replace(/\\right\\rfloor/g, '⌋').replace(/\\left\(/g, '(').replace(/\\right\)/g, ')')
    .replace(/\\cdot/g, '·').replace(/\\bmod/g, ' mod ').replace(/\\neq?/g, '≠').replace(/\\checkmark/g, '✓')
    .replace(/\\(qquad|quad|;|,|!| )/g, ' ').replace(/\\geq?/g, '≥').replace(/\\leq?/g, '≤').replace(/\\([A-Za-z]+)/g, '$1')
    .replace(/&/g, '').replace(/\s*·\s*/g, '·').replace(/\s+/g, ' ').trim();
}

// ---- typesetting --------------------------------------------------------------------------------
/** KaTeX's rendering of `tex` ('html' or 'mathml') in a new <span>. */
function typeset(tex, output) {
  const node = document.createElement('span');
  try {
    katex.render(tex, node, { output, displayMode: false, throwOnError: false });
  } catch {
    node.textContent = tex;
  }
  return node;
}

// Drawn pieces are kept (and cloned) for the rows every redraw repeats: the general formulas, the
// costliest to build, and the numbers of the states a reader toggles between. A small cache: what
// it keeps alive is DOM (about 30 nodes a piece).
const CACHE_SIZE = 64;
const cache = new Map();
function drawnPiece(tex) {
  let node = cache.get(tex);
  if (node) cache.delete(tex); // re-inserted below: most recently used last
  else node = typeset(String.raw`\displaystyle ${tex}`, 'html');
  cache.set(tex, node);
  if (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value);
  return node.cloneNode(true);
}

function span(cls, ...children) {
  const el = document.createElement('span');
  el.className = cls;
  el.append(...children);
  return el;
}
/** A drawn piece; hidden from screen readers, which read the derivation's label instead. */
const piece = (tex) => { const p = span('math-piece', drawnPiece(tex)); p.setAttribute('aria-hidden', 'true'); return p; };

/**
 * Draws derivation rows (TeX) into `container`. A row starting with '&' continues the row before
 * it. Each derivation is drawn as a two-column grid, the left sides of its rows right-aligned
 * against the column of their first relation, so every '=' that starts a row's right side is at
 * the same x; the right side is a row of pieces, one per relation (or \quad), that wraps onto the
 * next line, still in that column, when the panel is too narrow. A derivation of one row wraps the
 * same way under a hanging indent. Screen readers get each derivation as text (role="math").
 * Drawn again with the same layout (the same derivations, rows and pieces per row), only the
 * pieces whose TeX changed are replaced: the others, often most of them, keep their DOM and layout.
 */
export function renderMath(container, rows) {
  addFonts(container.ownerDocument);
  const groups = derivations(rows);
  const plan = groups.map((d) => d.map(cut));
  const shape = JSON.stringify(plan.map((d) => d.map((r) => [!!r.left.trim(), r.pieces.length])));
  const drawn = drawnPieces.get(container);
  if (drawn && drawn.shape === shape) {
    plan.flat().flatMap((r) => [...(r.left.trim() ? [r.left] : []), ...r.pieces]).forEach((tex, i) => {
      if (drawn.pieces[i].tex !== tex) { const next = piece(tex); drawn.pieces[i].node.replaceWith(next); drawn.pieces[i] = { tex, node: next }; }
    });
    [...container.children].forEach((block, k) => block.setAttribute('aria-label', groups[k].map(spoken).join('; ')));
    return;
  }
  const pieces = [];
  const add = (tex) => { const node = piece(tex); pieces.push({ tex, node }); return node; };
  container.replaceChildren(...plan.map((d, k) => {
    const block = span(d.length > 1 ? 'math-block math-rows' : 'math-block math-rows math-flow');
    block.setAttribute('role', 'math');
    block.setAttribute('aria-label', groups[k].map(spoken).join('; '));
    for (const { left, pieces: ps } of d) {
      const lefts = left.trim() ? [add(left)] : [];
      const rights = ps.map(add);
      if (d.length > 1) block.append(span('math-left', ...lefts), span('math-right', ...rights));
      else block.append(...lefts, ...rights);
    }
    return block;
  }));
  drawnPieces.set(container, { shape, pieces });
}
/**
 * The same derivation rows as screen readers get them, without the drawn pieces: one labelled
 * role="math" element per derivation instead of hundreds of KaTeX boxes. For a derivation that is
 * off screen (inversion.js); renderMath draws it in full again when it is seen.
 */
export function renderMathSpoken(container, rows) {
  const labels = derivations(rows).map((d) => d.map(spoken).join('; '));
  const blocks = container.children;
  // already in this form: only the labels that changed (a change of the page must not touch what
  // is off screen more than that)
  if (!drawnPieces.has(container) && blocks.length === labels.length && [...blocks].every((b) => b.dataset.spoken != null)) {
    labels.forEach((label, k) => { if (blocks[k].getAttribute('aria-label') !== label) blocks[k].setAttribute('aria-label', label); });
    return;
  }
  drawnPieces.delete(container);
  container.replaceChildren(...labels.map((label) => {
    const block = span('math-block');
    block.setAttribute('role', 'math');
    block.setAttribute('aria-label', label);
    block.dataset.spoken = '';
    return block;
  }));
}
/** What each container shows: its layout and its pieces (TeX and node), to update in place. */
const drawnPieces = new WeakMap();
