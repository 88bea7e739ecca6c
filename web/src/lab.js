// One ConvT Lab instance: owns the model state, wires the views, and reports state changes.
// Used by the full page (light DOM, URL sync) and by the <convt-lab> element (shadow DOM).
import { loadCore } from '../lib/core.js';
import { h } from './dom.js';
import { DEFAULTS, readParams, nameOf } from './params.js';
import { compute, highlights, defaultValue } from './model.js';
import { createControls } from './controls.js';
import { viewGrids, viewSums, viewStepper } from './views.js';
import { viewInversion } from './inversion.js';
import { viewSnippet } from './snippet.js';

let corePromise = null;
/** One core per page, shared by every instance. */
export function sharedCore() {
  if (!corePromise) corePromise = loadCore();
  return corePromise;
}

const clampValue = (v) => Math.max(-9999, Math.min(9999, v));

/**
 * @param {Node} root where to mount (a ShadowRoot or an element)
 * @param {{ get: (name: string) => string|null, onState?: (params: object) => void }} opts
 */
export function createLab(root, { get, onState } = {}) {
  let core = null, state = null, sel = { grid: 'output', index: 0 }, hover = null, stepIndex = 0;
  let observer = null;

  const alert = h('div', { class: 'alert', role: 'alert' });
  const status = h('p', { class: 'loading', text: 'Loading the WebAssembly core…' });
  const controls = createControls({
    onParams: ({ params, errors }) => {
      if (errors.length) { showErrors(errors, 'kept'); controls.markInvalid(errors.map((e) => e.parameter)); return; }
      apply(params, { fromControls: true });
    },
    onPreset: (query) => setFromText((n) => new URLSearchParams(query).get(n)),
    onRandomize: () => setValues(() => Math.floor(Math.random() * 7) - 3),
    onResetValues: () => setValues(defaultValue),
  });
  const grids = viewGrids({ onPoint, onEdit });
  const stepper = viewStepper({ onStep: (i) => { stepIndex = i; sel = { grid: 'output', index: i }; refreshSelection(); } });
  const sums = viewSums();
  const inversion = viewInversion({ onSetOutputPadding: (a) => state && apply({ ...state.params, outputPadding: a }) });
  const snippet = viewSnippet();
  const el = h('div', { class: 'cl', 'data-ready': 'false' },
    h('div', { class: 'top' }, controls.el, alert),
    status,
    h('div', { class: 'main', hidden: true }, grids.el, stepper.el, sums.el, inversion.el, snippet.el));
  const mainEl = el.querySelector('.main');
  root.append(el);

  // --- errors -----------------------------------------------------------------
  function showErrors(errors, what) {
    alert.replaceChildren();
    if (!errors.length) { alert.hidden = true; return; }
    alert.hidden = false;
    for (const e of errors) alert.append(h('p', { text: e && e.message ? String(e.message) : String(e) }));
    alert.append(h('p', { class: 'alert-note', text: what === 'default' ? 'Showing the default example instead.' : state ? 'The last valid setting is still shown.' : '' }));
  }

  // --- state ------------------------------------------------------------------
  /** Compute and draw a new state; returns null, or the error (state and drawing unchanged). */
  function apply(params, { fromControls = false, values = null } = {}) {
    if (!core) return new Error('The core is still loading.');
    try {
      const prev = values ? { ...(state || {}), ...values } : state;
      state = compute(core, params, prev);
    } catch (e) {
      showErrors([e], 'kept');
      controls.markInvalid(e && e.parameter ? [nameOf(e.parameter), e.parameter] : []);
      return e || new Error('invalid');
    }
    showErrors([]);
    if (!fromControls) controls.show(params); else controls.markInvalid(null);
    render();
    onState?.(params);
    return null;
  }

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

  function render() {
    const st = state;
    el.dataset.mode = st.params.mode;
    el.dataset.ready = 'true';
    mainEl.hidden = false;
    status.hidden = true;
    const maxCols = Math.max(st.ex.stuffed.cols, st.ex.output.cols, st.ex.input.cols);
    el.style.setProperty('--maxcols', String(maxCols));
    el.classList.toggle('dense', maxCols > 18);
    el.classList.toggle('tiny', maxCols > 40);
    const n = st.ex.output.rows * st.ex.output.cols;
    if (stepIndex >= n) stepIndex = 0;
    if (sel && sel.grid === 'output' && sel.index >= n) sel = { grid: 'output', index: stepIndex };
    grids.update(st);
    inversion.update(st);
    snippet.update(st);
    refreshSelection();
  }

  function refreshSelection() {
    if (!state) return;
    const eff = hover || sel;
    grids.mark(highlights(state, eff));
    const o = eff && eff.grid === 'output' ? eff.index : stepIndex;
    sums.update(state, o);
    stepper.update(state.ex.output.rows * state.ex.output.cols, stepIndex, state.ex.output.cols);
  }

  /** Read parameters from text (URL or attributes); missing names keep their current value. */
  function setFromText(getText) {
    if (!core) { pending = getText; return; }
    const { params, errors } = readParams(getText, state ? state.params : DEFAULTS);
    const err = apply(params);
    let note = 'kept';
    if (err && !state) { apply(DEFAULTS); note = 'default'; }
    const all = err ? [...errors, err] : errors;
    if (all.length) {
      showErrors(all, note);
      controls.markInvalid(all.flatMap((e) => (e && e.parameter ? [nameOf(e.parameter), e.parameter] : [])));
    }
  }

  let pending = get;
  sharedCore().then((c) => {
    core = c;
    controls.initSquare(DEFAULTS);
    setFromText(pending || (() => null));
    pending = null;
  }, (e) => { status.textContent = `The WebAssembly core could not load: ${e && e.message ? e.message : e}`; });

  return {
    el,
    setFromText,
    get params() { return state ? state.params : null; },
    attach() {
      stepper.attach();
      if (typeof IntersectionObserver === 'function' && !observer) {
        observer = new IntersectionObserver((entries) => { for (const en of entries) stepper.setVisible(en.isIntersecting); });
        observer.observe(el);
      }
    },
    detach() { stepper.detach(); observer?.disconnect(); observer = null; },
  };
}
