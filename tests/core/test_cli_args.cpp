// The command-line tool's argument checks, through the commands themselves.
#include <doctest/doctest.h>

#include <sstream>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "core/cli/commands.hpp"

using namespace sampling;

TEST_CASE("command-line counts above their limit are refused with the value as typed, not a clamped one") {
  const auto bench = [](std::vector<std::string> argv) {
    std::ostringstream out, err;
    const int code = cli::bench_command(argv, out, err);
    return std::make_pair(code, err.str());
  };
  auto [code, message] = bench({"flow", "--batch", "4294967297"});  // 2^32 + 1: once taken as batch 1
  CHECK(code == 2);
  CHECK(message.find("--batch must be at most 65536, got 4294967297") != std::string::npos);
  std::tie(code, message) = bench({"flow", "--repeats", "0"});  // printed steps_per_s 0
  CHECK(code == 2);
  CHECK(message.find("--repeats must be at least 1") != std::string::npos);
  std::tie(code, message) = bench({"mcmc", "--repeats", "99999999999"});
  CHECK(code == 2);
  CHECK(message.find("--repeats must be at most 1000, got 99999999999") != std::string::npos);
  std::ostringstream out, err;
  CHECK(cli::flow_command({"train", "--method", "fm", "--data", "moons", "--steps", "1", "--batch", "99999999999", "--out", "x"}, out, err) == 2);
  CHECK(err.str().find("--batch must be at most 65536, got 99999999999") != std::string::npos);
}

TEST_CASE("command-line flags: a flag given twice, numbers as typed, seeds up to 2^64 − 1") {
  const auto mcmc = [](std::vector<std::string> argv) {
    std::ostringstream out, err;
    const int code = cli::mcmc_command(argv, out, err);
    return std::make_pair(code, err.str());
  };
  const std::vector<std::string> base = {"--target", "gaussian", "--sampler", "mh", "--n", "2"};
  const auto with = [&](std::vector<std::string> more) {
    std::vector<std::string> argv = base;
    argv.insert(argv.end(), more.begin(), more.end());
    return argv;
  };
  auto [code, message] = mcmc(with({"--n", "3"}));  // the last one was taken silently
  CHECK(code == 2);
  CHECK(message.find("flag --n is given twice") != std::string::npos);
  for (const char* bad : {" 5", "0x10", "0x1p3", "5 "}) {
    std::tie(code, message) = mcmc(with({"--step-size", bad}));
    CHECK(code == 2);
    CHECK(message.find(std::string("--step-size needs a number, got '") + bad + "'") != std::string::npos);
  }
  CHECK(mcmc(with({"--step-size", "1.5e-1"})).first == 0);
  CHECK(mcmc(with({"--seed", "18446744073709551615"})).first == 0);
  std::tie(code, message) = mcmc(with({"--seed", "18446744073709551616"}));
  CHECK(code == 2);
  CHECK(message.find("--seed must be below 2^64") != std::string::npos);
}
