#include "core/common/logsumexp.hpp"

#include <cmath>
#include <limits>

#include "core/common/portable_math.hpp"

namespace sampling {

double log_sum_exp(const double* values, std::size_t n) {
  double m = -std::numeric_limits<double>::infinity();
  for (std::size_t i = 0; i < n; ++i) {
    if (std::isnan(values[i])) return values[i];
    if (values[i] > m) m = values[i];
  }
  if (!std::isfinite(m)) return m;  // empty, all −∞, or a +∞ term
  double sum = 0.0;
  for (std::size_t i = 0; i < n; ++i) sum += pmath::exp(values[i] - m);
  return m + pmath::log(sum);
}

double log_add_exp(double a, double b) {
  const double v[2] = {a, b};
  return log_sum_exp(v, 2);
}

}  // namespace sampling
