// explain()'s round trips against the arithmetic, computed here from its formula over every case
// of tests/fixtures/shape_cases.json (the native sweep does the same in C++): the remainder Conv2d's
// floor drops and the output_padding that puts it back, and the way back's zero-stuffed grid against
// an explain() of that ConvTranspose2d itself.
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

test('Conv then ConvT: backStuffed is the stuffed grid explain() gives the ConvTranspose2d on the way back', { timeout: 60_000 }, () => {
  let withGrid = 0, without = 0;
  const check = (params) => {
    const ex = core.explain(params);
    const ct = ex.roundTrip.convThenConvT;
    assert.equal(ex.roundTrip.convTThenConv.backStuffed, null);
    const where = JSON.stringify(params);
    if (ct.back === null) {
      assert.equal(ct.backStuffed, null, where);
      without++;
      return;
    }
    // The leg alone: ConvT of the middle size with the Conv2d's padding in effect (the same on both sides here).
    const leg = core.explain({ ...params, mode: 'convT', size: ct.middle, padding: ex.padding.before, paddingMode: 'zeros' });
    if (params.paddingMode && params.paddingMode !== 'zeros') {
      assert.equal(ct.backStuffed, null, where);
      without++;
      return;
    }
    assert.deepEqual(ct.backStuffed, {
      zerosBetween: leg.stuffed.zerosBetween,
      padBefore: leg.stuffed.padBefore,
      length: [leg.stuffed.rows, leg.stuffed.cols],
    }, where);
    assert.deepEqual([leg.output.rows, leg.output.cols], ct.back, where);
    withGrid++;
  };
  for (const c of cases)
    for (const mode of ['conv', 'convT'])
      if (!(mode === 'conv' ? c.conv : c.convT).error) check(paramsOf(c, mode));
  // 'same' pads alike on both sides for an odd kernel only; a padding mode other than zeros is no ConvTranspose2d's.
  check({ mode: 'conv', size: [6, 7], kernelSize: 3, padding: 'same' });
  check({ mode: 'conv', size: [6, 7], kernelSize: [4, 3], padding: 'same' });
  check({ mode: 'conv', size: 6, kernelSize: 3, padding: 1, paddingMode: 'reflect' });
  check({ mode: 'conv', size: 6, kernelSize: 3, stride: 2, padding: 1, paddingMode: 'circular' });
  assert.ok(withGrid >= 500 && without >= 150, `${withGrid} with a grid, ${without} without`);
});
