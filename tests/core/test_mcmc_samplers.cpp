// Every sampler checked statistically against targets with known moments and bin
// probabilities (from closed forms or quadrature, never from earlier output).
#include <doctest/doctest.h>

#include <cmath>
#include <memory>

#include "core/common/error.hpp"
#include "core/mcmc/annealing.hpp"
#include "core/mcmc/banana.hpp"
#include "core/mcmc/gaussian_mixture.hpp"
#include "core/mcmc/gibbs.hpp"
#include "core/mcmc/hmc.hpp"
#include "core/mcmc/importance.hpp"
#include "core/mcmc/mala.hpp"
#include "core/mcmc/mcmc_run.hpp"
#include "core/mcmc/metropolis.hpp"
#include "core/mcmc/rejection.hpp"
#include "tests/core/stat_utils.hpp"

using namespace sampling::mcmc;
using sampling::Rng;

namespace {

struct Sample {
  std::vector<double> x, y;
};

// Moments within `z` standard errors of the truth, and a chi-square test of binned
// counts at level 1e-3, for n independent draws.
void check_against_truth(const Target& t, const Sample& s, const std::string& what, bool restricted_to_box = false) {
  const auto q = restricted_to_box ? testutil::integrate(t, 8, 1200, t.box()) : testutil::integrate(t);
  const double n = static_cast<double>(s.x.size());
  const std::vector<double>* coords[2] = {&s.x, &s.y};
  for (int d = 0; d < 2; ++d) {
    double m = 0, m2 = 0, m4 = 0;
    for (double v : *coords[d]) m += v;
    m /= n;
    for (double v : *coords[d]) m2 += (v - m) * (v - m), m4 += std::pow(v - m, 4);
    m2 /= n, m4 /= n;
    INFO(what, " on ", t.name(), " coordinate ", d, ": mean ", m, " vs ", q.mean[d], ", var ", m2, " vs ", q.var[d]);
    CHECK(std::abs(m - q.mean[d]) < 4.0 * std::sqrt(q.var[d] / n));
    CHECK(std::abs(m2 - q.var[d]) < 4.0 * std::sqrt((m4 - m2 * m2) / n));
  }
  double stat = 0;
  const double p = testutil::chi_square_p(testutil::bin_counts(q, s.x, s.y), q.bins, &stat);
  INFO(what, " on ", t.name(), ": chi-square ", stat, " p = ", p);
  CHECK(p > 1e-3);
}

// Independent draws from a chain kernel: the end states of many independent chains,
// each started as McmcRun starts them and run `length` transitions.
Sample end_states(const Target& t, ChainKernel& kernel, int chains, int length, std::uint64_t seed) {
  Sample s;
  Rng rng(seed);
  for (int c = 0; c < chains; ++c) {
    ChainState st = start_state(t, rng);
    for (int i = 0; i < length; ++i, ++st.step) kernel.transition(t, st, rng);
    s.x.push_back(st.x), s.y.push_back(st.y);
  }
  return s;
}

std::vector<std::unique_ptr<Target>> test_targets() {
  std::vector<std::unique_ptr<Target>> v;
  v.push_back(make_target({"mixture", {}, 0.3}));
  v.push_back(make_target({"banana", {}, 0.3}));
  v.push_back(make_target({"donut", {}, 0.3}));
  return v;
}

}  // namespace

TEST_CASE("rejection sampling is exact: accepted points follow the target") {
  for (const auto& t : test_targets()) {
    for (auto kind : {Proposal::Kind::gaussian, Proposal::Kind::uniform}) {
      RejectionSampler rs(*t, Proposal(kind, t->box()), std::nullopt);
      Rng rng(21);
      Sample s;
      std::uint64_t proposals = 0;
      while (s.x.size() < 20000) {
        const auto d = rs.propose(rng);
        ++proposals;
        if (d.accepted) s.x.push_back(d.x), s.y.push_back(d.y);
      }
      CHECK(rs.bound_violations() == 0);
      check_against_truth(*t, s, kind == Proposal::Kind::uniform ? "rejection (uniform)" : "rejection (gaussian)",
                          kind == Proposal::Kind::uniform);
      if (t->name() == "mixture" && kind == Proposal::Kind::gaussian) {
        // The mixture is normalized (Z = 1), so the acceptance rate is 1/M.
        const double rate = 20000.0 / proposals, expected = std::exp(-rs.log_bound());
        CHECK(std::abs(rate - expected) < 4 * std::sqrt(expected * (1 - expected) / proposals));
      }
    }
  }
}

