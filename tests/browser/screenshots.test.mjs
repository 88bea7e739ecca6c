// Screenshots for people to look at (tests/out/, gitignored): the page at 1280 and 390 px, light
// and dark, with the seed's ConvT parameters and with failing inversions; the two-embed course page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, watchedPage, distUrl, ready, screenshot } from './helpers.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const PAGES = {
  'seed-convT': 'mode=convT&size=4&kernel_size=3&stride=2&padding=1&dilation=1&output_padding=0',
  'fail-conv': 'mode=conv&size=8&kernel_size=3&stride=2&padding=1&dilation=1&output_padding=0',
  'fail-convT': 'mode=convT&size=4&kernel_size=3&stride=1&padding=0&dilation=2&output_padding=1',
};

for (const [name, query] of Object.entries(PAGES)) {
  for (const width of [1280, 390]) {
    for (const scheme of ['light', 'dark']) {
      test(`screenshot ${name} ${width}px ${scheme}`, async () => {
        const { page, problems } = await watchedPage(browser, { width, colorScheme: scheme });
        await page.goto(distUrl('index.html', query));
        await ready(page);
        await page.locator('[data-grid="output"] .cell[data-i="8"]').hover();
        await screenshot(page, `${name}-${width}-${scheme}.png`);
        assert.deepEqual(problems, []);
      });
    }
  }
}

for (const [width, scheme] of [[1280, 'light'], [390, 'dark']]) {
  test(`screenshot course page with two embeds ${width}px ${scheme}`, async () => {
    const { page, problems } = await watchedPage(browser, { width, colorScheme: scheme });
    await page.goto(distUrl('course-example.html'));
    await page.waitForFunction(() => [...document.querySelectorAll('convt-lab')].every((e) => e.shadowRoot?.querySelector('.cl[data-ready="true"]')));
    await screenshot(page, `course-two-embeds-${width}-${scheme}.png`);
    assert.deepEqual(problems, []);
  });
}
