// ESS, R-hat and autocorrelation on sequences whose answers are known in closed form.
#include <doctest/doctest.h>

#include <cmath>

#include "core/common/rng.hpp"
#include "core/mcmc/diagnostics.hpp"

using namespace sampling::mcmc;

namespace {
// AR(1): x_t = φ x_{t−1} + ε_t. ρ_t = φ^t and ESS = n (1 − φ)/(1 + φ).
Chains ar1(double phi, int chains, int n, std::uint64_t seed, double shift_per_chain = 0) {
  sampling::Rng rng(seed);
  Chains out(chains);
  for (int c = 0; c < chains; ++c) {
    double x = rng.normal() / std::sqrt(1 - phi * phi);
    for (int i = 0; i < n; ++i) {
      x = phi * x + rng.normal();
      out[c].push_back(x + c * shift_per_chain);
    }
  }
  return out;
}
}  // namespace

TEST_CASE("autocorrelation of AR(1) is φ^t") {
  const auto c = ar1(0.8, 1, 200000, 1);
  const auto rho = autocorrelation(c[0], 5);
  REQUIRE(rho.size() == 6);
  CHECK(rho[0] == doctest::Approx(1.0));
  for (int t = 1; t <= 5; ++t) CHECK(rho[t] == doctest::Approx(std::pow(0.8, t)).epsilon(0.03));
  const auto mean_rho = mean_autocorrelation(ar1(0.5, 4, 20000, 2), 3);
  CHECK(mean_rho[1] == doctest::Approx(0.5).epsilon(0.05));
}

TEST_CASE("ESS of independent draws is about n, of AR(1) about n(1−φ)/(1+φ)") {
  const auto iid = ar1(0.0, 4, 10000, 3);
  CHECK(effective_sample_size(iid) == doctest::Approx(40000).epsilon(0.1));
  const auto slow = ar1(0.9, 4, 50000, 4);
  CHECK(effective_sample_size(slow) == doctest::Approx(200000 * 0.1 / 1.9).epsilon(0.15));
  Chains stuck{std::vector<double>(100, 1.0)};
  CHECK(effective_sample_size(stuck) == 1.0);
}

TEST_CASE("split R-hat is near 1 for mixed chains and large for chains apart") {
  CHECK(split_rhat(ar1(0.5, 4, 5000, 5)) < 1.01);
  CHECK(split_rhat(ar1(0.5, 4, 5000, 6, 2.0)) > 1.5);
  CHECK(std::isnan(split_rhat(Chains{{1.0, 2.0}})));
}
