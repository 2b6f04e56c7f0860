// Training in the flow lab: progress with a live loss curve, pause and resume; the page
// answers clicks while training runs; a drawn target (too few points → message; enough
// → training works); a diverging learning rate stops with a message and the samples
// stay. Small networks (fwidth=32) keep the runs short.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSession, assertNoProblems, screenshot, hashParams } from './helpers/browser.mjs';
import {
  METHODS, openFlow, waitForView, waitForTraining, waitForQuality, flowData, steps, paintedPixels, markViewStale, energy,
} from './helpers/flow.mjs';
import { cli, loadModule } from '../wasm/load.mjs';

let session;
before(async () => { session = await startSession(); });
after(async () => { await session?.close(); });

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function waitForSteps(page, above, timeout = 20_000) {
  await page.waitForFunction((n) => Number(document.querySelector('[data-testid="flow-lab"]').dataset.steps) > n,
    above, { timeout, polling: 50 });
  return steps(page);
}

test('training progresses with a loss curve; pause stops it, resume continues; the page stays responsive', { timeout: 90_000 }, async () => {
  const page = await openFlow(session, 'fdata=checkerboard&fwidth=32&fsteps=20000');
  assert.equal(await waitForView(page, 'ready'), 'ready');
  assert.equal(await flowData(page, 'weights'), 'none');
  await page.click('[data-testid="flow-train"]');
  assert.equal(await waitForTraining(page, 'running'), 'running');
  const first = await waitForSteps(page, 40);
  assert.ok(Number(await page.$eval('[data-testid="flow-loss-chart"]', (c) => c.dataset.points)) > 0, 'loss curve has points');
  assert.ok(await page.$eval('[data-testid="flow-progress"]', (p) => p.value) > 0);
  assert.match(await page.textContent('[data-testid="flow-step"]'), /step \d+ \/ 20,000/);
  // Live samples from the weights being trained.
  await page.waitForFunction(() => document.querySelector('[data-testid="flow-scatter-src-fm"]').dataset.kind === 'trained',
    null, { timeout: 10_000 });

  // Responsive while training: the page's main thread is never busy for long, so a click
  // waits for nothing. Measured in the page, over 1.5 s of training: timers set 20 ms
  // apart must not fire more than 300 ms late (a loaded test machine makes them a few
  // tens of ms late; training on the main thread, in chunks, makes them a chunk late).
  // The test driver's own round trips, which such a machine stretches, are not timed.
  assert.equal(await flowData(page, 'state'), 'running');
  const lagMs = await page.evaluate(() => new Promise((resolve) => {
    let worst = 0, expected = performance.now() + 20;
    const end = expected + 1500;
    const tick = () => {
      const now = performance.now();
      worst = Math.max(worst, now - expected);
      if (now > end) return resolve(Math.round(worst));
      expected = now + 20;
      setTimeout(tick, 20);
    };
    setTimeout(tick, 20);
  }));
  assert.ok(lagMs < 300, `the page's main thread was busy for ${lagMs} ms at a time while training`);
  // The language toggle and the NFE slider answer while the run goes on.
  await page.click('[data-testid="flow-lang-toggle"]');
  await page.waitForFunction(() => /一步生成/.test(document.querySelector('#flow-title').textContent), null, { timeout: 5000 });
  await page.focus('[data-testid="flow-control-fnfe"]');
  await page.keyboard.press('ArrowRight');
  await page.waitForFunction(() => document.querySelector('[data-testid="flow-nfe-value"]').textContent === '2', null, { timeout: 5000 });
  assert.equal((await hashParams(page)).fnfe, '2');
  assert.equal(await flowData(page, 'state'), 'running', 'the run goes on');
  await page.click('[data-testid="flow-lang-toggle"]');
  assert.ok(await waitForSteps(page, first) > first);

  await page.click('[data-testid="flow-pause"]');
  assert.equal(await waitForTraining(page, 'paused'), 'paused');
  const paused = await steps(page);
  await sleep(800);
  assert.equal(await steps(page), paused, 'no steps while paused');
  assert.equal(await page.textContent('[data-testid="flow-pause"]'), 'Resume');
  await screenshot(page, 'flow-training-paused');
  await page.click('[data-testid="flow-pause"]');
  assert.equal(await waitForTraining(page, 'running'), 'running');
  assert.ok(await waitForSteps(page, paused) > paused, 'resume continues from where it stopped');

  // Reset: back to no weights, step counter cleared.
  await page.click('[data-testid="flow-reset"]');
  assert.equal(await waitForTraining(page, 'idle'), 'idle');
  await page.waitForFunction(() => document.querySelector('[data-testid="flow-lab"]').dataset.weights === 'none', null, { timeout: 10_000 });
  assert.equal(await steps(page), 0);
  assertNoProblems(page);
  await page.close();
});

