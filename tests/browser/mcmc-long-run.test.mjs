// A long run stays fluid: with a million draws (4 chains × 250,000) streaming in, the page
// answers clicks (statistics are computed in the worker and spaced out; the picture draws
// only new points, at most 10,000 per frame, so a resize or a big chunk is spread over
// frames). Measured as the input delay of real clicks (event creation → handler) and as
// an event-loop probe. These machines are shared: a single delay can be a descheduled
// process, so the claim is on the median click and the 75th-percentile probe.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startSession, openLab, waitForState, readStats, assertNoProblems, LAB } from './helpers/browser.mjs';

let session;
before(async () => { session = await startSession(); });
after(async () => { await session?.close(); });

const quantile = (xs, q) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))];

test('1M draws: clicks are answered within 200 ms while the run streams in', { timeout: 300_000 }, async () => {
  const page = await openLab(session, 'target=banana&sampler=mh&n=250000&chains=4&seed=3');
  await page.waitForFunction((sel) => document.querySelector(sel).dataset.state === 'running', LAB);
  await page.evaluate(() => {
    window.__gaps = [];
    window.__delays = [];
    const probe = () => {
      const due = performance.now() + 50;
      setTimeout(() => {
        window.__gaps.push(performance.now() - due);
        if (document.querySelector('[data-testid="mcmc-lab"]').dataset.state === 'running') probe();
      }, 50);
    };
    probe();
    document.querySelector('[data-testid="lang-toggle"]').addEventListener('click', (e) => {
      window.__delays.push(performance.now() - e.timeStamp);
    });
  });
  // Clicks spread over the run: each toggles the language (the page's work for a click).
  let clicks = 0;
  while (clicks < 9 && (await page.$eval(LAB, (el) => el.dataset.state)) === 'running') {
    await page.waitForTimeout(250); // an idle machine draws the million in about 5 s
    await page.click('[data-testid="lang-toggle"]');
    clicks++;
  }
  assert.equal(await waitForState(page, ['done', 'error'], 240_000), 'done');
  const delays = await page.evaluate(() => window.__delays);
  const gaps = await page.evaluate(() => window.__gaps);
  assert.ok(delays.length >= 3, `${delays.length} clicks landed during the run`);
  const medianDelay = quantile(delays, 0.5);
  assert.ok(medianDelay < 200, `median click delay ${medianDelay.toFixed(0)} ms (all: ${delays.map((d) => d.toFixed(0))})`);
  const p75 = quantile(gaps, 0.75);
  assert.ok(p75 < 200, `75 % of event-loop probes within ${p75.toFixed(0)} ms of due (worst ${Math.max(...gaps).toFixed(0)})`);
  assert.equal((await readStats(page)).n, '1000000');

  // A resize redraws the million points: in slices over frames, not in one long task (drawn
  // at once it blocked the page for 2–4 s here). Probes every 10 ms for 1.5 s after each
  // resize; their median delay stays short.
  for (const width of [1000, 1180]) {
    const probes = page.evaluate(() => new Promise((resolve) => {
      const gaps = [];
      const t0 = performance.now();
      const probe = () => {
        const due = performance.now() + 10;
        setTimeout(() => {
          gaps.push(performance.now() - due);
          if (performance.now() - t0 < 1500) probe(); else resolve(gaps);
        }, 10);
      };
      probe();
    }));
    await page.setViewportSize({ width, height: 900 });
    const after = await probes;
    const median = quantile(after, 0.5);
    assert.ok(median < 150, `after a resize to ${width} px: median probe delay ${median.toFixed(0)} ms over ${after.length} probes`);
  }
  assertNoProblems(page);
  await page.close();
});
