// The tarball is what it says: `npm pack` holds the built modules, the element, the API's files (the
// network functions and the digits autoencoder's model and samples among them), README, CHANGELOG and
// LICENSE, and nothing else (no C++ sources, tests, fixtures or benchmark build).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, npmPack } from './support.mjs';

const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
const packed = await npmPack();
const paths = packed.files.map((f) => f.path);

// Every string a resolver can be sent to by package.json (main, types, exports, imports).
function targets(v) {
  if (typeof v === 'string') return [v];
  if (v && typeof v === 'object') return Object.values(v).flatMap(targets);
  return [];
}

test('npm pack holds the modules, the element, the API, the models, README, CHANGELOG and LICENSE', (t) => {
  t.diagnostic(`${packed.filename}: ${(packed.size / 1024).toFixed(0)} KiB packed, ${(packed.unpackedSize / 1024).toFixed(0)} KiB unpacked, ${paths.length} files`);
  const required = [
    'package.json', 'README.md', 'CHANGELOG.md', 'LICENSE',
    'web/lib/core.js', 'web/lib/errors.js', 'web/lib/warmup.js', 'web/lib/worker.js', 'web/lib/worker-client.js',
    'web/lib/network/parse-torch.js', 'web/lib/network/network.js', 'web/lib/network/write-torch.js', 'web/lib/network/autoencoder.js',
    'web/lib/network/models/digits-autoencoder.json', 'web/lib/network/models/digits-autoencoder.bin',
    'web/lib/network/models/digits-samples.json', 'web/lib/network/models/digits-samples.bin',
    'web/lib/wasm/convt_core.js', 'web/lib/wasm/convt_core.browser.mjs', 'web/lib/wasm/package.json',
    'web/dist/convt-lab.js',
    // The types come with the PyTorch-surface work; once the file exists it must ship.
    ...(existsSync(join(ROOT, 'web/lib/core.d.ts')) ? ['web/lib/core.d.ts'] : []),
  ];
  for (const f of required) assert.ok(paths.includes(f), `${f} is in the tarball`);
  const allowed = /^(package\.json|README\.md|CHANGELOG\.md|LICENSE|web\/lib\/[\w-]+\.(js|d\.ts)|web\/lib\/network\/[\w-]+\.js|web\/lib\/network\/models\/digits-[\w-]+\.(json|bin)|web\/lib\/wasm\/(package\.json|convt_core\.js|convt_core\.browser\.mjs)|web\/dist\/convt-lab\.js)$/;
  assert.deepEqual(paths.filter((p) => !allowed.test(p)), [], 'files in the tarball that are none of the above');
});

test('every entry package.json points to (main, types, exports, imports) is in the tarball', () => {
  const pointed = [pkg.main, pkg.types, ...targets(pkg.exports), ...targets(pkg.imports)].filter(Boolean);
  assert.ok(pointed.length >= 5, pointed.join(', '));
  for (const p of pointed) assert.ok(paths.includes(p.replace(/^\.\//, '')), `${p} (from package.json) is in the tarball`);
});

test('package metadata: MIT licence file, repository, keywords, a CHANGELOG entry for this version, no runtime dependencies', () => {
  assert.equal(pkg.license, 'MIT');
  assert.match(readFileSync(join(ROOT, 'LICENSE'), 'utf8'), /^MIT License/);
  assert.match(pkg.repository?.url ?? '', /^git\+https:\/\//);
  assert.ok(Array.isArray(pkg.keywords) && pkg.keywords.length > 0);
  assert.match(readFileSync(join(ROOT, 'CHANGELOG.md'), 'utf8'), new RegExp(`^## ${pkg.version.replace(/\./g, '\\.')}\\b`, 'm'));
  for (const field of ['dependencies', 'peerDependencies', 'optionalDependencies']) {
    assert.deepEqual(Object.keys(pkg[field] ?? {}), [], `${field}: the package needs nothing at run time`);
  }
});
