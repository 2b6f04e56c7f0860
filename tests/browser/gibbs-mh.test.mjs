// MH-corrected Gibbs in the Gibbs lab: chosen in the sampler control, a seeded run ends
// with the texts and the acceptance rate of `sampling-cli gibbs --sampler mh-gibbs` with
// the same options, every chain shows a finite energy and an acceptance rate in (0, 1],
// the controls it does not use are off, and the choice round-trips through the link and
// reaches the embed page through the schema.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startSession, assertNoProblems, hashParams } from './helpers/browser.mjs';
import {
  GIBBS, openGibbs, waitForGibbs, markStale, gibbsData, steps, chainTexts, controlValue, cliGibbs, hashOf,
} from './helpers/gibbs.mjs';

let session;
before(async () => { session = await startSession(); });
after(async () => { await session?.close(); });

// A short template: each MH step costs one forward pass per token (7 here).
const RUN = {
  gtpl: '明月__，_風。',
  gsteps: 12,
  gseed: 3,
  gtopk: 50,
  gburn: 4,
  gchains: 2,
  gtemp: 1,
};

const inUnitInterval = (v) => Number.isFinite(v) && v > 0 && v <= 1;

test('choosing MH-corrected Gibbs: the tool\'s texts and acceptance rate, energies, controls it does not use off', { timeout: 150_000 }, async () => {
  const page = await openGibbs(session, hashOf(RUN));
  assert.equal(await waitForGibbs(page, ['done', 'error']), 'done');
  assert.equal(await gibbsData(page, 'sampler'), 'gibbs');
  assert.ok(await page.isHidden('[data-testid="gibbs-mh"]'), 'no MH figures for plain Gibbs');
  assert.equal(await gibbsData(page, 'acceptance'), null);
  const plain = await chainTexts(page);

  await markStale(page);
  await page.selectOption('[data-testid="gibbs-control-gsampler"]', 'mh-gibbs');
  assert.equal(await waitForGibbs(page, ['done', 'error']), 'done');
  assert.equal(await gibbsData(page, 'sampler'), 'mh-gibbs');
  assert.equal(await steps(page), RUN.gsteps);
  assert.equal((await hashParams(page)).gsampler, 'mh-gibbs');

  const expected = cliGibbs({ ...RUN, gsampler: 'mh-gibbs' });
  const texts = await chainTexts(page);
  assert.deepEqual(texts, expected.texts);
  assert.notDeepEqual(texts, plain, 'another sampler, other texts');
  const rate = Number(await gibbsData(page, 'acceptance'));
  assert.ok(inUnitInterval(rate), `acceptance rate ${rate}`);
  assert.equal(rate, expected.stats.acceptance_rate);
  assert.ok(await page.isVisible('[data-testid="gibbs-mh"]'));
  assert.match(await page.textContent('[data-testid="gibbs-acceptance"]'), /^\d+\.\d %/);
  const cards = await page.$$eval('[data-testid^="gibbs-chain-"]', (els) => els.map((e) => ({
    energy: Number(e.dataset.energy), acceptance: Number(e.dataset.acceptance), label: e.querySelector('.gibbs-score').textContent,
  })));
  assert.equal(cards.length, RUN.gchains);
  cards.forEach((card, c) => {
    assert.equal(card.energy, expected.stats.chains[c].energy, `chain ${c} energy`);
    assert.ok(inUnitInterval(card.acceptance), `chain ${c} acceptance ${card.acceptance}`);
    assert.match(card.label, /^E \d+\.\d\d · accepted \d+\.\d %$/);
  });
  // The chart plots −E per step; the pseudo-log-likelihood, the order and annealing are off.
  assert.equal(await page.$eval('[data-testid="gibbs-score-chart"]', (e) => e.dataset.points), String(RUN.gsteps));
  assert.match(await page.textContent('.gibbs-charts figcaption'), /Score −E per chain/);
  assert.equal(await page.isDisabled('[data-testid="gibbs-pll"]'), true);
  assert.equal(await page.isDisabled('[data-testid="gibbs-control-gorder"]'), true);
  assert.equal(await page.isDisabled('[data-testid="gibbs-control-ganneal"]'), true);
  assert.equal(await page.isDisabled('[data-testid="gibbs-control-gtemp"]'), false);
  assert.ok(await page.isVisible('[data-testid="gibbs-formula-mh"]'));

  // The link reproduces the run; back to plain Gibbs gives its texts again.
  const link = await page.evaluate(() => location.href);
  const again = await session.newPage();
  await again.goto(link);
  await again.waitForSelector(GIBBS);
  assert.equal(await waitForGibbs(again, ['done', 'error']), 'done');
  assert.equal(await controlValue(again, 'gsampler'), 'mh-gibbs');
  assert.deepEqual(await chainTexts(again), texts);
  assert.equal(Number(await gibbsData(again, 'acceptance')), rate);
  await markStale(again);
  await again.selectOption('[data-testid="gibbs-control-gsampler"]', 'gibbs');
  assert.equal(await waitForGibbs(again, ['done', 'error']), 'done');
  assert.deepEqual(await chainTexts(again), plain);
  assert.equal(await again.isHidden('[data-testid="gibbs-mh"]'), true);
  for (const p of [page, again]) {
    assertNoProblems(p);
    await p.close();
  }
});

test('the embed page takes gsampler from its hash', { timeout: 120_000 }, async () => {
  const embed = await openGibbs(session, `${hashOf({ ...RUN, gchains: 1, gsteps: 5 })}&gsampler=mh-gibbs`, { file: 'embed.html' });
  assert.equal(await waitForGibbs(embed, ['done', 'error']), 'done');
  assert.equal(await gibbsData(embed, 'sampler'), 'mh-gibbs');
  assert.ok(inUnitInterval(Number(await gibbsData(embed, 'acceptance'))));
  assertNoProblems(embed);
  await embed.close();
});
