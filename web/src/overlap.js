// The overlap map: how many kernel taps land on each ConvTranspose2d output cell, as a heatmap with
// counts, for one to three stacked layers. The counts come from the core (a ConvTranspose2d of all
// ones with an all-ones kernel, then of those counts, ...); even vs checkerboard from the number
// of taps in each stride phase (core.polyphase). The page counts nothing itself.
import { h, setChildren, fmt, dims } from './dom.js';
import { createGrid } from './grid.js';
import { overlapOf } from './model.js';
import { MAX_DRAWN_CELLS } from './model.js';

const MAX_PHASES_LISTED = 16;

export function viewOverlap({ tr, onLayers }) {
  const heading = h('h2', { text: tr('overlapHeading') });
  const intro = h('p', { class: 'caption wide' });
  const layersId = `ol${Math.random().toString(36).slice(2, 8)}`;
  const layerSet = h('fieldset', { class: 'layers' }, h('legend', { text: tr('overlapLayers') }));
  const radios = [1, 2, 3].map((n) => {
    const r = h('input', { type: 'radio', name: layersId, id: `${layersId}-${n}`, value: String(n), 'data-layers': String(n) });
    r.addEventListener('change', () => { if (r.checked) onLayers(n); });
    layerSet.append(h('span', { class: 'radio' }, r, h('label', { for: r.id, text: tr('overlapLayerN', n) })));
    return r;
  });
  const verdict = h('p', { class: 'verdict-text' });
  const phases = h('p', { class: 'caption wide' });
  const sizes = h('p', { class: 'caption wide' });
  const maps = h('div', { class: 'maps' });
  const el = h('section', { class: 'view view-overlap', 'data-view': 'overlap' }, heading, intro, layerSet, verdict, phases, sizes, maps);
  const panels = [];

  function panelFor(n) {
    if (panels[n]) return panels[n];
    const title = h('h3', { class: 'ptitle' });
    const grid = createGrid({ name: `overlap-${n + 1}`, label: '', onPoint: () => {} });
    grid.el.classList.add('heat');
    const canvas = h('canvas', { class: 'heatcanvas', role: 'img' });
    const note = h('p', { class: 'caption' });
    const scale = h('p', { class: 'caption' });
    const readout = h('p', { class: 'caption', 'aria-live': 'polite' });
    const body = h('div', { class: 'scroll' });
    const p = { el: h('figure', { class: 'panel heatpanel', 'data-layer': String(n + 1) }, title, note, body, scale, readout), title, grid, canvas, note, scale, readout, body };
    canvas.addEventListener('pointermove', (e) => {
      const L = p.layer; if (!L) return;
      const r = canvas.getBoundingClientRect();
      const px = r.width / L.dims[1];
      const row = Math.floor((e.clientY - r.top) / px), col = Math.floor((e.clientX - r.left) / px);
      if (row >= 0 && row < L.dims[0] && col >= 0 && col < L.dims[1]) p.readout.textContent = tr('overlapCell', row, col, fmt(L.counts[row * L.dims[1] + col]));
    });
    panels[n] = p;
    return p;
  }

  function drawCanvas(p, L) {
    const [R, C] = L.dims;
    const px = Math.max(1, Math.min(6, Math.floor(900 / C)));
    p.canvas.width = C; p.canvas.height = R;
    p.canvas.style.width = `${C * px}px`; p.canvas.style.height = `${R * px}px`;
    const g = p.canvas.getContext('2d');
    const img = g.createImageData(C, R);
    const dark = getComputedStyle(el).getPropertyValue('--heat-dark').trim() === '1';
    for (let i = 0; i < R * C; i++) {
      const v = L.hi > 0 ? L.counts[i] / L.hi : 0;
      // light: white -> deep orange; dark: near-black -> bright orange (luminance encodes the count)
      const [r0, g0, b0] = dark ? [20, 23, 28] : [255, 255, 255];
      const [r1, g1, b1] = dark ? [255, 176, 64] : [176, 72, 0];
      img.data[4 * i] = r0 + (r1 - r0) * v; img.data[4 * i + 1] = g0 + (g1 - g0) * v; img.data[4 * i + 2] = b0 + (b1 - b0) * v; img.data[4 * i + 3] = 255;
    }
    g.putImageData(img, 0, 0);
  }

  function update(state, core, layers) {
    radios.forEach((r, i) => { r.checked = i + 1 === layers; });
    intro.textContent = state.conv ? `${tr('overlapIntroConvT')} ${tr('overlapIntroConv', dims([state.ex.output.rows, state.ex.output.cols]))}` : tr('overlapIntroConvT');
    const O = overlapOf(core, state, layers);
    el.dataset.layers = String(layers);
    if (O.error) {
      el.dataset.ok = 'false';
      verdict.textContent = tr('notDefined', O.error);
      phases.textContent = ''; sizes.textContent = ''; maps.replaceChildren();
      return;
    }
    el.dataset.ok = 'true';
    const counts = O.phases.map((p) => p.taps);
    const lo = Math.min(...counts), hi = Math.max(...counts);
    el.dataset.even = String(lo === hi);
    verdict.textContent = lo === hi ? tr('overlapEven', hi) : tr('overlapUneven', lo, hi) + (lo === 0 ? ` ${tr('overlapHoles')}` : '');
    const list = O.phases.slice(0, MAX_PHASES_LISTED).map((p) => `(${p.row},${p.col}): ${p.taps}`).join(', ') + (O.phases.length > MAX_PHASES_LISTED ? ', …' : '');
    phases.textContent = tr('overlapPhases', list);
    const chain = [dims(O.input), ...O.layers.map((L) => dims(L.dims))].join(' → ');
    sizes.textContent = tr('overlapLayerSizes', chain) + (O.tooBig ? ` ${tr('overlapTooBig', O.tooBig.layer, dims(O.tooBig.dims))}` : '')
      + (O.layers.length > 1 ? ` ${tr('overlapStacked', O.layers.length, fmt(O.layers[O.layers.length - 1].lo), fmt(O.layers[O.layers.length - 1].hi))}` : '');
    const shown = O.layers.map((L, n) => {
      const p = panelFor(n);
      p.layer = L;
      p.title.textContent = tr('overlapGridLabel', n + 1, dims(L.dims));
      p.scale.textContent = tr('overlapScale', fmt(L.lo), fmt(L.hi));
      const cells = L.dims[0] * L.dims[1];
      if (cells <= MAX_DRAWN_CELLS) {
        p.note.hidden = true;
        p.grid.el.setAttribute('aria-label', tr('overlapGridLabel', n + 1, dims(L.dims)));
        const cols = L.dims[1];
        p.grid.draw({
          rows: L.dims[0], cols, text: (i) => fmt(L.counts[i]),
          title: (i) => tr('overlapCell', Math.floor(i / cols), i % cols, fmt(L.counts[i])),
          decorate: (cell, i) => {
            const v = L.hi > 0 ? L.counts[i] / L.hi : 0;
            cell.style.setProperty('--heat', v.toFixed(3));
            if (v > 0.55) cell.dataset.hot = ''; else delete cell.dataset.hot;
          },
        });
        if (p.body.firstChild !== p.grid.el) setChildren(p.body, p.grid.el);
        p.grid.el.style.setProperty('--cell', cols > 24 ? 'calc(1.25 * var(--rem))' : 'calc(1.9 * var(--rem))');
      } else {
        p.note.hidden = false;
        p.note.textContent = tr('overlapCanvasNote');
        p.canvas.setAttribute('aria-label', `${tr('overlapGridLabel', n + 1, dims(L.dims))}. ${tr('overlapScale', fmt(L.lo), fmt(L.hi))}`);
        if (p.body.firstChild !== p.canvas) setChildren(p.body, p.canvas);
        drawCanvas(p, L);
      }
      return p.el;
    });
    setChildren(maps, ...shown);
  }
  return { el, update };
}
