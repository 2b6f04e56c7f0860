// The CGMH lab's run can be paused (nothing moves while paused), resumed (the same chain
// goes on: the end is sampling-cli cgmh's sentence for the whole run) and cancelled (a
// new run afterwards works), while the page stays responsive.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startSession, assertNoProblems } from './helpers/browser.mjs';
import { openCgmh, waitForCgmh, markStale, cgmhData, cliCgmh, hashOf } from './helpers/cgmh.mjs';

let session;
before(async () => { session = await startSession(); });
after(async () => { await session?.close(); });

const OPTIONS = { ckw: '花', ctpl: '', csteps: 40, cseed: 9, canneal: '', ctopk: 50, cbonus: 1, cmaxlen: 14 };
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const steps = async (page) => Number(await cgmhData(page, 'steps'));

/** Waits until the lab has made at least `n` steps. */
async function stepsAtLeast(page, n) {
  await page.waitForFunction((k) => Number(document.querySelector('[data-testid="cgmh-lab"]').dataset.steps) >= k, n,
    { timeout: 60_000, polling: 50 });
}

test('pause, resume: the same chain to the end', { timeout: 180_000 }, async () => {
  const page = await openCgmh(session, hashOf({ ...OPTIONS, cspeed: 'watch' }));
  await stepsAtLeast(page, 3);
  await page.click('[data-testid="cgmh-pause"]');
  assert.equal(await waitForCgmh(page, ['paused', 'done', 'error']), 'paused');
  const paused = await steps(page);
  assert.ok(paused < OPTIONS.csteps, `paused at ${paused}`);
  assert.equal(await page.textContent('[data-testid="cgmh-pause"]'), 'Resume');
  await sleep(1000);
  assert.equal(await steps(page), paused, 'nothing moves while paused');
  // Resume at full speed: the chain continues where it stopped.
  await page.selectOption('[data-testid="cgmh-control-cspeed"]', 'fast');
  assert.equal(await cgmhData(page, 'state'), 'paused', 'a speed change does not restart the run');
  await page.click('[data-testid="cgmh-pause"]');
  assert.equal(await waitForCgmh(page, ['done', 'error']), 'done');
  assert.equal(await steps(page), OPTIONS.csteps);
  const cli = cliCgmh(OPTIONS);
  assert.deepEqual([await cgmhData(page, 'text'), await cgmhData(page, 'best')], [cli.final, cli.best]);
  assertNoProblems(page);
  await page.close();
});

test('cancel stops the run; a new run works', { timeout: 180_000 }, async () => {
  const page = await openCgmh(session, hashOf({ ...OPTIONS, cspeed: 'watch' }));
  await stepsAtLeast(page, 2);
  await page.click('[data-testid="cgmh-cancel"]');
  assert.equal(await waitForCgmh(page, ['cancelled', 'done', 'error']), 'cancelled');
  const at = await steps(page);
  await sleep(800);
  assert.equal(await steps(page), at, 'nothing moves after cancel');
  assert.equal(await page.isDisabled('[data-testid="cgmh-pause"]'), true);
  assert.equal(await cgmhData(page, 'text'), null, 'a cancelled run has no final sentence');
  await markStale(page);
  await page.selectOption('[data-testid="cgmh-control-cspeed"]', 'fast');
  await page.click('[data-testid="cgmh-run"]');
  assert.equal(await waitForCgmh(page, ['done', 'error']), 'done');
  assert.equal(await cgmhData(page, 'text'), cliCgmh(OPTIONS).final, 'the new run starts from the start');
  assertNoProblems(page);
  await page.close();
});
