// core/stats against SciPy: the wasm module's chiSquareTest, totalVariation,
// expectedTotalVariation, chiSquareSurvival and energyDistance, and `sampling-cli stats`,
// on fixed inputs (dense and sparse tables, pooled cells, impossible counts, p-values far
// below 1e-300 as log p-values) compared with tests/conformance/stats_reference.py, which
// computes them with Debian's python3-scipy.
import test from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadModule, cli } from '../wasm/load.mjs';

const python = '/usr/bin/python3';
const reference = fileURLToPath(new URL('./stats_reference.py', import.meta.url));

/** A fixed pseudo-random stream (LCG), so the inputs are the same on every machine. */
function lcg(seed) {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return (s + 0.5) / 4294967296;
  };
}

/** Counts of n draws from `p` (inverse CDF); `bias` moves mass towards the first cell. */
function draws(p, n, seed, bias = 0) {
  const u = lcg(seed);
  const q = p.map((v, i) => (i === 0 ? v + bias : v * (1 - bias / (1 - p[0]))));
  const counts = new Array(p.length).fill(0);
  for (let k = 0; k < n; k++) {
    let x = u();
    let i = 0;
    while (i < q.length - 1 && x >= q[i]) x -= q[i++];
    counts[i]++;
  }
  return counts;
}

function zipf(cells, s) {
  const w = Array.from({ length: cells }, (_, i) => 1 / (i + 1) ** s);
  const t = w.reduce((a, b) => a + b, 0);
  return w.map((v) => v / t);
}

function points(n, seed, dx = 0) {
  const u = lcg(seed);
  const out = [];
  for (let i = 0; i < n; i++) {
    const r = Math.sqrt(-2 * Math.log(u()));
    const a = 2 * Math.PI * u();
    out.push(r * Math.cos(a) + dx, r * Math.sin(a));
  }
  return out;
}

const thirds = [1 / 3, 1 / 3, 1 / 3];
const z200 = zipf(200, 1.1);
const z5000 = zipf(5000, 0.3);
const chiCases = [
  { name: 'a die', observed: [5, 8, 9, 8, 10, 20], probabilities: [1, 1, 1, 1, 1, 1] },
  { name: 'pooled small cells', observed: [52, 38, 2, 4, 3, 1], probabilities: [0.5, 0.4, 0.04, 0.03, 0.02, 0.01] },
  { name: 'pooled cell merged with the smallest', observed: [61, 33, 6], probabilities: [0.6, 0.37, 0.03] },
  { name: 'sparse: 200 Zipf cells, 300 draws', observed: draws(z200, 300, 1), probabilities: z200 },
  { name: 'sparse and biased: 200 Zipf cells, 300 draws', observed: draws(z200, 300, 2, 0.2), probabilities: z200 },
  { name: 'very sparse: 5000 cells, 2000 draws', observed: draws(z5000, 2000, 3), probabilities: z5000 },
  { name: 'every cell pooled: nothing to test', observed: draws(Array(3000).fill(1 / 3000), 1000, 4), probabilities: Array(3000).fill(1 / 3000) },
  { name: 'p = e^-1250: 1/4, 1/4, 1/2 against thirds', observed: [5000, 5000, 10000], probabilities: thirds },
  { name: 'p ≈ 1e-1900 on 9 df', observed: draws(zipf(10, 1), 50000, 5, 0.15), probabilities: zipf(10, 1) },
  { name: 'p ≈ 1e-277, just above where quadrature takes over', observed: [1800, 1000, 1000, 200], probabilities: [1, 1, 1, 1] },
  { name: 'unnormalized probabilities', observed: [30, 50, 20], probabilities: [3, 5, 2.5] },
  { name: 'draws outside the list', observed: [10, 20], probabilities: [0.4, 0.6], extra: 1 },
  { name: 'a count where p = 0', observed: [10, 20, 1], probabilities: [0.4, 0.6, 0] },
  { name: 'min expected 1', observed: draws(z200, 300, 6), probabilities: z200, min_expected: 1 },
];
const survivalCases = [[0.5, 1], [10, 4], [30, 4], [100, 2], [1e-3, 4], [9.3418, 10], [2000, 3], [1e4, 50], [2e5, 1000], [40, 0.5]];
const energyCases = [
  { name: 'one law', a: points(60, 7), b: points(80, 8) },
  { name: 'shifted', a: points(60, 9), b: points(50, 10, 1.5) },
  { name: 'tiny', a: [0, 0, 2, 0], b: [0, 0, 0, 2] },
];

function referenceValues() {
  const cases = [
    ...chiCases.map((c) => ({ kind: 'chi-square', ...c })),
    ...survivalCases.map(([x, df]) => ({ kind: 'survival', x, df })),
    ...energyCases.map((c) => ({ kind: 'energy', ...c })),
  ];
  const r = spawnSync(python, [reference], { input: JSON.stringify(cases), encoding: 'utf8', maxBuffer: 1 << 26 });
  assert.equal(r.status, 0, `Debian's python3-scipy is needed (tools/bootstrap.sh installs it): ${r.stderr}`);
  const out = JSON.parse(r.stdout);
  return {
    chi: out.slice(0, chiCases.length),
    survival: out.slice(chiCases.length, chiCases.length + survivalCases.length),
    energy: out.slice(chiCases.length + survivalCases.length),
  };
}

