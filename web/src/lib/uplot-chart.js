// Every line and bar chart of the page, drawn by uPlot: titled axes, a legend that reads
// out every series under the pointer, drag to zoom on x (double-click resets), colours
// from the theme's CSS variables, and the host element's width (down to a phone's).
// uPlot's style sheet is loaded by the page entries (main.js, embed.js) and by the
// elements' shadow roots (embed/elements.js), never from here: a lab loaded into a
// shadow root must not add styles to the host page.
import uPlot from 'uplot';
import { cssVar, onThemeChange } from './theme.js';
import { language } from './i18n.js';

const MIN_WIDTH = 120;

/** Short label of a number: 4 significant digits, exponent form when very large or small. */
export function formatValue(v) {
  if (v === null || v === undefined || Number.isNaN(v)) return '–';
  if (!Number.isFinite(v)) return String(v);
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a >= 1e5 || a < 1e-3) return v.toExponential(2).replace('e+', 'e');
  return String(Number(v.toPrecision(4)));
}

function tickLabel(v) {
  if (v === null || v === undefined) return '';
  const a = Math.abs(v);
  if (a !== 0 && (a >= 1e5 || a < 1e-3)) return v.toExponential(0).replace('e+', 'e');
  return String(Number(v.toPrecision(3)));
}

function axis(label, size) {
  const grid = cssVar('--grid', '#ddd');
  return {
    label,
    stroke: cssVar('--muted', '#666'),
    font: '11px system-ui, sans-serif',
    labelFont: '12px system-ui, sans-serif',
    labelSize: 16,
    labelGap: 0,
    size,
    gap: 3,
    grid: { stroke: grid, width: 1 },
    ticks: { stroke: grid, width: 1, size: 4 },
    values: (u, splits) => splits.map(tickLabel),
  };
}

/**
 * Grouped bars: series g of G fills slot g of the 0.8-wide group centred on each x.
 * The bars are placed in x units, so zooming keeps them beside each other.
 */
function groupedBars(groups, si) {
  const width = 0.8 / Math.max(1, groups);
  return uPlot.paths.bars({
    disp: {
      x0: { unit: 1, values: (u) => Array.from(u.data[0], (x) => x - 0.4 + (si - 1) * width) },
      size: { unit: 1, values: () => [width] },
    },
  });
}

/**
 * A chart in `host` (a block element; the chart takes its width and `height` px).
 * opts: {
 *   xLabel, yLabel: () => string (axis titles, read again when the language changes),
 *   bars: grouped bars centred on integer x (default: lines),
 *   xLog2, yLog: log scales (base 2 on x, 10 on y),
 *   yRange: [min, max] fixed y extent (default: the data's),
 *   xValue: (x, i) => string, the read-out of x (default: the number),
 *   draw: (u) => void, extra drawing over the series (shading, markers),
 *   height (default 160)
 * }
 */
export class UChart {
  constructor(host, opts) {
    this.host = host;
    this.opts = opts;
    this.plot = null;
    this.series = [];
    this.data = [[]];
    this.raw = [];
    this.key = null;
    this.zoomed = false;
    this.width = 0;
    host.classList.add('uchart');
    host.chart = this; // the read-out and data, for tests and the console
    new ResizeObserver(() => this.resize()).observe(host);
    onThemeChange(() => this.rebuild());
  }

  /**
   * data: [xs, ys1, ys2, …] (uPlot's aligned columns); series: [{ label, color, raw? }]
   * with `raw` the values the read-out shows when the drawn ones are clamped (log floor).
   */
  setData(data, series) {
    // Fewer points than shown: a new run, which starts unzoomed.
    if ((data[0]?.length ?? 0) < (this.data[0]?.length ?? 0)) this.zoomed = false;
    this.data = data;
    this.raw = series.map((s) => s.raw ?? null);
    const key = `${language()}\u0002${series.map((s) => `${s.label}\u0001${s.color}`).join('\u0002')}`;
    this.host.dataset.points = String(data[0]?.length ?? 0);
    if (!this.plot || key !== this.key) {
      this.series = series;
      this.key = key;
      this.build();
    } else {
      this.plot.setData(data, !this.zoomed);
    }
  }

  /** Theme or language changed: new colours and titles, same data. */
  rebuild() {
    if (this.plot) this.build();
  }

