// sampling-cli stats: the core's statistics (core/stats) on numbers read from stdin, one
// problem per line, one JSON object per line out. The page and the benchmarks use the
// same functions through the wasm module; tests/conformance/stats.test.mjs compares all
// three with SciPy.
#include <cmath>
#include <cstdio>
#include <istream>
#include <ostream>
#include <sstream>
#include <string>
#include <vector>

#include "core/cli/args.hpp"
#include "core/cli/commands.hpp"
#include "core/common/decimal.hpp"
#include "core/common/error.hpp"
#include "core/stats/energy_distance.hpp"
#include "core/stats/gamma.hpp"
#include "core/stats/goodness_of_fit.hpp"

namespace sampling::cli {
namespace {

const char* kHelp =
    "usage: sampling-cli stats chi-square [--min-expected E]\n"
    "       sampling-cli stats survival\n"
    "       sampling-cli stats energy-distance\n"
    "Reads one problem per line from stdin and writes one JSON object per line.\n"
    "  chi-square: 'O1 O2 … | P1 P2 … [| EXTRA]': counts, category probabilities\n"
    "    (normalized to sum 1) and optionally a count of draws outside the list. Pearson's\n"
    "    test with cells of expected count < E (default 5) pooled; prints statistic, df,\n"
    "    p, log_p (natural log, finite far below 1e-300), cells, n, the total-variation\n"
    "    distance tv and the TV an exact sampler's n draws have on average (expected_tv).\n"
    "  survival: 'X DF': P(χ²_DF ≥ X) as p and log_p.\n"
    "  energy-distance: 'x y x y … | x y x y …': two 2-D point sets; prints\n"
    "    energy_distance (U-statistics, about 0 for one law).\n"
    "Numbers that JSON cannot hold (∞, NaN) are printed as null.\n";

std::string num(double v) {
  if (!std::isfinite(v)) return "null";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.17g", v);
  return buf;
}

std::vector<std::string> split_bars(const std::string& line) {
  std::vector<std::string> parts(1);
  for (char c : line) {
    if (c == '|') parts.emplace_back();
    else parts.back() += c == ',' ? ' ' : c;
  }
  return parts;
}

std::vector<double> numbers(const std::string& text, const char* what) {
  std::istringstream in(text);
  std::vector<double> out;
  std::string word;
  while (in >> word) out.push_back(parse_decimal(word, what, std::string(what) + ": '" + word + "' is not a number"));
  return out;
}

std::string chi_square_line(const std::string& line, double min_expected) {
  const auto parts = split_bars(line);
  if (parts.size() < 2 || parts.size() > 3) throw Error("chi-square needs 'counts | probabilities [| extra]'");
  const auto observed = numbers(parts[0], "counts");
  const auto probabilities = numbers(parts[1], "probabilities");
  double extra = 0;
  if (parts.size() == 3) {
    const auto e = numbers(parts[2], "extra");
    if (e.size() != 1) throw Error("extra: one count");
    extra = e[0];
  }
  const auto r = stats::chi_square_test(observed, probabilities, min_expected, extra);
  const std::vector<double> normalized = stats::normalized_probabilities(probabilities, "chi-square");
  const double tv = r.n > 0 ? stats::total_variation(observed, normalized, extra) : NAN;
  const double expected_tv =
      r.n >= 1 && std::floor(r.n) == r.n ? stats::expected_total_variation(normalized, r.n) : NAN;
  return "{\"statistic\":" + num(r.statistic) + ",\"df\":" + std::to_string(r.df) + ",\"p\":" + num(r.p_value) +
         ",\"log_p\":" + num(r.log_p_value) + ",\"cells\":" + std::to_string(r.cells) + ",\"n\":" + num(r.n) +
         ",\"tv\":" + num(tv) + ",\"expected_tv\":" + num(expected_tv) + "}";
}

std::string survival_line(const std::string& line) {
  const auto v = numbers(line, "survival");
  if (v.size() != 2) throw Error("survival needs 'X DF'");
  return "{\"p\":" + num(stats::chi_square_survival(v[0], v[1])) +
         ",\"log_p\":" + num(stats::log_chi_square_survival(v[0], v[1])) + "}";
}

std::string energy_line(const std::string& line) {
  const auto parts = split_bars(line);
  if (parts.size() != 2) throw Error("energy-distance needs 'x y … | x y …'");
  const auto a = numbers(parts[0], "first set"), b = numbers(parts[1], "second set");
  return "{\"energy_distance\":" + num(stats::energy_distance(a.data(), a.size(), b.data(), b.size())) + "}";
}

}  // namespace

int stats_command(const std::vector<std::string>& argv, std::istream& in, std::ostream& out, std::ostream& err) {
  try {
    for (const auto& a : argv)
      if (a == "--help" || a == "-h") {
        out << kHelp;
        return 0;
      }
    if (argv.empty()) throw Error("stats needs a statistic: chi-square, survival or energy-distance (see --help)");
    const std::string what = argv[0];
    const Args args(std::vector<std::string>(argv.begin() + 1, argv.end()), {"min-expected"});
    if (what != "chi-square" && args.has("min-expected")) throw Error("--min-expected is a flag of stats chi-square");
    if (what != "chi-square" && what != "survival" && what != "energy-distance")
      throw Error("unknown statistic '" + what + "' (chi-square, survival or energy-distance)");
    const double min_expected = args.number("min-expected", 5);
    std::string line;
    std::size_t line_number = 0;
    while (std::getline(in, line)) {
      ++line_number;
      if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
      try {
        out << (what == "chi-square" ? chi_square_line(line, min_expected)
                : what == "survival" ? survival_line(line)
                                     : energy_line(line))
            << '\n';
      } catch (const Error& e) {
        throw Error("line " + std::to_string(line_number) + ": " + e.what());
      }
    }
    return 0;
  } catch (const std::exception& e) {
    err << "sampling-cli stats: " << e.what() << '\n';
    return 2;
  }
}

}  // namespace sampling::cli
