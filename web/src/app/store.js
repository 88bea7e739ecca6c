// The one store of a lab's state, and every change of it. No DOM here: the lab (lab.js) asks the
// store to change, then draws what it holds. A change of parameters or values computes one new
// model state (model.compute), once; a refused change keeps the last good state and remembers what
// was asked, so the controls and the link can keep the user's numbers.
import { DEFAULTS, VIEWS, readParams, parseValues, parseFlag, parseView, ParamError, quote, MAX_ABS_VALUE } from '../model/params.js';
import { compute, defaultValue } from '../model/model.js';
import { pickLang, parseLang, LANGS } from '../i18n/strings.js';

const clampValue = (v) => Math.max(-MAX_ABS_VALUE, Math.min(MAX_ABS_VALUE, v));

/** `langText`: the lang attribute or URL parameter the lab starts with (or null). */
export function createStore(langText) {
  const store = {
    core: null,
    state: null,          // the last good model state (model.compute)
    asked: null,          // parameters asked for that the core refused (kept in the controls, and in a link that opened with them)
    errors: [], note: 'kept',
    values: null,         // { x, xCols, w, wCols }: edited or given values, kept across parameter changes
    customValues: false,  // x or w differ from the defaults (then they go into the URL)
    ui: {
      lang: pickLang(langText), langExplicit: parseLang(langText) != null, view: VIEWS[0], compact: false,
      layers: 2, seed: 1, image: null, imageDisplay: 'auto', kernelName: null,
      sel: { grid: 'output', index: 0 }, hover: null, step: 0, stepping: false, playing: false, speedMs: 800,
    },
  };
  const lastText = {}; // text of the UI and value attributes last read (they apply when they change)

  /**
   * Computes the state for `params` (with new `values` for x and/or w). Returns null, or the error:
   * then the last good state stays and `asked` holds what was asked.
   */
  store.apply = (params, { values = null, keepKernelName = false } = {}) => {
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
    if (values && (values.x || values.w)) store.customValues = true;
    if (!keepKernelName && values && values.w) store.ui.kernelName = null;
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

  /**
   * What a link or the element's event should carry: the parameters drawn; before anything could
   * be drawn (a link the core refuses), the ones asked for, so the link is kept as the user gave it.
   */
  store.report = () => {
    const st = store.state, params = st ? st.params : store.asked;
    if (!params) return null;
    const { ui } = store;
    return { params, ui: { view: ui.view, lang: ui.lang, langExplicit: ui.langExplicit, compact: ui.compact, values: store.customValues && st ? { x: st.x, w: st.w } : null } };
  };

  /**
   * Reads everything from text (URL query or attributes; missing names keep their current value).
   * UI attributes count when their text changed since the last read, so a later change of another
   * attribute keeps the tab the user chose. Returns what the lab must do: { lang, compact, view }
   * (each only when asked for), and { params, values, errors } for the layer. `values`: 'text'
   * reads x= and w=, 'reset' goes back to the default values (a preset).
   */
  store.readText = (getText, valuesMode = 'text') => {
    const errors = [];
    const changed = (name) => { const t = getText(name); if (t === lastText[name]) return undefined; lastText[name] = t; return t; };
    const out = {};
    const langText = changed('lang');
    if (langText != null) {
      if (parseLang(langText)) out.lang = langText;
      else if (String(langText).trim() !== '') errors.push(new ParamError('lang', `lang: ${quote(langText)} is not one of ${LANGS.join(', ')}.`, 'errLang', [quote(langText), LANGS.join(', ')]));
    }
    const compactText = changed('compact');
    if (compactText !== undefined) { try { out.compact = parseFlag(compactText, 'compact'); } catch (e) { errors.push(e); } }
    const viewText = changed('view');
    if (viewText != null) { try { out.view = parseView(viewText); } catch (e) { errors.push(e); } }
    const read = readParams(getText, store.asked || (store.state ? store.state.params : DEFAULTS));
    errors.push(...read.errors);
    // x= and w=: values for the input and the kernel, checked against the sizes they fill
    let values = null;
    if (valuesMode === 'reset') { values = { x: null, xCols: 0, w: null, wCols: 0 }; store.customValues = false; }
    for (const [name, dimsOf] of [['x', (p) => p.size], ['w', (p) => p.kernelSize]]) {
      const t = valuesMode === 'text' ? changed(name) : undefined;
      if (t == null) continue;
      try {
        const [r, c] = dimsOf(read.params);
        const vals = parseValues(t, name, r * c);
        if (vals.length !== r * c) throw new ParamError(name, `${name}: ${vals.length} values given; the ${r}×${c} ${name === 'x' ? 'input' : 'kernel'} needs ${r * c}.`, 'errValuesCount', [name, vals.length, `${r}×${c}`, r * c]);
        values = { ...(values || {}), [name]: vals, [`${name}Cols`]: c };
      } catch (e) { errors.push(e); }
    }
    return { ...out, params: read.params, values, errors };
  };

  return store;
}
