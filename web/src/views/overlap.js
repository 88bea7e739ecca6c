// The overlap map: how many kernel taps land on each ConvTranspose2d output cell, as a heatmap with
// counts, for one to three stacked layers. The counts come from the core (a ConvTranspose2d of all
// ones with an all-ones kernel, then of those counts, ...); even vs checkerboard from the number
// of taps in each stride phase (core.polyphase). The page counts nothing itself.
import { tabDataChanged } from './tabs.js';
import { h, setChildren, fmt, dims } from '../draw/dom.js';
import { createGrid } from '../draw/grid.js';

const MAX_PHASES_LISTED = 16;
const MAX_CELL = 34;

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
    const readout = h('p', { class: 'caption readout', 'aria-live': 'polite' });
    readout.id = `${layersId}-r${n}`;
    const p = { title, readout, layer: null };
    p.grid = createGrid({ name: `overlap-${n + 1}`, label: '', describedBy: readout.id,
      onPoint: (i) => { const L = p.layer; if (L && i != null) readout.textContent = tr('overlapCell', Math.floor(i / L.dims[1]), i % L.dims[1], fmt(L.counts[i])); } });
    const scale = h('p', { class: 'caption' });
    p.scale = scale;
    p.el = h('figure', { class: 'panel heatpanel', 'data-layer': String(n + 1) }, title, h('div', { class: 'scroll' }, p.grid.el), scale, readout);
    panels[n] = p;
    return p;
  }

  /** data: { state, layers (1-3), overlap (model.overlapOf) }. */
  function drawData({ state, layers, overlap: O }) {
    radios.forEach((r, i) => { r.checked = i + 1 === layers; });
    intro.textContent = state.conv ? `${tr('overlapIntroConvT')} ${tr('overlapIntroConv', dims([state.ex.output.rows, state.ex.output.cols]))}` : tr('overlapIntroConvT');
    el.dataset.layers = String(layers);
    if (O.error) {
      el.dataset.ok = 'false';
      verdict.textContent = tr('notDefined', O.error);
      phases.textContent = ''; sizes.textContent = ''; maps.replaceChildren();
      return;
    }
    el.dataset.ok = 'true';
    el.dataset.even = String(O.even);
    verdict.textContent = O.even ? tr('overlapEven', O.phaseHi) : tr('overlapUneven', O.phaseLo, O.phaseHi) + (O.phaseLo === 0 ? ` ${tr('overlapHoles')}` : '');
    const list = O.phases.slice(0, MAX_PHASES_LISTED).map((p) => `(${p.row},${p.col}): ${p.taps}`).join(', ') + (O.phases.length > MAX_PHASES_LISTED ? ', …' : '');
    phases.textContent = tr('overlapPhases', list);
    const chain = [dims(O.input), ...O.layers.map((L) => dims(L.dims))].join(' → ');
    const lastL = O.layers[O.layers.length - 1];
    sizes.textContent = tr('overlapLayerSizes', chain) + (O.tooBig ? ` ${tr('overlapTooBig', O.tooBig.layer, dims(O.tooBig.dims))}` : '')
      + (O.layers.length > 1 ? ` ${tr(O.even ? 'overlapStackedEven' : 'overlapStacked', O.layers.length, fmt(O.even ? lastL.lo : lastL.inLo), fmt(O.even ? lastL.hi : lastL.inHi))}` : '');
    const avail = Math.max(200, (el.clientWidth || 900) - 40);
    const shown = O.layers.map((L, n) => {
      const p = panelFor(n);
      p.layer = L;
      const [R, C] = L.dims;
      p.title.textContent = tr('overlapGridLabel', n + 1, dims(L.dims));
      p.scale.textContent = tr('overlapScale', fmt(L.lo), fmt(L.hi));
      p.grid.el.setAttribute('aria-label', `${tr('overlapGridLabel', n + 1, dims(L.dims))}. ${tr('overlapScale', fmt(L.lo), fmt(L.hi))}`);
      const cell = Math.max(1, Math.min(MAX_CELL, Math.floor(avail / (O.layers.length > 1 && C < 40 ? Math.max(C, 12) * 1.1 : C))));
      p.grid.draw({ rows: R, cols: C, cell, values: L.counts, heatFill: true, describe: (i) => tr('overlapCell', Math.floor(i / C), i % C, fmt(L.counts[i])) });
      return p.el;
    });
    setChildren(maps, ...shown);
  }
  let drawn = null;
  /** A frame: the tab's data, when this tab is shown and it changed. */
  function update(frame) {
    if (frame.tab?.name !== 'overlap') return;
    if (tabDataChanged(drawn, frame.tab.data)) { drawn = frame.tab.data; drawData(drawn); }
  }
  return { el, update };
}
