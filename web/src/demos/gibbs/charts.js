// The Gibbs lab's line charts (uPlot, lib/uplot-chart.js): the running score of every
// chain over the steps (burn-in shaded), and the annealing temperature schedule with the
// current step marked. A theme or language change rebuilds them.
import { UChart, markX, throttledDraw } from '../../lib/uplot-chart.js';
import { cssVar, chainColor } from '../../lib/theme.js';
import { t } from '../../lib/i18n.js';
import { GrowableArray } from '../../lib/growable-array.js';

const HEIGHT = 190;
const REDRAW_MS = 150;

export class GibbsCharts {
  /** @param refs { scoreChart, tempChart, tempFigure } */
  constructor(refs) {
    this.refs = refs;
    this.burnIn = 0;
    this.step = 0;
    this.score = new UChart(refs.scoreChart, {
      xLabel: () => t('gibbs.axis.step'),
      yLabel: () => t('gibbs.axis.score'),
      height: HEIGHT,
      draw: (u) => this.shadeBurnIn(u),
    });
    this.temp = new UChart(refs.tempChart, {
      xLabel: () => t('gibbs.axis.step'),
      yLabel: () => t('gibbs.axis.temp'),
      yLog: true,
      height: HEIGHT,
      draw: (u) => this.markStep(u),
    });
    /** draw(force): redraws at most every REDRAW_MS while a run streams in (force: now). */
    this.draw = throttledDraw(() => this.drawNow(), REDRAW_MS);
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

  drawNow() {
    const series = this.ys.map((_, c) => ({ label: t('gibbs.chain', { c: c + 1 }), color: chainColor(c) }));
    this.score.setData([this.xs.view(), ...this.ys.map((y) => y.view())], series);
    if (this.schedule) {
      this.temp.setData([this.schedule.steps, this.schedule.values], [{ label: 'T', color: chainColor(0) }]);
    }
  }

  /** Language changed: new titles and chain names (a theme change rebuilds by itself). */
  rebuild() {
    this.draw(true);
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
    if (this.step > 0) markX(u, this.step);
  }
}
