// sampling-cli bench: timings of the core's hot loops, run identically by the native
// tool and by the wasm module (tools/bench.mjs compares the two in one run).
// Prints one JSON line.
#include <algorithm>
#include <chrono>
#include <ostream>

#include "core/cli/args.hpp"
#include "core/flow/trainer.hpp"
#include "core/cli/commands.hpp"
#include "core/common/error.hpp"
#include "core/cli/model_dir.hpp"
#include "core/mcmc/mcmc_run.hpp"
#include "core/nn/matmul.hpp"
#include "core/text/gibbs.hpp"

namespace sampling::cli {
namespace {

// Random-walk MH steps per second on one chain, in chunks of 10⁴ steps as the page runs
// them (the draws are kept, as the page keeps them).
void bench_mcmc(const Args& args, std::ostream& out) {
  mcmc::RunOptions o;
  o.target.name = args.text("target", "banana");
  o.sampler = args.text("sampler", "mh");
  o.chains = 1;
  o.seed = args.count("seed", 1);
  // Every draw is kept: more than McmcRun takes ran for seconds, then blamed samples/chains.
  const std::uint64_t steps = args.count("steps", 2'000'000, mcmc::McmcRun::kMaxDraws);
  const int repeats = static_cast<int>(args.count("repeats", 5, 1000));
  if (steps < 1 || repeats < 1) throw Error("bench: --steps and --repeats must be at least 1");
  double best = 0;
  double checksum = 0;
  for (int r = 0; r < repeats; ++r) {
    mcmc::McmcRun run(o);
    constexpr std::uint64_t kChunk = 10000;
    double last_x = 0;
    const auto start = std::chrono::steady_clock::now();
    for (std::uint64_t done = 0; done < steps; done += kChunk) last_x = run.run(std::min(kChunk, steps - done)).x.back();
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    checksum += last_x;
    best = std::max(best, steps / seconds);
  }
  out << "{\"bench\":\"mcmc\",\"target\":\"" << o.target.name << "\",\"sampler\":\"" << o.sampler
      << "\",\"steps\":" << steps << ",\"steps_per_s\":" << best << ",\"checksum\":" << checksum << "}\n";
}

// Training steps per second of one flow method (default MeanFlow, MLP 3 × 128, batch 256).
void bench_flow(const Args& args, std::ostream& out) {
  flow::TrainConfig config;
  config.method = flow::parse_method(args.text("method", "meanflow"));
  config.batch = static_cast<int>(args.count("batch", 256, 65536));
  const std::uint64_t steps = args.count("steps", 300, kMaxFlowSteps);
  const int repeats = static_cast<int>(args.count("repeats", 3, 1000));
  if (steps < 1 || repeats < 1) throw Error("bench: --steps and --repeats must be at least 1");
  config.objective.total_steps = steps;
  double best = 0;
  for (int r = 0; r < repeats; ++r) {
    flow::Trainer trainer(config, flow::make_dataset("8gaussians"));
    trainer.train(10);  // warm-up: buffers sized, caches filled
    const auto start = std::chrono::steady_clock::now();
    trainer.train(steps);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    best = std::max(best, steps / seconds);
  }
  out << "{\"bench\":\"flow\",\"method\":\"" << flow::method_name(config.method) << "\",\"batch\":" << config.batch
      << ",\"steps_per_s\":" << best << "}\n";
}

// The float kernels' arithmetic peak (core/nn/matmul's kernel_peak_gflops): the ceiling
// the GFLOP/s of `bench flow` are measured against.
void bench_peak(const Args& args, std::ostream& out) {
  const double seconds = args.number("seconds", 0.2);
  if (!(seconds > 0 && seconds <= 60)) throw Error("bench: --seconds must be in (0, 60], got " + show(seconds));
  out << "{\"bench\":\"peak\",\"gflops\":" << nn::kernel_peak_gflops(seconds) << "}\n";
}

}  // namespace

// Gibbs steps per second on one chain (random order, T = 1, every samplable token,
// from all [MASK]): one forward pass of the sequence and one head row per step, the work
// the Gibbs lab does. Rounds are the caller's (tools/bench.mjs alternates competitors).
void bench_gibbs(text::MaskedLm& lm, const Args& args, std::uint64_t steps, std::ostream& out) {
  text::GibbsOptions o;
  o.pattern = text::template_preset(args.text("template", "七言絕句"));
  o.top_k = 0;
  o.burn_in = 0;
  o.seed = args.count("seed", 1);
  if (steps < 1) throw Error("bench: --steps must be at least 1");
  text::GibbsRun run(lm, o);
  run.run(5, nullptr);  // warm-up: buffers sized for the sequence length
  const auto start = std::chrono::steady_clock::now();
  run.run(steps, nullptr);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  out << "{\"bench\":\"gibbs\",\"length\":" << run.layout().ids.size() + 2 << ",\"steps\":" << steps
      << ",\"steps_per_s\":" << steps / seconds << ",\"text\":" << json_string(run.text(0)) << "}\n";
}

double tokenize_pass_seconds(const tokenize::UnigramModel& model, const std::vector<std::string>& lines,
                             tokenize::Method method, double alpha, int repeats) {
  tokenize::Tokenizer tokenizer(model);
  Rng rng(1);
  double best = 1e300;
  std::size_t pieces = 0;
  for (int r = 0; r < repeats; ++r) {
    const auto start = std::chrono::steady_clock::now();
    for (const auto& line : lines) {
      tokenizer.normalize(line);
      pieces += tokenizer.segment(method, alpha, rng).size();
    }
    best = std::min(best, std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  }
  if (pieces == 0 && !lines.empty()) throw Error("bench: no pieces produced");
  return best;
}

int bench_command(const std::vector<std::string>& argv, std::ostream& out, std::ostream& err) {
  try {
    const std::vector<std::string> rest(argv.empty() ? argv.end() : argv.begin() + 1, argv.end());
    if (!argv.empty() && argv[0] == "mcmc") {
      bench_mcmc(Args(rest, {"target", "sampler", "steps", "repeats", "seed"}), out);
      return 0;
    }
    if (!argv.empty() && argv[0] == "flow") {
      bench_flow(Args(rest, {"method", "batch", "steps", "repeats"}), out);
      return 0;
    }
    if (!argv.empty() && argv[0] == "peak") {
      bench_peak(Args(rest, {"seconds"}), out);
      return 0;
    }
    if (!argv.empty() && argv[0] == "gibbs") {
      const Args args(rest, {"model", "template", "steps", "seed"});
      if (!args.has("model")) throw Error("bench gibbs needs --model DIR");
      // Checked before the model is loaded.
      const std::uint64_t steps = args.count("steps", 200, kMaxTextSteps);
      bench_gibbs(*load_model_dir(args.text("model", "")), args, steps, out);
      return 0;
    }
    throw Error("usage: sampling-cli bench mcmc [--target T] [--steps N] [--repeats R] | bench flow [--method M] [--steps N] | bench peak [--seconds S] | bench gibbs --model DIR [--steps N]");
  } catch (const std::exception& e) {
    err << "sampling-cli bench: " << e.what() << '\n';
    return 2;
  }
}

}  // namespace sampling::cli
