#include "core/mcmc/rejection.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <sstream>

#include "core/common/error.hpp"
#include "core/common/portable_math.hpp"

namespace sampling::mcmc {

double RejectionSampler::grid_max_log_ratio(const Target& target, const Proposal& proposal) {
  // The grid covers the proposal's box (uniform) or the box widened to ±3 proposal sd
  // (Gaussian), where the ratio p̃/q is largest for targets lighter-tailed than q.
  Box b = proposal.box();
  if (proposal.kind() == Proposal::Kind::gaussian) {
    const double wx = b.xmax - b.xmin, wy = b.ymax - b.ymin;
    b = {b.xmin - wx, b.xmax + wx, b.ymin - wy, b.ymax + wy};
  }
  constexpr int n = 401;
  double best = -std::numeric_limits<double>::infinity();
  for (int i = 0; i < n; ++i)
    for (int j = 0; j < n; ++j) {
      const double x = b.xmin + (b.xmax - b.xmin) * i / (n - 1);
      const double y = b.ymin + (b.ymax - b.ymin) * j / (n - 1);
      const double r = target.log_density(x, y) - proposal.log_density(x, y);
      if (r > best) best = r;
    }
  return best;
}

RejectionSampler::RejectionSampler(const Target& target, Proposal proposal, std::optional<double> bound)
    : target_(target), proposal_(proposal) {
  const double needed = grid_max_log_ratio(target, proposal_);
  if (!std::isfinite(needed)) throw Error("rejection: the target has no mass where the proposal puts its points");
  if (bound) {
    if (!(std::isfinite(*bound) && *bound > 0))
      throw Error("rejection: the bound M must be a positive finite number");
    log_m_ = pmath::log(*bound);
    if (log_m_ < needed) {
      std::ostringstream msg;
      msg.precision(4);
      msg << "rejection: bound M = " << *bound << " is too small: p̃/q reaches " << pmath::exp(needed)
          << " on the grid, so M must be at least that";
      throw Error(msg.str());
    }
  } else {
    log_m_ = needed + pmath::log(1.2);
  }
}

RejectionSampler::Draw RejectionSampler::propose(Rng& rng) {
  const Point z = proposal_.sample(rng);
  // Accept with probability p̃(z) / (M q(z)): compare log U with the log of that ratio.
  const double log_ratio = target_.log_density(z.x, z.y) - proposal_.log_density(z.x, z.y) - log_m_;
  if (log_ratio > 0) ++violations_;
  const bool accepted = pmath::log(rng.uniform_open()) < log_ratio;
  return {z.x, z.y, accepted};
}

}  // namespace sampling::mcmc
