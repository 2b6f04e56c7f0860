#pragma once
// Adam (Kingma & Ba) with bias correction, written as PyTorch's torch.optim.Adam
// (amsgrad=False, maximize=False) computes it, per element i at step t:
//   g  = grad_i + weight_decay·param_i            (L2 penalty, as PyTorch; not AdamW)
//   m  = β1·m + (1 − β1)·g
//   v  = β2·v + (1 − β2)·g²
//   param_i −= (lr / (1 − β1^t)) · m / (√v / √(1 − β2^t) + eps)
// The moments are kept in double and the update is computed in double, then rounded to
// the parameter type. β^t is a running product (no pow), so results are bit-identical
// natively and in wasm.
#include <cstddef>
#include <vector>

namespace sampling::nn {

class Adam {
 public:
  // n: number of parameters. Throws sampling::Error unless lr is finite and > 0,
  // 0 ≤ β1, β2 < 1, eps ≥ 0 and weight_decay ≥ 0 (all finite).
  Adam(std::size_t n, double lr, double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8,
       double weight_decay = 0.0);

  // One step; params and grads must both have n elements. Returns whether every updated
  // parameter is finite (false after an infinite or NaN gradient, or an update that
  // overflows the parameter type): the caller's check for a diverged step, computed in
  // the same pass.
  bool step(std::vector<float>& params, const std::vector<float>& grads);
  bool step(std::vector<double>& params, const std::vector<double>& grads);

  double learning_rate() const { return lr_; }
  void set_learning_rate(double lr);  // same validation as the constructor

  // Forgets m, v and the step count (the next step is step 1 again).
  void reset();
  std::size_t steps() const { return t_; }
  std::size_t size() const { return m_.size(); }
  const std::vector<double>& first_moment() const { return m_; }
  const std::vector<double>& second_moment() const { return v_; }

 private:
  template <class T>
  bool step_impl(std::vector<T>& params, const std::vector<T>& grads);
  double lr_, beta1_, beta2_, eps_, weight_decay_;
  std::vector<double> m_, v_;
  std::size_t t_ = 0;
  double beta1_power_ = 1.0, beta2_power_ = 1.0;  // β1^t, β2^t
};

}  // namespace sampling::nn
