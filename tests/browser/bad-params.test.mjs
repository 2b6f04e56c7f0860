// 4. Bad parameters show a message next to the control (and in the error area), and
//    the page keeps working: a following valid run completes.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startSession, openLab, waitForState, readStats, assertNoProblems, controlValue, gotoHash, LAB,
} from './helpers/browser.mjs';

let session;
before(async () => { session = await startSession(); });
after(async () => { await session?.close(); });

const message = (page, name) => page.textContent(`[data-testid="error-${name}"]`);
const errorArea = (page) => page.textContent('[data-testid="error"]');

async function expectError(page, control, pattern, label = control) {
  assert.equal(await waitForState(page, ['error', 'done']), 'error', `${label}: expected an error`);
  const text = await message(page, control);
  assert.match(text, pattern, `message next to ${control}`);
  assert.ok((await errorArea(page)).length > 0, 'error area says something');
  assert.equal(await page.getAttribute(`[data-testid="control-${control}"]`, 'aria-invalid'), 'true');
}

async function expectValidRun(page, n) {
  assert.equal(await waitForState(page, ['done', 'error']), 'done');
  assert.equal((await readStats(page)).n, n);
  assert.equal(await errorArea(page), '');
}

test('negative step size, then a valid one', { timeout: 60_000 }, async () => {
  const page = await openLab(session, 'target=banana&n=200');
  await waitForState(page, 'done');
  await page.fill('[data-testid="control-stepSize"]', '-1');
  await page.press('[data-testid="control-stepSize"]', 'Enter');
  await expectError(page, 'stepSize', /greater than 0/);
  await page.fill('[data-testid="control-stepSize"]', '0.5');
  await page.press('[data-testid="control-stepSize"]', 'Enter');
  await expectValidRun(page, '800');
  assert.equal(await message(page, 'stepSize'), '');
  assertNoProblems(page);
  await page.close();
});

test('NaN step size from the hash, and text typed in a number field', { timeout: 60_000 }, async () => {
  const page = await openLab(session, 'target=banana&n=200&stepSize=NaN');
  await expectError(page, 'stepSize', /number/i);
  assert.equal(await controlValue(page, 'stepSize'), 'NaN', 'the bad value stays visible');

  await page.fill('[data-testid="control-stepSize"]', 'abc');
  await page.click('[data-testid="run"]');
  await expectError(page, 'stepSize', /not a number/i);

  await page.fill('[data-testid="control-stepSize"]', '');
  await page.click('[data-testid="run"]');
  await expectValidRun(page, '800');
  assertNoProblems(page);
  await page.close();
});

test('zero samples, then a valid count', { timeout: 60_000 }, async () => {
  const page = await openLab(session, 'target=banana&n=0');
  await expectError(page, 'n', /at least 1/);
  await page.fill('[data-testid="control-n"]', '150');
  await page.press('[data-testid="control-n"]', 'Enter');
  await expectValidRun(page, '600');
  assertNoProblems(page);
  await page.close();
});

// A drawn density opens empty: the lab waits for points (state idle, no error shown).
async function expectWaitingForPoints(page) {
  await page.waitForFunction((sel) => document.querySelector(sel).dataset.state === 'idle', LAB);
  await page.waitForTimeout(800); // the worker is up and the lab has decided: still idle
  assert.equal(await page.$eval(LAB, (el) => el.dataset.state), 'idle');
  assert.equal((await page.textContent('[data-testid="error"]')).trim(), '', 'no error while waiting for points');
  assert.equal(await page.isVisible('[data-testid="canvas-message"]'), true);
  assert.match(await page.textContent('[data-testid="canvas-message"]'), /no points/);
}

test('drawn target with no points, then points drawn on the canvas', { timeout: 60_000 }, async () => {
  const page = await openLab(session, 'target=drawn&sampler=mh&n=200');
  await expectWaitingForPoints(page);
  assert.equal(await page.isVisible('[data-testid="canvas-message"]'), true);
  assert.match(await page.textContent('[data-testid="canvas-message"]'), /no points/);

  // Drag across the canvas: points are added along the way.
  const box = await page.$eval('[data-testid="main-canvas"]', (c) => {
    const r = c.getBoundingClientRect();
    return { x: r.x, y: r.y, w: r.width, h: r.height };
  });
  await page.mouse.move(box.x + box.w * 0.3, box.y + box.h * 0.3);
  await page.mouse.down();
  for (let i = 1; i <= 10; i++) await page.mouse.move(box.x + box.w * (0.3 + 0.04 * i), box.y + box.h * (0.3 + 0.03 * i));
  await page.mouse.up();
  await expectValidRun(page, '800');
  const points = (await controlValue(page, 'points')).split(';');
  assert.ok(points.length >= 3, `dragging added points (${points.length})`);
  assert.match(new URL(page.url()).hash, /points=-?[\d.]+,-?[\d.]+;/, 'points are in the hash');
  assert.equal(await page.isVisible('[data-testid="canvas-message"]'), false);

  // Clear: back to the message; one click: runs again.
  await page.click('[data-testid="clear-points"]');
  await expectWaitingForPoints(page);
  await page.mouse.click(box.x + box.w * 0.5, box.y + box.h * 0.5);
  await expectValidRun(page, '800');
  assert.equal(await controlValue(page, 'points'), '0,0');
  assertNoProblems(page);
  await page.close();
});

test('bound too small (reported by the module), then no bound', { timeout: 60_000 }, async () => {
  const page = await openLab(session, 'target=banana&sampler=rejection&n=200&bound=0.001');
  await expectError(page, 'bound', /too small/);
  assert.match(await page.textContent('[data-testid="error"]'), /bound M = 0\.001 is too small/);
  await page.fill('[data-testid="control-bound"]', '');
  await page.press('[data-testid="control-bound"]', 'Enter');
  await expectValidRun(page, '200');
  assertNoProblems(page);
  await page.close();
});

test('other absurd values are caught and the page recovers', { timeout: 60_000 }, async () => {
  const cases = [
    ['chains=0', 'chains', /at least 1/],
    ['chains=65', 'chains', /at most 64/],
    ['sampler=hmc&leapfrogSteps=0', 'leapfrogSteps', /at least 1/],
    ['sampler=annealing&t0=-3', 't0', /greater than 0/],
    ['sampler=annealing&t0=1&tEnd=5', 'tEnd', /tEnd/],
    ['seed=-1', 'seed', /at least 0/],
    ['seed=1.5', 'seed', /whole number/],
    ['n=2.5', 'n', /whole number/],
    ['target=drawn&points=0,0&bandwidth=0', 'bandwidth', /greater than 0/],
  ];
  const page = await openLab(session, 'target=banana&n=100');
  await waitForState(page, 'done');
  for (const [hash, control, pattern] of cases) {
    const params = { target: 'banana', n: '100', ...Object.fromEntries(new URLSearchParams(hash)) };
    await gotoHash(page, new URLSearchParams(params).toString());
    await expectError(page, control, pattern, hash);
  }
  await gotoHash(page, 'target=banana&n=100&sampler=annealing&t0=1&tEnd=0.5');
  await expectValidRun(page, '400');
  assertNoProblems(page);
  await page.close();
});
