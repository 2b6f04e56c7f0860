// core/stats: incomplete gamma and chi-square tails (reference values from SciPy 1.10
// and, below 1e-300, from mpmath at 30 digits), Pearson's test with pooling, the TV
// distance and its expectation under exact sampling, and the energy distance.
// tests/conformance/stats.test.mjs compares many more inputs with SciPy at run time.
#include <doctest/doctest.h>

#include <cmath>
#include <limits>
#include <sstream>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "core/cli/commands.hpp"
#include "core/common/error.hpp"
#include "core/common/rng.hpp"
#include "core/stats/energy_distance.hpp"
#include "core/stats/gamma.hpp"
#include "core/stats/goodness_of_fit.hpp"
#include "tests/core/error_check.hpp"

using namespace sampling;

namespace {
bool close(double actual, double expected, double rel) { return std::abs(actual - expected) <= rel * std::abs(expected); }
}  // namespace

TEST_CASE("stats: incomplete gamma and chi-square tails against SciPy") {
  CHECK(close(stats::chi_square_survival(10, 4), 0.04042768199451279, 1e-13));   // chi2.sf(10, 4)
  CHECK(close(stats::gamma_q(2.5, 1.0), 0.8491450360846096, 1e-13));            // gammaincc(2.5, 1)
  CHECK(close(stats::gamma_q(0.5, 4), 0.004677734981047276, 1e-12));           // erfc(2)
  for (double x : {0.01, 0.5, 1.0, 3.0, 10.0, 40.0}) CHECK(close(stats::gamma_q(1, x), std::exp(-x), 1e-13));
  CHECK(stats::gamma_q(3, 0) == 1);
  CHECK(stats::gamma_q(3, INFINITY) == 0);
  CHECK(close(stats::gamma_p(2.5, 1.0), 1 - 0.8491450360846096, 1e-12));
  // Far below the smallest double: χ²(3) at 2000, log p = log Q(1.5, 1000) (mpmath).
  CHECK(stats::chi_square_survival(2000, 3) == 0);
  CHECK(close(stats::log_chi_square_survival(2000, 3), -996.424840497333249970753058203, 1e-13));
  CHECK(close(stats::log_gamma_q(2.5, 1000), -989.921550327373450929466336853, 1e-13));
  CHECK_THROWS_AS(stats::gamma_q(0, 1), Error);
  CHECK_THROWS_AS(stats::chi_square_survival(1, 0), Error);
}

