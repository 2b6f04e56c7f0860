// The one-step generation lab with the shipped weights: samples of all four methods at
// load, the energy distances (flow matching at one step is far worse than MeanFlow), a
// shared link restores the view (same samples digest), bad hash values are reported
// next to their controls and the page keeps working; 360 px and dark screenshots; no
// console error under the strict CSP.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startSession, assertNoProblems, screenshot, hashParams } from './helpers/browser.mjs';
import {
  FLOW, METHODS, openFlow, waitForView, waitForQuality, flowData, energy, paintedPixels, markViewStale,
} from './helpers/flow.mjs';

let session;
before(async () => { session = await startSession(); });
after(async () => { await session?.close(); });

test('at load: shipped weights, all four methods, FM@1 worse than MeanFlow@1', { timeout: 90_000 }, async () => {
  const page = await openFlow(session);
  assert.equal(await waitForView(page, ['ready', 'error']), 'ready');
  assert.equal(await flowData(page, 'weights'), 'shipped');
  for (const m of METHODS) {
    assert.equal(await page.isVisible(`[data-testid="flow-scatter-${m}"]`), true, `${m} panel shown`);
    assert.match(await page.textContent(`[data-testid="flow-scatter-src-${m}"]`), /pretrained weights/);
    assert.ok(await paintedPixels(page, `[data-testid="flow-scatter-${m}"] canvas`) > 500, `${m} scatter drawn`);
    assert.ok(await paintedPixels(page, `[data-testid="flow-traj-${m}"] canvas`) > 200, `${m} paths drawn`);
  }
  await waitForQuality(page);
  const ed = {};
  for (const m of METHODS) ed[m] = await energy(page, m, 1);
  assert.ok(ed.fm > 5 * ed.meanflow, `FM@1 ${ed.fm} vs MeanFlow@1 ${ed.meanflow}`);
  assert.ok(ed.fm > ed.shortcut && ed.fm > ed.consistency, JSON.stringify(ed));
  assert.ok(await energy(page, 'fm', 8) < ed.fm, 'more steps help flow matching');
  const hash = await hashParams(page);
  assert.equal(hash.demo, 'flow');
  assert.equal(hash.fdata, 'moons');
  assert.equal(hash.fmethod, 'all');
  assert.equal(hash.fnfe, '1');
  assert.match(await page.textContent('[data-testid="flow-formula-meanflow"]'), /= v − \(t − r\)·du\/dt/);
  assert.match(await page.textContent('[data-testid="flow-formulas"]'), /z_t = \(1 − t\)·x \+ t·ε/);
  // Every input has a label.
  const unlabelled = await page.$$eval(`${FLOW} input, ${FLOW} select`, (els) => els
    .filter((e) => !(e.labels?.length > 0) && !e.getAttribute('aria-label')).map((e) => e.id || e.name));
  assert.deepEqual(unlabelled, []);
  await screenshot(page, 'flow-desktop');

  // A dataset without shipped weights says so; one method alone shows one panel.
  await markViewStale(page);
  await page.selectOption('[data-testid="flow-control-fdata"]', 'spiral');
  assert.equal(await waitForView(page, 'ready'), 'ready');
  assert.equal(await flowData(page, 'weights'), 'none');
  assert.match(await page.textContent('[data-testid="flow-scatter-src-fm"]'), /no pretrained weights: press Train/);
  await markViewStale(page);
  await page.selectOption('[data-testid="flow-control-fmethod"]', 'meanflow');
  await page.selectOption('[data-testid="flow-control-fdata"]', '8gaussians');
  assert.equal(await waitForView(page, 'ready'), 'ready');
  assert.equal(await page.isVisible('[data-testid="flow-scatter-fm"]'), false);
  assert.equal(await page.isVisible('[data-testid="flow-scatter-meanflow"]'), true);
  assert.equal(await flowData(page, 'weights'), 'shipped');
  assertNoProblems(page);
  await page.close();
});

