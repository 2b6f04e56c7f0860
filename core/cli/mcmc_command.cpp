// sampling-cli mcmc: draws from a 2-D target with one of the classic samplers.
// stdout: one "x,y" line per kept draw (chain by chain), or "x,y,w" with normalized
//         weights for importance sampling. stderr: one JSON line of statistics.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <ostream>
#include <string>
#include <vector>

#include "core/cli/args.hpp"
#include "core/cli/commands.hpp"
#include "core/common/error.hpp"
#include "core/mcmc/mcmc_run.hpp"
#include "core/mcmc/target.hpp"

namespace sampling::cli {
namespace {

const char* kHelp =
    "usage: sampling-cli mcmc --target mixture|banana|donut|funnel|gaussian\n"
    "         --sampler rejection|importance|mh|gibbs|annealing|mala|hmc\n"
    "         [--n N] [--seed S] [--step-size X] [--chains C] [--burn-in B]\n"
    "         [--leapfrog-steps L] [--schedule geometric|logarithmic] [--t0 T] [--t-end T]\n"
    "         [--steps N] [--proposal student|gaussian|uniform] [--bound M]\n"
    "Writes N kept draws per chain as x,y lines (chain after chain; importance: x,y,w\n"
    "with normalized weights) to stdout and one JSON line of statistics to stderr.\n"
    "Defaults: --n 1000 --seed 0 --chains 4 --burn-in 0 --proposal student; step size per\n"
    "sampler (mh 1, mala 0.3, hmc 0.2, annealing 0.5).\n"
    "Rejection (and importance with --proposal uniform) draw from the target restricted to\n"
    "a region: the statistics give it as \"region\" with the target mass outside it as\n"
    "\"mass_outside\" (at most 1e-30 where the proposal's tails cover the target's).\n"
    "Beside the estimates: \"mean_se\" (standard error of each mean, sqrt(variance/ESS)) and\n"
    "the target's exact \"true_mean\" and \"true_variance\"; \"acceptance_rate\" is null for\n"
    "importance sampling, which weights every draw instead.\n";

std::string fmt(double v, const char* format = "%.17g") {
  if (std::isnan(v)) return "null";
  if (std::isinf(v)) return v > 0 ? "1e999" : "-1e999";
  char buf[40];
  std::snprintf(buf, sizeof buf, format, v);
  return buf;
}

std::string pair(double a, double b) { return "[" + fmt(a, "%.6g") + "," + fmt(b, "%.6g") + "]"; }

void write_stats(const mcmc::Stats& s, std::ostream& err) {
  err << "{\"target\":\"" << s.target << "\",\"sampler\":\"" << s.sampler << "\",\"n\":" << s.n
      << ",\"proposals\":" << s.proposals << ",\"acceptance_rate\":" << (s.acceptance_rate ? fmt(*s.acceptance_rate, "%.6g") : "null")
      << ",\"mean\":" << pair(s.mean[0], s.mean[1]) << ",\"variance\":" << pair(s.variance[0], s.variance[1])
      << ",\"ess\":" << pair(s.ess[0], s.ess[1]) << ",\"mean_se\":" << pair(s.mean_se[0], s.mean_se[1])
      << ",\"true_mean\":" << pair(s.truth.mean.x, s.truth.mean.y)
      << ",\"true_variance\":" << pair(s.truth.variance.x, s.truth.variance.y)
      << ",\"rhat\":" << (s.rhat ? pair(s.rhat->first, s.rhat->second) : "null");
  if (s.log_bound) err << ",\"log_bound\":" << fmt(*s.log_bound, "%.6g") << ",\"bound_violations\":" << s.bound_violations;
  if (s.region)
    err << ",\"region\":{\"xmin\":" << fmt(s.region->xmin, "%.6g") << ",\"xmax\":" << fmt(s.region->xmax, "%.6g")
        << ",\"ymin\":" << fmt(s.region->ymin, "%.6g") << ",\"ymax\":" << fmt(s.region->ymax, "%.6g")
        << "},\"mass_outside\":" << fmt(s.mass_outside, "%.6g");
  if (s.best)
    err << ",\"best\":{\"x\":" << fmt(s.best->x, "%.6g") << ",\"y\":" << fmt(s.best->y, "%.6g")
        << ",\"log_density\":" << fmt(s.best->log_density, "%.6g") << "}";
  err << "}\n";
}

}  // namespace

int mcmc_command(const std::vector<std::string>& argv, std::ostream& out, std::ostream& err) {
  try {
    for (const auto& a : argv)
      if (a == "--help" || a == "-h") {
        out << kHelp;
        return 0;
      }
    const Args args(argv, {"target", "sampler", "n", "seed", "step-size", "chains", "burn-in", "leapfrog-steps",
                           "schedule", "t0", "t-end", "steps", "proposal", "bound"});
    if (!args.has("target") || !args.has("sampler")) throw Error("mcmc needs --target and --sampler (see --help)");
    mcmc::RunOptions o;
    o.target.name = args.text("target", "");
    // The core's list without "drawn", which needs points drawn on the page.
    if (o.target.name == "drawn") throw Error("the drawn target exists on the page only; pick another --target");
    std::vector<std::string> targets;
    for (const auto& name : mcmc::target_names())
      if (name != "drawn") targets.push_back(name);
    if (std::find(targets.begin(), targets.end(), o.target.name) == targets.end()) {
      std::string list;
      for (std::size_t i = 0; i < targets.size(); ++i)
        list += (i == 0 ? "" : i + 1 == targets.size() ? " or " : ", ") + targets[i];
      throw Error("unknown target '" + o.target.name + "': use " + list);
    }
    o.sampler = args.text("sampler", "");
    o.seed = args.count("seed", 0);
    const std::uint64_t chains = args.count("chains", 4);
    if (chains < 1 || chains > 64) throw Error("--chains must be between 1 and 64, got " + std::to_string(chains));
    o.chains = static_cast<int>(chains);
    o.step_size = args.number("step-size", o.step_size);
    if (args.has("step-size") && std::isnan(o.step_size)) throw Error("--step-size must be a positive number, got NaN");
    o.burn_in = args.count("burn-in", 0);
    o.leapfrog_steps = static_cast<int>(args.count("leapfrog-steps", 10, 1u << 30));
    o.schedule = args.text("schedule", o.schedule);
    o.t0 = args.number("t0", o.t0);
    o.t_end = args.number("t-end", o.t_end);
    o.steps = args.count("steps", o.steps);
    o.proposal = args.text("proposal", o.proposal);
    if (args.has("bound")) o.bound = args.number("bound", 0);
    const std::uint64_t n = args.count("n", 1000);

    mcmc::McmcRun run(o);
    if (o.sampler == "rejection") {
      std::uint64_t printed = 0;
      while (printed < n) {
        const auto chunk = run.run(n - printed);
        const std::uint64_t before = printed;
        for (std::size_t i = 0; i < chunk.x.size(); ++i)
          if (chunk.accepted[i]) out << fmt(chunk.x[i]) << ',' << fmt(chunk.y[i]) << '\n', ++printed;
        // A call makes at least 10^6 proposals: none accepted means an acceptance rate so
        // small that asking again would run for ever.
        if (printed == before)
          throw Error("mcmc: rejection sampling accepted none of " + std::to_string(chunk.x.size()) +
                      " proposals; the bound M makes acceptance too rare (use --bound near the largest p/q)");
      }
    } else if (o.sampler == "importance") {
      const auto chunk = run.run(n);
      const auto w = run.normalized_weights();
      for (std::size_t i = 0; i < chunk.x.size(); ++i)
        out << fmt(chunk.x[i]) << ',' << fmt(chunk.y[i]) << ',' << fmt(w[i]) << '\n';
    } else {
      const auto chunk = run.run(n);
      for (std::size_t i = 0; i < chunk.x.size(); ++i) out << fmt(chunk.x[i]) << ',' << fmt(chunk.y[i]) << '\n';
    }
    write_stats(run.stats(), err);
    return 0;
  } catch (const std::exception& e) {
    err << "sampling-cli mcmc: " << e.what() << '\n';
    return 2;
  }
}

}  // namespace sampling::cli
