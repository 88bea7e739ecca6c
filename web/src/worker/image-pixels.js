// The image view's values as pixels: RGB planes (rows x cols each, any float values) to RGBA bytes
// for a canvas, by one of three display mappings. Used on the main thread (small pictures, and the
// fallback when no worker can run) and in the image view's worker (image-worker.js), which hands the
// bytes back with the values so the main thread only copies them into the canvas.

/**
 * RGBA bytes (Uint8ClampedArray, 4 per pixel, opaque) of `planes` (3 planes of rows x cols):
 * 'clip' shows v x 255 clipped to 0..255, 'auto' stretches min..max over the three planes to
 * 0..255, 'abs' shows |v| x 255 clipped. Uint8ClampedArray rounds and clips (NaN becomes 0).
 */
export function rgbaOf(planes, rows, cols, display) {
  const P = rows * cols;
  const out = new Uint8ClampedArray(4 * P);
  let lo = 0, scale = 255;
  if (display === 'auto') {
    let min = Infinity, max = -Infinity;
    for (let i = 0; i < 3 * P; i++) { const v = planes[i]; if (v < min) min = v; if (v > max) max = v; }
    if (!(max > min)) max = min + 1;
    lo = min; scale = 255 / (max - min);
  }
  const abs = display === 'abs';
  for (let c = 0; c < 3; c++) {
    const base = c * P;
    for (let i = 0, o = c; i < P; i++, o += 4) {
      const v = planes[base + i];
      out[o] = ((abs ? Math.abs(v) : v) - lo) * scale;
    }
  }
  for (let o = 3; o < 4 * P; o += 4) out[o] = 255;
  return out;
}
