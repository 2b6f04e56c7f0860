// 1. The lab renders: heatmap drawn, the default run completes, stats and charts shown,
//    samples digest present — on the index page, the embed page and at 360 px width.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startSession, openLab, waitForState, readStats, digest, assertNoProblems, hashParams, LAB,
} from './helpers/browser.mjs';
import { chartColours } from './helpers/charts.mjs';

let session;
before(async () => { session = await startSession(); });
after(async () => { await session?.close(); });

/** Distinct colours in a canvas (sampled): a blank or flat canvas has one. */
function canvasColours(page, testid) {
  return page.$eval(`[data-testid="${testid}"]`, (canvas) => {
    const ctx = canvas.getContext('2d');
    const { width, height } = canvas;
    const data = ctx.getImageData(0, 0, width, height).data;
    const seen = new Set();
    const step = Math.max(1, Math.floor((width * height) / 4000));
    for (let i = 0; i < width * height; i += step) {
      seen.add(`${data[4 * i]},${data[4 * i + 1]},${data[4 * i + 2]},${data[4 * i + 3]}`);
    }
    return seen.size;
  });
}

test('default view: heatmap, completed run, stats, charts, digest', { timeout: 60_000 }, async () => {
  // The page opens on the tokenize lab; `demo=mcmc` selects the 2-D lab.
  const page = await openLab(session, 'demo=mcmc');
  assert.equal(await waitForState(page, ['done', 'error']), 'done');
  const lab = await page.$(LAB);
  assert.equal(await lab.getAttribute('data-heatmap'), 'mixture');
  assert.ok(await canvasColours(page, 'main-canvas') > 50, 'main canvas shows a heatmap with samples');
  assert.ok(await chartColours(page, '[data-testid="trace-chart"]') > 3, 'trace plot drawn');
  assert.ok(await chartColours(page, '[data-testid="acf-chart"]') > 3, 'autocorrelation drawn');

  const stats = await readStats(page);
  assert.equal(stats.n, '8000', 'default: 4 chains × 2000 draws');
  assert.match(stats.acceptance, /^\d+(\.\d+)? %$/);
  assert.match(stats.mean, /^-?[\d.e+-]+, -?[\d.e+-]+$/);
  assert.match(stats.ess, /^[\d.e+]+, [\d.e+]+$/);
  assert.match(stats.rhat, /^[\d.]+, [\d.]+$/, 'R-hat shown for 4 chains');
  assert.equal(stats.logBound, '—');
  assert.match(await digest(page), /^8000-[0-9a-f]{8}$/);
  assert.match(await page.textContent('[data-testid="formula-text"]'), /min\(1/);
  assert.equal(await page.textContent('[data-testid="progress-text"]'), '2,000 / 2,000');

  const hash = await hashParams(page);
  assert.equal(hash.target, 'mixture');
  assert.equal(hash.seed, '1');
  assertNoProblems(page);
  await page.close();
});

test('language toggle: 中文 labels and lang=zh in the hash', { timeout: 60_000 }, async () => {
  const page = await openLab(session, 'n=200');
  await waitForState(page, 'done');
  await page.click('[data-testid="lang-toggle"]');
  assert.equal((await hashParams(page)).lang, 'zh');
  assert.equal(await page.textContent('[data-testid="run"]'), '运行');
  assert.equal(await page.textContent('label[for="ctl-sampler"]'), '采样器');
  const reopened = await openLab(session, new URL(page.url()).hash.slice(1));
  assert.equal(await reopened.textContent('[data-testid="run"]'), '运行');
  await waitForState(reopened, 'done');
  assertNoProblems(page);
  assertNoProblems(reopened);
  await page.close();
  await reopened.close();
});

test('embed page shows the lab alone; 360 px width has no horizontal scroll', { timeout: 60_000 }, async () => {
  const page = await openLab(session, 'demo=mcmc&target=banana&n=300', {
    file: 'embed.html',
    viewport: { width: 360, height: 800 },
  });
  assert.equal(await waitForState(page, ['done', 'error']), 'done');
  assert.equal(await page.$('.page-header'), null, 'embed has no page header');
  assert.equal((await readStats(page)).n, '1200');
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `page is ${overflow}px wider than the 360px viewport`);
  const canvasWidth = await page.$eval('[data-testid="main-canvas"]', (c) => c.getBoundingClientRect().width);
  assert.ok(canvasWidth > 250, `main canvas is readable at 360px (width ${canvasWidth})`);
  assertNoProblems(page);
  await page.close();
});
