// One ConvT Lab instance: the store of its state, the views, and the wiring between them. Used by
// the full page (light DOM, URL sync) and by the <convt-lab> element (shadow DOM).
//
// The flow is one way: an input (URL/attributes, a control, an edit, a preset, a pointer, a step)
// asks the store to change; a change of parameters or values computes one new model state (once);
// then the lab makes one frame (model/frame.js) and hands it to every view, which draws what
// changed. Switching language or the compact layout builds the views anew from the same store, so
// nothing is lost (not even Play).
import { loadCore } from '../../lib/core.js';
import { h } from '../draw/dom.js';
import { DEFAULTS, valuesText } from '../model/params.js';
import { defaultValue } from '../model/compute.js';
import { frameOf } from '../model/frame.js';
import { createStore } from './store.js';
import { createTextReader, textOf } from './text-state.js';
import { createImageJobs } from './image-jobs.js';
import { createControls } from '../views/controls.js';
import { viewGrids } from '../views/grids.js';
import { viewSums } from '../views/sums.js';
import { viewStepper } from '../views/stepper.js';
import { viewReadout } from '../views/readout.js';
import { viewVerdict } from '../views/verdict.js';
import { viewStepCaption } from '../views/step-caption.js';
import { viewTabs } from '../views/tabs.js';
import { viewInversion } from '../views/inversion.js';
import { viewSnippet } from '../views/snippet.js';
import { viewMatrix } from '../views/matrix.js';
import { viewOverlap } from '../views/overlap.js';
import { viewPolyphase } from '../views/polyphase.js';
import { viewImage, builtinImage } from '../views/image.js';
import { viewNetwork } from '../views/network.js';
import { networkOf, layerParams } from '../model/network.js';
import { useAutoencoder } from '../model/autoencoder.js';
import aeModel from '../../lib/network/models/digits-autoencoder.json';
import aeWeights from '../../lib/network/models/digits-autoencoder.bin';
import aeSamples from '../../lib/network/models/digits-samples.json';
import aeSampleBytes from '../../lib/network/models/digits-samples.bin';

// the trained autoencoder's files, bundled with the page (about 18 KB), handed to the model once
useAutoencoder({ model: aeModel, weights: aeWeights, samples: aeSamples, samplesBytes: aeSampleBytes });
import { viewExport } from '../views/export.js';
import { holdImageWorker, imageWorkerUse } from '../worker/image-runner.js';
import { highlightsOf } from '../model/highlights.js';
import { makeT } from '../i18n/strings.js';
import { errorText, invalidNames } from '../i18n/errors.js';

let corePromise = null;
/** One core per page, shared by every instance. */
export function sharedCore() {
  if (!corePromise) corePromise = loadCore();
  return corePromise;
}

let labCount = 0;


/** The compact lab's height at most (docs/page.md, "Embed with an iframe"), and what its grids may take of it. */
export const COMPACT_HEIGHT = 700;
const COMPACT_GRIDS = COMPACT_HEIGHT - 230;
/** The lecture layout's largest cell (px): digits that read from the back of a room. */
const PRESENT_MAX_CELL = 96;
/** Which layout the UI state asks for: the lecture layout wins over compact. */
const layoutOf = (ui) => (ui.present ? 'present' : ui.compact ? 'compact' : 'full');

/**
 * @param {Node} root where to mount (a ShadowRoot or an element)
 * @param {{ get: (name: string) => string|null, onState?: (report: { params: object, ui: object }) => void }} opts
 */
