// The CGMH lab runs in the page: the keywords are in the final and the best sentence, both
// are sampling-cli cgmh's for the same options and seed (free length and a template,
// annealed), the chain, the acceptance rates, the score chart and the proposal table are
// shown; the navigation, the embed page and the <sampling-cgmh> element work.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startSession, assertNoProblems, screenshot } from './helpers/browser.mjs';
import { hostPage, waitForEmbed } from './helpers/embed-host.mjs';
import { CGMH, openCgmh, waitForCgmh, cgmhData, sentences, cliCgmh, hashOf } from './helpers/cgmh.mjs';

let session;
before(async () => { session = await startSession(); });
after(async () => { await session?.close(); });

const FREE = { ckw: '月,山', ctpl: '', csteps: 120, cseed: 4, canneal: '', ctopk: 50, cbonus: 1, cmaxlen: 14 };
const TEMPLATE = { ckw: '春風,明月', ctpl: '_____，_____。', csteps: 60, cseed: 2, canneal: '3:0.05', ctopk: 30, cbonus: 0, cmaxlen: 14 };

/** The characters of every keyword appear in `text` in order, each keyword contiguous. */
function holdsInOrder(text, keywords) {
  let from = 0;
  for (const k of keywords.split(',')) {
    const at = text.indexOf(k, from);
    if (at < 0) return false;
    from = at + k.length;
  }
  return true;
}

test('free length: the keywords are in the sentence, which is the CLI\'s', { timeout: 180_000 }, async () => {
  const page = await openCgmh(session, hashOf(FREE));
  assert.equal(await waitForCgmh(page, ['done', 'error']), 'done');
  const got = await sentences(page);
  const cli = cliCgmh(FREE);
  assert.deepEqual(got, { final: cli.final, best: cli.best });
  assert.ok(holdsInOrder(got.final, FREE.ckw), got.final);
  assert.ok(holdsInOrder(got.best, FREE.ckw), got.best);
  assert.equal(await cgmhData(page, 'steps'), String(FREE.csteps));
  // The chain: the current sentence's keyword cells, the last proposal, the best sentence.
  const keywordCells = await page.$$eval('[data-testid="cgmh-current"] .cell.keyword', (cells) => cells.map((c) => c.textContent).join(''));
  assert.equal(keywordCells, '月山');
  assert.equal(await page.$eval('[data-testid="cgmh-current"] .cgmh-cells', (el) => el.textContent), cli.final);
  assert.equal(await page.$eval('[data-testid="cgmh-best"] .cgmh-cells', (el) => el.textContent), cli.best);
  assert.match(await page.$eval('[data-testid="cgmh-proposal"]', (el) => el.dataset.verdict), /^(accepted|rejected)$/);
  // Acceptance per move type: the CLI's counts.
  for (const move of ['replace', 'insert', 'delete']) {
    const row = await page.$$eval(`[data-testid="cgmh-rates"] tr[data-move="${move}"] td`, (tds) => tds.map((td) => td.textContent));
    const s = cli.stats.moves[move];
    assert.equal(row[2], s.proposals.toLocaleString('en-US'), move);
    assert.equal(row[3], s.acceptances.toLocaleString('en-US'), move);
    assert.equal(row[4], `${(100 * s.rate).toFixed(1)}%`, move);
  }
  // log π of the start and after every step; proposals in the table, newest first.
  assert.equal(await page.$eval('[data-testid="cgmh-score-chart"]', (el) => el.dataset.points), String(FREE.csteps + 1));
  const firstRow = await page.$$eval('[data-testid="cgmh-records"] tbody tr:first-child td', (tds) => tds.map((td) => td.textContent));
  assert.equal(firstRow[0], String(FREE.csteps));
  assert.equal(await page.isHidden('[data-testid="cgmh-temp-chart"]'), true, 'no schedule without annealing');
  await screenshot(page, 'cgmh-free');
  assertNoProblems(page);
  await page.close();
});

test('a template with annealing: replace moves only, the schedule shown, the CLI\'s sentence', { timeout: 180_000 }, async () => {
  const page = await openCgmh(session, hashOf(TEMPLATE));
  assert.equal(await waitForCgmh(page, ['done', 'error']), 'done');
  const got = await sentences(page);
  const cli = cliCgmh(TEMPLATE);
  assert.deepEqual(got, { final: cli.final, best: cli.best });
  assert.match(got.final, /^\p{Script=Han}{5}，\p{Script=Han}{5}。$/u);
  assert.ok(holdsInOrder(got.final, TEMPLATE.ckw), got.final);
  assert.equal(await page.$eval('[data-testid="cgmh-control-preset"]', (el) => el.value), 'custom');
  assert.equal(await page.isDisabled('[data-testid="cgmh-control-cmaxlen"]'), true);
  const insert = await page.$$eval('[data-testid="cgmh-rates"] tr[data-move="insert"] td', (tds) => tds.map((td) => td.textContent));
  assert.deepEqual(insert.slice(1, 4), ['0.000', '0', '0']);
  assert.equal(await page.isVisible('[data-testid="cgmh-temp-chart"]'), true);
  assert.equal(await page.$eval('[data-testid="cgmh-temp-chart"]', (el) => el.dataset.points), String(TEMPLATE.csteps));
  assert.match(await page.textContent('[data-testid="cgmh-temp"]'), /τ 0\.05/);
  assertNoProblems(page);
  await page.close();
});

test('navigation, embed page and the <sampling-cgmh> element', { timeout: 180_000 }, async () => {
  const page = await session.newPage();
  await page.goto(`${session.baseUrl}index.html#demo=gibbs&gsteps=2&gchains=1&csteps=20&ckw=${encodeURIComponent('山')}`);
  await page.waitForSelector('[data-testid="gibbs-lab"]');
  await page.click('[data-testid="nav-cgmh"]');
  await page.waitForSelector(CGMH);
  assert.equal(await waitForCgmh(page, ['done', 'error']), 'done');
  assert.equal(await page.getAttribute('[data-testid="nav-cgmh"]', 'aria-current'), 'page');
  assert.match(await cgmhData(page, 'text'), /山/);
  assertNoProblems(page);
  await page.close();

  const embed = await session.newPage({ viewport: { width: 480, height: 900 } });
  await embed.goto(`${session.baseUrl}embed.html#demo=cgmh&csteps=15&ckw=${encodeURIComponent('江')}`);
  await embed.waitForSelector(CGMH);
  assert.equal(await waitForCgmh(embed, ['done', 'error']), 'done');
  assert.equal(await embed.$('.page-header'), null, 'embed has no page header');
  assert.match(await cgmhData(embed, 'text'), /江/);
  assertNoProblems(embed);
  await embed.close();

  const url = hostPage(session, 'cgmh-element', '<sampling-cgmh id="c" ckw="雲" csteps="12" cseed="3"></sampling-cgmh>');
  const host = await session.newPage();
  await host.goto(url);
  assert.equal(await waitForEmbed(host, '#c', ['done', 'error']), 'done');
  const text = await host.$eval('#c', (el) => el.shadowRoot.querySelector('[data-testid="cgmh-lab"]').dataset.text);
  assert.equal(text, cliCgmh({ ...FREE, ckw: '雲', csteps: 12, cseed: 3 }).final);
  assert.equal(await host.evaluate(() => location.hash), '', 'the host page\'s URL is untouched');
  assertNoProblems(host);
  await host.close();
});
