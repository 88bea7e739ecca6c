// The one store of a lab's state, and every change of it. No DOM here: the lab (lab.js) asks the
// store to change, then makes a frame of what it holds (model/frame.js) and hands it to the views.
// A change of parameters or values computes one new model state (model/compute.js), once; a
// refused change keeps the last good state and remembers what was asked, so the controls and the
// link can keep the user's numbers. UI changes (pointing, stepping, Play, tabs, language, layout,
// the image view's choices) are methods too: nothing else writes the state.
import { VIEWS, MAX_ABS_VALUE } from '../model/params.js';
import { compute, defaultValue } from '../model/compute.js';
import { pickLang, parseLang } from '../i18n/strings.js';
import { NETWORK_PRESETS, DEFAULT_NETWORK, parseInputShape } from '../model/network.js';
import { errorText } from '../i18n/errors.js';

const clampValue = (v) => Math.max(-MAX_ABS_VALUE, Math.min(MAX_ABS_VALUE, v));

/** `langText`: the lang attribute or URL parameter the lab starts with (or null). */
export function createStore(langText) {
  const store = {
    core: null,
    state: null,          // the last good model state (model/compute.js)
    asked: null,          // parameters asked for that the core refused (kept in the controls, and in a link that opened with them)
    errors: [], note: 'kept',
    values: null,         // { x, xCols, w, wCols }: edited or given values, kept across parameter changes
    customValues: false,  // x or w differ from the defaults (then they go into the URL)
    ui: {
      lang: pickLang(langText), langExplicit: parseLang(langText) != null, view: VIEWS[0], compact: false, present: false,
      layers: 2, seed: 1, image: null, imageDisplay: 'auto', kernelName: null,
      sel: { grid: 'output', index: 0 }, hover: null, step: 0, stepping: false, playing: false, speedMs: 800,
      // the network view: the code, its input shape (and the text typed for it, and why it was refused), the model shown
      net: { text: NETWORK_PRESETS[DEFAULT_NETWORK].text, input: NETWORK_PRESETS[DEFAULT_NETWORK].input, inputText: null, inputError: null, model: null },
      netChanged: false,
      // the trained autoencoder's digit: a sample's index, or one the student drew (28x28 values)
      ae: { sample: 0, drawn: null },
    },
  };
  const { ui } = store;

  /**
   * Computes the state for `params` (with new `values` for x and/or w). Returns null, or the error:
   * then the last good state stays and `asked` holds what was asked. `kernelName`: the image
   * view's preset that set w (kept), otherwise new values of w forget it.
   */
  store.apply = (params, { values = null, kernelName } = {}) => {
    let next;
    try {
      next = compute(store.core, params, values ? { ...(store.values || {}), ...values } : store.values);
    } catch (e) {
      store.asked = params;
      return e || new Error('invalid');
    }
    store.state = next;
    store.asked = null;
    store.values = { x: next.x, xCols: next.xCols, w: next.w, wCols: next.wCols };
    if (values?.reset) store.customValues = false;
    else if (values && (values.x || values.w)) store.customValues = true;
    if (kernelName !== undefined) ui.kernelName = kernelName;
    else if (values && values.w) ui.kernelName = null;
    // the selection and the step stay where they are while they exist in the new output
    const n = next.ex.output.rows * next.ex.output.cols;
    if (ui.step >= n) ui.step = 0;
    if (ui.sel && ((ui.sel.grid === 'output' && ui.sel.index >= n) || ui.sel.grid === 'matrix')) ui.sel = { grid: 'output', index: ui.step };
    ui.hover = null;
    return null;
  };

  /** Every value of x and w from `fill(i)` (random, or the defaults again). */
  store.fill = (fill) => {
    const st = store.state;
    if (!st) return null;
    const err = store.apply(st.params, { values: { x: Float32Array.from(st.x, (_, i) => fill(i)), w: Float32Array.from(st.w, (_, i) => fill(i)) } });
    store.customValues = fill !== defaultValue;
    return err;
  };

  /** One value edited: `op` is { set } or { negate } or { add }. */
  store.edit = (which, i, op) => {
    const st = store.state;
    if (!st) return null;
    const arr = Float32Array.from(which === 'x' ? st.x : st.w);
    if (op.set !== undefined) arr[i] = clampValue(op.set);
    if (op.negate) arr[i] = -arr[i];
    if (op.add) arr[i] = clampValue(arr[i] + op.add);
    return store.apply(st.params, { values: which === 'x' ? { x: arr } : { w: arr } });
  };

  /** The errors shown, and what the note under them says ('kept', 'nothing', 'default'). */
  store.setErrors = (errors, note = 'kept') => { store.errors = errors; store.note = note; };

  // ---- UI state ------------------------------------------------------------------------------
  /** A cell pointed at: 'hover' (or null when the pointer leaves), 'focus' or 'click'. */
  store.point = (grid, i, how) => {
    if (how === 'hover') ui.hover = i == null ? null : { grid, index: i };
    else { ui.sel = { grid, index: i }; ui.stepping = false; }
    if (how !== 'hover' && grid === 'output') ui.step = i;
  };
  /** A step of the step control, by a button or by Play ('play'). */
  store.step = (i) => { ui.step = i; ui.stepping = true; ui.sel = { grid: 'output', index: i }; ui.hover = null; };
  store.setPlaying = (on) => { ui.playing = on; ui.stepping = on || ui.stepping; };
  store.setSpeed = (ms) => { ui.speedMs = Number(ms); };
  /** Returns whether the view changed. */
  store.setView = (name) => { if (!VIEWS.includes(name) || ui.view === name) return false; ui.view = name; return true; };
  /** Returns whether the language changed (an explicit choice is remembered either way: it goes into the URL). */
  store.setLang = (text, explicit) => {
    const lang = parseLang(text) || 'en';
    if (explicit) ui.langExplicit = true;
    if (lang === ui.lang) return false;
    ui.lang = lang;
    return true;
  };
  store.setCompact = (on) => { if (ui.compact === on) return false; ui.compact = on; return true; };
  store.setPresent = (on) => { if (ui.present === on) return false; ui.present = on; return true; };
  store.reroll = () => { ui.seed++; };
  store.setLayers = (n) => { ui.layers = n; };
  store.setImage = (image) => { ui.image = image; };
  store.setImageDisplay = (display) => { ui.imageDisplay = display; };
  /**
   * The network view's input: { text, inputText, input, model } (any of them). A shape typed that
   * cannot be read keeps the last good shape and says why (in the lab's language, `tr`).
   */
  store.setAutoencoderDigit = (change) => { ui.ae = { ...ui.ae, ...change }; };
  store.setNet = (change, tr = null) => {
    const net = { ...ui.net, ...change };
    if (change.inputText != null) {
      try { net.input = parseInputShape(change.inputText); net.inputError = null; } catch (e) { net.inputError = tr ? errorText(tr, e) : e.message; }
    } else if (change.input) { net.inputError = null; }
    ui.net = net;
    ui.netChanged = true;
  };

  /**
   * What a link or the element's event should carry: the parameters drawn; before anything could
   * be drawn (a link the core refuses), the ones asked for, so the link is kept as the user gave it.
   */
  store.report = () => {
    const st = store.state, params = st ? st.params : store.asked;
    if (!params) return null;
    return { params, ui: { view: ui.view, lang: ui.lang, langExplicit: ui.langExplicit, compact: ui.compact, present: ui.present, net: ui.netChanged ? ui.net : null, values: store.customValues && st ? { x: st.x, w: st.w } : null } };
  };

  return store;
}
