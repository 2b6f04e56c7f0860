// Line chart of one or more series over their index (trace plots, temperature).
// Long series are reduced to a min/max pair per pixel column, so drawing stays cheap.
import { chartFrame } from './chart-frame.js';

/**
 * @param canvas target canvas
 * @param series [{ values: ArrayLike<number>, color }]
 * @param opts { xMax?: number (x extent, default longest series), yLog?: boolean, offset?: number (index of values[0]) }
 */
export function drawLineChart(canvas, series, opts = {}) {
  const offset = opts.offset ?? 0;
  let n = 0;
  let lo = Infinity;
  let hi = -Infinity;
  for (const s of series) {
    n = Math.max(n, s.values.length);
    for (const v of s.values) {
      if (!Number.isFinite(v) || (opts.yLog && v <= 0)) continue;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  }
  if (!Number.isFinite(lo)) { lo = opts.yLog ? 0.01 : -1; hi = opts.yLog ? 10 : 1; }
  if (lo === hi) { lo = opts.yLog ? lo / 2 : lo - 1; hi = opts.yLog ? hi * 2 : hi + 1; }
  const xMax = Math.max(opts.xMax ?? n + offset, offset + 1);
  const { ctx, area, px, py, dpr } = chartFrame(canvas, { xmin: offset, xmax: xMax, ymin: lo, ymax: hi, yLog: opts.yLog });
  ctx.lineWidth = 1.2 * dpr;
  const columns = Math.max(1, Math.floor(area.w));
  for (const s of series) {
    const len = s.values.length;
    if (len === 0) continue;
    ctx.strokeStyle = s.color;
    ctx.globalAlpha = series.length > 1 ? 0.8 : 1;
    ctx.beginPath();
    const perColumn = ((xMax - offset) / columns);
    if (len <= 2 * columns || perColumn <= 1) {
      for (let i = 0; i < len; i++) {
        const v = s.values[i];
        const x = px(offset + i);
        const y = py(opts.yLog ? Math.max(v, lo) : v);
        if (i === 0) ctx.moveTo(x, y);
        else ctx.lineTo(x, y);
      }
    } else {
      let started = false;
      for (let col = 0; col < columns; col++) {
        const a = Math.floor(col * perColumn);
        const b = Math.min(len, Math.floor((col + 1) * perColumn));
        if (a >= len) break;
        let mn = Infinity;
        let mx = -Infinity;
        for (let i = a; i < Math.max(b, a + 1); i++) {
          const v = s.values[i];
          if (v < mn) mn = v;
          if (v > mx) mx = v;
        }
        const x = px(offset + a);
        if (!started) { ctx.moveTo(x, py(mn)); started = true; } else ctx.lineTo(x, py(mn));
        ctx.lineTo(x, py(mx));
      }
    }
    ctx.stroke();
  }
  ctx.globalAlpha = 1;
}
