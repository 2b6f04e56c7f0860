// Shared plot frame for the small canvas charts: margins, axes, tick labels.
import { fitCanvas } from './canvas-size.js';
import { cssVar } from './theme.js';

export function formatTick(v) {
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a >= 1e4 || a < 1e-3) return v.toExponential(0);
  return String(Number(v.toPrecision(3)));
}

/** Prepares the canvas and returns the plot area and mapping helpers. */
export function chartFrame(canvas, { xmin, xmax, ymin, ymax, yLog = false, xTicks: xTickValues }) {
  const { width, height, dpr } = fitCanvas(canvas);
  const ctx = canvas.getContext('2d');
  ctx.clearRect(0, 0, width, height);
  const m = { left: 44 * dpr, right: 8 * dpr, top: 8 * dpr, bottom: 18 * dpr };
  const area = { x: m.left, y: m.top, w: Math.max(1, width - m.left - m.right), h: Math.max(1, height - m.top - m.bottom) };
  const ty = (v) => (yLog ? Math.log10(v) : v);
  const y0 = ty(ymin);
  const y1 = ty(ymax);
  const px = (x) => area.x + ((x - xmin) / (xmax - xmin || 1)) * area.w;
  const py = (y) => area.y + area.h - ((ty(y) - y0) / (y1 - y0 || 1)) * area.h;

  const fg = cssVar('--muted', '#666');
  ctx.strokeStyle = cssVar('--grid', '#ccc');
  ctx.lineWidth = dpr;
  ctx.strokeRect(area.x, area.y, area.w, area.h);
  ctx.fillStyle = fg;
  ctx.font = `${10 * dpr}px system-ui, sans-serif`;
  ctx.textAlign = 'right';
  ctx.textBaseline = 'middle';
  const yTicks = yLog ? [ymin, Math.sqrt(ymin * ymax), ymax] : [ymin, (ymin + ymax) / 2, ymax];
  for (const v of yTicks) ctx.fillText(formatTick(v), area.x - 3 * dpr, py(v));
  ctx.textBaseline = 'top';
  const xTicks = xTickValues ?? [xmin, (xmin + xmax) / 2, xmax];
  xTicks.forEach((v, i) => {
    ctx.textAlign = i === 0 ? 'left' : i === xTicks.length - 1 ? 'right' : 'center';
    ctx.fillText(formatTick(Math.round(v * 100) / 100), px(v), area.y + area.h + 3 * dpr);
  });
  return { ctx, area, px, py, dpr };
}
