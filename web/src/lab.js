// One ConvT Lab instance: owns the model state and the UI state (view, language, ...), builds the
// views, and reports state changes. Used by the full page (light DOM, URL sync) and by the
// <convt-lab> element (shadow DOM). Switching language rebuilds the views from the same state,
// so only text changes.
import { loadCore } from '../lib/core.js';
import { h } from './dom.js';
import { DEFAULTS, readParams, nameOf, VIEWS, parseView, ParamError, quote } from './params.js';
import { compute, highlights, defaultValue } from './model.js';
import { createControls } from './controls.js';
import { viewGrids, viewSums, viewStepper } from './views.js';
import { viewInversion } from './inversion.js';
import { viewSnippet } from './snippet.js';
import { viewMatrix } from './matrix.js';
import { viewOverlap } from './overlap.js';
import { viewPolyphase } from './polyphase.js';
import { viewImage, builtinImage } from './image.js';
import { makeT, pickLang, parseLang, LANGS } from './strings.js';

let corePromise = null;
/** One core per page, shared by every instance. */
export function sharedCore() {
  if (!corePromise) corePromise = loadCore();
  return corePromise;
}

const clampValue = (v) => Math.max(-9999, Math.min(9999, v));
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
  return { el: list, select, focus(name) { tabs.find((t) => t.dataset.tab === name)?.focus(); } };
}

/**
 * @param {Node} root where to mount (a ShadowRoot or an element)
 * @param {{ get: (name: string) => string|null, onState?: (params: object, ui: object) => void }} opts
 */
