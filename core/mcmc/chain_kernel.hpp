#pragma once
// A Markov-chain transition that leaves the target (or, for annealing, the current
// tempered target) invariant. MH, MALA, HMC, Gibbs and annealing are each one kernel;
// McmcRun drives several chains of one kernel.
#include <cmath>
#include <cstdint>

#include "core/common/portable_math.hpp"
#include "core/common/rng.hpp"
#include "core/mcmc/target.hpp"

namespace sampling::mcmc {

struct ChainState {
  double x = 0, y = 0;
  double log_p = 0;          // log p̃(x, y), kept up to date by every kernel
  std::uint64_t step = 0;    // transitions made so far
};

class ChainKernel {
 public:
  virtual ~ChainKernel() = default;
  // One transition from `state`; returns whether the proposed move was accepted.
  virtual bool transition(const Target& target, ChainState& state, Rng& rng) = 0;
};

// Where a chain starts: sampling-importance-resampling over the target's box (eight
// uniform candidates, one picked with probability ∝ p̃). Starts stay spread over the
// box, as R-hat needs, but avoid the far tails where a gradient-based sampler's first
// step would overshoot and never be accepted.
ChainState start_state(const Target& target, Rng& rng);

// The Metropolis–Hastings rule. log_ratio = log[p̃(y) q(x|y)] − log[p̃(x) q(y|x)]:
// accept with probability min(1, exp(log_ratio)). NaN (a proposal outside the
// density's domain or a diverged integrator) is rejected.
inline bool metropolis_accept(double log_ratio, Rng& rng) {
  if (std::isnan(log_ratio)) return false;
  if (log_ratio >= 0) return true;
  return pmath::log(rng.uniform_open()) < log_ratio;
}

}  // namespace sampling::mcmc
