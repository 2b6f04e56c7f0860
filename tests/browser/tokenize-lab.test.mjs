// The tokenize lab renders: Viterbi chips for the default English text and for the
// Chinese model, the tables and chart, navigation between the demos (lazy workers),
// the embed page, 360 px width and the dark theme — with no console error under the
// strict CSP.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startSession, assertNoProblems, screenshot, hashParams, waitForState, LAB } from './helpers/browser.mjs';
import {
  TOK, openTokenize, waitForTok, viterbiChips, sampleChips, methodStat, countsDigest, tokControl, markStale,
} from './helpers/tokenize.mjs';
import { chartColours } from './helpers/charts.mjs';

let session;
before(async () => { session = await startSession(); });
after(async () => { await session?.close(); });

test('default view: English model, Viterbi chips, sample chips, stats, table, chart', { timeout: 90_000 }, async () => {
  const page = await openTokenize(session);
  assert.equal(await waitForTok(page, ['done', 'error']), 'done');
  assert.equal(await tokControl(page, 'text'), 'sampling playground');
  assert.equal(await tokControl(page, 'model'), 'en');
  const chips = await viterbiChips(page);
  assert.ok(chips.length >= 2, `several pieces: ${chips}`);
  assert.equal(chips.join(''), '▁sampling▁playground', 'the chips spell the normalized text');
  assert.ok(chips[0].startsWith('▁'), 'word starts are shown with ▁');
  const samples = await sampleChips(page);
  assert.equal(samples.length, 5, 'five draws of the chosen method');
  for (const s of samples) assert.equal(s.join(''), '▁sampling▁playground');

  assert.match(await page.textContent('[data-testid="tok-stat-entropy"]'), /^\d+\.\d+ nats$/);
  assert.equal(await page.textContent('[data-testid="tok-stat-segmentations"]'), '8,840');
  for (const m of ['original', 'perfect', 'ffbs', 'nbest']) {
    assert.equal(await methodStat(page, m, 'draws'), 20000, `${m} drew 20000`);
    assert.ok(await methodStat(page, m, 'rate') > 0, `${m} samples/s measured`);
    const p = await methodStat(page, m, 'p');
    assert.ok(p >= 0 && p <= 1, `${m} p-value ${p}`);
  }
  const rows = await page.$$eval('[data-testid="tok-freq"] tbody tr', (trs) => trs.length);
  assert.equal(rows, 26, '25 rows and one for the others');
  assert.match(await countsDigest(page), /^80000-[0-9a-f]{8}$/);
  assert.ok(await chartColours(page, '[data-testid="tok-chart"]') > 5, 'the bar chart is drawn');
  assert.match(await page.textContent('[data-testid="tok-formula-perfect"]'), /logsumexp/);
  assert.match(await page.textContent('[data-testid="tok-formula-original"]'), /biased/);
  assert.equal((await hashParams(page)).model, 'en');
  await screenshot(page, 'tokenize-desktop');
  assertNoProblems(page);
  await page.close();
});

// The shipped Chinese dictionary (150k words) takes the module a long time to load
// (about 45 s natively, minutes in wasm on a busy 2-core machine): one page loads it once.
test('Chinese model: 今天天气不错 → 今天 | 天气 | 不错, by hash and by the picker', { timeout: 420_000 }, async () => {
  const page = await openTokenize(session, 'demo=tokenize&model=zh&text=今天天气不错&draws=500');
  assert.equal(await waitForTok(page, ['done', 'error'], 400_000), 'done');
  assert.deepEqual(await viterbiChips(page), ['今天', '天气', '不错']);

  // To English (an English example replaces the Chinese text) and back: the worker
  // keeps both models, so no second load.
  await markStale(page);
  await page.selectOption('[data-testid="tok-control-model"]', 'en');
  await waitForTok(page, 'done');
  assert.equal(await tokControl(page, 'text'), 'sampling playground');
  await markStale(page);
  await page.selectOption('[data-testid="tok-control-model"]', 'zh');
  await waitForTok(page, 'done', 10_000);
  assert.equal(await tokControl(page, 'text'), '今天天气不错');
  assert.deepEqual(await viterbiChips(page), ['今天', '天气', '不错']);
  assert.equal((await hashParams(page)).text, '今天天气不错');
  assertNoProblems(page);
  await page.close();
});