TEST_CASE("stats: Q(a, x) for tiny a is a probability with its digits, not 1 − P") {
  // 1 − P(a, x) cancelled: Q(5e-17, 0.5) was −1.55e-15, Q(5e-101, 0.5) 1.3e-14 and a
  // subnormal a gave NaN. References: mpmath 1.3.0, gammainc(a, x, inf, regularized=True)
  // at 40 digits with a and x as the exact doubles.
  struct Case {
    double a, x, q, log_q;
  };
  const Case cases[] = {
      {5e-17, 0.5, 2.7988679738808040736e-17, -38.114731540509463712},
      {2e-308, 0.5, 1.119547189552321522e-308, -709.08328433365091292},
      {5e-311, 0.5, 2.7988679738809337905e-311, -715.07474888075884847},
      {5e-101, 0.5, 2.7988679738808041147e-101, -231.53187935200930116},
      {1e-10, 1e-300, 6.9019828841470948166e-8, -16.488871999119226579},
      {1e-5, 1.0000099, 2.1938253714931312696e-6, -13.029863792946649999},
      {0.01, 1.0, 0.0022162346232279903431, -6.1119456387937260203},
      {0.1, 0.5, 0.058597554109866481343, -2.8370623220097353867},
      {0.125, 0.001, 0.5522666002838611315, -0.59372437776951730164},
      {0.2, 1.1, 0.045037994556164762261, -3.1002488219820431131},
      {0.2, 1e-10, 0.98910875578959816033, -0.010950987996079084172},
      {0.25, 1.2, 0.050726998351541248366, -2.9812969982544091986},
      {0.25, 1e-8, 0.98896737350885688033, -0.011093937277846291976},
      {0.3, 1.2, 0.063394719569259104781, -2.7583747085586757147},
      {0.25, 1.3, 0.044034033343462719347, -3.1227924589705972995},
  };
  for (const auto& c : cases) {
    INFO("a = " << c.a << ", x = " << c.x);
    const double q = stats::gamma_q(c.a, c.x);
    CHECK(q >= 0);
    CHECK(q <= 1);
    // Subnormal results keep fewer digits.
    CHECK(close(q, c.q, c.q < 1e-300 ? 1e-6 : 1e-13));
    CHECK(close(stats::log_gamma_q(c.a, c.x), c.log_q, 1e-13));
    CHECK(close(stats::gamma_p(c.a, c.x), 1 - c.q, 1e-13));
  }
  // The smallest double as a: Q is a subnormal near 2.77e-324; log Q keeps its digits.
  CHECK(close(stats::log_gamma_q(5e-324, 0.5), -745.02029479342604978, 1e-13));
  // `sampling-cli stats survival` with "1 1e-16": χ²(1e-16) at 1 is Q(5e-17, 0.5).
  CHECK(close(stats::chi_square_survival(1, 1e-16), 2.7988679738808040736e-17, 1e-13));
  CHECK(close(stats::chi_square_survival(1, 1e-100), 2.7988679738808041147e-101, 1e-13));
}

TEST_CASE("stats: Pearson's test pools sparse cells, flags impossible counts, keeps log p") {
  // scipy.stats.chisquare([5, 8, 9, 8, 10, 20]): 13.4, p 0.01990522033477438.
  auto r = stats::chi_square_test({5, 8, 9, 8, 10, 20}, {1, 1, 1, 1, 1, 1});
  CHECK(close(r.statistic, 13.4, 1e-12));
  CHECK(r.df == 5);
  CHECK(close(r.p_value, 0.01990522033477438, 1e-12));
  // Expected 50, 40, 4, 3, 2, 1: the last four pool into one cell of 10 → chisquare([52, 38, 10], [50, 40, 10]).
  r = stats::chi_square_test({52, 38, 2, 4, 3, 1}, {0.5, 0.4, 0.04, 0.03, 0.02, 0.01});
  CHECK(r.cells == 3);
  CHECK(close(r.statistic, 0.08 + 0.1, 1e-12));
  // The biased 1/4, 1/4, 1/2 sampler against thirds: p far below 1e-300, log p finite.
  r = stats::chi_square_test({5000, 5000, 10000}, {1, 1, 1});
  CHECK(r.p_value == 0);
  CHECK(close(r.log_p_value, -1250, 1e-12));  // χ²(2) tail is e^{−x/2}: log p = −2500/2
  // Draws outside the list, or in a category of probability 0: impossible.
  CHECK(stats::chi_square_test({10, 10}, {1, 0}).p_value == 0);
  r = stats::chi_square_test({10}, {1}, 5, 1);
  CHECK(std::isinf(r.statistic));
  CHECK(std::isinf(r.log_p_value));
  // One cell after pooling: nothing to test.
  CHECK(std::isnan(stats::chi_square_test({3, 2}, {0.5, 0.5}).p_value));
  CHECK_THROWS_AS(stats::chi_square_test({-1, 2}, {0.5, 0.5}), Error);
  CHECK_THROWS_AS(stats::chi_square_test({1, 2, 3}, {0.5, 0.5}), Error);
}

