#pragma once
// A banana (Rosenbrock-shaped) density: x ~ N(0, s²), y | x ~ N(b·(x² − s²), τ²).
// Its moments are known: E = (0, 0), Var x = s², Var y = τ² + 2 b² s⁴.
#include "core/mcmc/target.hpp"

namespace sampling::mcmc {

class Banana : public Target {
 public:
  static constexpr double s = 1.25, b = 0.8, tau = 0.6;
  std::string name() const override { return "banana"; }
  double log_density(double x, double y) const override;
  Point grad_log_density(double x, double y) const override;
  Box box() const override { return {-4.5, 4.5, -3.0, 10.0}; }
  // y | x is Gaussian: Gibbs draws it exactly (x | y goes through the grid).
  bool sample_conditional(int axis, double other, Rng& rng, double& out) const override;
  double log_density_max(const Box& r) const override;
  Box covering_box(double& mass_bound) const override;
  double mass_outside(const Box& b) const override;
  Moments moments() const override { return {{0.0, 0.0}, {s * s, tau * tau + 2 * b * b * s * s * s * s}}; }
  std::vector<Point> modes() const override { return {{0.0, -b * s * s}}; }
  bool gaussian_tails() const override { return false; }  // y grows like x² along the arms
};

}  // namespace sampling::mcmc
