// ESS, R-hat and autocorrelation: values pinned to hand computations and to an
// independent implementation of Stan's formulas (tests/core/stan_diagnostics.py, numpy),
// plus sequences whose answers are known in closed form.
#include <doctest/doctest.h>

#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <fstream>
#include <map>
#include <sstream>
#include <string>

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

Chains random_walk(int chains, int n, std::uint64_t seed) {
  sampling::Rng rng(seed);
  Chains out(chains);
  for (auto& c : out) {
    double x = 0;
    for (int i = 0; i < n; ++i) c.push_back(x += rng.normal());
  }
  return out;
}

std::string source_dir() {
  const std::string f = __FILE__;
  return f.substr(0, f.find_last_of('/') + 1);
}

struct Reference {
  double ess, rhat;
};

// Runs the numpy reference on the given cases; empty map (and a failed check) if it cannot run.
std::map<std::string, Reference> python_reference(const std::map<std::string, Chains>& cases) {
  char path[] = "/tmp/stan_diagnostics_XXXXXX";
  const int fd = mkstemp(path);
  REQUIRE(fd >= 0);
  close(fd);
  {
    std::ofstream out(path);
    out.precision(17);
    for (const auto& [name, chains] : cases) {
      out << "case " << name << ' ' << chains.size() << ' ' << chains[0].size() << '\n';
      for (const auto& c : chains) {
        for (std::size_t i = 0; i < c.size(); ++i) out << (i ? " " : "") << c[i];
        out << '\n';
      }
    }
  }
  const std::string cmd = "/usr/bin/python3 " + source_dir() + "stan_diagnostics.py " + path + " 2>&1";
  std::map<std::string, Reference> result;
  std::string text;
  if (FILE* p = popen(cmd.c_str(), "r")) {
    char buf[4096];
    while (std::fgets(buf, sizeof buf, p)) text += buf;
    const int status = pclose(p);
    INFO("reference output: ", text);
    REQUIRE_MESSAGE(status == 0, "the numpy reference needs /usr/bin/python3 with numpy (tools/bootstrap.sh)");
  }
  std::remove(path);
  std::istringstream lines(text);
  std::string name, ess, rhat;
  while (lines >> name >> ess >> rhat) result[name] = {std::stod(ess), rhat == "nan" ? NAN : std::stod(rhat)};
  return result;
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

TEST_CASE("ESS and split R-hat on two-chain cases computed by hand") {
  // x = (1, 1, 1, −1, −1, −1) and its negative: γ = (1, 1/2, 0, −1/2, ...), W = 6/5,
  // var⁺ = 1, ρ̂_t = γ_t − 1/5: ρ̂_1 = 0.3, then ρ̂_2 + ρ̂_3 = −0.9 < 0 stops the sum with
  // no correction (ρ̂_2 < 0): τ = −1 + 2 (1 + 0.3) = 1.6, ESS = 12 / 1.6 = 7.5.
  const Chains block{{1, 1, 1, -1, -1, -1}, {-1, -1, -1, 1, 1, 1}};
  CHECK(effective_sample_size(block) == doctest::Approx(7.5).epsilon(1e-12));
  // Alternating chains: ρ̂_0 + ρ̂_1 = 1 + (−5/6 − 1/5) < 0, so no pair is summed and the
  // correction is ρ̂_0 = 1: τ = 2, ESS = 6.
  const Chains alternating{{1, -1, 1, -1, 1, -1}, {-1, 1, -1, 1, -1, 1}};
  CHECK(effective_sample_size(alternating) == doctest::Approx(6.0).epsilon(1e-12));
  // Split R-hat: (1, 2, 3, 4) and (4, 3, 2, 1) have equal means, so unsplit R-hat is
  // sqrt(3/4) < 1, but the halves (1, 2), (3, 4), (4, 3), (2, 1) have means 1.5, 3.5, 3.5,
  // 1.5: W = 1/2, B = 2 · 4/3, var⁺ = 1/4 + 4/3 = 19/12, R-hat = sqrt(19/6).
  const Chains opposite{{1, 2, 3, 4}, {4, 3, 2, 1}};
  CHECK(split_rhat(opposite) == doctest::Approx(std::sqrt(19.0 / 6.0)).epsilon(1e-12));
  // Odd length: the middle draw is dropped, so (1, 2, 100, 3, 4) splits as (1, 2), (3, 4).
  const Chains odd{{1, 2, 100, 3, 4}, {4, 3, -100, 2, 1}};
  CHECK(split_rhat(odd) == doctest::Approx(std::sqrt(19.0 / 6.0)).epsilon(1e-12));
}

TEST_CASE("ESS and split R-hat equal an independent numpy implementation of Stan's formulas") {
  std::map<std::string, Chains> cases;
  cases["iid"] = ar1(0.0, 4, 1000, 3);
  cases["ar09"] = ar1(0.9, 4, 2000, 4);
  cases["antithetic"] = ar1(-0.6, 3, 500, 5);
  cases["short_all_positive"] = ar1(0.95, 2, 10, 6);
  cases["shifted_odd"] = ar1(0.5, 4, 301, 7, 0.4);
  cases["one_chain"] = ar1(0.7, 1, 100, 8);
  cases["seven"] = ar1(0.3, 2, 7, 9);
  cases["five"] = ar1(0.3, 3, 5, 10);
  cases["walk"] = random_walk(2, 200, 11);
  cases["strong_antithetic"] = ar1(-0.95, 2, 40, 12);
  const auto ref = python_reference(cases);
  REQUIRE(ref.size() == cases.size());
  for (const auto& entry : cases) {
    const std::string& name = entry.first;
    const auto& chains = entry.second;
    INFO(name);
    CHECK(effective_sample_size(chains) == doctest::Approx(ref.at(name).ess).epsilon(1e-9));
    CHECK(split_rhat(chains) == doctest::Approx(ref.at(name).rhat).epsilon(1e-12));
  }
}

TEST_CASE("ESS of independent draws is about n, of AR(1) about n(1−φ)/(1+φ)") {
  // Fixed seeds; the tolerances are several times the estimators' standard deviations.
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
