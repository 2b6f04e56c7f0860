#include "core/mcmc/gibbs.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "core/common/error.hpp"

namespace sampling::mcmc {
namespace {

// The cell [a0, a1] on `axis` with the other coordinate fixed.
Box cell(int axis, double a0, double a1, double other) {
  return axis == 0 ? Box{a0, a1, other, other} : Box{other, other, a0, a1};
}

// An upper bound of ∫ p̃ · e^{−scale} over [from, ∞) (dir = +1) or (−∞, from] (dir = −1)
// along the axis: Σ_j length_j · exp(max over interval j − scale), intervals of doubling
// length. The targets' conditionals fall at least like Gaussians, so the terms vanish
// long before 80 doublings; if they do not, the bound is +∞.
double tail_mass(const Target& t, int axis, double other, double from, double step, int dir, double scale) {
  double total = 0, start = from, len = step;
  for (int j = 0; j < 80; ++j) {
    const double end = start + dir * len;
    const double m = t.log_density_max(cell(axis, std::min(start, end), std::max(start, end), other));
    const double term = len * pmath::exp(m - scale);
    total += term;
    if (term == 0.0 && j > 3) return total;
    start = end, len *= 2;
  }
  return std::numeric_limits<double>::infinity();
}

}  // namespace

Gibbs::Gibbs(const Target& target, int fine_cells)
    : fine_cells_(fine_cells), coarse_cells_(std::max(fine_cells / 2, 16)), env_(std::max(fine_cells, coarse_cells_)),
      cum_(fine_cells) {
  if (fine_cells < 1 || fine_cells > (1 << 20)) throw Error("gibbs: the grid needs between 1 and 2^20 cells");
  double unused;
  const Box b = target.covering_box(unused);
  lo_[0] = b.xmin, hi_[0] = b.xmax, lo_[1] = b.ymin, hi_[1] = b.ymax;
}

double Gibbs::draw_conditional(const Target& target, int axis, double other, Rng& rng) {
  double exact;
  if (target.sample_conditional(axis, other, rng, exact)) return exact;
  double lo = lo_[axis], hi = hi_[axis];
  for (int attempt = 0; attempt < 40; ++attempt) {
    // Coarse envelope over [lo, hi]: where is the conditional's mass?
    const double cw = (hi - lo) / coarse_cells_;
    double peak = -std::numeric_limits<double>::infinity();
    for (int i = 0; i < coarse_cells_; ++i) {
      env_[i] = target.log_density_max(cell(axis, lo + i * cw, lo + (i + 1) * cw, other));
      peak = std::max(peak, env_[i]);
    }
    if (!std::isfinite(peak)) throw Error("gibbs: the conditional density is zero on the whole range");
    int first = coarse_cells_, last = -1;
    for (int i = 0; i < coarse_cells_; ++i)
      if (env_[i] >= peak - 60) first = std::min(first, i), last = i;
    first = std::max(first - 1, 0), last = std::min(last + 1, coarse_cells_ - 1);
    // Mass left out (relative to e^peak): the coarse cells outside [first, last] and
    // the tails beyond the range.
    double skipped = 0;
    for (int i = 0; i < coarse_cells_; ++i)
      if (i < first || i > last) skipped += cw * pmath::exp(env_[i] - peak);
    const double tail_lo = tail_mass(target, axis, other, lo, cw, -1, peak);
    const double tail_hi = tail_mass(target, axis, other, hi, cw, +1, peak);
    // Fine envelope over the kept part, and the midpoint estimate of its mass.
    const double a = lo + first * cw, fw = (last + 1 - first) * cw / fine_cells_;
    double kept = 0;
    for (int i = 0; i < fine_cells_; ++i) {
      env_[i] = target.log_density_max(cell(axis, a + i * fw, a + (i + 1) * fw, other));
      const double m = a + (i + 0.5) * fw;
      kept += fw * pmath::exp((axis == 0 ? target.log_density(m, other) : target.log_density(other, m)) - peak);
    }
    const double allowed = kTailFraction * kept;
    if (!(tail_lo <= 0.4 * allowed && tail_hi <= 0.4 * allowed)) {
      const double w = hi - lo;  // widen the side whose tail is too heavy
      if (!(tail_lo <= 0.4 * allowed)) lo -= w;
      if (!(tail_hi <= 0.4 * allowed)) hi += w;
      continue;
    }
    if (!(skipped <= 0.2 * allowed)) throw Error("gibbs: the conditional is too narrow for the grid at " + show(other));
    double total = 0;
    for (int i = 0; i < fine_cells_; ++i) cum_[i] = (total += pmath::exp(env_[i] - peak));
    for (;;) {  // rejection from the envelope: exact for the conditional on [a, a + fine_cells_·fw]
      const double u = rng.uniform() * total;
      const int c = std::min(static_cast<int>(std::upper_bound(cum_.begin(), cum_.end(), u) - cum_.begin()), fine_cells_ - 1);
      const double v = a + (c + rng.uniform()) * fw;
      const double log_p = axis == 0 ? target.log_density(v, other) : target.log_density(other, v);
      if (pmath::log(rng.uniform_open()) < log_p - env_[c]) return v;
    }
  }
  throw Error("gibbs: the conditional's tails could not be bounded (range grew past " + show(hi - lo) + ")");
}

bool Gibbs::transition(const Target& target, ChainState& s, Rng& rng) {
  s.x = draw_conditional(target, 0, s.y, rng);
  s.y = draw_conditional(target, 1, s.x, rng);
  s.log_p = target.log_density(s.x, s.y);
  return true;
}

}  // namespace sampling::mcmc
