#!/usr/bin/env node
// Builds the static site into web/dist/:
//   index.html          the full demo, everything inlined (opens from file://, no network)
//   convt-lab.js        one classic script defining <convt-lab> (WASM core inlined)
//   course-example.html a course page with two embedded <convt-lab> elements
// Classic (IIFE) scripts, not ES modules: Chromium does not load module scripts from file://.
// The site loads the core from the site's build of the module (the loader with the WASM apart,
// CMakeLists.txt): each script embeds the WASM once, as bytes, and the image view's Web Worker
// script (web/src/worker/image-worker.js, bundled first and embedded in each script as text) carries
// only the loader: the page posts it the module it compiled.
// CONVT_NO_MINIFY=1 keeps names and lines readable (stack traces, profiles).
import * as esbuild from 'esbuild';
import { mkdir, readFile, writeFile, access } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { TRUSTED_TYPES_POLICY } from './src/worker/trusted-types.js';
import { PALETTES, paletteCss } from './src/draw/cell-style.js';

const web = dirname(fileURLToPath(import.meta.url));
const src = join(web, 'src');
const dist = join(web, 'dist');
// The browser build of the module (package.json "imports" #convt-wasm, browser condition).
const coreWasm = join(web, 'lib', 'wasm', 'convt_core.site.wasm');
const katexCss = join(web, '..', 'node_modules', 'katex', 'dist', 'katex.min.css');

try { await access(coreWasm); } catch {
  console.error(`build.mjs: ${coreWasm} is missing; build the WASM core first (npm run build).`);
  process.exit(1);
}

/**
 * The colours as CSS custom properties, from the one table the canvas grids and the SVG figure
 * draw with (draw/cell-style.js): light, dark for a dark scheme, and light on paper (with white
 * panels). `:root` gives them to the full page's own rules; `.cl` to every lab, inside a shadow
 * root too (where `:root` matches nothing, so an embed sets nothing on its host page).
 */
const paletteRules = [
  `:root, .cl { ${paletteCss(PALETTES.light)}; }`,
  `@media (prefers-color-scheme: dark) { :root, .cl { ${paletteCss(PALETTES.dark)}; } }`,
  `@media print { :root, .cl { ${paletteCss({ ...PALETTES.light, panel: PALETTES.light.bg })}; } }`,
].join('\n');

/**
 * The lab's CSS, for the page's <style> and the element's stylesheet alike: KaTeX's CSS without its
 * @font-face rules (they would fetch font files; math.js hands the fonts to the document from
 * bytes instead), the palette, then styles.css, which may override KaTeX.
 */
async function labCss() {
  const katex = (await readFile(katexCss, 'utf8')).replace(/@font-face\{[^}]*\}/g, '');
  if (/url\(/.test(katex)) throw new Error('build.mjs: KaTeX CSS still refers to a file (url(...)) after removing @font-face');
  return `${katex}\n${paletteRules}\n${await readFile(join(src, 'styles.css'), 'utf8')}`;
}
const css = await labCss();
/** `import css from './styles.css'` (element.js) gets the lab's CSS as text. */
const labStyles = {
  name: 'lab-styles',
  setup(b) { b.onLoad({ filter: /[\\/]web[\\/]src[\\/]styles\.css$/ }, () => ({ contents: css, loader: 'text' })); },
};

