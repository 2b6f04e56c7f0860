#include "core/mcmc/donut.hpp"

#include <cmath>

namespace sampling::mcmc {

double Donut::log_density(double x, double y) const {
  const double d = std::sqrt(x * x + y * y) - r0;
  return -0.5 * d * d / (sigma * sigma);
}

Point Donut::grad_log_density(double x, double y) const {
  const double r = std::sqrt(x * x + y * y);
  if (r == 0.0) return {0.0, 0.0};  // the centre is a critical point by symmetry
  const double f = -(r - r0) / (sigma * sigma) / r;
  return {f * x, f * y};
}

}  // namespace sampling::mcmc
