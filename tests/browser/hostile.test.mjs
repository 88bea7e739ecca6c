// Hostile URL parameters: markup/script injection, NaN, 0, negative, 1e9 and too-large sizes in
// every parameter. Each gives a role="alert" message (or is simply valid), never runs script,
// never throws, logs no console error, requests nothing, and leaves a valid drawing on screen.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, watchedPage, distUrl, readHooks, ready } from './helpers.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const NAMES = ['mode', 'size', 'kernel_size', 'stride', 'padding', 'dilation', 'output_padding'];
const VALUES = [
  '<script>window.__pwned=1</script>',
  '<img src=x onerror="window.__pwned=1">',
  '"><svg onload=window.__pwned=1>',
  'NaN', '0', '-1', '1e9', '1000000000', '99999x99999', '3.5', '', '   ', 'Infinity', '0x10', '4x', 'javascript:alert(1)',
];
// values that are valid for a parameter in convT mode with the other defaults (no alert expected)
const VALID = { padding: ['0'], output_padding: ['0'] };

test('hostile values in every URL parameter', async () => {
  const { page, problems } = await watchedPage(browser);
  let alerts = 0;
  for (const name of NAMES) {
    for (const value of VALUES) {
      const q = `${name}=${encodeURIComponent(value)}`;
      await page.goto(distUrl('index.html', q));
      await ready(page);
      const h = await readHooks(page);
      const where = `${q}`;
      assert.equal(await page.evaluate(() => window.__pwned), undefined, `${where}: script ran`);
      const injected = await page.evaluate(() => document.querySelectorAll('#convt-lab-root img, #convt-lab-root script, #convt-lab-root svg, #convt-lab-root iframe').length);
      assert.equal(injected, 0, `${where}: markup was parsed`);
      if ((VALID[name] || []).includes(value)) assert.equal(h.alert, '', `${where}: valid`);
      else { assert.notEqual(h.alert, '', `${where}: expected an alert`); alerts++; }
      // something valid is drawn and the URL now holds a valid state, without the hostile text
      for (const g of ['input', 'kernel', 'stuffed', 'output']) assert.ok(h[g] && h[g][0] >= 1 && h[g][1] >= 1, `${where}: ${g} drawn`);
      const search = decodeURIComponent(new URL(page.url()).search);
      assert.doesNotMatch(search, /[<>"]/, `${where}: URL cleaned`);
      if (value.startsWith('<')) assert.ok(h.alert.includes('<') || h.alert.length > 0, `${where}: text shown as text`);
    }
  }
  assert.ok(alerts > 80);
  assert.deepEqual(problems, []);
});

test('an alert names the parameter and the rule; hostile text is shown as inert text', async () => {
  const { page, problems } = await watchedPage(browser);
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
  await ready(page);
  assert.match(await alert.textContent(), /[Kk]ernel/);
  // absurd but parseable: a huge stride that would need a gigantic grid
  await page.goto(distUrl('index.html', 'mode=convT&size=64&stride=64'));
  await ready(page);
  assert.notEqual((await alert.textContent()).trim(), '');
  assert.deepEqual(problems, []);
});
