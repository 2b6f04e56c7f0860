// Rng, portable math, log-sum-exp, UTF-8 and errors.
#include <doctest/doctest.h>

#include <cmath>
#include <cstdlib>
#include <limits>
#include <vector>

#include "core/common/error.hpp"
#include "core/common/logsumexp.hpp"
#include "core/common/portable_math.hpp"
#include "core/common/rng.hpp"
#include "core/common/utf8.hpp"
#include "tests/core/stat_utils.hpp"

using sampling::Rng;
using sampling::show;

TEST_CASE("xoshiro256** and splitmix64 match the reference test vectors") {
  Rng r = Rng::from_state({1, 2, 3, 4});
  CHECK(r.next_u64() == 11520ULL);
  CHECK(r.next_u64() == 0ULL);
  CHECK(r.next_u64() == 1509978240ULL);
  CHECK(r.next_u64() == 1215971899390074240ULL);
  sampling::SplitMix64 sm(0);
  CHECK(sm.next() == 0xe220a8397b1dcdafULL);
  // Seeding fills the state with splitmix64's first four outputs.
  sampling::SplitMix64 sm2(42);
  const auto st = Rng(42).state();
  for (int i = 0; i < 4; ++i) CHECK(st[i] == sm2.next());
  CHECK_THROWS_AS(Rng::from_state({0, 0, 0, 0}), sampling::Error);
}

TEST_CASE("jump gives a different stream and is deterministic") {
  Rng a(7), b(7);
  a.jump();
  b.jump();
  CHECK(a.state() == b.state());
  Rng c(7);
  CHECK(c.state() != a.state());
}

TEST_CASE("uniform draws are in range and uniform (chi-square)") {
  Rng r(1);
  std::vector<double> counts(20, 0.0), probs(20, 1.0 / 20);
  for (int i = 0; i < 200000; ++i) {
    const double u = r.uniform();
    REQUIRE(u >= 0.0);
    REQUIRE(u < 1.0);
    const double v = r.uniform_open();
    REQUIRE(v > 0.0);
    REQUIRE(v < 1.0);
    counts[static_cast<int>(u * 20)] += 1;
  }
  CHECK(testutil::chi_square_p(counts, probs) > 1e-3);
}

TEST_CASE("below(n) is unbiased") {
  Rng r(2);
  std::vector<double> counts(7, 0.0), probs(7, 1.0 / 7);
  for (int i = 0; i < 70000; ++i) counts[r.below(7)] += 1;
  CHECK(testutil::chi_square_p(counts, probs) > 1e-3);
  CHECK_THROWS_AS(r.below(0), sampling::Error);
}

TEST_CASE("normal draws have mean 0, variance 1 and normal bin frequencies") {
  Rng r(3);
  const int n = 400000;
  double s = 0, s2 = 0;
  // Bins at the standard normal's octiles: each has probability 1/8.
  const double edges[] = {-1.1503493803760083, -0.6744897501960817, -0.31863936396437514, 0.0,
                          0.31863936396437514, 0.6744897501960817, 1.1503493803760083};
  std::vector<double> counts(8, 0.0), probs(8, 0.125);
  for (int i = 0; i < n; ++i) {
    const double z = r.normal();
    s += z, s2 += z * z;
    int bin = 0;
    while (bin < 7 && z >= edges[bin]) ++bin;
    counts[bin] += 1;
  }
  const double mean = s / n, var = s2 / n - mean * mean;
  CHECK(std::abs(mean) < 4 * std::sqrt(1.0 / n));
  CHECK(std::abs(var - 1) < 4 * std::sqrt(2.0 / n));  // Var of s² is 2/n for a normal
  CHECK(testutil::chi_square_p(counts, probs) > 1e-3);
}

TEST_CASE("gumbel draws have the Gumbel mean (Euler's γ) and variance π²/6") {
  Rng r(4);
  const int n = 200000;
  double s = 0, s2 = 0;
  for (int i = 0; i < n; ++i) {
    const double g = r.gumbel();
    s += g, s2 += g * g;
  }
  const double mean = s / n, var = s2 / n - mean * mean;
  const double true_var = M_PI * M_PI / 6;
  CHECK(std::abs(mean - 0.5772156649015329) < 4 * std::sqrt(true_var / n));
  CHECK(std::abs(var - true_var) < 0.05);
}

TEST_CASE("categorical follows the normalized weights and skips -inf") {
  Rng r(5);
  const double inf = std::numeric_limits<double>::infinity();
  const std::vector<double> logw{std::log(1.0), -inf, std::log(2.0), std::log(5.0)};
  std::vector<double> counts(4, 0.0);
  for (int i = 0; i < 80000; ++i) counts[r.categorical(logw.data(), logw.size())] += 1;
  CHECK(counts[1] == 0);
  const std::vector<double> obs{counts[0], counts[2], counts[3]}, probs{1.0 / 8, 2.0 / 8, 5.0 / 8};
  CHECK(testutil::chi_square_p(obs, probs) > 1e-3);
  const std::vector<double> none{-inf, -inf};
  CHECK_THROWS_AS(r.categorical(none.data(), 2), sampling::Error);
  CHECK_THROWS_AS(r.categorical(nullptr, 0), sampling::Error);
}

