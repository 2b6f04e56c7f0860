// McmcRun::stats() from running sums equals the statistics recomputed from the draws
// (diagnostics.hpp, two-pass moments, normalized weights) to 1e-12, on long runs cut into
// uneven chunks, after the lags kept grow, past the lags kept, and when a run goes on
// after stats() or starts again from its seed.
#include <doctest/doctest.h>

#include <cmath>
#include <string>
#include <vector>

#include "core/common/logsumexp.hpp"
#include "core/common/portable_math.hpp"
#include "core/mcmc/diagnostics.hpp"
#include "core/mcmc/importance.hpp"
#include "core/mcmc/mcmc_run.hpp"
#include "core/mcmc/running_diagnostics.hpp"
#include "core/common/rng.hpp"

using namespace sampling::mcmc;

namespace {

// |a − b| ≤ tol·scale, scale = max(|b|, floor): relative for values away from 0; for
// autocorrelations (at most 1 in size) floor = 1 makes it 1e-12 of their scale.
void close(double a, double b, const std::string& what, double floor = 0.0, double tol = 1e-12) {
  INFO(what << ": running " << a << " vs recomputed " << b);
  CHECK(std::abs(a - b) <= tol * std::max(std::abs(b), floor));
}

void two_pass(const std::vector<double>& v, double& mean, double& var) {
  double s = 0;
  for (double x : v) s += x;
  mean = s / v.size();
  double q = 0;
  for (double x : v) q += (x - mean) * (x - mean);
  var = v.size() > 1 ? q / (v.size() - 1) : 0;
}

// A run and the draws it has returned, per chain.
struct Recorded {
  explicit Recorded(const RunOptions& o) : run(o) {}
  McmcRun run;
  Chains x, y;
  void advance(std::uint64_t k) {
    const Chunk c = run.run(k);
    x.resize(c.chains), y.resize(c.chains);
    for (int ch = 0; ch < c.chains; ++ch) {
      x[ch].insert(x[ch].end(), c.x.begin() + ch * c.per_chain, c.x.begin() + (ch + 1) * c.per_chain);
      y[ch].insert(y[ch].end(), c.y.begin() + ch * c.per_chain, c.y.begin() + (ch + 1) * c.per_chain);
    }
  }
  void compare(const std::string& what) const {
    const Stats s = run.stats();
    const Chains* both[2] = {&x, &y};
    for (int j = 0; j < 2; ++j) {
      const std::string w = what + (j ? " y" : " x");
      std::vector<double> all;
      for (const auto& c : *both[j]) all.insert(all.end(), c.begin(), c.end());
      double mean, var;
      two_pass(all, mean, var);
      close(s.mean[j], mean, w + " mean", std::sqrt(var));
      close(s.variance[j], var, w + " variance");
      close(s.ess[j], effective_sample_size(*both[j]), w + " ESS");
      const auto acf = mean_autocorrelation(*both[j], 50);
      const auto& got = j ? s.acf_y : s.acf_x;
      REQUIRE(got.size() == acf.size());
      for (std::size_t t = 0; t < acf.size(); ++t) close(got[t], acf[t], w + " ρ_" + std::to_string(t), 1.0);
      const double rhat = split_rhat(*both[j]);
      if (x.size() >= 2 && x[0].size() >= 4 && std::isfinite(rhat)) {
        REQUIRE(s.rhat);
        close(j ? s.rhat->second : s.rhat->first, rhat, w + " split R-hat");
      }
    }
  }
};

RunOptions chain_options(const std::string& target, const std::string& sampler, double step, int chains) {
  RunOptions o;
  o.target.name = target, o.sampler = sampler, o.seed = 17, o.chains = chains, o.step_size = step;
  o.steps = 60000;
  return o;
}

}  // namespace

TEST_CASE("running MCMC statistics equal a recomputation from the draws on long runs in uneven chunks") {
  const struct {
    const char* target;
    const char* sampler;
    double step;
    int chains;
  } cases[] = {
      {"mixture", "mh", 1.0, 4},     {"banana", "hmc", 0.2, 3},    {"donut", "gibbs", NAN, 2},
      {"funnel", "mala", 0.3, 4},    {"gaussian", "annealing", 0.5, 1}, {"mixture", "mh", 0.05, 2},
  };
  for (const auto& c : cases) {
    const std::string what = std::string(c.target) + " " + c.sampler + " step " + std::to_string(c.step);
    Recorded r(chain_options(c.target, c.sampler, c.step, c.chains));
    std::uint64_t done = 0;
    for (std::uint64_t k : {1, 2, 3, 250, 4093, 20000, 35651}) {
      r.advance(k);
      done += k;
      r.compare(what + " after " + std::to_string(done));
    }
  }
}

