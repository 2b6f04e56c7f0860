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

// P(a, x) by its series, for x < a + 1: x^a e^{−x}/Γ(a + 1) · Σ x^n/((a + 1)…(a + n)).
// (Over Γ(a + 1), not 1/a over Γ(a): 1/a overflows for a subnormal a.)
double lower_series(double a, double x) {
  double ap = a, term = 1, sum = term;
  for (int n = 0; n < kMaxIterations; ++n) {
    ap += 1;
    term *= x / ap;
    sum += term;
    if (std::abs(term) < std::abs(sum) * kEps) break;
  }
  return sum * std::exp(a * std::log(x) - x - std::lgamma(a + 1));
}

// Below this a, Q(a, x) for x < a + 1 is near a·E1(x), far below 1 for tiny a, and
// 1 − P(a, x) would cancel (Q(5e-17, 0.5) came out −1.55e-15): small_a_q_over_a gives it.
constexpr double kSmallA = 0.25;

// log Γ(1 + a) / a for 0 < a ≤ kSmallA, by −γ + Σ_{k≥2} (−1)^k ζ(k) a^(k−1)/k (lgamma(1 + a)
// loses a when 1 + a rounds to 1). ζ(2…30) from mpmath 1.3.0 (mpmath.zeta, 30 digits); at
// a = 0.25 the first term left out is below 1e-18.
double lgamma1p_over_a(double a) {
  static constexpr double kZeta[] = {
      1.644934066848226436472, 1.2020569031595942854,  1.082323233711138191516, 1.036927755143369926331,
      1.017343061984449139715, 1.00834927738192282684, 1.004077356197944339379, 1.002008392826082214418,
      1.000994575127818085337, 1.000494188604119464559, 1.000246086553308048299, 1.000122713347578489147,
      1.000061248135058704829, 1.000030588236307020494, 1.000015282259408651872, 1.000007637197637899762,
      1.00000381729326499984,  1.000001908212716553939, 1.000000953962033872796, 1.000000476932986787806,
      1.000000238450502727733, 1.000000119219925965311, 1.000000059608189051259, 1.000000029803503514652,
      1.000000014901554828365, 1.000000007450711789835, 1.000000003725334024788, 1.000000001862659723513,
      1.00000000093132743242};
  constexpr double kEulerGamma = 0.57721566490153286061;
  double sum = 0, power = 1;  // a^(k−1)
  for (int k = 2; k <= 30; ++k) {
    power *= -a;  // (−a)^(k−1), so −ζ(k)·power/k = (−1)^k ζ(k) a^(k−1)/k
    sum -= kZeta[k - 2] * power / k;
  }
  return -kEulerGamma + sum;
}

// Q(a, x) / a for 0 < a ≤ kSmallA and 0 < x < a + 1, without the cancellation of 1 − P.
// From γ(a, x) = Σ_{n≥0} (−x)^n x^a/(n!(a + n)):
//   Q = 1 − x^a/Γ(1 + a) − x^a/Γ(a)·S,  S = Σ_{n≥1} (−x)^n/(n!(a + n)).
// With u = a·(log x − log Γ(1 + a)/a), x^a/Γ(1 + a) = e^u, so 1 − e^u = −u·(e^u − 1)/u and
//   Q/a = −(log x − log Γ(1 + a)/a)·(e^u − 1)/u − e^u·S,
// which tends to E1(x) as a → 0. Scaling by a keeps a subnormal a's Q in range of log.
double small_a_q_over_a(double a, double x) {
  double s = 0, term = 1;
  for (int n = 1; n < kMaxIterations; ++n) {
    term *= -x / n;
    const double add = term / (a + n);
    s += add;
    if (std::abs(add) < std::abs(s) * kEps) break;
  }
  const double log_x_less = std::log(x) - lgamma1p_over_a(a), u = a * log_x_less;
  const double expm1_over_u = u == 0 ? 1 : std::expm1(u) / u;
  return -log_x_less * expm1_over_u - std::exp(u) * s;
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
  if (x < a + 1) {
    if (a <= kSmallA) return std::min(0.0, std::log(a) + std::log(small_a_q_over_a(a, x)));
    return std::log1p(-lower_series(a, x));
  }
  return log_upper_fraction(a, x);
}

double gamma_q(double a, double x) {
  check(a, x);
  if (a > kLargeA) return x == 0 ? 1 : std::exp(log_gamma_q(a, x));
  if (x == 0) return 1;
  if (x < a + 1) {
    if (a <= kSmallA) return std::min(1.0, a * small_a_q_over_a(a, x));
    return 1 - lower_series(a, x);
  }
  return std::exp(log_gamma_q(a, x));
}

double gamma_p(double a, double x) {
  check(a, x);
  if (x == 0) return 0;
  if (a > kLargeA) return std::exp(log_normal_upper(-wilson_hilferty_z(a, x)));  // P(Z ≤ z) = P(Z ≥ −z)
  if (x < a + 1) return lower_series(a, x);
  return -std::expm1(log_gamma_q(a, x));
}

namespace {
// The degrees of freedom and the statistic named as given (df = inf, or df so small that
// df/2 is 0, would otherwise be reported as the incomplete gamma function's a).
void check_chi_square(double x, double df) {
  if (!(df / 2 > 0) || !std::isfinite(df))
    throw Error("chi-square: degrees of freedom must be a positive finite number, got " + show(df));
  if (std::isnan(x)) throw Error("chi-square: the statistic is NaN");
}
}  // namespace

double chi_square_survival(double x, double df) {
  check_chi_square(x, df);
  return gamma_q(df / 2, std::max(0.0, x) / 2);
}

double log_chi_square_survival(double x, double df) {
  check_chi_square(x, df);
  return log_gamma_q(df / 2, std::max(0.0, x) / 2);
}

}  // namespace sampling::stats
