// The trained autoencoder, live (model/autoencoder.js): pick a sample digit or draw one, see its code
// (16 channels of 7x7) and the two reconstructions: the trained decoder's, and the transposed
// encoder's (ConvTranspose2d with the encoder's own weights), whose size comes back but whose values
// do not. It draws what the frame hands it; a drawn digit is handed to the lab (onDraw).
import { h, setText, dims } from '../draw/dom.js';

const SIDE = 28;      // the model's picture
const SCALE = 5;      // px per pixel of a shown picture
const PAD = 2;        // px between the code's tiles

/** Grey pixels of `values` (rows x cols) on a canvas, `lo`..`hi` mapped to black..white. */
function paintGrey(canvas, values, rows, cols, lo = 0, hi = 1) {
  if (canvas.width !== cols) canvas.width = cols;
  if (canvas.height !== rows) canvas.height = rows;
  const img = new ImageData(cols, rows);
  const k = hi > lo ? 255 / (hi - lo) : 0;
  for (let i = 0; i < rows * cols; i++) {
    const v = Math.max(0, Math.min(255, (values[i] - lo) * k));
    img.data[4 * i] = img.data[4 * i + 1] = img.data[4 * i + 2] = v; img.data[4 * i + 3] = 255;
  }
  canvas.getContext('2d').putImageData(img, 0, 0);
}

/** The code's channels as a mosaic (tiles in rows of `per`), each tile on its own range. */
function paintMosaic(canvas, code) {
  const [, c, rows, cols] = code.shape;
  const per = Math.ceil(Math.sqrt(c)), lines = Math.ceil(c / per);
  const W = per * cols + (per - 1), H = lines * rows + (lines - 1);
  const all = new Float32Array(W * H).fill(NaN);
  for (let ch = 0; ch < c; ch++) {
    const x0 = (ch % per) * (cols + 1), y0 = Math.floor(ch / per) * (rows + 1);
    let lo = Infinity, hi = -Infinity;
    for (let i = 0; i < rows * cols; i++) { const v = code.data[ch * rows * cols + i]; lo = Math.min(lo, v); hi = Math.max(hi, v); }
    for (let i = 0; i < rows * cols; i++) all[(y0 + Math.floor(i / cols)) * W + x0 + (i % cols)] = hi > lo ? (code.data[ch * rows * cols + i] - lo) / (hi - lo) : 0;
  }
  // the gaps between tiles in the background's grey
  for (let i = 0; i < all.length; i++) if (Number.isNaN(all[i])) all[i] = 0.5;
  paintGrey(canvas, all, H, W);
  return [H, W];
}