test('a shared link restores the view: same controls, same samples digest', { timeout: 90_000 }, async () => {
  const hash = 'fdata=8gaussians&fmethod=all&fnfe=4&fseed=5';
  const a = await openFlow(session, hash);
  assert.equal(await waitForView(a, 'ready'), 'ready');
  const digest = await flowData(a, 'samplesDigest');
  assert.match(digest, /^[0-9a-f]{8}$/);
  const link = await a.evaluate(() => location.href);
  const b = await session.newPage();
  await b.goto(link);
  await b.waitForSelector(FLOW);
  assert.equal(await waitForView(b, 'ready'), 'ready');
  assert.equal(await flowData(b, 'samplesDigest'), digest);
  assert.equal(await b.$eval('[data-testid="flow-control-fdata"]', (e) => e.value), '8gaussians');
  assert.equal(await b.textContent('[data-testid="flow-nfe-value"]'), '4');
  assert.equal(await b.$eval('[data-testid="flow-control-fseed"]', (e) => e.value), '5');

  // Another seed → other samples; back to the same seed → the same digest again.
  await markViewStale(b);
  await b.fill('[data-testid="flow-control-fseed"]', '6');
  await b.press('[data-testid="flow-control-fseed"]', 'Enter');
  assert.equal(await waitForView(b, 'ready'), 'ready');
  assert.notEqual(await flowData(b, 'samplesDigest'), digest);
  await markViewStale(b);
  await b.evaluate((h) => { location.hash = h; }, `#demo=flow&${hash}`);
  assert.equal(await waitForView(b, 'ready'), 'ready');
  assert.equal(await flowData(b, 'samplesDigest'), digest);
  for (const p of [a, b]) {
    assertNoProblems(p);
    await p.close();
  }
});

test('NaN and absurd hash values: messages next to the controls, the page keeps working', { timeout: 60_000 }, async () => {
  const page = await openFlow(session, 'fnfe=NaN&fseed=-3&flr=1e9&fsteps=abc&fwidth=0&fdata=nope');
  assert.equal(await waitForView(page, ['error', 'ready']), 'error');
  assert.match(await page.textContent('[data-testid="flow-error-fnfe"]'), /Not a number/);
  assert.match(await page.textContent('[data-testid="flow-error-fseed"]'), /at least 0/);
  assert.match(await page.textContent('[data-testid="flow-error-flr"]'), /at most 10/);
  assert.match(await page.textContent('[data-testid="flow-error-fsteps"]'), /Not a number/);
  assert.match(await page.textContent('[data-testid="flow-error-fwidth"]'), /at least 4/);
  assert.equal(await page.$eval('[data-testid="flow-control-fdata"]', (e) => e.value), 'moons', 'unknown dataset → default');
  await page.click('[data-testid="flow-train"]');
  assert.match(await page.textContent('[data-testid="flow-message"]'), /Fix the highlighted controls/);
  assert.notEqual(await flowData(page, 'state'), 'running');
  await screenshot(page, 'flow-bad-hash');

  // Fix the view controls: samples appear (training controls still wrong).
  await markViewStale(page);
  await page.fill('[data-testid="flow-control-fseed"]', '2');
  await page.press('[data-testid="flow-control-fseed"]', 'Enter');
  await page.focus('[data-testid="flow-control-fnfe"]');
  await page.keyboard.press('ArrowRight');
  assert.equal(await waitForView(page, 'ready'), 'ready');
  assert.equal((await hashParams(page)).fnfe, '2');
  assert.equal(await page.textContent('[data-testid="flow-error-fnfe"]'), '');
  assert.match(await page.textContent('[data-testid="flow-error-flr"]'), /at most 10/);
  assertNoProblems(page);
  await page.close();
});

test('360 px, dark theme and Chinese: readable, no overflow', { timeout: 60_000 }, async () => {
  const page = await session.newPage({ viewport: { width: 360, height: 780 } });
  await page.emulateMedia({ colorScheme: 'dark' });
  await openFlow(session, 'lang=zh', { page });
  assert.equal(await waitForView(page, 'ready'), 'ready');
  await waitForQuality(page);
  assert.match(await page.textContent('#flow-title'), /一步生成/);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflow <= 0, `horizontal overflow ${overflow}px`);
  await screenshot(page, 'flow-360-dark');
  assertNoProblems(page);
  await page.close();
});

test('embed page shows the flow lab alone with the shipped-weight samples', { timeout: 60_000 }, async () => {
  const page = await session.newPage({ viewport: { width: 360, height: 900 } });
  await page.goto(`${session.baseUrl}embed.html#demo=flow&fdata=8gaussians`);
  await page.waitForSelector(FLOW);
  assert.equal(await waitForView(page, ['ready', 'error']), 'ready');
  assert.equal(await page.$('.page-header'), null, 'embed has no page header');
  assert.equal(await flowData(page, 'weights'), 'shipped');
  assert.ok(await paintedPixels(page, '[data-testid="flow-scatter-meanflow"] canvas') > 500, 'samples drawn');
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `page is ${overflow}px wider than the 360px viewport`);
  assertNoProblems(page);
  await page.close();
});
