// The statistics panel: one <dd data-testid="stat-…"> per figure, "—" when not available
// (with the reason in a title where the sampler has no such figure). Beside the estimated
// mean and variance: the Monte-Carlo standard error of the mean (sqrt(variance / ESS)) and
// the target's exact moments, so a reader can judge a run: an estimate more than about
// 3 standard errors from the truth is marked.
import { t } from '../../lib/i18n.js';

const ROWS = ['n', 'proposals', 'acceptance', 'mean', 'meanSe', 'trueMean', 'variance', 'trueVariance',
  'ess', 'rhat', 'logBound', 'region', 'best'];
const DASH = '—';
/** |estimate − truth| / SE above this is flagged (two-sided 0.27 % for a normal estimate). */
export const FLAG_Z = 3;

export function formatNumber(v, digits = 4) {
  if (v === null || v === undefined || !Number.isFinite(v)) return DASH;
  if (Number.isInteger(v) && Math.abs(v) < 1e15) return String(v);
  const a = Math.abs(v);
  if (a !== 0 && (a >= 1e6 || a < 1e-4)) return v.toExponential(digits - 1);
  return String(Number(v.toPrecision(digits)));
}

function pair(p) {
  return p ? `${formatNumber(p[0])}, ${formatNumber(p[1])}` : DASH;
}

export class StatsPanel {
  constructor(container) {
    this.values = new Map();
    const dl = document.createElement('dl');
    dl.className = 'stats';
    for (const key of ROWS) {
      const dt = document.createElement('dt');
      dt.dataset.i18n = `stats.${key}`;
      dt.textContent = t(`stats.${key}`);
      const dd = document.createElement('dd');
      dd.dataset.testid = `stat-${key}`;
      dd.textContent = DASH;
      dl.append(dt, dd);
      this.values.set(key, dd);
    }
    container.append(dl);
  }

  clear() {
    for (const dd of this.values.values()) {
      dd.textContent = DASH;
      dd.removeAttribute('title');
      dd.classList.remove('flagged');
    }
  }

  show(stats) {
    if (!stats) return this.clear();
    const set = (k, text, title = '') => {
      const dd = this.values.get(k);
      dd.textContent = text;
      if (title) dd.title = title;
      else dd.removeAttribute('title');
    };
    set('n', formatNumber(stats.n));
    set('proposals', formatNumber(stats.proposals));
    if (Number.isFinite(stats.acceptanceRate)) set('acceptance', `${formatNumber(stats.acceptanceRate * 100, 3)} %`);
    else set('acceptance', `${DASH} ${t('stats.noAcceptance')}`);
    set('mean', pair(stats.mean));
    set('meanSe', stats.meanSe ? `± ${formatNumber(stats.meanSe[0], 2)}, ± ${formatNumber(stats.meanSe[1], 2)}` : DASH);
    set('trueMean', pair(stats.trueMean));
    set('variance', pair(stats.variance));
    set('trueVariance', pair(stats.trueVariance));
    set('ess', stats.ess ? `${formatNumber(stats.ess[0], 3)}, ${formatNumber(stats.ess[1], 3)}` : DASH);
    set('rhat', pair(stats.rhat));
    set('logBound', formatNumber(stats.logBound));
    set('region', stats.region
      ? t('stats.regionText')
        .replace('{box}', `x ∈ [${formatNumber(stats.region.xmin, 3)}, ${formatNumber(stats.region.xmax, 3)}], `
          + `y ∈ [${formatNumber(stats.region.ymin, 3)}, ${formatNumber(stats.region.ymax, 3)}]`)
        .replace('{mass}', formatNumber(stats.massOutside, 3))
      : DASH);
    set('best', stats.best
      ? `${formatNumber(stats.best.x)}, ${formatNumber(stats.best.y)}, ${formatNumber(stats.best.logDensity)}`
      : DASH);
    // The mean is judged by its z-score against the exact mean.
    const z = meanZScores(stats);
    const flagged = z.some((v) => Math.abs(v) > FLAG_Z);
    const meanCell = this.values.get('mean');
    meanCell.classList.toggle('flagged', flagged);
    meanCell.dataset.z = z.map((v) => (Number.isFinite(v) ? v.toFixed(2) : 'NaN')).join(',');
    if (flagged) meanCell.title = t('stats.meanFlag').replace('{z}', String(FLAG_Z));
  }
}

/** (mean − true mean) / SE per coordinate (NaN where the SE is 0 or missing). */
export function meanZScores(stats) {
  if (!stats?.mean || !stats.trueMean || !stats.meanSe) return [NaN, NaN];
  return [0, 1].map((i) => (stats.meanSe[i] > 0 ? (stats.mean[i] - stats.trueMean[i]) / stats.meanSe[i] : NaN));
}
