// Small, self-contained helpers for the package tests (tests/package/): run a command with a
// deadline, pack the project, serve a folder, launch Debian's Chromium.
import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { join, dirname, extname } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const BIN = join(ROOT, 'node_modules', '.bin');

// Without the npm_* variables `npm test` exports (npm_config_local_prefix would point a child
// `npm install` at this project instead of the scratch app).
const ENV = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k) && k !== 'INIT_CWD'));

/** Runs cmd (no shell); resolves { code, output } (stdout + stderr). The child is killed after timeoutMs. */
export function run(cmd, args, { cwd = ROOT, timeoutMs = 120_000 } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd, env: ENV, signal: AbortSignal.timeout(timeoutMs), stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d) => { output += d; });
    child.stderr.on('data', (d) => { output += d; });
    child.on('error', (e) => reject(new Error(`${cmd} ${args.join(' ')}: ${e.message}\n${output}`)));
    child.on('close', (code) => resolve({ code, output }));
  });
}

/** `npm pack --json` of the project (into dest, or --dry-run without dest): npm's record of the tarball. */
export async function npmPack(dest) {
  const args = ['pack', '--json', '--ignore-scripts', ...(dest ? ['--pack-destination', dest] : ['--dry-run'])];
  const { code, output } = await run('npm', args);
  if (code !== 0) throw new Error(`npm pack failed:\n${output}`);
  const json = output.slice(output.indexOf('['), output.lastIndexOf(']') + 1);
  const [record] = JSON.parse(json);
  return { ...record, path: dest ? join(dest, record.filename) : null };
}

const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.mjs': 'text/javascript', '.json': 'application/json' };

/** A static HTTP server on 127.0.0.1 for one folder (module workers need http, not file://). */
export async function serveFolder(dir) {
  const server = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://localhost').pathname);
    const file = join(dir, path.endsWith('/') ? `${path}index.html` : path);
    try {
      if (!file.startsWith(join(dir, '/'))) throw new Error('outside the folder');
      const body = await readFile(file);
      res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
      res.end(body);
    } catch {
      res.writeHead(404);
      res.end();
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}/`,
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(resolve); }),
  };
}

/** The browser suites' Chromium, launched the same way. */
export { launch as launchChromium } from '../browser/support.mjs';
