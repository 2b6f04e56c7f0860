// The statistics panel: one <dd data-testid="stat-…"> per figure, "—" when not available.
import { t } from '../../lib/i18n.js';

const ROWS = ['n', 'proposals', 'acceptance', 'mean', 'variance', 'ess', 'rhat', 'logBound', 'best'];
const DASH = '—';

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
    for (const dd of this.values.values()) dd.textContent = DASH;
  }

  show(stats) {
    if (!stats) return this.clear();
    const set = (k, text) => { this.values.get(k).textContent = text; };
    set('n', formatNumber(stats.n));
    set('proposals', formatNumber(stats.proposals));
    set('acceptance', Number.isFinite(stats.acceptanceRate) ? `${formatNumber(stats.acceptanceRate * 100, 3)} %` : DASH);
    set('mean', pair(stats.mean));
    set('variance', pair(stats.variance));
    set('ess', stats.ess ? `${formatNumber(stats.ess[0], 3)}, ${formatNumber(stats.ess[1], 3)}` : DASH);
    set('rhat', pair(stats.rhat));
    set('logBound', formatNumber(stats.logBound));
    set('best', stats.best
      ? `${formatNumber(stats.best.x)}, ${formatNumber(stats.best.y)}, ${formatNumber(stats.best.logDensity)}`
      : DASH);
  }
}
