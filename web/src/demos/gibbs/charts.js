// The Gibbs lab's line charts with uPlot: the running score of every chain over the steps
// (burn-in shaded), and the annealing temperature schedule with the current step marked.
// Colours come from the theme's CSS variables; a theme change rebuilds the charts.
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { cssVar, chainColor } from '../../lib/theme.js';
import { t } from '../../lib/i18n.js';
import { GrowableArray } from '../../lib/growable-array.js';

const HEIGHT = 190;
const REDRAW_MS = 150;

function axis(label) {
  const fg = cssVar('--muted', '#666');
  const grid = cssVar('--grid', '#ddd');
  return {
    label,
    stroke: fg,
    labelFont: '12px system-ui, sans-serif',
    font: '11px system-ui, sans-serif',
    grid: { stroke: grid, width: 1 },
    ticks: { stroke: grid, width: 1 },
  };
}

function widthOf(host) {
  return Math.max(200, Math.floor(host.getBoundingClientRect().width || host.clientWidth || 300));
}

/** One uPlot chart in `host`, rebuilt when its series change; sized to the host. */
class LineChart {
  constructor(host, { xLabel, yLabel, draw, yLog = false }) {
    this.host = host;
    this.labels = { xLabel, yLabel };
    this.drawHook = draw;
    this.yLog = yLog;
    this.plot = null;
    this.names = [];
    this.data = [[]];
    new ResizeObserver(() => this.resize()).observe(host);
  }

  build(names) {
    this.plot?.destroy();
    this.names = names;
    const series = [{ label: t(this.labels.xLabel) }];
    names.forEach((name, i) => series.push({ label: name, stroke: chainColor(i), width: 1.5, points: { show: false } }));
    const opts = {
      width: widthOf(this.host),
      height: HEIGHT,
      scales: { x: { time: false }, y: this.yLog ? { distr: 3 } : {} },
      series,
      axes: [axis(t(this.labels.xLabel)), { ...axis(t(this.labels.yLabel)), size: 56 }],
      legend: { show: names.length > 1 },
      cursor: { drag: { x: false, y: false } },
      hooks: this.drawHook ? { draw: [(u) => this.drawHook(u)] } : {},
    };
    this.plot = new uPlot(opts, this.data, this.host);
    this.host.dataset.axisColor = opts.axes[0].stroke;
  }

  setData(data, names) {
    this.data = data;
    if (!this.plot || names.join('\u0001') !== this.names.join('\u0001')) this.build(names);
    else this.plot.setData(data);
    this.host.dataset.points = String(data[0].length);
  }

  redraw() {
    if (this.plot) this.build(this.names);
  }

  resize() {
    if (this.plot) this.plot.setSize({ width: widthOf(this.host), height: HEIGHT });
  }
}

export class GibbsCharts {
  /** @param refs { scoreChart, tempChart, tempFigure } */
  constructor(refs) {
    this.refs = refs;
    this.burnIn = 0;
    this.step = 0;
    this.score = new LineChart(refs.scoreChart, {
      xLabel: 'gibbs.axis.step',
      yLabel: 'gibbs.axis.score',
      draw: (u) => this.shadeBurnIn(u),
    });
    this.temp = new LineChart(refs.tempChart, {
      xLabel: 'gibbs.axis.step',
      yLabel: 'gibbs.axis.temp',
      yLog: true,
      draw: (u) => this.markStep(u),
    });
    this.timer = null;
    this.lastDraw = 0;
    this.reset(1, 0, null);
  }

  /** A new run: `chains` series; burn-in shaded; schedule { steps, values } or null. */
  reset(chains, burnIn, schedule) {
    this.burnIn = burnIn;
    this.step = 0;
    this.xs = new GrowableArray(Float64Array);
    this.ys = Array.from({ length: chains }, () => new GrowableArray(Float64Array));
    this.schedule = schedule;
    this.refs.tempFigure.hidden = !schedule;
    this.draw(true);
  }

  /** Scores after each step of a chunk: scores[c][j] for steps first+1 .. first+k. */
  add(firstStep, scores) {
    const k = scores[0]?.length ?? 0;
    for (let j = 0; j < k; j++) this.xs.push(firstStep + j + 1);
    scores.forEach((list, c) => { for (const v of list) this.ys[c]?.push(v); });
    this.step = firstStep + k;
    this.draw(false);
  }

  draw(force) {
    const now = performance.now();
    if (!force && now - this.lastDraw < REDRAW_MS) {
      if (!this.timer) this.timer = setTimeout(() => { this.timer = null; this.draw(true); }, REDRAW_MS);
      return;
    }
    this.lastDraw = now;
    const names = this.ys.map((_, c) => t('gibbs.chain', { c: c + 1 }));
    this.score.setData([this.xs.view(), ...this.ys.map((y) => y.view())], names);
    if (this.schedule) {
      this.temp.setData([this.schedule.steps, this.schedule.values], ['T']);
    }
  }

  /** Theme or language changed: rebuild with the new colours and labels. */
  rebuild() {
    this.score.redraw();
    if (this.schedule) this.temp.redraw();
  }

  shadeBurnIn(u) {
    if (this.burnIn <= 0 || this.xs.length === 0) return;
    const x0 = u.valToPos(u.scales.x.min, 'x', true);
    const x1 = u.valToPos(Math.min(this.burnIn, u.scales.x.max), 'x', true);
    if (!(x1 > x0)) return;
    const { ctx, bbox } = u;
    ctx.save();
    ctx.fillStyle = cssVar('--grid', '#ddd');
    ctx.globalAlpha = 0.35;
    ctx.fillRect(x0, bbox.top, x1 - x0, bbox.height);
    ctx.restore();
  }

  markStep(u) {
    if (this.step <= 0) return;
    const x = u.valToPos(this.step, 'x', true);
    const { ctx, bbox } = u;
    ctx.save();
    ctx.strokeStyle = cssVar('--accent', '#4b3a9c');
    ctx.lineWidth = 1.5 * devicePixelRatio;
    ctx.beginPath();
    ctx.moveTo(x, bbox.top);
    ctx.lineTo(x, bbox.top + bbox.height);
    ctx.stroke();
    ctx.restore();
  }
}