/** Equal within `rel` (relative), or both "no value" (null / NaN / ±∞ as JSON null). */
function same(actual, expected, rel, what, abs = 1e-300) {
  const none = (v) => v === null || v === undefined || !Number.isFinite(v);
  if (none(expected)) {
    assert.ok(none(actual), `${what}: expected no finite value, got ${actual}`);
    return;
  }
  assert.ok(Math.abs(actual - expected) <= rel * Math.abs(expected) + abs,
    `${what}: ${actual} is not within ${rel} of SciPy's ${expected}`);
}

const ref = referenceValues();

test('the inputs cover what they claim: sparse tables, tiny p-values, nothing to test', () => {
  const byName = Object.fromEntries(chiCases.map((c, i) => [c.name, ref.chi[i]]));
  assert.ok(byName['sparse: 200 Zipf cells, 300 draws'].cells < 40, 'most cells pooled');
  assert.equal(byName['p = e^-1250: 1/4, 1/4, 1/2 against thirds'].p, 0);
  assert.ok(byName['p ≈ 1e-1900 on 9 df'].log_p < -1000);
  assert.equal(byName['every cell pooled: nothing to test'].df, 0);
  assert.ok(byName['sparse and biased: 200 Zipf cells, 300 draws'].p < 1e-4);
});

test('wasm module: chi-square test, TV and its noise floor, chi-square tails, energy distance', async () => {
  const m = await loadModule();
  chiCases.forEach((c, i) => {
    const want = ref.chi[i];
    const got = m.chiSquareTest(c.observed, c.probabilities, { minExpected: c.min_expected ?? 5, extraObserved: c.extra ?? 0 });
    if (want.statistic !== null) same(got.statistic, want.statistic, 1e-12, `${c.name}: statistic`, 1e-12);
    else assert.equal(got.statistic, Infinity, `${c.name}: impossible`);
    if (want.df !== undefined) assert.equal(got.df, want.df, `${c.name}: df`);
    if (want.cells !== undefined) assert.equal(got.cells, want.cells, `${c.name}: cells`);
    same(got.pValue, want.p, 1e-10, `${c.name}: p`);
    same(got.logPValue, want.log_p, 1e-10, `${c.name}: log p`);
    const total = c.probabilities.reduce((a, b) => a + b, 0);
    const p = c.probabilities.map((v) => v / total);
    same(m.totalVariation(c.observed, p, c.extra ?? 0), want.tv, 1e-12, `${c.name}: TV`);
    same(m.expectedTotalVariation(p, got.n), want.expected_tv, 1e-9, `${c.name}: expected TV`);
  });
  survivalCases.forEach(([x, df], i) => {
    const got = m.chiSquareSurvival(x, df);
    same(got.p, ref.survival[i].p, 1e-10, `P(χ²_${df} ≥ ${x})`);
    same(got.logP, ref.survival[i].log_p, 1e-10, `log P(χ²_${df} ≥ ${x})`);
  });
  energyCases.forEach((c, i) => same(m.energyDistance(c.a, c.b), ref.energy[i].energy_distance, 1e-12, `${c.name}: energy distance`));
  assert.throws(() => m.chiSquareTest([1, -2], [0.5, 0.5]), /count 1 must be ≥ 0/);
  assert.throws(() => m.energyDistance([0, 0], [1, 1, 2, 2]), /at least 2 points/);
  assert.equal(m.chiSquareTest([3, 4], [0.5, 0.5]).df, 0, 'the module still works after errors');
});

test('sampling-cli stats prints the same values', () => {
  assert.ok(existsSync(cli), `${cli} is missing: run tools/build_native.sh`);
  const run = (what, lines, args = []) => {
    const r = spawnSync(cli, ['stats', what, ...args], { input: lines.join('\n'), encoding: 'utf8', maxBuffer: 1 << 26 });
    assert.equal(r.status, 0, r.stderr);
    return r.stdout.trim().split('\n').map((l) => JSON.parse(l));
  };
  // One minimum expected count per call: group the cases by it.
  for (const min of [...new Set(chiCases.map((c) => c.min_expected ?? 5))]) {
    const cases = chiCases.map((c, i) => [c, i]).filter(([c]) => (c.min_expected ?? 5) === min);
    const out = run('chi-square', cases.map(([c]) => `${c.observed.join(' ')} | ${c.probabilities.join(' ')}${c.extra ? ` | ${c.extra}` : ''}`),
      ['--min-expected', String(min)]);
    cases.forEach(([c, i], k) => {
      const want = ref.chi[i];
      const got = out[k];
      same(got.statistic, want.statistic, 1e-12, `cli ${c.name}: statistic`, 1e-12);
      same(got.p, want.p, 1e-10, `cli ${c.name}: p`);
      same(got.log_p, want.log_p, 1e-10, `cli ${c.name}: log p`);
      same(got.tv, want.tv, 1e-12, `cli ${c.name}: TV`);
      same(got.expected_tv, want.expected_tv, 1e-9, `cli ${c.name}: expected TV`);
    });
  }
  run('survival', survivalCases.map(([x, df]) => `${x} ${df}`)).forEach((got, i) => {
    same(got.p, ref.survival[i].p, 1e-10, `cli survival ${i}`);
    same(got.log_p, ref.survival[i].log_p, 1e-10, `cli log survival ${i}`);
  });
  run('energy-distance', energyCases.map((c) => `${c.a.join(' ')} | ${c.b.join(' ')}`)).forEach((got, i) => {
    same(got.energy_distance, ref.energy[i].energy_distance, 1e-12, `cli energy ${energyCases[i].name}`);
  });
  const bad = spawnSync(cli, ['stats', 'chi-square'], { input: '1 2 | 0.5 x\n', encoding: 'utf8' });
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /line 1: probabilities: 'x' is not a number/);
});
