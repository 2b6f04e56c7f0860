// sampling-cli gibbs: text from a masked LM by Gibbs sampling (or simulated annealing)
// on a template of pinned characters and free positions.
// stdout: with --trace, one JSON line per position update (step by step, chain by chain),
//         then the final text of each chain, one line each.
// stderr: one JSON line with each chain's score, best score and best text (and its
//         pseudo-log-likelihood with --pll).
#include <cmath>
#include <cstdio>
#include <limits>
#include <ostream>

#include "core/cli/args.hpp"
#include "core/cli/commands.hpp"
#include "core/common/error.hpp"
#include "core/cli/model_dir.hpp"
#include "core/text/gibbs.hpp"

namespace sampling::cli {
namespace {

const char* kHelp =
    "usage: sampling-cli gibbs --model DIR --template T [--steps N] [--seed S]\n"
    "         [--order random|sequential|parallel] [--temperature X] [--top-k K]\n"
    "         [--burn-in B] [--anneal FROM:TO] [--chains C] [--start mask|random|TEXT]\n"
    "         [--trace] [--pll]\n"
    "DIR holds a Hugging Face BertForMaskedLM (config.json, vocab.txt, model.safetensors).\n"
    "In the template _ marks a free position and every other character is pinned, e.g.\n"
    "春____，__明月_。____山__，___人歸去。; T may also be a preset: 五言絕句 or 七言絕句.\n"
    "A free position never receives a special token or punctuation. Writes the final text\n"
    "of each chain, one line each; --trace first writes every update as one JSON line\n"
    "{chain, step, position, old, new, old_id, new_id, p, logp, T, score} (position counts\n"
    "from the first token after [CLS]; p is the probability the token was drawn with,\n"
    "logp the model's log p at T = 1). One JSON line of scores goes to stderr.\n"
    "--anneal FROM:TO lowers T geometrically from FROM to TO over the N steps.\n"
    "--start: all [MASK] (default), random characters, or a text of the template's shape\n"
    "(_ leaves a position masked). Defaults: --steps 500 --seed 0 --order random\n"
    "--temperature 1 --top-k 100 (0: every token) --burn-in 250 (steps that ignore top-k)\n"
    "--chains 1.\n";

constexpr std::uint64_t kMaxSteps = 10'000'000;
constexpr std::uint64_t kChunk = 64;  // steps per chunk: records stay small

void write_record(const text::MaskedLm& lm, const text::GibbsRecord& r, std::ostream& out) {
  out << "{\"chain\":" << r.chain << ",\"step\":" << r.step << ",\"position\":" << r.position
      << ",\"old\":" << json_string(lm.token(r.old_id)) << ",\"new\":" << json_string(lm.token(r.new_id))
      << ",\"old_id\":" << r.old_id << ",\"new_id\":" << r.new_id << ",\"p\":" << json_number(r.prob)
      << ",\"logp\":" << json_number(r.log_prob) << ",\"T\":" << json_number(r.temperature) << ",\"score\":" << json_number(r.score) << "}\n";
}

const std::set<std::string> kFlags{"model",  "template", "steps",  "seed",   "order", "temperature",
                                   "top-k",  "burn-in",  "anneal", "chains", "start"};
const std::set<std::string> kSwitches{"trace", "pll"};

int run(text::MaskedLm& lm, const Args& args, std::ostream& out, std::ostream& err) {
  if (!args.has("template")) throw Error("gibbs needs --template T, e.g. --template 五言絕句 (see --help)");
  text::GibbsOptions o;
  o.pattern = args.text("template", "");
  for (const auto& name : text::template_preset_names())
    if (o.pattern == name) o.pattern = text::template_preset(name);
  const std::uint64_t steps = args.count("steps", 500);
  if (steps > kMaxSteps) throw Error("--steps must be at most 10^7, got " + std::to_string(steps));
  o.seed = args.count("seed", 0);
  o.order = text::parse_gibbs_order(args.text("order", "random"));
  o.temperature = args.number("temperature", 1.0);
  if (args.has("anneal")) {
    if (args.has("temperature")) throw Error("give --temperature or --anneal, not both");
    o.annealing = text::parse_annealing(args.text("anneal", ""), steps == 0 ? 1 : steps);
  }
  o.top_k = static_cast<int>(std::min<std::uint64_t>(args.count("top-k", 100), std::numeric_limits<int>::max()));
  o.burn_in = args.count("burn-in", 250);
  const std::uint64_t chains = args.count("chains", 1);
  if (chains < 1 || chains > static_cast<std::uint64_t>(text::GibbsRun::kMaxChains))
    throw Error("--chains must be between 1 and " + std::to_string(text::GibbsRun::kMaxChains));
  o.chains = static_cast<int>(chains);
  const std::string start = args.text("start", "mask");
  if (start == "mask") o.start = text::StartKind::mask;
  else if (start == "random") o.start = text::StartKind::random;
  else o.start = text::StartKind::text, o.start_text = start;

  text::GibbsRun gibbs(lm, o);
  const bool trace = args.has("trace");
  std::vector<text::GibbsRecord> records;
  for (std::uint64_t done = 0; done < steps;) {
    const std::uint64_t n = std::min(kChunk, steps - done);
    records.clear();
    gibbs.run(n, trace ? &records : nullptr);
    for (const auto& r : records) write_record(lm, r, out);
    done += n;
  }
  for (int c = 0; c < gibbs.chains(); ++c) out << gibbs.text(c) << '\n';

  err << "{\"order\":\"" << text::gibbs_order_name(o.order) << "\",\"steps\":" << steps << ",\"chains\":[";
  for (int c = 0; c < gibbs.chains(); ++c) {
    const double best = gibbs.best_score(c);
    err << (c ? "," : "") << "{\"score\":" << json_number(gibbs.score(c)) << ",\"best_score\":" << json_number(best)
        << ",\"best\":" << (std::isfinite(best) ? json_string(text::join_tokens(lm, gibbs.best_body(c))) : "null");
    if (args.has("pll")) err << ",\"pll\":" << json_number(gibbs.pseudo_log_likelihood(c));
    err << "}";
  }
  err << "]}\n";
  return 0;
}

}  // namespace

int gibbs_command(const std::vector<std::string>& argv, std::ostream& out, std::ostream& err) {
  try {
    if (wants_help(argv, kHelp, out)) return 0;
    const Args args(argv, kFlags, kSwitches);
    if (!args.has("model")) throw Error("gibbs needs --model DIR (see --help)");
    const auto lm = load_model_dir(args.text("model", ""));
    return run(*lm, args, out, err);
  } catch (const std::exception& e) {
    err << "sampling-cli gibbs: " << e.what() << '\n';
    return 2;
  }
}

int gibbs_command_with_model(text::MaskedLm& lm, const std::vector<std::string>& argv, std::ostream& out,
                             std::ostream& err) {
  try {
    if (wants_help(argv, kHelp, out)) return 0;
    const Args args(argv, kFlags, kSwitches);
    if (args.has("model")) throw Error("--model is not taken here: the model is already loaded");
    return run(lm, args, out, err);
  } catch (const std::exception& e) {
    err << "sampling-cli gibbs: " << e.what() << '\n';
    return 2;
  }
}

}  // namespace sampling::cli
