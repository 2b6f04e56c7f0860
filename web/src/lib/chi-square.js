// Goodness of fit of sample counts to an exact distribution: total-variation distance
// and Pearson's chi-square test (cells with expected count < 5 pooled), with the
// p-value from the regularized upper incomplete gamma function Q(df/2, χ²/2).
// Pure functions, no DOM: unit-tested in Node (tests/browser/chi-square.test.mjs).

const LANCZOS = [
  676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];

/** log Γ(x) for x > 0 (Lanczos, g = 7; relative error ~1e-15). */
export function logGamma(x) {
  if (!(x > 0)) return NaN;
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const z = x - 1;
  let a = 0.99999999999980993;
  const t = z + 7.5;
  for (let i = 0; i < LANCZOS.length; i++) a += LANCZOS[i] / (z + i + 1);
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a);
}

const EPS = 1e-15;
const MAX_ITER = 100000;

/** P(a, x) by its series (converges fast for x < a + 1). */
function lowerSeries(a, x) {
  let sum = 1 / a;
  let term = sum;
  for (let n = 1; n < MAX_ITER; n++) {
    term *= x / (a + n);
    sum += term;
    if (Math.abs(term) < Math.abs(sum) * EPS) break;
  }
  return sum * Math.exp(-x + a * Math.log(x) - logGamma(a));
}

/** Q(a, x) by its continued fraction (modified Lentz; for x ≥ a + 1). */
function upperFraction(a, x) {
  const tiny = 1e-300;
  let b = x + 1 - a;
  let c = 1 / tiny;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < MAX_ITER; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < tiny) d = tiny;
    c = b + an / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < EPS) break;
  }
  return Math.exp(-x + a * Math.log(x) - logGamma(a)) * h;
}

/** Regularized upper incomplete gamma Q(a, x) = Γ(a, x)/Γ(a), a > 0, x ≥ 0. */
export function gammaQ(a, x) {
  if (!(a > 0) || !(x >= 0) || Number.isNaN(x)) return NaN;
  if (x === 0) return 1;
  if (x === Infinity) return 0;
  if (x < a + 1) return Math.max(0, 1 - lowerSeries(a, x));
  return Math.min(1, upperFraction(a, x));
}

/** Upper tail P(X ≥ x) of the chi-square distribution with `df` degrees of freedom. */
export function chiSquareSurvival(x, df) {
  if (!(df > 0)) return NaN;
  return gammaQ(df / 2, x / 2);
}

/**
 * Total-variation distance ½ Σ |observed/n − p| between the empirical distribution of
 * `observed` counts and the probabilities `expected` (same order). Mass of categories
 * outside the list (observed but not expected) is given as `extraObserved`.
 */
export function totalVariation(observed, probabilities, extraObserved = 0) {
  let n = extraObserved;
  for (const o of observed) n += o;
  if (n === 0) return NaN;
  let sum = extraObserved / n;
  let covered = 0;
  for (let i = 0; i < probabilities.length; i++) {
    sum += Math.abs((observed[i] ?? 0) / n - probabilities[i]);
    covered += probabilities[i];
  }
  // Probability mass of the exact list not present at all (rounding, or a truncated list).
  sum += Math.max(0, 1 - covered);
  return 0.5 * sum;
}

/**
 * Pearson's chi-square goodness-of-fit test of `observed` counts against category
 * probabilities `probabilities` (summing to 1). Cells whose expected count is below
 * `minExpected` are pooled into one cell; if that pooled cell is still below it, it is
 * merged with the smallest remaining cell. Counts in categories of probability 0
 * (`extraObserved`, or an observed count where p = 0) make the fit impossible: p = 0.
 * @returns {{ statistic: number, df: number, pValue: number, cells: number, n: number }}
 */
export function chiSquareTest(observed, probabilities, { minExpected = 5, extraObserved = 0 } = {}) {
  let n = extraObserved;
  for (const o of observed) n += o;
  if (n === 0) return { statistic: NaN, df: 0, pValue: NaN, cells: 0, n };
  let total = 0;
  for (const p of probabilities) total += p;
  let impossible = extraObserved;
  const cells = []; // [expected, observed]
  let pooledE = 0;
  let pooledO = 0;
  for (let i = 0; i < probabilities.length; i++) {
    const e = n * (probabilities[i] / total);
    const o = observed[i] ?? 0;
    if (e === 0) {
      impossible += o;
      continue;
    }
    if (e < minExpected) {
      pooledE += e;
      pooledO += o;
    } else {
      cells.push([e, o]);
    }
  }
  if (impossible > 0) return { statistic: Infinity, df: Math.max(1, cells.length), pValue: 0, cells: cells.length, n };
  if (pooledE > 0) {
    if (pooledE >= minExpected || cells.length === 0) {
      cells.push([pooledE, pooledO]);
    } else {
      let smallest = 0;
      for (let i = 1; i < cells.length; i++) if (cells[i][0] < cells[smallest][0]) smallest = i;
      cells[smallest] = [cells[smallest][0] + pooledE, cells[smallest][1] + pooledO];
    }
  }
  const df = cells.length - 1;
  let statistic = 0;
  for (const [e, o] of cells) statistic += ((o - e) * (o - e)) / e;
  if (df < 1) return { statistic, df: 0, pValue: NaN, cells: cells.length, n };
  return { statistic, df, pValue: chiSquareSurvival(statistic, df), cells: cells.length, n };
}
