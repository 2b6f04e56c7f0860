// Every sampler checked statistically against targets with known moments and bin
// probabilities (from closed forms or quadrature, never from earlier output).
#include <doctest/doctest.h>

#include <cmath>
#include <memory>
#include <sstream>

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
#include "core/mcmc/ratio_bound.hpp"
#include "core/mcmc/rejection.hpp"
#include "tests/core/mcmc_exact_draws.hpp"
#include "tests/core/stat_utils.hpp"

using namespace sampling::mcmc;
using sampling::Rng;

namespace {

struct Sample {
  std::vector<double> x, y;
};

// Moments within 4 standard errors of the truth, and a chi-square test of binned
// counts at level 1e-3, for n independent draws. `region`: the draws come from p
// restricted to it (the truth is then integrated over it). The funnel's x has heavy
// tails (E x⁴ = 3e^18): its moments are left to the bins.
void check_against_truth(const Target& t, const Sample& s, const std::string& what, const Box* region = nullptr) {
  const auto q = region ? testutil::integrate(t, 8, 1200, *region) : mcmctest::truth(t);
  const double n = static_cast<double>(s.x.size());
  const std::vector<double>* coords[2] = {&s.x, &s.y};
  for (int d = 0; d < 2; ++d) {
    if (t.name() == "funnel" && d == 0 && !region) continue;
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

std::vector<std::unique_ptr<Target>> every_target() {
  std::vector<std::unique_ptr<Target>> v;
  for (const char* name : {"gaussian", "mixture", "banana", "donut", "funnel"}) v.push_back(make_target({name, {}, 0.3}));
  v.push_back(make_target({"drawn", {0.0, 0.0, 0.4, 0.1, -0.3, 0.5, 2.5, -1.5}, 0.05}));
  return v;
}

Sample rejection_draws(RejectionSampler& rs, std::size_t n, std::uint64_t seed, std::uint64_t* proposals = nullptr) {
  Rng rng(seed);
  Sample s;
  std::uint64_t tries = 0;
  while (s.x.size() < n) {
    const auto d = rs.propose(rng);
    ++tries;
    if (d.accepted) s.x.push_back(d.x), s.y.push_back(d.y);
  }
  if (proposals) *proposals = tries;
  return s;
}

}  // namespace

TEST_CASE("rejection sampling is exact on every target with every proposal") {
  for (const auto& t : every_target()) {
    for (auto kind : {Proposal::Kind::student, Proposal::Kind::gaussian, Proposal::Kind::uniform}) {
      RejectionSampler rs(*t, Proposal(kind, t->box()), std::nullopt);
      std::uint64_t proposals = 0;
      const Sample s = rejection_draws(rs, 20000, 21, &proposals);
      const std::string what = std::string("rejection (") + Proposal::name(kind) + ")";
      INFO(what, " on ", t->name());
      CHECK(rs.bound_violations() == 0);
      // Student always covers; Gaussian covers the targets with Gaussian tails.
      const bool covers = kind == Proposal::Kind::student || (kind == Proposal::Kind::gaussian && t->gaussian_tails());
      if (covers) CHECK(rs.mass_outside() <= 1e-30);
      else CHECK((rs.region().xmin == t->box().xmin && rs.region().ymax == t->box().ymax));
      check_against_truth(*t, s, what, covers ? nullptr : &rs.region());
      if (t->name() == "mixture" && covers) {
        // The mixture is normalized (Z = 1), so the acceptance rate is 1/M.
        const double rate = 20000.0 / proposals, expected = std::exp(-rs.log_bound());
        CHECK(std::abs(rate - expected) < 4 * std::sqrt(expected * (1 - expected) / proposals));
      }
    }
  }
}

TEST_CASE("a narrow drawn component is sampled exactly and its bound is found") {
  // Bandwidth 0.03, points at the centres of the cells of the 401 × 401 grid the bound
  // used to come from (spacing 0.075 over the box widened to [−15, 15]²): the grid misses
  // the peaks by 1.6 nats, so its maximum of p̃/q was too small a bound.
  const double h = 0.03, cx = 0.0375, cy = 0.0375, dx = 3.0375, dy = 1.0125;
  const auto t = make_target({"drawn", {cx, cy, dx, dy}, h});
  for (auto kind : {Proposal::Kind::student, Proposal::Kind::gaussian}) {
    const Proposal q(kind, t->box());
    INFO(std::string(Proposal::name(kind)));
    double unused;
    const RatioBound r = bound_log_ratio(*t, q, t->covering_box(unused), RejectionSampler::kTolerance);
    // The bound holds at the components' means (where p̃/q peaks) and is tight there.
    for (const Point& m : t->modes()) CHECK(t->log_density(m.x, m.y) - q.log_density(m.x, m.y) <= r.upper);
    CHECK(r.upper - r.lower <= RejectionSampler::kTolerance);
    // The grid maximum the sampler used before is below the true bound.
    double grid = -INFINITY;
    const Box b = t->box();
    const double wx = b.xmax - b.xmin, wy = b.ymax - b.ymin;
    for (int i = 0; i < 401; ++i)
      for (int j = 0; j < 401; ++j) {
        const double x = b.xmin - wx + 3 * wx * i / 400, y = b.ymin - wy + 3 * wy * j / 400;
        grid = std::max(grid, t->log_density(x, y) - q.log_density(x, y));
      }
    CHECK(grid < r.lower - 1.5);
    // So a user's M at the grid maximum is refused, with the value that holds.
    CHECK_THROWS_WITH_AS(RejectionSampler(*t, q, std::exp(grid)), doctest::Contains("is too small"), sampling::Error);
    try {
      RejectionSampler(*t, q, std::exp(r.lower) * 0.999);
      FAIL("a bound below the supremum was accepted");
    } catch (const sampling::Error& e) {
      const std::string msg = e.what();
      std::ostringstream needed;
      needed.precision(4);
      needed << "M = " << std::exp(r.upper);
      CHECK(msg.find(needed.str()) != std::string::npos);
    }
    RejectionSampler ok(*t, q, std::exp(r.upper) * 1.0001);
    // Exact draws: half in each component, each N(μ, h² I).
    RejectionSampler rs(*t, q, std::nullopt);
    // The acceptance rate is Z/M ≈ 5e-4 (two peaks of height 180 against a broad q).
    const Sample s = rejection_draws(rs, 4000, kind == Proposal::Kind::student ? 51 : 52);
    CHECK(rs.bound_violations() == 0);
    double n1 = 0, sx[2] = {0, 0}, sy[2] = {0, 0}, sxx[2] = {0, 0}, syy[2] = {0, 0}, cnt[2] = {0, 0};
    for (std::size_t i = 0; i < s.x.size(); ++i) {
      const int c = s.x[i] > 1.5 ? 1 : 0;
      n1 += c;
      const double ex = s.x[i] - (c ? dx : cx), ey = s.y[i] - (c ? dy : cy);
      cnt[c] += 1, sx[c] += ex, sy[c] += ey, sxx[c] += ex * ex, syy[c] += ey * ey;
    }
    const double n = static_cast<double>(s.x.size());
    CHECK(std::abs(n1 / n - 0.5) < 4 * std::sqrt(0.25 / n));
    const double h2 = h * h;
    for (int c = 0; c < 2; ++c) {
      INFO("component ", c);
      CHECK(std::abs(sx[c] / cnt[c]) < 4 * std::sqrt(h2 / cnt[c]));
      CHECK(std::abs(sy[c] / cnt[c]) < 4 * std::sqrt(h2 / cnt[c]));
      // E[d²] = h², Var(d²) = 2h⁴ for a normal d.
      CHECK(std::abs(sxx[c] / cnt[c] - h2) < 4 * std::sqrt(2 * h2 * h2 / cnt[c]));
      CHECK(std::abs(syy[c] / cnt[c] - h2) < 4 * std::sqrt(2 * h2 * h2 / cnt[c]));
    }
  }
}

TEST_CASE("the funnel's moments by rejection, importance and Gibbs (not confined to the picture)") {
  // Truth: E y = 0, Var y = 9, P(|x| > 10) = 0.0485 (1-D integral), P(y > 7) = 1 − Φ(7/3).
  const auto t = make_target({"funnel", {}, 0.3});
  const double p_x10 = 1.0 - mcmctest::funnel_probability(-10, 10, -INFINITY, INFINITY);
  const double p_y7 = 0.5 * std::erfc(7.0 / 3.0 / std::sqrt(2.0));
  // The statistics: y, y², 1{|x| > 10}, 1{y > 7}, with their truths and variances.
  const double truth[4] = {0, 9, p_x10, p_y7};
  const double var[4] = {9, 2 * 81.0, p_x10 * (1 - p_x10), p_y7 * (1 - p_y7)};  // Var y² = 2σ⁴
  const auto stat = [](int k, double x, double y) {
    return k == 0 ? y : k == 1 ? y * y : k == 2 ? double(std::abs(x) > 10) : double(y > 7);
  };
  // Weighted (self-normalized) estimates, each within 4 standard errors, SE from the ESS.
  const auto check = [&](const std::string& what, const std::vector<double>& xs, const std::vector<double>& ys,
                         const std::vector<double>& w, const double ess[4]) {
    for (int k = 0; k < 4; ++k) {
      double sw = 0, sf = 0;
      for (std::size_t i = 0; i < xs.size(); ++i) {
        const double wi = w.empty() ? 1.0 : w[i];
        sw += wi, sf += wi * stat(k, xs[i], ys[i]);
      }
      // Var y = E y² − (E y)²: E y² checks it (E y is checked to be 0 on its own).
      INFO(what, ": statistic ", k, " = ", sf / sw, " vs ", truth[k], ", ESS ", ess[k]);
      CHECK(std::abs(sf / sw - truth[k]) < 4 * std::sqrt(var[k] / ess[k]));
    }
  };
  {
    RejectionSampler rs(*t, Proposal(Proposal::Kind::student, t->box()), std::nullopt);
    const Sample s = rejection_draws(rs, 200000, 61);
    const double ess[4] = {200000, 200000, 200000, 200000};
    check("rejection", s.x, s.y, {}, ess);
  }
  {
    ImportanceSampler is(*t, Proposal(Proposal::Kind::student, t->box()));
    Rng rng(62);
    std::vector<double> xs, ys, lw;
    for (int i = 0; i < 400000; ++i) {
      const auto d = is.draw(rng);
      xs.push_back(d.x), ys.push_back(d.y), lw.push_back(d.log_weight);
    }
    double top = -INFINITY;
    for (double l : lw) top = std::max(top, l);
    std::vector<double> w;
    for (double l : lw) w.push_back(std::exp(l - top));
    // Self-normalized: the delta-method variance is Σ w̄_i² (f_i − f̂)², i.e. an ESS per statistic.
    double ess[4];
    double sw = 0;
    for (double wi : w) sw += wi;
    for (int k = 0; k < 4; ++k) {
      double fhat = 0, v = 0;
      for (std::size_t i = 0; i < w.size(); ++i) fhat += w[i] / sw * stat(k, xs[i], ys[i]);
      for (std::size_t i = 0; i < w.size(); ++i) v += std::pow(w[i] / sw * (stat(k, xs[i], ys[i]) - fhat), 2);
      ess[k] = var[k] / v;
    }
    CHECK(importance_ess(lw.data(), lw.size()) > 30000);  // about 9 % of the draws
    check("importance", xs, ys, w, ess);
  }
  {
    RunOptions o;
    o.target.name = "funnel", o.sampler = "gibbs", o.seed = 63, o.chains = 4, o.burn_in = 500;
    McmcRun run(o);
    const Chunk c = run.run(25000);
    // Stan's ESS of each statistic's own chains.
    double ess[4];
    for (int k = 0; k < 4; ++k) {
      Chains f(c.chains);
      for (int ch = 0; ch < c.chains; ++ch)
        for (std::size_t i = 0; i < c.per_chain; ++i) f[ch].push_back(stat(k, c.x[ch * c.per_chain + i], c.y[ch * c.per_chain + i]));
      ess[k] = effective_sample_size(f);
    }
    CHECK(ess[0] > 15000);  // about 18 % of the draws
    check("gibbs", std::vector<double>(c.x.begin(), c.x.end()), std::vector<double>(c.y.begin(), c.y.end()), {}, ess);
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

TEST_CASE("the ratio bound holds everywhere and is within its tolerance of the supremum") {
  // The supremum found independently: hill climbing (pattern search with shrinking steps)
  // from every mode and from 200 random points of the region.
  for (const auto& t : every_target()) {
    for (auto kind : {Proposal::Kind::student, Proposal::Kind::gaussian, Proposal::Kind::uniform}) {
      const Proposal q(kind, t->box());
      double mass;
      const Box region = exact_region(*t, kind, mass);
      const RatioBound r = bound_log_ratio(*t, q, region, RejectionSampler::kTolerance);
      const auto f = [&](double x, double y) {
        x = std::min(std::max(x, region.xmin), region.xmax), y = std::min(std::max(y, region.ymin), region.ymax);
        return t->log_density(x, y) - q.log_density(x, y);
      };
      Rng rng(77);
      std::vector<Point> starts = t->modes();
      const Box near = t->box();  // random starts where the mass is
      for (int i = 0; i < 200; ++i) starts.push_back({rng.uniform(near.xmin, near.xmax), rng.uniform(near.ymin, near.ymax)});
      double best = -INFINITY;
      for (Point p : starts) {
        double v = f(p.x, p.y);
        for (double step = 1.0; step > 1e-9; step *= 0.5) {
          for (bool moved = true; moved;) {
            moved = false;
            for (const Point d : {Point{step, 0}, Point{-step, 0}, Point{0, step}, Point{0, -step}}) {
              const double w = f(p.x + d.x, p.y + d.y);
              if (w > v) v = w, p = {p.x + d.x, p.y + d.y}, moved = true;
            }
          }
        }
        best = std::max(best, v);
      }
      INFO(t->name(), " with ", std::string(Proposal::name(kind)), ": bound ", r.upper, ", hill climbing ", best);
      CHECK(best <= r.upper + 1e-12);
      CHECK(r.upper <= best + RejectionSampler::kTolerance + 1e-9);
    }
  }
}

TEST_CASE("the student proposal: density normalized, draws follow it, its minimum over rectangles") {
  const Box box{-3, 5, -1, 2};
  const Proposal q(Proposal::Kind::student, box);
  // ∫ q over a huge square, in u = asinh coordinates (dx = cosh u du).
  double total = 0;
  const int n = 4000;
  const double umax = 25;
  for (int i = 0; i < n; ++i)
    for (int j = 0; j < n; ++j) {
      const double u = -umax + (i + 0.5) * 2 * umax / n, v = -umax + (j + 0.5) * 2 * umax / n;
      const double x = q.centre().x + q.scale().x * std::sinh(u), y = q.centre().y + q.scale().y * std::sinh(v);
      total += std::exp(q.log_density(x, y)) * q.scale().x * std::cosh(u) * q.scale().y * std::cosh(v);
    }
  total *= (2 * umax / n) * (2 * umax / n);
  CHECK(total == doctest::Approx(1.0).epsilon(1e-6));
  // Draws: the x marginal against the t₂ distribution function F(t) = ½ + t / (2 sqrt(2 + t²)).
  Rng rng(5);
  const int bins = 20, draws = 100000;
  std::vector<double> counts(bins, 0.0), probs(bins, 1.0 / bins);
  for (int i = 0; i < draws; ++i) {
    const Point z = q.sample(rng);
    const double t = (z.x - q.centre().x) / q.scale().x;
    const double u = 0.5 + t / (2 * std::sqrt(2 + t * t));
    counts[std::min(bins - 1, static_cast<int>(u * bins))] += 1;
  }
  CHECK(testutil::chi_square_p(counts, probs) > 1e-6);
  // The minimum over a rectangle is at the corner farthest from the centre.
  for (int i = 0; i < 1000; ++i) {
    const double x0 = rng.uniform(-20, 20), y0 = rng.uniform(-20, 20);
    const Box r{x0, x0 + rng.uniform(0, 5), y0, y0 + rng.uniform(0, 5)};
    const double m = q.log_density_min(r);
    for (int k = 0; k < 20; ++k) CHECK(q.log_density(rng.uniform(r.xmin, r.xmax), rng.uniform(r.ymin, r.ymax)) >= m - 1e-12);
  }
}
