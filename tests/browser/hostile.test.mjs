// The page and the element under hostile input: script and markup injection, template syntax,
// javascript: URLs, absurd numbers, HxW abuse, unicode (RTL overrides, NUL, zero-width, fullwidth
// digits, emoji), very long strings, through every URL parameter and every attribute, and hostile
// picture files. Nothing runs, nothing is parsed as HTML, nothing is requested; each bad value is
// refused with a role="alert" message naming its parameter and the last good state stays drawn.
// Plus a grep: the page's source and the built bundles never use an HTML sink or eval.
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { test, browserSuite, distUrl, readHooks, ready, settled, scanForMarkup, ROOT, DIST, HEAD, MAX_DRAWN_CELLS } from './support.mjs';

const PAIRS = ['size', 'kernel_size', 'stride', 'padding', 'dilation', 'output_padding'];
const NAMES = ['mode', ...PAIRS, 'view', 'lang'];
const INJECTIONS = [
  '<img src=x onerror="window.__pwned=1">',
  '"><script>window.__pwned=2</script>',
  "'><svg/onload=window.__pwned=3>",
  'javascript:window.__pwned=4',
  '{{constructor.constructor("window.__pwned=5")()}}',
  '${window.__pwned=6}',
  '<iframe srcdoc="<script>parent.__pwned=7</script>"></iframe>',
  '</style></template><script>window.__pwned=8</script>',
  '<math><mtext><table><mglyph><style><img src=x onerror=window.__pwned=9>',
  '&lt;b&gt;&#60;img&#62;', '%3Cscript%3Ewindow.__pwned=10%3C/script%3E',
];
const NUMBERS = ['NaN', 'Infinity', '-Infinity', '-1', '1e9', '1000000000', String(2 ** 53), String(2 ** 53 + 1), '3.5', '0.5', '1/2', '+3', '0x1g', '-0', '3x', 'x3', '3x3x3', '3xx3', 'x', '×', '3x-1', '3x3.5', ''];
const UNICODE = ['３', '٣', '3\u200b', '\u202egnp.3', '\u2066\u202e3x3', '\u0000', '3\u00003', '😀', '\ud800', 'A'.repeat(10000), '9'.repeat(5000)];
/** Values the parser accepts as HxW for a pair parameter: the core then decides (0, 999999999, 0x5 ...). */
const PARSEABLE = ['0', '999999999', '0x5', '0x10', '5x0', '65536', '4096x1', '03', ' 7 ', '1x999999999'];
const HOSTILE = [...INJECTIONS, ...NUMBERS, ...UNICODE];

const suite = browserSuite({ pages: {
  '/h.html': `${HEAD}<convt-lab id="lab" mode="conv" size="6x5" kernel_size="3" stride="2" padding="1" lang="en"></convt-lab><script src="/convt-lab.js"></script>`,
} });

/** Percent-encode text as UTF-8 without throwing on lone surrogates (they become U+FFFD, as a browser would send). */
const enc = (s) => encodeURIComponent(s.toWellFormed ? s.toWellFormed() : s.replace(/[\ud800-\udfff]/g, '\ufffd'));

/** A trapped page that may request only the built page (file://) or the served test page and the element. */
const open = (t, target = null) => suite.open(t, target, { trap: true, allow: [distUrl('index.html'), suite.url('/h.html'), suite.url('/convt-lab.js')] });

function readState(page, sel = null) {
  return page.evaluate((s) => {
    const scope = s ? document.querySelector(s).shadowRoot : document;
    const g = (n) => { const e = scope.querySelector(`[data-grid="${n}"]`); return e ? `${e.dataset.rows}x${e.dataset.cols}` : null; };
    const alert = scope.querySelector('[role="alert"]');
    return {
      sizes: ['input', 'kernel', 'stuffed', 'output'].map(g).join(' '),
      cells: (() => { const g = scope.querySelector('[data-grid="output"]'); return g ? Number(g.dataset.rows) * Number(g.dataset.cols) : 0; })(),
      alert: alert && !alert.hidden ? alert.textContent : '',
      ready: scope.querySelector('.cl').dataset.ready,
      alertHtml: alert ? alert.innerHTML : '',
      pwned: window.__trap.pwned.length, dialogs: window.__trap.dialogs.length,
    };
  }, sel);
}

