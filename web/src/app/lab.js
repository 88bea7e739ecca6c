// One ConvT Lab instance: the one store of its state, the views, and the wiring between them.
// Used by the full page (light DOM, URL sync) and by the <convt-lab> element (shadow DOM).
//
// The flow is one way: an input (URL/attributes, a control, an edit, a preset, a pointer, a step)
// changes the store; a change of parameters or values computes one new model state (model.js,
// once); the views are handed what they draw. Pointing, stepping and Play only recompute the
// highlights and redraw them. Switching language or the compact layout rebuilds the views from
// the same store, so nothing is lost (not even Play).
import { loadCore } from '../../lib/core.js';
import { h, setText } from '../draw/dom.js';
import { DEFAULTS, nameOf, VIEWS } from '../model/params.js';
import { highlights, defaultValue, backLegOf, viewData, imageResult, setImageResult } from '../model/model.js';
import { createStore } from './store.js';
import { createControls } from '../views/controls.js';
import { viewGrids } from '../views/grids.js';
import { viewSums } from '../views/sums.js';
import { viewStepper } from '../views/stepper.js';
import { KIND_NAME_KEY } from '../draw/cell-style.js';
import { viewInversion } from '../views/inversion.js';
import { viewSnippet } from '../views/snippet.js';
import { viewMatrix } from '../views/matrix.js';
import { viewOverlap } from '../views/overlap.js';
import { viewPolyphase } from '../views/polyphase.js';
import { viewImage, builtinImage } from '../views/image.js';
import { holdImageWorker, imageWorkerUse, runImageCall } from '../worker/image-runner.js';
import { viewExport } from '../views/export.js';
import { makeT, parseLang } from '../i18n/strings.js';

let corePromise = null;
/** One core per page, shared by every instance. */
export function sharedCore() {
  if (!corePromise) corePromise = loadCore();
  return corePromise;
}

const TAB_KEYS = { sizes: 'tabSizes', matrix: 'tabMatrix', overlap: 'tabOverlap', polyphase: 'tabPolyphase', image: 'tabImage' };
let labCount = 0;

/** Tabs with roles, roving tabindex and arrow keys (automatic activation). */
function createTabs({ tr, uid, current, onSelect }) {
  const list = h('div', { role: 'tablist', class: 'tabs', 'aria-label': tr('viewsLabel') });
  const tabs = VIEWS.map((name) => h('button', {
    type: 'button', role: 'tab', id: `${uid}-tab-${name}`, 'aria-controls': `${uid}-panel-${name}`, 'data-tab': name, text: tr(TAB_KEYS[name]),
  }));
  list.append(...tabs);
  list.addEventListener('click', (e) => { const t = e.target.closest?.('[role="tab"]'); if (t) onSelect(t.dataset.tab); });
  list.addEventListener('keydown', (e) => {
    const i = tabs.indexOf(e.target); if (i < 0) return;
    const n = { ArrowRight: i + 1, ArrowLeft: i - 1, Home: 0, End: tabs.length - 1 }[e.key];
    if (n === undefined) return;
    e.preventDefault();
    const t = tabs[(n + tabs.length) % tabs.length];
    t.focus(); onSelect(t.dataset.tab);
  });
  function select(name) {
    for (const t of tabs) {
      const on = t.dataset.tab === name;
      t.setAttribute('aria-selected', String(on)); t.tabIndex = on ? 0 : -1;
    }
  }
  select(current);
  return { el: list, select };
}

/**
 * @param {Node} root where to mount (a ShadowRoot or an element)
 * @param {{ get: (name: string) => string|null, onState?: (params: object, ui: object) => void }} opts
 */
