// sampling-cli: the native command-line tool over the same core as the page.
#include <iostream>
#include <string>
#include <vector>

#include "core/cli/commands.hpp"

namespace {
const char* kUsage =
    "usage: sampling-cli <command> [flags]\n"
    "commands:\n"
    "  mcmc   draw from a 2-D target with a classic sampler (sampling-cli mcmc --help)\n"
    "  tokenize  segment lines of text with a unigram model (sampling-cli tokenize --help)\n"
    "  flow   train, sample and evaluate one-step generative models on 2-D data (sampling-cli flow --help)\n"
    "  mlm    masked-LM log-probabilities at each [MASK] of lines of text (sampling-cli mlm --help)\n"
    "  gibbs  text from a masked LM by Gibbs sampling on a template (sampling-cli gibbs --help)\n"
    "  cgmh   sentences that hold given keywords, by Metropolis-Hastings (sampling-cli cgmh --help)\n"
    "  stats  chi-square test, chi-square tails and energy distance on numbers (sampling-cli stats --help)\n"
    "  bench  time the core's hot loops (sampling-cli bench mcmc)\n";
}

int main(int argc, char** argv) {
  std::ios::sync_with_stdio(false);
  if (argc < 2 || std::string(argv[1]) == "--help" || std::string(argv[1]) == "-h") {
    (argc < 2 ? std::cerr : std::cout) << kUsage;
    return argc < 2 ? 2 : 0;
  }
  const std::string command = argv[1];
  const std::vector<std::string> args(argv + 2, argv + argc);
  if (command == "mcmc") return sampling::cli::mcmc_command(args, std::cout, std::cerr);
  if (command == "tokenize") return sampling::cli::tokenize_command(args, std::cin, std::cout, std::cerr);
  if (command == "flow") return sampling::cli::flow_command(args, std::cout, std::cerr);
  if (command == "mlm") return sampling::cli::mlm_command(args, std::cin, std::cout, std::cerr);
  if (command == "gibbs") return sampling::cli::gibbs_command(args, std::cout, std::cerr);
  if (command == "cgmh") return sampling::cli::cgmh_command(args, std::cout, std::cerr);
  if (command == "stats") return sampling::cli::stats_command(args, std::cin, std::cout, std::cerr);
  if (command == "bench") return sampling::cli::bench_command(args, std::cout, std::cerr);
  std::cerr << "sampling-cli: unknown command '" << command << "'\n" << kUsage;
  return 2;
}