TEST_CASE("stats: total variation and the TV exact draws have on average") {
  CHECK(stats::total_variation({1, 1, 2}, {0.25, 0.25, 0.5}) == doctest::Approx(0));
  CHECK(close(stats::total_variation({2, 0}, {0.5, 0.5}), 0.5, 1e-15));
  CHECK(close(stats::total_variation({1, 1}, {0.5, 0.5}, 2), 0.5, 1e-15));  // half the draws outside
  CHECK(close(stats::total_variation({2}, {0.6}), 0.4, 1e-15));            // 0.4 missing from the list
  // One fair coin flip: TV is always ½.
  CHECK(close(stats::expected_total_variation({0.5, 0.5}, 1), 0.5, 1e-14));
  // Against simulation: 3000 multinomial samples of n = 200 draws from a skewed law.
  const std::vector<double> p{0.4, 0.25, 0.15, 0.1, 0.05, 0.03, 0.02};
  const double n = 200, expected = stats::expected_total_variation(p, n);
  Rng rng(7);
  double sum = 0, sum2 = 0;
  const int reps = 3000;
  for (int r = 0; r < reps; ++r) {
    std::vector<double> counts(p.size(), 0);
    for (int i = 0; i < n; ++i) {
      double u = rng.uniform(), c = 0;
      std::size_t k = 0;
      while (k + 1 < p.size() && u >= (c += p[k])) ++k;
      counts[k] += 1;
    }
    const double tv = stats::total_variation(counts, p);
    sum += tv, sum2 += tv * tv;
  }
  const double mean = sum / reps, se = std::sqrt((sum2 / reps - mean * mean) / reps);
  // 4 standard errors: fails by chance with probability 6e-5.
  CHECK(std::abs(mean - expected) < 4 * se);
  CHECK(expected > 0.03);
}

TEST_CASE("stats: the TV exact draws have on average keeps its digits up to n = 1e30") {
  // lgamma(n + 1) − lgamma(ν + 1) − lgamma(n − ν + 1) cancelled: [.5, .5] gave 0.096 at
  // n = 1e16, 128437.7 at 2^53, 7.4e135 at 1e17 and NaN at 1e18.
  // Reference values: De Moivre's closed form evaluated with mpmath 1.3.0 at 60 digits
  // (loggamma, p as the exact double), which agrees with the sum Σ|k − np|·C(n, k)p^k q^(n−k)
  // to 58 digits at n = 300.
  struct Case {
    std::vector<double> p;
    double n, want;
  };
  const std::vector<Case> cases{
      {{0.5, 0.5}, 1000, 0.012612509089180400953},
      {{0.5, 0.5}, 1e6, 0.00039894218066587504454},
      {{0.5, 0.5}, 1e12, 3.9894228040133294237e-7},
      {{0.5, 0.5}, 9007199254740992, 4.2035399641674479193e-9},
      {{0.5, 0.5}, 1e16, 3.9894228040143266797e-9},
      {{0.5, 0.5}, 1e17, 1.261566261010080021e-9},
      {{0.5, 0.5}, 1e18, 3.9894228040143267784e-10},
      {{0.5, 0.5}, 1e30, 3.9894228040143267794e-16},
      {{0.2, 0.3, 0.5}, 1000, 0.017129723134777777954},
      {{0.2, 0.3, 0.5}, 1e6, 0.00054186619515232977114},
      {{0.2, 0.3, 0.5}, 1e12, 5.4186637214689872159e-7},
      {{0.2, 0.3, 0.5}, 1e16, 5.4186637214707569752e-9},
      {{0.2, 0.3, 0.5}, 1e18, 5.4186637214707570591e-10},
      {{1e-9, 1 - 1e-9}, 1000, 1.9999979717191241623e-9},
      {{1e-9, 1 - 1e-9}, 1e6, 1.9980009714403410397e-9},
      {{1e-9, 1 - 1e-9}, 1e12, 2.5229222684823344217e-11},
      {{1e-9, 1 - 1e-9}, 1e18, 2.523132502836267051e-14},
  };
  for (const auto& c : cases) {
    INFO("p[0] = " << c.p[0] << ", n = " << c.n);
    CHECK(close(stats::expected_total_variation(c.p, c.n), c.want, 1e-13));
  }
  // A second, independent check at moderate n: the mean of |X − np| summed over the
  // binomial law term by term (long double), for a skewed list of probabilities.
  const std::vector<double> p{0.4, 0.25, 0.15, 0.1, 0.05, 0.03, 0.02};
  for (const int n : {1, 7, 200, 5000}) {
    long double sum = 0;
    for (const double pi : p) {
      long double term = std::pow(1.0L - pi, n), mean_abs = 0;  // P(X = 0), then P(X = k + 1) from P(X = k)
      for (int k = 0; k <= n; ++k) {
        mean_abs += std::abs(k - n * static_cast<long double>(pi)) * term;
        term *= (n - k) / (k + 1.0L) * pi / (1 - pi);
      }
      sum += mean_abs;
    }
    INFO("n = " << n);
    CHECK(close(stats::expected_total_variation(p, n), static_cast<double>(sum / (2 * n)), 1e-12));
  }
  // Far out, the normal approximation E|X − np| ≈ √(2np(1 − p)/π) holds to O(1/n).
  double normal = 0;
  for (const double pi : p) normal += std::sqrt(2 * 1e18 * pi * (1 - pi) / M_PI);
  CHECK(close(stats::expected_total_variation(p, 1e18), normal / 2e18, 1e-12));
  // Up to the largest double: 2n, x + m and 2k overflowed from n = 2^1023, giving 0 and NaN.
  for (const double n : {0x1p1023, 1.7e308, 1.7976931348623157e308})
    for (const double pi : {0.5, 0.9, 1e-9}) {
      INFO("n = " << n << ", p = " << pi);
      const double other = 1 - pi;  // a rounded double: its own 1 − p differs from pi (by 1e-8 for pi = 1e-9)
      const double want = 0.5 * (std::sqrt(2 * pi * (1 - pi) / M_PI) + std::sqrt(2 * other * (1 - other) / M_PI)) / std::sqrt(n);
      CHECK(close(stats::expected_total_variation({pi, other}, n), want, 1e-12));
    }
}

