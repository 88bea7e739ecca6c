// "Copy as PyTorch": the current configuration as runnable code with the shapes as comments.
import { h, copyText } from '../draw/dom.js';

const arg = ([a, b]) => (a === b ? `${a}` : `(${a}, ${b})`);
const shape = (r, c) => `torch.Size([1, 1, ${r}, ${c}])`;

export function snippetText(st) {
  const P = st.params, rt = st.ex.roundTrip;
  const pad = typeof P.padding === 'string' ? `'${P.padding}'` : arg(P.padding);
  const mode = P.paddingMode && P.paddingMode !== 'zeros' ? `, padding_mode='${P.paddingMode}'` : '';
  const dil = P.dilation[0] === 1 && P.dilation[1] === 1 ? '' : `, dilation=${arg(P.dilation)}`;
  const common = `kernel_size=${arg(P.kernelSize)}, stride=${arg(P.stride)}, padding=${pad}${dil}`;
  // ConvTranspose2d takes numbers only: the padding in effect when it is the same on both sides
  const { before, after } = st.ex.padding;
  const even = before[0] === after[0] && before[1] === after[1];
  const convTLine = even
    ? `convT = nn.ConvTranspose2d(1, 1, kernel_size=${arg(P.kernelSize)}, stride=${arg(P.stride)}, padding=${arg(before)}${dil}, output_padding=${arg(P.outputPadding)})`
    : `# no ConvTranspose2d pads unevenly: padding='same' with this kernel has no way back`;
  const lines = [
    'import torch',
    'import torch.nn as nn',
    '',
    `conv = nn.Conv2d(1, 1, ${common}${mode})`,
    convTLine,
    '',
    `x = torch.randn(1, 1, ${P.size[0]}, ${P.size[1]})`,
  ];
  const res = (r) => (r.back ? `# ${shape(r.back[0], r.back[1])}` : `# error: ${r.error || 'not defined'}`);
  if (st.conv) {
    const r = rt.convThenConvT;
    lines.push(`print(conv(x).shape)         # ${shape(st.ex.output.rows, st.ex.output.cols)}`);
    lines.push(`print(convT(conv(x)).shape)  ${res(r)}`);
  } else {
    const r = rt.convTThenConv;
    lines.push(`print(convT(x).shape)        # ${shape(st.ex.output.rows, st.ex.output.cols)}`);
    lines.push(`print(conv(convT(x)).shape)  ${res(r)}`);
  }
  return lines.join('\n');
}

export function viewSnippet({ tr }) {
  const code = h('code');
  const status = h('span', { class: 'copy-status', 'aria-live': 'polite' });
  const button = h('button', { type: 'button', class: 'copy', text: tr('copy') });
  // folded: the code is a click away, under its title
  const el = h('details', { class: 'panel snippet', 'aria-label': tr('snippetLabel') },
    h('summary', { class: 'ptitle', text: tr('snippetTitle') }), h('div', { class: 'snippet-head' }, button, status), h('pre', {}, code));
  button.addEventListener('click', async () => {
    const ok = await copyText(code.textContent);
    status.textContent = tr(ok ? 'copied' : 'copyByHand');
    setTimeout(() => { status.textContent = ''; }, 2500);
  });
  let drawn = null;
  return { el, update({ state }) { if (state && state !== drawn) { drawn = state; code.textContent = snippetText(state); } } };
}
