// The Gibbs lab on the shipped poetry model: it renders, loads the model with a progress
// read-out, a seeded run ends with the same texts as the native `sampling-cli gibbs` with
// the same options (annealing too), pinned characters never change in the DOM, the
// pseudo-log-likelihood matches the tool's --pll, and pause/resume continues the same
// chains (same texts as an uninterrupted run) while cancel stops promptly.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startSession, assertNoProblems, screenshot } from './helpers/browser.mjs';
import {
  GIBBS, openGibbs, waitForGibbs, markStale, gibbsData, steps, chainTexts, chainCells, cliGibbs, hashOf, watchPage,
} from './helpers/gibbs.mjs';

let session;
before(async () => { session = await startSession(); });
after(async () => { await session?.close(); });

const RUN = {
  gtpl: '春眠不覺_，處處聞啼_。__風雨聲，花落知__。',
  gsteps: 24,
  gseed: 7,
  gorder: 'random',
  gtopk: 50,
  gburn: 8,
  gchains: 2,
  gtemp: 1,
};

test('a seeded run: same texts as sampling-cli gibbs, pinned characters never change', { timeout: 120_000 }, async () => {
  const page = await session.newPage();
  await watchPage(page);
  await openGibbs(session, hashOf(RUN), { page });
  assert.equal(await waitForGibbs(page, ['done', 'error']), 'done');
  assert.equal(await gibbsData(page, 'model'), 'ready');
  // The model arrived with a progress read-out, then its summary.
  const infos = await page.evaluate(() => window.__modelInfo);
  assert.ok(infos.some((s) => /Loading model\.safetensors: [\d.]+ \/ 7\.\d MB/.test(s)), infos.join(' | '));
  assert.match(await page.textContent('[data-testid="gibbs-model-info"]'), /Tang poetry BERT: 3 layers, hidden 256, 4 heads, 5,764 tokens/);

  const expected = cliGibbs({ ...RUN, pll: true });
  assert.deepEqual(await chainTexts(page), expected.texts);
  assert.equal(await steps(page), RUN.gsteps);
  assert.match(await gibbsData(page, 'textsDigest'), /^[0-9a-f]{8}$/);

  // Pinned characters: never rewritten during the run, and what the template says at the end.
  assert.deepEqual(await page.evaluate(() => window.__pinnedChanges), []);
  const template = [...RUN.gtpl];
  for (const cells of await chainCells(page)) {
    assert.equal(cells.length, template.length);
    cells.forEach((cell, i) => {
      assert.equal(cell.pinned, template[i] !== '_', `position ${i}`);
      if (cell.pinned) assert.equal(cell.text, template[i]);
      else assert.match(cell.text, /^\p{Script=Han}$/u, `free position ${i} holds a character`);
    });
  }
  // Records, the score chart (one point per step), diversity figures.
  assert.ok(await page.$$eval('[data-testid="gibbs-records"] tbody tr', (r) => r.length) > 10);
  assert.equal(await page.$eval('[data-testid="gibbs-score-chart"]', (e) => e.dataset.points), String(RUN.gsteps));
  assert.equal(await page.$$eval('[data-testid="gibbs-score-chart"] canvas', (c) => c.length), 1);
  assert.ok(await page.isHidden('[data-testid="gibbs-temp-chart"]'), 'no schedule without annealing');
  const d1 = Number(await page.$eval('[data-testid="gibbs-distinct1"]', (e) => e.dataset.value));
  assert.ok(d1 > 0 && d1 <= 1, String(d1));
  assert.ok(Number.isFinite(Number(await page.$eval('[data-testid="gibbs-self-bleu"]', (e) => e.dataset.value))));

  // Scores, and the pseudo-log-likelihood on request, as the tool's (sums of float32
  // log-probs: the native and wasm builds may round the logits differently, by about 1e-7
  // each; seen: 2e-6 on a sum of eight).
  const near = (a, b) => Math.abs(a - b) <= 1e-4;
  const cli = expected.stats.chains;
  const scores = await page.$$eval('[data-testid^="gibbs-chain-"]', (cards) => cards.map((c) => Number(c.dataset.score)));
  scores.forEach((v, c) => assert.ok(near(v, cli[c].score), `score of chain ${c}: ${v} vs ${cli[c].score}`));
  await page.click('[data-testid="gibbs-pll"]');
  assert.equal(await waitForGibbs(page, ['ready', 'error'], { key: 'pll' }), 'ready');
  const pll = await page.$$eval('[data-testid^="gibbs-chain-"]', (cards) => cards.map((c) => Number(c.dataset.pll)));
  pll.forEach((v, c) => assert.ok(near(v, cli[c].pll), `PLL of chain ${c}: ${v} vs ${cli[c].pll}`));
  assert.match(await page.textContent('[data-testid="gibbs-pll-0"]'), /^PLL -\d+\.\d\d$/);
  await screenshot(page, 'gibbs-desktop');
  assertNoProblems(page);
  await page.close();
});

