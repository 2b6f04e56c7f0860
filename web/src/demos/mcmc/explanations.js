// A short formula and explanation per sampler, in both languages (the formulas' words
// too), with a reference.

export const EXPLANATIONS = {
  rejection: {
    formula: {
      en: 'accept y ~ q  with probability  p̃(y) / (M·q(y)),   where p̃ ≤ M·q',
      zh: '以概率 p̃(y) / (M·q(y)) 接受 y ~ q，  其中 p̃ ≤ M·q',
    },
    en: 'Propose from q; keep the proposal with probability p̃/(Mq). Kept points are exact draws from p. The acceptance rate is Z/M, so a loose bound wastes proposals, and a bound that is too small is an error.',
    zh: '从 q 中提议；以概率 p̃/(Mq) 接受。被接受的点恰好服从 p。接受率为 Z/M，上界过松会浪费提议，上界过小则报错。',
    ref: 'https://en.wikipedia.org/wiki/Rejection_sampling',
  },
  importance: {
    formula: {
      en: 'w_i = p̃(x_i)/q(x_i),   E[f] ≈ Σ w_i f(x_i) / Σ w_i,   ESS = (Σw)² / Σw²',
      zh: 'w_i = p̃(x_i)/q(x_i),   E[f] ≈ Σ w_i f(x_i) / Σ w_i,   有效样本量 ESS = (Σw)² / Σw²',
    },
    en: 'Draw from q and weight each point by p̃/q (point area ∝ weight). The self-normalized average estimates expectations under p; the effective sample size tells how many equally weighted draws they are worth.',
    zh: '从 q 采样，并用 p̃/q 给每个点加权（点的面积 ∝ 权重）。自归一化平均估计 p 下的期望；有效样本量说明这些样本相当于多少个等权样本。',
    ref: 'https://en.wikipedia.org/wiki/Importance_sampling',
  },
  mh: {
    formula: {
      en: 'y = x + σ·ε,   α = min(1, p̃(y) q(x|y) / (p̃(x) q(y|x)))',
      zh: 'y = x + σ·ε,   α = min(1, p̃(y) q(x|y) / (p̃(x) q(y|x)))',
    },
    en: 'Random-walk Metropolis–Hastings: propose a Gaussian step of size σ and accept with probability α (q is symmetric, so α = min(1, p̃(y)/p̃(x))). Small steps: high acceptance but slow mixing; large steps: many rejections. Several chains give R-hat.',
    zh: '随机游走 Metropolis–Hastings：以步长 σ 提议高斯步，以概率 α 接受（q 对称，故 α = min(1, p̃(y)/p̃(x))）。步长小则接受率高但混合慢；步长大则常被拒绝。多条链可计算 R-hat。',
    ref: 'https://en.wikipedia.org/wiki/Metropolis%E2%80%93Hastings_algorithm',
  },
  gibbs: {
    formula: {
      en: 'x₁ ~ p(x₁ | x₂),   x₂ ~ p(x₂ | x₁)   (acceptance 1)',
      zh: 'x₁ ~ p(x₁ | x₂),   x₂ ~ p(x₂ | x₁)   （接受率 1）',
    },
    en: 'Alternate exact draws from each full conditional (exact for Gaussians, by inverse CDF on a fine 1-D grid otherwise). Gibbs is MH whose proposals are always accepted; it moves along the axes.',
    zh: '交替地从每个完全条件分布中精确采样（高斯时为精确解，否则在细的一维网格上用逆 CDF）。Gibbs 是接受率恒为 1 的 MH，只沿坐标轴移动。',
    ref: 'https://en.wikipedia.org/wiki/Gibbs_sampling',
  },
  annealing: {
    formula: {
      en: 'p_τ ∝ exp(log p̃ / τ),   geometric τ_k = T₀ (T_end/T₀)^(k/K),   logarithmic τ_k = T₀ log 2 / log(k + 2)',
      zh: 'p_τ ∝ exp(log p̃ / τ),   几何降温 τ_k = T₀ (T_end/T₀)^(k/K),   对数降温 τ_k = T₀ log 2 / log(k + 2)',
    },
    en: 'Metropolis–Hastings on a tempered density whose temperature falls along the schedule (see the plot). Hot: the chain roams; cold: it settles on a mode. The best point found is reported.',
    zh: '在回火密度上运行 Metropolis–Hastings，温度按降温表下降（见图）。高温时链自由游走，低温时停在某个众数上。报告找到的最优点。',
    ref: 'https://en.wikipedia.org/wiki/Simulated_annealing',
  },
  mala: {
    formula: {
      en: 'y = x + (σ²/2)∇log p̃(x) + σ·ε,   MH correction with q(y|x) = N(x + (σ²/2)∇log p̃(x), σ²)',
      zh: 'y = x + (σ²/2)∇log p̃(x) + σ·ε,   MH 校正，其中 q(y|x) = N(x + (σ²/2)∇log p̃(x), σ²)',
    },
    en: 'The Metropolis-adjusted Langevin algorithm follows the gradient of log p̃ and adds noise; the MH step keeps it exact. Gradients point proposals uphill, so it accepts more than a blind random walk.',
    zh: 'Metropolis 调整的朗之万算法沿 log p̃ 的梯度移动并加噪声；MH 校正保证其精确。梯度让提议走向高密度处，因此比盲目随机游走接受率更高。',
    ref: 'https://en.wikipedia.org/wiki/Metropolis-adjusted_Langevin_algorithm',
  },
  hmc: {
    formula: {
      en: 'H(x,p) = −log p̃(x) + |p|²/2;   L leapfrog steps of size ε;   α = min(1, exp(H₀ − H₁))',
      zh: 'H(x,p) = −log p̃(x) + |p|²/2;   步长为 ε 的 L 步蛙跳积分;   α = min(1, exp(H₀ − H₁))',
    },
    en: 'Hamiltonian Monte Carlo draws a momentum, simulates L leapfrog steps along the energy surface, then accepts with the energy error. Long, informed moves: low autocorrelation, high ESS.',
    zh: '哈密顿蒙特卡洛先抽取动量，沿能量面模拟 L 步蛙跳积分，再按能量误差接受。移动远且有方向：自相关低，有效样本量高。',
    ref: 'https://en.wikipedia.org/wiki/Hamiltonian_Monte_Carlo',
  },
};
