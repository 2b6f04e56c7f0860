// Canvas pictures of the flow lab: target-vs-generated scatter, noise-to-data paths, the
// drawing area, and the quality-vs-NFE chart. Colours come from CSS variables (theme).
import { fitCanvas } from '../../lib/canvas-size.js';
import { chartFrame } from '../../lib/chart-frame.js';
import { cssVar } from '../../lib/theme.js';
import { BOX } from './schema.js';

export const METHOD_COLORS = { fm: '#f26b1d', meanflow: '#12a37f', shortcut: '#e0318a', consistency: '#3b82f6' };

function frame(canvas) {
  const { width, height, dpr } = fitCanvas(canvas);
  const ctx = canvas.getContext('2d');
  ctx.clearRect(0, 0, width, height);
  const px = (x) => ((x - BOX.xmin) / (BOX.xmax - BOX.xmin)) * width;
  const py = (y) => height - ((y - BOX.ymin) / (BOX.ymax - BOX.ymin)) * height;
  // Axes through the origin, faint.
  ctx.strokeStyle = cssVar('--grid', '#ccc');
  ctx.lineWidth = dpr;
  ctx.beginPath();
  ctx.moveTo(px(0), 0); ctx.lineTo(px(0), height);
  ctx.moveTo(0, py(0)); ctx.lineTo(width, py(0));
  ctx.stroke();
  return { ctx, width, height, dpr, px, py };
}

function dots(f, points, color, radius, alpha) {
  if (!points) return;
  const { ctx, px, py, dpr } = f;
  ctx.fillStyle = color;
  ctx.globalAlpha = alpha;
  const r = radius * dpr;
  for (let i = 0; i + 1 < points.length; i += 2) {
    const x = points[i];
    const y = points[i + 1];
    if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
    ctx.fillRect(px(x) - r, py(y) - r, 2 * r, 2 * r);
  }
  ctx.globalAlpha = 1;
}

/** Target in grey, generated points in the method's colour. */
export function drawScatter(canvas, target, points, method) {
  const f = frame(canvas);
  const small = f.width < 260 * f.dpr;
  dots(f, target, cssVar('--muted', '#888'), small ? 0.8 : 1, 0.35);
  dots(f, points, METHOD_COLORS[method], small ? 0.9 : 1.1, 0.75);
}

/**
 * path: (K + 1) × n × 2 (ε, then after each step); jump: 2 × n × 2 (ε, one-step x).
 * Multi-step paths solid, one-step jumps dashed, ε as hollow circles.
 */
export function drawTrajectories(canvas, target, sample, method) {
  const f = frame(canvas);
  const { ctx, px, py, dpr } = f;
  dots(f, target, cssVar('--muted', '#888'), 0.8, 0.25);
  if (!sample?.path) return;
  const { path, jump, pathSteps } = sample;
  const n = path.length / (2 * (pathSteps + 1));
  const color = METHOD_COLORS[method];
  ctx.lineWidth = 1.3 * dpr;
  for (let i = 0; i < n; i++) {
    ctx.strokeStyle = color;
    ctx.setLineDash([]);
    ctx.beginPath();
    for (let s = 0; s <= pathSteps; s++) {
      const o = 2 * (s * n + i);
      if (s === 0) ctx.moveTo(px(path[o]), py(path[o + 1]));
      else ctx.lineTo(px(path[o]), py(path[o + 1]));
    }
    ctx.stroke();
    ctx.strokeStyle = cssVar('--fg', '#222');
    ctx.globalAlpha = 0.7;
    ctx.setLineDash([4 * dpr, 3 * dpr]);
    ctx.beginPath();
    ctx.moveTo(px(jump[2 * i]), py(jump[2 * i + 1]));
    ctx.lineTo(px(jump[2 * (n + i)]), py(jump[2 * (n + i) + 1]));
    ctx.stroke();
    ctx.globalAlpha = 1;
    ctx.setLineDash([]);
    // noise start: hollow circle; one-step end: filled square; multi-step end: filled circle.
    ctx.beginPath();
    ctx.arc(px(path[2 * i]), py(path[2 * i + 1]), 3 * dpr, 0, 2 * Math.PI);
    ctx.stroke();
    const end = 2 * (pathSteps * n + i);
    ctx.fillStyle = color;
    ctx.beginPath();
    ctx.arc(px(path[end]), py(path[end + 1]), 2.6 * dpr, 0, 2 * Math.PI);
    ctx.fill();
    ctx.fillStyle = cssVar('--fg', '#222');
    ctx.fillRect(px(jump[2 * (n + i)]) - 2 * dpr, py(jump[2 * (n + i) + 1]) - 2 * dpr, 4 * dpr, 4 * dpr);
  }
}

/** The drawing area: the drawn points as dots. */
export function drawPoints(canvas, points) {
  const f = frame(canvas);
  dots(f, points.flat(), cssVar('--accent', '#4b3a9c'), 3, 0.9);
}

/** Canvas position of a pointer event → world coordinates. */
export function toWorld(canvas, event) {
  const rect = canvas.getBoundingClientRect();
  const u = (event.clientX - rect.left) / rect.width;
  const v = (event.clientY - rect.top) / rect.height;
  return [BOX.xmin + u * (BOX.xmax - BOX.xmin), BOX.ymax - v * (BOX.ymax - BOX.ymin)];
}

/** Energy distance (log y) over NFE (log2 x), one line per method. */
export function drawQuality(canvas, nfes, quality) {
  let lo = Infinity;
  let hi = -Infinity;
  for (const values of Object.values(quality)) {
    for (const v of values ?? []) {
      if (Number.isFinite(v) && v > 0) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
    }
  }
  if (!Number.isFinite(lo)) { lo = 1e-3; hi = 1; }
  lo = Math.max(lo, hi / 1e4, 1e-5); // values near or below 0 (U-statistic) sit at the floor
  if (lo === hi) { lo /= 2; hi *= 2; }
  lo /= 1.3;
  hi *= 1.3;
  const xs = nfes.map((n) => Math.log2(n));
  const { ctx, px, py, dpr, area } = chartFrame(canvas, {
    xmin: xs[0], xmax: xs[xs.length - 1], ymin: lo, ymax: hi, yLog: true, xTicks: [],
  });
  // x ticks: the NFE values themselves.
  ctx.fillStyle = cssVar('--muted', '#666');
  ctx.textBaseline = 'top';
  nfes.forEach((n, i) => {
    ctx.textAlign = i === 0 ? 'left' : i === nfes.length - 1 ? 'right' : 'center';
    ctx.fillText(String(n), px(xs[i]), area.y + area.h + 3 * dpr);
  });
  ctx.lineWidth = 1.6 * dpr;
  for (const [method, values] of Object.entries(quality)) {
    if (!values) continue;
    ctx.strokeStyle = METHOD_COLORS[method];
    ctx.fillStyle = METHOD_COLORS[method];
    ctx.beginPath();
    let started = false;
    values.forEach((v, i) => {
      if (!Number.isFinite(v)) return;
      const x = px(xs[i]);
      const y = py(Math.max(v, lo));
      if (!started) { ctx.moveTo(x, y); started = true; } else ctx.lineTo(x, y);
    });
    ctx.stroke();
    values.forEach((v, i) => {
      if (!Number.isFinite(v)) return;
      ctx.beginPath();
      ctx.arc(px(xs[i]), py(Math.max(v, lo)), 2.5 * dpr, 0, 2 * Math.PI);
      ctx.fill();
    });
  }
}
