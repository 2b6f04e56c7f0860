#pragma once
// Random-walk Metropolis–Hastings: propose y = x + σ·ξ, ξ ~ N(0, I). The proposal is
// symmetric, q(x|y) = q(y|x), so the acceptance is min(1, p̃(y)/p̃(x)).
#include "core/mcmc/chain_kernel.hpp"

namespace sampling::mcmc {

class RandomWalkMetropolis : public ChainKernel {
 public:
  explicit RandomWalkMetropolis(double step_size) : sigma_(step_size) {}
  bool transition(const Target& target, ChainState& s, Rng& rng) override {
    const double x = s.x + sigma_ * rng.normal();
    const double y = s.y + sigma_ * rng.normal();
    const double log_p = target.log_density(x, y);
    if (!metropolis_accept(log_p - s.log_p, rng)) return false;
    s.x = x, s.y = y, s.log_p = log_p;
    return true;
  }

 private:
  double sigma_;
};

}  // namespace sampling::mcmc
