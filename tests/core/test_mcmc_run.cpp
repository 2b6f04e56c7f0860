// McmcRun: reproducibility, chunking, option checks; the mcmc subcommand's output.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <sstream>

#include "core/cli/commands.hpp"
#include "core/common/error.hpp"
#include "core/mcmc/mcmc_run.hpp"

using namespace sampling::mcmc;

namespace {
RunOptions options(const std::string& target, const std::string& sampler, std::uint64_t seed = 1) {
  RunOptions o;
  o.target.name = target, o.sampler = sampler, o.seed = seed, o.burn_in = 10;
  return o;
}
}  // namespace

TEST_CASE("the same seed gives the same draws, cut into chunks or not") {
  for (const auto& sampler : sampler_names()) {
    McmcRun whole(options("banana", sampler)), parts(options("banana", sampler));
    const Chunk a = whole.run(300);
    std::vector<double> xs;
    if (sampler == "rejection") {
      for (int i = 0; i < 3; ++i) {
        const Chunk c = parts.run(100);
        xs.insert(xs.end(), c.x.begin(), c.x.end());
      }
      CHECK(xs == a.x);
      continue;
    }
    std::vector<std::vector<double>> per_chain(a.chains);
    for (int i = 0; i < 3; ++i) {
      const Chunk c = parts.run(100);
      for (int ch = 0; ch < c.chains; ++ch)
        per_chain[ch].insert(per_chain[ch].end(), c.x.begin() + ch * 100, c.x.begin() + (ch + 1) * 100);
    }
    for (int ch = 0; ch < a.chains; ++ch) {
      INFO(sampler, " chain ", ch);
      CHECK(std::vector<double>(a.x.begin() + ch * 300, a.x.begin() + (ch + 1) * 300) == per_chain[ch]);
    }
    McmcRun other(options("banana", sampler, 2));
    CHECK(other.run(300).x != a.x);
  }
}

TEST_CASE("bad options are refused with a message naming the problem") {
  auto bad = [](RunOptions o, const char* fragment) {
    INFO(fragment);
    CHECK_THROWS_WITH_AS(McmcRun{o}, doctest::Contains(fragment), sampling::Error);
  };
  RunOptions o = options("banana", "mh");
  o.step_size = -1;
  bad(o, "step size must be a positive finite number");
  o.step_size = INFINITY;
  bad(o, "step size");
  o = options("banana", "mh"), o.chains = 0;
  bad(o, "chains must be between 1 and 64");
  bad(options("banana", "nuts"), "unknown sampler 'nuts'");
  bad(options("pretzel", "mh"), "unknown target 'pretzel'");
  bad(options("drawn", "mh"), "draw at least one point");
  o = options("banana", "annealing"), o.t_end = 50;
  bad(o, "final temperature");
  o = options("banana", "annealing"), o.schedule = "linear";
  bad(o, "unknown schedule 'linear'");
  o = options("banana", "hmc"), o.leapfrog_steps = 0;
  bad(o, "leapfrog steps");
  o = options("banana", "rejection"), o.bound = 1.0;
  bad(o, "is too small");
  o = options("banana", "importance"), o.proposal = "cauchy";
  bad(o, "unknown proposal 'cauchy'");
  McmcRun ok(options("banana", "mh"));
  CHECK_THROWS_WITH_AS(ok.run(0), doctest::Contains("at least 1"), sampling::Error);
  CHECK_THROWS_WITH_AS(ok.run(McmcRun::kMaxDraws), doctest::Contains("at most"), sampling::Error);
  CHECK(ok.run(5).x.size() == 20);  // still usable after the refusal
}

TEST_CASE("a NaN step size is refused, not silently replaced by the default") {
  // NaN means "use the default" only when no value was given: the binding and the
  // command line check explicit NaN themselves; here the core rejects non-finite values.
  RunOptions o = options("banana", "mh");
  o.step_size = -INFINITY;
  CHECK_THROWS_AS(McmcRun{o}, sampling::Error);
}

