// The CGMH lab's two line charts (uPlot, lib/uplot-chart.js): log π of the current
// sentence and of the best one so far after every step (step 0: the keywords alone),
// and the annealing schedule τ_t over the run's steps. Redrawn at most every
// REDRAW_MS while a run streams in, and once more at the end.
import { UChart, byIndex, throttledDraw } from '../../lib/uplot-chart.js';
import { cssVar, chainColor } from '../../lib/theme.js';
import { t } from '../../lib/i18n.js';
import { GrowableArray } from '../../lib/growable-array.js';

const HEIGHT = 190;
const REDRAW_MS = 150;

export class CgmhCharts {
  /** @param refs { scoreChart, tempChart, tempFigure } (chart hosts and the schedule's figure) */
  constructor(refs) {
    this.refs = refs;
    this.score = new UChart(refs.scoreChart, {
      xLabel: () => t('cgmh.axis.step'),
      yLabel: () => t('cgmh.axis.logPi'),
      height: HEIGHT,
    });
    this.temp = new UChart(refs.tempChart, {
      xLabel: () => t('cgmh.axis.step'),
      yLabel: () => t('cgmh.axis.temp'),
      yLog: true,
      height: HEIGHT,
    });
    /** draw(force): redraws at most every REDRAW_MS while a run streams in (force: now). */
    this.draw = throttledDraw(() => this.drawNow(), REDRAW_MS);
    this.reset(null);
  }

  /** A new run; schedule: τ per step (Float64Array) or null. */
  reset(schedule) {
    this.current = new GrowableArray(Float64Array);
    this.best = new GrowableArray(Float64Array);
    this.schedule = schedule;
    this.refs.tempFigure.hidden = !schedule;
    this.draw(true);
  }

  /** log π after each step of a chunk (the first chunk: the start, before any step). */
  add(scores) {
    for (const v of scores) {
      const last = this.best.length ? this.best.data[this.best.length - 1] : -Infinity;
      this.current.push(v);
      this.best.push(Math.max(v, last));
    }
    this.draw(false);
  }

  drawNow() {
    this.score.setData(byIndex([this.current.view(), this.best.view()]), [
      { label: t('cgmh.series.current'), color: chainColor(0) },
      { label: t('cgmh.series.best'), color: cssVar('--muted', '#888') },
    ]);
    if (this.schedule) this.temp.setData(byIndex([this.schedule]), [{ label: 'τ', color: chainColor(1) }]);
  }

  /** Language changed: new titles and series names (a theme change rebuilds by itself). */
  rebuild() {
    this.draw(true);
  }
}
