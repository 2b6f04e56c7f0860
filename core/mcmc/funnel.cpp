#include "core/mcmc/funnel.hpp"

#include <cmath>

#include "core/common/portable_math.hpp"

namespace sampling::mcmc {

double Funnel::log_density(double x, double y) const {
  return -y * y / 18.0 - 0.5 * x * x * pmath::exp(-y) - 0.5 * y;
}

Point Funnel::grad_log_density(double x, double y) const {
  const double e = pmath::exp(-y);
  return {-x * e, -y / 9.0 + 0.5 * x * x * e - 0.5};
}

bool Funnel::sample_conditional(int axis, double other, Rng& rng, double& out) const {
  if (axis != 0) return false;
  out = std::sqrt(pmath::exp(other)) * rng.normal();
  return true;
}

}  // namespace sampling::mcmc
