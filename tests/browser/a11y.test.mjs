// Accessibility: axe-core (injected) on the page and on an embed (axe walks open shadow roots) in
// every view, light and dark: no serious or critical violation. Keyboard: every control reachable
// with Tab, each focused control shows a focus ring, and the lab is operable with keys alone.
// Screen readers: grids are role=grid/row/gridcell and each cell's name holds grid, row, column,
// value (and, in the stuffed grid, its kind). Colour is never the only cue.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { test, browserSuite, distUrl, ready, VIEWS, screenshot, SCREENSHOTS } from './support.mjs';

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const EMBED = '<!doctype html><html lang="en"><meta charset="utf-8"><link rel="icon" href="data:,"><title>A course page</title><body><main><h1>Lecture</h1><p>Text before.</p>' +
  '<convt-lab id="lab" mode="convT" size="4" kernel_size="3" stride="2" padding="1" output_padding="1"></convt-lab><p>Text after.</p></main><script src="/convt-lab.js"></script>';

const suite = browserSuite({ pages: { '/embed.html': EMBED } });

/** Run axe on the document (shadow roots included); returns violations as "impact rule (nodes)". */
async function axe(page, options = {}) {
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) await page.evaluate(AXE);
  const res = await page.evaluate(async (options) => {
    const r = await window.axe.run(document, { resultTypes: ['violations'], ...options });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, n: v.nodes.length, where: v.nodes.slice(0, 2).map((n) => n.target.join(' > ')).join(' | ') }));
  }, options);
  return res;
}

async function selectView(page, view, embed) {
  await page.evaluate(async ({ view, embed }) => {
    const root = embed ? document.getElementById('lab').shadowRoot : document;
    root.querySelector(`[role="tab"][data-tab="${view}"]`).click();
    await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 50)));
  }, { view, embed });
}

for (const embed of [false, true]) {
  test(`axe-core: no serious or critical violation in any view, light and dark (${embed ? 'embed' : 'page'})`, async (t) => {
    const target = embed ? suite.url('/embed.html') : distUrl('index.html', 'mode=conv&size=8&kernel_size=3&stride=2&padding=1');
    const { page, problems } = await suite.open(t, target, { bypassCSP: true });
    await page.waitForFunction((e) => (e ? document.getElementById('lab').shadowRoot : document).querySelector('.cl[data-ready="true"]'), embed);
    const summary = [];
    const bad = [];
    for (const scheme of ['light', 'dark']) {
      await page.emulateMedia({ colorScheme: scheme });
      for (const view of VIEWS) {
        await selectView(page, view, embed);
        // a highlighted cell, so highlight colours are checked too
        await page.evaluate((e) => (e ? document.getElementById('lab').shadowRoot : document).querySelector('[data-grid="output"] .cell').dispatchEvent(new PointerEvent('pointerover', { bubbles: true })), embed);
        // every rule in light; in dark only what depends on the colours (contrast)
        const v = await axe(page, scheme === 'dark' ? { runOnly: ['color-contrast'] } : {});
        summary.push(`${scheme}/${view}: ${v.length ? v.map((x) => `${x.impact} ${x.id} (${x.n})`).join(', ') : 'none'}`);
        for (const x of v) if (x.impact === 'serious' || x.impact === 'critical') bad.push(`${scheme}/${view}: ${x.impact} ${x.id} x${x.n}: ${x.where}`);
      }
    }
    console.log(`# axe ${embed ? 'embed' : 'page'}: ${summary.join('; ')}`);
    assert.deepEqual(bad, []);
    assert.deepEqual(problems, []);
  });
}

