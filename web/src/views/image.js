// Image mode: the current layer (operation, parameters, kernel w of grid 2) on a picture, every
// colour channel in one depthwise call on the fast core (model.imageOf; large pictures in the
// page's Web Worker, image-runner.js). The picture is generated here or read from a file the user
// picks or drops (createImageBitmap, or FileReader as a fallback); it never leaves the page.
import { tabDataChanged } from './tabs.js';
import { h, dims, setText } from '../draw/dom.js';
import { MAX_IMAGE_MACS } from '../model/view-data.js';
import { rgbaOf } from '../worker/image-pixels.js';

export const BUILTIN_SIZES = [48, 96, 160];
/**
 * Largest side of a user's picture after scaling: a 512x512 photo is kept at full size (large
 * pictures are computed in the worker, model.runsInWorker); larger ones are scaled down to it.
 */
export const MAX_USER_SIDE = 512;
let imageIds = 0;

/** A generated test picture: sky gradient, a sun, a house, striped ground and a thin diagonal line. RGB planes 0..1. */
export function builtinImage(n) {
  const planes = new Float32Array(3 * n * n);
  const P = n * n;
  for (let y = 0; y < n; y++) for (let x = 0; x < n; x++) {
    const u = x / (n - 1), v = y / (n - 1);
    let r = 0.35 + 0.4 * v, g = 0.55 + 0.3 * v, b = 0.95 - 0.25 * v; // sky
    const dx = u - 0.7, dy = v - 0.28;
    if (dx * dx + dy * dy < 0.028) { r = 1; g = 0.82; b = 0.2; } // sun
    if (v > 0.62) { // ground with stripes
      const stripe = Math.floor(u * 12) % 2 === 0;
      r = stripe ? 0.2 : 0.35; g = stripe ? 0.55 : 0.7; b = 0.2;
    }
    if (u > 0.08 && u < 0.4 && v > 0.3 && v < 0.62) { r = 0.78; g = 0.2; b = 0.16; } // a red house
    if (v <= 0.3 && v > 0.12 && Math.abs(u - 0.24) < (v - 0.12) * 0.95) { r = 0.45; g = 0.22; b = 0.12; } // its roof
    if (u > 0.19 && u < 0.29 && v > 0.45 && v < 0.62) { r = 0.98; g = 0.9; b = 0.55; } // its door
    if (Math.abs(u - (1.05 - v)) < 0.02 && v > 0.6) { r = 0.95; g = 0.95; b = 0.95; } // a thin diagonal line
    planes[y * n + x] = r; planes[P + y * n + x] = g; planes[2 * P + y * n + x] = b;
  }
  return { id: `builtin-${n}`, width: n, height: n, planes, name: null };
}

/** Planes 0..1 from any drawable, scaled down so the longer side is at most MAX_USER_SIDE. */
function fromDrawable(src, w0, h0, name) {
  const scale = Math.min(1, MAX_USER_SIDE / Math.max(w0, h0));
  const w = Math.max(1, Math.round(w0 * scale)), hh = Math.max(1, Math.round(h0 * scale));
  const c = document.createElement('canvas');
  c.width = w; c.height = hh;
  const g = c.getContext('2d', { willReadFrequently: true });
  g.drawImage(src, 0, 0, w, hh);
  const d = g.getImageData(0, 0, w, hh).data;
  const P = w * hh, planes = new Float32Array(3 * P);
  for (let i = 0; i < P; i++) { planes[i] = d[4 * i] / 255; planes[P + i] = d[4 * i + 1] / 255; planes[2 * P + i] = d[4 * i + 2] / 255; }
  return { id: `user-${++imageIds}`, width: w, height: hh, planes, name, original: [h0, w0] };
}