TEST_CASE("rejection refuses a bound that is too small and names the needed value") {
  const auto t = make_target({"mixture", {}, 0.3});
  CHECK_THROWS_WITH_AS(RejectionSampler(*t, Proposal(Proposal::Kind::gaussian, t->box()), 0.5),
                       doctest::Contains("is too small"), sampling::Error);
  CHECK_THROWS_AS(RejectionSampler(*t, Proposal(Proposal::Kind::gaussian, t->box()), -1.0), sampling::Error);
  CHECK_THROWS_AS(RejectionSampler(*t, Proposal(Proposal::Kind::gaussian, t->box()), NAN), sampling::Error);
}

TEST_CASE("importance sampling: unbiased weights, self-normalized estimates, ESS") {
  const auto t = make_target({"mixture", {}, 0.3});  // normalized: E_q[p/q] = 1
  ImportanceSampler is(*t, Proposal(Proposal::Kind::gaussian, t->box()));
  Rng rng(22);
  const int n = 100000;
  std::vector<double> logw(n), xs(n);
  double sw = 0, sw2 = 0;
  for (int i = 0; i < n; ++i) {
    const auto d = is.draw(rng);
    logw[i] = d.log_weight, xs[i] = d.x;
    const double w = std::exp(d.log_weight);
    sw += w, sw2 += w * w;
  }
  const double mean_w = sw / n, se_w = std::sqrt((sw2 / n - mean_w * mean_w) / n);
  CHECK(std::abs(mean_w - 1.0) < 4 * se_w);
  // Self-normalized mean of x with its delta-method standard error.
  double mx = 0;
  for (int i = 0; i < n; ++i) mx += std::exp(logw[i]) / sw * xs[i];
  double var_term = 0;
  for (int i = 0; i < n; ++i) var_term += std::pow(std::exp(logw[i]) / sw * (xs[i] - mx), 2);
  const auto* m = dynamic_cast<const GaussianMixture*>(t.get());
  CHECK(std::abs(mx - m->mean().x) < 4 * std::sqrt(var_term));
  CHECK(importance_ess(logw.data(), n) == doctest::Approx(sw * sw / sw2).epsilon(1e-9));
  const std::vector<double> equal(10, -3.0), one{0.0, -INFINITY, -INFINITY};
  CHECK(importance_ess(equal.data(), 10) == doctest::Approx(10));
  CHECK(importance_ess(one.data(), 3) == doctest::Approx(1));
}

TEST_CASE("importance weights from McmcRun are normalized") {
  RunOptions o;
  o.target.name = "banana", o.sampler = "importance", o.seed = 3;
  McmcRun run(o);
  run.run(5000);
  double s = 0;
  for (double w : run.normalized_weights()) s += w;
  CHECK(s == doctest::Approx(1.0).epsilon(1e-12));
}

TEST_CASE("Metropolis-Hastings satisfies detailed balance on a small discrete target") {
  // States 0..4 on a cycle, π ∝ (1, 2, 3, 4, 5); the proposal steps +1 with
  // probability 0.7 and −1 with 0.3, so it is asymmetric and the Hastings ratio matters.
  const double pi[5] = {1 / 15.0, 2 / 15.0, 3 / 15.0, 4 / 15.0, 5 / 15.0};
  const auto q = [](int from, int to) { return (to == (from + 1) % 5) ? 0.7 : 0.3; };
  const auto estimate = [&](bool hastings) {
    Rng rng(23);
    const int trials = 200000;
    std::vector<std::vector<double>> p(5, std::vector<double>(5, 0.0));
    for (int i = 0; i < 5; ++i)
      for (int t = 0; t < trials; ++t) {
        const int j = rng.uniform() < 0.7 ? (i + 1) % 5 : (i + 4) % 5;
        double log_ratio = std::log(pi[j]) - std::log(pi[i]);
        if (hastings) log_ratio += std::log(q(j, i)) - std::log(q(i, j));
        p[i][metropolis_accept(log_ratio, rng) ? j : i] += 1.0 / trials;
      }
    // Largest standardized violation of π_i P_ij = π_j P_ji.
    double worst = 0;
    for (int i = 0; i < 5; ++i)
      for (int j = i + 1; j < 5; ++j) {
        const double se = std::sqrt(pi[i] * pi[i] * p[i][j] * (1 - p[i][j]) / trials +
                                    pi[j] * pi[j] * p[j][i] * (1 - p[j][i]) / trials) + 1e-12;
        worst = std::max(worst, std::abs(pi[i] * p[i][j] - pi[j] * p[j][i]) / se);
      }
    return worst;
  };
  CHECK(estimate(true) < 4.5);    // 10 pairs: 4.5 standard errors is a strict level
  CHECK(estimate(false) > 10.0);  // without the Hastings correction balance fails
}

