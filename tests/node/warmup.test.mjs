// The warm-up that loadCore() runs: one call through each fast path, nothing left allocated.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadCore } from '../../web/lib/core.js';
import { warmUp } from '../../web/lib/warmup.js';

test('warmUp(core) returns the core, leaves the heap as it was, and the core still computes', { timeout: 60000 }, async () => {
  const core = await loadCore();
  const before = core.heapInUse();
  assert.equal(warmUp(core), core);
  assert.equal(core.heapInUse(), before);
  const y = core.conv2d({ shape: [1, 1, 2, 2], data: [1, 2, 3, 4] }, { shape: [1, 1, 1, 1], data: [2] });
  assert.deepEqual(Array.from(y.data), [2, 4, 6, 8]);
});
