// The exported figure (web/src/figure.js) for every PyTorch shape case in both modes, without a
// browser: one rect per cell in each of the four grids, every cell's kind as the model says,
// well-formed tags (no attribute twice, no NaN or undefined anywhere), and the GIF's frame plan.
// tests/browser/export.test.mjs parses the classic case's figure as XML and checks its pixels.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { loadCore } from '../../web/lib/core.js';
import { compute, stuffedKind, MAX_DRAWN_CELLS } from '../../web/src/model/compute.js';
import { highlights } from '../../web/src/model/highlights.js';
import { figureSvg, exportName } from '../../web/src/draw/figure.js';
import { gifSteps, MAX_GIF_FRAMES } from '../../web/src/draw/gif.js';
import { makeT } from '../../web/src/i18n/strings.js';

const core = await loadCore();
const { cases } = JSON.parse(readFileSync(new URL('../fixtures/shape_cases.json', import.meta.url), 'utf8'));

/** Every start tag of an XML text, with its attribute names; fails on a name given twice. */
function checkTags(svg, id) {
  for (const m of svg.matchAll(/<([a-zA-Z]+)((?:\s+[\w:-]+="[^"<]*")*)\s*\/?>/g)) {
    const names = [...m[2].matchAll(/([\w:-]+)="/g)].map((a) => a[1]);
    assert.equal(new Set(names).size, names.length, `${id}: <${m[1]}> repeats an attribute: ${names}`);
  }
  const opened = (svg.match(/<(g|svg|defs|pattern|text|title|desc)\b/g) || []).length;
  const closed = (svg.match(/<\/(g|svg|defs|pattern|text|title|desc)>/g) || []).length;
  assert.equal(opened, closed, `${id}: elements opened and closed`);
  assert.doesNotMatch(svg, /NaN|undefined|Infinity|\[object/, `${id}: a number went wrong`);
}

test('figure of every shape case, both modes: four grids, one rect per cell, kinds, well-formed', () => {
  let drawn = 0, refused = 0, capped = 0;
  for (const lang of ['en', 'ko']) {
    const tr = makeT(lang);
    for (const [k, c] of cases.entries()) {
      if (lang === 'ko' && k % 7) continue; // Korean on every 7th case: same layout, other text
      for (const mode of ['conv', 'convT']) {
        const params = { mode, size: c.size, kernelSize: c.kernelSize, stride: c.stride, padding: c.padding, dilation: c.dilation, outputPadding: c.outputPadding };
        const id = `${lang} ${mode} ${exportName(params, 'svg')}`;
        // the model refuses exactly what PyTorch refuses (in PyTorch's words), and besides only what
        // is over the page's drawing cap
        let st = null, err = null;
        try { st = compute(core, params); } catch (e) { err = e; }
        if (c[mode].error) {
          assert.ok(err, `${id}: PyTorch refuses it (${c[mode].error}), the model drew it`);
          assert.ok(err.message.includes(c[mode].error), `${id}: ${err.message} is not PyTorch's ${c[mode].error}`);
          refused++;
          continue;
        }
        if (err) {
          assert.match(String(err.code), /^errTooBigConvT?$/, `${id}: PyTorch gives ${c[mode].out}, the model refused it: ${err.message}`);
          assert.ok(err.args[0] > MAX_DRAWN_CELLS, `${id}: refused with ${err.args[0]} cells`);
          capped++;
          continue;
        }
        const ex = st.ex;
        assert.deepEqual([ex.output.rows, ex.output.cols], c[mode].out, `${id}: output size`);
        const fig = figureSvg({ state: st, highlights: highlights(st, { grid: 'output', index: 0 }) }, { tr, dark: k % 2 === 1 });
        checkTags(fig.svg, id);
        assert.match(fig.svg, new RegExp(`viewBox="0 0 ${fig.width} ${fig.height}"`));
        const names = [...fig.svg.matchAll(/<g data-grid="(\w+)"/g)].map((m) => m[1]);
        assert.deepEqual(names, ['input', st.conv ? 'kernel' : 'flipped', 'stuffed', 'output'], id);
        const sizes = { input: ex.input, kernel: ex.kernel, flipped: ex.kernel, stuffed: ex.stuffed, output: ex.output };
        for (const name of names) {
          const g = fig.svg.slice(fig.svg.indexOf(`<g data-grid="${name}"`));
          const body = g.slice(0, g.indexOf('<g data-role="highlight">'));
          const kinds = [...body.matchAll(/<rect class="cell" data-kind="(\w+)"/g)].map((m) => m[1]);
          assert.equal(kinds.length, sizes[name].rows * sizes[name].cols, `${id}: ${name} cells`);
          if (name === 'stuffed') assert.deepEqual(kinds, kinds.map((_, i) => stuffedKind(ex, i)), `${id}: stuffed kinds`);
        }
        drawn++;
      }
    }
  }
  assert.ok(drawn > 500 && refused > 50, `figures drawn: ${drawn}, refused as PyTorch does: ${refused}, over the drawing cap: ${capped}`);
});

test('file names state the parameters; hostile-looking text cannot break out of the SVG', () => {
  const P = { mode: 'convT', size: [4, 4], kernelSize: [3, 3], stride: [2, 2], padding: [1, 1], dilation: [1, 1], outputPadding: [0, 0] };
  assert.equal(exportName(P, 'svg'), 'convT_4x4_k3_s2_p1.svg');
  assert.equal(exportName({ ...P, mode: 'conv', size: [3, 5], kernelSize: [3, 2], dilation: [2, 2], outputPadding: [1, 0] }, 'gif'), 'conv_3x5_k3x2_s2_p1_d2_op1x0.gif');
  const st = compute(core, P);
  const tr = (key, ...a) => (key === 'titleInput' ? `</text><script>x</script>"'&${a}` : makeT('en')(key, ...a));
  const { svg } = figureSvg({ state: st, highlights: null }, { tr });
  assert.doesNotMatch(svg, /<script/);
  assert.match(svg, /&lt;\/text&gt;&lt;script&gt;x&lt;\/script&gt;&quot;'&amp;4×4/);
  checkTags(svg, 'hostile title');
});

test('GIF frames: every output cell up to the cap, then every k-th and the last', () => {
  assert.deepEqual(gifSteps(1), [0]);
  assert.deepEqual(gifSteps(49), Array.from({ length: 49 }, (_, i) => i));
  assert.equal(gifSteps(MAX_GIF_FRAMES).length, MAX_GIF_FRAMES);
  for (const n of [MAX_GIF_FRAMES + 1, 256, 1000, MAX_DRAWN_CELLS]) {
    const s = gifSteps(n);
    assert.ok(s.length <= MAX_GIF_FRAMES + 1, `${n}: ${s.length} frames`);
    assert.equal(s[0], 0); assert.equal(s[s.length - 1], n - 1);
    for (let i = 1; i < s.length; i++) assert.ok(s[i] > s[i - 1]);
  }
});

test('GIF layers: the base and a step\'s layer hold exactly the elements of that step\'s whole figure', () => {
  const tr = makeT('en');
  // every element of an SVG text, as a multiset (tag text -> count)
  const elements = (svg) => {
    const m = new Map();
    for (const e of svg.match(/<[^>]+>[^<]*/g)) m.set(e, (m.get(e) || 0) + 1);
    return m;
  };
  const shape = [
    { mode: 'convT', size: [4, 4], kernelSize: [3, 3], stride: [2, 2], padding: [1, 1], dilation: [1, 1], outputPadding: [0, 0] },
    { mode: 'conv', size: [8, 8], kernelSize: [3, 3], stride: [2, 2], padding: [1, 1], dilation: [1, 1], outputPadding: [0, 0] },
    { mode: 'convT', size: [5, 5], kernelSize: [7, 7], stride: [3, 3], padding: [1, 1], dilation: [5, 5], outputPadding: [0, 0] }, // heatmap cells
  ];
  for (const params of shape) {
    const st = compute(core, params);
    const n = st.ex.output.rows * st.ex.output.cols;
    for (const k of [0, Math.floor(n / 2), n - 1]) {
      const fig = { state: st, highlights: highlights(st, { grid: 'output', index: k }), blankAfter: k, caption: `step ${k}` };
      const all = elements(figureSvg(fig, { tr, layer: 'all' }).svg);
      const base = figureSvg(fig, { tr, layer: 'base' }), step = figureSvg(fig, { tr, layer: 'step' });
      checkTags(base.svg, 'base'); checkTags(step.svg, 'step');
      // base + step - all: only what both layers repeat (the document and group wrappers) and the
      // base's blank output cells under the step's filled ones (k + 1 of them)
      const rest = elements(base.svg);
      for (const [e, c] of elements(step.svg)) rest.set(e, (rest.get(e) || 0) + c);
      for (const [e, c] of all) {
        assert.ok((rest.get(e) || 0) >= c, `${exportName(params, 'gif')} step ${k}: ${e.slice(0, 80)} missing from the layers`);
        rest.set(e, rest.get(e) - c);
      }
      let blankUnder = 0;
      for (const [e, c] of rest) {
        if (!c) continue;
        if (/^<rect class="cell" data-kind="plain"/.test(e)) { blankUnder += c; continue; }
        assert.match(e, /^<(\?xml|svg|\/svg|g |\/g)/, `${exportName(params, 'gif')} step ${k}: ${e.slice(0, 80)} drawn twice`);
      }
      assert.equal(blankUnder, k + 1, `${exportName(params, 'gif')} step ${k}: blank cells under the step's`);
      assert.deepEqual([step.width, step.height], [base.width, base.height]);
    }
  }
});
