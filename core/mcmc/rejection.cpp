#include "core/mcmc/rejection.hpp"

#include <cmath>
#include <sstream>

#include "core/common/error.hpp"
#include "core/common/portable_math.hpp"
#include "core/mcmc/ratio_bound.hpp"

namespace sampling::mcmc {

Box exact_region(const Target& target, Proposal::Kind kind, double& mass_outside) {
  const bool covers = kind == Proposal::Kind::student || (kind == Proposal::Kind::gaussian && target.gaussian_tails());
  if (covers) return target.covering_box(mass_outside);
  const Box b = target.box();
  mass_outside = target.mass_outside(b);
  return b;
}

RejectionSampler::RejectionSampler(const Target& target, Proposal proposal, std::optional<double> bound)
    : target_(target), proposal_(proposal) {
  region_ = exact_region(target, proposal.kind(), mass_outside_);
  if (bound && !(std::isfinite(*bound) && *bound > 0))
    throw Error("rejection: the bound M must be a positive finite number");
  RatioBound r = bound_log_ratio(target, proposal_, region_, kTolerance);
  if (!std::isfinite(r.lower)) throw Error("rejection: the target has no mass where the proposal puts its points");
  if (!(r.upper < 700))
    throw Error(std::string("rejection: p̃/q has no usable bound with the ") + Proposal::name(proposal.kind()) +
                " proposal on the " + target.name() + " (its tails are lighter than the target's); use the student proposal");
  if (!bound) {
    log_m_ = r.upper + 1e-9;  // a margin for rounding in log p̃ − log q at a point
    return;
  }
  const double log_user = pmath::log(*bound);
  if (log_user >= r.lower && log_user < r.upper) {
    // Within the last 0.1 %: refine until the user's M is shown to hold or to fail.
    const RatioBound d = bound_log_ratio(target, proposal_, region_, 0.0, log_user, 4000000);
    if (d.upper <= log_user) r.upper = d.upper;
    if (d.lower > r.lower) r.lower = d.lower, r.argmax = d.argmax;
  }
  if (!(r.upper <= log_user)) {
    std::ostringstream msg;
    msg.precision(4);
    msg << "rejection: bound M = " << *bound << " is too small: p̃/q reaches " << pmath::exp(r.lower) << " at ("
        << r.argmax.x << ", " << r.argmax.y << "), and M = " << pmath::exp(r.upper)
        << " is proven to hold, so M must be at least that";
    throw Error(msg.str());
  }
  log_m_ = log_user;
}

RejectionSampler::Draw RejectionSampler::propose(Rng& rng) {
  const Point z = proposal_.sample(rng);
  if (z.x < region_.xmin || z.x > region_.xmax || z.y < region_.ymin || z.y > region_.ymax) {
    rng.uniform_open();  // one uniform per proposal, inside the region or not
    return {z.x, z.y, false};
  }
  // Accept with probability p̃(z) / (M q(z)): compare log U with the log of that ratio.
  const double log_ratio = target_.log_density(z.x, z.y) - proposal_.log_density(z.x, z.y) - log_m_;
  if (log_ratio > 0) ++violations_;
  const bool accepted = pmath::log(rng.uniform_open()) < log_ratio;
  return {z.x, z.y, accepted};
}

}  // namespace sampling::mcmc