  build() {
    this.plot?.destroy();
    this.zoomed = false;
    const { opts } = this;
    const bars = Boolean(opts.bars);
    const formatAt = (si) => (u, v, _s, i) => {
      const raw = this.raw[si - 1];
      return formatValue(raw && i !== null && i !== undefined ? raw[i] : v);
    };
    const series = [{
      label: opts.xLabel(),
      value: (u, v, _s, i) => (v === null || v === undefined ? '–' : opts.xValue ? opts.xValue(v, i) : formatValue(v)),
    }];
    this.series.forEach((s, k) => {
      const si = k + 1;
      series.push(bars
        ? { label: s.label, fill: s.color, stroke: s.color, width: 0, paths: groupedBars(this.series.length, si), points: { show: false }, value: formatAt(si) }
        : { label: s.label, stroke: s.color, width: 1.5, points: { show: false }, spanGaps: true, value: formatAt(si) });
    });
    const x = { time: false };
    if (opts.xLog2) Object.assign(x, { distr: 3, log: 2 });
    if (bars) x.range = (u, lo, hi) => [(lo ?? 0) - 0.5, (hi ?? 0) + 0.5];
    const y = {};
    if (opts.yLog) Object.assign(y, { distr: 3, log: 10 });
    if (opts.yRange) y.range = () => opts.yRange;
    const xAxis = axis(opts.xLabel(), 34);
    const yAxis = axis(opts.yLabel(), 48);
    yAxis.space = 24;
    if (opts.yLog) {
      // Grid lines and labels at the powers of ten only (uPlot splits every 1…9 × 10^k).
      const decades = (u, splits) => splits.map((v) => (Math.abs(Math.log10(v) - Math.round(Math.log10(v))) < 1e-9 ? v : null));
      yAxis.grid.filter = decades;
      yAxis.ticks.filter = decades;
      yAxis.filter = decades;
    }
    if (bars) xAxis.incrs = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000];
    if (opts.xLog2) xAxis.values = (u, splits) => splits.map((v) => String(v));
    const hooks = {
      setSelect: [(u) => { if (u.select.width > 0) this.zoomed = true; }],
    };
    if (opts.draw) hooks.draw = [(u) => opts.draw(u)];
    const options = {
      width: this.measure(),
      height: opts.height ?? 160,
      scales: { x, y },
      series,
      axes: [xAxis, yAxis],
      legend: { show: true, live: true },
      cursor: {
        drag: { x: true, y: false, setScale: true },
        points: { show: !bars },
      },
      hooks,
    };
    this.plot = new uPlot(options, this.data, this.host);
    this.plot.over.addEventListener('dblclick', () => { this.zoomed = false; });
    this.host.dataset.axisColor = xAxis.stroke;
  }

  measure() {
    const w = Math.floor(this.host.getBoundingClientRect().width || this.host.clientWidth || 0);
    this.width = w;
    return Math.max(MIN_WIDTH, w || 300);
  }

  resize() {
    if (!this.plot) return;
    const w = Math.floor(this.host.getBoundingClientRect().width || 0);
    if (w === 0 || w === this.width) return;
    this.width = w;
    this.plot.setSize({ width: Math.max(MIN_WIDTH, w), height: this.opts.height ?? 160 });
  }
}

/** For a `draw` hook: a vertical line at x (e.g. the current step), in the accent colour. */
export function markX(u, x) {
  const px = u.valToPos(x, 'x', true);
  const { ctx, bbox } = u;
  ctx.save();
  ctx.strokeStyle = cssVar('--accent', '#4b3a9c');
  ctx.lineWidth = 1.5 * devicePixelRatio;
  ctx.beginPath();
  ctx.moveTo(px, bbox.top);
  ctx.lineTo(px, bbox.top + bbox.height);
  ctx.stroke();
  ctx.restore();
}

/**
 * A redraw for a chart that data streams into: request(false) calls draw() now if `ms`
 * have passed since the last call, else once when they have; request(true) draws now.
 */
export function throttledDraw(draw, ms) {
  let timer = null;
  let last = 0;
  const request = (force) => {
    const now = performance.now();
    if (!force && now - last < ms) {
      if (!timer) timer = setTimeout(() => { timer = null; request(true); }, ms);
      return;
    }
    last = now;
    draw();
  };
  return request;
}

/**
 * Aligned columns for series of different lengths over their index: x = offset, offset+1, …
 * (the longest series), the shorter ones padded with null (a gap).
 */
export function byIndex(lists, offset = 0) {
  const n = lists.reduce((m, l) => Math.max(m, l.length), 0);
  const xs = new Float64Array(n);
  for (let i = 0; i < n; i++) xs[i] = offset + i;
  return [xs, ...lists.map((l) => (l.length === n ? l : Array.from({ length: n }, (_, i) => (i < l.length ? l[i] : null))))];
}
