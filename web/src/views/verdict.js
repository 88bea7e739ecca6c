// The verdict strip: the answer in one line, the first thing a lab shows (in the page, the full and
// the compact element, an iframe and on paper): the sizes through the two layers as PyTorch writes
// them, e.g. `4×4 → ConvTranspose2d(3, stride=2, padding=1) → 7×7 → Conv2d(3, stride=2, padding=1)
// → 4×4 ✓`, or ✗ with why and a button that applies the fix. `data-verdict` ("ok", "fail",
// "undefined") is for host pages and tests; the strip is a polite live region, announced when it
// changes.
import { h, setChildren, dims } from '../draw/dom.js';
import { verdictOf, torchArg } from '../model/torch-text.js';

export function viewVerdict({ tr, onFix }) {
  const el = h('p', { class: 'verdict-strip', 'data-verdict': 'undefined', role: 'status', 'aria-live': 'polite', 'aria-atomic': 'true' });
  let drawn = null;
  function update({ state }) {
    if (!state || state === drawn) return;
    drawn = state;
    const v = verdictOf(state);
    el.dataset.verdict = v.verdict;
    const chain = h('span', { class: 'chain' });
    v.steps.forEach((s, k) => {
      if (k) chain.append(h('span', { class: 'arrow', 'aria-hidden': 'true', text: ' → ' }), h('span', { class: 'sr-only', text: ` ${tr('then')} ` }));
      if (k % 2) chain.append(h('code', { class: 'layer', text: s ?? tr('noSuchLayer') }));
      else chain.append(h('span', { class: 'size', text: s ? dims(s) : tr('notDefinedShort') }));
    });
    const rt = v.roundTrip;
    const parts = [chain, ' '];
    if (v.verdict === 'ok') parts.push(h('span', { class: 'badge yes', text: tr('badgeYes') }));
    else if (v.verdict === 'undefined') parts.push(h('span', { class: 'badge na', text: tr('badgeUndefined') }), ' ', h('span', { class: 'why', text: rt.error || '' }));
    else {
      parts.push(h('span', { class: 'badge no', text: tr('badgeNo') }), ' ');
      const r = rt.remainder;
      parts.push(h('span', { class: 'why', text: v.conv && r ? tr('stripRemainder', torchArg(r)) : tr('stripOutputPadding', torchArg(state.params.outputPadding), torchArg(state.params.stride)) }));
      if (v.fix) parts.push(' ', h('button', { type: 'button', class: 'fix', text: `output_padding=${torchArg(v.fix)}`, 'aria-label': tr('useOutputPadding', torchArg(v.fix)), onclick: () => onFix(v.fix) }));
    }
    setChildren(el, ...parts);
  }
  /** After the fix is applied the button is gone: keep the keyboard focus on the strip it changed. */
  function focus() { el.tabIndex = -1; el.focus({ preventScroll: true }); }
  return { el, update, focus };
}