test('annealing and the sequential and parallel orders match the tool; the schedule is plotted', { timeout: 120_000 }, async () => {
  const page = await openGibbs(session, hashOf({ ...RUN, ganneal: '2:0.05', gorder: 'sequential', gstart: 'random' }));
  assert.equal(await waitForGibbs(page, ['done', 'error']), 'done');
  assert.deepEqual(await chainTexts(page), cliGibbs({ ...RUN, ganneal: '2:0.05', gorder: 'sequential', gstart: 'random' }).texts);
  assert.equal(await page.isVisible('[data-testid="gibbs-temp-chart"]'), true);
  assert.equal(await page.$eval('[data-testid="gibbs-temp-chart"]', (e) => e.dataset.points), String(RUN.gsteps));
  assert.equal(await page.isDisabled('[data-testid="gibbs-control-gtemp"]'), true, 'annealing replaces T');
  // The records show the schedule's temperatures: the last step ran at TO.
  assert.equal(await page.$eval('[data-testid="gibbs-records"] tbody tr td:last-child', (e) => e.textContent), '0.05');

  await markStale(page);
  await page.fill('[data-testid="gibbs-control-ganneal"]', '');
  await page.press('[data-testid="gibbs-control-ganneal"]', 'Enter');
  await page.selectOption('[data-testid="gibbs-control-gorder"]', 'parallel');
  assert.equal(await waitForGibbs(page, ['done', 'error']), 'done');
  assert.deepEqual(await chainTexts(page), cliGibbs({ ...RUN, gorder: 'parallel', gstart: 'random' }).texts);
  assert.equal(await page.isHidden('[data-testid="gibbs-temp-chart"]'), true);
  assertNoProblems(page);
  await page.close();
});

test('pause and resume continue the same chains; cancel stops promptly', { timeout: 120_000 }, async () => {
  const slow = { ...RUN, gsteps: 30, gspeed: 'watch' };
  const page = await openGibbs(session, hashOf(slow));
  await waitForGibbs(page, 'running');
  await page.waitForFunction((sel) => Number(document.querySelector(sel).dataset.steps) >= 3, GIBBS, { polling: 50 });
  await page.click('[data-testid="gibbs-pause"]');
  assert.equal(await waitForGibbs(page, ['paused'], { timeout: 3000 }), 'paused');
  assert.equal(await page.textContent('[data-testid="gibbs-pause"]'), 'Resume');
  const at = await steps(page);
  await page.waitForTimeout(400);
  assert.equal(await steps(page), at, 'no step while paused');
  assert.ok(at < slow.gsteps);
  await page.click('[data-testid="gibbs-pause"]');
  // Resumed, not restarted: the next step is at + 1, and the score chart has one point per step.
  const next = await page.waitForFunction(([sel, n]) => {
    const s = Number(document.querySelector(sel).dataset.steps);
    return s !== n ? s : null;
  }, [GIBBS, at], { polling: 20 });
  assert.equal(await next.jsonValue(), at + 1);
  assert.equal(await waitForGibbs(page, ['done', 'error']), 'done');
  assert.deepEqual(await chainTexts(page), cliGibbs(slow).texts, 'paused run = uninterrupted run');
  assert.equal(await page.$eval('[data-testid="gibbs-score-chart"]', (e) => e.dataset.points), String(slow.gsteps));

  // Cancel: a long run stops within a chunk, the progress freezes, nothing is kept.
  await markStale(page);
  await page.fill('[data-testid="gibbs-control-gsteps"]', '100000');
  await page.selectOption('[data-testid="gibbs-control-gspeed"]', 'fast');
  await page.press('[data-testid="gibbs-control-gsteps"]', 'Enter');
  await waitForGibbs(page, 'running');
  await page.waitForFunction((sel) => Number(document.querySelector(sel).dataset.steps) >= 2, GIBBS, { polling: 50 });
  const t0 = Date.now();
  await page.click('[data-testid="gibbs-cancel"]');
  assert.equal(await waitForGibbs(page, ['cancelled'], { timeout: 3000 }), 'cancelled');
  assert.ok(Date.now() - t0 < 1500, `cancel took ${Date.now() - t0} ms`);
  const frozen = await steps(page);
  await page.waitForTimeout(300);
  assert.equal(await steps(page), frozen);
  assert.equal(await gibbsData(page, 'textsDigest'), null);
  assert.equal(await page.isDisabled('[data-testid="gibbs-pll"]'), true);
  // The lab keeps working: a short run completes with the tool's texts.
  await markStale(page);
  await page.fill('[data-testid="gibbs-control-gsteps"]', String(RUN.gsteps));
  await page.press('[data-testid="gibbs-control-gsteps"]', 'Enter');
  assert.equal(await waitForGibbs(page, ['done', 'error']), 'done');
  assert.deepEqual(await chainTexts(page), cliGibbs(RUN).texts);
  assertNoProblems(page);
  await page.close();
});