export function viewAutoencoder({ tr, onSample, onDraw }) {
  const heading = h('h3', { class: 'ptitle', text: tr('aeHeading') });
  const intro = h('p', { class: 'caption wide', text: tr('aeIntro') });
  const samples = h('div', { class: 'ae-samples', role: 'group', 'aria-label': tr('aeSamples') });
  const pad = h('canvas', { class: 'ae-pad', width: SIDE, height: SIDE, 'aria-label': tr('aeDrawLabel'), role: 'img', 'data-canvas': 'draw' });
  pad.style.width = pad.style.height = `${SIDE * SCALE}px`;
  const clear = h('button', { type: 'button', class: 'ae-clear', text: tr('aeClear') });
  const pics = {};
  const figure = (name, key) => {
    const canvas = h('canvas', { class: 'ae-pic', role: 'img', 'data-canvas': name });
    const cap = h('figcaption', {});
    pics[name] = { canvas, cap, key };
    return h('figure', { class: 'ae-fig' }, cap, canvas);
  };
  const note = h('p', { class: 'caption wide ae-note' });
  const sizes = h('p', { class: 'ae-sizes' });
  const el = h('section', { class: 'panel ae', 'data-view-part': 'autoencoder' }, heading, intro,
    h('div', { class: 'ae-input' }, samples, h('div', { class: 'ae-draw' }, h('span', { class: 'caption', text: tr('aeDraw') }), pad, clear)),
    h('div', { class: 'ae-pics' }, figure('input'), figure('code'), figure('trained'), figure('transposed')), sizes, note);

  // drawing: a soft round brush on the 28x28 digit, handed to the lab on each stroke's end
  let drawing = null;
  const brush = (e) => {
    const r = pad.getBoundingClientRect();
    const x = ((e.clientX - r.left) / r.width) * SIDE, y = ((e.clientY - r.top) / r.height) * SIDE;
    for (let yy = Math.floor(y - 2); yy <= y + 2; yy++) for (let xx = Math.floor(x - 2); xx <= x + 2; xx++) {
      if (xx < 0 || yy < 0 || xx >= SIDE || yy >= SIDE) continue;
      const d = Math.hypot(xx + 0.5 - x, yy + 0.5 - y);
      drawing[yy * SIDE + xx] = Math.max(drawing[yy * SIDE + xx], Math.max(0, Math.min(1, 1.6 - d)));
    }
    paintGrey(pad, drawing, SIDE, SIDE);
  };
  pad.addEventListener('pointerdown', (e) => { if (!drawing) drawing = new Float32Array(SIDE * SIDE); pad.setPointerCapture?.(e.pointerId); brush(e); pad.dataset.down = '1'; });
  pad.addEventListener('pointermove', (e) => { if (pad.dataset.down === '1') brush(e); });
  const end = () => { if (pad.dataset.down === '1') { delete pad.dataset.down; onDraw(Float32Array.from(drawing)); } };
  pad.addEventListener('pointerup', end);
  pad.addEventListener('pointercancel', end);
  clear.addEventListener('click', () => { drawing = new Float32Array(SIDE * SIDE); paintGrey(pad, drawing, SIDE, SIDE); onDraw(null); });
  paintGrey(pad, new Float32Array(SIDE * SIDE), SIDE, SIDE);

  let sampleButtons = null, painted = null;
  /** The tab's autoencoder part: { ae (model/autoencoder.js), digits (the samples), choice ({ sample, drawn }) }. */
  function drawData({ ae: A, digits, choice }) {
    el.hidden = !A;
    if (!A) return;
    if (!sampleButtons && digits.length) {
      sampleButtons = digits.map((d, i) => {
        const c = h('canvas', { class: 'ae-thumb', 'aria-hidden': 'true' });
        paintGrey(c, d.input.data, SIDE, SIDE);
        return h('button', { type: 'button', class: 'ae-sample', 'data-sample': String(i), 'aria-label': tr('aeSample', d.label), onclick: () => { drawing = null; onSample(i); } }, c);
      });
      samples.append(...sampleButtons);
    }
    sampleButtons?.forEach((b, i) => b.setAttribute('aria-pressed', String(!choice.drawn && choice.sample === i)));
    if (A.error) { setText(note, A.error); return; }
    // the run is cached by its input: the same run is drawn already (a key typed in the code)
    if (A === painted) return;
    painted = A;
    const show = (name, t, lo, hi) => { paintGrey(pics[name].canvas, t.data, t.shape[2], t.shape[3], lo, hi); pics[name].canvas.style.width = `${t.shape[3] * SCALE}px`; };
    show('input', A.input, 0, 1);
    const [, mw] = paintMosaic(pics.code.canvas, A.code);
    pics.code.canvas.style.width = `${mw * SCALE * 0.75}px`;
    show('trained', A.trained, 0, 1);
    // the transposed encoder's values are not a picture's: shown on their own range
    let lo = Infinity, hi = -Infinity;
    for (const v of A.transposed.data) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
    show('transposed', A.transposed, lo, hi);
    const shapeText = (s) => `${s[1]}×${dims(s.slice(2))}`;
    setText(pics.input.cap, tr('aeInput', shapeText(A.input.shape)));
    setText(pics.code.cap, tr('aeCode', shapeText(A.code.shape)));
    setText(pics.trained.cap, tr('aeTrained', shapeText(A.trained.shape), A.mseTrained.toFixed(4)));
    setText(pics.transposed.cap, tr('aeTransposed', shapeText(A.transposed.shape), A.mseTransposed.toFixed(4)));
    for (const [name, t] of [['input', A.input], ['trained', A.trained], ['transposed', A.transposed]]) pics[name].canvas.setAttribute('aria-label', `${pics[name].cap.textContent}`);
    pics.code.canvas.setAttribute('aria-label', pics.code.cap.textContent);
    el.dataset.mseTrained = String(A.mseTrained);
    el.dataset.mseTransposed = String(A.mseTransposed);
    const back = (run) => { const s = run[run.length - 1].shape; return s.every((v, k) => v === A.input.shape[k]); };
    setText(sizes, tr('aeSizes', A.layers.trained.map((l) => shapeText(l.shape)).join(' → '), back(A.layers.trained), back(A.layers.transposed)));
    setText(note, tr('aeNote'));
  }
  return { el, drawData };
}
