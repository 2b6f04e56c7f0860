// The frequency table and chart match the exact distribution for the exact samplers and
// expose the original Viterbi Sampling's bias: chi-square p-values, TV distances against
// the TV of as many exact draws, and the verdict, as the page computes them (core/stats
// through the worker), on a shipped model with the defaults, at α = 0, and on a crafted
// vocabulary uploaded as a `piece<TAB>score` file (and a `word freq` dictionary).
//
// The verdict says "inconsistent" when either chi-square test (segmentations, number of
// pieces) has p < 0.0005: over random seeds an exact sampler gets it with probability at
// most 0.001 per run. The seeds here are fixed, so each verdict below is deterministic;
// at these draws the biased sampler's p-values are below 1e-100, far from the threshold.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startSession, assertNoProblems, screenshot } from './helpers/browser.mjs';
import {
  openTokenize, waitForTok, markStale, methodStat, viterbiChips,
} from './helpers/tokenize.mjs';

let session;
before(async () => { session = await startSession(); });
after(async () => { await session?.close(); });

const verdictOf = (page, m) => page.$eval(`[data-testid="tok-stat-${m}-verdict"]`, (el) => el.dataset.value);

test('the defaults tell the exact samplers from the biased one', { timeout: 180_000 }, async () => {
  const page = await openTokenize(session);
  assert.equal(await waitForTok(page, ['done', 'error'], 170_000), 'done');
  assert.equal(await page.textContent('[data-testid="tok-stat-segmentations"]'), '8,840');
  const figures = {};
  for (const m of ['original', 'perfect', 'ffbs', 'nbest']) {
    figures[m] = {
      draws: await methodStat(page, m, 'draws'),
      tv: await methodStat(page, m, 'tv'),
      floor: await methodStat(page, m, 'tvfloor'),
      p: await methodStat(page, m, 'p'),
      pPieces: await methodStat(page, m, 'pieces-p'),
      verdict: await verdictOf(page, m),
    };
  }
  const show = JSON.stringify(figures);
  for (const m of ['perfect', 'ffbs']) {
    assert.equal(figures[m].draws, 20000, show);
    assert.equal(figures[m].verdict, 'consistent', show);
    // TV within a few percent of what exact draws give (the floor is about 0.235).
    assert.ok(Math.abs(figures[m].tv - figures[m].floor) < 0.03 * figures[m].floor + 0.005, show);
  }
  assert.equal(figures.original.verdict, 'inconsistent', show);
  assert.ok(figures.original.pPieces < 1e-100 && figures.original.p < 1e-100, show);
  assert.ok(figures.original.tv > 1.5 * figures.original.floor, show);
  assert.equal(figures.nbest.verdict, 'inconsistent', show);  // truncated to the 10 best
  assert.match(await page.textContent('[data-testid="tok-stat-original-verdict"]'), /^inconsistent with P_α$/);
  assert.match(await page.textContent('[data-testid="tok-stat-perfect-verdict"]'), /^consistent with P_α$/);
  // The stated threshold is on the page.
  assert.match(await page.textContent('.tok-stats'), /p < 0\.0005/);
  // The chart's scale is set by the exact bars (at most 3 × the tallest, plus margin),
  // not by n-best's pile on its 10 segmentations, and the cut bars are named with values.
  const exactTop = Math.max(...await page.$$eval('[data-testid="tok-freq"] tbody tr:not(.others)',
    (trs) => trs.slice(0, 15).map((tr) => Number(tr.children[2].textContent))));
  const yMax = Number(await page.$eval('[data-testid="tok-chart"]', (c) => c.dataset.yMax));
  assert.ok(yMax <= 3 * exactTop * 1.08 + 1e-3 && yMax >= exactTop, `y max ${yMax}, tallest exact bar ${exactTop}`);
  assert.match(await page.textContent('[data-testid="tok-chart-cut"]'), /n-best 0\.\d+/);
  // The method control says what it chooses.
  assert.match(await page.textContent('label[for="tok-method"]'), /example draws/);
  await screenshot(page, 'tokenize-defaults-verdict');
  assertNoProblems(page);
  await page.close();
});

test('α = 0: the segmentation test has nothing to test and says why; the pieces test decides', { timeout: 180_000 }, async () => {
  const page = await openTokenize(session, 'demo=tokenize&alpha=0');
  assert.equal(await waitForTok(page, ['done', 'error'], 170_000), 'done');
  for (const m of ['perfect', 'original']) {
    const cell = await page.$eval(`[data-testid="tok-stat-${m}-p"]`, (el) => ({ text: el.textContent, title: el.title }));
    assert.equal(cell.text, '—*', `${m}: ${JSON.stringify(cell)}`);
    assert.match(cell.title, /expected fewer than 5 times/);
    assert.ok(await methodStat(page, m, 'pieces-p') !== null, `${m}: the pieces test has a p-value`);
  }
  assert.match(await page.textContent('[data-testid="tok-stats-note"]'), /^\* nothing to test: with 20,000 draws every segmentation/);
  assert.equal(await verdictOf(page, 'perfect'), 'consistent');
  assert.equal(await verdictOf(page, 'ffbs'), 'consistent');
  assert.equal(await verdictOf(page, 'original'), 'inconsistent');
  assertNoProblems(page);
  await page.close();
});

