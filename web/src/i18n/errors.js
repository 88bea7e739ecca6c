// Errors as the lab shows them. Two kinds reach it: the page's own (a ParamError with a string key,
// from reading text) and the core's (a ConvtError: PyTorch's rule in PyTorch's words, naming the
// parameter by its JS option name). Both are shown here, and only here, with the parameter named as
// the page names it (PyTorch's: kernel_size, output_padding): the one translation of names.
import { nameOf } from '../model/params.js';

/** The text of one error in the lab's language (`tr` of strings.js). */
export function errorText(tr, e) {
  if (e && e.code) return tr(e.code, ...(e.args || []));
  let m = e && e.message ? String(e.message) : String(e);
  // the core names its options as in JS (kernelSize); the page shows PyTorch's names (kernel_size)
  const p = e && e.parameter ? String(e.parameter) : '';
  if (p && m.startsWith(`${p}:`)) m = nameOf(p) + m.slice(p.length);
  return tr('coreErrorKo', m);
}

/** The page's names (URL / attribute names) of the parameters some errors name. */
export const invalidNames = (errors) => errors.flatMap((e) => (e && e.parameter ? [nameOf(e.parameter)] : []));
