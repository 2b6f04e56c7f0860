// One-step tests of the MCMC kernels. A kernel K that leaves p invariant maps exact
// draws z ~ p to K(z) ~ p, so E[f(K(z)) − f(z)] = 0 for every f. The paired difference
// has a small variance (a local move changes f little), so a kernel that does not
// preserve p shows up at many standard errors, not only on a lucky seed. The starting
// draws come from tests/core/mcmc_exact_draws.hpp, checked here against quadrature.
#include <doctest/doctest.h>

#include <cmath>
#include <algorithm>
#include <functional>
#include <memory>

#include "core/mcmc/gibbs.hpp"
#include "core/mcmc/hmc.hpp"
#include "core/mcmc/mala.hpp"
#include "core/mcmc/metropolis.hpp"
#include "tests/core/mcmc_exact_draws.hpp"
#include "tests/core/stat_utils.hpp"

using namespace sampling::mcmc;
using sampling::Rng;

namespace {

struct Named {
  const char* name;
  std::function<double(double, double)> f;
};

std::vector<std::unique_ptr<Target>> all_targets() {
  std::vector<std::unique_ptr<Target>> v;
  for (const char* name : {"gaussian", "mixture", "banana", "donut", "funnel"}) v.push_back(make_target({name, {}, 0.3}));
  // A drawn density with one narrow component next to a wide cluster.
  v.push_back(make_target({"drawn", {0.0, 0.0, 0.4, 0.1, -0.3, 0.5, 2.5, -1.5}, 0.08}));
  return v;
}

// Statistics whose mean a kernel must keep. The funnel's x has heavy tails (E x⁴ ≈ 3e^18),
// so it is looked at through tanh.
std::vector<Named> statistics(const Target& t) {
  if (t.name() == "funnel")
    return {{"y", [](double, double y) { return y; }},
            {"y²", [](double, double y) { return y * y; }},
            {"tanh² x", [](double x, double) { return std::tanh(x) * std::tanh(x); }},
            {"tanh x · y", [](double x, double y) { return std::tanh(x) * y; }},
            {"tanh(x + y)", [](double x, double y) { return std::tanh(x + y); }}};
  return {{"x", [](double x, double) { return x; }},
          {"y", [](double, double y) { return y; }},
          {"x²", [](double x, double) { return x * x; }},
          {"y²", [](double, double y) { return y * y; }},
          {"x y", [](double x, double y) { return x * y; }}};
}

// Largest |mean(D)| / SE(D) over the statistics, D = f(K(z)) − f(z) after `steps` moves.
double worst_drift(const Target& t, ChainKernel& kernel, std::size_t n, int steps, std::uint64_t seed) {
  Rng rng(seed);
  const auto start = mcmctest::exact_draws(t, n, rng);
  const auto stats = statistics(t);
  std::vector<double> sum(stats.size(), 0.0), sum2(stats.size(), 0.0);
  for (std::size_t i = 0; i < n; ++i) {
    ChainState s;
    s.x = start.x[i], s.y = start.y[i], s.log_p = t.log_density(s.x, s.y);
    for (int k = 0; k < steps; ++k, ++s.step) kernel.transition(t, s, rng);
    for (std::size_t j = 0; j < stats.size(); ++j) {
      const double d = stats[j].f(s.x, s.y) - stats[j].f(start.x[i], start.y[i]);
      sum[j] += d, sum2[j] += d * d;
    }
  }
  double worst = 0;
  for (std::size_t j = 0; j < stats.size(); ++j) {
    const double mean = sum[j] / n, var = sum2[j] / n - mean * mean;
    const double z = var > 0 ? std::abs(mean) / std::sqrt(var / n) : (mean == 0 ? 0.0 : INFINITY);
    INFO(t.name(), " ", std::string(stats[j].name), ", ", steps, " steps: mean change ", mean, " = ", z, " standard errors");
    CHECK(z < 5.0);
    worst = std::max(worst, z);
  }
  return worst;
}

}  // namespace

TEST_CASE("the exact draws used as starting points follow every target") {
  for (const auto& t : all_targets()) {
    Rng rng(101);
    const auto d = mcmctest::exact_draws(*t, 40000, rng);
    const auto q = mcmctest::truth(*t);
    const double n = static_cast<double>(d.x.size());
    for (int axis = 0; axis < 2; ++axis) {
      if (t->name() == "funnel" && axis == 0) continue;  // heavy tails: covered by the bins
      const auto& v = axis == 0 ? d.x : d.y;
      double m = 0, m2 = 0, m4 = 0;
      for (double a : v) m += a;
      m /= n;
      for (double a : v) m2 += (a - m) * (a - m), m4 += std::pow(a - m, 4);
      m2 /= n, m4 /= n;
      INFO(t->name(), " axis ", axis, ": mean ", m, " vs ", q.mean[axis], ", var ", m2, " vs ", q.var[axis]);
      CHECK(std::abs(m - q.mean[axis]) < 5 * std::sqrt(q.var[axis] / n));
      CHECK(std::abs(m2 - q.var[axis]) < 5 * std::sqrt((m4 - m2 * m2) / n));
    }
    double stat = 0;
    const double p = testutil::chi_square_p(testutil::bin_counts(q, d.x, d.y), q.bins, &stat);
    INFO(t->name(), ": chi-square ", stat, ", p = ", p);
    CHECK(p > 1e-4);
  }
}