TEST_CASE("running MCMC statistics after the lags grow, past the most lags kept, and after a restart") {
  // A random walk with a tiny step mixes so slowly that Stan's ESS needs lags far past the
  // 64 kept at first, then past the 512 at most (the ESS is then recomputed).
  Recorded slow(chain_options("gaussian", "mh", 0.01, 2));
  slow.advance(3000);
  slow.compare("slow, 3000 draws");
  slow.advance(60000);
  slow.compare("slow, 63000 draws");
  // Steps whose ESS needs between 64 and 512 lags: the lags kept grow to 128, 256, 512.
  for (double step : {0.15, 0.25, 0.4}) {
    Recorded medium(chain_options("gaussian", "mh", step, 3));
    for (int i = 0; i < 4; ++i) {
      medium.advance(15000);
      medium.compare("step " + std::to_string(step) + ", " + std::to_string(15000 * (i + 1)) + " draws");
    }
  }
  // Going on after stats() and starting again from the seed give the same numbers as one run.
  Recorded once(chain_options("banana", "mh", 0.7, 4)), again(chain_options("banana", "mh", 0.7, 4));
  once.advance(50000);
  again.advance(20000);
  (void)again.run.stats();
  again.advance(30000);
  const Stats a = once.run.stats(), b = again.run.stats();
  for (int j = 0; j < 2; ++j) {
    CHECK(a.mean[j] == b.mean[j]);
    CHECK(a.variance[j] == b.variance[j]);
    CHECK(a.ess[j] == b.ess[j]);
  }
  CHECK(a.acf_x == b.acf_x);
  CHECK(a.rhat->first == b.rhat->first);
  again.compare("restarted banana");
}

TEST_CASE("running rejection and importance statistics equal a recomputation from the draws") {
  for (const char* target : {"mixture", "funnel", "banana"}) {
    RunOptions o;
    o.target.name = target, o.sampler = "rejection", o.seed = 5;
    McmcRun rej(o);
    std::vector<double> xs, ys;
    for (std::uint64_t k : {1, 10, 5000, 60000}) {
      const Chunk c = rej.run(k);
      for (std::size_t i = 0; i < c.x.size(); ++i)
        if (c.accepted[i]) xs.push_back(c.x[i]), ys.push_back(c.y[i]);
      const Stats s = rej.stats();
      double mean, var;
      two_pass(xs, mean, var);
      close(s.mean[0], mean, std::string(target) + " rejection mean x", std::sqrt(var));
      close(s.variance[0], var, std::string(target) + " rejection variance x");
      two_pass(ys, mean, var);
      close(s.mean[1], mean, std::string(target) + " rejection mean y", std::sqrt(var));
      close(s.variance[1], var, std::string(target) + " rejection variance y");
    }
    for (const char* proposal : {"student", "uniform"}) {
      o.sampler = "importance", o.proposal = proposal;
      McmcRun imp(o);
      std::vector<double> ix, iy, lw;
      for (std::uint64_t k : {1, 7, 3000, 80000}) {
        const Chunk c = imp.run(k);
        ix.insert(ix.end(), c.x.begin(), c.x.end()), iy.insert(iy.end(), c.y.begin(), c.y.end());
        lw.insert(lw.end(), c.log_weight.begin(), c.log_weight.end());
        const double total = sampling::log_sum_exp(lw.data(), lw.size());
        double m[2] = {0, 0}, q[2] = {0, 0};
        for (std::size_t i = 0; i < lw.size(); ++i) {
          const double w = sampling::pmath::exp(lw[i] - total);
          m[0] += w * ix[i], m[1] += w * iy[i], q[0] += w * ix[i] * ix[i], q[1] += w * iy[i] * iy[i];
        }
        const Stats s = imp.stats();
        const std::string w = std::string(target) + " importance " + proposal;
        for (int j = 0; j < 2; ++j) {
          close(s.mean[j], m[j], w + " mean", std::sqrt(q[j] - m[j] * m[j]));
          // E[x²] − E[x]²: both sides lose the digits E[x²] has beyond the variance.
          close(s.variance[j], q[j] - m[j] * m[j], w + " variance", q[j]);
        }
        close(s.ess[0], importance_ess(lw.data(), lw.size()), w + " ESS");
      }
    }
  }
}

TEST_CASE("a slowly mixing chain too long for the ESS's FFT budget gets no ESS, not a wrong one") {
  // A random walk with a tiny step needs lags past the 512 kept; with an FFT budget of
  // 1 MiB (the run's is 512 MiB: 2^24 draws a chain) 40,000 draws are too many.
  Chains walk(1);
  sampling::Rng rng(3);
  double x = 0;
  RunningDiagnostics small(1, std::size_t{1} << 20), large(1);
  for (int i = 0; i < 40000; ++i) {
    x = 0.999 * x + 0.05 * rng.normal();
    walk[0].push_back(x);
    small.push(walk, 0), large.push(walk, 0);
  }
  CHECK(std::isnan(small.effective_sample_size(walk)));
  close(large.effective_sample_size(walk), effective_sample_size(walk), "AR(1) 0.999 ESS");
  double mean, var, m2, v2;
  small.pooled(mean, var);
  two_pass(walk[0], m2, v2);
  close(var, v2, "AR(1) variance");
}
