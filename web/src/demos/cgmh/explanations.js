// Short formulas of the CGMH lab, both languages (the formulas' words too), each with a
// reference (specs/text.md).

export const EXPLANATIONS = [
  {
    id: 'target',
    title: { en: 'The target', zh: '目标分布' },
    formula: {
      en: 'π(x) ∝ LM(x) · e^{β|x|} · χ(x holds every keyword, in order)',
      zh: 'π(x) ∝ LM(x) · e^{β|x|} · χ(x 按顺序包含全部关键词)',
    },
    en: 'LM is a left-to-right language model of the poems (a Kneser–Ney character trigram model); β > 0 offsets its preference for short sentences. χ is 1 for sentences that hold the keywords and 0 otherwise, so the chain never leaves them: it starts from the keywords alone.',
    zh: 'LM 是从左到右的诗句语言模型（Kneser–Ney 字符三元模型）；β > 0 抵消它偏爱短句的倾向。句子包含全部关键词时 χ 为 1，否则为 0，所以链从不离开这些句子：它从只含关键词的句子出发。',
    ref: 'https://arxiv.org/abs/1811.10996',
  },
  {
    id: 'moves',
    title: { en: 'Proposals', zh: '提议' },
    formula: {
      en: 'replace | insert | delete (⅓ each) at a uniform position outside the keywords;   w ~ g ∝ top-K of the masked LM at [MASK]',
      zh: '替换 | 插入 | 删除（各 ⅓），位置在关键词之外均匀选取;   w ~ g ∝ 掩码语言模型在 [MASK] 处的前 K 个',
    },
    en: 'Each step proposes one edit. Replace and insert draw the new character from the poetry BERT’s prediction at that position (its top K, renormalised). Insert and delete are each other’s reverse, replace is its own, so both directions’ probabilities q(x′|x) and q(x|x′) can be computed exactly. With a template the line lengths are fixed: replace only.',
    zh: '每一步提出一个修改。替换和插入从诗词 BERT 在该位置的预测中抽取新字（取前 K 个并重新归一化）。插入与删除互为逆操作，替换是自身的逆，因此两个方向的提议概率 q(x′|x) 与 q(x|x′) 都能精确算出。使用模板时每行长度固定：只做替换。',
    ref: 'https://arxiv.org/abs/1811.10996',
  },
  {
    id: 'accept',
    title: { en: 'Acceptance and annealing', zh: '接受概率与退火' },
    formula: {
      en: 'α = min(1, [π(x′)/π(x)]^{1/τ} · q(x|x′) / q(x′|x));   τ_t = FROM · (TO/FROM)^{t/(steps−1)}',
      zh: 'α = min(1, [π(x′)/π(x)]^{1/τ} · q(x|x′) / q(x′|x));   τ_t = FROM · (TO/FROM)^{t/(步数−1)}',
    },
    en: 'A proposal is accepted with probability α, so the chain’s sentences are drawn from π (τ = 1). With annealing τ falls towards 0 and the chain settles near the most probable sentence that holds the keywords; the best sentence seen is kept either way.',
    zh: '提议以概率 α 被接受，因此链上的句子服从 π（τ = 1）。退火时 τ 逐渐降向 0，链停在包含关键词的最可能句子附近；无论是否退火，都会保留见过的最佳句子。',
    ref: 'https://en.wikipedia.org/wiki/Metropolis%E2%80%93Hastings_algorithm',
  },
];
