#pragma once
// Gibbs sampling from a masked language model ("BERT has a Mouth, and It Must Speak",
// Wang & Cho 2019; Su 2021). State [CLS] x_1..x_L [SEP]; pinned positions never change.
// One step of a chain:
//   random      pick a free position i uniformly, set x_i = [MASK], run the model, draw
//               x_i ~ p_i = softmax(logits_i / T) over the samplable ids (never a special
//               token, never punctuation), keeping the top k when k > 0;
//   sequential  the same at the next free position of a left-to-right sweep;
//   parallel    one forward pass over the current text (nothing masked, as in bert-gen's
//               parallel generation) and every free position redrawn from its row.
// The first `burn_in` steps draw from the full distribution (top-k off), as bert-gen does.
// Chains draw from the seed's stream jumped once per chain, so neither the number of
// chains before it nor how a run is cut into chunks changes a chain's text.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/common/rng.hpp"
#include "core/text/annealing.hpp"
#include "core/text/masked_lm.hpp"
#include "core/text/template.hpp"

namespace sampling::text {

enum class GibbsOrder { random, sequential, parallel };
GibbsOrder parse_gibbs_order(std::string_view name);  // throws naming the choices
const char* gibbs_order_name(GibbsOrder order);

// The largest top-k the command line and the page take, for Gibbs, MH-Gibbs and CGMH
// alike (vocabularies are far smaller; a k past the vocabulary means every token).
inline constexpr std::uint32_t kMaxTopK = std::uint32_t{1} << 30;

struct GibbsOptions {
  std::string pattern;                     // template: `_` free, everything else pinned
  GibbsOrder order = GibbsOrder::random;
  double temperature = 1.0;                // T > 0
  int top_k = 100;                         // 0: every samplable token
  std::uint64_t burn_in = 250;             // steps that draw from the full distribution
  std::uint64_t seed = 0;
  int chains = 1;                          // 1..64
  StartKind start = StartKind::mask;
  std::string start_text;                  // StartKind::text
  std::optional<AnnealingSchedule> annealing;  // when set, T follows the schedule
};

// The distribution one step draws from, given one row of logits: the samplable ids,
// scaled by 1/T, cut to the k largest (ties to the smaller id) when k > 0, normalized.
// `ids` ascend; `log_probs[j]` is the log-probability of ids[j]. Reuses its buffers.
class StepDistribution {
 public:
  void compute(const float* logits, const std::vector<std::int32_t>& samplable, double temperature, int top_k);
  const std::vector<std::int32_t>& ids() const { return ids_; }
  const std::vector<double>& log_probs() const { return log_probs_; }
  // log p(id) under the model itself: T = 1, every samplable id (no top-k). Valid after
  // compute() for any samplable id.
  double model_log_prob(const float* logits, std::int32_t id) const { return logits[id] - model_log_z_; }

 private:
  std::vector<std::int32_t> ids_;
  std::vector<double> log_probs_, scaled_, model_;
  std::vector<std::size_t> order_;
  double model_log_z_ = 0;
};

// One position update.
struct GibbsRecord {
  int chain = 0;
  std::uint64_t step = 0;    // the chain's step, from 0; a parallel step updates every free position
  int position = 0;          // index in the body: 0 is the first token after [CLS]
  std::int32_t old_id = 0, new_id = 0;
  double prob = 0;           // probability new_id was drawn with (T, top-k)
  double log_prob = 0;       // log p(new_id | rest) under the model (T = 1, no top-k)
  double temperature = 1;
  double score = 0;          // the chain's score after this record's step
};

class GibbsRun {
 public:
  static constexpr std::uint64_t kMaxRecords = 1'000'000;  // per run() call
  static constexpr int kMaxChains = 64;

  // The model must outlive the run. Throws sampling::Error for any bad option.
  GibbsRun(MaskedLm& lm, const GibbsOptions& options);

  // n more steps of every chain, step by step (step t of chains 0..C−1, then step t+1), so
  // the records' order does not depend on how a run is cut into chunks. Appends one
  // record per position update to `records` when it is not null.
  void run(std::uint64_t n, std::vector<GibbsRecord>* records);

  int chains() const { return static_cast<int>(chains_.size()); }
  std::uint64_t steps() const { return steps_; }  // steps per chain so far
  const Template& layout() const { return template_; }
  const std::vector<std::int32_t>& samplable() const { return samplable_; }
  const GibbsOptions& options() const { return options_; }
  double temperature(std::uint64_t step) const;

  // The chain's body (without [CLS]/[SEP]) and its text.
  std::vector<std::int32_t> body(int chain) const;
  std::string text(int chain) const;
  // Σ over free positions of the model's log p of the token there when it was drawn
  // (T = 1, no top-k); positions not drawn yet add 0.
  double score(int chain) const;
  // The highest score the chain has had once every free position was drawn (−∞ before),
  // and the body that had it.
  double best_score(int chain) const;
  std::vector<std::int32_t> best_body(int chain) const;
  // Σ over free positions holding a samplable token of log p(x_i | rest) with x_i masked
  // (T = 1, samplable ids): one forward pass per free position.
  double pseudo_log_likelihood(int chain);

 private:
  struct Chain {
    Rng rng;
    std::vector<std::int32_t> seq;  // [CLS] body [SEP]
    std::vector<double> chosen_log_prob;  // per body position; 0 until drawn
    std::vector<std::uint8_t> drawn;      // per body position: drawn at least once
    std::size_t undrawn;                  // free positions not drawn yet
    double score = 0;
    double best_score;
    std::vector<std::int32_t> best_seq;
  };
  void step_one(int c, std::vector<GibbsRecord>* records);
  std::int32_t draw(int c, int position, const float* row, double t, int k, std::vector<GibbsRecord>* records);
  void update_score(Chain& chain);
  const Chain& chain_at(int c) const;

  MaskedLm& lm_;
  GibbsOptions options_;
  Template template_;
  std::vector<std::int32_t> samplable_;
  std::vector<Chain> chains_;
  std::uint64_t steps_ = 0;
  // buffers reused by every step
  StepDistribution dist_;
  std::vector<float> logits_;
  std::vector<int> rows_;
  std::vector<std::int32_t> drawn_, pll_seq_;
};

}  // namespace sampling::text
