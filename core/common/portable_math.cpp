#include "core/common/portable_math.hpp"

#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>

namespace sampling::pmath {
namespace {
// ln 2 split in a high part with trailing zero bits (k·ln2_hi is exact) and a low part.
constexpr double ln2_hi = 6.93147180369123816490e-01;
constexpr double ln2_lo = 1.90821492927058770002e-10;
constexpr double inv_ln2 = 1.44269504088896338700e+00;

// 2^k for a normal-range k, built from its bits (exact, no library call).
inline double power_of_two(int k) {
  const std::uint64_t bits = static_cast<std::uint64_t>(k + 1023) << 52;
  double p;
  std::memcpy(&p, &bits, sizeof p);
  return p;
}

// y · 2^k, exact unless the result is subnormal (then rounded once, as ldexp does).
inline double scale(double y, int k) {
  if (k > 1023) return y * power_of_two(1023) * power_of_two(k - 1023);
  if (k < -1022) return y * power_of_two(-1022) * power_of_two(k + 1022);
  return y * power_of_two(k);
}
}  // namespace

double exp(double x) {
  if (std::isnan(x)) return x;
  if (x > 709.782712893383973096) return std::numeric_limits<double>::infinity();
  if (x < -745.13321910194110842) return 0.0;
  // Reduce: x = k·ln2 + r.
  const double k = std::floor(x * inv_ln2 + 0.5);
  const double hi = x - k * ln2_hi;
  const double lo = k * ln2_lo;
  const double r = hi - lo;
  // exp(r) = 1 + 2r/(R(r²) − r) with R a minimax fit: r·coth(r/2) ≈ 2 + r²·P(r²).
  constexpr double P1 = 1.66666666666666019037e-01;
  constexpr double P2 = -2.77777777770155933842e-03;
  constexpr double P3 = 6.61375632143793436117e-05;
  constexpr double P4 = -1.65339022054652515390e-06;
  constexpr double P5 = 4.13813679705723846039e-08;
  const double t = r * r;
  const double c = r - t * (P1 + t * (P2 + t * (P3 + t * (P4 + t * P5))));
  const double y = 1.0 - ((lo - (r * c) / (2.0 - c)) - hi);
  return scale(y, static_cast<int>(k));
}

double log(double x) {
  if (std::isnan(x) || x < 0.0) return std::numeric_limits<double>::quiet_NaN();
  if (x == 0.0) return -std::numeric_limits<double>::infinity();
  if (std::isinf(x)) return x;
  // Decompose x = 2^k · m with sqrt(1/2) ≤ m < sqrt(2), reading the exponent bits
  // (subnormals are first scaled by 2^54 into the normal range).
  int k = 0;
  if (x < 0x1p-1022) {
    x *= 0x1p54;
    k = -54;
  }
  std::uint64_t bits;
  std::memcpy(&bits, &x, sizeof bits);
  k += static_cast<int>(bits >> 52) - 1022;                        // x = 2^k · m, m in [0.5, 1)
  bits = (bits & 0x000fffffffffffffULL) | 0x3fe0000000000000ULL;  // exponent of 0.5
  double m;
  std::memcpy(&m, &bits, sizeof m);
  if (m < 0.70710678118654752440) {
    m *= 2.0;
    k -= 1;
  }
  const double f = m - 1.0;
  // log(1+f) = f − f²/2 + s·(f²/2 + R(s²)),  s = f/(2+f), R a minimax fit.
  constexpr double Lg1 = 6.666666666666735130e-01;
  constexpr double Lg2 = 3.999999999940941908e-01;
  constexpr double Lg3 = 2.857142874366239149e-01;
  constexpr double Lg4 = 2.222219843214978396e-01;
  constexpr double Lg5 = 1.818357216161805012e-01;
  constexpr double Lg6 = 1.531383769920937332e-01;
  constexpr double Lg7 = 1.479819860511658591e-01;
  const double s = f / (2.0 + f);
  const double z = s * s;
  const double w = z * z;
  const double t1 = w * (Lg2 + w * (Lg4 + w * Lg6));
  const double t2 = z * (Lg1 + w * (Lg3 + w * (Lg5 + w * Lg7)));
  const double R = t2 + t1;
  const double hfsq = 0.5 * f * f;
  const double dk = static_cast<double>(k);
  return dk * ln2_hi - ((hfsq - (s * (hfsq + R) + dk * ln2_lo)) - f);
}

double cos_pi(double p) {
  p = p < 0 ? 0 : (p > 1 ? 1 : p);
  const double sign = p > 0.5 ? -1.0 : 1.0;  // cos(π p) = −cos(π (1 − p))
  if (p > 0.5) p = 1 - p;
  const bool use_sin = p > 0.25;  // cos(π p) = sin(π (½ − p))
  const double y = 3.141592653589793 * (use_sin ? 0.5 - p : p), y2 = y * y;
  // Horner in y²: terms up to y^16 / 16! (cos) and y^17 / 17! (sin); the next is below 1e-17.
  double acc = 1;
  if (use_sin) {
    for (int k = 8; k >= 1; --k) acc = 1 - acc * y2 / ((2 * k) * (2 * k + 1));
    return sign * y * acc;
  }
  for (int k = 8; k >= 1; --k) acc = 1 - acc * y2 / ((2 * k - 1) * (2 * k));
  return sign * acc;
}

}  // namespace sampling::pmath
