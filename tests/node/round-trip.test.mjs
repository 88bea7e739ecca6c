// explain()'s round trips against the arithmetic, computed here from its formula over every case
// of tests/fixtures/shape_cases.json (the native sweep does the same in C++): the remainder Conv2d's
// floor drops and the output_padding that puts it back.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { loadCore } from '../../web/lib/core.js';

const core = await loadCore();
const { cases } = JSON.parse(readFileSync(new URL('../fixtures/shape_cases.json', import.meta.url), 'utf8'));
const mod = (a, b) => ((a % b) + b) % b;
const paramsOf = (c, mode) => ({ mode, size: c.size, kernelSize: c.kernelSize, stride: c.stride, padding: c.padding,
  dilation: c.dilation, outputPadding: c.outputPadding });

test('Conv then ConvT: remainder and fixOutputPadding are (I + 2p - d(k-1) - 1) mod s, and the fix gives I back', { timeout: 60_000 }, () => {
  let checked = 0, nonzero = 0;
  for (const c of cases) {
    for (const mode of ['conv', 'convT']) {
      if ((mode === 'conv' ? c.conv : c.convT).error) continue;  // explain() refuses; fixtures.test.mjs checks how
      const ct = core.explain(paramsOf(c, mode)).roundTrip.convThenConvT;
      const where = `${JSON.stringify(c.size)} k${JSON.stringify(c.kernelSize)} s${JSON.stringify(c.stride)} p${JSON.stringify(c.padding)} d${JSON.stringify(c.dilation)} (${mode})`;
      if (c.conv.error) {  // no middle: nothing was dropped
        assert.equal(ct.remainder, null, where);
        assert.equal(ct.fixOutputPadding, null, where);
        continue;
      }
      const want = [0, 1].map((j) => mod(c.size[j] + 2 * c.padding[j] - c.dilation[j] * (c.kernelSize[j] - 1) - 1, c.stride[j]));
      assert.deepEqual(ct.remainder, want, `${where}: remainder`);
      assert.deepEqual(ct.fixOutputPadding, want, `${where}: fixOutputPadding`);
      // The fix is an output_padding PyTorch accepts (it is below s), and with it the size comes back.
      const fixed = core.explain({ ...paramsOf(c, 'conv'), outputPadding: ct.fixOutputPadding }).roundTrip.convThenConvT;
      assert.deepEqual(fixed.back, c.size, `${where}: the fix`);
      assert.equal(fixed.ok, true, where);
      nonzero += want[0] !== 0 || want[1] !== 0;
      checked++;
    }
  }
  assert.ok(checked >= 600 && nonzero >= 400, `${checked} checked, ${nonzero} with a remainder`);
});
