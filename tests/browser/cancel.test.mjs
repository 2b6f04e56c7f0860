// 3. Cancel: a long run stops promptly, the page stays usable, and a new Run (or a
//    control change) cancels the previous run and completes.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startSession, openLab, waitForState, readStats, digest, assertNoProblems, LAB,
} from './helpers/browser.mjs';

let session;
before(async () => { session = await startSession(); });
after(async () => { await session?.close(); });

const LONG = 'target=banana&sampler=mh&n=1000000&chains=4&seed=11';

async function waitForProgress(page) {
  await page.waitForFunction(() => {
    const p = document.querySelector('[data-testid="progress"]');
    return p && p.value > 0;
  }, null, { timeout: 20_000, polling: 50 });
}

test('cancel stops a long run promptly; a new run then completes', { timeout: 90_000 }, async () => {
  const page = await openLab(session, LONG);
  assert.equal(await waitForState(page, ['running']), 'running');
  await waitForProgress(page);
  assert.equal(await page.isEnabled('[data-testid="cancel"]'), true);
  const t0 = Date.now();
  await page.click('[data-testid="cancel"]');
  assert.equal(await waitForState(page, ['cancelled', 'done', 'error'], 3000), 'cancelled');
  const elapsed = Date.now() - t0;
  assert.ok(elapsed < 1500, `cancel took ${elapsed} ms`);
  assert.equal(await page.isEnabled('[data-testid="cancel"]'), false);
  assert.equal(await digest(page), null, 'no digest for a cancelled run');

  // Progress stops moving after the cancel.
  const frozen = await page.$eval('[data-testid="progress-text"]', (e) => e.textContent);
  await page.waitForTimeout(300);
  assert.equal(await page.$eval('[data-testid="progress-text"]', (e) => e.textContent), frozen);

  // The page is usable: a short run completes.
  await page.fill('[data-testid="control-n"]', '400');
  await page.click('[data-testid="run"]');
  assert.equal(await waitForState(page, ['done', 'error']), 'done');
  assert.equal((await readStats(page)).n, '1600');
  assert.ok(await digest(page));
  assertNoProblems(page);
  await page.close();
});

test('a new run cancels the previous one', { timeout: 90_000 }, async () => {
  const page = await openLab(session, LONG);
  await waitForState(page, 'running');
  await waitForProgress(page);
  // Changing a control and committing it starts a new run at once.
  await page.fill('[data-testid="control-n"]', '250');
  await page.press('[data-testid="control-n"]', 'Enter');
  assert.equal(await waitForState(page, ['done', 'error'], 20_000), 'done');
  assert.equal((await readStats(page)).n, '1000');

  // Same settings in a fresh page give the same samples: the cancelled run left nothing behind.
  const expected = await digest(page);
  const fresh = await openLab(session, LONG.replace('n=1000000', 'n=250'));
  await waitForState(fresh, 'done');
  assert.equal(await digest(fresh), expected);

  // Run twice quickly: only the last one counts, and it completes.
  await page.click('[data-testid="run"]');
  await page.click('[data-testid="run"]');
  assert.equal(await waitForState(page, ['done', 'error']), 'done');
  assert.equal(await digest(page), expected);
  assert.equal(await page.$eval(LAB, (el) => el.dataset.state), 'done');
  assertNoProblems(page);
  assertNoProblems(fresh);
  await page.close();
  await fresh.close();
});
