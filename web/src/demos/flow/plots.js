// Pictures of the flow lab: target-vs-generated scatter, noise-to-data paths and the
// drawing area on canvas; the training loss and quality-vs-NFE line charts with uPlot
// (lib/uplot-chart.js). Colours come from CSS variables (theme).
import { fitCanvas } from '../../lib/canvas-size.js';
import { UChart, byIndex } from '../../lib/uplot-chart.js';
import { cssVar } from '../../lib/theme.js';
import { t } from '../../lib/i18n.js';
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

/** Paths drawn for consistency models: their multi-step "paths" jump about (see below). */
export const CONSISTENCY_PATHS = 5;

/**
 * path: (K + 1) × n × 2 (ε, then after each step); jump: 2 × n × 2 (ε, one-step x).
 * Multi-step paths solid, one-step jumps dashed; marks: ε a hollow circle, the multi-step
 * end a filled circle, the one-step end a square. A consistency model's steps are no
 * path (each jumps to a guess of the data, then re-noises it), so for it a few guesses
 * are joined by a faint line instead. canvas.dataset.paths: how many are drawn.
 */
export function drawTrajectories(canvas, target, sample, method) {
  const f = frame(canvas);
  const { ctx, px, py, dpr } = f;
  dots(f, target, cssVar('--muted', '#888'), 0.8, 0.25);
  if (!sample?.path) {
    canvas.dataset.paths = '0';
    return;
  }
  const { path, jump, pathSteps } = sample;
  const n = path.length / (2 * (pathSteps + 1));
  const consistency = method === 'consistency';
  const shown = consistency ? Math.min(n, CONSISTENCY_PATHS) : n;
  const color = METHOD_COLORS[method];
  const fg = cssVar('--fg', '#222');
  const at = (s, i) => [px(path[2 * (s * n + i)]), py(path[2 * (s * n + i) + 1])];
  for (let i = 0; i < shown; i++) {
    ctx.strokeStyle = color;
    if (consistency) {
      // The successive guesses x̂_1 … x̂_K: a faint thin line and small dots.
      ctx.lineWidth = 1 * dpr;
      ctx.globalAlpha = 0.35;
      ctx.beginPath();
      for (let s = 1; s <= pathSteps; s++) (s === 1 ? ctx.moveTo : ctx.lineTo).apply(ctx, at(s, i));
      ctx.stroke();
      ctx.globalAlpha = 0.7;
      ctx.fillStyle = color;
      for (let s = 1; s < pathSteps; s++) {
        const [x, y] = at(s, i);
        ctx.beginPath();
        ctx.arc(x, y, 1.6 * dpr, 0, 2 * Math.PI);
        ctx.fill();
      }
      ctx.globalAlpha = 1;
    } else {
      ctx.lineWidth = 1.3 * dpr;
      ctx.beginPath();
      for (let s = 0; s <= pathSteps; s++) (s === 0 ? ctx.moveTo : ctx.lineTo).apply(ctx, at(s, i));
      ctx.stroke();
    }
    ctx.lineWidth = 1.3 * dpr;
    ctx.strokeStyle = fg;
    ctx.globalAlpha = 0.7;
    ctx.setLineDash([4 * dpr, 3 * dpr]);
    ctx.beginPath();
    ctx.moveTo(px(jump[2 * i]), py(jump[2 * i + 1]));
    ctx.lineTo(px(jump[2 * (n + i)]), py(jump[2 * (n + i) + 1]));
    ctx.stroke();
    ctx.globalAlpha = 1;
    ctx.setLineDash([]);
    // noise start: hollow circle; one-step end: filled square; multi-step end: filled circle.
    ctx.strokeStyle = color;
    ctx.beginPath();
    ctx.arc(...at(0, i), 3 * dpr, 0, 2 * Math.PI);
    ctx.stroke();
    ctx.fillStyle = color;
    ctx.beginPath();
    ctx.arc(...at(pathSteps, i), 2.6 * dpr, 0, 2 * Math.PI);
    ctx.fill();
    ctx.fillStyle = fg;
    ctx.fillRect(px(jump[2 * (n + i)]) - 2 * dpr, py(jump[2 * (n + i) + 1]) - 2 * dpr, 4 * dpr, 4 * dpr);
  }
  canvas.dataset.paths = String(shown);
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

const charts = new WeakMap(); // host element → its UChart

function chartIn(host, opts) {
  if (!charts.has(host)) charts.set(host, new UChart(host, opts));
  return charts.get(host);
}

/**
 * Values for a log axis: those at or below 0 (a U-statistic can be) or far below the
 * largest sit at a floor; the read-out still shows the value itself.
 */
function logFloor(lists) {
  let hi = 0;
  for (const l of lists) for (const v of l) if (Number.isFinite(v) && v > hi) hi = v;
  const floor = Math.max(hi / 1e4, 1e-5);
  return lists.map((l) => Array.from(l, (v) => (v === null || !Number.isFinite(v) ? null : Math.max(v, floor))));
}

/**
 * Energy distance (log y) over NFE (log2 x), one line per method. The estimator is
 * unbiased and can be ≤ 0; a value below the noise floor is drawn at the floor (the
 * read-out keeps the value), and with no floor known a value ≤ 0 is left out.
 */
export function drawQuality(host, nfes, quality, noise = NaN) {
  const chart = chartIn(host, {
    xLabel: () => t('flow.axis.nfe'), yLabel: () => t('flow.axis.ed'), xLog2: true, yLog: true, height: 170,
  });
  const methods = Object.keys(quality).filter((m) => quality[m]);
  const raw = methods.map((m) => nfes.map((_, i) => quality[m][i] ?? null));
  const floor = Number.isFinite(noise) && noise > 0 ? noise : 0;
  const positive = raw.map((l) => l.map((v) => {
    if (v === null || !Number.isFinite(v)) return null;
    if (v < floor) return floor;
    return v > 0 ? v : null;
  }));
  const shown = logFloor(positive);
  let least = Infinity;
  for (const l of shown) for (const v of l) if (v !== null && v < least) least = v;
  host.dataset.least = Number.isFinite(least) ? String(least) : '';
  chart.setData([nfes.slice(), ...shown], methods.map((m, k) => ({
    label: t(`flow.m.${m}`), color: METHOD_COLORS[m], raw: raw[k],
  })));
}

/** Training loss (log y) over the training step, one line per method. */
export function drawLoss(host, losses, methods) {
  const chart = chartIn(host, {
    xLabel: () => t('flow.axis.step'), yLabel: () => t('flow.axis.loss'), yLog: true, height: 170,
  });
  const shownMethods = methods.filter((m) => losses.has(m));
  const raw = shownMethods.map((m) => losses.get(m));
  const [xs, ...ys] = byIndex(logFloor(raw), 1);
  const rawAligned = byIndex(raw, 1).slice(1);
  chart.setData([xs, ...ys], shownMethods.map((m, k) => ({
    label: t(`flow.m.${m}`), color: METHOD_COLORS[m], raw: rawAligned[k],
  })));
  host.dataset.points = String(raw.reduce((a, l) => a + l.length, 0));
}