/** Read a File as a picture, locally. */
export async function readImageFile(file) {
  const name = String(file.name || 'image').slice(0, 60);
  if (typeof createImageBitmap === 'function') {
    try {
      const bmp = await createImageBitmap(file);
      try { return fromDrawable(bmp, bmp.width, bmp.height, name); } finally { bmp.close?.(); }
    } catch { /* fall back to FileReader */ }
  }
  const url = await new Promise((resolve, reject) => {
    const r = new FileReader();
    r.onload = () => resolve(r.result); r.onerror = () => reject(r.error);
    r.readAsDataURL(file);
  });
  const img = await new Promise((resolve, reject) => { const i = new Image(); i.onload = () => resolve(i); i.onerror = () => reject(new Error('decode')); i.src = url; });
  return fromDrawable(img, img.naturalWidth, img.naturalHeight, name);
}

/** The kernel presets: parameters (as the core's option names) and kernel values. */
export function imagePresets() {
  const outer = (a) => a.flatMap((u) => a.map((v) => u * v));
  const conv = (k, w, display) => ({ params: { mode: 'conv', kernelSize: [k, k], stride: [1, 1], padding: [(k - 1) / 2, (k - 1) / 2], dilation: [1, 1], outputPadding: [0, 0] }, w, display });
  const convT = (k, s, p, w, display, a = 0) => ({ params: { mode: 'convT', kernelSize: [k, k], stride: [s, s], padding: [p, p], dilation: [1, 1], outputPadding: [a, a] }, w, display });
  return {
    blur: () => conv(3, [1, 2, 1, 2, 4, 2, 1, 2, 1].map((v) => v / 16), 'clip'),
    edge: () => conv(3, [-1, -1, -1, -1, 8, -1, -1, -1, -1], 'abs'),
    sharpen: () => conv(3, [0, -1, 0, -1, 5, -1, 0, -1, 0], 'clip'),
    up2: () => convT(4, 2, 1, outer([0.25, 0.75, 0.75, 0.25]), 'clip'),
    up3: () => convT(5, 3, 1, outer([1 / 3, 2 / 3, 1, 2 / 3, 1 / 3]), 'clip'),
    // k = 3 is not a multiple of s = 2: uneven overlap; output_padding = 1 makes the output exactly 2x
    random: () => convT(3, 2, 1, Array.from({ length: 9 }, () => Math.round((0.2 + Math.random()) * 100) / 100), 'auto', 1),
  };
}
const PRESET_KEYS = { blur: 'imgBlur', edge: 'imgEdge', sharpen: 'imgSharpen', up2: 'imgUp2', up3: 'imgUp3', random: 'imgRandom' };

/** Paint RGBA bytes (image-pixels.js) of a rows x cols picture into a canvas. */
function paint(canvas, rgba, rows, cols) {
  if (canvas.width !== cols) canvas.width = cols;
  if (canvas.height !== rows) canvas.height = rows;
  canvas.getContext('2d').putImageData(new ImageData(rgba, cols, rows), 0, 0);
}

