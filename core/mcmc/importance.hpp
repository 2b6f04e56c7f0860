#pragma once
// Importance sampling: draw z_i ~ q, weight w_i = p̃(z_i)/q(z_i). Self-normalized
// estimates E_p[f] ≈ Σ w_i f(z_i) / Σ w_i; effective sample size (Σw)² / Σw².
#include <cstddef>

#include "core/mcmc/proposal.hpp"

namespace sampling::mcmc {

class ImportanceSampler {
 public:
  ImportanceSampler(const Target& target, Proposal proposal) : target_(target), proposal_(proposal) {}
  struct Draw {
    double x, y, log_weight;
  };
  Draw draw(Rng& rng) const {
    const Point z = proposal_.sample(rng);
    return {z.x, z.y, target_.log_density(z.x, z.y) - proposal_.log_density(z.x, z.y)};
  }

 private:
  const Target& target_;
  Proposal proposal_;
};

// (Σw)² / Σw² from log weights, computed relative to the largest weight.
double importance_ess(const double* log_weights, std::size_t n);

}  // namespace sampling::mcmc