test('navigation: tokenize first, lazy workers, tabs keep both labs\' settings', { timeout: 90_000 }, async () => {
  const page = await openTokenize(session, 'draws=300');
  await waitForTok(page, 'done');
  assert.equal(await page.isVisible(LAB), false, 'the 2-D lab is not built yet');
  assert.equal(await page.$(LAB), null);
  const workers = () => page.workers().map((w) => w.url());
  assert.ok(workers().some((u) => /tokenize\.worker/.test(u)), 'tokenize worker running');
  assert.ok(!workers().some((u) => /mcmc\.worker/.test(u)), `only the active demo's worker: ${workers()}`);

  await page.click('[data-testid="nav-mcmc"]');
  await page.waitForSelector(LAB);
  assert.equal(await waitForState(page, ['done', 'error']), 'done');
  assert.equal(await page.isVisible(TOK), false);
  let hash = await hashParams(page);
  assert.equal(hash.demo, 'mcmc');
  assert.equal(hash.draws, '300', 'tokenize settings stay in the link');
  assert.equal(hash.target, 'mixture');
  assert.equal(await page.getAttribute('[data-testid="nav-mcmc"]', 'aria-current'), 'page');

  await page.click('[data-testid="nav-tokenize"]');
  await page.waitForSelector(TOK);
  assert.equal(await waitForTok(page, ['done', 'error']), 'done');
  hash = await hashParams(page);
  assert.equal(hash.demo, 'tokenize');
  assert.equal(hash.target, 'mixture', '2-D lab settings stay in the link');
  assert.equal(await page.isVisible(LAB), false);

  // An old link with 2-D lab keys and no demo still opens the 2-D lab.
  const old = await session.newPage();
  await old.goto(`${session.baseUrl}index.html#sampler=gibbs&n=100`);
  await old.waitForSelector(LAB);
  assert.equal(await waitForState(old, ['done', 'error']), 'done');
  assert.equal(await old.isVisible(TOK), false);
  for (const p of [page, old]) {
    assertNoProblems(p);
    await p.close();
  }
});

test('embed page, 360 px and dark theme: readable, no horizontal scroll', { timeout: 90_000 }, async () => {
  const embed = await openTokenize(session, 'demo=tokenize&text=hello&draws=400', { file: 'embed.html' });
  assert.equal(await waitForTok(embed, ['done', 'error']), 'done');
  assert.equal(await embed.$('.page-header'), null, 'embed has no page header');
  assert.equal(await embed.$('[data-testid="mcmc-lab"]'), null, 'only the tokenize lab');
  assert.equal((await viterbiChips(embed)).join(''), '▁hello');

  const narrow = await openTokenize(session, 'draws=400', { viewport: { width: 360, height: 800 } });
  assert.equal(await waitForTok(narrow, ['done', 'error']), 'done');
  const overflow = await narrow.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `page is ${overflow}px wider than the 360px viewport`);
  await screenshot(narrow, 'tokenize-360');

  const dark = await openTokenize(session, 'draws=400', { colorScheme: 'dark' });
  assert.equal(await waitForTok(dark, ['done', 'error']), 'done');
  const bg = await dark.evaluate(() => getComputedStyle(document.body).backgroundColor);
  assert.equal(bg, 'rgb(15, 17, 21)', 'dark background');
  await screenshot(dark, 'tokenize-dark');

  // Keyboard: Tab reaches the text box, typing and Enter runs.
  await markStale(dark);
  await dark.focus('[data-testid="tok-control-text"]');
  await dark.fill('[data-testid="tok-control-text"]', 'hello');
  await dark.keyboard.press('Enter');
  assert.equal(await waitForTok(dark, ['done', 'error']), 'done');
  assert.equal((await viterbiChips(dark)).join(''), '▁hello');

  for (const p of [embed, narrow, dark]) {
    assertNoProblems(p);
    await p.close();
  }
});
