#pragma once
// Gibbs sampling: one sweep draws x ~ p(x | y), then y ~ p(y | x), each exactly.
// Where the target has a closed-form conditional it is used; otherwise the
// conditional's CDF is inverted on a fine 1-D grid (piecewise-constant density over
// the box widened by a quarter on each side). Every move is accepted: Gibbs is MH
// whose proposal is the conditional itself, so the acceptance ratio is 1.
#include <vector>

#include "core/mcmc/chain_kernel.hpp"

namespace sampling::mcmc {

class Gibbs : public ChainKernel {
 public:
  static constexpr int kGridCells = 2048;
  explicit Gibbs(const Target& target);
  bool transition(const Target& target, ChainState& s, Rng& rng) override;

 private:
  double draw_conditional(const Target& target, int axis, double other, Rng& rng);
  double lo_[2], hi_[2];
  std::vector<double> cdf_;  // reused grid buffer
};

}  // namespace sampling::mcmc
