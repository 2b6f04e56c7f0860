// The flow lab's run choices and the pictures around them: Train starts from scratch or
// continues from the loaded (pretrained) weights, chosen next to the button and kept in
// the link; switching the dataset clears the old run's status, steps and loss chart (and
// coming back shows them again); the consistency model's paths panel draws a few
// explained paths instead of a tangle.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startSession, assertNoProblems, hashParams, screenshot } from './helpers/browser.mjs';
import {
  openFlow, waitForView, waitForTraining, waitForQuality, flowData, steps, energy, markViewStale,
} from './helpers/flow.mjs';

let session;
before(async () => { session = await startSession(); });
after(async () => { await session?.close(); });

const lossPoints = (page) => page.$eval('[data-testid="flow-loss-chart"]', (c) => Number(c.dataset.points ?? 0));
const stateLabel = (page) => page.textContent('[data-testid="flow-state-label"]');

/** Trains `hash` (fsteps steps) to the end and returns MeanFlow's energy distance at NFE 1. */
async function trainedDistance(page) {
  await page.click('[data-testid="flow-train"]');
  assert.equal(await waitForTraining(page, 'done', 60_000), 'done');
  await waitForQuality(page);
  return energy(page, 'meanflow', 1);
}

test('Train continues from the loaded weights when asked (in the link), else starts from scratch', { timeout: 150_000 }, async () => {
  // Continue: 40 more steps keep the pretrained quality (shipped MeanFlow on moons: about
  // 0.01 at one step; a fresh start after 40 steps is a blob, far above 0.1).
  const page = await openFlow(session, 'fdata=moons&fmethod=meanflow&fsteps=40&finit=loaded');
  assert.equal(await waitForView(page, 'ready'), 'ready');
  assert.equal(await page.isChecked('[data-testid="flow-init-loaded"]'), true);
  assert.equal(await page.isEnabled('[data-testid="flow-init-loaded"]'), true);
  await waitForQuality(page);
  const pretrained = await energy(page, 'meanflow', 1);
  const continued = await trainedDistance(page);
  assert.match(await page.textContent('[data-testid="flow-scatter-src-meanflow"]'), /^pretrained \+ 40 steps/);
  assert.equal(await steps(page), 40);
  assert.ok(continued < Math.max(0.05, 3 * pretrained), `continued from the pretrained weights: ${continued} (pretrained ${pretrained})`);

  // From scratch, chosen by the radio: the link says so, and training starts from random weights.
  await page.check('[data-testid="flow-init-scratch"]');
  assert.equal((await hashParams(page)).finit ?? 'scratch', 'scratch');
  assert.equal(await flowData(page, 'init'), 'scratch');
  await waitForView(page, 'ready');
  const scratch = await trainedDistance(page);
  assert.match(await page.textContent('[data-testid="flow-scatter-src-meanflow"]'), /^trained: 40 steps/);
  assert.ok(scratch > 0.1 && scratch > 5 * continued, `from scratch: ${scratch}, continued: ${continued}`);
  await page.check('[data-testid="flow-init-loaded"]');
  assert.equal((await hashParams(page)).finit, 'loaded');

  // No pretrained weights (checkerboard) or another width: the choice is off, with the reason.
  await page.selectOption('[data-testid="flow-control-fdata"]', 'checkerboard');
  assert.equal(await page.isDisabled('[data-testid="flow-init-loaded"]'), true);
  assert.equal(await page.isChecked('[data-testid="flow-init-scratch"]'), true);
  assert.match(await page.textContent('[data-testid="flow-init-note"]'), /No pretrained weights for this dataset/);
  await page.click('[data-testid="flow-lang-toggle"]');
  assert.match(await page.textContent('[data-testid="flow-init-note"]'), /没有预训练权重/);
  assert.equal((await page.textContent('[data-testid="flow-init-loaded"] + span')).trim(), '从已加载的预训练权重继续');
  await page.click('[data-testid="flow-lang-toggle"]');
  await screenshot(page, 'flow-init-choice');
  assertNoProblems(page);
  await page.close();
});

