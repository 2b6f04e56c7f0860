#pragma once
// MH-corrected Gibbs sampling from a masked LM (Goyal, Dyer and Berg-Kirkpatrick,
// "Exposing the Implicit Energy Networks behind Masked Language Models via
// Metropolis–Hastings", ICLR 2022 / arXiv 2021). Plain Gibbs with BERT's conditionals
// has no guaranteed stationary law (the conditionals are not those of one joint). Here
// the conditional is only the proposal, and the target is the model's own energy
//   E(x) = −Σ_{t in body} log softmax(logits_t(x with t masked))[x_t]
// (every body position, pinned ones included; softmax over the whole vocabulary), so
// the chain's stationary law is p(x) ∝ exp(−E(x)) over the template's fillings. One step:
// a free position i uniformly, x_i masked, w ~ q = softmax(logits_i / T) over the
// samplable ids (top k when k > 0), and x′ = x with x_i = w accepted with probability
//   min(1, exp(E(x) − E(x′)) · q(x_i) / q(w))
// (both q from the same masked context). E costs one forward pass per body position.
// Several chains (MhGibbsChains) draw as GibbsRun's do: chain c from the seed's stream
// jumped c times, step t of every chain before step t+1.
#include <cstdint>
#include <string>
#include <vector>

#include "core/common/rng.hpp"
#include "core/text/gibbs.hpp"
#include "core/text/masked_lm.hpp"
#include "core/text/template.hpp"

namespace sampling::text {

struct MhGibbsOptions {
  std::string pattern;         // template: `_` free, everything else pinned
  double temperature = 1.0;    // of the proposal only; the target is exp(−E)
  int top_k = 0;               // 0: every samplable id
  std::uint64_t seed = 0;
  int chain = 0;               // draws from the seed's stream jumped `chain` times
  // Steps whose proposal is the full distribution (top-k off), as GibbsRun's burn-in;
  // every step is an MH step for the same target, so the target does not change.
  std::uint64_t burn_in = 0;
  // mask: free positions drawn left to right from the proposal first; random; text.
  StartKind start = StartKind::random;
  std::string start_text;
  // Test only: leave q(x_i)/q(w) out of the ratio (MH without its proposal correction).
  bool test_wrong_reverse = false;
};

// The MH-corrected chain with a Gibbs run's options (template, T, top-k, burn-in, seed,
// start); throws for what it does not take: annealing, an order other than random.
MhGibbsOptions mh_gibbs_options(const GibbsOptions& gibbs);

struct MhGibbsRecord {
  int chain = 0;
  std::uint64_t step = 0;
  int position = 0;  // index in the body
  std::int32_t old_id = 0, new_id = 0;
  double log_q_forward = 0, log_q_reverse = 0;  // log q(w), log q(x_i)
  double energy_old = 0, energy_new = 0;
  double log_ratio = 0;
  bool accepted = false;
  double energy = 0;  // after the step
};

class MhGibbsRun {
 public:
  static constexpr std::uint64_t kMaxRecords = 1'000'000;

  MhGibbsRun(MaskedLm& lm, const MhGibbsOptions& options);  // throws sampling::Error for a bad option
  void run(std::uint64_t n, std::vector<MhGibbsRecord>* records);

  std::uint64_t steps() const { return steps_; }
  std::uint64_t proposals() const { return steps_; }
  std::uint64_t acceptances() const { return acceptances_; }
  const std::vector<std::int32_t>& body() const { return body_; }
  std::string text() const { return join_tokens(lm_, body_); }
  double energy() const { return energy_; }
  double best_energy() const { return best_energy_; }  // lowest so far
  const std::vector<std::int32_t>& best_body() const { return best_body_; }
  const Template& layout() const { return template_; }

  // E(body) as above: one forward pass per body position.
  double energy_of(const std::vector<std::int32_t>& body);

 private:
  void step_one(std::vector<MhGibbsRecord>* records);
  void masked_logits(const std::vector<std::int32_t>& body, int pos);

  MaskedLm& lm_;
  MhGibbsOptions options_;
  Template template_;
  std::vector<std::int32_t> samplable_;
  Rng rng_;
  std::vector<std::int32_t> body_, best_body_, proposal_;
  double energy_ = 0, best_energy_ = 0;
  std::uint64_t steps_ = 0, acceptances_ = 0;
  StepDistribution dist_;
  std::vector<float> logits_;
  std::vector<double> row_;
  std::vector<int> rows_;
  std::vector<std::int32_t> seq_;
};

// Independent chains of MhGibbsRun (1..64) on one model, stepped step by step, chain by
// chain, so the records' order does not depend on how a run is cut into chunks.
class MhGibbsChains {
 public:
  static constexpr int kMaxChains = 64;
  MhGibbsChains(MaskedLm& lm, const MhGibbsOptions& options, int chains);  // options.chain is ignored
  void run(std::uint64_t n, std::vector<MhGibbsRecord>* records);

  int chains() const { return static_cast<int>(chains_.size()); }
  const MhGibbsRun& chain(int c) const { return chains_.at(static_cast<std::size_t>(c)); }
  std::string text(int c) const { return chain(c).text(); }
  std::uint64_t steps() const { return chains_.front().steps(); }  // per chain
  std::uint64_t proposals() const;
  std::uint64_t acceptances() const;

 private:
  std::vector<MhGibbsRun> chains_;
};

}  // namespace sampling::text
