// The module's statistics (wasm/bind_stats.cpp over core/stats), as the tokenize and flow
// labs call them: the incomplete gamma function and chi-square tails against closed
// forms and tables, Pearson's test with pooling of small cells, the total-variation
// distance and its noise floor, and the energy distance. tests/conformance/stats.test.mjs
// compares the same functions with SciPy.
import test from 'node:test';
import assert from 'node:assert/strict';
import { loadModule } from './load.mjs';

const m = await loadModule();

function close(actual, expected, rel, what) {
  assert.ok(Math.abs(actual - expected) <= rel * Math.abs(expected),
    `${what}: ${actual} is not within ${rel} (relative) of ${expected}`);
}

test('gammaQ: closed forms Q(1, x) = e^-x and Q(1/2, x) = erfc(√x); Q(n+1, x) = e^-x Σ x^k/k!', () => {
  for (const x of [0.01, 0.5, 1, 3, 10, 40]) close(m.gammaQ(1, x), Math.exp(-x), 1e-13, `Q(1, ${x})`);
  close(m.gammaQ(0.5, 1), 0.157299207050285, 1e-12, 'Q(1/2, 1)');
  close(m.gammaQ(0.5, 4), 0.004677734981047266, 1e-11, 'Q(1/2, 4)');
  // Q(51, 40) = e^-40 Σ_{k ≤ 50} 40^k / k! (exercises log Γ(51) = log 50!).
  let term = Math.exp(-40);
  let sum = term;
  for (let k = 1; k <= 50; k++) sum += (term *= 40 / k);
  close(m.gammaQ(51, 40), sum, 1e-12, 'Q(51, 40)');
  assert.equal(m.gammaQ(3, 0), 1);
  assert.equal(m.gammaQ(3, Infinity), 0);
  assert.throws(() => m.gammaQ(0, 1), /a must be a positive/);
  assert.throws(() => m.gammaQ(1, NaN), /x must be ≥ 0/);
});

test('chi-square upper tail: critical values from tables, far tails as log p', () => {
  const table = [
    [3.841458820694124, 1, 0.05], [6.634896601021214, 1, 0.01], [10.827566170662733, 1, 0.001],
    [5.991464547107979, 2, 0.05], [11.070497693516351, 5, 0.05], [15.086272469388991, 5, 0.01],
    [18.307038053275146, 10, 0.05], [23.209251158954356, 10, 0.01], [29.588298445074418, 10, 0.001],
    [43.77297182574219, 30, 0.05], [124.34211340400407, 100, 0.05], [149.44925277903878, 100, 0.001],
    [9.342, 10, 0.5], // median of chi-square(10) ≈ 9.3418
  ];
  for (const [x, df, p] of table) close(m.chiSquareSurvival(x, df).p, p, 2e-4, `P(χ²_${df} ≥ ${x})`);
  close(m.chiSquareSurvival(100, 2).p, Math.exp(-50), 1e-12, 'P(χ²_2 ≥ 100)');
  close(m.chiSquareSurvival(0.001, 4).p, Math.exp(-0.0005) * 1.0005, 1e-12, 'P(χ²_4 ≥ 0.001)');
  close(m.chiSquareSurvival(30, 4).p, Math.exp(-15) * 16, 1e-12, 'P(χ²_4 ≥ 30)');
  // χ²_2 at 3000: p = e^-1500 is 0 as a double; log p = −1500 exactly.
  const far = m.chiSquareSurvival(3000, 2);
  assert.equal(far.p, 0);
  close(far.logP, -1500, 1e-13, 'log P(χ²_2 ≥ 3000)');
  assert.throws(() => m.chiSquareSurvival(1, 0), /degrees of freedom/);
});

