// Accessibility: axe-core (injected) on the page and on an embed (axe walks open shadow roots) in
// every view, light and dark: no serious or critical violation. Keyboard: every control reachable
// with Tab, each focused control shows a focus ring, and the lab is operable with keys alone.
// Screen readers: grids are role=grid/row/gridcell and each cell's name holds grid, row, column,
// value (and, in the stuffed grid, its kind). Colour is never the only cue.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { test, browserSuite, distUrl, ready, VIEWS, screenshot, SCREENSHOTS, hoverCell, cells } from './support.mjs';

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
        await hoverCell(page, 'output', 1, embed ? '#lab' : null);
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
        const what = a.dataset.grid ? `grid:${a.dataset.grid}` : a.dataset.tab ? `tab:${a.dataset.tab}` : a.dataset.param ? `num:${a.dataset.param}:${a.dataset.axis}` : `${a.tagName.toLowerCase()}${a.type ? `:${a.type}` : ''}${a.className ? `.${String(a.className).split(' ')[0]}` : ''}`;
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
    // "More" opens the rest of the parameters (dilation, padding_mode, per-axis values, values)
    // what is folded opens: "More" (dilation, padding_mode, per-axis values, values), the round
    // trip's values and the PyTorch code
    for (const sel of ['details.more', 'details.values-more', 'details.snippet']) await scope.locator(sel).evaluate((d) => { d.open = true; });
    const stops = await tabThrough(page, 90);
    const kinds = new Set(stops.map((s) => s.what));
    for (const k of ['input:radio', 'input:checkbox', 'num:size:h', 'num:output_padding:h', 'select:select-one', 'button:button', 'tab:sizes', 'grid:input', 'grid:kernel', 'grid:flipped', 'grid:stuffed', 'grid:output', 'grid:roundtrip', 'button:button.step-next', 'button:button.copy']) {
      assert.ok([...kinds].some((x) => x.startsWith(k)), `${k} reachable by Tab (stops: ${[...kinds].join(' ')})`);
    }
    const noRing = stops.filter((s) => !s.ring);
    assert.deepEqual(noRing, [], 'every focused control shows a focus ring');
    // only one stop per grid and per tab list (roving tabindex), so the page stays quick to cross
    assert.equal(stops.filter((s) => s.what === 'grid:output').length, 1);
    assert.equal(stops.filter((s) => s.what.startsWith('tab:')).length, 1);

    // operate with keys alone
    const focusStop = async (pred) => { for (let i = 0; i < 90; i++) { await page.keyboard.press('Tab'); if (await page.evaluate(pred)) return; } throw new Error(`not reached: ${pred}`); };
    const deep = `let a = document.activeElement; while (a && a.shadowRoot && a.shadowRoot.activeElement) a = a.shadowRoot.activeElement;`;
    const read = (sel, attr) => scope.locator(sel).first().getAttribute(attr);
    // an input cell: type a value
    await focusStop(new Function(`${deep} return a && a.dataset && a.dataset.grid === 'input';`));
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('8');
    const host = embed ? '#lab' : null;
    assert.equal((await cells(page, 'input', host))[1].text, '8');
    await page.keyboard.press('Enter'); // the editor
    await page.keyboard.type('-3');
    await page.keyboard.press('Enter');
    assert.equal((await cells(page, 'input', host))[1].text, '\u22123');
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
    assert.equal(await read(`[role="tab"][data-tab="${VIEWS.at(-1)}"]`, 'aria-selected'), 'true');
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

test('screen readers: each grid is one named stop; its cursor moves with the arrows and a live region says grid, row, column, value and kind', async (t) => {
  const { page } = await suite.open(t, distUrl('index.html', 'mode=convT&size=3&kernel_size=3&stride=2&padding=1&output_padding=1'));
  await ready(page);
  const grids = ['input', 'kernel', 'flipped', 'stuffed', 'output', 'roundtrip'];
  await page.locator('details.values-more').evaluate((d) => { d.open = true; });
  for (const name of grids) {
    const g = page.locator(`[data-grid="${name}"]`);
    const info = await g.evaluate((e) => ({ role: e.getAttribute('role'), desc: e.getAttribute('aria-roledescription'), label: e.getAttribute('aria-label'), tab: e.tabIndex }));
    assert.deepEqual([info.role, info.desc, info.tab], ['application', 'grid', 0], name);
    assert.ok(info.label && info.label.length > 3, `${name} has a name`);
    await g.focus();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowRight'); // cell (1,1)
    // the live region that speaks for this grid: the lab's readout, or the grid's own
    const said = await g.evaluate((e) => {
      const id = e.getAttribute('aria-describedby');
      const live = id ? e.getRootNode().getElementById(id) : e.querySelector('[aria-live]');
      return { text: live.textContent, polite: live.getAttribute('aria-live') };
    });
    const value = (await cells(page, name))[await g.evaluate((e) => Number(e.dataset.cols)) + 1];
    assert.equal(said.polite, 'polite', name);
    assert.match(said.text, /\(1,1\)|row 1 column 1/, `${name}: says where (${said.text})`);
    assert.ok(said.text.includes(String(value.value)) || said.text.includes(value.text), `${name}: says the value ${value.text} (${said.text})`);
    if (name === 'stuffed') assert.match(said.text, /inserted zero|padding|pixel|output_padding/, `stuffed says the kind (${said.text})`);
  }
});

