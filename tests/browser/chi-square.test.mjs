// Unit tests of web/src/lib/chi-square.js (pure Node, no browser): the incomplete gamma
// function and chi-square p-values against tabulated values, pooling of small cells,
// and the total-variation distance.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  logGamma, gammaQ, chiSquareSurvival, chiSquareTest, totalVariation,
} from '../../web/src/lib/chi-square.js';

function close(actual, expected, rel, what) {
  assert.ok(Math.abs(actual - expected) <= rel * Math.abs(expected),
    `${what}: ${actual} is not within ${rel} (relative) of ${expected}`);
}

test('logGamma matches factorials and Γ(1/2) = √π', () => {
  assert.ok(Math.abs(logGamma(1)) < 1e-14);
  assert.ok(Math.abs(logGamma(2)) < 1e-14);
  close(logGamma(5), Math.log(24), 1e-13, 'logΓ(5)');
  close(logGamma(0.5), 0.5 * Math.log(Math.PI), 1e-13, 'logΓ(1/2)');
  close(logGamma(101), 363.73937555556347, 1e-13, 'logΓ(101) = log 100!');
  assert.ok(Number.isNaN(logGamma(0)));
});

test('gammaQ: closed forms Q(1, x) = e^-x and Q(1/2, x) = erfc(√x)', () => {
  for (const x of [0.01, 0.5, 1, 3, 10, 40]) close(gammaQ(1, x), Math.exp(-x), 1e-12, `Q(1, ${x})`);
  // erfc(1) = 0.157299207050285; erfc(2) = 0.004677734981047266
  close(gammaQ(0.5, 1), 0.157299207050285, 1e-12, 'Q(1/2, 1)');
  close(gammaQ(0.5, 4), 0.004677734981047266, 1e-11, 'Q(1/2, 4)');
  assert.equal(gammaQ(3, 0), 1);
  assert.equal(gammaQ(3, Infinity), 0);
  assert.ok(Number.isNaN(gammaQ(0, 1)));
  assert.ok(Number.isNaN(gammaQ(1, NaN)));
});

test('chi-square upper tail: critical values from tables', () => {
  // [statistic, df, p] from standard chi-square tables.
  const table = [
    [3.841458820694124, 1, 0.05],
    [6.634896601021214, 1, 0.01],
    [10.827566170662733, 1, 0.001],
    [5.991464547107979, 2, 0.05],
    [11.070497693516351, 5, 0.05],
    [15.086272469388991, 5, 0.01],
    [18.307038053275146, 10, 0.05],
    [23.209251158954356, 10, 0.01],
    [29.588298445074418, 10, 0.001],
    [43.77297182574219, 30, 0.05],
    [124.34211340400407, 100, 0.05],
    [149.44925277903878, 100, 0.001],
    [9.342, 10, 0.5], // median of chi-square(10) ≈ 9.3418
  ];
  for (const [x, df, p] of table) close(chiSquareSurvival(x, df), p, 2e-4, `P(χ²_${df} ≥ ${x})`);
  // Far tails stay accurate (no cancellation): P(χ²_2 ≥ 100) = e^-50.
  close(chiSquareSurvival(100, 2), Math.exp(-50), 1e-10, 'P(χ²_2 ≥ 100)');
  // χ²_4: survival e^(-x/2)(1 + x/2), near 1 for a tiny statistic.
  close(chiSquareSurvival(0.001, 4), Math.exp(-0.0005) * 1.0005, 1e-12, 'P(χ²_4 ≥ 0.001)');
  close(chiSquareSurvival(30, 4), Math.exp(-15) * 16, 1e-10, 'P(χ²_4 ≥ 30)');
});

test('chiSquareTest: a textbook die and the biased 1/4, 1/4, 1/2 sampler', () => {
  // Die rolled 60 times: counts 5, 8, 9, 8, 10, 20 → χ² = 13.4, df 5, p ≈ 0.01990.
  const die = chiSquareTest([5, 8, 9, 8, 10, 20], [1, 1, 1, 1, 1, 1].map((v) => v / 6));
  close(die.statistic, 13.4, 1e-12, 'statistic');
  assert.equal(die.df, 5);
  close(die.pValue, 0.019905220334774, 1e-6, 'p');

  // Three equal segmentations drawn 1/4, 1/4, 1/2 (original Viterbi sampling): rejected.
  const biased = chiSquareTest([5000, 5000, 10000], [1 / 3, 1 / 3, 1 / 3]);
  assert.ok(biased.pValue < 1e-100, `biased p = ${biased.pValue}`);
  const fair = chiSquareTest([6700, 6650, 6650], [1 / 3, 1 / 3, 1 / 3]);
  assert.ok(fair.pValue > 0.5, `fair p = ${fair.pValue}`);
});

test('chiSquareTest pools cells with expected count < 5', () => {
  // n = 100: expected 50, 40, 4, 3, 2, 1 → the last four (10 in total) are pooled.
  const r = chiSquareTest([52, 38, 2, 4, 3, 1], [0.5, 0.4, 0.04, 0.03, 0.02, 0.01]);
  assert.equal(r.cells, 3);
  assert.equal(r.df, 2);
  close(r.statistic, (2 * 2) / 50 + (2 * 2) / 40 + 0 / 10, 1e-12, 'pooled statistic');
  // A pooled cell still below 5 is merged into the smallest big cell.
  const m = chiSquareTest([61, 33, 6], [0.6, 0.37, 0.03]);
  assert.equal(m.cells, 2);
  assert.equal(m.df, 1);
  close(m.statistic, 1 / 60 + 1 / 40, 1e-12, 'merged statistic');
  // Draws in a category of probability 0: impossible under the exact distribution.
  assert.equal(chiSquareTest([10, 10], [1, 0]).pValue, 0);
  assert.equal(chiSquareTest([10], [1], { extraObserved: 1 }).pValue, 0);
  // No draws: no test.
  assert.ok(Number.isNaN(chiSquareTest([0, 0], [0.5, 0.5]).pValue));
});

test('totalVariation', () => {
  close(totalVariation([1, 1, 2], [1 / 3, 1 / 3, 1 / 3]), 1 / 6, 1e-12, 'TV of 1/4,1/4,1/2');
  assert.equal(totalVariation([5, 5], [0.5, 0.5]), 0);
  close(totalVariation([5, 5], [0.5, 0.5], 10), 0.5, 1e-12, 'half the mass outside');
  assert.ok(Number.isNaN(totalVariation([0, 0], [0.5, 0.5])));
});