/** '#convt-wasm' (core.js's import of the module) is the site's loader: `file` in web/src. */
const siteCore = (file) => ({
  name: 'site-core',
  setup(b) { b.onResolve({ filter: /^#convt-wasm$/ }, () => ({ path: join(src, file) })); },
});
/** `import workerSource from 'convt:image-worker-source'` (image-runner.js) gets the worker's script as text. */
const imageWorkerSource = (text) => ({
  name: 'image-worker-source',
  setup(b) {
    b.onResolve({ filter: /^convt:image-worker-source$/ }, () => ({ path: 'image-worker-source', namespace: 'convt' }));
    b.onLoad({ filter: /.*/, namespace: 'convt' }, () => ({ contents: `export default ${JSON.stringify(text)};`, loader: 'js' }));
  },
});

const common = {
  bundle: true,
  format: 'iife',
  platform: 'browser',
  target: ['chrome105', 'firefox110', 'safari16'],
  minify: !process.env.CONVT_NO_MINIFY,
  legalComments: 'none',
  // KaTeX's fonts (math.js), the core, and the network view's autoencoder weights and digits, as bytes
  loader: { '.css': 'text', '.woff2': 'binary', '.wasm': 'binary', '.bin': 'binary' },
  write: false,
  logLevel: 'warning',
};

async function bundle(entry, plugins) {
  const r = await esbuild.build({ ...common, plugins, entryPoints: [join(src, entry)] });
  return r.outputFiles[0].text;
}

/** Make script text safe to put between <script> and </script>. */
function inlineSafe(js) {
  return js.replace(/<\/(script)/gi, '<\\/$1').replace(/<!--/g, '<\\!--');
}

await mkdir(dist, { recursive: true });
const workerJs = await bundle('worker/image-worker.js', [siteCore('worker/core-posted.js')]);
// The worker is sent the compiled module: its script must not carry the WASM (base64 of "\0asm" starts "AGFzbQ").
if (workerJs.includes('AGFzbQ')) throw new Error('build.mjs: the image worker\'s script holds a copy of the WASM');
const sitePlugins = [labStyles, siteCore('worker/core-site.js'), imageWorkerSource(workerJs)];
const [elementJs, pageJs, template, example] = await Promise.all([
  bundle('app/element.js', sitePlugins), bundle('app/page.js', sitePlugins),
  readFile(join(src, 'index.html'), 'utf8'), readFile(join(src, 'course-example.html'), 'utf8'),
]);
const html = template
  .replace('<!--CSS-->', () => `<style>\n${css.replace(/<\/(style)/gi, '<\\/$1')}</style>`)
  .replace('<!--JS-->', () => `<script>${inlineSafe(pageJs)}</script>`);

// A strict Content-Security-Policy for index.html, written into the page as a <meta> (so it holds
// from file:// too) and printed: every inline <script>/<style> allowed by its SHA-256 hash, no
// 'unsafe-inline', no 'unsafe-eval'. 'wasm-unsafe-eval' compiles the core (from bytes in the
// script: no connect-src at all); img-src data: blob: for the favicon and pictures the user opens
// in the image view; worker-src blob: for the image view's worker (its script is in the page, see
// worker/image-runner.js). Trusted Types allow one policy, 'convt-lab', whose only use is turning that
// worker's own blob: URL into a script URL; any string reaching an HTML sink (innerHTML, ...) throws.
const sha = (text) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
const inline = (tag) => [...html.matchAll(new RegExp(`<${tag}>([\\s\\S]*?)</${tag}>`, 'g'))].map((m) => sha(m[1]));
const pagePolicy = [
  "default-src 'none'", `script-src ${inline('script').join(' ')} 'wasm-unsafe-eval'`, `style-src ${inline('style').join(' ')}`,
  'img-src data: blob:', 'worker-src blob:', "base-uri 'none'", "form-action 'none'", "object-src 'none'",
  "require-trusted-types-for 'script'", `trusted-types ${TRUSTED_TYPES_POLICY}`,
].join('; ');
const page = html.replace('<!--CSP-->', () => `<meta http-equiv="Content-Security-Policy" content="${pagePolicy}">`);
await Promise.all([
  writeFile(join(dist, 'convt-lab.js'), elementJs),
  writeFile(join(dist, 'index.html'), page),
  writeFile(join(dist, 'course-example.html'), example),
]);
const kb = (s) => `${(Buffer.byteLength(s) / 1024).toFixed(0)} KiB`;
console.log(`web/dist: index.html ${kb(page)}, convt-lab.js ${kb(elementJs)} (of which the image view's worker script ${kb(workerJs)}), course-example.html`);
console.log(`index.html Content-Security-Policy (also in its <meta>): ${pagePolicy.replace(/'sha256-[^']{12}[^']*'/g, (h) => `${h.slice(0, 20)}…'`)}`);
