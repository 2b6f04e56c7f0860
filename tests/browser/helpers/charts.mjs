// Helpers for the uPlot charts (web/src/lib/uplot-chart.js): where a data point is on
// the screen, the legend's read-out, and whether a chart has drawn anything.

/** Legend rows of the chart in `selector`: [{ label, value }] (x first, then each series). */
export function readout(page, selector) {
  return page.$$eval(`${selector} .u-legend .u-series`, (rows) => rows.map((r) => ({
    label: r.querySelector('.u-label')?.textContent ?? '',
    value: r.querySelector('.u-value')?.textContent ?? '',
  })));
}

/** Page coordinates of point `i` of series `si` (1-based; its x alone when it has no value). */
export async function pointPosition(page, selector, i, si = 1) {
  await page.$eval(selector, (host) => host.scrollIntoView({ block: 'center' }));
  return page.$eval(selector, (host, [index, series]) => {
    const u = host.chart.plot;
    const r = u.over.getBoundingClientRect();
    const x = u.valToPos(u.data[0][index], 'x');
    const v = u.data[series]?.[index];
    const y = v === null || v === undefined ? r.height / 2 : u.valToPos(v, u.series[series].scale ?? 'y');
    return { x: r.left + x, y: r.top + Math.min(Math.max(y, 2), r.height - 2) };
  }, [i, si]);
}

/** Moves the pointer onto point `i` of series `si` and returns the legend's read-out. */
export async function hoverPoint(page, selector, i, si = 1) {
  const { x, y } = await pointPosition(page, selector, i, si);
  await page.mouse.move(x, y);
  await page.waitForTimeout(50);
  return readout(page, selector);
}

/** The chart's data: [xs, ys1, …] as plain arrays. */
export function chartData(page, selector) {
  return page.$eval(selector, (host) => host.chart.plot.data.map((col) => Array.from(col)));
}

/** Current x scale of the chart: { min, max }. */
export function xScale(page, selector) {
  return page.$eval(selector, (host) => ({ min: host.chart.plot.scales.x.min, max: host.chart.plot.scales.x.max }));
}

/** Distinct colours in the chart's canvas (sampled): a blank or flat chart has one or two. */
export function chartColours(page, selector) {
  return page.$eval(`${selector} canvas`, (canvas) => {
    const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
    const seen = new Set();
    const step = Math.max(1, Math.floor((canvas.width * canvas.height) / 4000));
    for (let i = 0; i < canvas.width * canvas.height; i += step) {
      seen.add(`${data[4 * i]},${data[4 * i + 1]},${data[4 * i + 2]},${data[4 * i + 3]}`);
    }
    return seen.size;
  });
}

/** A read-out number ("0.001234", "1.23e-5", "–" for none) → number or null. */
export function readNumber(text) {
  const s = text.trim();
  return s === '–' || s === '' ? null : Number(s);
}

/** |a − b| within the rounding of a value shown with `digits` significant digits. */
export function closeTo(shown, exact, digits = 4) {
  if (shown === null || exact === null) return shown === exact;
  return Math.abs(shown - exact) <= Math.abs(exact) * 10 ** (1 - digits) + 1e-12;
}
