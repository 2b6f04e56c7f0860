// Short formulas per method, in the page's one convention (specs/flows.md): data x at
// t = 0, noise ε at t = 1, z_t = (1 − t)·x + t·ε, v = ε − x. Both languages (the formulas'
// words too), with a reference.

export const CONVENTION = {
  en: 'z_t = (1 − t)·x + t·ε,   x ~ data (t = 0),   ε ~ N(0, I) (t = 1),   v = ε − x',
  zh: 'z_t = (1 − t)·x + t·ε,   x ~ 数据 (t = 0),   ε ~ N(0, I) (t = 1),   v = ε − x',
};

export const EXPLANATIONS = {
  fm: {
    formula: {
      en: 'loss ‖v_θ(z_t, t) − (ε − x)‖²;   K Euler steps: z_{t−Δ} = z_t − Δ·v_θ(z_t, t)',
      zh: '损失 ‖v_θ(z_t, t) − (ε − x)‖²;   K 步欧拉法：z_{t−Δ} = z_t − Δ·v_θ(z_t, t)',
    },
    en: 'Flow matching (rectified flow) learns the average velocity field at each point. Many small steps follow the curved paths; a single step jumps along the mean velocity and lands near the mean of the data: blurry.',
    zh: '流匹配（整流流）学习每个点上的平均速度场。许多小步能沿着弯曲的路径走；只走一步则沿平均速度跳跃，落在数据均值附近：结果模糊。',
    ref: 'https://arxiv.org/abs/2210.02747',
  },
  meanflow: {
    formula: {
      en: 'u(z_t, r, t) = v − (t − r)·du/dt;   one step: x = ε − u_θ(ε, 0, 1)',
      zh: 'u(z_t, r, t) = v − (t − r)·du/dt;   一步生成：x = ε − u_θ(ε, 0, 1)',
    },
    en: 'MeanFlow learns the average velocity u over an interval [r, t], trained with the identity above (du/dt by a forward-mode JVP along the path). One step from noise uses the average over the whole interval.',
    zh: 'MeanFlow 学习区间 [r, t] 上的平均速度 u，用上面的恒等式训练（du/dt 由沿路径的前向 JVP 计算）。从噪声出发一步生成时用整个区间上的平均速度。',
    ref: 'https://arxiv.org/abs/2505.13447',
  },
  shortcut: {
    formula: {
      en: 's(z, t, 2d) = ½·[s(z, t, d) + s(z′, t − d, d)],   z′ = z − d·s(z, t, d);   one step: x = ε − s(ε, 1, 1)',
      zh: 's(z, t, 2d) = ½·[s(z, t, d) + s(z′, t − d, d)],   z′ = z − d·s(z, t, d);   一步生成：x = ε − s(ε, 1, 1)',
    },
    en: 'Shortcut models also take the step size d. Two half steps teach one double step (self-consistency), on top of plain flow matching at the smallest step d = 1/128, so the step size can grow up to a single step.',
    zh: 'Shortcut 模型还以步长 d 为输入。两个半步教会一个双倍步（自洽性），再加上最小步长 d = 1/128 时的普通流匹配，步长因此可以一直增大到只走一步。',
    ref: 'https://arxiv.org/abs/2410.12557',
  },
  consistency: {
    formula: {
      en: 'f_θ(z, t) = z − t·F_θ(z, t)   (f_θ(z, 0) = z);   one step: x = f_θ(ε, 1)',
      zh: 'f_θ(z, t) = z − t·F_θ(z, t)   (f_θ(z, 0) = z);   一步生成：x = f_θ(ε, 1)',
    },
    en: 'A consistency model maps every point of a path straight to its end. Training (iCT, no teacher) makes the outputs at neighbouring times agree; this page uses the linear-path parametrization above rather than the EDM c_skip/c_out one.',
    zh: '一致性模型把路径上的每个点直接映射到路径终点。训练（iCT，无教师）让相邻时刻的输出一致；本页使用上面的线性路径参数化，而不是 EDM 的 c_skip/c_out 形式。',
    ref: 'https://arxiv.org/abs/2310.14189',
  },
};
