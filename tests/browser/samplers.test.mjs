// 5. Every sampler runs on the banana (and mh on every target) and shows its statistics.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startSession, openLab, waitForState, readStats, digest, assertNoProblems, LAB,
} from './helpers/browser.mjs';

let session;
before(async () => { session = await startSession(); });
after(async () => { await session?.close(); });

const NUMBER = /^-?\d+(\.\d+)?(e[+-]?\d+)?$/;
const PAIR = /^-?[\d.e+-]+, -?[\d.e+-]+$/;

test('every sampler on the banana', { timeout: 120_000 }, async () => {
  const page = await openLab(session, 'target=banana&sampler=mh&n=300&chains=3&seed=2');
  await waitForState(page, 'done');
  const digests = new Set();
  for (const sampler of ['rejection', 'importance', 'mh', 'gibbs', 'annealing', 'mala', 'hmc']) {
    await page.selectOption('[data-testid="control-sampler"]', sampler);
    assert.equal(await waitForState(page, ['done', 'error']), 'done', sampler);
    const stats = await readStats(page);
    const chains = !['rejection', 'importance'].includes(sampler);
    assert.equal(stats.n, chains ? '900' : '300', `${sampler}: n`);
    assert.match(stats.mean, PAIR, `${sampler}: mean`);
    assert.match(stats.variance, PAIR, `${sampler}: variance`);
    assert.match(stats.ess, PAIR, `${sampler}: ESS`);
    if (sampler === 'importance') assert.match(stats.acceptance, /^— \(importance sampling keeps every draw/, 'importance: no acceptance rate');
    else assert.match(stats.acceptance, /^\d+(\.\d+)?(e[+-]?\d+)? %$/, `${sampler}: acceptance`);
    // The banana's exact moments, E = (0, 0), Var = (s², τ² + 2b²s⁴) = (1.5625, 3.485), beside the
    // estimates with their standard errors; an exact sampler's mean is within 4 SE of the truth
    // (two-sided 6e-5 per coordinate for a normal estimate; annealing is not a sampler of p).
    assert.equal(stats.trueMean, '0, 0');
    assert.equal(stats.trueVariance, '1.563, 3.485');
    assert.match(stats.meanSe, /^± [\d.e-]+, ± [\d.e-]+$/, `${sampler}: standard errors`);
    if (['rejection', 'importance', 'gibbs'].includes(sampler)) {
      const z = (await page.$eval('[data-testid="stat-mean"]', (el) => el.dataset.z)).split(',').map(Number);
      assert.ok(z.every((v) => Math.abs(v) < 4), `${sampler}: mean within 4 SE of the truth (z = ${z})`);
    }
    // The legend names the marks this sampler draws.
    const marks = await page.$$eval('[data-testid="mark-legend"] li', (els) => els.map((e) => e.dataset.mark));
    if (sampler === 'rejection') assert.deepEqual(marks, ['accepted', 'rejected']);
    else if (sampler === 'importance') assert.deepEqual(marks, ['weighted']);
    else {
      assert.deepEqual(marks.slice(0, 4), ['chain', 'chain', 'chain', 'head'], `${sampler}: legend`);
      assert.equal(marks.includes('best'), sampler === 'annealing');
    }
    if (chains) assert.match(stats.rhat, PAIR, `${sampler}: R-hat`);
    else assert.equal(stats.rhat, '—');
    if (sampler === 'rejection') assert.match(stats.logBound, NUMBER, 'rejection: log M');
    else assert.equal(stats.logBound, '—');
    if (sampler === 'annealing') {
      assert.match(stats.best, /^-?[\d.e+-]+, -?[\d.e+-]+, -?[\d.e+-]+$/, 'annealing: best point');
      assert.equal(await page.isVisible('[data-testid="temperature-chart"]'), true);
    } else {
      assert.equal(stats.best, '—');
      assert.equal(await page.isVisible('[data-testid="temperature-chart"]'), false);
    }
    assert.equal(await page.isVisible('[data-testid="trace-chart"]'), chains, `${sampler}: trace plot`);
    if (sampler === 'gibbs') assert.equal(stats.acceptance, '100 %');
    if (sampler === 'importance') {
      const ess = Number(stats.ess.split(', ')[0]);
      assert.ok(ess > 1 && ess <= 300, `importance ESS ${ess} within (1, n]`);
    }
    const formula = await page.textContent('[data-testid="formula-text"]');
    assert.ok(formula.length > 10, `${sampler}: formula shown`);
    digests.add(await digest(page));
  }
  assert.equal(digests.size, 7, 'each sampler gives its own samples');
  assertNoProblems(page);
  await page.close();
});

test('mh on every target', { timeout: 90_000 }, async () => {
  const page = await openLab(session, 'target=banana&sampler=mh&n=200&seed=5');
  await waitForState(page, 'done');
  for (const target of ['gaussian', 'mixture', 'donut', 'funnel']) {
    await page.selectOption('[data-testid="control-target"]', target);
    assert.equal(await waitForState(page, ['done', 'error']), 'done', target);
    await page.waitForFunction((t) => document.querySelector('[data-testid="mcmc-lab"]').dataset.heatmap === t, target);
    assert.equal((await readStats(page)).n, '800', target);
  }
  assert.equal(await page.$eval(LAB, (el) => el.dataset.heatmap), 'funnel');
  assertNoProblems(page);
  await page.close();
});
