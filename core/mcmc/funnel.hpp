#pragma once
// Neal's funnel: y ~ N(0, 3²), x | y ~ N(0, e^y). The neck (y ≪ 0) is narrow, the
// mouth wide: one step size cannot suit both, which is what the demo shows.
// Moments: E = (0, 0), Var y = 9, Var x = E[e^y] = e^{4.5}. The picture's box
// x ∈ [−10, 10], y ∈ [−8, 7] leaves out about 5 % of the mass (P(|x| > 10) = 0.0485):
// the exact samplers work on the covering box instead, and a sampler confined to the
// picture's box (the uniform proposal) says what it misses.
#include "core/mcmc/target.hpp"

namespace sampling::mcmc {

class Funnel : public Target {
 public:
  std::string name() const override { return "funnel"; }
  double log_density(double x, double y) const override;
  Point grad_log_density(double x, double y) const override;
  Box box() const override { return {-10.0, 10.0, -8.0, 7.0}; }
  // x | y is Gaussian: Gibbs draws it exactly (y | x goes through the grid).
  bool sample_conditional(int axis, double other, Rng& rng, double& out) const override;
  double log_density_max(const Box& r) const override;
  Box covering_box(double& mass_bound) const override;
  double mass_outside(const Box& b) const override;
  Moments moments() const override;
  std::vector<Point> modes() const override { return {{0.0, -4.5}}; }  // where p̃(0, y) peaks
  bool gaussian_tails() const override { return false; }              // x's tails are log-normal
};

}  // namespace sampling::mcmc
