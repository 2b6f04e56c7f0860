#include "core/mcmc/donut.hpp"

#include <algorithm>
#include <cmath>

#include "core/common/portable_math.hpp"
#include "core/mcmc/interval.hpp"
#include "core/mcmc/normal_cdf.hpp"
#include "core/mcmc/quadrature.hpp"

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

namespace {
constexpr double kSqrt2Pi = 2.50662827463100050242;
// ∫_a^∞ r exp(−(r − r0)²/2σ²) dr = σ² e^{−(a − r0)²/2σ²} + r0 σ √(2π) (1 − Φ((a − r0)/σ)), a ≥ 0.
double radial_tail(double a) {
  const double u = (a - Donut::r0) / Donut::sigma;
  return Donut::sigma * Donut::sigma * pmath::exp(-0.5 * u * u) + Donut::r0 * Donut::sigma * kSqrt2Pi * normal_tail(u);
}
}  // namespace

double Donut::log_density_max(const Box& b) const {
  // The radius sweeps [r_min, r_max] over the box; the density peaks at r0.
  const double dx = interval::distance(0.0, b.xmin, b.xmax), dy = interval::distance(0.0, b.ymin, b.ymax);
  const double fx = std::max(std::abs(b.xmin), std::abs(b.xmax)), fy = std::max(std::abs(b.ymin), std::abs(b.ymax));
  const double d = interval::distance(r0, std::sqrt(dx * dx + dy * dy), std::sqrt(fx * fx + fy * fy));
  return -0.5 * d * d / (sigma * sigma);
}

Box Donut::covering_box(double& mass_bound) const {
  // The disc of radius r0 + 12σ, inside the square around it.
  const double r = r0 + interval::kCoverSigmas * sigma;
  mass_bound = radial_tail(r) / radial_tail(0.0);
  return {-r, r, -r, r};
}

double Donut::mass_outside(const Box& b) const {
  // 1 − (∫∫ over the box of p̃) / Z with Z = 2π ∫_0^∞ r p̃(r) dr; the integral by
  // Gauss–Legendre on panels of at most 0.1 (σ/3.5), over the part of the box that meets
  // the covering square (the rest holds < 1e-30).
  double unused;
  const Box c = covering_box(unused);
  const double x0 = std::max(b.xmin, c.xmin), x1 = std::min(b.xmax, c.xmax);
  const double y0 = std::max(b.ymin, c.ymin), y1 = std::min(b.ymax, c.ymax);
  if (!(x0 < x1 && y0 < y1)) return 1.0;
  const auto panels = [](double lo, double hi) { return std::max(1, static_cast<int>(std::ceil((hi - lo) / 0.1))); };
  const double inside = gauss_legendre(
      [&](double x) {
        return gauss_legendre([&](double y) { return pmath::exp(log_density(x, y)); }, y0, y1, panels(y0, y1));
      },
      x0, x1, panels(x0, x1));
  const double z = 2 * M_PI * radial_tail(0.0);
  return std::min(1.0, std::max(0.0, 1.0 - inside / z));
}

Moments Donut::moments() const {
  // ∫ r^k·exp(−(r − r0)²/(2σ²)) dr over r ∈ [max(0, r0 − 12σ), r0 + 12σ] (the rest is
  // below e^{−72} of the peak); E r² = ∫ r³ … / ∫ r ….
  const double lo = std::max(0.0, r0 - 12 * sigma), hi = r0 + 12 * sigma;
  auto moment = [&](int k) {
    return gauss_legendre(
        [&](double r) { return std::pow(r, k) * pmath::exp(-0.5 * (r - r0) * (r - r0) / (sigma * sigma)); }, lo, hi, 64);
  };
  const double var = 0.5 * moment(3) / moment(1);
  return {{0.0, 0.0}, {var, var}};
}

}  // namespace sampling::mcmc