test('chiSquareTest: a textbook die and the biased 1/4, 1/4, 1/2 sampler', () => {
  const die = m.chiSquareTest([5, 8, 9, 8, 10, 20], [1, 1, 1, 1, 1, 1].map((v) => v / 6));
  close(die.statistic, 13.4, 1e-12, 'statistic');
  assert.equal(die.df, 5);
  close(die.pValue, 0.01990522033477438, 1e-12, 'p');
  close(die.logPValue, Math.log(0.01990522033477438), 1e-12, 'log p');
  // Three equal segmentations drawn 1/4, 1/4, 1/2 (original Viterbi sampling): χ² = 2500, p = e^-1250.
  const biased = m.chiSquareTest([5000, 5000, 10000], [1 / 3, 1 / 3, 1 / 3]);
  assert.equal(biased.pValue, 0);
  close(biased.logPValue, -1250, 1e-12, 'log p of the biased sampler');
  assert.ok(m.chiSquareTest([6700, 6650, 6650], [1 / 3, 1 / 3, 1 / 3]).pValue > 0.5);
});

test('chiSquareTest pools cells with expected count < 5; impossible counts give p = 0', () => {
  const r = m.chiSquareTest([52, 38, 2, 4, 3, 1], [0.5, 0.4, 0.04, 0.03, 0.02, 0.01]);
  assert.equal(r.cells, 3);
  assert.equal(r.df, 2);
  close(r.statistic, 4 / 50 + 4 / 40, 1e-12, 'pooled statistic');
  const merged = m.chiSquareTest([61, 33, 6], [0.6, 0.37, 0.03]);
  assert.equal(merged.cells, 2);
  close(merged.statistic, 1 / 60 + 1 / 40, 1e-12, 'merged statistic');
  assert.equal(m.chiSquareTest([10, 10], [1, 0]).pValue, 0);
  const outside = m.chiSquareTest([10], [1], { extraObserved: 1 });
  assert.equal(outside.pValue, 0);
  assert.equal(outside.logPValue, -Infinity);
  assert.ok(Number.isNaN(m.chiSquareTest([0, 0], [0.5, 0.5]).pValue), 'no draws: no test');
  assert.ok(Number.isNaN(m.chiSquareTest([3, 2], [0.5, 0.5]).pValue), 'one pooled cell: no test');
  // minExpected moves the pooling line; typed arrays work as well as arrays.
  assert.equal(m.chiSquareTest(new Float64Array([3, 2]), new Float64Array([0.5, 0.5]), { minExpected: 1 }).df, 1);
  assert.throws(() => m.chiSquareTest([1, 2], [0.5, 'x']), /probability 1 must be ≥ 0, got NaN/);
  assert.throws(() => m.chiSquareTest(null, [1]), /observed must be an array of numbers/);
});

test('gammaQ for tiny a: Q(a, x) near a·E1(x), never negative (1 − P cancelled)', () => {
  // mpmath 1.3.0 gammainc(a, x, inf, regularized=True), 40 digits; as tests/core/test_stats.cpp.
  close(m.gammaQ(5e-17, 0.5), 2.7988679738808040736e-17, 1e-12, 'Q(5e-17, 0.5)');
  close(m.gammaQ(5e-101, 0.5), 2.7988679738808041147e-101, 1e-12, 'Q(5e-101, 0.5)');
  close(m.gammaQ(5e-311, 0.5), 2.7988679738809337905e-311, 1e-6, 'Q(5e-311, 0.5)');
  close(m.chiSquareSurvival(1, 1e-16).p, 2.7988679738808040736e-17, 1e-12, 'χ²(1e-16) at 1');
});

