// Counts of the distinct segmentations per method, their comparison with the exact
// distribution, and the pictures of them: chips, the per-method table, the frequency
// table and the bar chart. The statistics themselves (chi-square tests, TV and its noise
// floor) come from the core through the worker (fit in workers/tokenize.worker.js);
// this file turns them into a verdict and shows them.
import { t } from '../../lib/i18n.js';
import { fnv1a } from '../../lib/digest.js';
import { UChart } from '../../lib/uplot-chart.js';
import { cssVar } from '../../lib/theme.js';
import { KEY_SEP, LIMITS } from './schema.js';

export const METHOD_COLORS = { original: '#e0318a', perfect: '#12a37f', ffbs: '#3b82f6', nbest: '#c9a100' };
const DASH = '—';

/**
 * The verdict's threshold: a sampler is "inconsistent" with P_α when either chi-square
 * test (segmentations, number of pieces) has p < LEVEL / 2. An exact sampler is then
 * called inconsistent with probability at most LEVEL (union bound over the two tests,
 * each p-value uniform under P_α as far as the chi-square approximation holds).
 */
export const LEVEL = 0.001;
/** Bars taller than this many times the tallest exact bar shown are cut (and labelled). */
const CHART_CAP = 3;

export function formatNumber(v, digits = 4) {
  if (v === null || v === undefined || !Number.isFinite(v)) return DASH;
  if (Number.isInteger(v) && Math.abs(v) < 1e15) return v.toLocaleString('en-US');
  const a = Math.abs(v);
  if (a !== 0 && (a >= 1e6 || a < 1e-3)) return v.toExponential(digits - 2);
  return String(Number(v.toPrecision(digits)));
}

/** A p-value; one below the smallest double is written from its natural log. */
export function formatP(p, logP) {
  if (p === null || p === undefined || Number.isNaN(p)) return DASH;
  if (p === 0) {
    if (logP === undefined || logP === -Infinity || Number.isNaN(logP)) return '0';
    const e10 = logP / Math.LN10;
    const exponent = Math.floor(e10);
    const mantissa = 10 ** (e10 - exponent);
    return `${mantissa.toFixed(1)}e${exponent}`;
  }
  if (p < 1e-3) return p.toExponential(1);
  return p.toFixed(3);
}

