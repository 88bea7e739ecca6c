// The package entry works in plain Node, and the module really is SIMD.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = new URL('../../', import.meta.url);
const pkg = JSON.parse(readFileSync(new URL('package.json', root), 'utf8'));

test('the package entry exports loadCore(), and loading twice gives one core', async () => {
  assert.equal(pkg.exports['.'].types, pkg.types);
  const entry = await import(new URL(pkg.exports['.'].default, root));
  assert.equal(typeof entry.loadCore, 'function');
  const a = await entry.loadCore(), b = await entry.loadCore();
  assert.equal(a, b);
  const self = await import('convt-lab');  // self-reference by package name
  assert.equal(await self.loadCore(), a);
});

for (const file of ['convt_core.js', 'convt_core.browser.mjs']) {
  test(`${file}: the module contains f32x4 SIMD instructions in its conv loops (wasm-objdump)`, () => {
    const js = readFileSync(new URL(`web/lib/wasm/${file}`, root), 'utf8');
    const m = js.match(/data:application\/octet-stream;base64,([A-Za-z0-9+/=]+)/);
    assert.ok(m, 'the wasm binary is inlined (SINGLE_FILE)');
    const dir = mkdtempSync(join(tmpdir(), 'convt-'));
    const wasm = join(dir, 'convt_core.wasm');
    writeFileSync(wasm, Buffer.from(m[1], 'base64'));
    const dis = execFileSync('wasm-objdump', ['-d', wasm], { maxBuffer: 256 * 1024 * 1024 }).toString();
    const counts = {};
    for (const op of ['f32x4.mul', 'f32x4.add', 'v128.load', 'v128.store', 'f32x4.splat']) counts[op] = dis.split(op).length - 1;
    for (const [op, n] of Object.entries(counts)) assert.ok(n > 0, `${op} appears ${n} times`);
    assert.ok(counts['f32x4.mul'] >= 8, JSON.stringify(counts));
  });
}
