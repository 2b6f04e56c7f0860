// Accessibility: axe-core (npm) finds no serious or critical violation on any lab, in the
// light and the dark theme, once the lab has run its default computation (so tables,
// charts and messages are on the page when it is checked).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { startSession, assertNoProblems, screenshot } from './helpers/browser.mjs';
import { DEMOS } from '../../web/src/demos/nav.js';

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
// States in which a lab has settled: its default computation finished (or failed, which
// the error collector then reports). The flow lab's data-state is its training run, idle
// until Train; its default computation is the quality table (data-quality=ready).
const SETTLED = { flow: ['idle', 'done', 'error'] };
const SETTLED_DEFAULT = ['done', 'error'];

let session;
before(async () => { session = await startSession(); });
after(async () => { await session?.close(); });

/** Serious and critical violations of the current page, one line each. */
export async function axeViolations(page) {
  // Evaluated through the debugging protocol, so the page's CSP (no inline script) does
  // not apply to the injected library.
  await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async () => {
    const result = await window.axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => `${n.target.join(' ')}: ${n.failureSummary.replace(/\s+/g, ' ')}`),
    }));
  });
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}, ${v.help}):\n    ${v.nodes.slice(0, 6).join('\n    ')}`);
}

for (const colorScheme of ['light', 'dark']) {
  for (const demo of DEMOS) {
    test(`${demo} lab, ${colorScheme} theme: no serious or critical axe violation`, { timeout: 180_000 }, async () => {
      const page = await session.newPage();
      await page.emulateMedia({ colorScheme });
      await page.goto(`${session.baseUrl}index.html#demo=${demo}`);
      const root = `[data-testid="${demo}-lab"]`;
      await page.waitForSelector(root);
      await page.waitForFunction(
        ([sel, settled]) => settled.includes(document.querySelector(sel)?.dataset.state),
        [root, SETTLED[demo] ?? SETTLED_DEFAULT],
        { timeout: 150_000, polling: 100 },
      );
      if (demo === 'flow') {
        await page.waitForFunction(() => document.querySelector('[data-testid="flow-lab"]')?.dataset.quality === 'ready',
          null, { timeout: 60_000, polling: 100 });
      }
      const found = await axeViolations(page);
      if (found.length) await screenshot(page, `a11y-${demo}-${colorScheme}`);
      assert.deepEqual(found, [], `axe on the ${demo} lab (${colorScheme}):\n  ${found.join('\n  ')}`);
      assertNoProblems(page);
      await page.close();
    });
  }
}