TEST_CASE("stats: energy distance on tiny sets and its errors") {
  // a = {(0,0), (2,0)}, b = {(0,0), (0,2)}: 2·(0 + 2 + 2 + √8)/4 − 2 − 2.
  const double a[] = {0, 0, 2, 0}, b[] = {0, 0, 0, 2};
  CHECK(close(stats::energy_distance(a, 4, b, 4), 2 * (4 + std::sqrt(8.0)) / 4 - 4, 1e-14));
  CHECK(stats::energy_distance(a, 4, a, 4) == doctest::Approx(-2).epsilon(1e-14));  // U-statistics: 2·1 − 2 − 2
  const double bad[] = {0, 0, NAN, 1};
  CHECK_THROWS_WITH_AS(stats::energy_distance(a, 4, bad, 4), doctest::Contains("not finite"), Error);
  CHECK_THROWS_WITH_AS(stats::energy_distance(a, 3, b, 4), doctest::Contains("at least 2 points"), Error);
}

TEST_CASE("chi-square: probabilities near the double maximum are normalized without overflow, and all 0 is an error") {
  // Their sum overflowed to ∞: every expected count became 0 and the fit 'impossible'.
  const auto r = stats::chi_square_test({10, 20, 30}, {1e308, 1e308, 1});
  CHECK(r.cells == 2);
  CHECK(std::isfinite(r.statistic));
  CHECK(r.statistic > 0);
  const auto same = stats::chi_square_test({10, 20, 30}, {1, 2, 3});
  const auto scaled = stats::chi_square_test({10, 20, 30}, {1e307, 2e307, 3e307});
  CHECK(scaled.statistic == doctest::Approx(same.statistic));
  CHECK_THROWS_WITH_AS(stats::chi_square_test({10, 20, 30}, {0, 0, 0}),
                       doctest::Contains("chi-square: the probabilities are all 0"), Error);
  CHECK_THROWS_WITH_AS(stats::normalized_probabilities({}, "x"), doctest::Contains("x: no probabilities"), Error);
  CHECK(std::isnan(stats::chi_square_test({0, 0}, {0, 0}).p_value));  // no draws: no test, as before
  // Counts whose sum is a double but whose (o − e)² is not: the statistic is n here.
  const auto huge = stats::chi_square_test({1e200, 0}, {0.5, 0.5});
  CHECK(close(huge.statistic, 1e200, 1e-14));
  CHECK(huge.log_p_value < -4e199);
}