test('p-values below the smallest double are shown from their logarithm', { timeout: 90_000 }, async () => {
  const page = await openTokenize(session, 'demo=tokenize&text=hello&alpha=0.1&draws=20000&tseed=1');
  assert.equal(await waitForTok(page, ['done', 'error']), 'done');
  const cell = await page.$eval('[data-testid="tok-stat-original-p"]', (el) => ({ text: el.textContent, value: el.dataset.value, logP: Number(el.dataset.logP) }));
  assert.equal(cell.value, '0', JSON.stringify(cell));
  assert.ok(cell.logP < -700 && Number.isFinite(cell.logP), JSON.stringify(cell));
  const [mantissa, exponent] = cell.text.split('e').map(Number);
  assert.ok(Math.abs(Math.log(mantissa) + exponent * Math.LN10 - cell.logP) < 0.06, JSON.stringify(cell));
  await page.close();
});

test('20000 draws of "hello": perfect and FFBS fit P_α, the original sampler does not', { timeout: 90_000 }, async () => {
  const page = await openTokenize(session, 'demo=tokenize&text=hello&alpha=0.1&draws=20000&tseed=1');
  assert.equal(await waitForTok(page, ['done', 'error']), 'done');
  assert.equal(await page.textContent('[data-testid="tok-stat-segmentations"]'), '19');
  for (const m of ['perfect', 'ffbs']) {
    const p = await methodStat(page, m, 'p');
    const tv = await methodStat(page, m, 'tv');
    assert.ok(p > 0.001, `${m}: p = ${p}`);
    assert.ok(tv < 0.03, `${m}: TV = ${tv}`);
  }
  const p = await methodStat(page, 'original', 'p');
  const tv = await methodStat(page, 'original', 'tv');
  assert.ok(p < 1e-6, `original: p = ${p}`);
  assert.ok(tv > 0.1, `original: TV = ${tv}`);
  // The table has one row per segmentation, with exact P_α summing to 1.
  const exact = await page.$$eval('[data-testid="tok-freq"] tbody tr', (trs) => trs.map((tr) => Number(tr.children[2].textContent)));
  assert.equal(exact.length, 19);
  assert.ok(Math.abs(exact.reduce((a, b) => a + b, 0) - 1) < 0.01);
  assertNoProblems(page);
  await page.close();
});

test('crafted vocabulary: original gives 1/4, 1/4, 1/2 where exact is 1/3 each', { timeout: 90_000 }, async () => {
  const page = await openTokenize(session, 'demo=tokenize&text=abc&alpha=1&draws=20000&tseed=3');
  assert.equal(await waitForTok(page, ['done', 'error']), 'done');
  await markStale(page);
  await page.setInputFiles('[data-testid="tok-control-file"]', {
    name: 'abc.tsv', mimeType: 'text/plain', buffer: Buffer.from('a\t-1\nb\t-1\nc\t-1\nbc\t-2\nabc\t-3\n'),
  });
  assert.equal(await waitForTok(page, ['done', 'error']), 'done');
  assert.equal(await page.$eval('[data-testid="tok-control-model"]', (s) => s.value), 'custom');
  assert.match(await page.textContent('[data-testid="tok-file-info"]'), /abc\.tsv/);
  assert.ok(!/model=custom.*file|bytes/.test(new URL(page.url()).hash), 'no file content in the link');

  const rows = await page.$$eval('[data-testid="tok-freq"] tbody tr', (trs) => trs.map((tr) => ({
    seg: [...tr.querySelectorAll('.chip')].map((c) => c.textContent).join(' '),
    cells: [...tr.querySelectorAll('td.num')].slice(1).map((td) => Number(td.textContent)),
  })));
  assert.equal(rows.length, 3);
  const bySeg = Object.fromEntries(rows.map((r) => [r.seg, r.cells]));
  for (const seg of ['abc', 'a bc', 'a b c']) assert.ok(Math.abs(bySeg[seg][0] - 1 / 3) < 1e-3, `exact ${seg}`);
  // Columns: exact, original, perfect, FFBS, n-best.
  assert.ok(Math.abs(bySeg['a b c'][1] - 0.5) < 0.02, `original a b c: ${bySeg['a b c'][1]}`);
  assert.ok(Math.abs(bySeg.abc[1] - 0.25) < 0.02, `original abc: ${bySeg.abc[1]}`);
  assert.ok(Math.abs(bySeg['a bc'][1] - 0.25) < 0.02, `original a bc: ${bySeg['a bc'][1]}`);
  for (const seg of ['abc', 'a bc', 'a b c']) assert.ok(Math.abs(bySeg[seg][2] - 1 / 3) < 0.02, `perfect ${seg}`);

  const pOriginal = await methodStat(page, 'original', 'p');
  const pPerfect = await methodStat(page, 'perfect', 'p');
  assert.ok(pOriginal < 1e-6, `original p = ${pOriginal}`);
  assert.ok(pPerfect > 0.001, `perfect p = ${pPerfect}`);
  assert.ok(await methodStat(page, 'ffbs', 'p') > 0.001);
  await screenshot(page, 'tokenize-bias');
  assertNoProblems(page);
  await page.close();
});

test('an uploaded "word freq" dictionary segments Chinese text', { timeout: 60_000 }, async () => {
  const page = await openTokenize(session, 'demo=tokenize&text=今天天气不错&draws=1000');
  assert.equal(await waitForTok(page, ['done', 'error']), 'done');
  await markStale(page);
  const dict = '今天 300 t\n天天 20 d\n天气 200 n\n不错 150 a\n今 10 z\n天 30 q\n气 10 n\n不 50 d\n错 10 a\n';
  await page.setInputFiles('[data-testid="tok-control-file"]', { name: 'tiny.dict', mimeType: 'text/plain', buffer: Buffer.from(dict) });
  assert.equal(await waitForTok(page, ['done', 'error']), 'done');
  assert.deepEqual(await viterbiChips(page), ['今天', '天气', '不错']);
  assert.ok(await methodStat(page, 'perfect', 'p') > 0.001);
  assertNoProblems(page);
  await page.close();
});