test('switching the dataset clears the old run\'s status, steps and loss chart; switching back shows them', { timeout: 120_000 }, async () => {
  const page = await openFlow(session, 'fdata=checkerboard&fmethod=fm&fwidth=32&fsteps=20000');
  assert.equal(await waitForView(page, 'ready'), 'ready');
  await page.click('[data-testid="flow-train"]');
  assert.equal(await waitForTraining(page, 'running'), 'running');
  await page.waitForFunction(() => Number(document.querySelector('[data-testid="flow-lab"]').dataset.steps) > 30, null, { timeout: 30_000 });
  await page.click('[data-testid="flow-pause"]');
  assert.equal(await waitForTraining(page, 'paused'), 'paused');
  const trained = await steps(page);
  assert.ok(await lossPoints(page) > 0);
  assert.equal(await stateLabel(page), 'paused');

  // Another dataset: nothing of the checkerboard run is shown as if it were this one's.
  await page.selectOption('[data-testid="flow-control-fdata"]', 'spiral');
  assert.equal(await waitForView(page, 'ready'), 'ready');
  assert.equal(await flowData(page, 'state'), 'idle');
  assert.equal(await stateLabel(page), 'pretrained or untrained');
  assert.equal(await steps(page), 0);
  assert.equal((await page.textContent('[data-testid="flow-step"]')).trim(), '');
  assert.equal(await lossPoints(page), 0, 'the loss chart of the checkerboard run is cleared');
  assert.equal(await page.isDisabled('[data-testid="flow-pause"]'), true);

  // Back to the checkerboard: its paused run (still in the worker) is shown again.
  await page.selectOption('[data-testid="flow-control-fdata"]', 'checkerboard');
  assert.equal(await waitForView(page, 'ready'), 'ready');
  assert.equal(await flowData(page, 'state'), 'paused');
  assert.equal(await steps(page), trained);
  assert.ok(await lossPoints(page) > 0);

  // While running, a switch stops the run (its weights belong to the old dataset) and clears it too.
  await page.click('[data-testid="flow-pause"]');
  assert.equal(await waitForTraining(page, 'running'), 'running');
  await page.selectOption('[data-testid="flow-control-fdata"]', 'rings');
  assert.equal(await flowData(page, 'state'), 'idle');
  assert.equal(await lossPoints(page), 0);
  assert.match(await page.textContent('[data-testid="flow-message"]'), /Settings changed/);
  assertNoProblems(page);
  await page.close();
});

test('consistency paths: a few paths with start and end marks and a caption in both languages', { timeout: 90_000 }, async () => {
  const page = await openFlow(session, 'fdata=moons&fmethod=consistency&fnfe=8');
  assert.equal(await waitForView(page, 'ready'), 'ready');
  const paths = (m) => page.$eval(`[data-testid="flow-traj-${m}"] canvas`, (c) => Number(c.dataset.paths));
  const drawn = await paths('consistency');
  assert.ok(drawn >= 3 && drawn <= 6, `consistency paths drawn: ${drawn}`);
  const legend = '[data-testid="flow-traj-legend"]';
  const note = '[data-testid="flow-traj-note"]';
  assert.equal(await page.isVisible(note), true);
  assert.match(await page.textContent(legend), /○ noise ε.*● where the multi-step path ends.*■ where the one-step jump lands/);
  assert.match(await page.textContent(note), /jumps straight to a guess of the data, then adds fresh noise/);
  await page.click('[data-testid="flow-lang-toggle"]');
  assert.match(await page.textContent(note), /一致性模型：每一步并不沿路径走/);
  assert.match(await page.textContent(legend), /○ 路径起点/);
  await page.click('[data-testid="flow-lang-toggle"]');
  await screenshot(page, 'flow-consistency-paths');

  // Other methods keep every path (they are real ODE paths); the consistency note goes with its panel.
  await markViewStale(page);
  await page.selectOption('[data-testid="flow-control-fmethod"]', 'fm');
  assert.equal(await waitForView(page, 'ready'), 'ready');
  assert.equal(await paths('fm'), 14);
  assert.equal(await page.isVisible(note), false);
  assertNoProblems(page);
  await page.close();
});
