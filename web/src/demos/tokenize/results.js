// Counts of the distinct segmentations per method, their comparison with the exact
// distribution, and the pictures of them: chips, the per-method table, the frequency
// table and the bar chart.
import { t } from '../../lib/i18n.js';
import { fnv1a } from '../../lib/digest.js';
import { drawBarChart } from '../../lib/bar-chart.js';
import { cssVar } from '../../lib/theme.js';
import { chiSquareTest, totalVariation } from '../../lib/chi-square.js';
import { KEY_SEP, LIMITS } from './schema.js';

export const METHOD_COLORS = { original: '#e0318a', perfect: '#12a37f', ffbs: '#3b82f6', nbest: '#c9a100' };
const DASH = '—';

export function formatNumber(v, digits = 4) {
  if (v === null || v === undefined || !Number.isFinite(v)) return DASH;
  if (Number.isInteger(v) && Math.abs(v) < 1e15) return v.toLocaleString('en-US');
  const a = Math.abs(v);
  if (a !== 0 && (a >= 1e6 || a < 1e-3)) return v.toExponential(digits - 2);
  return String(Number(v.toPrecision(digits)));
}

export function formatP(p) {
  if (p === null || p === undefined || Number.isNaN(p)) return DASH;
  if (p === 0) return '< 1e-300';
  if (p < 1e-3) return p.toExponential(1);
  return p.toFixed(3);
}

function el(tag, className, text) {
  const e = document.createElement(tag);
  if (className) e.className = className;
  if (text !== undefined) e.textContent = text;
  return e;
}

/** A segmentation as colored chips (the pieces as the tokenizer prints them, ▁ = space). */
export function chips(pieces) {
  const wrap = el('span', 'chips');
  pieces.forEach((p, i) => {
    const c = el('span', `chip c${i % 6}`, p);
    wrap.append(c);
  });
  wrap.setAttribute('aria-label', pieces.join(' | '));
  return wrap;
}

export class Results {
  constructor(methods, draws) {
    this.methods = methods;
    this.total = draws;
    this.counts = new Map(methods.map((m) => [m, new Map()]));
    this.done = new Map(methods.map((m) => [m, 0]));
    this.seconds = new Map(methods.map((m) => [m, 0]));
    this.exact = null; // [{ key, pieces, probability }]
    this.exactIndex = null;
  }

  setExact(list) {
    this.exact = list.map((s) => ({ key: s.pieces.join(KEY_SEP), pieces: s.pieces, probability: s.probability }));
    this.exactIndex = new Map(this.exact.map((s, i) => [s.key, i]));
  }

  add(update) {
    const c = this.counts.get(update.method);
    for (const [key, n] of update.counts) c.set(key, (c.get(key) ?? 0) + n);
    this.done.set(update.method, update.done);
    this.seconds.set(update.method, update.seconds);
  }

  drawsDone() {
    let n = 0;
    for (const v of this.done.values()) n += v;
    return n;
  }

  rate(method) {
    const s = this.seconds.get(method);
    return s > 0 ? this.done.get(method) / s : NaN;
  }

  /** TV distance and chi-square test of one method against the exact distribution. */
  fit(method) {
    if (!this.exact || this.done.get(method) === 0) return null;
    const observed = new Float64Array(this.exact.length);
    let extra = 0;
    for (const [key, n] of this.counts.get(method)) {
      const i = this.exactIndex.get(key);
      if (i === undefined) extra += n;
      else observed[i] = n;
    }
    const p = this.exact.map((s) => s.probability);
    return { tv: totalVariation(observed, p, extra), ...chiSquareTest(observed, p, { extraObserved: extra }) };
  }

  /** Rows of the frequency table: the exact order, or by total count without it. */
  rows() {
    if (this.exact) return this.exact;
    const total = new Map();
    for (const c of this.counts.values()) for (const [k, n] of c) total.set(k, (total.get(k) ?? 0) + n);
    return [...total.entries()]
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
      .map(([key]) => ({ key, pieces: key.split(KEY_SEP), probability: null }));
  }

  frequency(method, key) {
    const d = this.done.get(method);
    return d > 0 ? (this.counts.get(method).get(key) ?? 0) / d : NaN;
  }

  /** Fingerprint of every count (same hash → same digest). */
  digest() {
    const lines = [];
    for (const m of this.methods) {
      for (const [k, n] of this.counts.get(m)) lines.push(`${m}\t${k}\t${n}`);
    }
    lines.sort();
    return `${this.drawsDone()}-${fnv1a(lines.join('\n'))}`;
  }
}

