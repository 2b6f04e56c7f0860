// sampling-cli mlm: the masked LM's log-probabilities at every [MASK] of each line of
// stdin, one JSON object per line:
//   {"ids": [...], "masked": [{"index": i, "logprobs": [...]}, ...]}      (--top 0)
//   {"ids": [...], "masked": [{"index": i, "top": [[id, logprob], ...]}]} (--top K)
// ids are the line's token ids with [CLS] and [SEP]; index counts in them. Log-probs
// are log_softmax of the logits, in double.
#include <algorithm>
#include <cstdio>
#include <istream>
#include <numeric>
#include <ostream>
#include <string>
#include <vector>

#include "core/cli/args.hpp"
#include "core/cli/commands.hpp"
#include "core/common/error.hpp"
#include "core/common/logsumexp.hpp"
#include "core/cli/model_dir.hpp"

namespace sampling::cli {
namespace {

const char* kHelp =
    "usage: sampling-cli mlm --model DIR [--top K]\n"
    "DIR holds a Hugging Face BertForMaskedLM: config.json, vocab.txt, model.safetensors\n"
    "(F32, F16 or BF16). Reads lines of text with [MASK] from stdin and writes one JSON\n"
    "object per line: {\"ids\": [...], \"masked\": [{\"index\": i, \"logprobs\": [...]}]}.\n"
    "ids include [CLS] and [SEP] and index counts in them. With --top K (K > 0) each mask\n"
    "gets \"top\": [[id, logprob], ...], the K most probable tokens, best first, instead of\n"
    "every log-prob in id order. Default: --top 0.\n";

void append_number(double v, std::string& out) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.9g", v);
  out += buf;
}

}  // namespace

int mlm_command(const std::vector<std::string>& argv, std::istream& in, std::ostream& out, std::ostream& err) {
  try {
    for (const auto& a : argv)
      if (a == "--help" || a == "-h") {
        out << kHelp;
        return 0;
      }
    const Args args(argv, {"model", "top"});
    if (!args.has("model")) throw Error("mlm needs --model DIR (see --help)");
    const std::uint64_t top = args.count("top", 0);
    const auto lm = load_model_dir(args.text("model", ""));
    const std::size_t vocab = static_cast<std::size_t>(lm->vocab_size());
    const std::size_t k = std::min<std::uint64_t>(top, vocab);
    std::string line, text;
    std::vector<float> logits;
    std::vector<double> logprobs(vocab);
    std::vector<std::int32_t> order(vocab);
    for (std::size_t line_number = 1; std::getline(in, line); ++line_number) {
      std::vector<std::int32_t> ids;
      std::vector<int> rows;
      try {
        ids.push_back(lm->cls_id());
        for (const std::int32_t id : lm->encode(line)) ids.push_back(id);
        ids.push_back(lm->sep_id());
        for (std::size_t i = 0; i < ids.size(); ++i)
          if (ids[i] == lm->mask_id()) rows.push_back(static_cast<int>(i));
        if (ids.size() > static_cast<std::size_t>(lm->max_length()))
          throw Error(std::to_string(ids.size()) + " tokens with [CLS] and [SEP], more than the model's " +
                      std::to_string(lm->max_length()));
        if (!rows.empty()) {
          lm->logits(ids, rows, logits);
          text::check_finite_logits(logits, vocab);
        }
      } catch (const Error& e) {
        throw Error("line " + std::to_string(line_number) + ": " + e.what());
      }
      text = "{\"ids\": [";
      for (std::size_t i = 0; i < ids.size(); ++i) text += (i ? ", " : "") + std::to_string(ids[i]);
      text += "], \"masked\": [";
      for (std::size_t r = 0; r < rows.size(); ++r) {
        const float* row = logits.data() + r * vocab;
        for (std::size_t v = 0; v < vocab; ++v) logprobs[v] = row[v];
        const double lse = log_sum_exp(logprobs.data(), vocab);
        for (std::size_t v = 0; v < vocab; ++v) logprobs[v] -= lse;
        text += (r ? ", " : "") + std::string("{\"index\": ") + std::to_string(rows[r]);
        if (k == 0) {
          text += ", \"logprobs\": [";
          for (std::size_t v = 0; v < vocab; ++v) {
            if (v) text += ", ";
            append_number(logprobs[v], text);
          }
        } else {
          std::iota(order.begin(), order.end(), 0);
          std::partial_sort(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(k), order.end(),
                            [&](std::int32_t a, std::int32_t b) {
                              const double la = logprobs[static_cast<std::size_t>(a)],
                                           lb = logprobs[static_cast<std::size_t>(b)];
                              return la > lb || (la == lb && a < b);
                            });
          text += ", \"top\": [";
          for (std::size_t i = 0; i < k; ++i) {
            text += (i ? ", [" : "[") + std::to_string(order[i]) + ", ";
            append_number(logprobs[static_cast<std::size_t>(order[i])], text);
            text += "]";
          }
        }
        text += "]}";
      }
      text += "]}\n";
      out << text;
    }
    return 0;
  } catch (const std::exception& e) {
    err << "sampling-cli mlm: " << e.what() << "\n";
    return 1;
  }
}

}  // namespace sampling::cli
