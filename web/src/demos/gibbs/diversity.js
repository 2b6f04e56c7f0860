// Diversity of the texts of several chains, computed from their tokens (pure functions).
//
// distinct-n (Li et al. 2016): distinct n-grams / all n-grams, pooled over the texts.
// BLEU (Papineni et al. 2002) as NLTK's sentence_bleu: clipped n-gram precisions for
//   n = 1..4 with equal weights, geometric mean, brevity penalty exp(1 − r/c) when the
//   candidate (length c) is shorter than the reference closest in length (r, ties to the
//   shorter); a precision with no match counts 0.1 matches (NLTK's smoothing method1),
//   except that no unigram match at all gives 0, as NLTK does.
//   Orders longer than the candidate are left out (their weight goes to the others).
// self-BLEU (Zhu et al. 2018, Texygen): the mean over texts of the BLEU of each text
//   against all the others as references; 1 = every text alike, near 0 = all different.

const SMOOTH_EPSILON = 0.1;

function ngrams(tokens, n) {
  const out = [];
  for (let i = 0; i + n <= tokens.length; i++) out.push(tokens.slice(i, i + n).join('\u0001'));
  return out;
}

function counts(list) {
  const map = new Map();
  for (const g of list) map.set(g, (map.get(g) ?? 0) + 1);
  return map;
}

/** distinct-n over several token lists; null when there is no n-gram at all. */
export function distinctN(texts, n) {
  const seen = new Set();
  let total = 0;
  for (const tokens of texts) {
    for (const g of ngrams(tokens, n)) {
      seen.add(g);
      total++;
    }
  }
  return total === 0 ? null : seen.size / total;
}

/** Clipped matches and candidate n-grams of order n against the references. */
export function modifiedPrecision(candidate, references, n) {
  const cand = counts(ngrams(candidate, n));
  const maxRef = new Map();
  for (const ref of references) {
    for (const [g, c] of counts(ngrams(ref, n))) maxRef.set(g, Math.max(maxRef.get(g) ?? 0, c));
  }
  let matches = 0;
  let total = 0;
  for (const [g, c] of cand) {
    matches += Math.min(c, maxRef.get(g) ?? 0);
    total += c;
  }
  return { matches, total };
}

/** Sentence BLEU of one candidate against references (token lists), orders 1..maxN. */
export function bleu(candidate, references, maxN = 4) {
  const c = candidate.length;
  if (c === 0 || references.length === 0) return 0;
  const orders = Math.min(maxN, c);
  let logSum = 0;
  for (let n = 1; n <= orders; n++) {
    const { matches, total } = modifiedPrecision(candidate, references, n);
    if (n === 1 && matches === 0) return 0;
    logSum += Math.log((matches > 0 ? matches : SMOOTH_EPSILON) / total);
  }
  let r = references[0].length;
  for (const ref of references) {
    const d = Math.abs(ref.length - c);
    const best = Math.abs(r - c);
    if (d < best || (d === best && ref.length < r)) r = ref.length;
  }
  const bp = c >= r ? 1 : Math.exp(1 - r / c);
  return bp * Math.exp(logSum / orders);
}

/** Mean BLEU of each text against the others; null for fewer than two texts. */
export function selfBleu(texts, maxN = 4) {
  const usable = texts.filter((t) => t.length > 0);
  if (usable.length < 2) return null;
  let sum = 0;
  for (let i = 0; i < usable.length; i++) {
    sum += bleu(usable[i], usable.filter((_, j) => j !== i), maxN);
  }
  return sum / usable.length;
}

/** Every figure the lab shows, from the chains' tokens (punctuation left out). */
export function diversity(texts) {
  const words = texts.map((tokens) => tokens.filter((t) => !/^[\p{P}\p{S}]+$/u.test(t)));
  return {
    distinct1: distinctN(words, 1),
    distinct2: distinctN(words, 2),
    selfBleu: selfBleu(words),
  };
}
