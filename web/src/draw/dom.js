// Tiny DOM helpers. Text goes in with textContent only: nothing here parses HTML.
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  if (attrs) {
    for (const [k, v] of Object.entries(attrs)) {
      if (v == null || v === false) continue;
      if (k === 'class') el.className = v;
      else if (k === 'text') el.textContent = v;
      else if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
      else el.setAttribute(k, v === true ? '' : String(v));
    }
  }
  append(el, children);
  return el;
}
export function append(el, children) {
  for (const c of children.flat()) {
    if (c == null || c === false) continue;
    el.append(typeof c === 'string' || typeof c === 'number' ? document.createTextNode(String(c)) : c);
  }
  return el;
}
export function setChildren(el, ...children) {
  el.replaceChildren();
  return append(el, children);
}

/** A value as a student reads it: integers plainly, others with 2 decimals; true minus sign. */
export function fmt(v) {
  if (!Number.isFinite(v)) return String(v);
  const r = Math.round(v * 100) / 100;
  const s = Object.is(r, -0) ? '0' : Number.isInteger(r) ? String(r) : r.toFixed(2).replace(/0+$/, '').replace(/\.$/, '');
  return s.replace('-', '\u2212');
}
export const fmtFactor = (v) => (v < 0 ? `(${fmt(v)})` : fmt(v));
export const dims = ([a, b]) => `${a}\u00d7${b}`;

/** Sets text only when it changed (a new text node costs style and layout even when the words are the same). */
export function setText(el, text) {
  if (el.textContent !== text) el.textContent = text;
}
/** Sets a CSS custom property only when it changed (a new value restyles everything that inherits it). */
export function setVar(el, name, value) {
  if (el.style.getPropertyValue(name) !== value) el.style.setProperty(name, value);
}
/** A round trip's sizes in one line: 4×4 → ConvTranspose2d → 7×7 → Conv2d → 4×4 (also the exported figure's verdict). */
export function flowText(tr, rt, first, second) {
  if (!rt.middle) return `${dims(rt.input)} → ${first} → ${tr('notDefinedShort')}`;
  return `${dims(rt.input)} → ${first} → ${dims(rt.middle)} → ${second} → ${rt.back ? dims(rt.back) : tr('notDefinedShort')}`;
}

/** Puts text on the clipboard (or, where that is refused, through a selected text area). Returns whether it worked. */
export async function copyText(text) {
  try { await navigator.clipboard.writeText(text); return true; } catch { /* below */ }
  const ta = document.createElement('textarea');
  ta.value = text; ta.setAttribute('aria-hidden', 'true'); ta.style.position = 'fixed'; ta.style.opacity = '0';
  document.body.append(ta); ta.select();
  let ok = false;
  try { ok = document.execCommand('copy'); } catch { ok = false; }
  ta.remove();
  return ok;
}
