#pragma once
// p̃(z) = Σ_k w_k N(z; μ_k, Σ_k) in 2-D. Also serves the single Gaussian (one
// component) and the drawn density (equal weights, Σ_k = h²·I around each point).
// Conditionals are mixtures of 1-D Gaussians, so Gibbs draws them exactly.
#include <vector>

#include "core/mcmc/target.hpp"

namespace sampling::mcmc {

struct GaussianComponent {
  double weight;
  double mean_x, mean_y;
  double var_x, cov_xy, var_y;
};

class GaussianMixture : public Target {
 public:
  GaussianMixture(std::string name, std::vector<GaussianComponent> components, Box box);
  std::string name() const override { return name_; }
  double log_density(double x, double y) const override;
  Point grad_log_density(double x, double y) const override;
  Box box() const override { return box_; }
  bool sample_conditional(int axis, double other, Rng& rng, double& out) const override;
  double log_density_max(const Box& r) const override;
  Box covering_box(double& mass_bound) const override;
  double mass_outside(const Box& b) const override;
  std::vector<Point> modes() const override;
  Moments moments() const override { return {mean(), variance()}; }

  const std::vector<GaussianComponent>& components() const { return components_; }
  // Exact moments of the mixture (tests compare samplers against them).
  Point mean() const;
  Point variance() const;

 private:
  struct Prepared {  // per component: log(w / (2π sqrt|Σ|)) and Σ⁻¹
    double log_coef, inv_xx, inv_xy, inv_yy;
  };
  std::string name_;
  std::vector<GaussianComponent> components_;
  std::vector<Prepared> prepared_;
  Box box_;
  mutable std::vector<double> scratch_;  // per-component log terms, reused
};

std::unique_ptr<GaussianMixture> make_gaussian();
std::unique_ptr<GaussianMixture> make_mixture();
std::unique_ptr<GaussianMixture> make_drawn(const std::vector<double>& points, double bandwidth);

}  // namespace sampling::mcmc
