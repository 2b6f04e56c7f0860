#include "core/flow/metrics.hpp"

#include <algorithm>
#include <cmath>

#include "core/common/error.hpp"
#include "core/stats/energy_distance.hpp"

namespace sampling::flow {
namespace {

void check_points(const std::vector<float>& p, const char* what) {
  if (p.size() < 4 || p.size() % 2) throw Error(std::string(what) + ": need at least 2 points as x, y pairs");
  for (float v : p)
    if (!std::isfinite(v)) throw Error(std::string(what) + ": a point is not finite");
}

}  // namespace

double energy_distance(const std::vector<float>& a, const std::vector<float>& b) {
  const std::vector<double> da(a.begin(), a.end()), db(b.begin(), b.end());
  return stats::energy_distance(da.data(), da.size(), db.data(), db.size());
}

double sliced_wasserstein2(const std::vector<float>& a, const std::vector<float>& b, int directions, Rng& rng) {
  check_points(a, "sliced W2");
  check_points(b, "sliced W2");
  if (a.size() != b.size()) throw Error("sliced W2: both sets must have the same number of points");
  if (directions < 1) throw Error("sliced W2: at least one direction");
  const std::size_t n = a.size() / 2;
  std::vector<double> pa(n), pb(n);
  double total = 0;
  for (int k = 0; k < directions; ++k) {
    const double angle = 2 * 3.14159265358979323846 * rng.uniform();
    const double cx = std::cos(angle), cy = std::sin(angle);
    for (std::size_t i = 0; i < n; ++i) pa[i] = cx * a[2 * i] + cy * a[2 * i + 1], pb[i] = cx * b[2 * i] + cy * b[2 * i + 1];
    std::sort(pa.begin(), pa.end());
    std::sort(pb.begin(), pb.end());
    double w2 = 0;
    for (std::size_t i = 0; i < n; ++i) w2 += (pa[i] - pb[i]) * (pa[i] - pb[i]);
    total += w2 / n;
  }
  return std::sqrt(total / directions);
}

}  // namespace sampling::flow
