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
