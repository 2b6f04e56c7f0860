#pragma once
// The regularized incomplete gamma functions and the chi-square upper tail, in log space
// where they underflow: P(a, x) = γ(a, x)/Γ(a), Q(a, x) = Γ(a, x)/Γ(a) = 1 − P(a, x).
// Series for x < a + 1, Lentz's continued fraction above (Numerical Recipes §6.2); the
// fraction gives log Q directly, so tails far below 1e-300 keep their digits. For a ≤ 1/4
// and x < a + 1, Q (near a·E1(x), tiny for tiny a) has its own series rather than 1 − P. For a above
// 1e8 (χ² with more than 2·10^8 degrees of freedom), where both would need too many terms,
// Wilson and Hilferty's normal approximation of (X/a)^(1/3), accurate to O(1/a).
namespace sampling::stats {

// log Q(a, x) for a > 0, x ≥ 0 (−∞ when Q underflows even in log space: x = ∞).
double log_gamma_q(double a, double x);
// Q(a, x) (0 below the smallest double) and P(a, x) = 1 − Q(a, x) computed on its own side.
double gamma_q(double a, double x);
double gamma_p(double a, double x);

// P(X ≥ x) for X ~ χ²(df) and its logarithm.
double chi_square_survival(double x, double df);
double log_chi_square_survival(double x, double df);

}  // namespace sampling::stats