export function createLab(root, { get, onState } = {}) {
  const uid = `cl${++labCount}`;
  const store = createStore(get?.('lang'));
  const text = createTextReader();
  // The views as built (anew on a language or layout switch): { tr, compact, parts, views, ... }.
  // Drawing asks this, not the UI state, which layout it has: while a rebuild removes the old views,
  // an open cell editor commits its value on blur and the lab draws the old views once more.
  let V = null;
  let attached = false, gridsVisible = true, resize = null, seen = null, width = 0, layout = null;
  let releaseImageWorker = null;
  const jobs = createImageJobs({ onDone: () => { if (store.ui.view === 'image') render(); }, isAttached: () => attached });

  const el = h('div', { class: 'cl', 'data-ready': 'false' });
  root.append(el);

  function build() {
    const { ui } = store;
    const tr = makeT(ui.lang);
    if (V) V.views.stepper.detach();
    el.lang = ui.lang;
    const kind = layoutOf(ui);
    el.classList.toggle('compact', kind === 'compact');
    el.classList.toggle('present', kind === 'present');
    const readoutId = `${uid}-readout`;
    const alert = h('div', { class: 'alert', role: 'alert' });
    // says the core is loading, until it has (whether or not anything can be drawn then)
    const status = h('p', { class: 'loading', text: tr('loading'), hidden: !!store.core });
    const controls = createControls({
      tr, lang: ui.lang, minimal: kind === 'present',
      onParams: ({ params, errors }) => {
        if (errors.length) { showErrors(errors, 'kept'); V.controls.markInvalid(invalidNames(errors)); return; }
        apply(params, { fromControls: true });
      },
      onPreset: (query) => setFromText((n) => new URLSearchParams(query).get(n), { values: 'reset' }),
      onRandomize: () => drawn(store.fill(() => Math.floor(Math.random() * 7) - 3)),
      onResetValues: () => drawn(store.fill(defaultValue)),
      onLang: (l) => setLang(l, true, 'control'),
    });
    const fix = (a) => { if (store.state) { apply({ ...store.state.params, outputPadding: a }); return true; } return false; };
    const views = {
      verdict: viewVerdict({ tr, onFix: (a) => { if (fix(a)) V.views.verdict.focus(); } }),
      grids: viewGrids({ onPoint, onEdit: (which, i, op) => drawn(store.edit(which, i, op)), tr, readoutId }),
      readout: viewReadout({ tr, id: readoutId }),
      stepper: viewStepper({
        tr,
        onStep: (i) => { store.step(i); render(); },
        onPlay: (on) => { store.setPlaying(on); render(); },
        onSpeed: (ms) => { store.setSpeed(ms); },
      }),
    };
    const { verdict, grids, readout, stepper } = views;
    let main, panels = {};
    if (kind === 'present') {
      // a projector: the verdict and the step in large type, a minimal parameter bar, large cells;
      // the keys step (lecture keys below); the step control is there, but quiet
      views.caption = viewStepCaption({ tr });
      main = h('div', { class: 'main', hidden: true }, grids.el, views.caption.el, h('div', { class: 'stepbar' }, stepper.el));
      el.replaceChildren(verdict.el, h('div', { class: 'top' }, controls.el, alert), status, main);
    } else if (kind === 'compact') {
      const expand = h('button', { type: 'button', class: 'expand', text: tr('openFullLab'), title: tr('openFullLabTitle'), onclick: () => openFull(expand) });
      main = h('div', { class: 'main', hidden: true }, grids.el, h('div', { class: 'stepbar' }, stepper.el, h('span', { class: 'expand-row' }, expand)));
      el.replaceChildren(verdict.el, alert, status, main);
    } else {
      Object.assign(views, {
        inversion: viewInversion({ tr, onSetOutputPadding: (a) => { if (fix(a)) V.views.inversion.focusVerdict(); } }),
        sums: viewSums({ tr }),
        snippet: viewSnippet({ tr }),
        tabs: viewTabs({ tr, uid, onSelect: setView }),
        matrix: viewMatrix({ tr, onPoint, onReroll: () => { store.reroll(); render(); } }),
        overlap: viewOverlap({ tr, onLayers: (n) => { store.setLayers(n); render(); } }),
        polyphase: viewPolyphase({ tr }),
        image: viewImage({
          tr,
          onPreset: (key, p) => {
            if (!store.state) return;
            store.setImageDisplay(p.display);
            apply({ ...store.state.params, ...p.params }, { values: { w: Float32Array.from(p.w), wCols: p.params.kernelSize[1] }, kernelName: key });
          },
          onImage: (r) => { store.setImage(r.image || builtinImage(r.builtin)); render(); },
          onDisplay: (d) => { store.setImageDisplay(d); render(); },
        }),
        network: viewNetwork({
          tr,
          onNet: (change) => { store.setNet(change, tr); render(); report(); },
          // a layer of the network in the one-layer lab, on the input size the plan gives it
          onOpenLayer: (i) => {
            const p = layerParams(networkOf(store.ui.net), i);
            if (!p) return;
            apply(p, { values: { x: null, xCols: 0, w: null, wCols: 0, reset: true } });
            setView('sizes');
            V.main.querySelector('[data-grid="input"]')?.focus({ preventScroll: true });
          },
          onSample: (i) => { store.setAutoencoderDigit({ sample: i, drawn: null }); render(); },
          onDraw: (values) => { store.setAutoencoderDigit({ drawn: values }); render(); },
        }),
      });
      const sizes = h('section', { class: 'view view-sizes', 'data-view': 'sizes' }, h('div', { class: 'explain' }, views.sums.el, views.inversion.el));
      panels = { sizes, matrix: views.matrix.el, overlap: views.overlap.el, polyphase: views.polyphase.el, image: views.image.el, network: views.network.el };
      for (const [name, p] of Object.entries(panels)) {
        p.id = `${uid}-panel-${name}`;
        p.setAttribute('role', 'tabpanel');
        p.setAttribute('aria-labelledby', `${uid}-tab-${name}`);
      }
      const exporter = viewExport({ tr, snapshot });
      main = h('div', { class: 'main', hidden: true }, grids.el, h('div', { class: 'stepbar' }, stepper.el, exporter.el),
        h('div', { class: 'stepinfo' }, stepper.status, readout.el),
        h('div', { class: 'views' }, views.tabs.el, ...Object.values(panels)), views.snippet.el);
      const answer = h('div', { class: 'answer' }, h('p', { class: 'answer-line', text: tr('answerLine') }),
        h('details', { class: 'why-more' }, h('summary', { text: tr('whyMore') }),
          h('p', { class: 'q' }, h('strong', { text: tr('questionLead') }), tr('pageQuestion')),
          h('p', {}, h('strong', { text: tr('pageAnswerLead') }), ' ', tr('pageAnswer'))));
      el.replaceChildren(verdict.el, answer, h('div', { class: 'top' }, controls.el, alert), status, main);
    }
    V = { tr, kind, compact: kind === 'compact', alert, status, controls, main, views, panels };
    layout = null;
    if (attached) { stepper.attach(); stepper.setVisible(gridsVisible); observeGrids(); }
  }
  build();

  /** What an export draws (export.js): the model state, the UI state and the current highlights. */
  function snapshot() {
    const st = store.state, { ui } = store;
    return st ? { state: st, ui: { ...ui }, highlights: highlightsOf(st, ui.hover || ui.sel) } : null;
  }

  // ---- errors ------------------------------------------------------------------------------------
  function showErrors(errors, note) {
    store.setErrors(errors, note);
    const { alert, tr } = V;
    alert.replaceChildren();
    if (!errors.length) { alert.hidden = true; return; }
    alert.hidden = false;
    for (const e of errors) alert.append(h('p', { text: errorText(tr, e) }));
    const noteKey = { default: 'alertDefault', kept: store.state ? 'alertKept' : null, nothing: 'alertNothing' }[note];
    if (noteKey) alert.append(h('p', { class: 'alert-note', text: tr(noteKey) }));
    if (note === 'nothing') alert.append(h('p', {}, h('button', { type: 'button', class: 'show-default', text: tr('showDefault'), onclick: () => { store.asked = null; apply(DEFAULTS); } })));
  }

  // ---- state changes -----------------------------------------------------------------------------
  /**
   * A new state for `params` (and values), drawn. Returns null, or the error: then the last good
   * state stays drawn, and the asked-for parameters stay in the controls (and in a link that
   * opened with them).
   */
  function apply(params, { fromControls = false, values = null, kernelName } = {}) {
    if (!store.core) return new Error(V.tr('stillLoading'));
    const err = store.apply(params, { values, kernelName });
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
  const report = () => { const r = store.report(); if (r) onState?.(r); };
  /** After a change of values that computed a new state: draw it. */
  const drawn = (err) => { if (!store.state) return; if (err) showErrors([err], 'kept'); else { showErrors([]); render(); } report(); };

  function onPoint(grid, i, how) {
    store.point(grid, i, how);
    render();
  }

  function setView(name) {
    if (!store.setView(name)) return;
    render();
    report();
  }

  function rebuild() {
    build();
    V.controls.initSquare(store.state?.params || store.asked || DEFAULTS);
    if (store.state) { V.controls.show(store.asked || store.state.params); render(); }
    if (store.asked) V.controls.markInvalid(invalidNames(store.errors));
    showErrors(store.errors, store.note);
  }

  function setLang(l, explicit, from) {
    if (store.setLang(l, explicit)) {
      rebuild();
      if (from === 'control') V.controls.focusLang();
    }
    report();
  }

  function setPresent(on) {
    if (!store.setPresent(on)) return;
    rebuild();
    report();
  }

  /**
   * "Open the full lab" from the compact one: a second, full lab with the same state in a modal
   * dialog, which the browser draws in its top layer: over the page, whatever transforms or clips
   * the compact lab (a reveal.js slide, a fixed-height frame), and scrolling inside itself. Close
   * (or Escape) brings back the compact lab with what was changed in the full one.
   */
  function openFull(opener) {
    const report = store.report();
    if (!report || typeof HTMLDialogElement !== 'function') { setCompact(false); return; }
    const { tr } = V;
    const textFrom = (r) => {
      const t = { ...textOf(r), compact: '0', present: '0' };
      if (r.ui.values) { t.x = valuesText(r.ui.values.x); t.w = valuesText(r.ui.values.w); }
      return (name) => (name in t ? String(t[name]) : null);
    };
    const close = h('button', { type: 'button', class: 'close-full', text: tr('closeFullLab') });
    const dialog = h('dialog', { class: 'full-lab', 'aria-label': tr('fullLabTitle') },
      h('div', { class: 'full-lab-bar' }, h('strong', { text: tr('fullLabTitle') }), close));
    (inShadow ? root : el.ownerDocument.body).append(dialog);
    let last = report;
    const full = createLab(dialog, { get: textFrom(report), onState: (r) => { last = r; } });
    full.attach();
    close.addEventListener('click', () => dialog.close());
    dialog.addEventListener('close', () => {
      full.detach();
      dialog.remove();
      // the layer and values come back from the full lab; how this lab looks stays as its own text says
      const fromFull = textFrom(last);
      setFromText((name) => (['compact', 'present', 'view', 'lang'].includes(name) ? get?.(name) ?? null : fromFull(name)));
      opener.focus({ preventScroll: true });
    }, { once: true });
    dialog.showModal();
  }

  function setCompact(on) {
    if (!store.setCompact(on)) return;
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
  /**
   * How tall the grids may be. Full: what the window leaves under the strip and the controls, so
   * the grids share the first screen with the verdict. Compact: a fixed share of the 700 px a
   * compact lab may take in a course column (COMPACT_HEIGHT), whatever the window.
   */
  const heightBudget = () => {
    // in a frame the window's height is the frame's, which a host page sets after the fact (or
    // never, where a learning platform strips the sizing script): the grids follow the width
    const framed = globalThis.parent && globalThis.parent !== globalThis;
    const h = framed ? 900 : globalThis.innerHeight || 900;
    if (V.kind === 'compact') return COMPACT_GRIDS;
    if (V.kind === 'present') return Math.max(240, h - 330); // the strip, the bar, the caption, the step control, the titles
    return Math.max(240, Math.min(560, h - 300));
  };
  /** The layout the grids are drawn for: the same object until the width, the height budget or the layout changes. */
  function currentLayout() {
    if (!width) setWidth(el.clientWidth || 1200); // once; afterwards the ResizeObserver keeps it
    const hb = heightBudget();
    if (!layout || layout.width !== width || layout.heightBudget !== hb || layout.kind !== V.kind) {
      layout = { width, heightBudget: hb, kind: V.kind, compact: V.compact, maxCell: V.kind === 'present' ? PRESENT_MAX_CELL : undefined, scale };
    }
    return layout;
  }

  /** One frame of the store, handed to every view. */
  function render() {
    const st = store.state, { ui } = store;
    if (!st) return;
    el.dataset.mode = st.params.mode;
    el.dataset.ready = 'true';
    V.main.hidden = false;
    V.status.hidden = true;
    if (V.kind === 'full' && ui.view === 'image' && !ui.image) store.setImage(builtinImage(96));
    for (const [n, p] of Object.entries(V.panels)) if (p.hidden !== (n !== ui.view)) p.hidden = n !== ui.view;
    const frame = frameOf(store.core, store, currentLayout(), imageWorkerUse());
    for (const view of Object.values(V.views)) view.update(frame);
    const image = frame.tab?.name === 'image' ? frame.tab.data : null;
    if (image?.result.pending) jobs.offload(st, image.image, image.result, ui.imageDisplay);
  }

  // ---- text sources: URL query or element attributes ---------------------------------------------
  /** Read everything from text (URL or attributes); missing names keep their current value. */
  function setFromText(getText, { values: valuesMode = 'text' } = {}) {
    if (!store.core) { pending = getText; return; }
    const read = text.read(getText, store.asked || (store.state ? store.state.params : DEFAULTS), valuesMode);
    if (read.lang) setLang(read.lang, true);
    if (read.compact !== undefined) setCompact(read.compact);
    if (read.present !== undefined) setPresent(read.present);
    if (read.net != null || read.netInput != null) store.setNet({ ...(read.net != null ? { text: read.net, model: null } : {}), ...(read.netInput != null ? { inputText: read.netInput } : {}) }, V.tr);
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
    V.status.hidden = true;
    V.controls.initSquare(DEFAULTS);
    setFromText(pending || (() => null));
    pending = null;
  }, (e) => { V.status.textContent = V.tr('loadFailed', e && e.message ? e.message : e); });

  // ---- the lecture layout's keys ------------------------------------------------------------------
  /**
   * In the lecture layout, Space, the right arrow and PageDown (what a presentation clicker sends)
   * step to the next output cell, the left arrow and PageUp to the one before, Home and End to the
   * first and the last. Keys typed into a field or a focused grid keep their own meaning.
   */
  function lectureKey(e) {
    if (V.kind !== 'present' || !store.state || e.defaultPrevented || e.altKey || e.ctrlKey || e.metaKey) return;
    const target = e.composedPath()[0];
    if (target?.closest?.('input, select, textarea, button, summary, [role="application"]')) return;
    const n = store.state.ex.output.rows * store.state.ex.output.cols;
    const i = store.ui.step;
    const to = { ' ': i + 1, ArrowRight: i + 1, PageDown: i + 1, ArrowLeft: i - 1, PageUp: i - 1, Home: 0, End: n - 1 }[e.key];
    if (to === undefined) return;
    e.preventDefault();
    store.setPlaying(false);
    store.step((to + n) % n);
    render();
  }
  // the page's own lab listens on the document (a projected page has nothing else to focus); an
  // element listens on itself
  const inShadow = typeof ShadowRoot === 'function' && root instanceof ShadowRoot;
  const keyTarget = () => (inShadow ? el : document);

  /**
   * Keys a focused lab uses do not reach the host page: on a reveal.js slide the arrows, Space,
   * PageUp/PageDown and Home/End would change the slide while the student moves a grid's cursor or
   * types a value. (The page's own lab has no host page.)
   */
  const LAB_KEYS = /^(Arrow(Up|Down|Left|Right)|Home|End|Page(Up|Down)| |Enter|Escape|Backspace|Delete|F2|[0-9+=.\-])$/;
  function containKey(e) { if (LAB_KEYS.test(e.key)) e.stopPropagation(); }

  /**
   * The scale a host page draws the lab at (reveal.js scales slides with a CSS transform; a page
   * may be zoomed): the lab's box on screen against its layout width. Measured where layout is
   * clean (the resize observer, a window resize, attach), kept on the lab's root as `pixelRatio`
   * for the grids' bitmaps (device pixels per CSS pixel, at most 3).
   */
  let scale = 1;
  function measureScale() {
    const w = el.offsetWidth;
    if (!w) return false;
    const s = el.getBoundingClientRect().width / w;
    if (!(s > 0) || Math.abs(s - scale) < 0.02) return false;
    scale = s;
    el.pixelRatio = Math.min(3, Math.max(1, (globalThis.devicePixelRatio || 1) * s));
    layout = null;
    return true;
  }
  let scaleFrame = 0;
  const onWindowResize = () => {
    if (scaleFrame) return;
    scaleFrame = requestAnimationFrame(() => { scaleFrame = 0; if (measureScale() && store.state) render(); });
  };

  // ---- on the page or not --------------------------------------------------------------------------
  /** Printing shows everything: typeset the derivations that are still waiting to come into view. */
  const beforePrint = () => V.views.inversion?.setVisible(null, true);

  /** Play runs only while the grids are on screen; derivations (and the round trip's values) are drawn when they come into view. */
  function observeGrids() {
    seen?.disconnect();
    if (typeof IntersectionObserver === 'function') {
      seen = new IntersectionObserver((entries) => {
        for (const en of entries) {
          if (en.target === V.views.grids.el) { gridsVisible = en.isIntersecting; V.views.stepper.setVisible(gridsVisible); }
          else V.views.inversion?.setVisible(en.target, en.isIntersecting);
        }
      });
      seen.observe(V.views.grids.el);
      for (const part of V.views.inversion?.lazyParts ?? []) seen.observe(part);
    }
  }

  return {
    el,
    setFromText,
    /** The report of what is drawn (store.report()), for text-state.js; null before anything is asked. */
    report: () => store.report(),
    /** The language the lab speaks (known before the core has loaded). */
    get lang() { return store.ui.lang; },
    attach() {
      attached = true;
      if (!releaseImageWorker) releaseImageWorker = holdImageWorker();
      if (jobs.resume()) render();
      window.addEventListener('beforeprint', beforePrint);
      keyTarget().addEventListener('keydown', lectureKey);
      // on the shadow root: everything in it stops there, the full lab's dialog too (the page's own lab has no host)
      if (inShadow) root.addEventListener('keydown', containKey);
      window.addEventListener('resize', onWindowResize);
      V.views.stepper.attach();
      observeGrids();
      if (typeof ResizeObserver === 'function' && !resize) {
        resize = new ResizeObserver((entries) => {
          const w = Math.floor(entries[entries.length - 1].contentRect.width);
          const scaled = measureScale();
          if (!w || (w === width && !scaled)) return;
          setWidth(w);
          if (store.state) render();
        });
        resize.observe(el);
      }
    },
    detach() {
      attached = false;
      window.removeEventListener('beforeprint', beforePrint); keyTarget().removeEventListener('keydown', lectureKey);
      if (inShadow) root.removeEventListener('keydown', containKey);
      window.removeEventListener('resize', onWindowResize);
      if (scaleFrame) { cancelAnimationFrame(scaleFrame); scaleFrame = 0; }
      V.views.stepper.detach(); seen?.disconnect(); seen = null; resize?.disconnect(); resize = null;
      releaseImageWorker?.(); releaseImageWorker = null;
    },
  };
}
