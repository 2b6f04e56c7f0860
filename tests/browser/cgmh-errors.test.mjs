// Errors a user can cause in the CGMH lab are shown next to the control, and the lab and
// its wasm instance keep working: no keyword, an empty keyword, a keyword the vocabulary
// lacks, more keyword characters than the template holds (or than the longest sentence),
// a template with no free position (none marked, or the keywords fill them all), a
// template character the vocabulary lacks, NaN and absurd numbers.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startSession, assertNoProblems, screenshot } from './helpers/browser.mjs';
import { openCgmh, waitForCgmh, markStale, cgmhData, messageOf, setControl, cliCgmh, hashOf } from './helpers/cgmh.mjs';

let session;
before(async () => { session = await startSession(); });
after(async () => { await session?.close(); });

const GOOD = { ckw: '月,山', ctpl: '', csteps: 25, cseed: 7, canneal: '', ctopk: 50, cbonus: 1, cmaxlen: 14 };

/** Runs `hash`, expects an error with `pattern` next to `control` and no other message. */
async function expectError(page, control, pattern) {
  assert.equal(await waitForCgmh(page, ['error', 'done']), 'error', `${control}: ${pattern}`);
  assert.match(await messageOf(page, control), pattern);
  assert.deepEqual((await cgmhData(page, 'problems')).split(','), [control]);
}

test('bad numbers: messages next to the controls, then a good run', { timeout: 120_000 }, async () => {
  const page = await openCgmh(session, 'ckw=月&csteps=NaN&cseed=-3&ctopk=1.5&cbonus=1e9&cmaxlen=abc&canneal=2:x');
  assert.equal(await waitForCgmh(page, ['error', 'done']), 'error');
  assert.match(await messageOf(page, 'csteps'), /Not a number/);
  assert.match(await messageOf(page, 'cseed'), /at least 0/);
  assert.match(await messageOf(page, 'ctopk'), /whole number/);
  assert.match(await messageOf(page, 'cbonus'), /at most 100/);
  assert.match(await messageOf(page, 'cmaxlen'), /Not a number/);
  assert.match(await messageOf(page, 'canneal'), /FROM:TO/);
  assert.equal(await messageOf(page, 'ckw'), '');
  assert.match(await page.textContent('[data-testid="cgmh-message"]'), /Fix the highlighted controls/);
  await screenshot(page, 'cgmh-bad-numbers');
  for (const [name, bad, pattern] of [
    ['csteps', '1000000', /at most 20,000/],
    ['cbonus', 'Infinity', /Not a number/],
    ['cmaxlen', '0', /at least 1/],
    ['canneal', '0:1', /between 0.000001 and 1000000|between 1e-6 and 1000000/],
  ]) {
    await page.goto(`${session.baseUrl}index.html#demo=cgmh&${hashOf({ ...GOOD, [name]: bad })}`);
    await expectError(page, name, pattern);
  }
  // Fixed in place: a good run, the CLI's sentence.
  await markStale(page);
  await setControl(page, 'canneal', '');
  assert.equal(await waitForCgmh(page, ['error', 'done']), 'done');
  assert.equal(await cgmhData(page, 'problems'), '');
  assert.equal(await cgmhData(page, 'text'), cliCgmh(GOOD).final);
  assertNoProblems(page);
  await page.close();
});

test('bad keywords and templates: messages next to the control, then a good run', { timeout: 180_000 }, async () => {
  const page = await openCgmh(session, hashOf(GOOD));
  assert.equal(await waitForCgmh(page, ['error', 'done']), 'done');
  const good = await cgmhData(page, 'text');
  const cases = [
    ['', /Give at least one keyword/],
    ['月,,山', /One keyword is empty/],
    ['月,鑫', /keyword '鑫' holds a character the model's vocabulary does not have/],
    ['😀', /keyword '😀' holds a character the model's vocabulary does not have/],
    ['月。', /holds a space or punctuation/],
    ['明月山水風雲江湖天地人家秋草木', /The keywords have 15 characters, more than the longest sentence \(14\)/],
  ];
  for (const [keywords, pattern] of cases) {
    await markStale(page);
    await setControl(page, 'ckw', keywords);
    await expectError(page, 'ckw', pattern);
  }
  // As many keyword characters as the longest sentence: the keywords alone, and they run.
  await markStale(page);
  await setControl(page, 'ckw', '明月山水風雲江湖天地人家秋草');
  assert.equal(await waitForCgmh(page, ['error', 'done']), 'done');
  assert.equal(await cgmhData(page, 'text'), '明月山水風雲江湖天地人家秋草');
  await markStale(page);
  await setControl(page, 'ckw', GOOD.ckw);
  assert.equal(await waitForCgmh(page, ['error', 'done']), 'done');
  assert.equal(await cgmhData(page, 'text'), good, 'the same chain after the errors');

  for (const [template, keywords, control, pattern] of [
    ['春花秋月', '月', 'ctpl', /The template has no free position/],
    ['__，__。', '月山水風雲', 'ckw', /The keywords have 5 characters but the template has only 4 free positions/],
    ['__，__。', '明月,山水', 'ckw', /no free position left after the keywords/],
    ['__，😀_。', '月', 'ctpl', /'😀'.*not in the model's vocabulary/],
    ['_'.repeat(65), '月', 'ctpl', /At most 64 characters/],
  ]) {
    await page.goto(`${session.baseUrl}index.html#demo=cgmh&${hashOf({ ...GOOD, ctpl: template, ckw: keywords })}`);
    await expectError(page, control, pattern);
  }
  await screenshot(page, 'cgmh-bad-template');
  // The preset fixes it: a good run in the same page (the wasm instance still works).
  await markStale(page);
  await page.selectOption('[data-testid="cgmh-control-preset"]', 'wuyan');
  assert.equal(await waitForCgmh(page, ['error', 'done']), 'done');
  assert.equal(await cgmhData(page, 'problems'), '');
  assert.equal(await cgmhData(page, 'text'), cliCgmh({ ...GOOD, ctpl: '_____，_____。_____，_____。', ckw: '月' }).final);
  assertNoProblems(page);
  await page.close();
});