test('not colour alone: stuffed kinds, highlight states and verdicts differ in grey levels too; a colour-vision-deficiency view', async (t) => {
  // all values 0, so every stuffed cell shows the same digit and only its kind's drawing differs
  const { page } = await suite.open(t, distUrl('index.html', 'mode=convT&size=3&kernel_size=3&stride=2&padding=1&output_padding=1&x=0,0,0,0,0,0,0,0,0'));
  await ready(page);
  /** Grey levels of cell i of a grid as drawn (base and highlight canvases composited): colour removed. */
  const grey = (grid, i, layer = 'both') => page.evaluate(({ grid, i, layer }) => {
    const g = document.querySelector(`[data-grid="${grid}"]`);
    const cell = Number(g.dataset.cell), cols = Number(g.dataset.cols);
    const c = document.createElement('canvas'); c.width = cell; c.height = cell;
    const x = c.getContext('2d', { willReadFrequently: true });
    const dpr = g.querySelector('canvas.base').width / g.querySelector('canvas.base').getBoundingClientRect().width;
    for (const cv of g.querySelectorAll('canvas')) {
      if (layer === 'over' && cv.classList.contains('base')) continue;
      x.drawImage(cv, (i % cols) * cell * dpr, Math.floor(i / cols) * cell * dpr, cell * dpr, cell * dpr, 0, 0, cell, cell);
    }
    const d = x.getImageData(0, 0, cell, cell).data;
    const out = [];
    for (let k = 0; k < d.length; k += 4) out.push(Math.round((0.2126 * d[k] + 0.7152 * d[k + 1] + 0.0722 * d[k + 2]) * (d[k + 3] / 255) / 32));
    return out.join('');
  }, { grid, i, layer });
  const st = await cells(page, 'stuffed');
  const first = (kind) => st.findIndex((c) => c.kind === kind);
  const kinds = {};
  for (const k of ['orig', 'zero', 'pad', 'opad']) { assert.ok(first(k) >= 0, k); kinds[k] = await grey('stuffed', first(k)); }
  assert.equal(new Set(Object.values(kinds)).size, 4, 'each stuffed kind looks different in grey levels');
  // letters along the edges name each row's and column's kind
  const strips = await page.evaluate(() => [...document.querySelectorAll('.strip.cols span')].map((s) => s.textContent).join(''));
  assert.match(strips, /^[pxz′a]+$/);
  const legend = await page.evaluate(() => [...document.querySelectorAll('.legend li:not([hidden]) .ltext')].map((s) => s.textContent));
  assert.equal(legend.length, 4);
  // highlight states on the highlight canvas: selected, highlighted pixel, highlighted zero, none: four looks in grey
  await page.mouse.move(0, 0);
  await page.locator('[data-grid="input"]').focus(); // a cursor elsewhere, so the stuffed grid shows only marks
  await hoverCell(page, 'output', 4);
  const marked = await page.evaluate(() => document.querySelector('[data-grid="stuffed"]').marked());
  const hlPixel = Object.keys(marked).find((i) => marked[i] === 'hl'), hlZero = Object.keys(marked).find((i) => marked[i] === 'hl-zero');
  const plain = st.findIndex((_, i) => !(i in marked));
  await hoverCell(page, 'stuffed', Number(plain)); // now one stuffed cell is selected
  const selected = Number(Object.entries(await page.evaluate(() => document.querySelector('[data-grid="stuffed"]').marked())).find(([, m]) => m === 'sel')[0]);
  await hoverCell(page, 'output', 4);
  const looks = [await grey('stuffed', Number(hlPixel), 'over'), await grey('stuffed', Number(hlZero), 'over'), await grey('stuffed', plain, 'over')];
  await hoverCell(page, 'stuffed', selected);
  looks.push(await grey('stuffed', selected, 'over'));
  assert.equal(new Set(looks).size, 4, 'highlighted pixel, highlighted zero, nothing and selected differ in grey levels');
  // verdicts carry a check or a cross as text
  const verdicts = await page.evaluate(() => [...document.querySelectorAll('[data-check="inversion"], [data-check="inversion-other"]')].map((v) => ({ ok: v.dataset.ok, text: v.textContent })));
  for (const v of verdicts) assert.match(v.text, v.ok === 'true' ? /✓/ : /✗/, 'verdicts carry ✓ or ✗ text');
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
