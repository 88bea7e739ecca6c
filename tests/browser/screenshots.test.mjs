// Screenshots for people to look at (tests/out/, gitignored): the page at 1280x900 and 390x844,
// light and dark, for the classic case, 8x8 and 64x64 ConvT and failing inversions (the first
// screen, and the whole page); every view, and the image view with a 512x512 photo; a 700 px
// course page with three compact embeds; the two-embed course page. Taken only when asked for
// (`npm run screenshots`, CONVT_SCREENSHOTS=1): in `npm test` this file is skipped.
import assert from 'node:assert/strict';
import { test, browserSuite, distUrl, ready, allReady, screenshot, hoverCell, dropPhoto, SCREENSHOTS, HEAD } from './support.mjs';

// No browser at all unless screenshots are asked for.
const suite = SCREENSHOTS ? browserSuite({ pages: {
  '/column.html': `${HEAD}<body style="margin:0;background:#fafafa"><main style="max-width:700px;margin:0 auto;padding:16px;font:17px/1.6 Georgia,serif;background:#fff">
    <h1>Lecture 2-2: transposed convolution</h1><p>First, the classic case:</p><convt-lab compact mode="convT" size="4" kernel_size="3" stride="2" padding="1"></convt-lab>
    <p>An encoder's Conv2d whose size does not come back:</p><convt-lab compact mode="conv" size="8" kernel_size="3" stride="2" padding="1"></convt-lab>
    <p>DCGAN's k=4, s=2, p=1 on 8x8:</p><convt-lab compact mode="convT" size="8" kernel_size="4" stride="2" padding="1"></convt-lab></main><script src="/convt-lab.js"></script>`,
} }) : null;
const shot = SCREENSHOTS ? test : test.skip;

const PAGES = {
  'classic-convT': 'mode=convT&size=4&kernel_size=3&stride=2&padding=1&dilation=1&output_padding=0',
  'convT-8': 'mode=convT&size=8&kernel_size=3&stride=2&padding=1&dilation=1&output_padding=0',
  'convT-64': 'mode=convT&size=64&kernel_size=3&stride=2&padding=1&dilation=1&output_padding=0',
  'fail-conv': 'mode=conv&size=8&kernel_size=3&stride=2&padding=1&dilation=1&output_padding=0',
  'fail-convT': 'mode=convT&size=4&kernel_size=3&stride=1&padding=0&dilation=2&output_padding=1',
};

for (const [name, query] of Object.entries(PAGES)) {
  for (const [width, height] of [[1280, 900], [390, 844]]) {
    for (const scheme of ['light', 'dark']) {
      shot(`first screen ${name} ${width}x${height} ${scheme}`, async (t) => {
        const { page, problems } = await suite.open(t, distUrl('index.html', query), { width, height, colorScheme: scheme });
        await ready(page);
        await hoverCell(page, 'output', 8);
        await page.evaluate(() => window.scrollTo(0, 0));
        await screenshot(page, `first-${name}-${width}-${scheme}.png`, { fullPage: false });
        assert.deepEqual(problems, []);
      });
    }
  }
}

for (const scheme of ['light', 'dark']) {
  shot(`course column with three compact embeds, 700 px, ${scheme}`, async (t) => {
    const { page, problems } = await suite.open(t, suite.url('/column.html'), { width: 900, height: 900, colorScheme: scheme });
    await allReady(page);
    await screenshot(page, `column-compact-700-${scheme}.png`);
    assert.deepEqual(problems, []);
  });
}

for (const [name, query] of Object.entries(PAGES)) {
  for (const width of [1280, 390]) {
    for (const scheme of ['light', 'dark']) {
      shot(`screenshot ${name} ${width}px ${scheme}`, async (t) => {
        const { page, problems } = await suite.open(t, null, { width, colorScheme: scheme });
        await page.goto(distUrl('index.html', query));
        await ready(page);
        await hoverCell(page, 'output', 8);
        // the derivations are typeset when they come into view: bring them in once
        await page.locator('[data-check="inversion-other"]').scrollIntoViewIfNeeded();
        // typeset, not only its spoken form (what a derivation off screen keeps)
        await page.waitForFunction(() => {
          const maths = [...document.querySelectorAll('[data-check="inversion-other"] .deriv .math')];
          return maths.length > 0 && maths.every((m) => m.dataset.undefined != null || m.querySelector('.katex-html'));
        });
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
      if (view === 'matrix') await hoverCell(page, 'matrix', 20);
      const top = await page.evaluate((v) => document.querySelector(`[data-view="${v}"]`).getBoundingClientRect().top + scrollY, view);
      const h = await page.evaluate(() => document.documentElement.scrollHeight);
      await screenshot(page, `view-${view}-${width}-${scheme}-${lang}.png`, { clip: { x: 0, y: Math.max(0, top - 60), width, height: Math.min(2400, h - Math.max(0, top - 60)) } });
      assert.deepEqual(problems, []);
    });
  }
}

// the image view with a dropped 512x512 photo, kept at full size: x2 bilinear (a 1024x1024 output, computed in the worker)
for (const [width, height] of [[1280, 900], [390, 844]]) {
  shot(`screenshot image view with a 512x512 photo ${width}x${height}`, async (t) => {
    const { page, problems } = await suite.open(t, distUrl('index.html', `${VIEW_QUERY}&view=image`), { width, height });
    await ready(page);
    await dropPhoto(page, null, 512);
    await page.locator('[data-view="image"] button[data-preset="up2"]').click();
    await page.waitForFunction(() => { const v = document.querySelector('[data-view="image"]'); return v.dataset.inputRows === '512' && v.dataset.outputRows === '1024' && v.dataset.imagePending === 'false'; });
    const top = await page.evaluate(() => document.querySelector('[data-view="image"]').getBoundingClientRect().top + scrollY);
    const h = await page.evaluate(() => document.documentElement.scrollHeight);
    await screenshot(page, `view-image-512-${width}.png`, { clip: { x: 0, y: Math.max(0, top - 60), width, height: Math.min(2400, h - Math.max(0, top - 60)) } });
    assert.deepEqual(problems, []);
  });
}

for (const [width, scheme] of [[1280, 'light'], [390, 'dark']]) {
  shot(`screenshot course page with two embeds ${width}px ${scheme}`, async (t) => {
    const { page, problems } = await suite.open(t, distUrl('course-example.html'), { width, colorScheme: scheme });
    await allReady(page);
    await screenshot(page, `course-two-embeds-${width}-${scheme}.png`);
    assert.deepEqual(problems, []);
  });
}
