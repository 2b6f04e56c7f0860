// sampling-cli gibbs: text from a masked LM by Gibbs sampling (or simulated annealing),
// or by MH-corrected Gibbs (--sampler mh-gibbs), on a template of pinned characters and
// free positions.
// stdout: with --trace, one JSON line per position update or proposal (step by step,
//         chain by chain), then the final text of each chain, one line each.
// stderr: one JSON line with each chain's score, best score and best text (and its
//         pseudo-log-likelihood with --pll); for mh-gibbs its energy, best energy and
//         best text, proposals, acceptances and acceptance rate, and the totals.
#include <cmath>
#include <cstdio>
#include <limits>
#include <ostream>

#include "core/cli/args.hpp"
#include "core/cli/commands.hpp"
#include "core/common/error.hpp"
#include "core/cli/model_dir.hpp"
#include "core/text/gibbs.hpp"
#include "core/text/mh_gibbs.hpp"

namespace sampling::cli {
namespace {

const char* kHelp =
    "usage: sampling-cli gibbs --model DIR --template T [--steps N] [--seed S]\n"
    "         [--sampler gibbs|mh-gibbs] [--order random|sequential|parallel]\n"
    "         [--temperature X] [--top-k K]\n"
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
    "--chains 1.\n"
    "--sampler mh-gibbs: MH-corrected Gibbs (Goyal et al. 2021). The step's distribution\n"
    "(T, top-k, burn-in as above) only proposes w at a random free position; the move is\n"
    "accepted with probability min(1, exp(E(x) - E(x')) q(x_i) / q(w)), where\n"
    "E(x) = -sum over every body position t of log p(x_t | x with t masked) (T = 1, whole\n"
    "vocabulary): the chains' stationary law is exp(-E), whatever T and top-k are. Each\n"
    "step costs one forward pass per token. --trace lines are {chain, step, position, old,\n"
    "new, old_id, new_id, logq, logq_reverse, energy_old, energy_new, log_ratio, accepted,\n"
    "energy}; stderr has each chain's energy, best energy and text, proposals, acceptances\n"
    "and acceptance_rate, and the totals. --order random only; no --anneal, no --pll.\n";

constexpr std::uint64_t kChunk = 64;  // steps per chunk: records stay small

void write_record(const text::MaskedLm& lm, const text::GibbsRecord& r, std::ostream& out) {
  out << "{\"chain\":" << r.chain << ",\"step\":" << r.step << ",\"position\":" << r.position
      << ",\"old\":" << json_string(lm.token(r.old_id)) << ",\"new\":" << json_string(lm.token(r.new_id))
      << ",\"old_id\":" << r.old_id << ",\"new_id\":" << r.new_id << ",\"p\":" << json_number(r.prob)
      << ",\"logp\":" << json_number(r.log_prob) << ",\"T\":" << json_number(r.temperature) << ",\"score\":" << json_number(r.score) << "}\n";
}

void write_record(const text::MaskedLm& lm, const text::MhGibbsRecord& r, std::ostream& out) {
  out << "{\"chain\":" << r.chain << ",\"step\":" << r.step << ",\"position\":" << r.position
      << ",\"old\":" << json_string(lm.token(r.old_id)) << ",\"new\":" << json_string(lm.token(r.new_id))
      << ",\"old_id\":" << r.old_id << ",\"new_id\":" << r.new_id << ",\"logq\":" << json_number(r.log_q_forward)
      << ",\"logq_reverse\":" << json_number(r.log_q_reverse) << ",\"energy_old\":" << json_number(r.energy_old)
      << ",\"energy_new\":" << json_number(r.energy_new) << ",\"log_ratio\":" << json_number(r.log_ratio)
      << ",\"accepted\":" << (r.accepted ? "true" : "false") << ",\"energy\":" << json_number(r.energy) << "}\n";
}

double rate(std::uint64_t accepted, std::uint64_t proposed) {
  return proposed ? static_cast<double>(accepted) / static_cast<double>(proposed) : 0.0;
}

const std::set<std::string> kFlags{"model",  "template", "steps",  "seed",   "order", "temperature",
                                   "top-k",  "burn-in",  "anneal", "chains", "start", "sampler"};
const std::set<std::string> kSwitches{"trace", "pll"};

// `steps` steps of a GibbsRun or MhGibbsChains in chunks: with --trace each chunk's
// records, then the final text of each chain.
template <class Record, class Chains>
void run_in_chunks(const text::MaskedLm& lm, Chains& chains, std::uint64_t steps, bool trace, std::ostream& out) {
  std::vector<Record> records;
  for (std::uint64_t done = 0; done < steps;) {
    const std::uint64_t n = std::min(kChunk, steps - done);
    records.clear();
    chains.run(n, trace ? &records : nullptr);
    for (const auto& r : records) write_record(lm, r, out);
    done += n;
  }
  for (int c = 0; c < chains.chains(); ++c) out << chains.text(c) << '\n';
}

// --sampler mh-gibbs: the chains of MhGibbsChains with the options the flags gave.
int run_mh_gibbs(text::MaskedLm& lm, const text::GibbsOptions& g, std::uint64_t steps, bool trace, std::ostream& out,
                 std::ostream& err) {
  text::MhGibbsChains mh(lm, text::mh_gibbs_options(g), g.chains);
  run_in_chunks<text::MhGibbsRecord>(lm, mh, steps, trace, out);

  err << "{\"sampler\":\"mh-gibbs\",\"steps\":" << steps << ",\"proposals\":" << mh.proposals()
      << ",\"acceptances\":" << mh.acceptances() << ",\"acceptance_rate\":" << json_number(rate(mh.acceptances(), mh.proposals()))
      << ",\"chains\":[";
  for (int c = 0; c < mh.chains(); ++c) {
    const text::MhGibbsRun& chain = mh.chain(c);
    err << (c ? "," : "") << "{\"energy\":" << json_number(chain.energy()) << ",\"best_energy\":" << json_number(chain.best_energy())
        << ",\"best\":" << json_string(text::join_tokens(lm, chain.best_body())) << ",\"proposals\":" << chain.proposals()
        << ",\"acceptances\":" << chain.acceptances()
        << ",\"acceptance_rate\":" << json_number(rate(chain.acceptances(), chain.proposals())) << "}";
  }
  err << "]}\n";
  return 0;
}

int run(text::MaskedLm& lm, const Args& args, std::ostream& out, std::ostream& err) {
  if (!args.has("template")) throw Error("gibbs needs --template T, e.g. --template 五言絕句 (see --help)");
  const std::string sampler = args.text("sampler", "gibbs");
  const bool mh = sampler == "mh-gibbs";
  if (!mh && sampler != "gibbs") throw Error("unknown sampler '" + sampler + "': use gibbs or mh-gibbs");
  if (mh && args.has("pll")) throw Error("--pll is for --sampler gibbs; the MH-corrected chain reports its energy (see --help)");
  text::GibbsOptions o;
  o.pattern = args.text("template", "");
  for (const auto& name : text::template_preset_names())
    if (o.pattern == name) o.pattern = text::template_preset(name);
  const std::uint64_t steps = args.count("steps", 500);
  if (steps > kMaxTextSteps) throw Error("--steps must be at most 10^7, got " + std::to_string(steps));
  o.seed = args.count("seed", 0);
  o.order = text::parse_gibbs_order(args.text("order", "random"));
  o.temperature = args.number("temperature", 1.0);
  if (args.has("anneal")) {
    if (args.has("temperature")) throw Error("give --temperature or --anneal, not both");
    o.annealing = text::parse_annealing(args.text("anneal", ""), steps == 0 ? 1 : steps);
  }
  o.top_k = static_cast<int>(args.count("top-k", 100, text::kMaxTopK));
  o.burn_in = args.count("burn-in", 250);
  const std::uint64_t chains = args.count("chains", 1);
  if (chains < 1 || chains > static_cast<std::uint64_t>(text::GibbsRun::kMaxChains))
    throw Error("--chains must be between 1 and " + std::to_string(text::GibbsRun::kMaxChains) + ", got " +
                std::to_string(chains));
  o.chains = static_cast<int>(chains);
  const std::string start = args.text("start", "mask");
  if (start == "mask") o.start = text::StartKind::mask;
  else if (start == "random") o.start = text::StartKind::random;
  else o.start = text::StartKind::text, o.start_text = start;

  const bool trace = args.has("trace");
  if (mh) return run_mh_gibbs(lm, o, steps, trace, out, err);
  text::GibbsRun gibbs(lm, o);
  run_in_chunks<text::GibbsRecord>(lm, gibbs, steps, trace, out);

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
