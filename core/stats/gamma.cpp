#include "core/stats/gamma.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "core/common/error.hpp"

namespace sampling::stats {
namespace {

constexpr double kEps = 1e-16;
constexpr int kMaxIterations = 100000;
constexpr double kTiny = 1e-300;

void check(double a, double x) {
  if (!(a > 0) || !std::isfinite(a)) throw Error("incomplete gamma: a must be a positive finite number, got " + show(a));
  if (!(x >= 0)) throw Error("incomplete gamma: x must be ≥ 0, got " + show(x));
}

// log of the common factor x^a e^{−x} / Γ(a).
double log_prefactor(double a, double x) { return a * std::log(x) - x - std::lgamma(a); }

// P(a, x) by its series, for x < a + 1.
double lower_series(double a, double x) {
  double ap = a, term = 1.0 / a, sum = term;
  for (int n = 0; n < kMaxIterations; ++n) {
    ap += 1;
    term *= x / ap;
    sum += term;
    if (std::abs(term) < std::abs(sum) * kEps) break;
  }
  return sum * std::exp(log_prefactor(a, x));
}

// log Q(a, x) by the continued fraction, for x ≥ a + 1.
double log_upper_fraction(double a, double x) {
  double b = x + 1 - a, c = 1 / kTiny, d = 1 / b, h = d;
  for (int i = 1; i < kMaxIterations; ++i) {
    const double an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (std::abs(d) < kTiny) d = kTiny;
    c = b + an / c;
    if (std::abs(c) < kTiny) c = kTiny;
    d = 1 / d;
    const double delta = d * c;
    h *= delta;
    if (std::abs(delta - 1) < kEps) break;
  }
  return log_prefactor(a, x) + std::log(h);
}

// Above this a the series and the fraction need more than kMaxIterations terms near
// x ≈ a (about √a of them), and a·log x − x − lgamma(a) loses its digits to cancellation.
constexpr double kLargeA = 1e8;

// log of the standard normal upper tail P(Z ≥ z): erfc where it keeps its digits, the
// asymptotic series of Mills' ratio far out (z > 8, where erfc has underflowed).
double log_normal_upper(double z) {
  if (z < 8) return std::log(0.5 * std::erfc(z / std::sqrt(2.0)));
  const double r = 1 / (z * z);
  return -0.5 * z * z - std::log(z) - 0.5 * std::log(2 * M_PI) + std::log1p(r * (-1 + r * (3 - 15 * r)));
}

// For large a, X ~ Gamma(a) by Wilson and Hilferty: (X/a)^(1/3) is normal with mean
// 1 − 1/(9a) and variance 1/(9a), to O(1/a), below 1e-8 here. z standardizes x.
double wilson_hilferty_z(double a, double x) {
  const double v = 1 / (9 * a);
  return (std::cbrt(x / a) - (1 - v)) / std::sqrt(v);
}

}  // namespace

double log_gamma_q(double a, double x) {
  check(a, x);
  if (x == 0) return 0;
  if (std::isinf(x)) return -std::numeric_limits<double>::infinity();
  if (a > kLargeA) return log_normal_upper(wilson_hilferty_z(a, x));
  if (x < a + 1) return std::log1p(-lower_series(a, x));
  return log_upper_fraction(a, x);
}

double gamma_q(double a, double x) {
  check(a, x);
  if (a > kLargeA) return x == 0 ? 1 : std::exp(log_gamma_q(a, x));
  if (x < a + 1) return 1 - (x == 0 ? 0 : lower_series(a, x));
  return std::exp(log_gamma_q(a, x));
}

double gamma_p(double a, double x) {
  check(a, x);
  if (x == 0) return 0;
  if (a > kLargeA) return std::exp(log_normal_upper(-wilson_hilferty_z(a, x)));  // P(Z ≤ z) = P(Z ≥ −z)
  if (x < a + 1) return lower_series(a, x);
  return -std::expm1(log_gamma_q(a, x));
}

double chi_square_survival(double x, double df) {
  if (!(df > 0)) throw Error("chi-square: degrees of freedom must be > 0, got " + show(df));
  if (std::isnan(x)) throw Error("chi-square: the statistic is NaN");
  return gamma_q(df / 2, std::max(0.0, x) / 2);
}

double log_chi_square_survival(double x, double df) {
  if (!(df > 0)) throw Error("chi-square: degrees of freedom must be > 0, got " + show(df));
  if (std::isnan(x)) throw Error("chi-square: the statistic is NaN");
  return log_gamma_q(df / 2, std::max(0.0, x) / 2);
}

}  // namespace sampling::stats
