// "Save figure": the current state as SVG, PNG (2x) and an animated GIF of the step-through, each
// a real download (<a download> with a blob: URL; nothing is sent anywhere, and it works from
// file://). The lab hands this view a snapshot() of its state ({ state, ui, highlights }); the
// figure itself is figure.js, the GIF's encoding gif.js.
//
// The PNG and the GIF frames are the SVG drawn into a canvas through an <img> (a blob: URL of the
// SVG: the page's Content-Security-Policy allows img-src blob:). An SVG used as an image loads
// nothing and runs nothing, and the canvas stays readable (same origin), so the pixels can go to
// the PNG and GIF encoders.
import { h } from '../draw/dom.js';
import { figureSvg, exportName } from '../draw/figure.js';
import { highlights } from '../model/highlights.js';
import { gifSteps, encodeGif } from '../draw/gif.js';

const kib = (n) => (n < 1024 * 1024 ? `${Math.max(1, Math.round(n / 1024))} KB` : `${(n / 1024 / 1024).toFixed(1)} MB`);
const darkPage = () => typeof matchMedia === 'function' && matchMedia('(prefers-color-scheme: dark)').matches;
/** A GIF is for a slide or a page (its frames are rasterized one by one): grids at most this wide (px). */
const GIF_MAX_WIDTH = 1200;

/**
 * Offers `blob` as a download named `name`, through a link put in `where` for the click (some
 * browsers download only from a link in the document); the URL is let go once the download has
 * had time to start.
 */
function download(blob, name, where) {
  const url = URL.createObjectURL(blob);
  const a = h('a', { href: url, download: name, hidden: true });
  where.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** The SVG text drawn into a new canvas at `scale` (over the canvas `under`, when given). */
async function rasterize(svg, width, height, scale, under = null) {
  const url = URL.createObjectURL(new Blob([svg], { type: 'image/svg+xml' }));
  try {
    const img = new Image(width, height);
    img.src = url;
    await img.decode();
    const canvas = document.createElement('canvas');
    canvas.width = Math.round(width * scale); canvas.height = Math.round(height * scale);
    const g = canvas.getContext('2d', { willReadFrequently: true });
    if (under) g.drawImage(under, 0, 0, canvas.width, canvas.height);
    g.drawImage(img, 0, 0, canvas.width, canvas.height);
    return { canvas, g };
  } finally { URL.revokeObjectURL(url); }
}
const pngOf = (canvas) => new Promise((resolve, reject) => canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('toBlob gave nothing'))), 'image/png'));

/**
 * The export buttons. `snapshot()` returns { state, ui, highlights } (or null before anything is
 * drawn). The view has no update(): it reads the snapshot when a button is used.
 */
export function viewExport({ tr, snapshot }) {
  const button = (kind, text, label) => h('button', { type: 'button', class: 'export-btn', 'data-export': kind, 'aria-label': label, title: label, text });
  const svgB = button('svg', tr('exportSvg'), tr('exportSvgLabel'));
  const pngB = button('png', tr('exportPng'), tr('exportPngLabel'));
  const gifB = button('gif', tr('exportGif'), tr('exportGifLabel'));
  const darkId = `export-dark-${Math.random().toString(36).slice(2, 8)}`;
  const dark = h('input', { type: 'checkbox', id: darkId, 'data-export-theme': 'dark' });
  // the choice of a dark figure is offered only on a dark page; otherwise exports are light
  const darkLabel = h('label', { class: 'export-dark', for: darkId, title: tr('exportDarkLabel') }, dark, ' ', tr('exportDark'));
  const status = h('span', { class: 'export-status', role: 'status', 'aria-live': 'polite' });
  const el = h('div', { class: 'export', role: 'group', 'aria-label': tr('exportGroup') },
    h('span', { class: 'export-label', 'aria-hidden': 'true', text: tr('exportLabel') }), svgB, pngB, gifB, darkLabel, status);
  const buttons = [svgB, pngB, gifB];
  let busy = false;
  const syncDark = () => { darkLabel.hidden = !darkPage(); };
  syncDark();

  /** The figure of a snapshot: its highlight; while Play runs, output cells after the current one blank. */
  function figureOf(snap, extra = {}) {
    const { ui, state } = snap;
    const playing = ui.playing && ui.stepping;
    const sel = ui.hover || ui.sel;
    const caption = sel && sel.grid === 'output' && snap.highlights.taps ? stepCaption(state, sel.index) : null;
    return { state, highlights: snap.highlights, blankAfter: playing ? ui.step : null, caption, ...extra };
  }
  const stepCaption = (state, o) => {
    const cols = state.ex.output.cols;
    return tr('stepStatus', o + 1, state.ex.output.rows * cols, Math.floor(o / cols), o % cols);
  };

  async function run(kind) {
    syncDark();
    const snap = snapshot();
    if (!snap || busy) return;
    busy = true;
    for (const b of buttons) b.disabled = true;
    el.setAttribute('aria-busy', 'true');
    const opts = { tr, dark: !darkLabel.hidden && dark.checked };
    const name = exportName(snap.state.params, kind);
    try {
      let blob;
      if (kind === 'svg') {
        blob = new Blob([figureSvg(figureOf(snap), opts).svg], { type: 'image/svg+xml' });
      } else if (kind === 'png') {
        const f = figureSvg(figureOf(snap), opts);
        blob = await pngOf((await rasterize(f.svg, f.width, f.height, 2)).canvas);
      } else {
        blob = await gifOf(snap, opts);
      }
      download(blob, name, el);
      status.textContent = tr('exportSaved', name, kib(blob.size));
    } catch (e) {
      status.textContent = tr('exportFailed', e && e.message ? e.message : String(e));
    } finally {
      busy = false;
      for (const b of buttons) b.disabled = false;
      el.removeAttribute('aria-busy');
    }
  }

  /** One frame per output cell (gif.js caps the count): the taps of that step, the output filled up to it. */
  async function gifOf(snap, opts) {
    const st = snap.state;
    const n = st.ex.output.rows * st.ex.output.cols;
    const steps = gifSteps(n);
    const layerOf = (k, layer) => figureSvg(figureOf(snap, {
      highlights: highlights(st, { grid: 'output', index: steps[k] }), blankAfter: steps[k], caption: stepCaption(st, steps[k]),
    }), { ...opts, maxWidth: GIF_MAX_WIDTH, layer });
    // what every frame shares is rasterized once; a frame draws only its step over it
    const base = layerOf(0, 'base');
    const { width, height } = base;
    const under = (await rasterize(base.svg, width, height, 1)).canvas;
    const bytes = await encodeGif({
      count: steps.length, width, height,
      frame: async (k) => {
        const { canvas, g } = await rasterize(layerOf(k, 'step').svg, width, height, 1, under);
        return g.getImageData(0, 0, canvas.width, canvas.height).data;
      },
      onFrame: (k) => { status.textContent = tr('exportMaking', k + 1, steps.length); },
    });
    return new Blob([bytes], { type: 'image/gif' });
  }

  svgB.addEventListener('click', () => run('svg'));
  pngB.addEventListener('click', () => run('png'));
  gifB.addEventListener('click', () => run('gif'));
  return { el };
}
