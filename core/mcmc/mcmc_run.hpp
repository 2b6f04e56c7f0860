#pragma once
// One run of the 2-D lab: a target, a sampler and its options, advanced in chunks.
// The page asks for a chunk at a time (so it can animate, report progress and cancel);
// the command line asks for all draws at once. Each chain has its own random stream
// (the seed's stream jumped c times), so chunk sizes never change the draws.
#include <cstdint>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/mcmc/annealing.hpp"
#include "core/mcmc/diagnostics.hpp"
#include "core/mcmc/importance.hpp"
#include "core/mcmc/rejection.hpp"
#include "core/mcmc/running_diagnostics.hpp"
#include "core/mcmc/target.hpp"

namespace sampling::mcmc {

struct RunOptions {
  TargetSpec target;
  std::string sampler = "mh";       // rejection | importance | mh | gibbs | annealing | mala | hmc
  std::uint64_t seed = 0;
  int chains = 4;
  double step_size = std::numeric_limits<double>::quiet_NaN();  // NaN: the sampler's default
  std::uint64_t burn_in = 0;
  int leapfrog_steps = 10;
  std::string schedule = "geometric";
  double t0 = 10.0, t_end = 0.01;
  std::uint64_t steps = 2000;       // annealing: schedule length
  std::string proposal = "student";  // rejection / importance: student | gaussian | uniform
  std::optional<double> bound;      // rejection: user's M
};

// Draws of one chunk, chain-major: chain c's draws at [c·per_chain, (c+1)·per_chain).
// Rejection returns every proposal (accepted or not) in one "chain".
struct Chunk {
  int chains = 1;
  std::size_t per_chain = 0;
  std::vector<double> x, y;
  std::vector<std::uint8_t> accepted;
  std::vector<double> log_weight;   // importance only
  std::vector<double> temperature;  // annealing only
};

struct Stats {
  std::string sampler, target;
  std::uint64_t n = 0;             // kept draws (rejection: accepted draws)
  std::uint64_t proposals = 0;     // transitions incl. burn-in, or proposals
  // Accepted / proposed; none for importance sampling (it weights every draw instead).
  std::optional<double> acceptance_rate;
  double mean[2] = {0, 0}, variance[2] = {0, 0}, ess[2] = {0, 0};
  // Monte-Carlo standard error of each mean, sqrt(variance / ESS), and the target's exact
  // moments to judge the estimates by.
  double mean_se[2] = {0, 0};
  Moments truth{};
  std::optional<std::pair<double, double>> rhat;
  std::vector<double> acf_x, acf_y;
  std::optional<double> log_bound;
  std::uint64_t bound_violations = 0;
  // Rejection, and importance with the uniform proposal: the region the draws come from
  // (p restricted to it) and the target mass outside it.
  std::optional<Box> region;
  double mass_outside = 0;
  struct Best {
    double x, y, log_density;
  };
  std::optional<Best> best;
};

const std::vector<std::string>& sampler_names();
double default_step_size(const std::string& sampler);

class McmcRun {
 public:
  static constexpr std::uint64_t kMaxDraws = 20'000'000;  // kept draws over all chains
  static constexpr std::uint64_t kMaxProposalsPerCall = 10'000'000;  // rejection: proposals one run() returns
  explicit McmcRun(const RunOptions& options);
  ~McmcRun();

  // Chain samplers: k kept draws per chain (burn-in runs first, inside the first calls).
  // Rejection: proposals until k more are accepted (at most min(10⁶ + 1000·k, 10⁷)
  // proposals per call, so a hopeless bound cannot hang the caller or fill its memory). Importance: k weighted draws.
  Chunk run(std::uint64_t k);
  // O(chains · lags) per call, whatever the number of draws: every statistic is kept up to
  // date as draws come (running_diagnostics.hpp; Welford and weighted running sums for
  // rejection and importance).
  Stats stats() const;
  const Target& target() const { return *target_; }
  bool is_chain_sampler() const { return kernel_ != nullptr; }
  // Normalized importance weights of every draw so far.
  std::vector<double> normalized_weights() const;

 private:
  void run_chains(std::uint64_t k, Chunk& out);
  void run_rejection(std::uint64_t k, Chunk& out);
  void run_importance(std::uint64_t k, Chunk& out);
  void check_capacity(std::uint64_t per_chain, std::uint64_t chains) const;  // per_chain · chains more draws

  RunOptions options_;
  std::unique_ptr<Target> target_;
  // chain samplers
  std::unique_ptr<ChainKernel> kernel_;
  const SimulatedAnnealing* annealing_ = nullptr;  // kernel_ when annealing
  std::vector<Rng> rngs_;
  std::vector<ChainState> states_;
  Chains history_x_, history_y_;
  RunningDiagnostics running_x_{0}, running_y_{0};
  std::uint64_t accepted_kept_ = 0, transitions_ = 0;
  std::optional<Stats::Best> best_;
  // rejection / importance
  Rng rng_;
  std::unique_ptr<RejectionSampler> rejection_;
  std::unique_ptr<ImportanceSampler> importance_;
  std::optional<Box> importance_region_;
  double importance_mass_outside_ = 0;
  std::vector<double> iid_x_, iid_y_, log_w_;
  // Rejection: Welford's mean and sum of squared deviations of the accepted draws.
  double iid_mean_[2] = {0, 0}, iid_m2_[2] = {0, 0};
  // Importance: Σ w, Σ w², Σ w·x, Σ w·x² with w = e^(log w − max log w) (rescaled when the
  // maximum grows).
  double max_log_w_ = -std::numeric_limits<double>::infinity();
  CompensatedSum w_sum_, w2_sum_, wx_sum_[2], wxx_sum_[2];
  std::uint64_t proposals_ = 0;
};

}  // namespace sampling::mcmc
