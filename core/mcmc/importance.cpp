#include "core/mcmc/importance.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "core/common/portable_math.hpp"

namespace sampling::mcmc {

double importance_ess(const double* log_weights, std::size_t n) {
  double m = -std::numeric_limits<double>::infinity();
  for (std::size_t i = 0; i < n; ++i) m = std::max(m, log_weights[i]);
  if (!std::isfinite(m)) return 0.0;
  double s1 = 0, s2 = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const double w = pmath::exp(log_weights[i] - m);
    s1 += w, s2 += w * w;
  }
  return s1 * s1 / s2;
}

}  // namespace sampling::mcmc
