// The documentation holds together: README.md is a front page (at most 250 lines, a link to every
// file in docs/), every relative link in README.md and docs/*.md leads to a file and every
// #fragment to a heading of it (GitHub's anchors), no tracked file cites a file outside the
// repository, and every citation of a doc section in a tracked file, `docs/<file>.md, "<Heading>"`
// (or `README, "<Heading>"`), names a heading that exists. Each checker is first run on small made-up texts that break its rule,
// so a checker that finds nothing cannot pass unnoticed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const DOCS = join(ROOT, 'docs');
const README_MAX_LINES = 250;
const TIMEOUT = { timeout: 60_000 };

// What no tracked file may mention: the early notes that docs/design.md and docs/toolchain.md
// replace, the shared folder beside a checkout, and the machine's work path. Written in pieces so
// that this file does not hold the names it looks for.
const OUTSIDE_FILES = [['DESIGN', '.md'], ['TOOLCHAIN', '.md'], ['..', '/shared'], ['/wo', 'rk/']].map((p) => p.join(''));

// ---- Markdown, as GitHub reads it (the parts these checks need) ------------------------------------

/** The lines of a Markdown text outside fenced code blocks, with their line numbers (1-based). */
function proseLines(text) {
  const out = [];
  let fence = null;
  text.split('\n').forEach((line, i) => {
    const m = /^ {0,3}(`{3,}|~{3,})(.*)$/.exec(line);
    if (fence) {
      // a fence closes with the same character, at least as many, and nothing after it
      if (m && m[1][0] === fence[0] && m[1].length >= fence.length && m[2].trim() === '') fence = null;
      return;
    }
    if (m) { fence = m[1]; return; }
    out.push({ line, number: i + 1 });
  });
  return out;
}

/**
 * The visible text of a heading: inline code as it is, links reduced to their text, emphasis marks
 * dropped (`_` only at word edges: `f32_gemm` is not emphasis).
 */
function headingText(raw) {
  return raw.split(/(`[^`]*`)/).map((part, i) => (i % 2 ? part.slice(1, -1) : part
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\*\*(\S(?:.*?\S)?)\*\*|\*(\S(?:.*?\S)?)\*/g, '$1$2')
    .replace(/(^|\W)__?(\S(?:.*?\S)?)__?(?=\W|$)/g, '$1$2')))
    .join('')
    .replace(/\s+/g, ' ')
    .trim();
}

/** GitHub's anchor for a heading's text (github-slugger): lower case, punctuation dropped, spaces to '-'. */
function slug(text) {
  return headingText(text).toLowerCase().replace(/[^\p{L}\p{M}\p{N}\p{Pc}\- ]/gu, '').replace(/ /g, '-');
}

/** The ATX headings of a Markdown text: [{ text, anchor, number }], anchors made unique as GitHub does (-1, -2, ...). */
function headings(text) {
  const seen = new Map();
  const out = [];
  for (const { line, number } of proseLines(text)) {
    const m = /^ {0,3}#{1,6}[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$/.exec(line);
    if (!m) continue;
    const base = slug(m[1]);
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    out.push({ text: headingText(m[1]), anchor: n ? `${base}-${n}` : base, number });
  }
  return out;
}

/** The link targets of a Markdown text outside code: inline links and images, reference definitions, href/src. */
function links(text) {
  const out = [];
  for (const { line, number } of proseLines(text)) {
    const prose = line.replace(/(`+)[\s\S]*?\1/g, '');
    for (const m of prose.matchAll(/\]\(\s*<?([^)\s>]*)>?(?:\s+"[^"]*")?\s*\)/g)) out.push({ target: m[1], number });
    for (const m of prose.matchAll(/^ {0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)/g)) out.push({ target: m[1], number });
    for (const m of prose.matchAll(/\b(?:href|src)="([^"]*)"/g)) out.push({ target: m[1], number });
  }
  return out;
}

const isRelative = (target) => target !== '' && !/^[a-z][a-z0-9+.-]*:/i.test(target) && !target.startsWith('//');

/**
 * Problems with the relative links of one Markdown file: [string]. `read(path)` returns a file's text
 * or null when it does not exist; `exists(path)` says whether a path is a file or folder.
 */
function linkProblems(path, text, { read, exists }) {
  const problems = [];
  const here = relative(ROOT, path);
  for (const { target, number } of links(text)) {
    if (!isRelative(target) && !target.startsWith('#')) continue;
    const [rawPath, fragment = null] = target.split('#');
    const filePart = decodeURIComponent(rawPath.split('?')[0]);
    const goal = filePart ? resolve(dirname(path), filePart) : path;
    const where = `${here}:${number}: ${target}`;
    if (!goal.startsWith(ROOT + sep) && goal !== ROOT) { problems.push(`${where}: leads outside the repository`); continue; }
    if (!exists(goal)) { problems.push(`${where}: no such file`); continue; }
    if (fragment === null || !goal.endsWith('.md')) continue;
    const anchors = headings(read(goal)).map((h) => h.anchor);
    if (!anchors.includes(decodeURIComponent(fragment).toLowerCase())) {
      problems.push(`${where}: no heading with the anchor #${fragment} in ${relative(ROOT, goal)}`);
    }
  }
  return problems;
}

/**
 * Citations of a doc section in a text: `docs/<file>.md, "<Heading>"` (the heading may be wrapped
 * onto a comment's next line) and `README, "<Heading>"`. Returns [{ file, heading, number }].
 */
function citations(text) {
  const out = [];
  const lineOf = (index) => text.slice(0, index).split('\n').length;
  const unwrap = (s) => s.replace(/\s*\n\s*(?:\/\/+|#+|\*+|--|;+)?\s*/g, ' ').trim();
  for (const m of text.matchAll(/\bdocs\/([\w.-]+\.md),\s*"([^"\n]+(?:\n[^"\n]+)?)"/g)) {
    out.push({ file: `docs/${m[1]}`, heading: unwrap(m[2]), number: lineOf(m.index) });
  }
  for (const m of text.matchAll(/\bREADME(?:\.md)?(?:'s)?[,:]?\s*\(?"([^"\n]+)"/g)) {
    out.push({ file: 'README.md', heading: unwrap(m[1]), number: lineOf(m.index) });
  }
  return out;
}

/** Problems with the citations of one tracked file: [string]. `read(path)` gives a doc's text or null. */
function citationProblems(name, text, read) {
  const problems = [];
  for (const { file, heading, number } of citations(text)) {
    const doc = read(join(ROOT, file));
    if (doc === null) { problems.push(`${name}:${number}: cites ${file}, which does not exist`); continue; }
    if (!headings(doc).some((h) => h.text === heading)) {
      problems.push(`${name}:${number}: cites ${file}, "${heading}", which is not a heading of ${file}`);
    }
  }
  return problems;
}

/** Problems with a tracked file that mentions a file outside the repository: [string]. */
function outsideProblems(name, text) {
  const problems = [];
  text.split('\n').forEach((line, i) => {
    for (const word of OUTSIDE_FILES) if (line.includes(word)) problems.push(`${name}:${i + 1}: mentions ${word}`);
  });
  return problems;
}

// ---- the repository --------------------------------------------------------------------------------

const readOrNull = (path) => (existsSync(path) && statSync(path).isFile() ? readFileSync(path, 'utf8') : null);
const fs = { read: readOrNull, exists: existsSync };
const docFiles = (dir = DOCS) => readdirSync(dir, { withFileTypes: true })
  .flatMap((e) => (e.isDirectory() ? docFiles(join(dir, e.name)) : [join(dir, e.name)]));
const markdownFiles = () => [join(ROOT, 'README.md'), ...docFiles().filter((f) => f.endsWith('.md'))];

/** The tracked files (git ls-files) with their text; binary files (a NUL byte) are left out. */
function trackedTexts() {
  let names;
  try {
    names = execFileSync('git', ['ls-files', '-z'], { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 }).split('\0').filter(Boolean);
  } catch (e) {
    throw new Error(`these checks read the tracked files with \`git ls-files\`, which failed (not a git checkout?): ${e.message}`);
  }
  return names.flatMap((name) => {
    const path = join(ROOT, name);
    if (!existsSync(path)) return []; // deleted in the work tree, not yet committed
    const bytes = readFileSync(path);
    return bytes.includes(0) ? [] : [{ name, text: bytes.toString('utf8') }];
  });
}

const report = (problems) => `${problems.length} problem(s):\n  ${problems.join('\n  ')}`;

// ---- the checkers catch what they are for -------------------------------------------------------

test('the checkers: GitHub anchors, broken links and fragments, citations and outside files are caught', TIMEOUT, () => {
  // anchors as GitHub makes them
  assert.equal(slug("The image view's Web Worker"), 'the-image-views-web-worker');
  assert.equal(slug("`padding: 'same' | 'valid'`"), 'padding-same--valid');
  assert.equal(slug('The JS <-> WASM seam'), 'the-js---wasm-seam');
  assert.equal(slug('What `npm test` runs'), 'what-npm-test-runs');
  assert.equal(slug('Winograd F(2x2, 3x3)'), 'winograd-f2x2-3x3');
  assert.equal(slug('The *short* `f32_gemm_4x8` and **bold** f32_rowconv_CxP'), 'the-short-f32_gemm_4x8-and-bold-f32_rowconv_cxp');
  assert.deepEqual(headings('# A\n## A\n```\n# not a heading\n```\n### A\n').map((h) => h.anchor), ['a', 'a-1', 'a-2']);

  const page = join(DOCS, 'made-up.md');
  const other = join(DOCS, 'other.md');
  const files = new Map([[page, '# Made up\n\n## Known heading\n'], [other, '# Other\n']]);
  const fake = { read: (p) => files.get(p) ?? null, exists: (p) => files.has(p) };
  const text = [
    '[ok](other.md) [ok](#known-heading) [ok](https://example.org/x.md)',
    '[missing file](nothing.md)',
    '[missing heading](other.md#no-such-heading)',
    '![missing picture](figure.png)',
    '[outside](../../../elsewhere.md)',
    '```', '[inside a code block](nowhere.md)', '```',
    'and `[inline code](nowhere.md)` is not a link',
  ].join('\n');
  const problems = linkProblems(page, text, fake);
  assert.deepEqual(problems.map((p) => p.split(': ')[0].replace(/^docs[/\\]made-up\.md:/, '')), ['2', '3', '4', '5'], report(problems));
  assert.match(problems[1], /no heading with the anchor #no-such-heading/);

  const code = '// see docs/other.md, "Other" and docs/other.md, "Gone"\n# docs/made-up.md, "Known\n# heading"\n// README, "Speed"';
  const cited = citationProblems('x.cpp', code, (p) => files.get(p) ?? (p.endsWith('README.md') ? '# ConvT Lab\n' : null));
  assert.deepEqual(cited.map((p) => p.replace(/,.*/, '')), ['x.cpp:1: cites docs/other.md', 'x.cpp:4: cites README.md'], report(cited));

  const outside = outsideProblems('y.js', ['ok: docs/design.md', OUTSIDE_FILES[0], `x ${OUTSIDE_FILES[2]}/seed`].join('\n'));
  assert.deepEqual(outside.map((p) => p.split(': ')[0]), ['y.js:2', 'y.js:3'], report(outside));
});

// ---- the repository's docs ------------------------------------------------------------------------

test(`README.md is a front page: at most ${README_MAX_LINES} lines, and it links every file in docs/`, TIMEOUT, () => {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const lines = readme.replace(/\n$/, '').split('\n').length;
  assert.ok(lines <= README_MAX_LINES, `README.md has ${lines} lines`);
  const linked = new Set(links(readme).filter((l) => isRelative(l.target))
    .map((l) => resolve(ROOT, decodeURIComponent(l.target.split('#')[0]))));
  const docs = docFiles();
  assert.ok(docs.length > 0, 'docs/ holds files');
  const unlinked = docs.filter((f) => !linked.has(f)).map((f) => relative(ROOT, f));
  assert.deepEqual(unlinked, [], 'files in docs/ that README.md does not link');
});

test('every relative link in README.md and docs/*.md leads to a file, and every #fragment to a heading', TIMEOUT, () => {
  const problems = markdownFiles().flatMap((f) => linkProblems(f, readFileSync(f, 'utf8'), fs));
  assert.ok(problems.length === 0, report(problems));
});

test('the repository stands alone: no tracked file mentions a file outside it', TIMEOUT, () => {
  const problems = trackedTexts().flatMap(({ name, text }) => outsideProblems(name, text));
  assert.ok(problems.length === 0, report(problems));
});

test('every citation of a doc section in a tracked file, docs/<file>.md, "<Heading>", names a heading of that file', TIMEOUT, () => {
  // (this file is left out: its own checks of the checkers hold made-up citations on purpose)
  const problems = trackedTexts().filter(({ name }) => name !== 'tests/node/docs.test.mjs').flatMap(({ name, text }) => citationProblems(name, text, readOrNull));
  assert.ok(problems.length === 0, report(problems));
});
