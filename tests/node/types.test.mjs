// The TypeScript declarations (web/lib/core.d.ts, wired through package.json `types` / `exports`):
// a typed use of the package compiles, and deliberately wrong uses do not, each one reported.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const here = (p) => fileURLToPath(new URL(`../types/${p}`, import.meta.url));

// tsc's exit code and its report (it writes errors to stdout).
async function typeCheck(project) {
  try {
    const { stdout } = await run(process.execPath, [tsc, '-p', here(project)], { timeout: 110_000 });
    return { code: 0, out: stdout };
  } catch (e) {
    if (e.code === undefined || typeof e.code !== 'number') throw e;  // not tsc's verdict (a timeout, a missing tsc)
    return { code: e.code, out: `${e.stdout}${e.stderr}` };
  }
}

test('a typed use of the package compiles (tsc --noEmit, strict)', { timeout: 120_000 }, async () => {
  const { code, out } = await typeCheck('tsconfig.json');
  assert.equal(code, 0, out);
});

test('each deliberately wrong use is a compile error', { timeout: 120_000 }, async () => {
  const { code, out } = await typeCheck('tsconfig.wrong.json');
  assert.notEqual(code, 0, 'tsc accepted wrong.ts');
  const lines = readFileSync(here('wrong.ts'), 'utf8').split('\n');
  const wrong = lines.flatMap((l, i) => (l.includes('// WRONG') ? [i + 1] : []));
  assert.ok(wrong.length >= 5);
  for (const line of wrong) assert.match(out, new RegExp(`wrong\\.ts\\(${line},\\d+\\): error TS`), `line ${line} (${lines[line - 1].trim()}) is not an error:\n${out}`);
  const reported = out.match(/error TS/g).length;
  assert.equal(reported, wrong.length, `errors on lines not marked WRONG:\n${out}`);
});
