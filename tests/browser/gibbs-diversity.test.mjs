// The Gibbs lab's diversity figures (web/src/demos/gibbs/diversity.js), pure functions:
// distinct-n on hand-counted cases, BLEU against the worked example of NLTK's
// documentation (sentence_bleu of hypothesis1 against three references = 0.50456668…),
// and self-BLEU's limits (identical texts 1, disjoint texts 0). Plain Node, no browser.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  distinctN, modifiedPrecision, bleu, selfBleu, diversity,
} from '../../web/src/demos/gibbs/diversity.js';

const close = (a, b, tol = 1e-12) => assert.ok(Math.abs(a - b) <= tol, `${a} vs ${b}`);
const chars = (s) => [...s];

test('distinct-n: distinct over all n-grams, pooled over the texts', () => {
  assert.equal(distinctN([chars('abab')], 1), 2 / 4);
  assert.equal(distinctN([chars('abab')], 2), 2 / 3); // ab, ba, ab
  assert.equal(distinctN([chars('ab'), chars('ab')], 1), 2 / 4);
  assert.equal(distinctN([chars('abc'), chars('cde')], 1), 5 / 6);
  assert.equal(distinctN([chars('abc'), chars('cde')], 2), 4 / 4);
  assert.equal(distinctN([chars('a')], 2), null, 'no bigram at all');
  assert.equal(distinctN([], 1), null);
});

// NLTK's documentation of nltk.translate.bleu_score (sentence_bleu and modified_precision).
const hypothesis1 = ['It', 'is', 'a', 'guide', 'to', 'action', 'which', 'ensures', 'that', 'the',
  'military', 'always', 'obeys', 'the', 'commands', 'of', 'the', 'party'];
const hypothesis2 = ['It', 'is', 'to', 'insure', 'the', 'troops', 'forever', 'hearing', 'the',
  'activity', 'guidebook', 'that', 'party', 'direct'];
const reference1 = ['It', 'is', 'a', 'guide', 'to', 'action', 'that', 'ensures', 'that', 'the',
  'military', 'will', 'forever', 'heed', 'Party', 'commands'];
const reference2 = ['It', 'is', 'the', 'guiding', 'principle', 'which', 'guarantees', 'the',
  'military', 'forces', 'always', 'being', 'under', 'the', 'command', 'of', 'the', 'Party'];
const reference3 = ['It', 'is', 'the', 'practical', 'guide', 'for', 'the', 'army', 'always', 'to',
  'heed', 'the', 'directions', 'of', 'the', 'party'];
const refs = [reference1, reference2, reference3];

test('modified precision and BLEU match NLTK\'s worked example', () => {
  const p1 = modifiedPrecision(hypothesis1, refs, 1);
  close(p1.matches / p1.total, 0.9444444444444444);
  const p2 = modifiedPrecision(hypothesis1, refs, 2);
  close(p2.matches / p2.total, 0.5882352941176471);
  const q1 = modifiedPrecision(hypothesis2, refs, 1);
  close(q1.matches / q1.total, 0.5714285714285714);
  const q2 = modifiedPrecision(hypothesis2, refs, 2);
  close(q2.matches / q2.total, 0.07692307692307693);
  close(bleu(hypothesis1, refs), 0.5045666840058485);
  // Papineni et al.'s clipping example: 'the' ×7 against a reference with 'the' twice.
  const clipped = modifiedPrecision(Array(7).fill('the'), [['the', 'cat', 'is', 'on', 'the', 'mat']], 1);
  assert.deepEqual(clipped, { matches: 2, total: 7 });
});

test('BLEU: brevity penalty, smoothing of empty orders, no unigram match', () => {
  // Candidate 'abcd' against 'abcdef': every precision 1, BP = exp(1 − 6/4).
  close(bleu(chars('abcd'), [chars('abcdef')]), Math.exp(1 - 6 / 4));
  // Closest reference length decides (4 beats 6): BP = 1.
  close(bleu(chars('abcd'), [chars('abcdef'), chars('abcd')]), 1);
  // 'abxy' vs 'abcd': p1 = 2/4, p2 = 1/3, p3 = 0.1/2, p4 = 0.1/1 (method1).
  close(bleu(chars('abxy'), [chars('abcd')]), Math.exp((Math.log(2 / 4) + Math.log(1 / 3) + Math.log(0.1 / 2) + Math.log(0.1)) / 4));
  assert.equal(bleu(chars('xyzw'), [chars('abcd')]), 0);
  // Shorter than four tokens: only the orders it has.
  close(bleu(chars('ab'), [chars('ab')]), 1);
});

test('self-BLEU: identical texts 1, disjoint texts 0, one text none', () => {
  close(selfBleu([chars('春眠不覺曉'), chars('春眠不覺曉'), chars('春眠不覺曉')]), 1);
  assert.equal(selfBleu([chars('春眠不覺曉'), chars('白日依山盡')]), 0);
  assert.equal(selfBleu([chars('春眠不覺曉')]), null);
  // Two texts: the mean of the two directions.
  const a = chars('abcdxy');
  const b = chars('abcdzw');
  close(selfBleu([a, b]), (bleu(a, [b]) + bleu(b, [a])) / 2);
});

test('diversity() leaves punctuation out', () => {
  const d = diversity([chars('春風，春雨。'), chars('秋風，秋雨。')]);
  close(d.distinct1, 4 / 8); // 春 風 春 雨 秋 風 秋 雨 → 春 風 雨 秋
  close(d.distinct2, 6 / 6);
  assert.equal(d.selfBleu, bleu(chars('春風春雨'), [chars('秋風秋雨')]));
});