export function viewImage({ tr, onPreset, onImage, onDisplay }) {
  const heading = h('h2', { text: tr('imageHeading') });
  const intro = h('p', { class: 'caption wide', text: tr('imageIntro') });
  const uid = Math.random().toString(36).slice(2, 8);
  const source = h('select', { id: `img-src-${uid}`, 'data-control': 'image-source' },
    BUILTIN_SIZES.map((n) => h('option', { value: String(n), text: tr('imageBuiltin', n) })));
  const file = h('input', { type: 'file', accept: 'image/*', id: `img-file-${uid}`, class: 'file', 'data-control': 'image-file' });
  const drop = h('div', { class: 'dropzone', 'data-control': 'image-drop' },
    h('label', { for: file.id, class: 'filelabel', text: tr('imagePick') }), file, h('span', { class: 'caption', text: tr('imageDrop') }));
  const fileNote = h('p', { class: 'caption', 'aria-live': 'polite' });
  const presets = h('div', { class: 'ipresets', role: 'group', 'aria-label': tr('imagePresets') },
    h('span', { class: 'plabel', text: tr('imagePresets') }),
    Object.keys(PRESET_KEYS).map((k) => h('button', { type: 'button', 'data-preset': k, text: tr(PRESET_KEYS[k]), onclick: () => onPreset(k, imagePresets()[k]()) })));
  const custom = h('p', { class: 'caption wide', text: tr('imageCustom') });
  const display = h('select', { id: `img-disp-${uid}`, 'data-control': 'image-display' },
    [['clip', 'imageDisplayClip'], ['auto', 'imageDisplayAuto'], ['abs', 'imageDisplayAbs']].map(([v, k]) => h('option', { value: v, text: tr(k) })));
  display.addEventListener('change', () => onDisplay(display.value));
  source.addEventListener('change', () => onImage({ builtin: Number(source.value) }));
  const takeFile = async (f) => {
    if (!f) return;
    try { onImage({ image: await readImageFile(f) }); fileNote.textContent = ''; } catch { fileNote.textContent = tr('imageReadError'); }
  };
  file.addEventListener('change', () => takeFile(file.files && file.files[0]));
  drop.addEventListener('dragover', (e) => { e.preventDefault(); drop.classList.add('over'); });
  drop.addEventListener('dragleave', () => drop.classList.remove('over'));
  drop.addEventListener('drop', (e) => { e.preventDefault(); drop.classList.remove('over'); takeFile(e.dataTransfer?.files?.[0]); });

  const inCap = h('figcaption', {});
  const outCap = h('figcaption', {});
  const inCanvas = h('canvas', { class: 'pic', 'data-canvas': 'input', role: 'img' });
  const outCanvas = h('canvas', { class: 'pic', 'data-canvas': 'output', role: 'img' });
  const rule = h('p', { class: 'rule' });
  const timing = h('p', { class: 'caption' });
  // Shown over the output picture while the worker computes, and only once that has taken a moment
  // (styles.css: it appears after 0.3 s, when the old picture dims), so a quick answer changes
  // nothing on screen but the picture: no text comes and goes, and nothing moves.
  const computing = h('p', { class: 'computing', text: tr('imageComputing') });
  const problem = h('p', { class: 'bad' });
  const kernelNote = h('p', { class: 'caption wide kernel-note' });
  const hint = h('p', { class: 'caption wide overlap-hint' });
  const el = h('section', { class: 'view view-image', 'data-view': 'image' }, heading, intro,
    h('div', { class: 'panel itools' },
      h('div', { class: 'irow' }, h('label', { for: source.id, text: tr('imageSource') }), source, drop),
      fileNote, presets, custom,
      h('div', { class: 'irow' }, h('label', { for: display.id, text: tr('imageDisplay') }), display)),
    kernelNote, rule, problem,
    h('div', { class: 'pics' },
      h('figure', { class: 'panel picpanel' }, inCap, h('div', { class: 'scroll' }, inCanvas)),
      h('figure', { class: 'panel picpanel' }, outCap, h('div', { class: 'scroll' }, outCanvas), computing)),
    timing, hint);

  // Test hooks: the values drawn, as { shape: [3, rows, cols], data } (Float32Array), or null.
  let drawnInput = null, drawnOutput = null;
  inCanvas.values = () => drawnInput;
  outCanvas.values = () => drawnOutput;

  /**
   * data: { state, image, display, kernelName (a preset's key, or null for the user's w), overlap
   * (model.overlapOf, 1 layer), result (model.imageOf: the values, or `pending` while the worker
   * computes them, or why there are none) }.
   */
  function drawData({ state, image: img, display: shown, kernelName, overlap, result: R }) {
    display.value = shown;
    source.value = img.name ? source.value : String(img.width);
    if (img.name) { if (!source.querySelector('option[value="user"]')) source.append(h('option', { value: 'user', text: '' })); source.value = 'user'; setText(source.lastChild, tr('imageUser', img.name, dims([img.height, img.width]))); }
    else source.querySelector('option[value="user"]')?.remove();
    const op = state.conv ? 'Conv2d' : 'ConvTranspose2d';
    const inD = dims([img.height, img.width]);
    setText(inCap, tr('imageIn', inD) + (img.original && (img.original[0] !== img.height || img.original[1] !== img.width) ? ` (${tr('imageScaled', inD)})` : ''));
    inCanvas.setAttribute('aria-label', tr('imageInAlt', inD));
    const zoom = Math.max(1, Math.min(6, Math.floor(240 / Math.max(img.width, img.height))));
    if (drawnInput?.data !== img.planes) { // the picture is painted when it changes, not at every change of the layer
      paint(inCanvas, rgbaOf(img.planes, img.height, img.width, 'clip'), img.height, img.width);
      drawnInput = { shape: [3, img.height, img.width], data: img.planes };
    }
    inCanvas.style.width = `${img.width * zoom}px`;
    el.dataset.inputRows = String(img.height); el.dataset.inputCols = String(img.width);
    setText(kernelNote, kernelName ? tr('imageKernelPreset', tr(PRESET_KEYS[kernelName])) : tr('imageKernelUser'));
    // the overlap hint follows the layer's actual k and s (ConvTranspose2d only)
    hint.hidden = state.conv || !overlap || overlap.error;
    if (!hint.hidden) {
      const k = overlap.kernelSize, s = state.params.stride;
      const pick = (j) => `${k[j]}`;
      const [kk, ss] = k[0] === k[1] && s[0] === s[1] ? [pick(0), `${s[0]}`] : [`${k[0]}×${k[1]}`, `${s[0]}×${s[1]}`];
      setText(hint, tr(overlap.even ? 'imageEvenHint' : 'imageCheckerHint', kk, ss));
    }

    setText(problem, '');
    el.dataset.imagePending = String(!!R.pending);
    if (R.pending) return; // the worker computes it: the last picture, its captions and its time stay until the new one arrives
    if (R.error || R.heavy || R.big) {
      el.dataset.ok = 'false';
      delete el.dataset.outputRows; delete el.dataset.outputCols; delete el.dataset.imageWorker;
      drawnOutput = null;
      setText(problem, R.error ? tr('imageUndefined', R.error) : R.heavy ? tr('imageTooHeavy', R.macs.toExponential(1), MAX_IMAGE_MACS.toExponential(0)) : tr('imageTooBig', dims(R.outDims)));
      outCanvas.hidden = true; setText(outCap, ''); setText(rule, ''); setText(timing, '');
      return;
    }
    outCanvas.hidden = false;
    el.dataset.ok = 'true';
    const [Ho, Wo] = R.outDims;
    el.dataset.outputRows = String(Ho); el.dataset.outputCols = String(Wo);
    el.dataset.imageWorker = String(R.worker);
    const outD = dims(R.outDims);
    setText(outCap, tr('imageOut', op, outD));
    outCanvas.setAttribute('aria-label', tr('imageOutAlt', op, outD));
    setText(rule, tr('imageSizeRule', inD, outD));
    if (drawnOutput?.data !== R.data || drawnOutput.display !== shown) {
      paint(outCanvas, R.pixels?.display === shown ? R.pixels.rgba : rgbaOf(R.data, Ho, Wo, shown), Ho, Wo);
      drawnOutput = { shape: [3, Ho, Wo], data: R.data, display: shown };
    }
    outCanvas.style.width = `${Wo * zoom}px`;
    setText(timing, tr(R.worker ? 'imageTimeWorker' : 'imageTime', R.ms.toFixed(1), R.macs.toLocaleString('en-US')));
  }
  let drawn = null;
  /** A frame: the tab's data, when this tab is shown and it changed. */
  function update(frame) {
    if (frame.tab?.name !== 'image') return;
    if (tabDataChanged(drawn, frame.tab.data)) { drawn = frame.tab.data; drawData(drawn); }
  }
  return { el, update };
}
