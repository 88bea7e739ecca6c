// PyTorch code for layers in parseTorch's form ({ type, args }): the way one writes them by hand,
// which parseTorch reads back to the same layers. Required arguments are positional, in the
// constructor's order; the others are keywords, written only when they differ from PyTorch's
// default; a pair [h, w] with h == w is one number, and so is [l, r, t, b] when all four agree.

import { LAYER_SIGNATURES, REQUIRED_ARGUMENT } from './parse-torch.js';

// Python's literal for a JS value of a layer's arguments.
function python(v) {
  if (v === null || v === undefined) return 'None';
  if (v === true) return 'True';
  if (v === false) return 'False';
  if (typeof v === 'number') return String(v);  // JS and Python read the shortest round-trip form alike
  if (typeof v === 'string') return `'${v.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n')}'`;
  if (Array.isArray(v)) return v.length === 1 ? `(${python(v[0])},)` : `(${v.map(python).join(', ')})`;
  return String(v);
}

const same = (v) => Array.isArray(v) && v.length > 0 && v.every((x) => x === v[0]);

// One argument's value, as short as PyTorch reads it the same: pairs and quads of one number as that number.
function valueCode(kind, v) {
  if (Array.isArray(v) && ['pair', 'convPadding', 'poolStride', 'optPair', 'scale', 'outputSize', 'quad'].includes(kind)
      && same(v)) return python(v[0]);
  return python(v);
}

// Whether `v` is what PyTorch would store for this parameter left out.
function isDefault(p, v, args) {
  if (p.dflt === REQUIRED_ARGUMENT) return false;
  if (p.kind === 'poolStride') return v === null || JSON.stringify(v) === JSON.stringify(args.kernel_size);
  const dflt = ['pair', 'convPadding'].includes(p.kind) && typeof p.dflt === 'number' ? [p.dflt, p.dflt] : p.dflt;
  return JSON.stringify(v) === JSON.stringify(dflt);
}

/** `nn.Conv2d(1, 16, 3, stride=2, padding=1)` for a layer { type, args } of a type parseTorch reads. */
export function layerCode(layer, module = 'nn') {
  const signature = LAYER_SIGNATURES[layer.type];
  const parts = [];
  for (const p of signature ?? []) {
    if (p.kind === 'ignored' || !(p.name in layer.args)) continue;
    const v = layer.args[p.name];
    if (p.dflt === REQUIRED_ARGUMENT) parts.push(valueCode(p.kind, v));
    else if (!isDefault(p, v, layer.args)) parts.push(`${p.name}=${valueCode(p.kind, v)}`);
  }
  return `${module}.${layer.type}(${parts.join(', ')})`;
}

// A comment on one line.
const comment = (text) => `# ${String(text).replace(/\s*\n\s*/g, ' ')}`;

/**
 * `name = nn.Sequential(...)`, one layer a line: `lines` are { layer, comment } (a layer with a
 * comment after it) or { comment } (a line of comment alone); `header` a comment line above it.
 */
export function sequentialCode(name, lines, header = null) {
  const out = [];
  if (header) out.push(comment(header));
  if (!lines.length) {
    out.push(`${name} = nn.Sequential()`);
    return out.join('\n') + '\n';
  }
  out.push(`${name} = nn.Sequential(`);
  for (const line of lines) {
    if (line.layer) out.push(`    ${layerCode(line.layer)},${line.comment ? `  ${comment(line.comment)}` : ''}`);
    else out.push(`    ${comment(line.comment)}`);
  }
  out.push(')');
  return out.join('\n') + '\n';
}
