// Phone (360 × 740): the tables' key columns are on screen without horizontal scroll (the
// tokenize sampler table's χ² and p, the flow quality table's NFE 8), the page itself is
// no wider than the screen, the language button stays on one line (in both languages),
// and every dropdown shows its whole choice in a readable font. Screenshots go to
// tests/browser/artifacts/phone-*.png.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startSession, assertNoProblems, screenshot } from './helpers/browser.mjs';
import { openTokenize, waitForTok, TOK } from './helpers/tokenize.mjs';
import { openFlow, waitForQuality, FLOW } from './helpers/flow.mjs';

const PHONE = { width: 360, height: 740 };

let session;
before(async () => { session = await startSession(); });
after(async () => { await session?.close(); });

/** Widths of the page: the document's scroll width must not exceed the viewport's. */
const pageWidth = (page) => page.evaluate(() => ({
  scroll: document.documentElement.scrollWidth,
  viewport: window.innerWidth,
}));

/** Cells of column `col` (1-based) of `table` that are not fully visible: outside the
 *  viewport or cut off by the scroll box around the table. */
function hiddenCells(page, table, col) {
  return page.$eval(table, (el, c) => {
    const wrap = el.closest('.table-wrap') ?? el.parentElement;
    const box = wrap.getBoundingClientRect();
    const out = [];
    for (const row of el.querySelectorAll('tr')) {
      const cell = row.children[c - 1];
      if (!cell) continue;
      const r = cell.getBoundingClientRect();
      const style = getComputedStyle(cell);
      const shown = style.display !== 'none' && style.visibility !== 'hidden' && r.width > 0;
      const inside = r.left >= Math.max(0, box.left) - 0.5 && r.right <= Math.min(window.innerWidth, box.right) + 0.5;
      if (!shown || !inside) {
        out.push(`${cell.textContent.trim() || '(empty)'}: ${shown ? `x ${r.left.toFixed(0)}–${r.right.toFixed(0)}, box ${box.left.toFixed(0)}–${box.right.toFixed(0)}` : 'not shown'}`);
      }
    }
    return out;
  }, col);
}

/** Number of lines the text of `selector` takes. */
const lines = (page, selector) => page.$eval(selector, (el) => {
  const range = document.createRange();
  range.selectNodeContents(el);
  return new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top))).size;
});

/** Visible dropdowns under `root` that are off screen, set in a font below 14 px, or too
 *  narrow for the text of their selected choice. */
const unreadableSelects = (page, root) => page.$eval(root, (el) => {
  const canvas = document.createElement('canvas').getContext('2d');
  const out = [];
  for (const select of el.querySelectorAll('select')) {
    const r = select.getBoundingClientRect();
    if (r.width === 0) continue;
    const style = getComputedStyle(select);
    canvas.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
    const text = select.selectedOptions[0]?.textContent ?? '';
    const needed = canvas.measureText(text).width;
    // Room for the text: the box minus padding, borders and the arrow (about 20 px).
    const room = r.width - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight)
      - parseFloat(style.borderLeftWidth) - parseFloat(style.borderRightWidth) - 20;
    const name = select.dataset.testid ?? select.id;
    if (r.left < 0 || r.right > window.innerWidth) out.push(`${name}: x ${r.left}–${r.right}`);
    if (parseFloat(style.fontSize) < 14) out.push(`${name}: font ${style.fontSize}`);
    if (needed > room) out.push(`${name}: "${text}" needs ${needed.toFixed(0)} px, has ${room.toFixed(0)}`);
  }
  return out;
});

for (const lang of ['en', 'zh']) {
  test(`tokenize lab at 360 px (${lang}): χ² and p on screen, no page scroll, toggle on one line`, { timeout: 90_000 }, async () => {
    const page = await openTokenize(session, `lang=${lang}`, { viewport: PHONE });
    assert.equal(await waitForTok(page, ['done', 'error']), 'done');
    await screenshot(page, `phone-tokenize-360-${lang}`);
    const width = await pageWidth(page);
    assert.ok(width.scroll <= 360, `document.scrollWidth ${width.scroll} > 360`);
    const table = `${TOK} [data-testid="tok-methods"]`;
    const heads = await page.$$eval(`${table} thead th`, (ths) => ths.map((th) => th.dataset.i18n));
    for (const key of ['tok.col.chi2', 'tok.col.p']) {
      const col = heads.indexOf(key) + 1;
      assert.ok(col > 0, `column ${key} exists`);
      assert.deepEqual(await hiddenCells(page, table, col), [], `column ${key} fully on screen`);
    }
    assert.equal(await lines(page, '[data-testid="tok-lang-toggle"]'), 1, 'language button on one line');
    assert.deepEqual(await unreadableSelects(page, TOK), []);
    assertNoProblems(page);
    await page.close();
  });
}

test('flow lab at 360 px: NFE 8 on screen, no page scroll, toggle on one line, dropdowns readable', { timeout: 120_000 }, async () => {
  for (const lang of ['en', 'zh']) {
    const page = await openFlow(session, `lang=${lang}`, { viewport: PHONE });
    await waitForQuality(page, 90_000);
    await screenshot(page, `phone-flow-360-${lang}`);
    const width = await pageWidth(page);
    assert.ok(width.scroll <= 360, `document.scrollWidth ${width.scroll} > 360`);
    const table = `${FLOW} [data-testid="flow-quality"]`;
    const heads = await page.$$eval(`${table} thead th`, (ths) => ths.map((th) => th.textContent.trim()));
    const col = heads.indexOf('NFE 8') + 1;
    assert.ok(col > 0, `an NFE 8 column (heads: ${heads.join(', ')})`);
    assert.deepEqual(await hiddenCells(page, table, col), [], 'NFE 8 fully on screen');
    assert.equal(await lines(page, '[data-testid="flow-lang-toggle"]'), 1, 'language button on one line');
    assert.deepEqual(await unreadableSelects(page, FLOW), []);
    assertNoProblems(page);
    await page.close();
  }
});