/** The per-method table: draws, samples/s, TV, chi-square, p-value. */
export function renderMethodRows(tbody, results, selected) {
  tbody.replaceChildren();
  for (const m of results.methods) {
    const tr = el('tr');
    tr.classList.toggle('selected', m === selected);
    const th = el('th');
    th.scope = 'row';
    const swatch = el('span', 'legend', t(`tok.m.${m}`));
    swatch.style.setProperty('--swatch', METHOD_COLORS[m]);
    th.append(swatch);
    tr.append(th);
    const fit = results.fit(m);
    const cell = (name, text, value) => {
      const td = el('td', null, text);
      td.dataset.testid = `tok-stat-${m}-${name}`;
      if (value !== undefined) td.dataset.value = String(value);
      tr.append(td);
    };
    cell('draws', formatNumber(results.done.get(m)), results.done.get(m));
    const rate = results.rate(m);
    cell('rate', Number.isFinite(rate) ? `${formatNumber(Math.round(rate))}/s` : DASH, rate);
    cell('tv', fit ? formatNumber(fit.tv, 3) : DASH, fit ? fit.tv : '');
    cell('chi2', fit && fit.df > 0 ? `${formatNumber(fit.statistic, 4)} (${fit.df})` : DASH, fit ? fit.statistic : '');
    cell('p', fit ? formatP(fit.pValue) : DASH, fit ? fit.pValue : '');
    tbody.append(tr);
  }
}

/** The frequency table: top rows, then one row for all the others. */
export function renderFrequencyTable(thead, tbody, results) {
  const hasExact = Boolean(results.exact);
  const head = el('tr');
  head.append(el('th', null, '#'), el('th', null, t('tok.col.segmentation')));
  if (hasExact) head.append(el('th', 'num', t('tok.col.exact')));
  for (const m of results.methods) head.append(el('th', 'num', t(`tok.m.short.${m}`)));
  for (const th of head.children) th.scope = 'col';
  thead.replaceChildren(head);

  const rows = results.rows();
  tbody.replaceChildren();
  const shown = rows.slice(0, LIMITS.tableRows);
  shown.forEach((row, i) => {
    const tr = el('tr');
    tr.dataset.key = row.key;
    tr.append(el('td', 'num', String(i + 1)));
    const seg = el('td', 'seg');
    seg.append(chips(row.pieces));
    tr.append(seg);
    if (hasExact) tr.append(el('td', 'num', formatNumber(row.probability, 3)));
    for (const m of results.methods) tr.append(el('td', 'num', formatNumber(results.frequency(m, row.key), 3)));
    tbody.append(tr);
  });
  if (rows.length > shown.length) {
    const tr = el('tr', 'others');
    tr.append(el('td'), el('td', null, t('tok.others', { n: (rows.length - shown.length).toLocaleString('en-US') })));
    const shownKeys = new Set(shown.map((r) => r.key));
    if (hasExact) {
      let p = 0;
      for (const r of rows) if (!shownKeys.has(r.key)) p += r.probability;
      tr.append(el('td', 'num', formatNumber(p, 3)));
    }
    for (const m of results.methods) {
      let f = 0;
      for (const [k, n] of results.counts.get(m)) if (!shownKeys.has(k)) f += n;
      const d = results.done.get(m);
      tr.append(el('td', 'num', formatNumber(d > 0 ? f / d : NaN, 3)));
    }
    tbody.append(tr);
  }
}

/** Legend of the bar chart. */
export function renderLegend(figcaption, results) {
  figcaption.replaceChildren();
  const entries = [];
  if (results?.exact) entries.push([t('tok.col.exact'), cssVar('--fg', '#222')]);
  for (const m of results?.methods ?? []) entries.push([t(`tok.m.short.${m}`), METHOD_COLORS[m]]);
  for (const [label, color] of entries) {
    const s = el('span', 'legend', label);
    s.style.setProperty('--swatch', color);
    figcaption.append(s);
  }
  figcaption.append(el('span', 'chart-note', t('tok.chartNote', { n: LIMITS.chartBars })));
}

/** Bars: exact P_α and each method's frequency for the top segmentations. */
export function drawChart(canvas, results) {
  if (!results) {
    drawBarChart(canvas, []);
    return;
  }
  const rows = results.rows().slice(0, LIMITS.chartBars);
  const groups = [];
  if (results.exact) groups.push({ values: rows.map((r) => r.probability), color: cssVar('--fg', '#222') });
  for (const m of results.methods) {
    groups.push({ values: rows.map((r) => results.frequency(m, r.key)), color: METHOD_COLORS[m] });
  }
  let hi = 0;
  for (const g of groups) for (const v of g.values) if (Number.isFinite(v)) hi = Math.max(hi, v);
  drawBarChart(canvas, groups, { yMin: 0, yMax: hi > 0 ? Math.min(1, hi * 1.08) : 1 });
}
