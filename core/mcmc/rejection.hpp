#pragma once
// Rejection sampling: draw z ~ q and accept it with probability p̃(z) / (M·q(z)) when z
// lies in the region R, reject it otherwise. Accepted points are exact draws from p
// restricted to R, because M is a proven bound of p̃/q on R (ratio_bound.hpp: branch and
// bound on the targets' rectangle bounds, not a grid maximum). R is
//   the target's covering box (mass outside ≤ 1e-30) when q's tails cover the target's:
//   the student proposal always, the gaussian one on targets with Gaussian tails;
//   the target's box otherwise (the uniform proposal; the gaussian one on the banana and
//   the funnel), and mass_outside() says how much of p the draws then miss.
// M is either found (the bound, at most 0.1 % above the supremum) or given by the user;
// a user's M that does not provably hold is refused with the value that does.
#include <cstdint>
#include <optional>

#include "core/mcmc/proposal.hpp"

namespace sampling::mcmc {

class RejectionSampler {
 public:
  RejectionSampler(const Target& target, Proposal proposal, std::optional<double> bound);
  struct Draw {
    double x, y;
    bool accepted;
  };
  Draw propose(Rng& rng);
  double log_bound() const { return log_m_; }
  // Proposals with p̃ > M·q (none while M is a true bound: kept as a check).
  std::uint64_t bound_violations() const { return violations_; }
  const Box& region() const { return region_; }
  double mass_outside() const { return mass_outside_; }
  static constexpr double kTolerance = 1e-3;  // found M ≤ e^{0.001} · sup p̃/q

 private:
  const Target& target_;
  Proposal proposal_;
  Box region_;
  double mass_outside_ = 0;
  double log_m_;
  std::uint64_t violations_ = 0;
};

// Where a sampler with proposal q draws from p exactly: the covering box when q's tails
// cover the target, else the target's box; `mass_outside` gets the target mass left out.
Box exact_region(const Target& target, Proposal::Kind kind, double& mass_outside);

}  // namespace sampling::mcmc