test('drawn target: fewer than 10 points → message; 10+ points drawn with the mouse train', { timeout: 90_000 }, async () => {
  const page = await openFlow(session, 'fdata=drawn&fmethod=meanflow&fwidth=32&fsteps=150');
  const canvas = await page.waitForSelector('[data-testid="flow-draw"]', { state: 'visible' });
  const box = { ...(await canvas.boundingBox()) };
  for (let i = 0; i < 5; i++) await page.mouse.click(box.x + box.width * (0.2 + 0.12 * i), box.y + box.height * 0.3);
  assert.equal(await page.$eval('[data-testid="flow-point-count"]', (e) => e.dataset.count), '5');
  assert.match(await page.textContent('[data-testid="flow-error-fpoints"]'), /at least 10 points \(now 5\)/);
  await page.click('[data-testid="flow-train"]');
  assert.match(await page.textContent('[data-testid="flow-message"]'), /Fix the highlighted controls/);
  assert.notEqual(await flowData(page, 'state'), 'running');

  // A drag adds the rest (a ring of points).
  await markViewStale(page);
  await canvas.scrollIntoViewIfNeeded(); // clicking Train may have scrolled the page
  const { x, y, width, height } = await canvas.boundingBox();
  Object.assign(box, { x, y, width, height });
  const cx = box.x + box.width / 2;
  const cy = box.y + box.height * 0.65;
  await page.mouse.move(cx + box.width * 0.25, cy);
  await page.mouse.down();
  for (let k = 1; k <= 40; k++) {
    const a = (2 * Math.PI * k) / 40;
    await page.mouse.move(cx + box.width * 0.25 * Math.cos(a), cy + box.height * 0.2 * Math.sin(a));
  }
  await page.mouse.up();
  const count = Number(await page.$eval('[data-testid="flow-point-count"]', (e) => e.dataset.count));
  assert.ok(count >= 15, `points drawn: ${count}`);
  assert.equal((await hashParams(page)).fpoints.split(';').length, count, 'drawn points are in the link');
  assert.equal(await page.textContent('[data-testid="flow-error-fpoints"]'), '');
  assert.equal(await waitForView(page, 'ready'), 'ready');
  assert.match(await page.textContent('[data-testid="flow-scatter-src-meanflow"]'), /no pretrained weights: press Train/);
  await page.click('[data-testid="flow-train"]');
  assert.equal(await waitForTraining(page, ['done', 'error'], 60_000), 'done');
  assert.equal(await steps(page), 150);
  await page.waitForFunction(() => document.querySelector('[data-testid="flow-lab"]').dataset.weights === 'trained', null, { timeout: 10_000 });
  assert.match(await page.textContent('[data-testid="flow-scatter-src-meanflow"]'), /trained: 150 steps/);
  assert.ok(await paintedPixels(page, '[data-testid="flow-scatter-meanflow"] canvas') > 500);
  await screenshot(page, 'flow-drawn');

  // Clear: back to the message.
  await page.click('[data-testid="flow-clear"]');
  assert.match(await page.textContent('[data-testid="flow-error-fpoints"]'), /now 0/);
  assertNoProblems(page);
  await page.close();
});