TEST_CASE("chi-square survival at huge degrees of freedom: near 1/2 at the mean, continuous where the method changes") {
  // The series stopped after 10^5 terms (√a are needed) and the log prefactor cancelled:
  // df = 1e10 gave 0.579 at its mean, 1e15 gave 0.998, and from 1e17 NaN.
  for (const double df : {1e10, 1e15, 1e17, 1e20}) {
    CAPTURE(df);
    const double p = stats::chi_square_survival(df, df);
    CHECK(p > 0.4999);
    CHECK(p <= 0.5);
    CHECK(stats::gamma_p(df / 2, df / 2) + stats::gamma_q(df / 2, df / 2) == doctest::Approx(1.0).epsilon(1e-12));
  }
  // Either side of a = 1e8 (df = 2·10^8), at the mean and 1, 3 and 6 standard deviations out.
  for (const double z : {0.0, 1.0, 3.0, -3.0, 6.0}) {
    CAPTURE(z);
    const double below = stats::log_chi_square_survival(2e8 + z * std::sqrt(4e8), 2e8);
    const double above = stats::log_chi_square_survival(2e8 + 4 + z * std::sqrt(4e8 + 8), 2e8 + 4);
    CHECK(above == doctest::Approx(below).epsilon(1e-6));
  }
}

TEST_CASE("stats command: input numbers are read as typed, hex and out-of-range values refused") {
  const auto run = [](const std::string& input) {
    std::istringstream in(input);
    std::ostringstream out, err;
    const int code = cli::stats_command({"chi-square"}, in, out, err);
    return std::make_pair(code, err.str());
  };
  // strtod took 0x10 as 16, and 1e400 as inf ("got inf" further on).
  auto [code, message] = run("0x10 5 | 1 1\n");
  CHECK(code == 2);
  CHECK(message.find("line 1: counts: '0x10' is not a number") != std::string::npos);
  std::tie(code, message) = run("10 5 | 1 1\n1e400 5 | 1 1\n");
  CHECK(code == 2);
  CHECK(message.find("line 2: counts: '1e400' is beyond the range of a double") != std::string::npos);
  std::tie(code, message) = run("10 5 | 1e-400 1\n");
  CHECK(code == 2);
  CHECK(message.find("line 1: probabilities: '1e-400' is too small for a double") != std::string::npos);
  CHECK(run("10 5 | 1 1\n").first == 0);
}

TEST_CASE("chi-square: counts past a double's range and degrees of freedom that are not finite are named") {
  testutil::check_error([] { stats::chi_square_test({1e308, 1e308}, {1, 1}); },
                             "chi-square: the counts add up to more than a double can hold");
  testutil::check_error([] { stats::total_variation({1e308, 1e308}, {1, 1}); },
                             "total variation: the counts add up to more than a double can hold");
  // df = inf was reported as the incomplete gamma function's a.
  for (const double df : {std::numeric_limits<double>::infinity(), 4.9406564584124654e-324, -1.0}) {
    CAPTURE(df);
    testutil::check_error([&] { stats::chi_square_survival(1, df); },
                               "chi-square: degrees of freedom must be a positive finite number, got " + show(df));
    testutil::check_error([&] { stats::log_chi_square_survival(1, df); },
                               "chi-square: degrees of freedom must be a positive finite number");
  }
}
