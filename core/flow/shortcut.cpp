// Shortcut models (Frans, Hafner, Levine, Abbeel 2024), in our time convention: one step
// of size d moves from t to t − d, z_{t−d} = z_t − d·s_θ(z_t, t, d).
//   flow-matching rows:     s_θ(z_t, t, 1/128) ≈ ε − x   (the smallest step, as the official code)
//   self-consistency rows:  s_θ(z_t, t, 2d) ≈ ½·[s(z_t, t, d) + s(z_t − d·s(z_t, t, d), t − d, d)]
// with d ∈ {1/128, …, 1/2}, t on the grid of multiples of d with t − 2d ≥ 0, and the
// target evaluated with the EMA weights and held fixed (as the official code does).
// So every step size d = 1/K the sampler uses at K = 1, 2, 4, …, 128 steps is trained
// (shortcut.hpp).
#include "core/flow/shortcut.hpp"

#include <cmath>

#include "core/flow/objective.hpp"

namespace sampling::flow {

void shortcut_rows(int batch, double fraction, Rng& rng, ShortcutRows& rows) {
  rows.consistency = static_cast<int>(std::lround(batch * fraction));
  rows.t.resize(batch), rows.step.resize(batch), rows.teacher.resize(batch);
  for (int i = 0; i < batch; ++i) {
    if (i < rows.consistency) {
      const int k = 1 + static_cast<int>(rng.below(kShortcutLevels));
      const float d = std::ldexp(1.0f, -k);
      const int j = 2 + static_cast<int>(rng.below((1u << k) - 1));
      rows.t[i] = j * d, rows.teacher[i] = d, rows.step[i] = 2 * d;
    } else {
      rows.t[i] = static_cast<float>(rng.uniform()), rows.teacher[i] = 0, rows.step[i] = kShortcutMinStep;
    }
  }
}

namespace {

class Shortcut : public Objective {
 public:
  explicit Shortcut(const ObjectiveOptions& o) : o_(o) {}

  double loss_and_gradients(nn::Mlp<float>& net, nn::Mlp<float>& target, const std::vector<float>& x, std::uint64_t,
                            Rng& rng) override {
    const int batch = static_cast<int>(x.size() / 2);
    eps_.resize(x.size());
    for (auto& e : eps_) e = static_cast<float>(rng.normal());
    shortcut_rows(batch, o_.shortcut_fraction, rng, rows_);
    const int consistency_rows = rows_.consistency;
    interpolate(x, eps_, rows_.t, z_, v_);
    targets_ = v_;  // flow-matching rows regress ε − x
    if (consistency_rows > 0) {
      // Two half steps of size d with the target network, averaged.
      const float* d = rows_.teacher.data();
      make_inputs(z_.data(), rows_.t.data(), d, consistency_rows, inputs_);
      const float* s1 = target.forward(inputs_.data(), consistency_rows);
      first_.assign(s1, s1 + 2 * consistency_rows);
      mid_.resize(2 * consistency_rows), mid_t_.resize(consistency_rows);
      for (int i = 0; i < consistency_rows; ++i) {
        mid_[2 * i] = z_[2 * i] - d[i] * first_[2 * i];
        mid_[2 * i + 1] = z_[2 * i + 1] - d[i] * first_[2 * i + 1];
        mid_t_[i] = rows_.t[i] - d[i];
      }
      make_inputs(mid_.data(), mid_t_.data(), d, consistency_rows, inputs_);
      const float* s2 = target.forward(inputs_.data(), consistency_rows);
      for (int i = 0; i < 2 * consistency_rows; ++i) targets_[i] = 0.5f * (first_[i] + s2[i]);
    }
    // The student jumps 2d at once on consistency rows.
    make_inputs(z_.data(), rows_.t.data(), rows_.step.data(), batch, inputs_);
    const float* y = net.forward(inputs_.data(), batch);
    grad_.resize(x.size());
    double loss = 0;
    for (std::size_t i = 0; i < x.size(); ++i) {
      const float d = y[i] - targets_[i];
      loss += static_cast<double>(d) * d;
      grad_[i] = 2 * d / batch;
    }
    net.backward(grad_.data(), /*input_gradient=*/false);
    return loss / batch;
  }

 private:
  ObjectiveOptions o_;
  ShortcutRows rows_;
  std::vector<float> eps_, z_, v_, targets_, inputs_, first_, mid_, mid_t_, grad_;
};

}  // namespace

std::unique_ptr<Objective> make_shortcut(const ObjectiveOptions& o) { return std::make_unique<Shortcut>(o); }

}  // namespace sampling::flow
