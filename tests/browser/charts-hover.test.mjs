// The uPlot charts (web/src/lib/uplot-chart.js) read out what is under the pointer: in the
// 2-D lab (trace, autocorrelation) and the tokenize lab (frequency bars) the pointer is
// moved onto a data point and the legend's values are checked against the data (the
// frequency table for the bars, ACF(0) = 1, the chart's columns for the trace). Dragging
// zooms on x and a double-click resets; at 360 px wide every chart fits the page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startSession, openLab, waitForState, assertNoProblems } from './helpers/browser.mjs';
import { openTokenize, waitForTok } from './helpers/tokenize.mjs';
import {
  hoverPoint, chartData, xScale, pointPosition, readNumber, closeTo, chartColours,
} from './helpers/charts.mjs';

let session;
before(async () => { session = await startSession(); });
after(async () => { await session?.close(); });

const TRACE = '[data-testid="trace-chart"]';
const ACF = '[data-testid="acf-chart"]';
const TOK_CHART = '[data-testid="tok-chart"]';

test('2-D lab: trace and autocorrelation read out the point under the pointer; drag zooms', { timeout: 90_000 }, async () => {
  const page = await openLab(session, 'demo=mcmc&n=500&chains=3&seed=4');
  assert.equal(await waitForState(page, ['done', 'error']), 'done');
  assert.ok(await chartColours(page, TRACE) > 3, 'trace drawn');

  const trace = await chartData(page, TRACE);
  assert.equal(trace.length, 4, 'x and three chains');
  assert.equal(trace[0].length, 500);
  for (const i of [37, 250, 481]) {
    const rows = await hoverPoint(page, TRACE, i, 2);
    assert.equal(rows.length, 4, 'x and a value per chain in the legend');
    // About one iteration per pixel here: the pointer lands on i or a neighbour.
    const at = readNumber(rows[0].value);
    assert.ok(Number.isInteger(at) && Math.abs(at - i) <= 1, `iteration under the pointer (${JSON.stringify(rows)})`);
    for (let c = 1; c <= 3; c++) {
      assert.equal(rows[c].label, `chain ${c}`);
      assert.ok(closeTo(readNumber(rows[c].value), trace[c][at]), `chain ${c} at ${at}: shown ${rows[c].value}, data ${trace[c][at]}`);
    }
  }

  const acf = await chartData(page, ACF);
  let rows = await hoverPoint(page, ACF, 0, 1);
  assert.deepEqual(rows.map((r) => r.label), ['lag', 'x', 'y']);
  assert.equal(readNumber(rows[0].value), 0);
  assert.equal(readNumber(rows[1].value), 1, 'ACF of x at lag 0 is 1');
  assert.equal(readNumber(rows[2].value), 1, 'ACF of y at lag 0 is 1');
  rows = await hoverPoint(page, ACF, 5, 1);
  assert.equal(readNumber(rows[0].value), 5);
  assert.ok(closeTo(readNumber(rows[1].value), acf[1][5]) && closeTo(readNumber(rows[2].value), acf[2][5]),
    `lag 5: shown ${JSON.stringify(rows)}, data ${acf[1][5]}, ${acf[2][5]}`);

  // Drag from iteration 100 to 200: the x scale narrows to about that; double-click resets.
  const full = await xScale(page, TRACE);
  const a = await pointPosition(page, TRACE, 100, 1);
  const b = await pointPosition(page, TRACE, 200, 1);
  await page.mouse.move(a.x, a.y);
  await page.mouse.down();
  await page.mouse.move((a.x + b.x) / 2, a.y, { steps: 4 });
  await page.mouse.move(b.x, a.y, { steps: 4 });
  await page.mouse.up();
  const zoomed = await xScale(page, TRACE);
  assert.ok(Math.abs(zoomed.min - 100) < 3 && Math.abs(zoomed.max - 200) < 3, `zoomed to ${JSON.stringify(zoomed)}`);
  await page.mouse.dblclick(a.x, a.y);
  assert.deepEqual(await xScale(page, TRACE), full, 'double-click shows every iteration again');
  assertNoProblems(page);
  await page.close();
});

