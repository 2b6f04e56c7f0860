// The small charts beside the main picture: trace of x per chain, autocorrelation bars,
// and the annealing temperature schedule. Redrawn at most every MIN_INTERVAL_MS while
// a run streams in (and once more at the end).
import { drawLineChart } from '../../lib/line-chart.js';
import { drawBarChart } from '../../lib/bar-chart.js';
import { chainColor } from '../../lib/theme.js';

const MAX_TRACE_CHAINS = 8;
const MIN_INTERVAL_MS = 120;
const ACF_X = '#3b82f6';
const ACF_Y = '#f26b1d';

function figure(titleKey, testid, legend = []) {
  const fig = document.createElement('figure');
  fig.className = 'chart';
  const caption = document.createElement('figcaption');
  const title = document.createElement('span');
  title.dataset.i18n = titleKey;
  caption.append(title);
  for (const [label, color] of legend) {
    const key = document.createElement('span');
    key.className = 'legend';
    key.textContent = label;
    key.dataset.color = color;
    key.style.setProperty('--swatch', color);
    caption.append(key);
  }
  const canvas = document.createElement('canvas');
  canvas.dataset.testid = testid;
  canvas.setAttribute('role', 'img');
  canvas.dataset.i18nAria = titleKey;
  fig.append(caption, canvas);
  return { fig, canvas };
}

export class Charts {
  constructor(container) {
    this.trace = figure('chart.trace', 'trace-chart');
    this.acf = figure('chart.acf', 'acf-chart', [['x', ACF_X], ['y', ACF_Y]]);
    this.temperature = figure('chart.temperature', 'temperature-chart');
    container.append(this.trace.fig, this.acf.fig, this.temperature.fig);
    for (const f of [this.trace, this.acf, this.temperature]) f.fig.hidden = true;
    this.store = null;
    this.n = 0;
    this.lastDraw = 0;
    this.timer = null;
    new ResizeObserver(() => this.draw()).observe(container);
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
      const series = [];
      for (let c = 0; c < Math.min(store.chainCount, MAX_TRACE_CHAINS); c++) {
        series.push({ values: store.chain(c).x.view(), color: chainColor(c) });
      }
      drawLineChart(this.trace.canvas, series, { xMax: this.n });
    }
    if (!this.acf.fig.hidden) {
      const s = store.stats;
      drawBarChart(this.acf.canvas, [
        { values: s?.acfX ?? [], color: ACF_X },
        { values: s?.acfY ?? [], color: ACF_Y },
      ], { yMin: 0, yMax: 1 });
    }
    if (!this.temperature.fig.hidden) {
      drawLineChart(this.temperature.canvas, [{ values: store.temperature.view(), color: '#d43d3d' }], {
        offset: this.burnIn,
        xMax: this.burnIn + this.n,
        yLog: true,
      });
    }
  }
}
