// The command-line tool's argument checks, through the commands themselves.
#include <doctest/doctest.h>

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
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
  // --steps had no limit: 2^64 − 1 flow or gibbs steps ran until killed, and mcmc ran its
  // 3·10^7 steps for seconds before the run refused that many draws.
  std::tie(code, message) = bench({"flow", "--steps", "18446744073709551615", "--repeats", "1", "--batch", "1"});
  CHECK(code == 2);
  CHECK(message.find("--steps must be at most 100000000, got 18446744073709551615") != std::string::npos);
  std::tie(code, message) = bench({"gibbs", "--model", "/nowhere", "--steps", "18446744073709551615"});
  CHECK(code == 2);
  CHECK(message.find("--steps must be at most 10000000, got 18446744073709551615") != std::string::npos);
  std::tie(code, message) = bench({"mcmc", "--steps", "30000000", "--repeats", "1"});
  CHECK(code == 2);
  CHECK(message.find("--steps must be at most 20000000, got 30000000") != std::string::npos);
  std::ostringstream out, err;
  CHECK(cli::flow_command({"train", "--method", "fm", "--data", "moons", "--steps", "1", "--batch", "99999999999", "--out", "x"}, out, err) == 2);
  CHECK(err.str().find("--batch must be at most 65536, got 99999999999") != std::string::npos);
}

TEST_CASE("command-line ranges name the value given, and tokenize checks --cap before reading a line") {
  std::ostringstream out, err;
  CHECK(cli::mcmc_command({"--target", "banana", "--sampler", "mh", "--chains", "65"}, out, err) == 2);
  CHECK(err.str().find("--chains must be between 1 and 64, got 65") != std::string::npos);
  err.str("");
  CHECK(cli::flow_command({"train", "--method", "fm", "--steps", "0"}, out, err) == 2);
  CHECK(err.str().find("--steps must be between 1 and 10^8, got 0") != std::string::npos);
  const std::string model = (std::filesystem::temp_directory_path() /
                             ("cli_args_test_" + std::to_string(reinterpret_cast<std::uintptr_t>(&out)) + ".vocab"))
                                .string();
  std::ofstream(model) << "a\t-1\nb\t-2\n";
  const auto tokenize = [&](std::vector<std::string> argv, const std::string& input) {
    std::istringstream in(input);
    err.str("");
    argv.insert(argv.begin(), {"--model", model});
    return cli::tokenize_command(argv, in, out, err);
  };
  CHECK(tokenize({"--method", "nbest", "--nbest", "10001"}, "ab\n") == 2);
  CHECK(err.str().find("--nbest must be between 1 and 10000, got 10001") != std::string::npos);
  CHECK(tokenize({"--exact", "--cap", "0"}, "") == 2);  // no line: the cap was never checked
  CHECK(err.str().find("--cap must be at least 1, got 0") != std::string::npos);
  CHECK(tokenize({"--cap", "1000001"}, "") == 2);
  CHECK(err.str().find("--cap must be at most 1000000, got 1000001") != std::string::npos);
  CHECK(tokenize({"--exact", "--cap", "3"}, "ab\n") == 0);
  std::remove(model.c_str());
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
  // Out of a double's range: strtod made these inf and 0, and the message said "got inf".
  std::tie(code, message) = mcmc(with({"--step-size", "1e400"}));
  CHECK(code == 2);
  CHECK(message.find("--step-size: '1e400' is beyond the range of a double") != std::string::npos);
  std::tie(code, message) = mcmc(with({"--step-size", "1e-400"}));
  CHECK(code == 2);
  CHECK(message.find("--step-size: '1e-400' is too small for a double") != std::string::npos);
  CHECK(mcmc(with({"--seed", "18446744073709551615"})).first == 0);
  // The value in a message reads back as the number given: %.6g printed 10000.
  std::tie(code, message) = mcmc({"--target", "banana", "--sampler", "mh", "--n", "2", "--step-size", "10000.01"});
  CHECK(code == 2);
  CHECK(message.find("got 10000.01") != std::string::npos);
  std::tie(code, message) = mcmc(with({"--seed", "18446744073709551616"}));
  CHECK(code == 2);
  CHECK(message.find("--seed must be below 2^64") != std::string::npos);
}
