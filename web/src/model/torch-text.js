// The layers as PyTorch code writes them: `ConvTranspose2d(3, stride=2, padding=1)` (the kernel
// size first, then only the arguments that differ from PyTorch's defaults), for the verdict strip,
// the figure's headline and the snippet. Formatting only: the numbers come from the parameters and
// from explain().

/** A pair as PyTorch takes it: 3 when both axes agree, (3, 2) when not. */
export const torchArg = ([a, b]) => (a === b ? `${a}` : `(${a}, ${b})`);
const isDefault = ([a, b], v) => a === v && b === v;

/**
 * `Conv2d(3, stride=2, padding=1)` or `ConvTranspose2d(3, stride=2, padding=1, output_padding=1)`
 * for the layer `params` describes as operation `op` ('conv' or 'convT'). `padding`: the padding in
 * effect when it is not the one given (ConvTranspose2d takes numbers only); `outputPadding`: the
 * ConvTranspose2d's (the way back's, in conv mode). `channels`: [in, out] to write them first.
 */
export function layerText(params, op, { padding = params.padding, outputPadding = params.outputPadding, channels = null } = {}) {
  const args = channels ? [channels[0], channels[1], `kernel_size=${torchArg(params.kernelSize)}`] : [torchArg(params.kernelSize)];
  if (!isDefault(params.stride, 1)) args.push(`stride=${torchArg(params.stride)}`);
  if (typeof padding === 'string') args.push(`padding='${padding}'`);
  else if (!isDefault(padding, 0)) args.push(`padding=${torchArg(padding)}`);
  if (!isDefault(params.dilation, 1)) args.push(`dilation=${torchArg(params.dilation)}`);
  if (op === 'convT' && !isDefault(outputPadding, 0)) args.push(`output_padding=${torchArg(outputPadding)}`);
  if (op === 'conv' && params.paddingMode && params.paddingMode !== 'zeros') args.push(`padding_mode='${params.paddingMode}'`);
  return `${op === 'conv' ? 'Conv2d' : 'ConvTranspose2d'}(${args.join(', ')})`;
}

/**
 * The round trip the lab answers for (conv mode: Conv2d then ConvTranspose2d; convT mode:
 * ConvTranspose2d then Conv2d) as a chain of sizes and layers, and its verdict:
 * { steps: [size, layer, size, layer, size] (a size is [h, w] or null when undefined, a layer its
 * text or null when there is no such layer), verdict: 'ok' | 'fail' | 'undefined', roundTrip,
 * conv (the mode), fix (the output_padding that brings the size back, or null) }.
 */
export function verdictOf(state) {
  const { params: P, ex, conv } = state;
  const rt = conv ? ex.roundTrip.convThenConvT : ex.roundTrip.convTThenConv;
  const { before, after } = ex.padding;
  const even = before[0] === after[0] && before[1] === after[1];
  // the way back from a Conv2d is the ConvTranspose2d with the padding in effect, when it pads evenly
  const first = conv ? layerText(P, 'conv') : layerText(P, 'convT');
  const second = conv ? (even ? layerText(P, 'convT', { padding: before }) : null) : layerText({ ...P, paddingMode: 'zeros' }, 'conv');
  const verdict = rt.error || !rt.middle || !rt.back ? 'undefined' : rt.ok ? 'ok' : 'fail';
  let fix = null;
  if (verdict === 'fail') fix = conv ? (rt.fixOutputPadding || null) : [0, 0];
  return { steps: [rt.input, first, rt.middle || null, second, rt.back || null], verdict, roundTrip: rt, conv, fix };
}
