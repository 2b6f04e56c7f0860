// Screenshots of each lab for the README: the built page (dist/, rebuilt when stale, as
// the browser tests do) served under the strict CSP, each lab opened with its defaults
// in headless Chromium (/usr/bin/chromium through playwright-core) and photographed when
// its default computation has finished. Writes web/screenshots/<lab>.png.
//
//   node tools/screenshots.mjs [lab ...]      (default: every lab)
//
// Chinese glyphs need a CJK font (Debian fonts-wqy-microhei, installed by bootstrap).
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { startSession } from '../tests/browser/helpers/browser.mjs';
import { repoDir } from '../tests/browser/helpers/ensure-dist.mjs';

// Lab → hash, and the lab root's attribute that says its default computation is over.
const LABS = {
  tokenize: { hash: 'demo=tokenize', key: 'state', ends: ['done', 'error'] },
  mcmc: { hash: 'demo=mcmc', key: 'state', ends: ['done', 'error'] },
  flow: { hash: 'demo=flow', key: 'view', ends: ['ready', 'error'] },
  gibbs: { hash: 'demo=gibbs', key: 'state', ends: ['done', 'error'] },
};

const outDir = join(repoDir, 'web/screenshots');
const wanted = process.argv.slice(2).length > 0 ? process.argv.slice(2) : Object.keys(LABS);
for (const name of wanted) if (!LABS[name]) throw new Error(`unknown lab "${name}"; labs: ${Object.keys(LABS).join(', ')}`);

mkdirSync(outDir, { recursive: true });
const session = await startSession();
try {
  for (const name of wanted) {
    const page = await session.newPage({ viewport: { width: 1100, height: 860 } });
    await page.emulateMedia({ colorScheme: 'light' });
    await page.goto(`${session.baseUrl}index.html#${LABS[name].hash}`);
    const selector = `[data-testid="${name}-lab"]`;
    await page.waitForSelector(selector);
    const { key, ends } = LABS[name];
    await page.waitForFunction(([sel, k, e]) => e.includes(document.querySelector(sel).dataset[k]),
      [selector, key, ends], { timeout: 180_000, polling: 100 }).catch(() => {});
    const state = await page.$eval(selector, (el) => `${el.dataset.state}/${el.dataset.view ?? ''}`);
    await page.waitForTimeout(300); // the last chart frame
    const file = join(outDir, `${name}.png`);
    await page.screenshot({ path: file });
    if (page.problems.length > 0) console.warn(`${name}: the page reported problems:\n${page.problems.join('\n')}`);
    console.log(`${name}: ${state} → ${file}`);
    await page.close();
  }
} finally {
  await session.close();
}
