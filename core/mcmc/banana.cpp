#include "core/mcmc/banana.hpp"

#include <algorithm>
#include <cmath>

#include "core/common/portable_math.hpp"
#include "core/mcmc/interval.hpp"
#include "core/mcmc/normal_cdf.hpp"
#include "core/mcmc/quadrature.hpp"

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

double Banana::log_density_max(const Box& r) const {
  // Each term at its own maximum over the box: x² at its smallest, and the ridge
  // b(x² − s²), which sweeps an interval as x does, at its nearest to [ymin, ymax].
  const double x2lo = interval::min_square(r.xmin, r.xmax), x2hi = interval::max_square(r.xmin, r.xmax);
  const double gap = interval::gap(r.ymin, r.ymax, b * (x2lo - s * s), b * (x2hi - s * s));
  return -0.5 * x2lo / (s * s) - 0.5 * gap * gap / (tau * tau);
}

Box Banana::covering_box(double& mass_bound) const {
  // |x| ≤ 12s, and y within 12τ of the ridge b(x² − s²) over that range.
  const double t = interval::kCoverSigmas, xm = t * s;
  mass_bound = 4 * normal_tail(t);
  return {-xm, xm, -b * s * s - t * tau, b * (xm * xm - s * s) + t * tau};
}

double Banana::mass_outside(const Box& box) const {
  // P(x outside) + ∫ over x inside of φ_s(x) P(y outside | x) dx, in standard units u = x/s.
  return mass_outside_box(
      box.xmin / s, box.xmax / s,
      [&](double u) {
        const double m = b * (s * s * u * u - s * s);
        return normal_cdf((box.ymin - m) / tau) + normal_tail((box.ymax - m) / tau);
      },
      0.05);
}

}  // namespace sampling::mcmc
