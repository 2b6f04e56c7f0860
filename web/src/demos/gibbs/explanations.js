// Short formulas of the Gibbs lab, both languages (the formulas' words too), each with a
// reference (specs/text.md).

export const EXPLANATIONS = [
  {
    id: 'gibbs',
    title: { en: 'Gibbs sampling with a masked LM', zh: '用掩码语言模型做 Gibbs 采样' },
    formula: {
      en: 'x = [CLS] x₁ … x_L [SEP];   pick a free i,  x_i ← [MASK],   x_i ~ p_i ∝ exp(logits_i / T)   (top-k)',
      zh: 'x = [CLS] x₁ … x_L [SEP];   选一个待采样位置 i，  x_i ← [MASK]，  x_i ~ p_i ∝ exp(对数几率_i / T)   （前 k 个）',
    },
    en: 'Each step masks one free position, asks the model for its distribution given every other character, and draws a new character from it (never a special token or punctuation). Random order picks the position uniformly; a sweep goes left to right; parallel redraws every free position from one pass over the unmasked text. Burn-in steps draw from the full distribution (no top-k).',
    zh: '每一步遮住一个待采样位置，让模型给出在其余所有字已知时该位置的分布，再从中抽一个新字（从不抽特殊符号或标点）。随机顺序均匀地选位置；扫描从左到右；并行则对未遮盖的文本做一次前向计算、同时重抽所有位置。预烧阶段从完整分布抽样（不截断 top-k）。',
    ref: 'https://arxiv.org/abs/1902.04094',
  },
  {
    id: 'score',
    title: { en: 'Score and pseudo-log-likelihood', zh: '得分与伪对数似然' },
    formula: {
      en: 'score = Σ_i log p(x_i | x_{−i}) at the step x_i was drawn;   PLL(x) = Σ_i log p(x_i | x_{−i}) with x_i masked',
      zh: '得分 = Σ_i log p(x_i | x_{−i})（在抽出 x_i 的那一步）;   伪对数似然 PLL(x) = Σ_i log p(x_i | x_{−i})（遮住 x_i）',
    },
    en: 'The running score adds the model’s log-probability (T = 1, no top-k) of each chosen character at the moment it was chosen. The pseudo-log-likelihood rescores the current text: one forward pass per free position. BERT is not an MRF, so these chains have no guaranteed stationary distribution; the score shows whether they settle.',
    zh: '累计得分把每个被选中的字在被选中时的模型对数概率（T = 1，不截断 top-k）加起来。伪对数似然对当前文本重新打分：每个待采样位置一次前向计算。BERT 不是 MRF，这些链没有保证的平稳分布；得分曲线显示它们是否趋于稳定。',
    ref: 'https://arxiv.org/abs/1910.14659',
  },
  {
    id: 'mh',
    title: { en: 'MH-corrected Gibbs: a known stationary distribution', zh: 'MH 校正的 Gibbs：已知的平稳分布' },
    formula: {
      en: 'E(x) = −Σ_t log p(x_t | x with t masked);   w ~ q_i,   accept x′ = x[i ← w] with min(1, e^{E(x) − E(x′)} · q_i(x_i) / q_i(w))',
      zh: 'E(x) = −Σ_t log p(x_t | 遮住位置 t 的 x);   w ~ q_i，  以概率 min(1, e^{E(x) − E(x′)} · q_i(x_i) / q_i(w)) 接受 x′ = x[i ← w]',
    },
    en: 'Gibbs sampling is exact only when the conditionals it draws from are those of one joint distribution. A BERT’s conditionals are not (it is not an MRF): they disagree with each other, so plain Gibbs with them has no guaranteed stationary distribution, and where its chains settle depends on the order, T and top-k. The MH-corrected chain keeps the same step but only as a proposal q, and scores the whole text with an energy built from the model’s own predictions (every position masked in turn, so one forward pass per character at each step). Accepting with the Metropolis–Hastings ratio above leaves exp(−E) invariant (detailed balance), so the chains sample that distribution whatever T and top-k of the proposal are. The acceptance rate measures how far the model’s conditionals are from that joint: near 1 they agree.',
    zh: 'Gibbs 采样只有在所用的条件分布来自同一个联合分布时才是精确的。BERT 的条件分布并非如此（它不是 MRF）：它们彼此不一致，所以直接用它们做 Gibbs 没有保证的平稳分布，链停在哪里取决于顺序、T 和 top-k。MH 校正的链保留同样的一步，但只把它当作提议分布 q，并用模型自己的预测给整段文本算一个能量（依次遮住每个位置，所以每一步每个字一次前向计算）。按上面的 Metropolis–Hastings 比率接受或拒绝，使 exp(−E) 保持不变（细致平衡），因此无论提议的 T 和 top-k 如何，链都从这个分布采样。接受率说明模型的条件分布离这个联合分布有多远：接近 1 时二者一致。',
    ref: 'https://arxiv.org/abs/2106.02736',
  },
  {
    id: 'anneal',
    title: { en: 'Simulated annealing', zh: '模拟退火' },
    formula: {
      en: 'p_τ(x) ∝ p(x)^{1/τ};   τ_t = FROM · (TO/FROM)^{t/(steps−1)}',
      zh: 'p_τ(x) ∝ p(x)^{1/τ};   τ_t = FROM · (TO/FROM)^{t/(步数−1)}',
    },
    en: 'With annealing the temperature falls geometrically from FROM to TO over the steps (the chart shows the schedule). At a small τ each draw nearly takes the most likely character, so the chain ends near a maximum of the model’s score.',
    zh: '退火时温度在各步之间从 FROM 按几何级数降到 TO（图中画出了温度计划）。τ 很小时每次几乎都取最可能的字，因此链最终停在模型得分的一个极大值附近。',
    ref: 'https://en.wikipedia.org/wiki/Simulated_annealing',
  },
];
