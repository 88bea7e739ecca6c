// Screenshots for people to look at (tests/out/, gitignored): the page at 1280 and 390 px, light
// and dark, with the seed's ConvT parameters and with failing inversions; every view; the
// two-embed course page. Taken only when asked for (`npm run screenshots`, CONVT_SCREENSHOTS=1):
// in `npm test` this file is skipped.
import assert from 'node:assert/strict';
import { test, browserSuite, distUrl, ready, allReady, screenshot, SCREENSHOTS } from './support.mjs';

// No browser at all unless screenshots are asked for.
const suite = SCREENSHOTS ? browserSuite() : null;
const shot = SCREENSHOTS ? test : test.skip;

const PAGES = {
  'seed-convT': 'mode=convT&size=4&kernel_size=3&stride=2&padding=1&dilation=1&output_padding=0',
  'fail-conv': 'mode=conv&size=8&kernel_size=3&stride=2&padding=1&dilation=1&output_padding=0',
  'fail-convT': 'mode=convT&size=4&kernel_size=3&stride=1&padding=0&dilation=2&output_padding=1',
};

for (const [name, query] of Object.entries(PAGES)) {
  for (const width of [1280, 390]) {
    for (const scheme of ['light', 'dark']) {
      shot(`screenshot ${name} ${width}px ${scheme}`, async (t) => {
        const { page, problems } = await suite.open(t, null, { width, colorScheme: scheme });
        await page.goto(distUrl('index.html', query));
        await ready(page);
        await page.locator('[data-grid="output"] .cell[data-i="8"]').hover();
        await screenshot(page, `${name}-${width}-${scheme}.png`);
        assert.deepEqual(problems, []);
      });
    }
  }
}

// every view of issue 5, desktop and phone, light and dark (and the matrix view in Korean)
const VIEW_QUERY = 'mode=convT&size=4&kernel_size=3&stride=2&padding=1&dilation=1&output_padding=0';
for (const view of ['matrix', 'overlap', 'polyphase', 'image']) {
  for (const [width, scheme, lang] of [[1280, 'light', 'en'], [390, 'dark', 'en'], [1280, 'dark', 'ko'], [390, 'light', 'ko']]) {
    shot(`screenshot view ${view} ${width}px ${scheme} ${lang}`, async (t) => {
      const { page, problems } = await suite.open(t, null, { width, colorScheme: scheme });
      await page.goto(distUrl('index.html', `${VIEW_QUERY}&view=${view}&lang=${lang}`));
      await ready(page);
      if (view === 'matrix') await page.locator('[data-grid="matrix"] .cell[data-i="20"]').hover();
      const top = await page.evaluate((v) => document.querySelector(`[data-view="${v}"]`).getBoundingClientRect().top + scrollY, view);
      const h = await page.evaluate(() => document.documentElement.scrollHeight);
      await screenshot(page, `view-${view}-${width}-${scheme}-${lang}.png`, { clip: { x: 0, y: Math.max(0, top - 60), width, height: Math.min(2400, h - Math.max(0, top - 60)) } });
      assert.deepEqual(problems, []);
    });
  }
}

for (const [width, scheme] of [[1280, 'light'], [390, 'dark']]) {
  shot(`screenshot course page with two embeds ${width}px ${scheme}`, async (t) => {
    const { page, problems } = await suite.open(t, distUrl('course-example.html'), { width, colorScheme: scheme });
    await allReady(page);
    await screenshot(page, `course-two-embeds-${width}-${scheme}.png`);
    assert.deepEqual(problems, []);
  });
}
