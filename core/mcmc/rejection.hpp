#pragma once
// Rejection sampling: draw z ~ q and accept it with probability p̃(z) / (M·q(z)).
// Accepted points are exact draws from p whenever p̃ ≤ M·q everywhere. M is either
// given by the user or found on a grid (max of p̃/q over a 401 × 401 grid, times 1.2);
// a user's M below the grid's maximum is refused with the value that would do.
// Over the run, proposals with p̃ > M·q are counted: any such is a sign M is too small.
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
  std::uint64_t bound_violations() const { return violations_; }
  // max of log p̃ − log q over the grid (what the bound must cover).
  static double grid_max_log_ratio(const Target& target, const Proposal& proposal);

 private:
  const Target& target_;
  Proposal proposal_;
  double log_m_;
  std::uint64_t violations_ = 0;
};

}  // namespace sampling::mcmc
