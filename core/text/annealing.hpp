#pragma once
// Simulated annealing over text (Su, "从MCMC到模拟退火"): sample p_τ(x) ∝ p(x)^{1/τ}
// while τ falls, so the chain ends near a maximum of the model's score. With a masked
// LM the conditional of p^{1/τ} at one position is softmax(logits / τ): the Gibbs kernel
// with temperature τ. The schedule is geometric over the steps, FROM at the first step
// and TO at the last (and after it; a one-step schedule is TO alone):
//   τ_t = from · (to/from)^{min(t, steps−1) / (steps−1)},   t = 0, 1, ...
#include <cstdint>
#include <string_view>
#include <vector>

namespace sampling::text {

struct AnnealingSchedule {
  double from = 1.0, to = 1.0;
  std::uint64_t steps = 1;

  // Throws sampling::Error unless 0 < to, from finite and steps ≥ 1.
  void check() const;
  double temperature(std::uint64_t step) const;
};

// "FROM:TO", e.g. "2:0.05", over `steps` steps. Throws naming what is wrong.
AnnealingSchedule parse_annealing(std::string_view from_to, std::uint64_t steps);

// τ_0 .. τ_{n−1}: the schedule as the page plots it.
std::vector<double> annealing_temperatures(const AnnealingSchedule& schedule, std::uint64_t n);

}  // namespace sampling::text
