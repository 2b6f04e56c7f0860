// Property test of the exact samplers through the JS API (the wasm build): on many random
// small vocabularies, with score ranges up to several hundred nats, pieces up to 30
// characters and α from 0 to 10, perfect sampling and FFBS must draw from P_α as
// TokenizerModel.exact() enumerates it.
//
// Each case and method gets two tests: Pearson's chi-square (cells with expected count
// below 5 pooled; a draw outside the support gives p = 0) and, because pooling hides the
// rare cells, the Poisson upper tail of the number of draws in the pooled cells; both at
// the Bonferroni level FAMILY / 2 / (CASES × 4). One more test takes the sum of all
// chi-square statistics against χ²(Σ df) at FAMILY / 2. The seeds are fixed; over random
// seeds a correct sampler fails this file with probability at most FAMILY = 1e-3 (union
// bound).
import test from 'node:test';
import assert from 'node:assert/strict';
import { loadModule } from './load.mjs';

const m = await loadModule();
const CASES = 150;
const DRAWS = 4000;
const FAMILY = 1e-3;
const MAX_SEGMENTATIONS = 3000;

// Marsaglia's xorshift32 makes the cases (the samplers draw from the module's own Rng).
function generator(seed) {
  let x = seed >>> 0 || 1;
  const next = () => {
    x ^= x << 13; x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5; x >>>= 0;
    return x / 4294967296;
  };
  return { uniform: next, below: (n) => Math.floor(next() * n) };
}

// The same family of cases as tests/core/test_tokenize_property.cpp: a text of runs over a
// small alphabet (with a two-byte letter), single letters and substrings of the text up to
// 30 characters as pieces, scores spread over 1 to 600 nats, α in [0, 10].
function randomCase(g) {
  const letters = ['a', 'b', 'c', 'ж'];
  const alphabet = [];
  const k = 1 + g.below(3);
  while (alphabet.length < k) {
    const l = letters[g.below(letters.length)];
    if (!alphabet.includes(l)) alphabet.push(l);
  }
  const length = 1 + g.below(45);
  const chars = [];
  while (chars.length < length) {
    const l = alphabet[g.below(alphabet.length)];
    const left = length - chars.length;
    const run = g.uniform() < 0.3 ? 1 + g.below(left) : 1 + g.below(Math.min(3, left));
    for (let i = 0; i < run; i++) chars.push(l);
  }
  const pieces = new Set();
  for (const l of alphabet) if (g.uniform() < 0.85) pieces.add(l);
  if (chars.length >= 2) {
    const multi = g.below(9);
    for (let i = 0; i < multi; i++) {
      const n = 2 + g.below(Math.min(30, chars.length) - 1);
      const from = g.below(chars.length - n + 1);
      pieces.add(chars.slice(from, from + n).join(''));
    }
  }
  const range = Math.exp(g.uniform() * Math.log(600));
  const low = g.uniform() < 0.2 ? -range / 2 : -range;
  let vocabulary = '';
  for (const p of pieces) vocabulary += `${p}\t${(low + g.uniform() * range).toFixed(6)}\n`;
  if (!vocabulary) vocabulary = 'z\t-1\n';
  const a = g.uniform();
  const alpha = a < 0.05 ? 0 : a < 0.1 ? 10 : g.uniform() * 10;
  return { vocabulary, chars, alpha };
}

const key = (pieces) => JSON.stringify(pieces);

// Exact P_α by enumeration, keyed by the printed pieces (unknown runs merged, so
// segmentations that print alike share one cell on both sides).
function exactByKey(model, text, alpha) {
  const probs = new Map();
  for (const s of model.exact(text, alpha, MAX_SEGMENTATIONS).segmentations) {
    probs.set(key(s.pieces), (probs.get(key(s.pieces)) ?? 0) + s.probability);
  }
  return probs;
}

function fit(model, text, method, alpha, exact, seed) {
  const run = new m.TokenizeRun(model, text, { method, alpha, seed });
  const counts = new Map();
  let outside = 0;
  for (const { pieces, count } of run.run(DRAWS)) {
    if (exact.has(key(pieces))) counts.set(key(pieces), count);
    else outside += count;
  }
  run.delete();
  const keys = [...exact.keys()];
  const fitted = m.chiSquareTest(keys.map((k) => counts.get(k) ?? 0), keys.map((k) => exact.get(k)), { extraObserved: outside });
  // The cells chiSquareTest pools: P(X ≥ observed) for X ~ Poisson(expected) = 1 − Q(k, λ).
  let expected = 0;
  let observed = 0;
  for (const k of keys) {
    if (DRAWS * exact.get(k) < 5) expected += DRAWS * exact.get(k), observed += counts.get(k) ?? 0;
  }
  fitted.pRare = observed > expected ? 1 - m.gammaQ(observed, expected) : 1;
  if (Number.isNaN(fitted.pValue)) fitted.pValue = 1;  // a single cell: nothing for chi-square to test
  return fitted;
}

