// A short formula and explanation per segmentation method, in both languages (the
// formulas' words too).

const REF_PERFECT = 'https://kexue.fm/archives/9811';
const REF_ORIGINAL = 'https://kexue.fm/archives/9768';
const REF_SP = 'https://github.com/google/sentencepiece/blob/master/src/unigram_model.cc';

export const EXPLANATIONS = {
  viterbi: {
    formula: {
      en: 'best[e] = max over pieces w = c[b+1..e] of best[b] + s(w);  route[e] = argmax b',
      zh: '最优[e] = max_{词片 w = c[b+1..e]} (最优[b] + s(w));  路径[e] = argmax b',
    },
    en: 'The single most probable segmentation (α → ∞): dynamic programming over end positions, then a backtrack.',
    zh: '最可能的单一切分（α → ∞）：按结束位置做动态规划，再回溯。',
    ref: REF_SP,
  },
  original: {
    formula: {
      en: 'duel: replace route[e] with prob σ(α(v − score[e])), v = score[b] + s(w); then score[e] = v — biased',
      zh: '决斗：以概率 σ(α(v − 得分[e])) 把 路径[e] 换成 b，v = 得分[b] + s(w)；然后 得分[e] = v——有偏',
    },
    en: 'Viterbi Sampling as first published (BytePiece 0.4): candidates fight one-on-one duels, so earlier candidates are diluted (three equal ones come out 1/4, 1/4, 1/2). It does not sample P_α — see its bars and p-value.',
    zh: '最初发表的 Viterbi Sampling（BytePiece 0.4）：候选两两“决斗”，靠前的候选被稀释（三个同分候选得到 1/4、1/4、1/2）。它并不服从 P_α——看它的柱子和 p 值。',
    ref: REF_ORIGINAL,
  },
  perfect: {
    formula: {
      en: 'logZ[e] = logsumexp(logZ[e], logZ[b] + α·s(w)); keep route with prob exp(v − logZ[e])',
      zh: 'logZ[e] = logsumexp(logZ[e], logZ[b] + α·s(w))；以概率 exp(v − logZ[e]) 保留该路径',
    },
    en: 'Perfect sampling (BytePiece 0.5): propagate the partition function and keep each candidate by weighted reservoir sampling. Same cost as Viterbi plus one uniform draw per candidate, and an exact sample of P_α.',
    zh: '完美采样（BytePiece 0.5）：传播配分函数，用加权蓄水池抽样决定保留哪个候选。代价与 Viterbi 相同（每个候选多一次均匀抽样），得到 P_α 的精确样本。',
    ref: REF_PERFECT,
  },
  ffbs: {
    formula: {
      en: 'a[e] = logsumexp_(b,w) a[b] + α·s(w);  backward: pick (b,w) with prob exp(a[b] + α·s(w) − a[e])',
      zh: 'a[e] = logsumexp_(b,w) a[b] + α·s(w)；后向：以概率 exp(a[b] + α·s(w) − a[e]) 选取 (b,w)',
    },
    en: 'Forward-filtering backward-sampling, SentencePiece’s subword regularization with nbest_size = −1: a forward pass of log partition functions, then a random walk back from the end. Exact.',
    zh: '前向滤波后向采样，即 SentencePiece 的 subword regularization（nbest_size = −1）：先前向计算对数配分函数，再从末尾随机回溯。精确。',
    ref: REF_SP,
  },
  nbest: {
    formula: {
      en: 'y ~ exp(α·S(y)) over the k best segmentations only',
      zh: 'y ~ exp(α·S(y))，只在得分最高的 k 个切分中',
    },
    en: 'SentencePiece’s nbest_size = k > 1: sample one of the k best segmentations in proportion to exp(α·S). Exact only when k covers every segmentation; otherwise the tail is cut off.',
    zh: 'SentencePiece 的 nbest_size = k > 1：在得分最高的 k 个切分中按 exp(α·S) 抽样。只有 k 覆盖全部切分时才精确，否则尾部被截掉。',
    ref: REF_SP,
  },
};
