// Offline after the first visit: the built site's service worker (sw.js, served from a
// sub-path under the strict CSP) caches the pages, scripts, wasm and models; with the
// network gone, a reload runs the tokenize lab and another lab opens in a new tab.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { screenshot } from './helpers/browser.mjs';
import { startOwnBrowser, collectProblems } from './helpers/own-browser.mjs';
import { TOK, waitForTok } from './helpers/tokenize.mjs';

let own;
before(async () => { own = await startOwnBrowser(); });
after(async () => { await own?.close(); });

test('after one visit the site works offline: reload runs the tokenize lab, a new tab opens the 2-D lab', { timeout: 120_000 }, async () => {
  const context = await own.browser.newContext({ serviceWorkers: 'allow' });
  const page = collectProblems(await context.newPage());
  await page.goto(`${own.server.url}index.html#demo=tokenize&draws=400`);
  assert.equal(await waitForTok(page, ['done', 'error']), 'done');
  // The worker is installed (its cache filled) and controls the page.
  const scope = await page.evaluate(async () => (await navigator.serviceWorker.ready).scope);
  const url = own.server.url;
  assert.equal(scope, url, 'the service worker covers the sub-path the site is served from');
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 30_000 });

  // Offline for the pages, and the server gone too: Chromium's offline emulation does not
  // cover the service worker's own fetches.
  await context.setOffline(true);
  await own.closeServer();
  await page.evaluate(() => { document.querySelector('[data-testid="tokenize-lab"]').dataset.state = 'stale'; });
  await page.reload();
  await page.waitForSelector(TOK);
  assert.equal(await waitForTok(page, ['done', 'error']), 'done', 'the lab runs with the network gone');
  assert.match(await page.textContent('[data-testid="tok-stat-segmentations"]'), /^\d[\d,]*$/);
  assert.equal(await page.textContent('[data-testid="tok-progress-text"]'), '1,600 / 1,600', '400 draws of each of 4 samplers');
  await screenshot(page, 'offline-tokenize');

  const other = collectProblems(await context.newPage());
  await other.goto(`${url}index.html#demo=mcmc&n=200`);
  await other.waitForFunction(() => document.querySelector('[data-testid="mcmc-lab"]')?.dataset.state === 'done',
    null, { timeout: 60_000 });
  assert.deepEqual(page.problems, []);
  assert.deepEqual(other.problems, []);
  await context.close();
});
