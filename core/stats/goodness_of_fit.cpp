#include "core/stats/goodness_of_fit.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "core/common/error.hpp"
#include "core/stats/gamma.hpp"

namespace sampling::stats {
namespace {

double checked_total(const std::vector<double>& observed, const std::vector<double>& probabilities,
                     double extra_observed, const char* what) {
  if (observed.size() > probabilities.size())
    throw Error(std::string(what) + ": more observed counts (" + std::to_string(observed.size()) +
                ") than probabilities (" + std::to_string(probabilities.size()) + ")");
  double n = extra_observed;
  if (!(extra_observed >= 0) || !std::isfinite(extra_observed))
    throw Error(std::string(what) + ": the count outside the list must be ≥ 0, got " + show(extra_observed));
  for (std::size_t i = 0; i < observed.size(); ++i) {
    if (!(observed[i] >= 0) || !std::isfinite(observed[i]))
      throw Error(std::string(what) + ": count " + std::to_string(i) + " must be ≥ 0, got " + show(observed[i]));
    n += observed[i];
  }
  if (!std::isfinite(n))
    throw Error(std::string(what) + ": the counts add up to more than a double can hold (about 1.8e308)");
  for (std::size_t i = 0; i < probabilities.size(); ++i)
    if (!(probabilities[i] >= 0) || !std::isfinite(probabilities[i]))
      throw Error(std::string(what) + ": probability " + std::to_string(i) + " must be ≥ 0, got " + show(probabilities[i]));
  return n;
}

// log(n!) − log(√(2πn)·(n/e)^n), Stirling's error, for an integer n ≥ 1: lgamma where it
// keeps its digits, the asymptotic series (error below 2e-16 here) above 15.
double stirling_error(double n) {
  if (n <= 15) return std::lgamma(n + 1) - (n + 0.5) * std::log(n) + n - 0.5 * std::log(2 * M_PI);
  const double r = 1 / (n * n);
  return (1.0 / 12 - r * (1.0 / 360 - r * (1.0 / 1260 - r * (1.0 / 1680 - r / 1188)))) / n;
}

// x·log(x/m) + m − x, the deviance term, given diff = x − m exactly (x and m themselves may
// be rounded: only their sum enters, relatively). Near x = m it is the series
// diff·v + 2x·Σ_{j≥1} v^(2j+1)/(2j+1) with v = diff/(x + m), which does not cancel.
// (x + m)/2 and 2·(x·v): the same values, without overflow for x and m near 1.8e308.
double deviance_term(double x, double m, double diff) {
  const double half_sum = 0.5 * x + 0.5 * m;
  if (std::abs(diff) < 0.2 * half_sum) {
    const double v = 0.5 * diff / half_sum, v2 = v * v;
    double s = diff * v, ej = 2 * (x * v);
    for (int j = 1; j < 1000; ++j) {
      ej *= v2;
      const double s1 = s + ej / (2 * j + 1);
      if (s1 == s) break;
      s = s1;
    }
    return s;
  }
  return x * std::log(x / m) - diff;
}

// E|X − np|/n for X ~ Binomial(n, p), 0 < p < 1, by De Moivre: 2(ν/n)·(1 − p)·P(X = ν)
// with ν = ⌊np⌋ + 1 (divided by n inside: 2ν overflows for n near the double maximum).
// P(X = ν) is taken in Loader's saddle-point form (as R's dbinom), relative error near
// 1e-15 at any n: the plain lgamma(n + 1) − lgamma(ν + 1) − lgamma(n − ν + 1)
// loses every digit to cancellation by n ≈ 1e16 (log C(n, n/2) ≈ 0.69·n is a difference of
// numbers near 36·n). Where np is above 2^53, ν is not a double; what the result depends on
// finely is d = ν − np in (0, 1], kept exact from the product's rounding error (fma), and
// the deviance terms take it rather than a difference of rounded numbers.
double mean_absolute_deviation_over_n(double n, double p) {
  const double q = 1 - p, hi = n * p, lo = std::fma(n, p, -hi);  // n·p = hi + lo exactly
  double whole = std::floor(hi);
  const double r = (hi - whole) + lo, r_whole = std::floor(r);
  whole += r_whole;
  const double d = 1 - (r - r_whole);
  const double k = whole + 1;
  const double rest = n <= 0x1p53 ? n - k : n * q - d;  // n − ν
  if (rest < 0.5) return 2 * q * std::exp(n * std::log(p));  // ν = n: 2(1 − p)·p^n
  const double log_pmf = stirling_error(n) - stirling_error(k) - stirling_error(rest) - deviance_term(k, n * p, d) -
                         deviance_term(rest, n * q, -d) +
                         0.5 * (std::log(n) - std::log(2 * M_PI) - std::log(k) - std::log(rest));
  return 2 * (k / n) * q * std::exp(log_pmf);
}

}  // namespace

std::vector<double> normalized_probabilities(const std::vector<double>& weights, const char* what) {
  if (weights.empty()) throw Error(std::string(what) + ": no probabilities (no categories)");
  const double largest = *std::max_element(weights.begin(), weights.end());
  if (!(largest > 0)) throw Error(std::string(what) + ": the probabilities are all 0 (no category can be drawn)");
  std::vector<double> out(weights);
  double total = 0;
  for (double& p : out) total += (p /= largest);
  for (double& p : out) p /= total;
  return out;
}

ChiSquareResult chi_square_test(const std::vector<double>& observed, const std::vector<double>& probabilities,
                                double min_expected, double extra_observed) {
  ChiSquareResult r;
  r.n = checked_total(observed, probabilities, extra_observed, "chi-square");
  if (!(min_expected >= 0)) throw Error("chi-square: the minimum expected count must be ≥ 0, got " + show(min_expected));
  const double nan = std::numeric_limits<double>::quiet_NaN();
  if (r.n == 0) {  // no draws: no test
    r.statistic = r.p_value = r.log_p_value = nan;
    return r;
  }
  const std::vector<double> p = normalized_probabilities(probabilities, "chi-square");
  double impossible = extra_observed;
  std::vector<std::pair<double, double>> cells;  // (expected, observed)
  double pooled_e = 0, pooled_o = 0;
  for (std::size_t i = 0; i < probabilities.size(); ++i) {
    const double e = r.n * p[i];
    const double o = i < observed.size() ? observed[i] : 0;
    if (e == 0) impossible += o;
    else if (e < min_expected) pooled_e += e, pooled_o += o;
    else cells.emplace_back(e, o);
  }
  if (impossible > 0) {
    r.statistic = std::numeric_limits<double>::infinity();
    r.cells = static_cast<int>(cells.size()) + (pooled_e > 0);
    r.df = std::max(1, r.cells - 1);
    r.p_value = 0;
    r.log_p_value = -std::numeric_limits<double>::infinity();
    return r;
  }
  if (pooled_e > 0) {
    if (pooled_e >= min_expected || cells.empty()) {
      cells.emplace_back(pooled_e, pooled_o);
    } else {
      auto smallest = std::min_element(cells.begin(), cells.end());
      smallest->first += pooled_e, smallest->second += pooled_o;
    }
  }
  r.cells = static_cast<int>(cells.size());
  r.df = r.cells - 1;
  // (o − e)/e·(o − e) where (o − e)² would overflow (counts near 1e200 whose sum is finite).
  for (const auto& [e, o] : cells) {
    const double d = o - e;
    r.statistic += std::abs(d) < 1e150 ? d * d / e : d / e * d;
  }
  if (r.df < 1) {
    r.df = 0;
    r.p_value = r.log_p_value = nan;
    return r;
  }
  r.log_p_value = log_chi_square_survival(r.statistic, r.df);
  r.p_value = std::exp(r.log_p_value);
  return r;
}

double total_variation(const std::vector<double>& observed, const std::vector<double>& probabilities,
                       double extra_observed) {
  const double n = checked_total(observed, probabilities, extra_observed, "total variation");
  if (n == 0) throw Error("total variation: no draws");
  double sum = extra_observed / n, covered = 0;
  for (std::size_t i = 0; i < probabilities.size(); ++i) {
    sum += std::abs((i < observed.size() ? observed[i] : 0) / n - probabilities[i]);
    covered += probabilities[i];
  }
  sum += std::max(0.0, 1 - covered);  // mass of the distribution missing from the list
  return 0.5 * sum;
}

double expected_total_variation(const std::vector<double>& probabilities, double n) {
  if (!(n >= 1) || std::floor(n) != n || !std::isfinite(n))
    throw Error("expected total variation: the number of draws must be a positive integer, got " + show(n));
  double sum = 0;
  for (std::size_t i = 0; i < probabilities.size(); ++i) {
    const double p = probabilities[i];
    // A sum of probabilities may round a little above 1 (an exact list of one segmentation).
    if (!(p >= 0) || !(p <= 1 + 1e-9))
      throw Error("expected total variation: probability " + std::to_string(i) + " must be in [0, 1], got " + show(p));
    if (p == 0 || p >= 1) continue;
    sum += mean_absolute_deviation_over_n(n, p);
  }
  return 0.5 * sum;
}

}  // namespace sampling::stats