TEST_CASE("MH, MALA and HMC keep the target: one and ten steps from exact draws") {
  // Each kernel at a moderate and at a large step size (large steps are where a wrong
  // acceptance ratio shows most). 5 statistics × 6 targets × 3 kernels × 2 sizes ×
  // 2 lengths = 360 checks at 5 standard errors: a correct kernel fails one of them with
  // probability about 2e-4.
  for (const auto& t : all_targets()) {
    const double scale = (t->name() == "banana" || t->name() == "funnel" || t->name() == "drawn") ? 0.3 : 1.0;
    for (double size : {1.0, 2.5}) {
      RandomWalkMetropolis mh(size);
      Mala mala(0.5 * size * scale);
      Hmc hmc(0.3 * size * scale, 8);
      for (int steps : {1, 10}) {
        const std::uint64_t seed = static_cast<std::uint64_t>(1000 * size) + steps;
        CHECK(worst_drift(*t, mh, 40000, steps, seed) < 5.0);
        CHECK(worst_drift(*t, mala, 40000, steps, seed + 1) < 5.0);
        CHECK(worst_drift(*t, hmc, 40000, steps, seed + 2) < 5.0);
      }
    }
  }
}

TEST_CASE("Gibbs keeps the target: one sweep from exact draws") {
  for (const auto& t : all_targets()) {
    Gibbs gibbs(*t);
    CHECK(worst_drift(*t, gibbs, 20000, 1, 500) < 5.0);
  }
}

TEST_CASE("every Gibbs conditional follows the target's conditional (chi-square, every target)") {
  // The reference conditional: p̃(·, other) on a grid of step 1e-3 over [−200, 200]
  // (every conditional here lives well inside), cut into 40 bins of equal probability.
  // 10000 draws per conditional and grid; at level 1e-6 over 132 cases a correct sampler
  // fails with probability about 1.3e-4.
  struct Case {
    const char* target;
    int axis;
    std::vector<double> others;
  };
  const std::vector<Case> cases = {
      {"gaussian", 0, {-1.0, 0.7, 3.0}},      {"gaussian", 1, {-2.0, 0.5, 3.5}},
      {"mixture", 0, {-1.0, 0.7, 2.5}},       {"mixture", 1, {-2.0, 0.3, 2.2}},
      {"banana", 0, {-1.2, 0.0, 3.0, 9.0}},   {"banana", 1, {0.0, 1.5, -3.0}},
      {"donut", 0, {0.0, 2.4, 2.9, -1.0}},    {"donut", 1, {0.0, 2.4, -2.9, 1.0}},
      {"funnel", 0, {-6.0, 0.0, 5.0}},        {"funnel", 1, {0.0, 0.01, 1.0, 10.0, 100.0}},
      {"drawn", 0, {0.0, 0.1, 0.45, -1.5}},   {"drawn", 1, {0.0, 0.4, 2.5}},
  };
  int seed = 700;
  for (const auto& c : cases) {
    const auto t = make_target({c.target, {0.0, 0.0, 0.4, 0.1, -0.3, 0.5, 2.5, -1.5}, 0.05});
    // The default grid, and a coarse one whose envelope is loose: draws must be exact with
    // both (the accept step carries the shape within each cell).
    for (int cells : {Gibbs::kFineCells, 16})
    for (double other : c.others) {
      Gibbs gibbs(*t, cells);
      const double lo = -200, h = 1e-3;
      const int n = 400000;
      std::vector<double> logp(n), cdf(n);
      double top = -INFINITY;
      for (int i = 0; i < n; ++i) {
        const double a = lo + (i + 0.5) * h;
        logp[i] = c.axis == 0 ? t->log_density(a, other) : t->log_density(other, a);
        top = std::max(top, logp[i]);
      }
      double total = 0;
      for (int i = 0; i < n; ++i) cdf[i] = (total += std::exp(logp[i] - top));
      constexpr int bins = 40;
      std::vector<double> edges;  // upper edges of bins 0..38
      for (int b = 1; b < bins; ++b) {
        const int i = static_cast<int>(std::lower_bound(cdf.begin(), cdf.end(), total * b / bins) - cdf.begin());
        edges.push_back(lo + (i + 1) * h);
      }
      std::vector<double> probs(bins), counts(bins, 0.0);
      double prev = 0;
      for (int b = 0; b < bins; ++b) {
        const double upto = b + 1 < bins ? cdf[static_cast<int>(std::round((edges[b] - lo) / h)) - 1] : total;
        probs[b] = (upto - prev) / total, prev = upto;
      }
      Rng rng(seed++);
      for (int k = 0; k < 10000; ++k) {
        const double v = gibbs.draw_conditional(*t, c.axis, other, rng);
        counts[std::upper_bound(edges.begin(), edges.end(), v) - edges.begin()] += 1;
      }
      double stat = 0;
      const double p = testutil::chi_square_p(counts, probs, &stat);
      INFO(std::string(c.target), (c.axis == 0 ? " x | y = " : " y | x = "), other, ", ", cells, " cells: chi-square ",
           stat, ", p = ", p);
      CHECK(p > 1e-6);
    }
  }
}

TEST_CASE("MALA with a step whose square underflows accepts almost surely, as a tiny step should") {
  // ε = 1e-170: ε² is 0 in double, and log q divided by it gave NaN, so no proposal was
  // ever accepted. A tiny step changes log p by about ε: the acceptance probability is
  // 1 − O(ε). (The proposals round to the current point here; acceptance is what counts.)
  TargetSpec spec;
  spec.name = "gaussian";
  const auto target = make_target(spec);
  Rng rng(3);
  ChainState s = start_state(*target, rng);
  Mala mala(1e-170);
  int accepted = 0;
  for (int i = 0; i < 1000; ++i) accepted += mala.transition(*target, s, rng);
  CHECK(accepted == 1000);
}
