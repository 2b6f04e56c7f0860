#include "core/stats/energy_distance.hpp"

#include <cmath>
#include <string>

#include "core/common/error.hpp"

namespace sampling::stats {
namespace {

double mean_distance(const double* a, std::size_t n, const double* b, std::size_t m, bool same) {
  double sum = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const double ax = a[2 * i], ay = a[2 * i + 1];
    for (std::size_t j = same ? i + 1 : 0; j < m; ++j) {
      const double dx = ax - b[2 * j], dy = ay - b[2 * j + 1];
      sum += std::sqrt(dx * dx + dy * dy);
    }
  }
  // Within one set: the U-statistic over distinct pairs.
  return same ? 2 * sum / (static_cast<double>(n) * (n - 1)) : sum / (static_cast<double>(n) * m);
}

void check_points(const double* p, std::size_t size, const char* which) {
  if (size < 4 || size % 2)
    throw Error(std::string("energy distance: ") + which + " needs at least 2 points as x, y pairs, got " +
                std::to_string(size) + " numbers");
  for (std::size_t i = 0; i < size; ++i)
    if (!std::isfinite(p[i]))
      throw Error(std::string("energy distance: ") + which + " point " + std::to_string(i / 2) + " is not finite");
}

}  // namespace

double energy_distance(const double* a, std::size_t a_size, const double* b, std::size_t b_size) {
  check_points(a, a_size, "the first set");
  check_points(b, b_size, "the second set");
  const std::size_t n = a_size / 2, m = b_size / 2;
  return 2 * mean_distance(a, n, b, m, false) - mean_distance(a, n, a, n, true) - mean_distance(b, m, b, m, true);
}

}  // namespace sampling::stats