test('property: perfect sampling and FFBS equal exact enumeration on random vocabularies (wasm)', () => {
  const g = generator(20240611);
  const level = FAMILY / 2 / (4 * CASES);
  let statistic = 0;
  let df = 0;
  let tested = 0;
  const failures = [];
  for (let c = 0; c < CASES; c++) {
    const rc = randomCase(g);
    const model = new m.TokenizerModel(new TextEncoder().encode(rc.vocabulary));
    let chars = rc.chars;
    let exact;
    for (;;) {  // shorten the text until exact enumeration is cheap
      try {
        exact = exactByKey(model, chars.join(''), rc.alpha);
        break;
      } catch (e) {
        assert.match(e.message, /more than \d+ segmentations/);
        chars = chars.slice(0, Math.floor(chars.length / 2));
      }
    }
    const text = chars.join('');
    let mass = 0;
    for (const p of exact.values()) mass += p;
    assert.ok(Math.abs(mass - 1) < 1e-9, `case ${c}: exact probabilities sum to ${mass}`);
    for (const method of ['perfect', 'ffbs']) {
      const r = fit(model, text, method, rc.alpha, exact, 1000 + c);
      if (!(r.pValue > level && r.pRare > level)) {
        failures.push(`case ${c} ${method} alpha ${rc.alpha} text '${text}' p ${r.pValue} rare ${r.pRare}\n${rc.vocabulary}`);
      }
      if (r.df > 0) statistic += r.statistic, df += r.df, tested++;
    }
    model.delete();
  }
  assert.deepEqual(failures, []);
  assert.ok(tested > CASES / 2, `${tested} tests with more than one cell`);
  const p = m.chiSquareSurvival(statistic, df).p;
  assert.ok(p > FAMILY / 2, `sum of ${tested} chi-square statistics ${statistic} on ${df} degrees of freedom: p ${p}`);
});

test('perfect sampling stays exact when a long cheap piece spans totals a double cannot hold (wasm)', () => {
  // a×16 scores −1, a single a −50; at α 3.3 every piece has α·|s| ≤ 200 (the space is an
  // unknown character, −60) but the totals the long piece spans fall e^165 apart per letter.
  const model = new m.TokenizerModel(new TextEncoder().encode('a\t-50\naaaaaaaaaaaaaaaa\t-1\nb\t-1\nab\t-1.5\nbb\t-1.2\n'));
  const text = 'aaaaaaaaaaaaaaaa bbb';
  const exact = exactByKey(model, text, 3.3);
  assert.ok(Math.abs(exact.get(key(['aaaaaaaaaaaaaaaa', ' ', 'b', 'bb'])) - 0.4828) < 1e-3);
  assert.ok(Math.abs(exact.get(key(['aaaaaaaaaaaaaaaa', ' ', 'b', 'b', 'b'])) - 0.0345) < 1e-3);
  for (const method of ['perfect', 'ffbs']) {
    const r = fit(model, text, method, 3.3, exact, 77);
    assert.ok(r.pValue > 1e-4 && r.pRare > 1e-4, `${method}: chi-square p ${r.pValue}, rare cells ${r.pRare}`);
  }
  model.delete();
});

test('perfect sampling stays exact when a rescale would flush the dominant total to zero (wasm)', () => {
  // yy (+200) makes the totals grow e^400 between rescales, so the long piece's total at
  // the end shrinks by e^-400 at each one and underflows; the paths that survive (through
  // x, −180 each) are e^-100 less likely than the long piece.
  const model = new m.TokenizerModel(new TextEncoder().encode('y\t0\nyy\t200\nx\t-180\nyyyyyyyyxxxxx\t0\n'));
  const text = 'yyyyyyyyxxxxx';
  const exact = exactByKey(model, text, 1);
  assert.ok(exact.get(key([text])) > 1 - 1e-12);
  for (const method of ['perfect', 'ffbs']) {
    const r = fit(model, text, method, 1, exact, 78);
    assert.ok(r.pRare > 1e-4, `${method}: draws outside the one likely segmentation, p ${r.pRare}`);
  }
  model.delete();
});