test('a diverging learning rate stops with a message; the last good weights still sample', { timeout: 60_000 }, async () => {
  const page = await openFlow(session, 'fdata=moons&fmethod=fm&flr=10&fwidth=32&fsteps=500');
  assert.equal(await waitForView(page, 'ready'), 'ready');
  await page.click('[data-testid="flow-train"]');
  assert.equal(await waitForTraining(page, ['error', 'done'], 30_000), 'error');
  const message = await page.textContent('[data-testid="flow-message"]');
  assert.match(message, /diverged/);
  assert.match(await page.textContent('[data-testid="flow-error-flr"]'), /learning rate/);
  assert.equal(await waitForView(page, 'ready'), 'ready');
  assert.equal(await flowData(page, 'weights'), 'trained');
  assert.match(await flowData(page, 'samplesDigest'), /^[0-9a-f]{8}$/);
  assert.ok(await paintedPixels(page, '[data-testid="flow-scatter-fm"] canvas') > 300, 'samples still drawn');
  await screenshot(page, 'flow-diverged');

  // A sane learning rate trains again (new weights for the new settings).
  await page.fill('[data-testid="flow-control-flr"]', '0.002');
  await page.press('[data-testid="flow-control-flr"]', 'Enter');
  await page.fill('[data-testid="flow-control-fsteps"]', '60');
  await page.press('[data-testid="flow-control-fsteps"]', 'Enter');
  await page.click('[data-testid="flow-train"]');
  assert.equal(await waitForTraining(page, ['done', 'error'], 30_000), 'done');
  assert.equal(await page.textContent('[data-testid="flow-message"]'), '');
  assertNoProblems(page);
  await page.close();
});

test('with the learning rate left empty each method trains with its own defaults, as sampling-cli flow train does', { timeout: 120_000 }, async () => {
  const page = await openFlow(session, 'fdata=moons&fwidth=16&fsteps=300&fseed=3');
  assert.equal(await page.inputValue('[data-testid="flow-control-flr"]'), '');
  assert.equal(await page.getAttribute('[data-testid="flow-control-flr"]', 'placeholder'), 'each method\'s default');
  assert.match(await page.textContent('[data-testid="flow-note-flr"]'), /MeanFlow 0\.003 decaying .*cosine.*other methods 0\.001/);
  assert.equal(await page.textContent('[data-testid="flow-error-flr"]'), '');
  assert.equal(await waitForView(page, 'ready'), 'ready');
  await page.click('[data-testid="flow-train"]');
  assert.equal(await waitForTraining(page, ['done', 'error'], 90_000), 'done');
  await waitForQuality(page);

  // The quality table's figures: `sample(nfe, 2000, 8)` of the trained EMA weights against
  // datasetSample(moons, 2000, 7). The same from the CLI's weights (its defaults, the same
  // seed, steps and widths; `flow sample` draws the page's noise for the same seed) must
  // agree to the last bit: the rate, its schedule over the run and MeanFlow's (t, r)
  // sampler are the CLI's.
  const m = await loadModule();
  const dir = mkdtempSync(join(tmpdir(), 'flow-defaults-'));
  try {
    const target = m.datasetSample('moons', 2000, 7);
    for (const method of METHODS) {
      const w = join(dir, `${method}.safetensors`);
      const t = spawnSync(cli, ['flow', 'train', '--method', method, '--data', 'moons', '--steps', '300', '--seed', '3',
        '--hidden', '16,16,16', '--out', w], { encoding: 'utf8' });
      assert.equal(t.status, 0, t.stderr);
      for (const nfe of [1, 2]) {
        const s = spawnSync(cli, ['flow', 'sample', '--weights', w, '--nfe', String(nfe), '--n', '2000', '--seed', '8'],
          { encoding: 'utf8', maxBuffer: 1 << 24 });
        assert.equal(s.status, 0, s.stderr);
        const points = Float32Array.from(s.stdout.trim().split('\n').flatMap((l) => l.split(',').map(Number)));
        assert.equal(await energy(page, method, nfe), m.energyDistance(points, target), `${method} at NFE ${nfe}`);
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  assertNoProblems(page);
  await page.close();
});