/** Tab through the page with the real keyboard; returns a description of each stop and its focus style. */
async function tabThrough(page, max) {
  return page.evaluate(() => { document.activeElement?.blur(); window.getSelection()?.removeAllRanges(); }).then(async () => {
    const stops = [];
    for (let i = 0; i < max; i++) {
      await page.keyboard.press('Tab');
      const s = await page.evaluate(() => {
        let a = document.activeElement;
        while (a && a.shadowRoot && a.shadowRoot.activeElement) a = a.shadowRoot.activeElement;
        if (!a || a === document.body) return null;
        const cs = getComputedStyle(a);
        const ring = (cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) >= 2) || (cs.boxShadow !== 'none' && /\dpx/.test(cs.boxShadow));
        const what = a.getAttribute('role') === 'gridcell' ? `cell:${a.closest('[data-grid]').dataset.grid}` : a.dataset.tab ? `tab:${a.dataset.tab}` : a.dataset.param ? `num:${a.dataset.param}:${a.dataset.axis}` : `${a.tagName.toLowerCase()}${a.type ? `:${a.type}` : ''}${a.className ? `.${String(a.className).split(' ')[0]}` : ''}`;
        return { what, ring, focusVisible: a.matches(':focus-visible'), label: a.getAttribute('aria-label') || a.labels?.[0]?.textContent || a.textContent.slice(0, 30) };
      });
      if (!s) break;
      if (stops.length && s.what === stops[0].what && s.label === stops[0].label) break;
      stops.push(s);
    }
    return stops;
  });
}

for (const embed of [false, true]) {
  test(`keyboard: every control reachable with Tab, each with a visible focus ring, and operable by keys (${embed ? 'embed' : 'page'})`, async (t) => {
    const { page } = await suite.open(t, embed ? suite.url('/embed.html') : distUrl('index.html', 'mode=convT&size=4&kernel_size=3&stride=2&padding=1'));
    const scope = embed ? page.locator('#lab') : page;
    await scope.locator('.cl[data-ready="true"]').waitFor({ state: 'attached' });
    const stops = await tabThrough(page, 80);
    const kinds = new Set(stops.map((s) => s.what));
    for (const k of ['input:radio', 'input:checkbox', 'num:size:h', 'num:output_padding:h', 'select:select-one', 'button:button', 'tab:sizes', 'cell:input', 'cell:kernel', 'cell:flipped', 'cell:stuffed', 'cell:output', 'cell:roundtrip', 'button:button.step-next', 'button:button.copy']) {
      assert.ok([...kinds].some((x) => x.startsWith(k)), `${k} reachable by Tab (stops: ${[...kinds].join(' ')})`);
    }
    const noRing = stops.filter((s) => !s.ring);
    assert.deepEqual(noRing, [], 'every focused control shows a focus ring');
    // only one stop per grid and per tab list (roving tabindex), so the page stays quick to cross
    assert.equal(stops.filter((s) => s.what === 'cell:output').length, 1);
    assert.equal(stops.filter((s) => s.what.startsWith('tab:')).length, 1);

    // operate with keys alone
    const focusStop = async (pred) => { for (let i = 0; i < 90; i++) { await page.keyboard.press('Tab'); if (await page.evaluate(pred)) return; } throw new Error(`not reached: ${pred}`); };
    const deep = `let a = document.activeElement; while (a && a.shadowRoot && a.shadowRoot.activeElement) a = a.shadowRoot.activeElement;`;
    const read = (sel, attr) => scope.locator(sel).first().getAttribute(attr);
    // an input cell: type a value
    await focusStop(new Function(`${deep} return a && a.closest && a.closest('[data-grid="input"]') && a.matches('.cell');`));
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('8');
    assert.equal(await scope.locator('[data-grid="input"] .cell[data-i="1"]').textContent(), '8');
    await page.keyboard.press('Enter'); // the editor
    await page.keyboard.type('-3');
    await page.keyboard.press('Enter');
    assert.equal(await scope.locator('[data-grid="input"] .cell[data-i="1"]').textContent(), '\u22123');
    // the step control
    await focusStop(new Function(`${deep} return a && a.matches && a.matches('.step-next');`));
    const step0 = Number(await read('.stepper', 'data-step'));
    await page.keyboard.press('Enter');
    await page.keyboard.press('Space');
    assert.equal(Number(await read('.stepper', 'data-step')), step0 + 2);
    // the tabs: arrows move and select
    await focusStop(new Function(`${deep} return a && a.getAttribute && a.getAttribute('role') === 'tab';`));
    await page.keyboard.press('ArrowRight');
    assert.equal(await read('[role="tab"][data-tab="matrix"]', 'aria-selected'), 'true');
    await page.keyboard.press('End');
    assert.equal(await read('[role="tab"][data-tab="image"]', 'aria-selected'), 'true');
    // the operation radios: arrows switch Conv2d / ConvTranspose2d
    await focusStop(new Function(`${deep} return a && a.type === 'radio';`));
    await page.keyboard.press('ArrowLeft');
    assert.equal(await read('.cl', 'data-mode'), 'conv');
    // a parameter: type a new stride
    await focusStop(new Function(`${deep} return a && a.dataset && a.dataset.param === 'stride' && a.dataset.axis === 'h';`));
    await page.keyboard.press('ArrowUp'); // number input: 2 -> 3
    assert.equal(await read('[data-grid="output"]', 'data-rows'), '2'); // conv of 4x4, k3 s3 p1
  });
}

