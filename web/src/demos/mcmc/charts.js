// The small charts beside the main picture: trace of x per chain, autocorrelation bars,
// and the annealing temperature schedule (uPlot, lib/uplot-chart.js). Redrawn at most
// every MIN_INTERVAL_MS while a run streams in (and once more at the end).
import { UChart } from '../../lib/uplot-chart.js';
import { GrowableArray } from '../../lib/growable-array.js';
import { chainColor } from '../../lib/theme.js';
import { t } from '../../lib/i18n.js';

const MAX_TRACE_CHAINS = 8;
const MIN_INTERVAL_MS = 120;
const ACF_X = '#3b82f6';
const ACF_Y = '#f26b1d';
const TEMPERATURE = '#d43d3d';

function figure(titleKey, testid) {
  const fig = document.createElement('figure');
  fig.className = 'chart';
  const caption = document.createElement('figcaption');
  const title = document.createElement('span');
  title.dataset.i18n = titleKey;
  title.textContent = t(titleKey);
  caption.append(title);
  const host = document.createElement('div');
  host.dataset.testid = testid;
  host.setAttribute('role', 'img');
  host.dataset.i18nAria = titleKey;
  fig.append(caption, host);
  return { fig, host };
}

/** x = offset, offset + 1, … offset + n - 1 (kept between redraws, grown as needed). */
class IndexColumn {
  constructor() { this.xs = new GrowableArray(Float64Array); this.offset = 0; }

  upTo(n, offset) {
    if (offset !== this.offset) { this.xs = new GrowableArray(Float64Array); this.offset = offset; }
    while (this.xs.length < n) this.xs.push(offset + this.xs.length);
    return this.xs.view().subarray(0, n);
  }
}

export class Charts {
  constructor(container) {
    this.trace = figure('chart.trace', 'trace-chart');
    this.acf = figure('chart.acf', 'acf-chart');
    this.temperature = figure('chart.temperature', 'temperature-chart');
    container.append(this.trace.fig, this.acf.fig, this.temperature.fig);
    for (const f of [this.trace, this.acf, this.temperature]) f.fig.hidden = true;
    this.traceChart = new UChart(this.trace.host, { xLabel: () => t('axis.iteration'), yLabel: () => t('axis.x'), height: 150 });
    this.acfChart = new UChart(this.acf.host, {
      xLabel: () => t('axis.lag'), yLabel: () => t('axis.acf'), bars: true, yRange: [0, 1], height: 150,
    });
    this.temperatureChart = new UChart(this.temperature.host, {
      xLabel: () => t('axis.iteration'), yLabel: () => t('axis.temperature'), yLog: true, height: 150,
    });
    this.traceX = new IndexColumn();
    this.temperatureX = new IndexColumn();
    this.store = null;
    this.n = 0;
    this.lastDraw = 0;
    this.timer = null;
  }

  /** New run: `n` draws per chain are expected (fixes the x extent of the plots). */
  reset(store, n = 0, sampler = null, burnIn = 0) {
    this.store = store;
    this.n = n;
    this.burnIn = burnIn;
    this.trace.fig.hidden = store?.kind !== 'chains';
    this.acf.fig.hidden = store?.kind !== 'chains';
    this.temperature.fig.hidden = !store || sampler !== 'annealing';
    this.draw();
  }

  /** Throttled redraw while chunks stream in. */
  update() {
    const now = performance.now();
    if (now - this.lastDraw >= MIN_INTERVAL_MS) {
      this.draw();
      return;
    }
    if (!this.timer) {
      this.timer = setTimeout(() => {
        this.timer = null;
        this.draw();
      }, MIN_INTERVAL_MS);
    }
  }

  draw() {
    this.lastDraw = performance.now();
    const store = this.store;
    if (!store) return;
    if (!this.trace.fig.hidden) {
      const chains = Math.min(store.chainCount, MAX_TRACE_CHAINS);
      const ys = Array.from({ length: chains }, (_, c) => store.chain(c).x.view());
      const n = ys.reduce((m, y) => Math.min(m, y.length), ys.length ? Infinity : 0);
      const series = ys.map((_, c) => ({ label: t('chart.chain', { c: c + 1 }), color: chainColor(c) }));
      this.traceChart.setData([this.traceX.upTo(n, 0), ...ys.map((y) => y.subarray(0, n))], series);
    }
    if (!this.acf.fig.hidden) {
      const s = store.stats;
      const ax = s?.acfX ?? [];
      const ay = s?.acfY ?? [];
      const n = Math.min(ax.length, ay.length);
      const lags = Array.from({ length: n }, (_, i) => i);
      this.acfChart.setData([lags, Array.from(ax).slice(0, n), Array.from(ay).slice(0, n)],
        [{ label: 'x', color: ACF_X }, { label: 'y', color: ACF_Y }]);
    }
    if (!this.temperature.fig.hidden) {
      const temps = store.temperature.view();
      this.temperatureChart.setData([this.temperatureX.upTo(temps.length, this.burnIn), temps],
        [{ label: 'T', color: TEMPERATURE }]);
    }
  }
}
