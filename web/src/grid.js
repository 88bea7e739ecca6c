// One reusable grid of cells: draws values, carries the test hooks (data-grid, data-rows,
// data-cols), keyboard navigation with a roving tabindex, hover/focus reporting, highlight
// classes, and (for editable grids) in-place editing of values.
import { h } from './dom.js';

const HL_CLASSES = ['hl', 'hl-zero', 'sel'];

export function createGrid({ name, label, editable = false, onPoint, onEdit }) {
  const el = h('div', { class: 'grid', role: 'grid', 'data-grid': name, 'aria-label': label, 'aria-readonly': editable ? null : 'true' });
  let rows = 0, cols = 0, cells = [], active = 0, marked = [];
  let describe = (i) => String(i);

  function cellAt(i) { return cells[i]; }
  function setActive(i, focus) {
    if (!cells.length) return;
    i = Math.max(0, Math.min(cells.length - 1, i));
    if (cells[active]) cells[active].tabIndex = -1;
    active = i;
    cells[i].tabIndex = 0;
    if (focus) cells[i].focus();
  }

  /** Rebuild the cells when the size changes; update text/kind in place otherwise. */
  function draw({ rows: r, cols: c, text, kind, title, decorate }) {
    el.dataset.rows = String(r);
    el.dataset.cols = String(c);
    el.style.setProperty('--cols', String(c));
    if (r !== rows || c !== cols) {
      rows = r; cols = c; marked = [];
      const frag = [];
      cells = new Array(r * c);
      for (let y = 0; y < r; y++) {
        const row = h('div', { role: 'row', class: 'row' });
        for (let x = 0; x < c; x++) {
          const i = y * c + x;
          const cell = h('div', { role: 'gridcell', class: 'cell', tabindex: '-1', 'data-i': String(i) });
          cells[i] = cell;
          row.append(cell);
        }
        frag.push(row);
      }
      el.replaceChildren(...frag);
      active = Math.min(active, cells.length - 1);
      setActive(active < 0 ? 0 : active, false);
    }
    describe = title || describe;
    for (let i = 0; i < cells.length; i++) {
      const cell = cells[i];
      const t = text(i);
      if (cell.firstChild?.nodeType !== 1 && cell.textContent !== t) cell.textContent = t;
      const k = kind ? kind(i) : '';
      if (cell.dataset.kind !== k) { if (k) cell.dataset.kind = k; else delete cell.dataset.kind; }
      cell.setAttribute('aria-label', describe(i));
      if (decorate) decorate(cell, i);
    }
  }

  function mark(map) {
    for (const i of marked) cells[i]?.classList.remove(...HL_CLASSES);
    marked = [];
    if (!map) return;
    for (const [i, cls] of map) { if (cells[i]) { cells[i].classList.add(cls); marked.push(i); } }
  }

  // --- pointer and keyboard -------------------------------------------------
  const indexOf = (t) => { const c = t.closest?.('.cell'); return c && el.contains(c) ? Number(c.dataset.i) : -1; };
  el.addEventListener('pointerover', (e) => { const i = indexOf(e.target); if (i >= 0) onPoint?.(i, 'hover'); });
  el.addEventListener('pointerleave', () => onPoint?.(null, 'hover'));
  el.addEventListener('focusin', (e) => { const i = indexOf(e.target); if (i >= 0 && !e.target.matches('input')) { setActive(i, false); onPoint?.(i, 'focus'); } });
  el.addEventListener('click', (e) => {
    const i = indexOf(e.target); if (i < 0 || e.target.matches('input')) return;
    setActive(i, true);
    onPoint?.(i, 'click');
    if (editable) openEditor(i);
  });
  el.addEventListener('keydown', (e) => {
    if (e.target.matches('input')) return;
    const i = indexOf(e.target); if (i < 0) return;
    const y = Math.floor(i / cols), x = i % cols;
    const move = { ArrowLeft: [0, -1], ArrowRight: [0, 1], ArrowUp: [-1, 0], ArrowDown: [1, 0] }[e.key];
    if (move) {
      const ny = Math.max(0, Math.min(rows - 1, y + move[0])), nx = Math.max(0, Math.min(cols - 1, x + move[1]));
      setActive(ny * cols + nx, true); e.preventDefault(); return;
    }
    if (e.key === 'Home') { setActive(y * cols, true); e.preventDefault(); return; }
    if (e.key === 'End') { setActive(y * cols + cols - 1, true); e.preventDefault(); return; }
    if (!editable) return;
    if (/^[0-9]$/.test(e.key)) { onEdit?.(i, { set: Number(e.key) }); e.preventDefault(); }
    else if (e.key === '-') { onEdit?.(i, { negate: true }); e.preventDefault(); }
    else if (e.key === '+' || e.key === '=') { onEdit?.(i, { add: 1 }); e.preventDefault(); }
    else if (e.key === 'Backspace' || e.key === 'Delete') { onEdit?.(i, { set: 0 }); e.preventDefault(); }
    else if (e.key === 'Enter' || e.key === 'F2') { openEditor(i); e.preventDefault(); }
  });

  function openEditor(i) {
    const cell = cells[i];
    if (!cell || cell.querySelector('input')) return;
    const old = cell.textContent;
    const input = h('input', { type: 'text', inputmode: 'decimal', class: 'cell-editor', value: old.replace('\u2212', '-'), 'aria-label': describe(i) });
    cell.textContent = '';
    cell.append(input);
    input.select();
    input.focus();
    let done = false;
    const finish = (commit) => {
      if (done) return; done = true;
      const v = Number(input.value.replace('\u2212', '-').trim());
      input.remove();
      cell.textContent = old;
      if (commit && input.value.trim() !== '' && Number.isFinite(v)) onEdit?.(i, { set: v });
      cells[i]?.focus();
    };
    input.addEventListener('keydown', (e) => {
      if (e.key === 'Enter') { e.preventDefault(); finish(true); }
      else if (e.key === 'Escape') { e.preventDefault(); finish(false); }
      e.stopPropagation();
    });
    input.addEventListener('blur', () => finish(true));
  }

  return { el, draw, mark, cellAt, get size() { return [rows, cols]; } };
}