TEST_CASE("random-walk MH, MALA, HMC and Gibbs reach the target (independent end states)") {
  for (const auto& t : test_targets()) {
    RandomWalkMetropolis mh(1.0);
    check_against_truth(*t, end_states(*t, mh, 3000, 1500, 31), "mh");
    Hmc hmc(0.2, 10);
    check_against_truth(*t, end_states(*t, hmc, 3000, 150, 32), "hmc");
    Gibbs gibbs(*t);
    // Along the banana's arms Gibbs moves slowly (x | y is bimodal): it needs more sweeps.
    check_against_truth(*t, end_states(*t, gibbs, 2000, t->name() == "banana" ? 150 : 20, 33), "gibbs");
    if (t->name() != "banana") {  // MALA needs a smaller step for the banana's steep tails
      Mala mala(0.3);
      check_against_truth(*t, end_states(*t, mala, 3000, 1500, 34), "mala");
    } else {
      Mala mala(0.1);
      check_against_truth(*t, end_states(*t, mala, 3000, 6000, 35), "mala");
    }
  }
}

TEST_CASE("long chains: means within a few Monte-Carlo standard errors from ESS") {
  for (const std::string sampler : {"mh", "mala", "hmc", "gibbs"}) {
    RunOptions o;
    o.target.name = "mixture", o.sampler = sampler, o.seed = 41, o.chains = 4, o.burn_in = 2000;
    McmcRun run(o);
    run.run(25000);
    const Stats st = run.stats();
    const auto* m = dynamic_cast<const GaussianMixture*>(&run.target());
    const double truth[2] = {m->mean().x, m->mean().y}, var[2] = {m->variance().x, m->variance().y};
    for (int d = 0; d < 2; ++d) {
      INFO(sampler, " coordinate ", d, " mean ", st.mean[d], " ess ", st.ess[d]);
      CHECK(std::abs(st.mean[d] - truth[d]) < 4 * std::sqrt(var[d] / st.ess[d]));
      REQUIRE(st.rhat);
    }
    CHECK(st.rhat->first < 1.05);
    CHECK(st.rhat->second < 1.05);
  }
}

TEST_CASE("simulated annealing: schedule and ending at a mode") {
  SimulatedAnnealing geo(0.5, SimulatedAnnealing::Schedule::geometric, 10.0, 0.01, 1000);
  CHECK(geo.temperature(0) == doctest::Approx(10.0));
  CHECK(geo.temperature(500) == doctest::Approx(std::sqrt(10.0 * 0.01)));
  CHECK(geo.temperature(1000) == doctest::Approx(0.01));
  CHECK(geo.temperature(5000) == doctest::Approx(0.01));
  SimulatedAnnealing lg(0.5, SimulatedAnnealing::Schedule::logarithmic, 10.0, 0.01, 1000);
  CHECK(lg.temperature(0) == doctest::Approx(10.0));
  for (int t = 1; t < 2000; t *= 3) CHECK(lg.temperature(t) < lg.temperature(t - 1));
  // On the banana (one mode at (0, −b s²) with log p̃ = 0) every chain ends near the mode.
  RunOptions o;
  o.target.name = "banana", o.sampler = "annealing", o.seed = 5, o.chains = 8, o.steps = 3000;
  o.step_size = 0.3;
  McmcRun run(o);
  const Chunk c = run.run(4000);
  for (int ch = 0; ch < c.chains; ++ch) {
    const std::size_t last = (ch + 1) * c.per_chain - 1;
    CHECK(std::abs(c.x[last]) < 0.3);
    CHECK(std::abs(c.y[last] + Banana::b * Banana::s * Banana::s) < 0.3);
  }
  CHECK(c.temperature.front() == doctest::Approx(10.0));
  CHECK(c.temperature.back() == doctest::Approx(0.01));
  REQUIRE(run.stats().best);
  CHECK(run.stats().best->log_density > -0.01);
}