test('hostile values in every URL parameter at once: all refused by name, nothing runs, nothing is requested', async (t) => {
  const { page, problems } = await open(t);
  const base = distUrl('index.html');
  let loads = 0;
  // every injection and unicode value, and a spread of the numbers (the attribute test takes them all)
  for (const v of [...INJECTIONS, ...UNICODE, ...NUMBERS.filter((_, i) => i % 2 === 0), ...PARSEABLE.slice(0, 4)]) {
    const q = NAMES.map((n) => `${n}=${enc(v)}`).join('&');
    await page.goto(`${base}?${q}#${enc('<img src=x onerror=window.__pwned=11>')}`);
    await settled(page);
    loads++;
    const st = await readState(page);
    const where = `value ${JSON.stringify(v.slice(0, 40))}`;
    assert.equal(st.pwned, 0, `${where}: a payload ran`);
    assert.equal(st.dialogs, 0, `${where}: a dialog opened`);
    assert.deepEqual(await scanForMarkup(page), [], `${where}: markup was parsed`);
    // mode and view never accept these; lang does not either (blank lang is simply no choice)
    for (const n of ['mode', 'view', ...(v.trim() ? ['lang'] : [])]) assert.ok(st.alert.includes(`${n}:`), `${where}: alert names ${n}: ${st.alert.slice(0, 300)}`);
    if (!PARSEABLE.includes(v)) for (const n of PAIRS) assert.ok(st.alert.includes(`${n}:`), `${where}: alert names ${n}`);
    else assert.ok(PAIRS.some((n) => st.alert.includes(n)), `${where}: the core's refusal names a parameter: ${st.alert}`);
    assert.equal(st.alertHtml.includes('<img') || st.alertHtml.includes('<script') || st.alertHtml.includes('<svg'), false, `${where}: alert holds text only`);
    const search = new URL(page.url()).search;
    if (!PARSEABLE.includes(v)) {
      // text that is no number falls back to the default for its parameter: the default example is drawn,
      // and the URL holds the state drawn, none of the hostile text
      assert.equal(st.sizes, '4x4 3x3 9x9 7x7', `${where}: the default example is drawn`);
      assert.match(search, /^\?mode=convT&size=4&kernel_size=3&stride=2&padding=1&dilation=1&output_padding=0$/, `${where}: URL rewritten to the drawn state`);
    } else {
      // numbers the core refuses are kept as the user gave them (nothing is drawn in their place)
      assert.equal(st.ready, 'false', `${where}: nothing drawn`);
      assert.match(search, new RegExp(`^\\?mode=convT&size=${v}&kernel_size=${v}&stride=${v}&`), `${where}: the numbers are kept in the URL`);
    }
  }
  // odd keys and duplicates: the first value of each known name counts, the rest is ignored
  await page.goto(`${base}?size=3&size=${enc('<b>x</b>')}&__proto__=1&constructor=2&toString=3&hasOwnProperty=4&mode=conv&kernel_size=3`);
  await ready(page);
  const st = await readState(page);
  assert.equal(st.alert, '');
  assert.equal(st.sizes, '3x3 3x3 5x5 2x2'); // conv of 3x3 with the default k=3, s=2, p=1
  assert.deepEqual(problems, []);
  assert.ok(loads >= 35);
});

