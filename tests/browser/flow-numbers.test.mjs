// The flow lab's figures: energy distances below the noise floor read "below noise" (the
// estimator is unbiased and can be ≤ 0) and the log-scale chart plots nothing ≤ 0; a
// caption never shows another run's energy distance beside the samples being trained;
// leaving the tab pauses training and the Train button then says Resume; changing NFE
// marks the panels being recomputed as busy.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startSession, assertNoProblems } from './helpers/browser.mjs';
import { openFlow, waitForView, waitForTraining, waitForQuality, flowData } from './helpers/flow.mjs';

let session;
before(async () => { session = await startSession(); });
after(async () => { await session?.close(); });

test('quality table: values under the noise floor read "below noise"; the chart plots only positive values', { timeout: 120_000 }, async () => {
  const page = await openFlow(session, 'fdata=8gaussians');
  await waitForQuality(page);
  const cells = await page.$$eval('.flow-quality td[data-value]', (tds) => tds.map((td) => ({
    text: td.textContent, value: Number(td.dataset.value), title: td.title,
  })));
  assert.ok(cells.length >= 8, `quality cells: ${cells.length}`);
  const floors = new Set();
  for (const c of cells) {
    const m = /noise floor (\d+\.\d+)/.exec(c.title);
    assert.ok(m, `cell "${c.text}" names the noise floor in its title: "${c.title}"`);
    const floor = Number(m[1]);
    assert.ok(floor > 0, 'the noise floor is positive');
    floors.add(floor);
    if (c.value < floor) assert.equal(c.text, 'below noise', `value ${c.value} under floor ${floor}`);
    else assert.equal(c.text, c.value.toFixed(4));
    assert.doesNotMatch(c.text, /^-/, 'no negative distance is shown as a figure');
  }
  assert.equal(floors.size, 1, 'one floor for the data set');
  const least = Number(await page.$eval('[data-testid="flow-quality-chart"]', (c) => c.dataset.least));
  const [floor] = floors;
  // Values under the floor are drawn at it (the title rounds the floor to 4 decimals).
  assert.ok(least > 0 && least >= floor - 5e-5, `the log axis plots nothing under the noise floor ${floor} (least ${least})`);
  // Language: the same cell reads in Chinese.
  await page.click('[data-testid="flow-lang-toggle"]');
  const zh = await page.$$eval('.flow-quality td[data-value]', (tds) => tds.map((td) => td.textContent));
  assert.ok(!zh.includes('below noise'), 'no English left in the table');
  await assertNoProblems(page);
  await page.close();
});

test('training: captions show no stale energy distance; leaving the tab pauses and the button says Resume; NFE change shows busy panels', { timeout: 120_000 }, async () => {
  const page = await openFlow(session, 'fdata=moons&fwidth=32&fsteps=20000&fmethod=fm');
  await waitForQuality(page);
  const caption = '[data-testid="flow-scatter-src-fm"]';
  assert.match(await page.textContent(caption), /energy distance/, 'pretrained weights show their distance');

  // NFE change: the panels being recomputed are marked busy at once, and cleared when drawn.
  const busy = await page.evaluate(() => {
    const slider = document.querySelector('[data-testid="flow-control-fnfe"]');
    slider.value = String(Number(slider.value) === 0 ? 1 : 0);
    slider.dispatchEvent(new Event('input', { bubbles: true }));
    return [...document.querySelectorAll('.flow-panel:not([hidden])')].map((f) => f.getAttribute('aria-busy'));
  });
  assert.ok(busy.length > 0 && busy.every((b) => b === 'true'), `shown panels busy after an NFE change: ${busy}`);
  assert.equal(await waitForView(page, 'ready'), 'ready');
  assert.equal(await page.$$eval('.flow-panel[aria-busy="true"]', (f) => f.length), 0, 'busy signs cleared');

  await page.click('[data-testid="flow-train"]');
  assert.equal(await waitForTraining(page, 'running'), 'running');
  await page.waitForFunction((sel) => document.querySelector(sel).dataset.kind === 'trained', caption, { timeout: 20_000 });
  for (let i = 0; i < 5; i++) {
    const text = await page.textContent(caption);
    assert.doesNotMatch(text, /energy distance/, `caption while training: "${text}"`);
    await new Promise((r) => setTimeout(r, 200));
  }

  // Leaving the tab pauses; the Train button then says Resume (both languages).
  await page.click('.demo-nav [data-demo="mcmc"]');
  assert.equal(await flowData(page, 'state'), 'paused');
  await page.click('.demo-nav [data-demo="flow"]');
  assert.equal(await waitForTraining(page, 'paused'), 'paused');
  assert.equal((await page.textContent('[data-testid="flow-train"]')).trim(), 'Resume');
  await page.click('[data-testid="flow-lang-toggle"]');
  assert.equal((await page.textContent('[data-testid="flow-train"]')).trim(), '继续');
  await page.click('[data-testid="flow-train"]');
  assert.equal(await waitForTraining(page, 'running'), 'running');
  assert.equal((await page.textContent('[data-testid="flow-train"]')).trim(), '训练');
  await page.click('[data-testid="flow-pause"]');
  await assertNoProblems(page);
  await page.close();
});