TEST_CASE("portable exp and log agree with the C library to about one ulp") {
  Rng r(6);
  for (int i = 0; i < 200000; ++i) {
    const double x = r.uniform(-700, 700);
    const double e = sampling::pmath::exp(x), ref = std::exp(x);
    REQUIRE(std::abs(e - ref) <= 2.5e-16 * ref);
    const double y = std::exp(r.uniform(-700, 700));
    REQUIRE(std::abs(sampling::pmath::log(y) - std::log(y)) <= 2.5e-16 * std::abs(std::log(y)) + 1e-300);
  }
  for (double x : {-708.5, -720.0, -740.0, -745.0, 709.7}) {  // subnormal and largest results
    INFO(x);
    CHECK(sampling::pmath::exp(x) == doctest::Approx(std::exp(x)).epsilon(1e-12));
  }
  CHECK(sampling::pmath::exp(0.0) == 1.0);
  CHECK(sampling::pmath::log(1.0) == 0.0);
  CHECK(sampling::pmath::exp(1000.0) == std::numeric_limits<double>::infinity());
  CHECK(sampling::pmath::exp(-1000.0) == 0.0);
  CHECK(std::isnan(sampling::pmath::log(-1.0)));
  CHECK(sampling::pmath::log(0.0) == -std::numeric_limits<double>::infinity());
  CHECK(std::abs(sampling::pmath::log(std::ldexp(1.0, -1074)) - std::log(std::ldexp(1.0, -1074))) < 1e-12);
}

TEST_CASE("portable cos(pi p) agrees with the C library to a few ulp, exactly at 0, 1/2 and 1") {
  Rng r(8);
  for (int i = 0; i < 200000; ++i) {
    const double p = r.uniform(0, 1);
    REQUIRE(std::abs(sampling::pmath::cos_pi(p) - std::cos(3.141592653589793 * p)) <= 4.5e-16);
  }
  for (int i = 0; i <= 64; ++i) {  // the quarter points, where the branches meet
    const double p = i / 64.0;
    INFO(p);
    CHECK(std::abs(sampling::pmath::cos_pi(p) - std::cos(3.141592653589793 * p)) <= 4.5e-16);
  }
  CHECK(sampling::pmath::cos_pi(0.0) == 1.0);
  CHECK(sampling::pmath::cos_pi(0.5) == 0.0);
  CHECK(sampling::pmath::cos_pi(1.0) == -1.0);
  CHECK(sampling::pmath::cos_pi(-3.0) == 1.0);  // clamped
  CHECK(sampling::pmath::cos_pi(7.0) == -1.0);
}

TEST_CASE("messages show a number with the digits that read back as it, not rounded to six") {
  CHECK(show(-1) == "-1");
  CHECK(show(0.25) == "0.25");
  CHECK(show(1e300) == "1e+300");
  CHECK(show(10000.01) == "10000.01");  // "%.6g" gave 10000, the limit it was refused for exceeding
  CHECK(show(1000000.5) == "1000000.5");
  CHECK(show(3e8) == "3e+08");  // short values print as before
  CHECK(show(1.0 / 3) == "0.3333333333333333");
  CHECK(show(9007199254740992.0) == "9007199254740992");
  CHECK(show(std::nan("")) == "NaN");
  CHECK(show(-std::numeric_limits<double>::infinity()) == "-inf");
  Rng rng(3);
  bool round_trips = true;
  for (int i = 0; i < 10000; ++i) {
    const double x = rng.normal() * std::pow(10.0, static_cast<double>(rng.below(600)) - 300);
    round_trips = round_trips && std::strtod(show(x).c_str(), nullptr) == x && show(x).size() <= 24;
  }
  CHECK(round_trips);
}

TEST_CASE("log_sum_exp is stable") {
  const std::vector<double> big{1000.0, 1000.0};
  CHECK(sampling::log_sum_exp(big.data(), 2) == doctest::Approx(1000.0 + std::log(2.0)).epsilon(1e-15));
  const std::vector<double> small{-1000.0, -1000.0 + std::log(3.0)};
  CHECK(sampling::log_sum_exp(small.data(), 2) == doctest::Approx(-1000.0 + std::log(4.0)).epsilon(1e-15));
  CHECK(sampling::log_sum_exp(nullptr, 0) == -std::numeric_limits<double>::infinity());
  CHECK(sampling::log_add_exp(std::log(0.25), std::log(0.5)) == doctest::Approx(std::log(0.75)));
}

TEST_CASE("UTF-8 decoding accepts valid text and names the offset of invalid bytes") {
  const std::string text = "a\xC3\xA9\xE4\xBB\x8A\xF0\x9F\x98\x80";  // a é 今 😀
  const auto cps = sampling::decode_utf8(text);
  REQUIRE(cps.size() == 4);
  CHECK(cps[0] == U'a');
  CHECK(cps[1] == 0xE9);
  CHECK(cps[2] == 0x4ECA);
  CHECK(cps[3] == 0x1F600);
  std::string round;
  for (char32_t c : cps) sampling::append_utf8(c, round);
  CHECK(round == text);

  const auto error_of = [](const std::string& s) {
    try {
      sampling::decode_utf8(s);
    } catch (const sampling::Error& e) {
      return std::string(e.what());
    }
    return std::string();
  };
  CHECK(error_of("ab\xFF") == "invalid UTF-8 at byte 2: byte is never valid in UTF-8");
  CHECK(error_of("ab\x80") == "invalid UTF-8 at byte 2: unexpected continuation byte");
  CHECK(error_of("x\xE4\xBB") == "invalid UTF-8 at byte 1: sequence truncated by the end of the text");
  CHECK(error_of("\xC0\xAF") == "invalid UTF-8 at byte 0: overlong encoding");
  CHECK(error_of("\xED\xA0\x80") == "invalid UTF-8 at byte 0: encodes a UTF-16 surrogate");
  CHECK(error_of("\xF4\x90\x80\x80") == "invalid UTF-8 at byte 0: code point above U+10FFFF");
  CHECK(error_of("\xE4\x41\x41") == "invalid UTF-8 at byte 1: expected a continuation byte");
}
