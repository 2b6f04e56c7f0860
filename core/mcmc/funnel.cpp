#include "core/mcmc/funnel.hpp"

#include <algorithm>
#include <cmath>

#include "core/common/portable_math.hpp"
#include "core/mcmc/interval.hpp"
#include "core/mcmc/normal_cdf.hpp"
#include "core/mcmc/quadrature.hpp"

namespace sampling::mcmc {
namespace {
// ½ x² e^{−y}, 0 when x = 0 even where e^{−y} overflows.
double spread_term(double x2, double y) { return x2 == 0.0 ? 0.0 : 0.5 * x2 * pmath::exp(-y); }
constexpr double kSigmaY = 3.0;
}  // namespace

double Funnel::log_density(double x, double y) const { return -y * y / 18.0 - spread_term(x * x, y) - 0.5 * y; }

Point Funnel::grad_log_density(double x, double y) const {
  const double e = pmath::exp(-y);
  return {x == 0.0 ? 0.0 : -x * e, -y / 9.0 + spread_term(x * x, y) - 0.5};
}

bool Funnel::sample_conditional(int axis, double other, Rng& rng, double& out) const {
  if (axis != 0) return false;
  out = std::sqrt(pmath::exp(other)) * rng.normal();
  return true;
}

double Funnel::log_density_max(const Box& r) const {
  // −y²/18 − y/2 is concave with its peak at y = −4.5; −½x²e^{−y} is largest at the
  // smallest x² and the largest y of the box.
  const double y = interval::clamp(-4.5, r.ymin, r.ymax);
  return -y * y / 18.0 - 0.5 * y - spread_term(interval::min_square(r.xmin, r.xmax), r.ymax);
}

Box Funnel::covering_box(double& mass_bound) const {
  // |y| ≤ 12·3, and |x| ≤ 12 e^{36/2}: x | y has standard deviation e^{y/2} ≤ e^{18} there.
  const double t = interval::kCoverSigmas, ym = t * kSigmaY, xm = t * pmath::exp(0.5 * ym);
  mass_bound = 4 * normal_tail(t);
  return {-xm, xm, -ym, ym};
}

double Funnel::mass_outside(const Box& b) const {
  // P(y outside) + ∫ over y inside of N(y; 0, 9) P(x outside | y) dy, in units u = y/3.
  return mass_outside_box(
      b.ymin / kSigmaY, b.ymax / kSigmaY,
      [&](double u) {
        const double sd = pmath::exp(0.5 * kSigmaY * u);
        return normal_cdf(b.xmin / sd) + normal_tail(b.xmax / sd);
      },
      0.02);
}

Moments Funnel::moments() const {
  // Var x = E[Var(x | y)] = E[e^y] = e^{9/2} (the log-normal mean); Var y = 3².
  return {{0.0, 0.0}, {pmath::exp(4.5), 9.0}};
}

}  // namespace sampling::mcmc
