// Warm-up at load. V8 (Node and Chromium) first runs WebAssembly through its baseline compiler
// (Liftoff) and compiles a function with its optimizing compiler (TurboFan) only after the
// function has spent a budget of loop iterations; a call already under way finishes in baseline
// code. Without this, the page's first image redraw ran several times slower than the next ones
// (docs/speed.md, "Warm-up at load": first-call measurements). warmUp(core) makes one call through each fast path
// (and the page's tables and reference loops), each just large enough to make that path's inner
// loops hot, so the first real call runs optimized code. It costs a few milliseconds at load.

function tensor(...shape) {
  const data = new Float32Array(shape.reduce((a, b) => a * b, 1));
  for (let i = 0; i < data.length; i++) data[i] = ((i * 7) % 13) / 13 - 0.5;
  return { shape, data };
}

/** Runs one call of each path of `core` (a Core from loadCore()) and returns the core. */
export function warmUp(core) {
  const rgb = tensor(1, 3, 24, 136), gray = tensor(1, 1, 48, 136), chans = tensor(1, 8, 18, 40);
  // Conv2d: channel-wise 3x3 read in place (image filters, the page's stride-1 grids), the direct
  // kernels for one and for several output channels, Winograd.
  core.conv2d(rgb, tensor(3, 1, 3, 3), { padding: 1, groups: 3 });
  core.conv2d(gray, tensor(1, 1, 3, 3), { stride: 2, padding: 1 });
  core.conv2d(chans, tensor(8, 8, 3, 3), { stride: 2, padding: 1 });
  core.conv2d(chans, tensor(8, 8, 3, 3), { padding: 1 });
  // ConvTranspose2d: channel-wise 4x4 stride 2 (the image view's x2), Winograd (4x4 stride 2, several
  // channels), fused column phases (stride 2: one channel, the page's grids; several channels, too
  // few for Winograd's rule), per phase (stride 3).
  core.convTranspose2d(rgb, tensor(3, 1, 4, 4), { stride: 2, padding: 1, groups: 3 });
  core.convTranspose2d(chans, tensor(8, 8, 4, 4), { stride: 2, padding: 1 });
  core.convTranspose2d(gray, tensor(1, 1, 3, 3), { stride: 2, padding: 1, outputPadding: 1 });
  core.convTranspose2d(tensor(1, 4, 18, 40), tensor(4, 4, 4, 4), { stride: 2, padding: 1 });
  core.convTranspose2d(rgb, tensor(3, 1, 5, 5), { stride: 3, padding: 1, groups: 3 });
  // What the page computes next to the fast result: its tables, the definitions, the construction.
  const small = tensor(1, 1, 24, 24), k3 = tensor(1, 1, 3, 3), opts = { stride: 2, padding: 1, outputPadding: 1 };
  core.explain({ mode: 'convT', size: 24, kernelSize: 3, stride: 2, padding: 1, outputPadding: 1 });
  core.polyphase({ size: 24, kernelSize: 3, stride: 2, padding: 1, outputPadding: 1 }, small.data, k3.data);
  core.reference.conv2d(small, k3, { stride: 2, padding: 1 });
  core.reference.convTranspose2d(small, k3, opts);
  core.convTranspose2dByStuffing(small, k3, opts);
  return core;
}