/** 'consistent' | 'inconsistent' | 'undecided' (no test had two cells) | null (no fit). */
export function verdict(fit) {
  if (!fit || !fit.segments) return null;
  const tests = [fit.segments, fit.pieces].filter((t) => t && t.df > 0);
  if (tests.length === 0) return 'undecided';
  return tests.some((t) => t.pValue < LEVEL / 2) ? 'inconsistent' : 'consistent';
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
    this.fits = new Map(); // method → fit from the worker (see fitRequest)
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

  /** What the worker's fit() needs: the exact list and each method's counts in its order. */
  fitRequest() {
    if (!this.exact) return null;
    const probabilities = Float64Array.from(this.exact, (s) => s.probability);
    const lengths = Int32Array.from(this.exact, (s) => s.pieces.length);
    const observations = this.methods.map((method) => {
      const observed = new Float64Array(this.exact.length);
      let extra = 0;
      for (const [key, n] of this.counts.get(method)) {
        const i = this.exactIndex.get(key);
        if (i === undefined) extra += n;
        else observed[i] = n;
      }
      return { method, observed, extra };
    });
    return { probabilities, lengths, observations, drawn: this.drawsDone() };
  }

  setFits(list) {
    this.fits = new Map(list.map((f) => [f.method, f]));
  }

  /** The latest fit of one method (TV, its floor, two chi-square tests), or null. */
  fit(method) {
    const f = this.fits.get(method);
    return f && f.n > 0 ? f : null;
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

/** Why a test shows "—": nothing to test after pooling, or no exact distribution. */
function dashReason(test, fit) {
  if (!fit) return null;
  if (test.df > 0) return null;
  return t('tok.why.pooled', { n: formatNumber(fit.n) });
}

/**
 * The per-method table: draws, samples/s, TV beside the TV of as many exact draws,
 * chi-square on the segmentations and on the number of pieces (statistic, df, p), and
 * the verdict. Returns the reasons for the dashes it shows (for the note under it).
 */
export function renderMethodRows(tbody, results, selected) {
  tbody.replaceChildren();
  const reasons = new Set();
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
      return td;
    };
    cell('draws', formatNumber(results.done.get(m)), results.done.get(m));
    const rate = results.rate(m);
    cell('rate', Number.isFinite(rate) ? `${formatNumber(Math.round(rate))}/s` : DASH, rate);
    cell('tv', fit ? formatNumber(fit.tv, 3) : DASH, fit ? fit.tv : '');
    cell('tvfloor', fit ? formatNumber(fit.tvFloor, 3) : DASH, fit ? fit.tvFloor : '');
    for (const [name, test] of [['', fit?.segments], ['pieces-', fit?.pieces]]) {
      const chi2 = cell(`${name}chi2`, test && test.df > 0 ? `${formatNumber(test.statistic, 4)} (${test.df})` : DASH,
        test ? test.statistic : '');
      const p = cell(`${name}p`, test ? formatP(test.pValue, test.logPValue) : DASH, test ? test.pValue : '');
      if (test) p.dataset.logP = String(test.logPValue);
      const why = test ? dashReason(test, fit) : null;
      if (why) {
        reasons.add(why);
        for (const c of [chi2, p]) {
          c.title = why;
          c.textContent = `${DASH}*`;
        }
      }
    }
    const v = verdict(fit);
    const vc = cell('verdict', v ? t(`tok.verdict.${v}`) : DASH, v ?? '');
    if (v) vc.className = `verdict ${v}`;
    tbody.append(tr);
  }
  return [...reasons];
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

/**
 * The chart's y scale: up to CHART_CAP × the tallest exact bar shown, so the exact bars
 * stay visible when a sampler piles its draws on a few segmentations; the bars cut there
 * are listed as { method, row, value }.
 */
function chartScale(results) {
  const rows = results.rows().slice(0, LIMITS.chartBars);
  let exactTop = 0;
  if (results.exact) for (const r of rows) exactTop = Math.max(exactTop, r.probability);
  let top = exactTop;
  for (const m of results.methods) for (const r of rows) {
    const v = results.frequency(m, r.key);
    if (Number.isFinite(v)) top = Math.max(top, v);
  }
  const cap = exactTop > 0 && top > CHART_CAP * exactTop ? CHART_CAP * exactTop : top;
  const cut = [];
  if (cap < top) {
    for (const m of results.methods) rows.forEach((r, i) => {
      const v = results.frequency(m, r.key);
      if (v > cap) cut.push({ method: m, row: i, value: v });
    });
  }
  return { rows, cap: cap > 0 ? Math.min(1, cap * 1.08) : 1, cut };
}

/** Notes under the bar chart (the legend itself is the chart's): the bars cut by the scale. */
export function renderLegend(figcaption, results) {
  figcaption.replaceChildren();
  figcaption.append(el('span', 'chart-note', t('tok.chartNote', { n: LIMITS.chartBars })));
  if (!results) return;
  const { cap, cut } = chartScale(results);
  if (cut.length > 0) {
    const byMethod = new Map();
    for (const c of cut) byMethod.set(c.method, Math.max(byMethod.get(c.method) ?? 0, c.value));
    const list = [...byMethod].map(([m, v]) => t('tok.chartCutItem', { method: t(`tok.m.short.${m}`), value: formatNumber(v, 3) }));
    const note = el('span', 'chart-note chart-cut', t('tok.chartCut', { cap: formatNumber(cap, 2), list: list.join(', ') }));
    note.dataset.testid = 'tok-chart-cut';
    figcaption.append(note);
  }
}

const charts = new WeakMap(); // host element → its UChart

/**
 * Bars: exact P_α and each method's frequency for the top segmentations, bar k for row k
 * of the frequency table; bars above the scale's cap are cut (their value is in the
 * read-out and the note).
 */
export function drawChart(host, results) {
  let chart = charts.get(host);
  let rows = [];
  if (!chart) {
    chart = new UChart(host, {
      xLabel: () => t('axis.row'),
      yLabel: () => t('axis.probability'),
      bars: true,
      height: 170,
      xValue: (x, i) => (chart.rows[i] ? `${x}: ${chart.rows[i].pieces.join(' | ')}` : String(x)),
    });
    charts.set(host, chart);
  }
  if (!results) {
    chart.rows = rows;
    chart.opts.yRange = [0, 1];
    chart.setData([[]], []);
    return;
  }
  const scale = chartScale(results);
  rows = scale.rows;
  chart.rows = rows;
  chart.opts.yRange = [0, scale.cap];
  const data = [rows.map((_, i) => i + 1)];
  const series = [];
  if (results.exact) {
    data.push(rows.map((r) => r.probability));
    series.push({ label: t('tok.col.exact'), color: cssVar('--fg', '#222') });
  }
  for (const m of results.methods) {
    data.push(rows.map((r) => { const f = results.frequency(m, r.key); return Number.isFinite(f) ? f : null; }));
    series.push({ label: t(`tok.m.short.${m}`), color: METHOD_COLORS[m] });
  }
  host.dataset.yMax = String(scale.cap);
  chart.setData(data, series);
}
