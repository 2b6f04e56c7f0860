#include "core/mcmc/chain_kernel.hpp"

#include <cmath>

namespace sampling::mcmc {

ChainState start_state(const Target& target, Rng& rng) {
  constexpr int kCandidates = 8;
  const Box b = target.box();
  ChainState candidates[kCandidates];
  double log_w[kCandidates];
  for (int i = 0; i < kCandidates; ++i) {
    candidates[i].x = rng.uniform(b.xmin, b.xmax);
    candidates[i].y = rng.uniform(b.ymin, b.ymax);
    candidates[i].log_p = target.log_density(candidates[i].x, candidates[i].y);
    log_w[i] = std::isnan(candidates[i].log_p) ? -INFINITY : candidates[i].log_p;
  }
  return candidates[rng.categorical(log_w, kCandidates)];
}

}  // namespace sampling::mcmc
