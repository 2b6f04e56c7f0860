// sampling-cli cgmh: sentences that hold given keywords, by Metropolis–Hastings (CGMH)
// with a masked LM's proposals and a left-to-right LM's π (optionally annealed).
// stdout: two lines, the final sentence and the best one (highest log LM).
// stderr: with --trace, one JSON line per step first; then one JSON line of the run's
//         statistics (per move type) and scores.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <ostream>

#include "core/cli/args.hpp"
#include "core/cli/commands.hpp"
#include "core/cli/model_dir.hpp"
#include "core/common/decimal.hpp"
#include "core/common/error.hpp"
#include "core/common/utf8.hpp"
#include "core/text/cgmh.hpp"
#include "core/text/ngram_lm.hpp"

namespace sampling::cli {
namespace {

const char* kHelp =
    "usage: sampling-cli cgmh --keywords K1,K2,... [--model DIR] [--lm DIR] [--steps N]\n"
    "         [--seed S] [--top-k K] [--explore E] [--moves R,I,D] [--max-length L]\n"
    "         [--length-bonus B]\n"
    "         [--anneal FROM:TO] [--template T] [--trace]\n"
    "Draws a sentence that holds every keyword (in the given order) by Metropolis–Hastings:\n"
    "replace, insert and delete moves at random positions (never inside a keyword), the\n"
    "candidates from the masked LM's top K at the position (with probability E spread over\n"
    "every token), accepted with min(1, π(x')q(x|x') / (π(x)q(x'|x))); π is the\n"
    "left-to-right LM times exp(B × length) (LM alone favours short sentences), raised to\n"
    "1/T when --anneal lowers T geometrically from FROM to TO over the N steps.\n"
    "Keywords are separated by , or ，. With --template (_ free, e.g. _____，_____。, or a\n"
    "preset 五言絕句 / 七言絕句) the line lengths are fixed and only replace moves are made;\n"
    "the keywords go to evenly spread free positions.\n"
    "DIR defaults: --model web/public/models/poetry-bert (a Hugging Face BertForMaskedLM\n"
    "folder), --lm web/public/models/poetry-ngram (poetry-ngram.bin).\n"
    "Writes the final and the best sentence, one line each. stderr: with --trace one JSON\n"
    "line per step {step, move, proposed, position, old, new, old_id, new_id, log_q_forward,\n"
    "log_q_reverse, log_pi_old, log_pi_new, log_ratio, T, accepted, score, text} (position\n"
    "counts from the first token; for insert it is the new token's index), then one JSON\n"
    "line of statistics. Defaults: --steps 500 --seed 0 --top-k 50 (0: every token)\n"
    "--explore 0 --moves 1,1,1 (weights of replace, insert, delete) --max-length 20 (or the\n"
    "masked LM's limit when lower)"
    " --length-bonus 0.\n";

constexpr std::uint64_t kChunk = 256;
const char* kDefaultModel = "web/public/models/poetry-bert";
const char* kDefaultLm = "web/public/models/poetry-ngram";

// "月,山" or "月，山" to {"月", "山"}.
std::vector<std::string> split_keywords(const std::string& list) {
  decode_utf8(list);  // names the byte offset of invalid UTF-8
  std::vector<std::string> out;
  std::string cur;
  const std::string wide = "\xef\xbc\x8c";  // ，
  for (std::size_t i = 0; i <= list.size();) {
    const bool end = i == list.size();
    const bool comma = !end && list[i] == ',';
    const bool wide_comma = !end && list.compare(i, wide.size(), wide) == 0;
    if (end || comma || wide_comma) {
      if (cur.empty())
        throw Error(list.empty() ? "--keywords is empty: give one or more keywords, e.g. --keywords 月,山"
                                 : "--keywords '" + list + "' has an empty keyword (a comma too many?)");
      out.push_back(cur);
      cur.clear();
      i += end ? 1 : (comma ? 1 : wide.size());
    } else {
      cur += list[i++];
    }
  }
  return out;
}

std::array<double, 3> parse_moves(const std::string& s) {
  std::array<double, 3> w{};
  std::size_t from = 0;
  for (int i = 0; i < 3; ++i) {
    const std::size_t comma = s.find(',', from);
    if ((i < 2) != (comma != std::string::npos)) throw Error("--moves is R,I,D (three weights, e.g. 2,1,1), got '" + s + "'");
    const std::string part = s.substr(from, i < 2 ? comma - from : std::string::npos);
    w[i] = parse_decimal(part, "--moves", "--moves is R,I,D (three weights, e.g. 2,1,1), got '" + s + "'");
    if (!(std::isfinite(w[i]) && w[i] >= 0)) throw Error("--moves: weights must be numbers ≥ 0, got '" + s + "'");
    from = comma + 1;
  }
  if (!(w[0] > 0 || w[1] > 0 || w[2] > 0)) throw Error("--moves: at least one weight must be above 0, got '" + s + "'");
  return text::move_probabilities(w);
}

void write_record(const text::MaskedLm& mlm, const text::CgmhRun& run, const text::CgmhRecord& r, std::ostream& err) {
  const auto tok = [&](std::int32_t id) { return id < 0 ? std::string("null") : json_string(mlm.token(id)); };
  err << "{\"step\":" << r.step << ",\"move\":\"" << text::cgmh_move_name(r.move)
      << "\",\"proposed\":" << (r.proposed ? "true" : "false");
  if (r.proposed)
    err << ",\"position\":" << r.position << ",\"old\":" << tok(r.old_id) << ",\"new\":" << tok(r.new_id)
        << ",\"old_id\":" << r.old_id << ",\"new_id\":" << r.new_id << ",\"log_q_forward\":" << json_number(r.log_q_forward)
        << ",\"log_q_reverse\":" << json_number(r.log_q_reverse) << ",\"log_pi_old\":" << json_number(r.log_pi_old)
        << ",\"log_pi_new\":" << json_number(r.log_pi_new) << ",\"log_ratio\":" << json_number(r.log_ratio);
  err << ",\"T\":" << json_number(r.temperature) << ",\"accepted\":" << (r.accepted ? "true" : "false")
      << ",\"score\":" << json_number(r.score) << ",\"text\":" << json_string(run.text()) << "}\n";
}

const std::set<std::string> kFlags{"model", "lm",     "keywords",   "steps",  "seed",    "top-k",
                                   "explore", "moves", "max-length", "anneal", "template", "length-bonus"};
const std::set<std::string> kSwitches{"trace"};

std::string dir_file(const std::string& dir, const char* name) {
  return dir.empty() || dir.back() == '/' ? dir + name : dir + "/" + name;
}

int run(text::MaskedLm& mlm, text::LanguageModel& lm, const Args& args, std::ostream& out, std::ostream& err) {
  text::CgmhOptions o;
  o.keywords = split_keywords(args.text("keywords", ""));
  const std::uint64_t steps = args.count("steps", 500);
  if (steps > kMaxTextSteps) throw Error("--steps must be at most 10^7, got " + std::to_string(steps));
  o.seed = args.count("seed", 0);
  o.top_k = static_cast<int>(args.count("top-k", 50, text::kMaxTopK));
  o.explore = args.number("explore", 0.0);
  const auto moves = parse_moves(args.text("moves", "1,1,1"));
  o.p_replace = moves[0], o.p_insert = moves[1], o.p_delete = moves[2];
  o.length_bonus = args.number("length-bonus", 0.0);
  // Default: 20 tokens, or what the masked LM takes when that is less.
  o.max_length = static_cast<int>(
      args.count("max-length", static_cast<std::uint64_t>(std::clamp(mlm.max_length() - 2, 1, 20)), 1u << 20));
  if (args.has("anneal")) o.annealing = text::parse_annealing(args.text("anneal", ""), steps == 0 ? 1 : steps);
  o.pattern = args.text("template", "");
  if (args.has("template") && o.pattern.empty()) throw Error("--template is empty: write _ for each position to sample");
  for (const auto& name : text::template_preset_names())
    if (o.pattern == name) o.pattern = text::template_preset(name);
  if (args.has("template") && args.has("moves"))
    throw Error("--moves is not taken with --template: a template allows replace moves only");

  text::CgmhRun cgmh(mlm, lm, o);
  const bool trace = args.has("trace");
  std::vector<text::CgmhRecord> records;
  for (std::uint64_t done = 0; done < steps;) {
    const std::uint64_t n = trace ? 1 : std::min(kChunk, steps - done);  // the text after each step
    records.clear();
    cgmh.run(n, trace ? &records : nullptr);
    for (const auto& r : records) write_record(mlm, cgmh, r, err);
    done += n;
  }
  out << cgmh.text() << '\n' << cgmh.best_text() << '\n';

  const auto p = cgmh.move_probabilities();
  err << "{\"steps\":" << steps << ",\"moves\":{";
  for (int m = 0; m < 3; ++m) {
    const auto& s = cgmh.stats(static_cast<text::CgmhMove>(m));
    err << (m ? "," : "") << '"' << text::cgmh_move_name(static_cast<text::CgmhMove>(m)) << "\":{\"p\":" << json_number(p[m])
        << ",\"proposals\":" << s.proposals << ",\"acceptances\":" << s.acceptances
        << ",\"rate\":" << json_number(s.rate()) << ",\"impossible\":" << s.impossible << "}";
  }
  err << "},\"score\":" << json_number(cgmh.score()) << ",\"best_score\":" << json_number(cgmh.best_score())
      << ",\"text\":" << json_string(cgmh.text()) << ",\"best\":" << json_string(cgmh.best_text()) << "}\n";
  return 0;
}

}  // namespace

int cgmh_command(const std::vector<std::string>& argv, std::ostream& out, std::ostream& err) {
  try {
    if (wants_help(argv, kHelp, out)) return 0;
    const Args args(argv, kFlags, kSwitches);
    if (!args.has("keywords")) throw Error("cgmh needs --keywords, e.g. --keywords 月,山 (see --help)");
    const auto mlm = load_model_dir(args.text("model", kDefaultModel));
    const text::NgramModel ngram = text::NgramModel::parse(read_file(dir_file(args.text("lm", kDefaultLm), "poetry-ngram.bin")));
    const auto lm = text::ngram_language_model(ngram, *mlm);
    return run(*mlm, *lm, args, out, err);
  } catch (const std::exception& e) {
    err << "sampling-cli cgmh: " << e.what() << '\n';
    return 2;
  }
}

int cgmh_command_with_models(text::MaskedLm& mlm, text::LanguageModel& lm, const std::vector<std::string>& argv,
                             std::ostream& out, std::ostream& err) {
  try {
    if (wants_help(argv, kHelp, out)) return 0;
    const Args args(argv, kFlags, kSwitches);
    if (args.has("model") || args.has("lm")) throw Error("--model and --lm are not taken here: the models are already loaded");
    if (!args.has("keywords")) throw Error("cgmh needs --keywords, e.g. --keywords 月,山 (see --help)");
    return run(mlm, lm, args, out, err);
  } catch (const std::exception& e) {
    err << "sampling-cli cgmh: " << e.what() << '\n';
    return 2;
  }
}

}  // namespace sampling::cli
