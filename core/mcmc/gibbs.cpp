#include "core/mcmc/gibbs.hpp"

#include <algorithm>
#include <limits>

#include "core/common/error.hpp"

namespace sampling::mcmc {

Gibbs::Gibbs(const Target& target) : cdf_(kGridCells) {
  const Box b = target.box();
  const double wx = b.xmax - b.xmin, wy = b.ymax - b.ymin;
  lo_[0] = b.xmin - 0.25 * wx, hi_[0] = b.xmax + 0.25 * wx;
  lo_[1] = b.ymin - 0.25 * wy, hi_[1] = b.ymax + 0.25 * wy;
}

double Gibbs::draw_conditional(const Target& target, int axis, double other, Rng& rng) {
  double exact;
  if (target.sample_conditional(axis, other, rng, exact)) return exact;
  // Grid inverse CDF: cell i has mass ∝ p̃ at its centre; draw a cell, then a point in it.
  const double lo = lo_[axis], width = (hi_[axis] - lo_[axis]) / kGridCells;
  double max_log = -std::numeric_limits<double>::infinity();
  for (int i = 0; i < kGridCells; ++i) {
    const double a = lo + (i + 0.5) * width;
    cdf_[i] = axis == 0 ? target.log_density(a, other) : target.log_density(other, a);
    max_log = std::max(max_log, cdf_[i]);
  }
  if (!std::isfinite(max_log)) throw Error("gibbs: the conditional density is zero everywhere on the grid");
  double total = 0;
  for (int i = 0; i < kGridCells; ++i) cdf_[i] = (total += pmath::exp(cdf_[i] - max_log));
  const double u = rng.uniform() * total;
  const int cell = static_cast<int>(std::upper_bound(cdf_.begin(), cdf_.end(), u) - cdf_.begin());
  return lo + (std::min(cell, kGridCells - 1) + rng.uniform()) * width;
}

bool Gibbs::transition(const Target& target, ChainState& s, Rng& rng) {
  s.x = draw_conditional(target, 0, s.y, rng);
  s.y = draw_conditional(target, 1, s.x, rng);
  s.log_p = target.log_density(s.x, s.y);
  return true;
}

}  // namespace sampling::mcmc
