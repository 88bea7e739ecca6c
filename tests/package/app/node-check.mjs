// Node ESM from the installed tarball: `node node-check.mjs cases.json` prints each case's answer.
import { readFileSync } from 'node:fs';
import { loadCore } from 'convt-lab';

const core = await loadCore();
const cases = JSON.parse(readFileSync(process.argv[2], 'utf8'));
console.log(JSON.stringify(cases.map((c) => {
  try {
    const y = core[c.op](c.x, c.w, c.opts);
    return { shape: y.shape, data: Array.from(y.data), float32: y.data instanceof Float32Array };
  } catch (e) {
    return { error: e.message, parameter: e.parameter };
  }
})));
