#include "core/mcmc/banana.hpp"

namespace sampling::mcmc {

double Banana::log_density(double x, double y) const {
  const double r = y - b * (x * x - s * s);
  return -0.5 * x * x / (s * s) - 0.5 * r * r / (tau * tau);
}

Point Banana::grad_log_density(double x, double y) const {
  const double r = y - b * (x * x - s * s);
  return {-x / (s * s) + r * 2.0 * b * x / (tau * tau), -r / (tau * tau)};
}

bool Banana::sample_conditional(int axis, double other, Rng& rng, double& out) const {
  if (axis != 1) return false;
  out = b * (other * other - s * s) + tau * rng.normal();
  return true;
}

}  // namespace sampling::mcmc
