#pragma once
// ∫_a^b f by composite 8-point Gauss–Legendre on `panels` equal panels: exact for
// polynomials of degree 15 on each panel, so smooth integrands converge very fast.
// Used to state the target mass outside a box (never for drawing).
#include <algorithm>
#include <cmath>

#include "core/common/portable_math.hpp"
#include "core/mcmc/normal_cdf.hpp"

namespace sampling::mcmc {

template <class F>
double gauss_legendre(F f, double a, double b, int panels) {
  static constexpr double node[4] = {0.1834346424956498049, 0.5255324099163289858, 0.7966664774136267396,
                                     0.9602898564975362317};
  static constexpr double weight[4] = {0.3626837833783619830, 0.3137066458778872873, 0.2223810344533744706,
                                       0.1012285362903762591};
  if (!(b > a) || panels < 1) return 0.0;
  const double h = (b - a) / panels;
  double total = 0;
  for (int p = 0; p < panels; ++p) {
    const double mid = a + (p + 0.5) * h, half = 0.5 * h;
    double s = 0;
    for (int i = 0; i < 4; ++i) s += weight[i] * (f(mid - half * node[i]) + f(mid + half * node[i]));
    total += s * half;
  }
  return total;
}

// The mass outside a box when one coordinate, in standard units u, is N(0, 1) and
// g(u) is the probability that the other coordinate falls outside given u:
// P(u ∉ [u0, u1]) + ∫_{u0}^{u1} φ(u) g(u) du, the integral over |u| ≤ 9 (φ(9) ≈ 1e-18)
// on panels of width `panel`. Clamped to [0, 1].
template <class G>
double mass_outside_box(double u0, double u1, G g, double panel) {
  constexpr double kInvSqrt2Pi = 0.39894228040143267794;
  const double lo = std::max(u0, -9.0), hi = std::min(u1, 9.0);
  const double inside = gauss_legendre([&](double u) { return kInvSqrt2Pi * pmath::exp(-0.5 * u * u) * g(u); }, lo, hi,
                                       std::max(1, static_cast<int>(std::ceil((hi - lo) / panel))));
  return std::min(1.0, std::max(0.0, normal_cdf(u0) + normal_tail(u1) + inside));
}

}  // namespace sampling::mcmc