test('screen readers: grids are grid/row/gridcell with names holding grid, row, column, value and kind', async (t) => {
  const { page } = await suite.open(t, distUrl('index.html', 'mode=convT&size=3&kernel_size=3&stride=2&padding=1&output_padding=1'));
  await ready(page);
  const r = await page.evaluate(() => {
    const out = {};
    for (const g of document.querySelectorAll('[data-grid][data-rows]')) {
      const rows = g.querySelectorAll(':scope > [role="row"]');
      const cells = g.querySelectorAll('[role="row"] > [role="gridcell"]');
      out[g.dataset.grid] = { role: g.getAttribute('role'), label: g.getAttribute('aria-label'), rows: rows.length, cells: cells.length, expect: Number(g.dataset.rows) * Number(g.dataset.cols),
        names: [...cells].slice(0, 400).map((c) => c.getAttribute('aria-label')), texts: [...cells].slice(0, 400).map((c) => c.textContent), kinds: [...cells].slice(0, 400).map((c) => c.dataset.kind || '') };
    }
    return out;
  });
  for (const [name, g] of Object.entries(r)) {
    assert.equal(g.role, 'grid', name);
    assert.ok(g.label && g.label.length > 3, `${name} grid has a name`);
    assert.equal(g.cells, g.expect, `${name}: one gridcell per value`);
    g.names.forEach((n, i) => {
      assert.match(n, /row \d+ column \d+: /, `${name}[${i}] name has row and column`);
      assert.ok(n.includes(g.texts[i]), `${name}[${i}] name holds the value shown (${n} / ${g.texts[i]})`);
    });
  }
  const KIND_WORD = { orig: /pixel|input/i, zero: /zero/i, pad: /padding/i, opad: /output_padding/i };
  const st = r.stuffed;
  assert.deepEqual(new Set(st.kinds), new Set(['orig', 'zero', 'pad', 'opad']));
  st.names.forEach((n, i) => assert.match(n, KIND_WORD[st.kinds[i]], `stuffed cell ${i} (${st.kinds[i]}) says its kind: ${n}`));
});