test('one hostile URL parameter at a time: only that parameter is refused, the others are kept', async (t) => {
  const { page, problems } = await open(t);
  // values that are valid for a parameter in convT mode with the other defaults (no alert expected)
  const VALID = { padding: ['0'], output_padding: ['0'] };
  for (const name of ['mode', ...PAIRS]) {
    for (const value of [INJECTIONS[0], 'NaN', '0', '99999x99999']) {
      const q = `${name}=${enc(value)}&view=sizes`;
      await page.goto(distUrl('index.html', q));
      await settled(page);
      const h = await readHooks(page);
      assert.equal(await page.evaluate(() => window.__trap.pwned.length), 0, `${q}: script ran`);
      if ((VALID[name] || []).includes(value)) assert.equal(h.alert, '', `${q}: valid`);
      // an unparseable value is refused by the parser, naming it; a parseable absurd size by the core, naming a parameter
      else if (name !== 'mode' && (PARSEABLE.includes(value) || /^\d+x\d+$/.test(value))) assert.ok(PAIRS.some((n) => h.alert.includes(`${n}:`)), `${q}: the core's refusal names a parameter: ${h.alert}`);
      else assert.ok(h.alert.includes(`${name}:`), `${q}: the alert names ${name}: ${h.alert}`);
      // drawn (the parameter fell back, or was valid), or refused by the core with the number kept
      const drawn = await page.locator('.cl').getAttribute('data-ready') === 'true';
      if (drawn) for (const g of ['input', 'kernel', 'stuffed', 'output']) assert.ok(h[g] && h[g][0] >= 1 && h[g][1] >= 1, `${q}: ${g} drawn`);
      else assert.equal(new URL(page.url()).searchParams.get(name), value.replace(/^(\d+)x\1$/, '$1'), `${q}: refused by the core, kept in the URL (HxH written as H)`);
      assert.doesNotMatch(decodeURIComponent(new URL(page.url()).search), /[<>"]/, `${q}: URL cleaned`);
    }
  }
  assert.deepEqual(await scanForMarkup(page), []);
  assert.deepEqual(problems, []);
});

test('an alert names the parameter and the rule; hostile text is shown as inert text', async (t) => {
  const { page, problems } = await open(t);
  await page.goto(distUrl('index.html', `stride=${encodeURIComponent('<b>bold</b>')}&size=1000000000`));
  await ready(page);
  const alert = page.locator('[role="alert"]');
  const text = await alert.textContent();
  assert.match(text, /stride/);
  assert.match(text, /<b>bold<\/b>/); // shown literally
  assert.equal(await alert.locator('b').count(), 0);
  assert.match(text, /size/);
  assert.deepEqual((await readHooks(page)).output, [7, 7]); // defaults for the refused parameters
  // a valid combination of individually valid numbers that PyTorch refuses: kernel larger than padded input
  await page.goto(distUrl('index.html', 'mode=conv&size=2&kernel_size=5'));
  await settled(page);
  assert.match(await alert.textContent(), /[Kk]ernel/);
  // absurd but parseable: a huge stride that would need a gigantic grid
  await page.goto(distUrl('index.html', 'mode=convT&size=64&stride=64'));
  await settled(page);
  assert.notEqual((await alert.textContent()).trim(), '');
  assert.deepEqual(problems, []);
});

test('hostile values in every attribute of <convt-lab>: refused by name, the last good state stays drawn', async (t) => {
  const { page, problems } = await open(t, suite.url('/h.html'));
  await ready(page, '#lab');
  const GOOD = { mode: 'conv', size: '6x5', kernel_size: '3', stride: '2', padding: '1', dilation: '1', output_padding: '0', view: 'sizes', lang: 'en' };
  const results = await page.evaluate(async ({ names, values, parseable, good }) => {
    const el = document.getElementById('lab');
    const root = el.shadowRoot;
    const tick = () => new Promise((r) => setTimeout(r, 0));
    const sizes = () => ['input', 'kernel', 'stuffed', 'output'].map((n) => { const g = root.querySelector(`[data-grid="${n}"]`); return `${g.dataset.rows}x${g.dataset.cols}`; }).join(' ');
    const alertText = () => { const a = root.querySelector('[role="alert"]'); return a.hidden ? '' : a.textContent; };
    for (const [k, v] of Object.entries(good)) el.setAttribute(k, v);
    await tick();
    const goodSizes = sizes();
    const out = [];
    for (const name of names) {
      for (const v of [...values, ...(name === 'mode' || name === 'view' || name === 'lang' ? parseable : [])]) {
        el.setAttribute(name, v);
        await tick();
        const a = alertText();
        const s = sizes();
        const ok = a.includes(`${name}:`) && s === goodSizes && el.params.mode === 'conv' && root.querySelector('.cl').dataset.ready === 'true';
        const blankLang = name === 'lang' && !v.trim();
        if (!ok && !blankLang) out.push({ name, v: v.slice(0, 30), a: a.slice(0, 160), s });
      }
      // one valid value again clears the alert and keeps the drawing
      el.setAttribute(name, good[name]);
      await tick();
      if (sizes() !== goodSizes || alertText() !== '') out.push({ name, restore: sizes(), a: alertText().slice(0, 120) });
    }
    // parseable but absurd numbers for each pair parameter: refused by the core or the drawing cap
    // (alert naming a parameter, drawing unchanged), or valid (no alert) - never anything else
    const parsed = [];
    for (const name of names.filter((n) => !['mode', 'view', 'lang'].includes(n))) {
      for (const v of parseable) {
        el.setAttribute(name, v);
        await tick();
        const a = alertText(), s = sizes();
        parsed.push({ name, v, refused: a !== '', namesParam: /size|kernel|stride|padding|dilation|output_padding|cells/i.test(a), same: s === goodSizes,
          cells: Math.max(...[...root.querySelectorAll('[data-grid]')].map((g) => Number(g.dataset.rows) * Number(g.dataset.cols))) });
        el.setAttribute(name, good[name]);
        await tick();
      }
    }
    // a 1 MB attribute value: refused with a short alert, the drawing kept
    el.setAttribute('size', '<img src=x onerror=window.__pwned=12>'.repeat(30000));
    await tick();
    const mega = { alert: alertText().length, names: alertText().includes('size:'), same: sizes() === goodSizes };
    el.setAttribute('size', good.size); await tick();
    return { out, parsed, mega, pwned: window.__trap.pwned, goodSizes };
  }, { names: NAMES, values: HOSTILE, parseable: PARSEABLE, good: GOOD });
  assert.deepEqual(results.out, []);
  assert.deepEqual(results.pwned, []);
  for (const p of results.parsed) {
    if (p.refused) assert.ok(p.namesParam && p.same, `${p.name}=${p.v}: refused by name, drawing kept (${JSON.stringify(p)})`);
    assert.ok(p.cells <= MAX_DRAWN_CELLS, `${p.name}=${p.v}: drawing capped`);
  }
  assert.ok(results.parsed.filter((p) => p.refused).length >= 20);
  assert.deepEqual(results.mega, { alert: results.mega.alert, names: true, same: true }, '1 MB attribute: refused by name, drawing kept');
  assert.ok(results.mega.alert < 400, `1 MB attribute: the alert quotes ${results.mega.alert} characters`);
  assert.deepEqual(await scanForMarkup(page), []);
  assert.deepEqual(problems, []);
});

test('alert text is inert and cannot be reordered: RTL overrides, NUL and zero-width characters are neutralised', async (t) => {
  const { page } = await open(t);
  await page.goto(distUrl('index.html', `stride=${enc('\u202e1x3\u2066<b>')}&padding=${enc('a\u0000b\u200bc')}&size=${enc('😀'.repeat(40))}`));
  await ready(page);
  const text = await page.locator('[role="alert"]').textContent();
  assert.doesNotMatch(text, /[\u0000\u200b\u202a-\u202e\u2066-\u2069]/);
  assert.match(text, /stride: “\?1x3\?<b>”/);
  assert.match(text, /padding: “a\?b\?c”/);
  assert.match(text, /size: “(😀){24}…”/); // cut by characters, never inside a surrogate pair
  assert.equal(await page.locator('[role="alert"] b').count(), 0);
});

test('hostile picture files in the image view: an SVG with script, garbage, an empty file, a huge name', async (t) => {
  const { page, problems } = await open(t);
  await page.goto(distUrl('index.html', 'view=image'));
  await ready(page);
  const svg = '<svg xmlns="http://www.w3.org/2000/svg" width="20" height="20" onload="window.__pwned=20"><script>window.__pwned=21</script><image href="http://127.0.0.1:9/x.png"/><rect width="20" height="20" fill="red"/></svg>';
  const files = [
    { name: '<img src=x onerror=window.__pwned=22>.svg', mimeType: 'image/svg+xml', buffer: Buffer.from(svg) },
    { name: 'garbage.png', mimeType: 'image/png', buffer: Buffer.from(Array.from({ length: 3000 }, (_, i) => (i * 97) & 255)) },
    { name: 'empty.jpg', mimeType: 'image/jpeg', buffer: Buffer.alloc(0) },
    { name: `${'\u202e'.repeat(3)}${'n'.repeat(5000)}.gif`, mimeType: 'image/gif', buffer: Buffer.from('GIF89a') },
  ];
  const input = page.locator('input[type="file"][data-control="image-file"]');
  for (const f of files) {
    await input.setInputFiles(f);
    await page.waitForTimeout(150);
    const st = await page.evaluate(() => ({ pwned: window.__trap.pwned.length, note: document.querySelector('.view-image [aria-live]').textContent, ready: document.querySelector('.cl').dataset.ready }));
    assert.equal(st.pwned, 0, f.name);
    assert.equal(st.ready, 'true');
  }
  assert.deepEqual(await scanForMarkup(page), []);
  assert.deepEqual(problems, []);
});

test('source grep: no HTML sink, eval or Function anywhere in web/src or the built bundles', () => {
  const SINKS = /\b(innerHTML|outerHTML|insertAdjacentHTML|srcdoc|createContextualFragment|setHTMLUnsafe|parseHTMLUnsafe|DOMParser)\b|document\.write|\beval\s*\(|new\s+Function\b|setAttribute\(\s*['"`]on|\.on[a-z]+\s*=\s*['"`]/;
  const srcDir = join(ROOT, 'web', 'src');
  const hits = [];
  const files = readdirSync(srcDir, { recursive: true }).filter((n) => /\.(js|mjs|html)$/.test(n));
  assert.ok(files.length > 20, `web/src: ${files.length} source files found`);
  for (const f of files) {
    readFileSync(join(srcDir, f), 'utf8').split('\n').forEach((line, i) => { if (SINKS.test(line)) hits.push(`web/src/${f}:${i + 1}: ${line.trim().slice(0, 120)}`); });
  }
  assert.deepEqual(hits, []);
  // the bundles (our code + KaTeX + the Emscripten loader) contain none either
  for (const f of ['convt-lab.js', 'index.html']) {
    const text = readFileSync(join(DIST, f), 'utf8');
    const m = /\b(innerHTML|outerHTML|insertAdjacentHTML|document\.write)\b|\beval\(|new Function/.exec(text);
    assert.equal(m, null, `${f}: ${m && text.slice(Math.max(0, m.index - 60), m.index + 60)}`);
  }
  // dom.js, the one place that creates elements, only ever sets text through textContent
  const dom = readFileSync(join(srcDir, 'draw', 'dom.js'), 'utf8');
  assert.match(dom, /el\.textContent = v/);
});
