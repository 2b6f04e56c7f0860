#pragma once
// A ring: log p̃ = −(r − r0)² / (2σ²), r = |z|. Mean (0, 0) by symmetry.
#include "core/mcmc/target.hpp"

namespace sampling::mcmc {

class Donut : public Target {
 public:
  static constexpr double r0 = 2.5, sigma = 0.35;
  std::string name() const override { return "donut"; }
  double log_density(double x, double y) const override;
  Point grad_log_density(double x, double y) const override;
  Box box() const override { return {-4.0, 4.0, -4.0, 4.0}; }
  double log_density_max(const Box& r) const override;
  Box covering_box(double& mass_bound) const override;
  double mass_outside(const Box& b) const override;
  // Mean 0; Var x = Var y = E r² / 2, with r's density ∝ r·exp(−(r − r0)²/(2σ²)) on r ≥ 0
  // (quadrature).
  Moments moments() const override;
};

}  // namespace sampling::mcmc
