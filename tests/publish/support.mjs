// What the publishing tests share: the recipes as the docs write them, a site built from them, a
// server that puts it under a subpath, and what a reader's browser must see on it.
//
// A recipe is the code blocks of docs/teachers.md (or docs/page.md) marked by an HTML comment just
// before each block, which GitHub does not show:
//   <!-- recipe NAME: file PATH -->   the block is the file PATH of the course folder
//   <!-- recipe NAME: run -->         the block is shell commands, run with bash in the course folder
//   <!-- recipe NAME: snippet -->     the block is text to paste (a learning platform, a sizing script)
// so a test builds exactly what a teacher following the docs gets. The course folder has, as the docs
// say, a checkout of the lab beside it (`../convt-lab/web/dist/`, here the built web/dist) and the
// npm packages of this repository in node_modules (reveal.js, marked), which the recipes name.
import { execFile } from 'node:child_process';
import { createServer } from 'node:http';
import { mkdtemp, mkdir, readFile, rm, symlink, writeFile, stat } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, extname, join, normalize } from 'node:path';
import { ROOT, DIST } from '../browser/support.mjs';

export const DOCS = join(ROOT, 'docs');

/** The marked blocks of a doc: [{ recipe, kind, path, text, line }] in the doc's order. */
export function markedBlocks(doc = 'teachers.md') {
  const lines = readFileSync(join(DOCS, doc), 'utf8').split('\n');
  const out = [];
  for (let i = 0; i < lines.length; i++) {
    const m = /^<!-- recipe ([\w.-]+): (file|run|snippet)(?: (\S+))? -->$/.exec(lines[i].trim());
    if (!m) continue;
    let j = i + 1;
    while (j < lines.length && !lines[j].trim()) j++;
    const fence = /^(`{3,}|~{3,})/.exec(lines[j] ?? '');
    if (!fence) throw new Error(`${doc}:${i + 1}: a recipe marker must be followed by a code block`);
    const body = [];
    for (j++; j < lines.length && !lines[j].startsWith(fence[1]); j++) body.push(lines[j]);
    if (j >= lines.length) throw new Error(`${doc}:${i + 1}: the code block after the marker is not closed`);
    if (m[2] === 'file' && !m[3]) throw new Error(`${doc}:${i + 1}: a file block needs its path`);
    out.push({ recipe: m[1], kind: m[2], path: m[3] ?? null, text: `${body.join('\n')}\n`, line: i + 1 });
  }
  return out;
}

/** One recipe's blocks (at least one, or it throws: a renamed marker must not pass silently). */
export function recipe(name, doc = 'teachers.md') {
  const blocks = markedBlocks(doc).filter((b) => b.recipe === name);
  if (!blocks.length) throw new Error(`no recipe '${name}' in docs/${doc}`);
  return blocks;
}

/** The one snippet of a recipe. */
export function snippet(name, doc = 'teachers.md') {
  const s = recipe(name, doc).filter((b) => b.kind === 'snippet');
  if (s.length !== 1) throw new Error(`recipe '${name}' in docs/${doc} has ${s.length} snippets, not 1`);
  return s[0].text;
}

/** The rows of the Markdown table after `<!-- measured: NAME -->` in a doc, as arrays of cell texts (header first). */
export function measuredTable(name, doc) {
  const lines = readFileSync(join(DOCS, doc), 'utf8').split('\n');
  const at = lines.findIndex((l) => l.trim() === `<!-- measured: ${name} -->`);
  if (at < 0) throw new Error(`no table marked 'measured: ${name}' in docs/${doc}`);
  const rows = [];
  for (let j = at + 1; j < lines.length && (rows.length === 0 || lines[j].trim().startsWith('|')); j++) {
    if (!lines[j].trim()) continue;
    const cells = lines[j].trim().replace(/^\||\|$/g, '').split('|').map((c) => c.trim());
    if (!cells.every((c) => /^:?-+:?$/.test(c))) rows.push(cells);
  }
  return rows;
}

const run = (cmd, args, opts) => new Promise((resolve, reject) => {
  execFile(cmd, args, { timeout: 120_000, maxBuffer: 1 << 24, ...opts }, (err, stdout, stderr) => (err ? reject(new Error(`${cmd} failed: ${err.message}\n${stdout}\n${stderr}`)) : resolve({ stdout, stderr })));
});

/**
 * Builds recipe `name` (after the blocks of `base`, whose files it may replace) in a new course
 * folder: writes every file block, then runs every run block in order (the recipe's own, or else
 * base's). `cleanup(fn)` is given the folder's removal (a test's `t.after`, or a suite's list).
 * Returns the course folder.
 */
export async function buildRecipe(cleanup, name, { base = null, doc = 'teachers.md' } = {}) {
  const top = await mkdtemp(join(tmpdir(), `convt-${name}-`));
  cleanup(() => rm(top, { recursive: true, force: true }));
  await mkdir(join(top, 'convt-lab', 'web'), { recursive: true });
  await symlink(DIST, join(top, 'convt-lab', 'web', 'dist'));
  const course = join(top, 'course');
  await mkdir(course);
  await symlink(join(ROOT, 'node_modules'), join(course, 'node_modules'));
  const blocks = [...(base ? recipe(base, doc) : []), ...recipe(name, doc)];
  const files = new Map();
  for (const b of blocks) if (b.kind === 'file') files.set(b.path, b.text);
  for (const [path, text] of files) {
    await mkdir(dirname(join(course, path)), { recursive: true });
    await writeFile(join(course, path), text);
  }
  // the commands of the recipe itself (base's are replaced by its own when it has any)
  const commands = recipe(name, doc).some((b) => b.kind === 'run') ? recipe(name, doc) : blocks;
  for (const b of commands.filter((x) => x.kind === 'run')) {
    await run('bash', ['-euo', 'pipefail', '-c', b.text], { cwd: course, env: { ...process.env, NO_COLOR: '1', npm_config_update_notifier: 'false' } });
  }
  return course;
}

// ---- the server --------------------------------------------------------------------------------------
const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8', '.json': 'application/json', '.svg': 'image/svg+xml', '.png': 'image/png', '.woff': 'font/woff', '.woff2': 'font/woff2', '.ttf': 'font/ttf', '.txt': 'text/plain' };

/**
 * Serves folders under URL prefixes (`{ '/course/': dir }`), as a static host serves a project page:
 * a folder's index.html for a path ending in '/'. `missing(path)` answers 404 for a path on purpose
 * (a wrong script path). Every request is recorded with its status. /favicon.ico, which the browser
 * asks for by itself, is answered with no content.
 */
export async function serveFolders(mounts, { missing = () => false } = {}) {
  const requests = [];
  const server = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    const answer = (status, headers = {}, body = '') => { requests.push({ path, status }); res.writeHead(status, headers); res.end(body); };
    if (path === '/favicon.ico') return answer(204);
    const prefix = Object.keys(mounts).find((p) => path.startsWith(p));
    if (!prefix || missing(path)) return answer(404, {}, 'not found');
    let file = normalize(join(mounts[prefix], path.slice(prefix.length)));
    if (!file.startsWith(normalize(mounts[prefix]))) return answer(403);
    try {
      if ((await stat(file)).isDirectory()) file = join(file, 'index.html');
      answer(200, { 'content-type': TYPES[extname(file)] || 'application/octet-stream' }, await readFile(file));
    } catch { answer(404, {}, 'not found'); }
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${server.address().port}`;
  return { url, requests, close: () => new Promise((r) => { server.closeAllConnections(); server.close(() => r()); }) };
}

// ---- what a reader sees ----------------------------------------------------------------------------
/** Problems of a page beyond the watcher's: any response of 400 or more (a path that does not lead anywhere). */
export function watchStatus(page, problems) {
  page.on('response', (r) => { if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.url()}`); });
}

/**
 * Every <convt-lab> on the page and every lab in its same-origin frames, once drawn: for each, where
 * it is, its verdict, whether it drew, and whether its fallback sentence (light DOM) is on screen.
 */
export function labsOnPage(page) {
  return page.evaluate(() => {
    const shown = (el) => [...el.childNodes].some((n) => {
      const r = document.createRange(); r.selectNodeContents(n);
      return [...r.getClientRects()].some((b) => b.width > 0 && b.height > 0);
    });
    const elements = [...document.querySelectorAll('convt-lab')].map((el) => ({
      kind: 'element', defined: !!customElements.get('convt-lab') && el.matches(':defined'),
      ready: el.shadowRoot?.querySelector('.cl')?.dataset.ready === 'true',
      verdict: el.shadowRoot?.querySelector('.verdict-strip')?.dataset.verdict ?? null,
      fallback: el.textContent.trim(), fallbackShown: shown(el),
    }));
    const frames = [...document.querySelectorAll('iframe')].map((f) => {
      const d = f.contentDocument;
      return { kind: 'frame', src: f.getAttribute('src'), ready: d?.querySelector('.cl')?.dataset.ready === 'true', verdict: d?.querySelector('.verdict-strip')?.dataset.verdict ?? null };
    });
    return [...elements, ...frames];
  });
}

/** Waits until every <convt-lab> and every frame's lab on the page has drawn (or the time is up). */
export function allLabsReady(page, timeout = 30_000) {
  return page.waitForFunction(() => [...document.querySelectorAll('convt-lab')].every((e) => e.shadowRoot?.querySelector('.cl[data-ready="true"]'))
    && [...document.querySelectorAll('iframe')].every((f) => f.contentDocument?.querySelector('.cl[data-ready="true"]')), null, { timeout });
}
