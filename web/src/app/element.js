// <convt-lab>: the embeddable element. Same parameters as the page, as attributes
// (mode, size, kernel_size, stride, padding, dilation, output_padding), plus view, lang, compact
// (a boolean attribute: grids and verdict only) and x / w (values, comma-separated, row-major). Shadow DOM (open) keeps
// its styles and DOM apart from the host page; every instance is independent.
import css from '../styles.css';
import { createLab, sharedCore } from './lab.js';
import { TEXT_NAMES, textOf } from './text-state.js';
import { imageWorkerSwitch, setImageWorker } from '../worker/image-runner.js';

// One constructable stylesheet shared by every instance: parsed once, and not an inline <style>,
// so a host page's Content-Security-Policy needs no style-src for the element at all. Browsers
// without adoptedStyleSheets (Safari < 16.4) get a <style> element instead.
let sheet = null;
function adoptStyles(shadow) {
  if ('adoptedStyleSheets' in shadow && typeof CSSStyleSheet === 'function' && 'replaceSync' in CSSStyleSheet.prototype) {
    try {
      if (!sheet) { sheet = new CSSStyleSheet(); sheet.replaceSync(css); }
      shadow.adoptedStyleSheets = [sheet];
      return;
    } catch { /* fall back to a <style> element */ }
  }
  const style = document.createElement('style');
  style.textContent = css;
  shadow.append(style);
}

class ConvTLabElement extends HTMLElement {
  static get observedAttributes() { return TEXT_NAMES; }
  /** Test hook: bytes of the shared WASM heap in use (one core per page, shared by all instances). */
  static heapInUse() { return sharedCore().then((c) => c.heapInUse()); }
  /** Where the image view computes (for measurements): true (default) large pictures in its Web Worker, false none, 'always' every one. */
  static get imageWorker() { return imageWorkerSwitch(); }
  static set imageWorker(on) { setImageWorker(on); }
  constructor() {
    super();
    const shadow = this.attachShadow({ mode: 'open' });
    adoptStyles(shadow);
    this._lab = null;
  }
  connectedCallback() {
    if (!this._lab) {
      this._lab = createLab(this.shadowRoot, {
        get: (name) => this.textOf(name),
        onState: (report) => this.dispatchEvent(new CustomEvent('convt-change', { detail: textOf(report), bubbles: true, composed: true })),
      });
    }
    this._lab.attach();
  }
  disconnectedCallback() { this._lab?.detach(); }
  attributeChangedCallback(name, oldValue, newValue) {
    // Several attributes set in a row are applied together, once, after the current task.
    if (!this._lab || oldValue === newValue || this._queued) return;
    this._queued = true;
    queueMicrotask(() => { this._queued = false; this._lab.setFromText((n) => this.textOf(n)); });
  }
  /**
   * An attribute's text; the network's code may also be the element's content, in a
   * <script type="text/x-python"> (never run: a script of that type is text to the browser), which
   * is how a teacher writes a network into a page.
   */
  textOf(name) {
    if (name === 'net' && !this.hasAttribute('net')) return this.querySelector(':scope > script[type="text/x-python"]')?.textContent ?? null;
    return this.getAttribute(name);
  }
  /** The current parameters in URL/attribute form, e.g. { mode: 'convT', size: '4', ... }. */
  get params() { const r = this._lab?.report(); return r ? textOf(r) : null; }
}

if (!customElements.get('convt-lab')) customElements.define('convt-lab', ConvTLabElement);