export function createLab(root, { get, onState } = {}) {
  const uid = `cl${++labCount}`;
  let core = null, state = null, sel = { grid: 'output', index: 0 }, hover = null, stepIndex = 0;
  let observer = null, attached = false, visible = true;
  let lastErrors = [], lastNote = 'kept', lastText = { view: null, lang: null };
  const ui = { lang: pickLang(get?.('lang')), langExplicit: parseLang(get?.('lang')) != null, view: VIEWS[0], layers: 2, seed: 1, image: null, imageDisplay: 'auto' };
  let V = null; // the built views (rebuilt when the language changes)

  const el = h('div', { class: 'cl', 'data-ready': 'false' });
  root.append(el);

  function build() {
    const tr = makeT(ui.lang);
    const wasAttached = attached;
    if (V) V.stepper.detach();
    el.lang = ui.lang;
    const alert = h('div', { class: 'alert', role: 'alert' });
    const status = h('p', { class: 'loading', text: tr('loading') });
    const controls = createControls({
      tr, lang: ui.lang,
      onParams: ({ params, errors }) => {
        if (errors.length) { showErrors(errors, 'kept'); controls.markInvalid(errors.map((e) => e.parameter)); return; }
        apply(params, { fromControls: true });
      },
      onPreset: (query) => setFromText((n) => new URLSearchParams(query).get(n)),
      onRandomize: () => setValues(() => Math.floor(Math.random() * 7) - 3),
      onResetValues: () => setValues(defaultValue),
      onLang: (l) => setLang(l, true),
    });
    const grids = viewGrids({ onPoint, onEdit, tr });
    const stepper = viewStepper({ tr, onStep: (i) => { stepIndex = i; sel = { grid: 'output', index: i }; refreshSelection(); } });
    const sums = viewSums({ tr });
    const inversion = viewInversion({ tr, onSetOutputPadding: (a) => state && apply({ ...state.params, outputPadding: a }) });
    const snippet = viewSnippet({ tr });
    const matrix = viewMatrix({ tr, onPoint: (g, i, how) => onPoint(g, i, how), onReroll: () => { ui.seed++; renderView(); } });
    const overlap = viewOverlap({ tr, onLayers: (n) => { ui.layers = n; renderView(); } });
    const polyphase = viewPolyphase({ tr });
    const image = viewImage({
      tr,
      onPreset: (p) => { if (!state) return; ui.imageDisplay = p.display; apply({ ...state.params, ...p.params }, { values: { w: Float32Array.from(p.w), wCols: p.params.kernelSize[1] } }); },
      onImage: (r) => { ui.image = r.image || builtinImage(r.builtin); renderView(); },
      onDisplay: (d) => { ui.imageDisplay = d; renderView(); },
    });
    const sizes = h('section', { class: 'view view-sizes', 'data-view': 'sizes' }, stepper.el, sums.el, inversion.el);
    const panels = { sizes, matrix: matrix.el, overlap: overlap.el, polyphase: polyphase.el, image: image.el };
    for (const [name, p] of Object.entries(panels)) {
      p.id = `${uid}-panel-${name}`;
      p.setAttribute('role', 'tabpanel');
      p.setAttribute('aria-labelledby', `${uid}-tab-${name}`);
      p.hidden = name !== ui.view;
    }
    const tabs = createTabs({ tr, uid, current: ui.view, onSelect: setView });
    const main = h('div', { class: 'main', hidden: true }, grids.el,
      h('div', { class: 'views' }, tabs.el, ...Object.values(panels)), snippet.el);
    el.replaceChildren(h('div', { class: 'top' }, controls.el, alert), status, main);
    V = { tr, alert, status, controls, grids, stepper, sums, inversion, snippet, matrix, overlap, polyphase, image, panels, tabs, main };
    if (wasAttached) { stepper.attach(); stepper.setVisible(visible); }
  }
  build();

  // --- errors -----------------------------------------------------------------
  function errorText(e) {
    if (e && e.code) return V.tr(e.code, ...(e.args || []));
    let m = e && e.message ? String(e.message) : String(e);
    // the core names its options as in JS (kernelSize); the page shows PyTorch's names (kernel_size)
    const p = e && e.parameter ? String(e.parameter) : '';
    if (p && m.startsWith(`${p}:`)) m = nameOf(p) + m.slice(p.length);
    return V.tr('coreErrorKo', m);
  }
  function showErrors(errors, what) {
    lastErrors = errors; lastNote = what;
    const { alert } = V;
    alert.replaceChildren();
    if (!errors.length) { alert.hidden = true; return; }
    alert.hidden = false;
    for (const e of errors) alert.append(h('p', { text: errorText(e) }));
    alert.append(h('p', { class: 'alert-note', text: what === 'default' ? V.tr('alertDefault') : state ? V.tr('alertKept') : '' }));
  }

  // --- state ------------------------------------------------------------------
  /** Compute and draw a new state; returns null, or the error (state and drawing unchanged). */
  function apply(params, { fromControls = false, values = null } = {}) {
    if (!core) return new Error(V.tr('stillLoading'));
    try {
      const prev = values ? { ...(state || {}), ...values } : state;
      state = compute(core, params, prev);
    } catch (e) {
      showErrors([e], 'kept');
      V.controls.markInvalid(e && e.parameter ? [nameOf(e.parameter), e.parameter] : []);
      return e || new Error('invalid');
    }
    showErrors([]);
    if (!fromControls) V.controls.show(params); else V.controls.markInvalid(null);
    render();
    report();
    return null;
  }
  const report = () => { if (state) onState?.(state.params, { view: ui.view, lang: ui.lang, langExplicit: ui.langExplicit }); };

  function setValues(fill) {
    if (!state) return;
    const x = Float32Array.from(state.x, (_, i) => fill(i));
    const w = Float32Array.from(state.w, (_, i) => fill(i));
    apply(state.params, { values: { x, w } });
  }

  function onEdit(which, i, op) {
    if (!state) return;
    const arr = Float32Array.from(which === 'x' ? state.x : state.w);
    if (op.set !== undefined) arr[i] = clampValue(op.set);
    if (op.negate) arr[i] = -arr[i];
    if (op.add) arr[i] = clampValue(arr[i] + op.add);
    apply(state.params, { values: which === 'x' ? { x: arr } : { w: arr } });
  }

  function onPoint(grid, i, how) {
    if (how === 'hover') hover = i == null ? null : { grid, index: i };
    else sel = { grid, index: i };
    if (how !== 'hover' && grid === 'output') stepIndex = i;
    refreshSelection();
  }

  function setView(name) {
    if (!VIEWS.includes(name) || !V) return;
    ui.view = name;
    V.tabs.select(name);
    for (const [n, p] of Object.entries(V.panels)) p.hidden = n !== name;
    renderView();
    report();
  }

  function setLang(l, explicit) {
    const lang = parseLang(l) || 'en';
    if (explicit) ui.langExplicit = true;
    if (lang === ui.lang) { report(); return; }
    ui.lang = lang;
    const focusLang = explicit;
    build();
    if (state) { V.controls.initSquare(state.params); V.controls.show(state.params); render(); }
    showErrors(lastErrors, lastNote);
    if (focusLang) V.controls.focusLang();
    report();
  }

  function render() {
    const st = state;
    el.dataset.mode = st.params.mode;
    el.dataset.ready = 'true';
    V.main.hidden = false;
    V.status.hidden = true;
    const maxCols = Math.max(st.ex.stuffed.cols, st.ex.output.cols, st.ex.input.cols);
    el.style.setProperty('--maxcols', String(maxCols));
    el.classList.toggle('dense', maxCols > 18);
    el.classList.toggle('tiny', maxCols > 40);
    const n = st.ex.output.rows * st.ex.output.cols;
    if (stepIndex >= n) stepIndex = 0;
    if (sel && ((sel.grid === 'output' && sel.index >= n) || sel.grid === 'matrix')) sel = { grid: 'output', index: stepIndex };
    if (hover && hover.grid === 'matrix') hover = null;
    V.grids.update(st);
    V.inversion.update(st);
    V.snippet.update(st);
    renderView();
    refreshSelection();
  }

  /** Draw the visible view (the others are drawn when they are chosen). */
  function renderView() {
    if (!state || !V) return;
    const v = ui.view;
    if (v === 'matrix') { V.matrix.update(state, core, ui.seed); refreshSelection(); }
    else if (v === 'overlap') V.overlap.update(state, core, ui.layers);
    else if (v === 'polyphase') V.polyphase.update(state, core);
    else if (v === 'image') { if (!ui.image) ui.image = builtinImage(96); V.image.update(state, core, ui); }
  }

  function refreshSelection() {
    if (!state) return;
    const eff = hover || sel;
    const hl = highlights(state, eff);
    V.grids.mark(hl);
    if (ui.view === 'matrix') V.matrix.mark(hl.matrix);
    const o = eff && eff.grid === 'output' ? eff.index : eff && eff.grid === 'matrix' && hl.matrix ? hl.matrix.row : stepIndex;
    V.sums.update(state, o);
    V.stepper.update(state.ex.output.rows * state.ex.output.cols, stepIndex, state.ex.output.cols);
  }

  /** Read parameters from text (URL or attributes); missing names keep their current value. */
  function setFromText(getText) {
    if (!core) { pending = getText; return; }
    // UI attributes: applied when their text changes (so a later attribute change keeps the tab the user chose)
    const uiErrors = [];
    const langText = getText('lang');
    if (langText !== lastText.lang) {
      lastText.lang = langText;
      if (langText != null && parseLang(langText)) setLang(langText, true);
      else if (langText != null && String(langText).trim() !== '') uiErrors.push(new ParamError('lang', `lang: ${quote(langText)} is not one of ${LANGS.join(', ')}.`, 'errLang', [quote(langText), LANGS.join(', ')]));
    }
    const viewText = getText('view');
    if (viewText !== lastText.view) {
      lastText.view = viewText;
      if (viewText != null) { try { setView(parseView(viewText)); } catch (e) { uiErrors.push(e); } }
    }
    const { params, errors } = readParams(getText, state ? state.params : DEFAULTS);
    const err = apply(params);
    let note = 'kept';
    if (err && !state) { apply(DEFAULTS); note = 'default'; }
    const all = [...uiErrors, ...errors, ...(err ? [err] : [])];
    if (all.length) {
      showErrors(all, note);
      V.controls.markInvalid(all.flatMap((e) => (e && e.parameter ? [nameOf(e.parameter), e.parameter] : [])));
    }
  }

  let pending = get;
  sharedCore().then((c) => {
    core = c;
    V.controls.initSquare(DEFAULTS);
    setFromText(pending || (() => null));
    pending = null;
  }, (e) => { V.status.textContent = V.tr('loadFailed', e && e.message ? e.message : e); });

  return {
    el,
    setFromText,
    get params() { return state ? state.params : null; },
    get ui() { return { view: ui.view, lang: ui.lang }; },
    attach() {
      attached = true;
      V.stepper.attach();
      if (typeof IntersectionObserver === 'function' && !observer) {
        observer = new IntersectionObserver((entries) => { for (const en of entries) { visible = en.isIntersecting; V.stepper.setVisible(visible); } });
        observer.observe(el);
      }
    },
    detach() { attached = false; V.stepper.detach(); observer?.disconnect(); observer = null; },
  };
}