test('tokenize lab: a bar read-out matches its row of the frequency table', { timeout: 180_000 }, async () => {
  const page = await openTokenize(session, 'demo=tokenize&draws=3000&seed=2');
  assert.equal(await waitForTok(page, ['done', 'error'], 170_000), 'done');
  const table = await page.$$eval('[data-testid="tok-freq"] tbody tr:not(.others)', (trs) => trs.map((tr) => ({
    pieces: [...tr.querySelectorAll('.chip')].map((c) => c.textContent),
    values: [...tr.children].slice(2).map((td) => td.textContent),
  })));
  const head = await page.$$eval('[data-testid="tok-freq"] thead th', (ths) => ths.slice(2).map((th) => th.textContent));
  const data = await chartData(page, TOK_CHART);
  assert.equal(data.length, 1 + head.length, 'one bar series per column of the table');
  for (const k of [1, 4, 9]) {
    const rows = await hoverPoint(page, TOK_CHART, k - 1, 1);
    assert.equal(rows[0].value, `${k}: ${table[k - 1].pieces.join(' | ')}`, 'x read-out: the row and its segmentation');
    assert.deepEqual(rows.slice(1).map((r) => r.label), head, 'one read-out per column');
    rows.slice(1).forEach((r, j) => {
      const shown = readNumber(r.value);
      const inTable = Number(table[k - 1].values[j]); // 3 significant digits
      assert.ok(closeTo(inTable, shown, 3), `row ${k}, ${head[j]}: read-out ${r.value}, table ${table[k - 1].values[j]}`);
      assert.ok(closeTo(shown, data[j + 1][k - 1]), `row ${k}, ${head[j]}: read-out ${r.value}, bar ${data[j + 1][k - 1]}`);
    });
  }
  // The y scale is the lab's cap (the exact bars stay visible).
  const yMax = await page.$eval(TOK_CHART, (host) => [Number(host.dataset.yMax), host.chart.plot.scales.y.max]);
  assert.equal(yMax[1], yMax[0]);
  assertNoProblems(page);
  await page.close();
});

test('at 360 px every chart fits: no horizontal scroll, charts as wide as the page allows', { timeout: 240_000 }, async () => {
  const viewport = { width: 360, height: 800 };
  const cases = [
    ['mcmc', 'demo=mcmc&n=300&sampler=annealing', [TRACE, ACF, '[data-testid="temperature-chart"]']],
    ['tokenize', 'demo=tokenize&draws=1000', [TOK_CHART]],
    ['flow', 'demo=flow', ['[data-testid="flow-loss-chart"]', '[data-testid="flow-quality-chart"]']],
    ['gibbs', 'demo=gibbs', ['[data-testid="gibbs-score-chart"]']],
  ];
  for (const [lab, hash, charts] of cases) {
    const page = await session.newPage({ viewport });
    await page.goto(`${session.baseUrl}index.html#${hash}`);
    if (lab === 'mcmc') await waitForState(page, ['done', 'error']);
    if (lab === 'tokenize') await waitForTok(page, ['done', 'error'], 170_000);
    for (const chart of charts) {
      await page.waitForSelector(`${chart} .uplot`, { state: 'attached', timeout: 60_000 });
      const box = await page.$eval(chart, (host) => {
        const r = host.querySelector('.uplot').getBoundingClientRect();
        const c = host.querySelector('canvas').getBoundingClientRect();
        return { left: r.left, right: r.right, canvas: c.width, visible: host.offsetParent !== null };
      });
      if (!box.visible) continue;
      assert.ok(box.left >= 0 && box.right <= viewport.width, `${lab} ${chart}: ${JSON.stringify(box)}`);
      assert.ok(box.canvas >= 250, `${lab} ${chart} readable: ${JSON.stringify(box)}`);
    }
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `${lab}: the page is ${overflow}px wider than 360px`);
    assertNoProblems(page);
    await page.close();
  }
});

test('a theme change redraws the charts in the new colours', { timeout: 60_000 }, async () => {
  const page = await openLab(session, 'demo=mcmc&n=200');
  await page.emulateMedia({ colorScheme: 'light' });
  assert.equal(await waitForState(page, ['done', 'error']), 'done');
  const axis = () => page.$eval(TRACE, (host) => host.dataset.axisColor);
  assert.equal(await axis(), '#5b6170', 'light --muted');
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.waitForFunction((sel) => document.querySelector(sel).dataset.axisColor === '#a3a8b6', TRACE, { timeout: 5000 });
  assert.ok(await chartColours(page, TRACE) > 3, 'redrawn with its data');
  assertNoProblems(page);
  await page.close();
});
