// sampling-cli tokenize: segments each line of stdin with a unigram model.
// For each line and each sample: the pieces separated by single spaces, as spm_encode
// prints them. With --exact: one JSON object per line with every segmentation and its
// exact probability P_α (and the entropy).
#include <cmath>
#include <fstream>
#include <iostream>
#include <sstream>

#include "core/cli/args.hpp"
#include "core/cli/commands.hpp"
#include "core/common/error.hpp"
#include "core/tokenize/tokenizer.hpp"

namespace sampling::cli {
namespace {

const char* kHelp =
    "usage: sampling-cli tokenize --model FILE [--method viterbi|original|perfect|ffbs|nbest]\n"
    "         [--alpha A] [--nbest K] [--samples N] [--seed S] [--output-format piece|id]\n"
    "         [--exact] [--cap C]\n"
    "Reads lines from stdin. FILE is a SentencePiece .model (unigram), a 'word freq [tag]'\n"
    "dictionary or 'piece<TAB>score' lines. For each line and each of N samples writes the\n"
    "pieces separated by spaces. Defaults: --method viterbi --alpha 0.1 --nbest 10\n"
    "--samples 1 --seed 0. alpha follows SentencePiece: 0 = uniform over segmentations.\n"
    "--output-format id writes piece ids instead, as spm_encode --output_format=id.\n"
    "--exact writes one JSON object per line: every segmentation (up to --cap, default\n"
    "10000) with its probability under P_alpha, and the entropy in nats.\n";

void write_exact(tokenize::Tokenizer& t, double alpha, std::uint64_t cap, std::ostream& out) {
  auto& lattice = t.lattice();
  const auto entries = tokenize::exact_distribution(lattice, alpha, cap);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.17g", tokenize::entropy(lattice, alpha));
  out << "{\"normalized\":" << json_string(t.normalized()) << ",\"entropy\":" << buf << ",\"segmentations\":[";
  for (std::size_t i = 0; i < entries.size(); ++i) {
    const auto pieces = tokenize::encode_pieces(t.model(), t.normalized(), entries[i].tokens);
    out << (i ? "," : "") << "{\"pieces\":[";
    for (std::size_t j = 0; j < pieces.size(); ++j) out << (j ? "," : "") << json_string(pieces[j]);
    std::snprintf(buf, sizeof buf, "%.17g", entries[i].probability);
    out << "],\"probability\":" << buf;
    std::snprintf(buf, sizeof buf, "%.9g", entries[i].score);
    out << ",\"score\":" << buf << "}";
  }
  out << "]}\n";
}

}  // namespace

int tokenize_command(const std::vector<std::string>& argv, std::istream& in, std::ostream& out, std::ostream& err) {
  try {
    for (const auto& a : argv)
      if (a == "--help" || a == "-h") {
        out << kHelp;
        return 0;
      }
    const Args args(argv, {"model", "method", "alpha", "nbest", "samples", "seed", "cap", "output-format"}, {"exact"});
    if (!args.has("model")) throw Error("tokenize needs --model FILE (see --help)");
    const auto model = tokenize::UnigramModel::load(read_file(args.text("model", "")));
    const auto method = tokenize::parse_method(args.text("method", "viterbi"));
    const double alpha = args.number("alpha", 0.1);
    tokenize::check_alpha(alpha);
    const std::uint64_t nbest_size = args.count("nbest", 10);
    if (nbest_size < 1 || nbest_size > 10000)
      throw Error("--nbest must be between 1 and 10000, got " + std::to_string(nbest_size));
    const std::uint64_t samples = args.count("samples", 1);
    const std::uint64_t cap = args.count("cap", 10000, tokenize::kMaxExactSegmentations);
    if (cap < 1) throw Error("--cap must be at least 1, got 0");  // checked here, before any line is read
    const std::string format = args.text("output-format", "piece");
    if (format != "piece" && format != "id") throw Error("--output-format must be piece or id, got '" + format + "'");
    std::vector<std::int32_t> ids;
    Rng rng(args.count("seed", 0));
    tokenize::Tokenizer tokenizer(model);
    std::string line;
    std::size_t line_number = 0;
    while (std::getline(in, line)) {
      ++line_number;
      if (!line.empty() && line.back() == '\r') line.pop_back();
      try {
        tokenizer.normalize(line);
      } catch (const Error& e) {
        throw Error("line " + std::to_string(line_number) + ": " + e.what());
      }
      if (args.has("exact")) {
        write_exact(tokenizer, alpha, cap, out);
        continue;
      }
      for (std::uint64_t s = 0; s < samples; ++s) {
        const auto& seg = tokenizer.segment(method, alpha, rng, nbest_size);
        if (format == "piece") {
          out << tokenize::join_pieces(tokenize::encode_pieces(model, tokenizer.normalized(), seg)) << '\n';
          continue;
        }
        ids.clear();
        tokenize::append_encode_ids(model, tokenizer.normalized(), seg, ids);
        for (std::size_t i = 0; i < ids.size(); ++i) out << (i ? " " : "") << ids[i];
        out << '\n';
      }
    }
    return 0;
  } catch (const std::exception& e) {
    err << "sampling-cli tokenize: " << e.what() << '\n';
    return 2;
  }
}

}  // namespace sampling::cli
