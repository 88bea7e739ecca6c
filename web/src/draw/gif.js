// Animated GIF of the step-through, encoded by gifenc (npm; docs/toolchain.md, "Dependencies, and why these"). This file
// only decides what goes in: which output cells get a frame, one palette for all frames, and
// which pixels each frame repeats from the one before.
//
// Size: a frame of the classic case's figure is ~700x330 px; written whole, 49 of them made a GIF of over
// a megabyte. Consecutive frames differ only around the taps and the new output cell, so every
// frame after the first marks the pixels it does not change with a transparent index and keeps
// what is under them (disposal "do not dispose"): long runs of one index, which LZW shrinks to
// almost nothing. One global palette (quantised from the first and last frames, which hold every
// colour the figure uses: all kernel taps, blank and filled output cells) keeps colours steady
// between frames.
import * as gifenc from 'gifenc';

// esbuild bundles gifenc's ES module (named exports); Node (the tests import MAX_GIF_FRAMES and
// gifSteps from here) loads its CommonJS build, whose exports arrive as the default export.
const { GIFEncoder, quantize, applyPalette } = gifenc.GIFEncoder ? gifenc : gifenc.default;

/** Most frames a GIF gets; beyond that the frames step over output cells (every k-th, and the last). */
export const MAX_GIF_FRAMES = 64;
/** How long each step shows, and the last one before the loop starts again (ms). */
export const FRAME_MS = 600, LAST_FRAME_MS = 2000;
/** Palette index that means "as in the frame before". */
const KEEP = 255;

/** The output cells that get a frame: all up to MAX_GIF_FRAMES, else every k-th and the last. */
export function gifSteps(n) {
  const stride = Math.max(1, Math.ceil(n / MAX_GIF_FRAMES));
  const steps = [];
  for (let o = 0; o < n; o += stride) steps.push(o);
  if (steps[steps.length - 1] !== n - 1) steps.push(n - 1);
  return steps;
}

/**
 * Encodes frames into a looping GIF. `frame(k)` resolves to frame k's RGBA pixels (width x height);
 * `onFrame(k)` is told progress. Returns the GIF's bytes.
 */
export async function encodeGif({ count, width, height, frame, onFrame = () => {} }) {
  const first = await frame(0);
  const last = count > 1 ? await frame(count - 1) : first;
  const sample = new Uint8Array(first.length + last.length);
  sample.set(first); sample.set(last, first.length);
  const palette = quantize(sample, KEEP, { format: 'rgb565' });
  while (palette.length < KEEP) palette.push([0, 0, 0]);
  const gif = GIFEncoder();
  let before = null;
  for (let k = 0; k < count; k++) {
    onFrame(k);
    const rgba = k === 0 ? first : k === count - 1 ? last : await frame(k);
    const index = applyPalette(rgba, palette, 'rgb565');
    const delay = k === count - 1 ? LAST_FRAME_MS : FRAME_MS;
    if (!before) {
      gif.writeFrame(index, width, height, { palette: [...palette, [255, 0, 255]], delay, repeat: 0 });
    } else {
      const shown = index.slice();
      for (let i = 0; i < index.length; i++) if (index[i] === before[i]) index[i] = KEEP;
      gif.writeFrame(index, width, height, { delay, transparent: true, transparentIndex: KEEP, dispose: 1 });
      before = shown;
      continue;
    }
    before = index;
  }
  gif.finish();
  return gif.bytes();
}