test('not colour alone: stuffed kinds, highlight states and verdicts differ without colour; a colour-vision-deficiency view', async (t) => {
  const { page } = await suite.open(t, distUrl('index.html', 'mode=convT&size=3&kernel_size=3&stride=2&padding=1&output_padding=1'));
  await ready(page);
  const noColour = (s) => s.replace(/rgba?\([^)]*\)/g, 'C').replace(/#[0-9a-f]{3,8}/gi, 'C');
  const look = await page.evaluate(() => {
    const style = (c) => { const cs = getComputedStyle(c); return [cs.borderTopStyle, cs.borderTopWidth, cs.backgroundImage, cs.boxShadow, cs.fontWeight].join(' / '); };
    const kinds = {};
    for (const k of ['orig', 'zero', 'pad', 'opad']) kinds[k] = style(document.querySelector(`[data-grid="stuffed"] .cell[data-kind="${k}"]`));
    // hover an output cell: its window's pixels are 'hl', its zeros 'hl-zero', the cell itself 'sel'
    const out = document.querySelector('[data-grid="output"] .cell[data-i="4"]');
    out.dispatchEvent(new PointerEvent('pointerover', { bubbles: true }));
    const q = (sel) => document.querySelector(sel);
    const states = {
      plainOrig: style(q('[data-grid="stuffed"] .cell[data-kind="orig"]:not(.hl):not(.sel)')),
      hlOrig: style(q('[data-grid="stuffed"] .cell.hl[data-kind="orig"]')),
      plainZero: style(q('[data-grid="stuffed"] .cell[data-kind="zero"]:not(.hl-zero)')),
      hlZero: style(q('[data-grid="stuffed"] .cell.hl-zero[data-kind="zero"]')),
      plainOut: style(q('[data-grid="output"] .cell:not(.sel)')),
      selOut: style(out),
    };
    const strips = [...document.querySelectorAll('.strip.cols span')].map((s) => s.textContent).join('');
    const legend = [...document.querySelectorAll('.legend li:not([hidden]) .ltext')].map((s) => s.textContent);
    const verdicts = [...document.querySelectorAll('[data-check="inversion"], [data-check="inversion-other"]')].map((v) => ({ ok: v.dataset.ok, text: v.textContent }));
    return { kinds, states, strips, legend, verdicts };
  });
  const k = Object.fromEntries(Object.entries(look.kinds).map(([n, s]) => [n, noColour(s)]));
  assert.equal(new Set(Object.values(k)).size, 4, `each stuffed kind has its own pattern/border without colour: ${JSON.stringify(k, null, 1)}`);
  assert.match(look.strips, /^[pxz′a]+$/); // letters along the edge name each column's kind
  assert.equal(look.legend.length, 4);
  const s = Object.fromEntries(Object.entries(look.states).map(([n, v]) => [n, noColour(v)]));
  assert.notEqual(s.hlOrig, s.plainOrig, 'a highlighted pixel differs without colour');
  assert.notEqual(s.hlZero, s.plainZero, 'a highlighted zero differs without colour');
  assert.notEqual(s.selOut, s.plainOut, 'the selected cell differs without colour');
  assert.notEqual(s.selOut, s.hlOrig, 'selected and highlighted differ without colour');
  for (const v of look.verdicts) assert.match(v.text, v.ok === 'true' ? /✓/ : /✗/, 'verdicts carry ✓ or ✗ text');
  // what a deuteranope / protanope sees (Machado et al. 2009 matrices, severity 1), for people to
  // look at: screenshots only when asked for (CONVT_SCREENSHOTS=1, `npm run screenshots`)
  if (!SCREENSHOTS) return;
  const cvd = { deuteranopia: '0.367 0.861 -0.228 0 0 0.280 0.673 0.047 0 0 -0.012 0.043 0.969 0 0 0 0 0 1 0', protanopia: '0.152 1.053 -0.205 0 0 0.115 0.786 0.099 0 0 -0.004 -0.048 1.052 0 0 0 0 0 1 0' };
  for (const [name, m] of Object.entries(cvd)) {
    await page.evaluate(({ name, m }) => {
      document.getElementById('cvd-svg')?.remove();
      const ns = 'http://www.w3.org/2000/svg';
      const svg = document.createElementNS(ns, 'svg'); svg.id = 'cvd-svg'; svg.setAttribute('width', '0'); svg.setAttribute('height', '0'); svg.style.position = 'absolute';
      const f = document.createElementNS(ns, 'filter'); f.id = `cvd-${name}`;
      const cm = document.createElementNS(ns, 'feColorMatrix'); cm.setAttribute('type', 'matrix'); cm.setAttribute('values', m);
      f.append(cm); svg.append(f); document.body.append(svg);
      document.querySelector('.grids').style.filter = `url(#cvd-${name})`;
    }, { name, m });
    await screenshot(page.locator('.p-stuffed'), `cvd-${name}-stuffed.png`);
  }
});
