// The rational approximations below are those of FreeBSD's s_erf.c:
// ====================================================
// Copyright (C) 1993 by Sun Microsystems, Inc. All rights reserved.
//
// Developed at SunPro, a Sun Microsystems, Inc. business.
// Permission to use, copy, modify, and distribute this
// software is freely granted, provided that this notice
// is preserved.
// ====================================================
// Method (|x| regions):
//   [0, 0.84375)      erf(x) = x + x·P(x²)/Q(x²)
//   [0.84375, 1.25)   erf(x) = c + P1(s)/Q1(s), s = |x| − 1, c = 0.84506291151 (24 bits)
//   [1.25, 28)        erfc(x) = exp(−x² − 0.5625 + R(1/x²)/S(1/x²)) / x, with x² split as
//                     z² + (z − x)(z + x), z = x with its low 32 bits cleared (exact z²)
//   [28, ∞)           erf = ±1, erfc = 0 (or 2)
#include "core/nn/erf.hpp"

#include <cmath>
#include <cstdint>
#include <cstring>

#include "core/common/portable_math.hpp"

namespace sampling::nn {
namespace {

constexpr double erx = 8.45062911510467529297e-01;
constexpr double efx8 = 1.02703333676410069053e+00;
constexpr double pp0 = 1.28379167095512558561e-01, pp1 = -3.25042107247001499370e-01,
                 pp2 = -2.84817495755985104766e-02, pp3 = -5.77027029648944159157e-03,
                 pp4 = -2.37630166566501626084e-05;
constexpr double qq1 = 3.97917223959155352819e-01, qq2 = 6.50222499887672944485e-02,
                 qq3 = 5.08130628187576562776e-03, qq4 = 1.32494738004321644526e-04,
                 qq5 = -3.96022827877536812320e-06;
constexpr double pa0 = -2.36211856075265944077e-03, pa1 = 4.14856118683748331666e-01,
                 pa2 = -3.72207876035701323847e-01, pa3 = 3.18346619901161753674e-01,
                 pa4 = -1.10894694282396677476e-01, pa5 = 3.54783043256182359371e-02,
                 pa6 = -2.16637559486879084300e-03;
constexpr double qa1 = 1.06420880400844228286e-01, qa2 = 5.40397917702171048937e-01,
                 qa3 = 7.18286544141962662868e-02, qa4 = 1.26171219808761642112e-01,
                 qa5 = 1.36370839120290507362e-02, qa6 = 1.19844998467991074170e-02;
constexpr double ra0 = -9.86494403484714822705e-03, ra1 = -6.93858572707181764372e-01,
                 ra2 = -1.05586262253232909814e+01, ra3 = -6.23753324503260060396e+01,
                 ra4 = -1.62396669462573470355e+02, ra5 = -1.84605092906711035994e+02,
                 ra6 = -8.12874355063065934246e+01, ra7 = -9.81432934416914548592e+00;
constexpr double sa1 = 1.96512716674392571292e+01, sa2 = 1.37657754143519042600e+02,
                 sa3 = 4.34565877475229228821e+02, sa4 = 6.45387271733267880336e+02,
                 sa5 = 4.29008140027567833386e+02, sa6 = 1.08635005541779435134e+02,
                 sa7 = 6.57024977031928170135e+00, sa8 = -6.04244152148580987438e-02;
constexpr double rb0 = -9.86494292470009928597e-03, rb1 = -7.99283237680523006574e-01,
                 rb2 = -1.77579549177547519889e+01, rb3 = -1.60636384855821916062e+02,
                 rb4 = -6.37566443368389627722e+02, rb5 = -1.02509513161107724954e+03,
                 rb6 = -4.83519191608651397019e+02;
constexpr double sb1 = 3.03380607434824582924e+01, sb2 = 3.25792512996573918826e+02,
                 sb3 = 1.53672958608443695994e+03, sb4 = 3.19985821950859553908e+03,
                 sb5 = 2.55305040643316442583e+03, sb6 = 4.74528541206955367215e+02,
                 sb7 = -2.24409524465858183362e+01;

inline std::uint32_t high_word(double x) {
  std::uint64_t bits;
  std::memcpy(&bits, &x, sizeof bits);
  return static_cast<std::uint32_t>(bits >> 32);
}

inline double clear_low_word(double x) {
  std::uint64_t bits;
  std::memcpy(&bits, &x, sizeof bits);
  bits &= 0xffffffff00000000ULL;
  std::memcpy(&x, &bits, sizeof x);
  return x;
}

// erf on |x| < 0.84375 as x + x·y; returns y.
inline double small_ratio(double x) {
  const double z = x * x;
  const double r = pp0 + z * (pp1 + z * (pp2 + z * (pp3 + z * pp4)));
  const double s = 1.0 + z * (qq1 + z * (qq2 + z * (qq3 + z * (qq4 + z * qq5))));
  return r / s;
}

// erfc(|x|) for 0.84375 <= |x| < 28 (ix: the high word of |x|).
double erfc_tail(std::uint32_t ix, double x) {
  x = std::fabs(x);
  if (ix < 0x3ff40000) {  // |x| < 1.25
    const double s = x - 1.0;
    const double P = pa0 + s * (pa1 + s * (pa2 + s * (pa3 + s * (pa4 + s * (pa5 + s * pa6)))));
    const double Q = 1.0 + s * (qa1 + s * (qa2 + s * (qa3 + s * (qa4 + s * (qa5 + s * qa6)))));
    return 1.0 - erx - P / Q;
  }
  const double s = 1.0 / (x * x);
  double R, S;
  if (ix < 0x4006db6d) {  // |x| < 1/0.35
    R = ra0 + s * (ra1 + s * (ra2 + s * (ra3 + s * (ra4 + s * (ra5 + s * (ra6 + s * ra7))))));
    S = 1.0 + s * (sa1 + s * (sa2 + s * (sa3 + s * (sa4 + s * (sa5 + s * (sa6 + s * (sa7 + s * sa8)))))));
  } else {
    R = rb0 + s * (rb1 + s * (rb2 + s * (rb3 + s * (rb4 + s * (rb5 + s * rb6)))));
    S = 1.0 + s * (sb1 + s * (sb2 + s * (sb3 + s * (sb4 + s * (sb5 + s * (sb6 + s * sb7))))));
  }
  const double z = clear_low_word(x);
  return pmath::exp(-z * z - 0.5625) * pmath::exp((z - x) * (z + x) + R / S) / x;
}

}  // namespace

double erf(double x) {
  if (std::isnan(x)) return x;
  const std::uint32_t hx = high_word(x);
  const bool negative = (hx >> 31) != 0;
  const std::uint32_t ix = hx & 0x7fffffff;
  if (ix < 0x3feb0000) {                                   // |x| < 0.84375
    if (ix < 0x3e300000) return 0.125 * (8.0 * x + efx8 * x);  // |x| < 2^-28
    return x + x * small_ratio(x);
  }
  const double y = ix < 0x40180000 ? 1.0 - erfc_tail(ix, x) : 1.0;  // |x| < 6: else erf = ±1 in double
  return negative ? -y : y;
}

double erfc(double x) {
  if (std::isnan(x)) return x;
  const std::uint32_t hx = high_word(x);
  const bool negative = (hx >> 31) != 0;
  const std::uint32_t ix = hx & 0x7fffffff;
  if (ix < 0x3feb0000) {                      // |x| < 0.84375
    if (ix < 0x3c700000) return 1.0 - x;      // |x| < 2^-56
    const double y = small_ratio(x);
    if (negative || ix < 0x3fd00000) return 1.0 - (x + x * y);  // x < 1/4
    return 0.5 - (x - 0.5 + x * y);
  }
  if (ix < 0x403c0000) {  // |x| < 28
    const double t = erfc_tail(ix, x);
    return negative ? 2.0 - t : t;
  }
  return negative ? 2.0 : 0.0;
}

double gelu(double x) {
  constexpr double inv_sqrt2 = 0.70710678118654752440;
  return 0.5 * x * erfc(-x * inv_sqrt2);
}

}  // namespace sampling::nn
