// Grouped bar chart over a shared index (autocorrelation by lag, x and y side by side).
import { chartFrame } from './chart-frame.js';

/** @param groups [{ values: ArrayLike<number>, color }] */
export function drawBarChart(canvas, groups, opts = {}) {
  let n = 0;
  let lo = opts.yMin ?? 0;
  let hi = opts.yMax ?? 1;
  for (const g of groups) {
    n = Math.max(n, g.values.length);
    for (const v of g.values) {
      if (!Number.isFinite(v)) continue;
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
  }
  // Bar i is centred on i; the x range has half a slot of room on either side.
  const last = Math.max(1, n - 1);
  const { ctx, area, px, py } = chartFrame(canvas, {
    xmin: -0.5, xmax: last + 0.5, ymin: lo, ymax: hi, xTicks: [0, Math.round(last / 2), last],
  });
  if (n === 0) return;
  const slot = area.w / (last + 1);
  const bar = Math.max(1, (slot * 0.8) / groups.length);
  const zero = py(0);
  groups.forEach((g, gi) => {
    ctx.fillStyle = g.color;
    for (let i = 0; i < g.values.length; i++) {
      const v = g.values[i];
      if (!Number.isFinite(v)) continue;
      const x = px(i) - slot * 0.4 + gi * bar;
      const y = py(v);
      ctx.fillRect(x, Math.min(y, zero), bar, Math.abs(zero - y));
    }
  });
}