export function createLab(root, { get, onState } = {}) {
  const uid = `cl${++labCount}`;
  const store = createStore(get?.('lang'));
  // The built views (rebuilt on a language or layout switch). Drawing asks V, not the UI state,
  // which layout it has: while a rebuild removes the old views, an open cell editor commits its
  // value on blur and the lab redraws the old views once more (ui.compact already says the new one).
  let V = null;
  let attached = false, gridsVisible = true, resize = null, seen = null, width = 0;
  let releaseImageWorker = null;

  const el = h('div', { class: 'cl', 'data-ready': 'false' });
  root.append(el);

  function build() {
    const { ui } = store;
    const tr = makeT(ui.lang);
    if (V) V.stepper.detach();
    el.lang = ui.lang;
    el.classList.toggle('compact', ui.compact);
    const readoutId = `${uid}-readout`;
    const alert = h('div', { class: 'alert', role: 'alert' });
    const status = h('p', { class: 'loading', text: tr('loading') });
    const readout = h('p', { class: 'readout', id: readoutId, 'aria-live': 'polite' });
    const controls = createControls({
      tr, lang: ui.lang,
      onParams: ({ params, errors }) => {
        if (errors.length) { showErrors(errors, 'kept'); controls.markInvalid(errors.map((e) => e.parameter)); return; }
        apply(params, { fromControls: true });
      },
      onPreset: (query) => setFromText((n) => new URLSearchParams(query).get(n), { values: 'reset' }),
      onRandomize: () => drawn(store.fill(() => Math.floor(Math.random() * 7) - 3)),
      onResetValues: () => drawn(store.fill(defaultValue)),
      onLang: (l) => setLang(l, true, 'control'),
    });
    const grids = viewGrids({ onPoint, onEdit: (which, i, op) => drawn(store.edit(which, i, op)), tr, readoutId });
    const stepper = viewStepper({
      tr,
      onStep: (i, how) => { ui.step = i; ui.stepping = true; ui.sel = { grid: 'output', index: i }; ui.hover = null; refreshSelection(how === 'play'); },
      onPlay: (on) => { ui.playing = on; ui.stepping = on || ui.stepping; refreshSelection(true); },
      onSpeed: (ms) => { ui.speedMs = Number(ms); },
    });
    const sums = viewSums({ tr });
    const inversion = viewInversion({ tr, compact: ui.compact, onSetOutputPadding: (a) => { if (store.state) { apply({ ...store.state.params, outputPadding: a }); V.inversion.focusVerdict(); } } });
    const expand = ui.compact ? h('button', { type: 'button', class: 'expand', text: tr('openFullLab'), onclick: () => setCompact(false) }) : null;
    if (ui.compact) {
      const main = h('div', { class: 'main', hidden: true }, grids.el, readout, stepper.el, inversion.el, h('p', { class: 'expand-row' }, expand));
      el.replaceChildren(alert, status, main);
      V = { compact: true, tr, alert, status, controls, grids, stepper, sums, inversion, readout, main, panels: {}, tabs: null, snippet: null, views: {} };
    } else {
      const snippet = viewSnippet({ tr });
      const views = {
        matrix: viewMatrix({ tr, onPoint: (g, i, how) => onPoint(g, i, how), onReroll: () => { ui.seed++; renderView(); } }),
        overlap: viewOverlap({ tr, onLayers: (n) => { ui.layers = n; renderView(); } }),
        polyphase: viewPolyphase({ tr }),
        image: viewImage({
          tr,
          onPreset: (key, p) => {
            if (!store.state) return;
            ui.imageDisplay = p.display; ui.kernelName = key;
            apply({ ...store.state.params, ...p.params }, { values: { w: Float32Array.from(p.w), wCols: p.params.kernelSize[1] }, keepKernelName: true });
          },
          onImage: (r) => { ui.image = r.image || builtinImage(r.builtin); renderView(); },
          onDisplay: (d) => { ui.imageDisplay = d; renderView(); },
        }),
      };
      const sizes = h('section', { class: 'view view-sizes', 'data-view': 'sizes' }, h('div', { class: 'explain' }, sums.el, inversion.el));
      const panels = { sizes, matrix: views.matrix.el, overlap: views.overlap.el, polyphase: views.polyphase.el, image: views.image.el };
      for (const [name, p] of Object.entries(panels)) {
        p.id = `${uid}-panel-${name}`;
        p.setAttribute('role', 'tabpanel');
        p.setAttribute('aria-labelledby', `${uid}-tab-${name}`);
        p.hidden = name !== ui.view;
      }
      const tabs = createTabs({ tr, uid, current: ui.view, onSelect: setView });
      const exporter = viewExport({ tr, snapshot });
      const main = h('div', { class: 'main', hidden: true }, grids.el, h('div', { class: 'stepbar' }, stepper.el, exporter.el, readout),
        h('div', { class: 'views' }, tabs.el, ...Object.values(panels)), snippet.el);
      el.replaceChildren(h('div', { class: 'top' }, controls.el, alert), status, main);
      V = { compact: false, tr, alert, status, controls, grids, stepper, sums, inversion, snippet, readout, views, panels, tabs, main };
    }
    if (attached) { V.stepper.attach(); V.stepper.setVisible(gridsVisible); observeGrids(); }
  }
  build();

  /** What an export draws (export.js): the model state, the UI state and the current highlights. */
  function snapshot() {
    const st = store.state, { ui } = store;
    return st ? { state: st, ui: { ...ui }, highlights: highlights(st, ui.hover || ui.sel) } : null;
  }

  // ---- errors ------------------------------------------------------------------------------------
  function errorText(e) {
    if (e && e.code) return V.tr(e.code, ...(e.args || []));
    let m = e && e.message ? String(e.message) : String(e);
    // the core names its options as in JS (kernelSize); the page shows PyTorch's names (kernel_size)
    const p = e && e.parameter ? String(e.parameter) : '';
    if (p && m.startsWith(`${p}:`)) m = nameOf(p) + m.slice(p.length);
    return V.tr('coreErrorKo', m);
  }
  function showErrors(errors, note) {
    store.errors = errors; store.note = note;
    const { alert } = V;
    alert.replaceChildren();
    if (!errors.length) { alert.hidden = true; return; }
    alert.hidden = false;
    for (const e of errors) alert.append(h('p', { text: errorText(e) }));
    const noteKey = { default: 'alertDefault', kept: store.state ? 'alertKept' : null, nothing: 'alertNothing' }[note];
    if (noteKey) alert.append(h('p', { class: 'alert-note', text: V.tr(noteKey) }));
    if (note === 'nothing') alert.append(h('p', {}, h('button', { type: 'button', class: 'show-default', text: V.tr('showDefault'), onclick: () => { store.asked = null; apply(DEFAULTS); } })));
  }
  const invalidNames = (errors) => errors.flatMap((e) => (e && e.parameter ? [nameOf(e.parameter), e.parameter] : []));

  // ---- state changes -----------------------------------------------------------------------------
  /**
   * A new state for `params` (and values), drawn. Returns null, or the error: then the last good
   * state stays drawn, and the asked-for parameters stay in the controls (and in a link that
   * opened with them).
   */
  function apply(params, { fromControls = false, values = null, keepKernelName = false } = {}) {
    if (!store.core) return new Error(V.tr('stillLoading'));
    const err = store.apply(params, { values, keepKernelName });
    if (err) {
      showErrors([err], store.state ? 'kept' : 'nothing');
      if (!fromControls) V.controls.show(params);
      V.controls.markInvalid(invalidNames([err]));
    } else {
      showErrors([]);
      if (!fromControls) V.controls.show(params); else V.controls.markInvalid(null);
      render();
    }
    report();
    return err;
  }
  /** Tells the page (URL) or the element (its event) what is drawn. */
  const report = () => { const r = store.report(); if (r) onState?.(r.params, r.ui); };
  /** After a change of values that computed a new state: draw it. */
  const drawn = (err) => { if (!store.state) return; if (err) showErrors([err], 'kept'); else { showErrors([]); render(); } report(); };

  function onPoint(grid, i, how) {
    const { ui } = store;
    if (how === 'hover') ui.hover = i == null ? null : { grid, index: i };
    else { ui.sel = { grid, index: i }; ui.stepping = false; }
    if (how !== 'hover' && grid === 'output') ui.step = i;
    refreshSelection();
  }

  function setView(name) {
    if (!VIEWS.includes(name) || !V || !V.tabs) { if (VIEWS.includes(name)) store.ui.view = name; return; }
    store.ui.view = name;
    V.tabs.select(name);
    for (const [n, p] of Object.entries(V.panels)) p.hidden = n !== name;
    renderView();
    report();
  }

  function rebuild() {
    build();
    if (store.state) { V.controls.initSquare(store.state.params); V.controls.show(store.asked || store.state.params); render(); }
    if (store.asked) V.controls.markInvalid(invalidNames(store.errors));
    showErrors(store.errors, store.note);
  }

  function setLang(l, explicit, from) {
    const { ui } = store;
    const lang = parseLang(l) || 'en';
    if (explicit) ui.langExplicit = true;
    if (lang === ui.lang) { report(); return; }
    ui.lang = lang;
    rebuild();
    if (from === 'control') V.controls.focusLang();
    report();
  }

  function setCompact(on) {
    if (store.ui.compact === on) return;
    store.ui.compact = on;
    rebuild();
    if (!on) V.main.querySelector('[data-grid="input"]')?.focus({ preventScroll: true });
    report();
  }

  // ---- drawing -----------------------------------------------------------------------------------
  /** The lab's width, known from the ResizeObserver (a read of clientWidth during a redraw forces a layout). */
  function setWidth(w) {
    width = w;
    el.classList.toggle('w-narrow', w < 480);
    el.classList.toggle('w-wide', w >= 640);
    el.classList.toggle('w-xwide', w >= 1000);
  }
  const heightBudget = () => Math.max(240, Math.min(560, (globalThis.innerHeight || 900) - (store.ui.compact ? 240 : 330)));

  function render() {
    const st = store.state, { ui } = store;
    el.dataset.mode = st.params.mode;
    el.dataset.ready = 'true';
    V.main.hidden = false;
    V.status.hidden = true;
    const n = st.ex.output.rows * st.ex.output.cols;
    if (ui.step >= n) ui.step = 0;
    if (ui.sel && ((ui.sel.grid === 'output' && ui.sel.index >= n) || ui.sel.grid === 'matrix')) ui.sel = { grid: 'output', index: ui.step };
    if (ui.hover) ui.hover = null;
    if (!width) setWidth(el.clientWidth || 1200); // once; afterwards the ResizeObserver keeps it
    V.grids.update({ state: st, width, heightBudget: heightBudget(), compact: V.compact, play: playProgress() });
    V.inversion.update({ state: st, backLeg: backLegOf(store.core, st) });
    V.snippet?.update({ state: st });
    renderView();
    refreshSelection();
  }

  /** Draw the visible view (the others are drawn when they are chosen). */
  function renderView() {
    const st = store.state, { ui } = store;
    if (!st || !V || V.compact) return;
    const v = ui.view;
    if (v === 'image' && !ui.image) ui.image = builtinImage(96);
    if (v === 'sizes') return;
    const data = viewData(store.core, st, v, { ...ui, imageWorker: imageWorkerUse() });
    V.views[v].update(data);
    if (v === 'matrix') refreshSelection();
    if (v === 'image' && data.result.pending) offloadImage(st, ui.image, data.result);
  }

  // ---- the image view's call in the page's worker (image-runner.js) ------------------------------
  // One call at a time per lab: a call asked for while another runs waits, and a later one replaces
  // it. Each call gets the next generation number; a result is kept only if no call was asked for
  // since (an older one is stale: the user changed something meanwhile), then the view is drawn.
  let imageGen = 0, imageRunning = null, imageNext = null, imageRetry = false;
  function offloadImage(st, img, call) {
    const asked = (job) => job && job.st === st && job.img === img;
    if (asked(imageNext) || (!imageNext && asked(imageRunning))) return; // already on its way
    const job = { gen: ++imageGen, st, img, call, display: store.ui.imageDisplay };
    if (imageRunning) imageNext = job; else runImage(job);
  }
  function runImage(job) {
    imageRunning = job;
    runImageCall(job.call, job.display).then(
      (r) => { if (job.gen === imageGen) setImageResult(job.st, job.img, imageResult(job.call, r, r.ms, true, { display: job.display, rgba: r.pixels })); },
      (e) => {
        if (job.gen !== imageGen) return;
        if (e.reason === 'stopped') { imageRetry = !attached; return; } // no lab was left: asked again when this one is back
        if (!e.reason) setImageResult(job.st, job.img, { error: String(e.message) }); // the core's error, shown as on the main thread
        // 'unavailable': drawn again below, computed on the main thread
      },
    ).finally(() => {
      imageRunning = null;
      const next = imageNext;
      imageNext = null;
      if (next) runImage(next);
      else if (job.gen === imageGen && !imageRetry && store.ui.view === 'image') renderView();
    });
  }

  const playProgress = () => (store.ui.playing && store.ui.stepping ? { running: true, index: store.ui.step } : null);

  /** Highlights, the sums and the step control: what pointing, stepping and Play change. */
  function refreshSelection(playTick = false) {
    const st = store.state, { ui } = store;
    if (!st) return;
    const eff = ui.hover || ui.sel;
    const hl = highlights(st, eff);
    V.grids.mark(hl);
    if (!V.compact && ui.view === 'matrix') V.views.matrix.mark(hl.matrix);
    const o = eff && eff.grid === 'output' ? eff.index : eff && eff.grid === 'matrix' && hl.matrix ? hl.matrix.row : ui.step;
    const stepping = ui.stepping && !ui.hover;
    if (!V.compact) V.sums.update({ state: st, o, stepping });
    if (playTick || ui.playing) V.grids.progress(playProgress());
    V.stepper.update({ n: st.ex.output.rows * st.ex.output.cols, i: ui.step, cols: st.ex.output.cols, isPlaying: ui.playing, speedMs: ui.speedMs });
    setText(V.readout, readoutText(st, eff));
  }

  /** What the pointer or the keyboard cursor is on, with its exact value (also for heatmap cells). */
  function readoutText(st, sel) {
    if (!sel || sel.index == null) return '';
    const g = V.grids.grids[sel.grid];
    const info = g && g.el.cellInfo(sel.index);
    if (!info) return '';
    const cols = Number(g.el.dataset.cols);
    const r = Math.floor(sel.index / cols), c = sel.index % cols;
    const name = { input: 'x', kernel: 'w', flipped: 'w′', stuffed: st.conv ? 'xp' : 'x̃', output: 'y' }[sel.grid];
    const kind = sel.grid === 'stuffed' ? V.tr(KIND_NAME_KEY[info.kind]) : null;
    return V.tr('readout', V.tr(`grid_${sel.grid}`), name, r, c, info.value, kind);
  }

  // ---- text sources: URL query or element attributes ---------------------------------------------
  /** Read everything from text (URL or attributes); missing names keep their current value. */
  function setFromText(getText, { values: valuesMode = 'text' } = {}) {
    if (!store.core) { pending = getText; return; }
    const read = store.readText(getText, valuesMode);
    if (read.lang) setLang(read.lang, true);
    if (read.compact !== undefined) setCompact(read.compact);
    if (read.view) setView(read.view);
    const err = apply(read.params, { values: read.values });
    const all = [...read.errors, ...(err ? [err] : [])];
    if (all.length) {
      showErrors(all, store.state ? 'kept' : 'nothing');
      V.controls.markInvalid(invalidNames(all));
    }
  }

  let pending = get;
  sharedCore().then((c) => {
    store.core = c;
    V.controls.initSquare(DEFAULTS);
    setFromText(pending || (() => null));
    pending = null;
  }, (e) => { V.status.textContent = V.tr('loadFailed', e && e.message ? e.message : e); });

  // ---- on the page or not --------------------------------------------------------------------------
  /** Printing shows everything: typeset the derivations that are still waiting to come into view. */
  const beforePrint = () => V.inversion.setVisible(null, true);

  /** Play runs only while the grids are on screen; derivations (and the round trip's values) are drawn when they come into view. */
  function observeGrids() {
    seen?.disconnect();
    if (typeof IntersectionObserver === 'function') {
      seen = new IntersectionObserver((entries) => {
        for (const en of entries) {
          if (en.target === V.grids.el) { gridsVisible = en.isIntersecting; V.stepper.setVisible(gridsVisible); }
          else V.inversion.setVisible(en.target, en.isIntersecting);
        }
      });
      seen.observe(V.grids.el);
      for (const part of V.inversion.lazyParts) seen.observe(part);
    }
  }

  return {
    el,
    setFromText,
    get params() { return store.state ? store.state.params : store.asked; },
    get ui() { return { view: store.ui.view, lang: store.ui.lang, compact: store.ui.compact }; },
    attach() {
      attached = true;
      if (!releaseImageWorker) releaseImageWorker = holdImageWorker();
      if (imageRetry) { imageRetry = false; renderView(); }
      window.addEventListener('beforeprint', beforePrint);
      V.stepper.attach();
      observeGrids();
      if (typeof ResizeObserver === 'function' && !resize) {
        resize = new ResizeObserver((entries) => {
          const w = Math.floor(entries[entries.length - 1].contentRect.width);
          if (!w || w === width) return;
          setWidth(w);
          if (store.state) { V.grids.redraw({ width: w, heightBudget: heightBudget() }); refreshSelection(); }
        });
        resize.observe(el);
      }
    },
    detach() {
      attached = false;
      window.removeEventListener('beforeprint', beforePrint); V.stepper.detach(); seen?.disconnect(); seen = null; resize?.disconnect(); resize = null;
      releaseImageWorker?.(); releaseImageWorker = null;
    },
  };
}
