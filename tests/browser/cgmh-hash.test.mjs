// The CGMH lab's URL hash: every control round-trips (a copied link shows the same
// controls and gives the same sentence), keyword chips edit the hash, presets fill the
// template, `_hide` hides a control, the other labs' keys survive, 中文 and 360 px work.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startSession, assertNoProblems, screenshot, hashParams } from './helpers/browser.mjs';
import { CGMH, openCgmh, waitForCgmh, markStale, cgmhData, controlValue, setControl, cliCgmh, hashOf } from './helpers/cgmh.mjs';

let session;
before(async () => { session = await startSession(); });
after(async () => { await session?.close(); });

const OPTIONS = {
  ckw: '江,雪,舟',
  ctpl: '',
  csteps: '50',
  cseed: '11',
  canneal: '2:0.1',
  ctopk: '40',
  cbonus: '1.5',
  cmaxlen: '12',
  cspeed: 'fast',
};

test('a link reproduces the run: every control, the same sentence', { timeout: 180_000 }, async () => {
  const a = await openCgmh(session, `${hashOf(OPTIONS)}&gtpl=${encodeURIComponent('_山_水')}&text=hi`);
  assert.equal(await waitForCgmh(a, ['done', 'error']), 'done');
  for (const [name, value] of Object.entries(OPTIONS)) assert.equal(await controlValue(a, name), value, name);
  assert.equal(await controlValue(a, 'preset'), 'free');
  const params = await hashParams(a);
  for (const [name, value] of Object.entries(OPTIONS)) assert.equal(params[name], value, `hash ${name}`);
  assert.equal(params.gtpl, '_山_水', 'the Gibbs lab\'s keys survive');
  assert.equal(params.text, 'hi', 'the tokenize lab\'s keys survive');
  const cli = cliCgmh(OPTIONS);
  assert.equal(await cgmhData(a, 'text'), cli.final);
  assert.match(await a.textContent('#cgmh-hint-canneal'), /τ from 2 to 0.1/);

  // Chips: one per keyword; × removes one, writes the hash and runs again.
  assert.deepEqual(await a.$$eval('[data-testid="cgmh-chips"] .cgmh-chip', (cs) => cs.map((c) => c.dataset.keyword)), ['江', '雪', '舟']);
  await markStale(a);
  await a.click('[data-testid="cgmh-chips"] .cgmh-chip:nth-child(2) button');
  assert.equal(await waitForCgmh(a, ['done', 'error']), 'done');
  assert.equal(await controlValue(a, 'ckw'), '江,舟');
  assert.equal((await hashParams(a)).ckw, '江,舟');
  assert.equal(await cgmhData(a, 'text'), cliCgmh({ ...OPTIONS, ckw: '江,舟' }).final);

  // A preset fills the template; the link then reproduces it in another page.
  await markStale(a);
  await a.selectOption('[data-testid="cgmh-control-preset"]', 'qiyan');
  assert.equal(await waitForCgmh(a, ['done', 'error']), 'done');
  assert.equal((await hashParams(a)).ctpl, '_______，_______。_______，_______。');
  await setControl(a, 'cseed', '3');
  await waitForCgmh(a, ['done', 'error']);
  const link = await a.evaluate(() => location.href);
  const b = await session.newPage();
  await b.goto(link);
  await b.waitForSelector(CGMH);
  assert.equal(await waitForCgmh(b, ['done', 'error']), 'done');
  assert.equal(await cgmhData(b, 'text'), await cgmhData(a, 'text'));
  assert.equal(await controlValue(b, 'preset'), 'qiyan');
  assert.equal(await controlValue(b, 'cseed'), '3');
  for (const p of [a, b]) {
    assertNoProblems(p);
    await p.close();
  }
});

test('_hide, 中文, 360 px', { timeout: 120_000 }, async () => {
  const page = await session.newPage({ viewport: { width: 360, height: 800 } });
  await page.goto(`${session.baseUrl}index.html#demo=cgmh&lang=zh&csteps=20&cseed_hide=1&ckw=${encodeURIComponent('山')}`);
  await page.waitForSelector(CGMH);
  assert.equal(await waitForCgmh(page, ['done', 'error']), 'done');
  assert.equal(await page.isHidden('[data-control="cseed"]'), true, 'cseed_hide=1 hides the seed');
  assert.match(await page.textContent('#cgmh-title'), /CGMH 实验室/);
  assert.match(await page.textContent('[data-testid="cgmh-state-label"]'), /完成/);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflow <= 0, `horizontal overflow ${overflow}px`);
  const unlabelled = await page.$$eval(`${CGMH} input, ${CGMH} select`, (els) => els
    .filter((e) => !(e.labels?.length > 0) && !e.getAttribute('aria-label')).map((e) => e.id || e.name));
  assert.deepEqual(unlabelled, []);
  await screenshot(page, 'cgmh-360-zh');
  assertNoProblems(page);
  await page.close();
});