test('totalVariation and expectedTotalVariation', () => {
  close(m.totalVariation([1, 1, 2], [1 / 3, 1 / 3, 1 / 3]), 1 / 6, 1e-12, 'TV of 1/4,1/4,1/2');
  assert.equal(m.totalVariation([5, 5], [0.5, 0.5]), 0);
  close(m.totalVariation([5, 5], [0.5, 0.5], 10), 0.5, 1e-12, 'half the mass outside');
  assert.throws(() => m.totalVariation([0, 0], [0.5, 0.5]), /no draws/);
  // A count outside the list that is no number is refused, as chiSquareTest refuses it ("5" was 0).
  assert.throws(() => m.totalVariation([5, 5], [0.5, 0.5], '5'), /totalVariation: extraObserved must be a number$/);
  assert.throws(() => m.totalVariation([5, 5], [0.5, 0.5], {}), /totalVariation: extraObserved must be a number$/);
  assert.equal(m.totalVariation([5, 5], [0.5, 0.5], null), 0);
  // One fair coin: TV is ½ whatever falls. Two flips: ½·P(1 head) = ¼ on average.
  close(m.expectedTotalVariation([0.5, 0.5], 1), 0.5, 1e-14, 'one flip');
  close(m.expectedTotalVariation([0.5, 0.5], 2), 0.25, 1e-14, 'two flips');
  // The floor shrinks like 1/√n.
  const p = [0.5, 0.3, 0.2];
  close(m.expectedTotalVariation(p, 40000) / m.expectedTotalVariation(p, 10000), 0.5, 1e-2, '1/√n');
  assert.throws(() => m.expectedTotalVariation(p, 0.5), /positive integer/);
  // One segmentation whose probability sums to a hair above 1: no noise at all.
  assert.equal(m.expectedTotalVariation([1.0000000000000018], 1000), 0);
  assert.throws(() => m.expectedTotalVariation([1.5], 10), /must be in \[0, 1\], got 1\.5/);
  // Huge n (lgamma differences cancelled: 0.096 at 1e16, null at 1e18); values from mpmath
  // at 60 digits, as in tests/core/test_stats.cpp.
  close(m.expectedTotalVariation([0.5, 0.5], 1e16), 3.9894228040143266797e-9, 1e-12, 'n = 1e16');
  close(m.expectedTotalVariation([0.5, 0.5], 2 ** 53), 4.2035399641674479193e-9, 1e-12, 'n = 2^53');
  close(m.expectedTotalVariation([1e-9, 1 - 1e-9], 1e18), 2.523132502836267051e-14, 1e-12, 'n = 1e18');
});

function gaussian(n, seed, dx = 0) {
  let s = seed >>> 0;
  const u = () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return (s + 0.5) / 4294967296;
  };
  const out = new Float64Array(2 * n);
  for (let i = 0; i < n; i++) {
    const r = Math.sqrt(-2 * Math.log(u()));
    const a = 2 * Math.PI * u();
    out[2 * i] = r * Math.cos(a) + dx;
    out[2 * i + 1] = r * Math.sin(a);
  }
  return out;
}

test('energyDistance: exact on tiny sets, symmetric, ≈ 0 for one law, positive for a shift', () => {
  // a = {(0,0), (2,0)}, b = {(0,0), (0,2)}: E|a−b| = (0 + 2 + 2 + √8)/4, E|a−a'| = 2, E|b−b'| = 2.
  close(m.energyDistance([0, 0, 2, 0], [0, 0, 0, 2]), 2 * (4 + Math.sqrt(8)) / 4 - 4, 1e-14, 'tiny sets');
  const a = gaussian(800, 1);
  const b = gaussian(800, 2);
  const c = gaussian(800, 3, 1.5);
  assert.ok(Math.abs(m.energyDistance(a, c) - m.energyDistance(c, a)) < 1e-9);
  assert.ok(Math.abs(m.energyDistance(a, b)) < 0.02, `same distribution: ${m.energyDistance(a, b)}`);
  assert.ok(m.energyDistance(a, c) > 0.5, `shifted by 1.5: ${m.energyDistance(a, c)}`);
  assert.ok(m.energyDistance(a, gaussian(800, 4, 0.5)) < m.energyDistance(a, c), 'a larger shift is farther');
  assert.ok(Math.abs(m.energyDistance(Float32Array.from(a), c) - m.energyDistance(a, c)) < 1e-5, 'Float32Array points');
});

test('energyDistance: bad input is an Error naming it, and the module keeps working', () => {
  assert.throws(() => m.energyDistance([], [1, 2, 3, 4]), /the first set needs at least 2 points/);
  assert.throws(() => m.energyDistance([1, 2, 3], [1, 2, 3, 4]), /at least 2 points/);
  assert.throws(() => m.energyDistance([0, 0, 1, 1], new Float32Array([0, NaN, 1, 1])), /second set point 0 is not finite/);
  assert.equal(m.energyDistance([0, 0, 1, 0], [0, 0, 1, 0]), 2 * 0.5 - 1 - 1);
});
