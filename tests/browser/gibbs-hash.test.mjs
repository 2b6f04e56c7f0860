// The Gibbs lab's URL hash: every control round-trips (a copied link shows the same
// controls and gives the same texts), presets fill the template, `_hide` hides a control,
// the other labs' keys survive; the navigation, the embed page, 360 px, the dark theme
// and 中文 work.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startSession, assertNoProblems, screenshot, hashParams } from './helpers/browser.mjs';
import {
  GIBBS, openGibbs, waitForGibbs, markStale, gibbsData, chainTexts, controlValue, setControl, hashOf,
} from './helpers/gibbs.mjs';

let session;
before(async () => { session = await startSession(); });
after(async () => { await session?.close(); });

const OPTIONS = {
  gtpl: '_山_水，__歸去。',
  gsampler: 'gibbs',
  gorder: 'sequential',
  gtemp: '0.8',
  gtopk: '30',
  gburn: '4',
  gsteps: '8',
  gchains: '2',
  gstart: 'random',
  gtext: '',
  ganneal: '',
  gseed: '42',
  gmodel: 'poetry',
  gspeed: 'fast',
};

test('a link reproduces the run: every control, the same texts', { timeout: 120_000 }, async () => {
  const a = await openGibbs(session, `${hashOf(OPTIONS)}&fdata=spiral&text=hi`);
  assert.equal(await waitForGibbs(a, ['done', 'error']), 'done');
  for (const [name, value] of Object.entries(OPTIONS)) assert.equal(await controlValue(a, name), value, name);
  assert.equal(await controlValue(a, 'preset'), 'custom');
  const texts = await chainTexts(a);
  assert.equal(texts.length, 2);
  const digest = await gibbsData(a, 'textsDigest');
  const params = await hashParams(a);
  for (const [name, value] of Object.entries(OPTIONS)) assert.equal(params[name], value, `hash ${name}`);
  assert.equal(params.fdata, 'spiral', 'the flow lab\'s keys survive');
  assert.equal(params.text, 'hi', 'the tokenize lab\'s keys survive');

  // A preset fills the template and writes it into the hash; the link then reproduces it.
  await markStale(a);
  await a.selectOption('[data-testid="gibbs-control-preset"]', 'qiyan');
  assert.equal(await waitForGibbs(a, ['done', 'error']), 'done');
  assert.equal(await controlValue(a, 'gtpl'), '_______，_______。_______，_______。');
  assert.equal((await hashParams(a)).gtpl, '_______，_______。_______，_______。');
  const qiyan = await chainTexts(a);
  assert.ok(qiyan.every((t) => /^(\p{Script=Han}{7}[，。]){4}$/u.test(t)), qiyan.join(' '));
  await setControl(a, 'gseed', '5');
  await waitForGibbs(a, ['done', 'error']);
  const link = await a.evaluate(() => location.href);
  const b = await session.newPage();
  await b.goto(link);
  await b.waitForSelector(GIBBS);
  assert.equal(await waitForGibbs(b, ['done', 'error']), 'done');
  assert.deepEqual(await chainTexts(b), await chainTexts(a));
  assert.equal(await controlValue(b, 'gseed'), '5');
  assert.equal(await controlValue(b, 'preset'), 'qiyan');

  // Back to the first link: the first texts again.
  await markStale(b);
  await b.evaluate((h) => { location.hash = h; }, `#demo=gibbs&${hashOf(OPTIONS)}`);
  assert.equal(await waitForGibbs(b, ['done', 'error']), 'done');
  assert.equal(await gibbsData(b, 'textsDigest'), digest);
  assert.deepEqual(await chainTexts(b), texts);
  for (const p of [a, b]) {
    assertNoProblems(p);
    await p.close();
  }
});

test('navigation, _hide, embed page, 360 px dark 中文', { timeout: 120_000 }, async () => {
  const page = await session.newPage({ viewport: { width: 360, height: 800 } });
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.goto(`${session.baseUrl}index.html#demo=tokenize&lang=zh&gsteps=8&gchains=2&gseed_hide=1&gmodel=custom`);
  await page.waitForSelector('[data-testid="tokenize-lab"]');
  await page.click('[data-testid="nav-gibbs"]');
  await page.waitForSelector(GIBBS);
  assert.equal(await waitForGibbs(page, ['done', 'error']), 'done');
  assert.equal(await page.getAttribute('[data-testid="nav-gibbs"]', 'aria-current'), 'page');
  assert.match(await page.textContent('#gibbs-title'), /Gibbs 实验室/);
  assert.match(await page.textContent('[data-testid="gibbs-state-label"]'), /完成/);
  assert.equal(await page.isHidden('[data-control="gseed"]'), true, 'gseed_hide=1 hides the seed');
  // One's own model is never part of a link: the shipped one runs, and the lab says so.
  assert.equal(await controlValue(page, 'gmodel'), 'poetry');
  assert.match(await page.textContent('[data-testid="gibbs-error-gmodel"]'), /内置模型/);
  assert.equal((await chainTexts(page)).length, 2);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflow <= 0, `horizontal overflow ${overflow}px`);
  // Dark theme: the chart's axes use the dark theme's colour.
  assert.equal(await page.$eval('[data-testid="gibbs-score-chart"]', (e) => e.dataset.axisColor), '#a3a8b6');
  await screenshot(page, 'gibbs-360-dark-zh');
  // Every input has a label.
  const unlabelled = await page.$$eval(`${GIBBS} input, ${GIBBS} select`, (els) => els
    .filter((e) => !(e.labels?.length > 0) && !e.getAttribute('aria-label')).map((e) => e.id || e.name));
  assert.deepEqual(unlabelled, []);
  assertNoProblems(page);
  await page.close();

  const embed = await session.newPage({ viewport: { width: 480, height: 900 } });
  await embed.goto(`${session.baseUrl}embed.html#demo=gibbs&gsteps=6&gchains=1&gtpl=${encodeURIComponent('明月_，_風。')}`);
  await embed.waitForSelector(GIBBS);
  assert.equal(await waitForGibbs(embed, ['done', 'error']), 'done');
  assert.equal(await embed.$('.page-header'), null, 'embed has no page header');
  assert.match((await chainTexts(embed))[0], /^明月\p{Script=Han}，\p{Script=Han}風。$/u);
  assertNoProblems(embed);
  await embed.close();
});