TEST_CASE("the mcmc subcommand writes n lines per chain and one JSON line of statistics") {
  std::ostringstream out, err;
  const int code = sampling::cli::mcmc_command(
      {"--target", "banana", "--sampler", "mh", "--n", "50", "--chains", "2", "--seed", "9"}, out, err);
  CHECK(code == 0);
  std::istringstream lines(out.str());
  std::string line;
  int count = 0;
  while (std::getline(lines, line)) {
    ++count;
    CHECK(line.find(',') != std::string::npos);
  }
  CHECK(count == 100);
  CHECK(err.str().rfind("{\"target\":\"banana\",\"sampler\":\"mh\",\"n\":100,", 0) == 0);

  std::ostringstream out2, err2;
  CHECK(sampling::cli::mcmc_command({"--target", "mixture", "--sampler", "importance", "--n", "200"}, out2, err2) == 0);
  std::istringstream l2(out2.str());
  double wsum = 0;
  while (std::getline(l2, line)) wsum += std::stod(line.substr(line.rfind(',') + 1));
  CHECK(wsum == doctest::Approx(1.0).epsilon(1e-9));

  std::ostringstream out3, err3;
  CHECK(sampling::cli::mcmc_command({"--target", "mixture", "--sampler", "rejection", "--n", "77"}, out3, err3) == 0);
  const std::string text3 = out3.str();
  CHECK(std::count(text3.begin(), text3.end(), '\n') == 77);

  std::ostringstream out4, err4;
  CHECK(sampling::cli::mcmc_command({"--target", "banana", "--sampler", "mh", "--step-size", "-2"}, out4, err4) == 2);
  CHECK(err4.str().find("step size must be a positive finite number") != std::string::npos);
  std::ostringstream out5, err5;
  CHECK(sampling::cli::mcmc_command({"--target", "banana", "--sampler", "mh", "--n", "x"}, out5, err5) == 2);
  CHECK(err5.str().find("--n needs a non-negative integer") != std::string::npos);
}

TEST_CASE("the mcmc subcommand states the region rejection draws from and the mass outside it") {
  const auto stats_of = [](std::vector<std::string> args) {
    std::ostringstream out, err;
    args.insert(args.begin(), {"--target", "funnel", "--n", "5", "--seed", "3"});
    REQUIRE(sampling::cli::mcmc_command(args, out, err) == 0);
    return err.str();
  };
  // The picture's box leaves out 5.4 % of the funnel: P(outside) by the 1-D integral
  // ∫ N(y; 0, 9) P(|x| > 10 | y) dy plus P(y ∉ [−8, 7]) (see test_mcmc_targets.cpp).
  for (const char* proposal : {"uniform", "gaussian"}) {
    const std::string s = stats_of({"--sampler", "rejection", "--proposal", proposal});
    INFO(s);
    CHECK(s.find("\"region\":{\"xmin\":-10,\"xmax\":10,\"ymin\":-8,\"ymax\":7},\"mass_outside\":0.0538") != std::string::npos);
  }
  const std::string imp = stats_of({"--sampler", "importance", "--proposal", "uniform"});
  CHECK(imp.find("\"mass_outside\":0.0538") != std::string::npos);
  // The default (student) covers the funnel: the region is the covering box.
  const std::string st = stats_of({"--sampler", "rejection"});
  INFO(st);
  CHECK(st.find("\"ymin\":-36,\"ymax\":36},\"mass_outside\":7.10593e-33") != std::string::npos);
  CHECK(stats_of({"--sampler", "importance"}).find("region") == std::string::npos);  // q has full support
}

TEST_CASE("mcmc run: a count whose product with the chains wraps around 2^64 is refused as too many draws") {
  RunOptions o;
  o.target.name = "gaussian";
  o.sampler = "mh";
  o.chains = 64;
  McmcRun run(o);
  CHECK_THROWS_WITH_AS(run.run(std::uint64_t{1} << 58), doctest::Contains("mcmc: a run keeps at most 20000000 draws"),
                       sampling::Error);
  CHECK(run.run(3).x.size() == 192);
}

TEST_CASE("the mcmc subcommand stops with an error when rejection sampling accepts nothing (a hopeless bound)") {
  std::ostringstream out, err;
  CHECK(sampling::cli::mcmc_command({"--target", "gaussian", "--sampler", "rejection", "--bound", "1e300", "--n", "10"},
                                    out, err) == 2);
  CHECK(err.str().find("rejection sampling accepted none of") != std::string::npos);
  CHECK(err.str().find("--bound") != std::string::npos);
  std::ostringstream out2, err2;
  CHECK(sampling::cli::mcmc_command({"--target", "gaussian", "--sampler", "rejection", "--n", "10"}, out2, err2) == 0);
}

TEST_CASE("the mcmc subcommand lists only the targets it takes (drawn needs the page's points)") {
  std::ostringstream out, err;
  CHECK(sampling::cli::mcmc_command({"--target", "xx", "--sampler", "mh"}, out, err) == 2);
  CHECK(err.str().find("unknown target 'xx': use gaussian, mixture, banana, donut or funnel\n") != std::string::npos);
  std::ostringstream out2, err2;
  CHECK(sampling::cli::mcmc_command({"--target", "drawn", "--sampler", "mh"}, out2, err2) == 2);
  CHECK(err2.str().find("exists on the page only") != std::string::npos);
}
