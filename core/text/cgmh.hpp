#pragma once
// CGMH (Miao, Zhou, Mou, Yan and Li, AAAI 2019): sentences that contain given keywords,
// drawn by Metropolis–Hastings. The state is a body (no [CLS]/[SEP]) in which every
// keyword occupies a marked block of positions; one step:
//   1. a move type: replace, insert or delete with the options' probabilities (fixed,
//      whatever the state; a move the state does not allow — insert at the longest
//      length, delete with nothing deletable — leaves the state as it is);
//   2. a position, uniformly: replace and delete among the positions outside keyword
//      blocks (and, with a template, among its free positions), insert among the slots
//      0..L that are not inside a keyword block;
//   3. for replace and insert, a token w from the masked LM at that position ([MASK]
//      there, the rest as it is): g(w) = (1 − ε)·softmax over the top K samplable ids
//      + ε/|samplable| (ε = `explore`, 0 by default: the top K alone);
//   4. acceptance α = min(1, π(x′)/π(x) · q(x | x′) / q(x′ | x)) with π below, where the reverse
//      of replace(i, w) is replace(i, old), of insert(j, w) delete(j) and of delete(i)
//      insert(i, x_i); both directions' probabilities are computed exactly (move type ×
//      position × candidate), so every (state, move) pair is balanced by its reverse.
// π(x) = LM(x) · exp(β·|x|): the left-to-right LM times an optional length prior (β nats
// per token, 0 by default; LM alone favours short sentences).
// Target: π(x, m) ∝ π(x)^{1/τ} / M(x), where M(x) counts the ways the keywords, in their
// order, can be placed in x as disjoint blocks (the chain's states are sentences with
// marked blocks): the sentences' marginal is then exactly π(x)^{1/τ}·χ(x holds the
// keywords in order). With a template the keyword blocks never move (replace only),
// M = 1, and the target is π^{1/τ} over the template's fillings with the keywords in
// place. τ = 1, or the annealing schedule's τ_t at step t (search for the best sentence).
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/common/rng.hpp"
#include "core/text/annealing.hpp"
#include "core/text/gibbs.hpp"
#include "core/text/language_model.hpp"
#include "core/text/masked_lm.hpp"
#include "core/text/template.hpp"

namespace sampling::text {

enum class CgmhMove { replace = 0, insert = 1, remove = 2 };  // remove: the paper's delete
const char* cgmh_move_name(CgmhMove move);                    // "replace", "insert", "delete"

// Move weights (replace, insert, delete) as probabilities, by stats::normalized_probabilities
// (weights near the double maximum do not overflow the sum). The weights must be finite,
// non-negative and not all 0.
std::array<double, 3> move_probabilities(std::array<double, 3> weights);

struct CgmhOptions {
  std::vector<std::string> keywords;  // each encoded by the masked LM; at least one
  std::string pattern;                // template (`_` free); empty: free length
  // Move probabilities (non-negative, sum 1 within 1e-9). A template allows replace only.
  double p_replace = 1.0 / 3, p_insert = 1.0 / 3, p_delete = 1.0 / 3;
  int top_k = 50;                     // candidates: the K best ids (0: every samplable id)
  double explore = 0;                 // ε ∈ [0, 1): mass spread uniformly on every samplable id
  int max_length = 20;                // longest body without a template (≤ the masked LM's − 2)
  double length_bonus = 0;            // β: log π = log LM + β·(tokens in the body), |β| ≤ 100
  std::uint64_t seed = 0;
  std::optional<AnnealingSchedule> annealing;  // τ_t; without it τ = 1
  // Test only: the reverse of an insert counts the deletable positions of x instead of
  // x′ (one too few), a wrong ratio the statistical test must catch.
  bool test_wrong_reverse = false;
};

// One step.
struct CgmhRecord {
  std::uint64_t step = 0;
  CgmhMove move = CgmhMove::replace;
  bool proposed = false;     // false: the state allowed no such move (nothing else is set)
  int position = -1;         // replace/delete: the position; insert: the slot (new token's index)
  std::int32_t old_id = -1;  // replaced or deleted token (-1 for insert)
  std::int32_t new_id = -1;  // proposed token (-1 for delete)
  double log_q_forward = 0;  // log q(x′ | x): move type, position and candidate
  double log_q_reverse = 0;  // log q(x | x′)
  double log_pi_old = 0, log_pi_new = 0;  // log π(x), log π(x′) (LM and length prior, not tempered)
  double log_ratio = 0;      // log of the acceptance ratio before min(1, ·)
  double temperature = 1;
  bool accepted = false;
  double score = 0;          // log π of the state after the step
};

struct CgmhMoveStats {
  std::uint64_t proposals = 0, acceptances = 0, impossible = 0;
  double rate() const { return proposals ? static_cast<double>(acceptances) / static_cast<double>(proposals) : 0.0; }
};

class CgmhRun {
 public:
  static constexpr std::uint64_t kMaxRecords = 1'000'000;  // per run() call

  // Both models must outlive the run. Throws sampling::Error for any bad option or
  // keyword (empty list, a keyword the vocabulary lacks, a special or punctuation token,
  // keywords longer than the longest sentence or than the template's free positions).
  CgmhRun(MaskedLm& mlm, LanguageModel& lm, const CgmhOptions& options);

  // n more steps; appends one record per step when `records` is not null.
  void run(std::uint64_t n, std::vector<CgmhRecord>* records);

  std::uint64_t steps() const { return steps_; }
  const CgmhOptions& options() const { return options_; }
  // Effective move probabilities (a template's are 1, 0, 0).
  std::array<double, 3> move_probabilities() const { return probs_; }
  double temperature(std::uint64_t step) const;
  const CgmhMoveStats& stats(CgmhMove move) const { return stats_[static_cast<int>(move)]; }

  const std::vector<std::int32_t>& body() const { return body_; }
  // Keyword index of each body position, −1 outside keyword blocks.
  const std::vector<int>& keyword_of() const { return keyword_; }
  std::string text() const { return join_tokens(mlm_, body_); }
  double score() const { return log_pi_; }  // log π(x) = log LM(x) + β·|x|
  double best_score() const { return best_score_; }
  const std::vector<std::int32_t>& best_body() const { return best_body_; }
  std::string best_text() const { return join_tokens(mlm_, best_body_); }

  // log of the number of ways the keywords fit into `body` in order as disjoint blocks
  // (−∞ when they do not), 0 with a template. The target of a state is LM − this.
  double log_placements(const std::vector<std::int32_t>& body) const;

 private:
  void step_one(std::vector<CgmhRecord>* records);
  double log_pi(const std::vector<std::int32_t>& body);
  // The candidate law at body position `pos` of `seq_` ([CLS] body [SEP], [MASK] at pos).
  void candidates(int pos);
  double log_g(std::int32_t id) const;
  std::int32_t draw_candidate();
  bool replaceable(int pos) const { return keyword_[pos] < 0 && free_[pos]; }
  bool slot_allowed(const std::vector<int>& keyword, int slot) const;
  int count_replaceable(const std::vector<int>& keyword, const std::vector<std::uint8_t>& free) const;
  int count_slots(const std::vector<int>& keyword) const;
  void set_sequence(const std::vector<std::int32_t>& body, int mask_at, bool insert_mask);

  MaskedLm& mlm_;
  LanguageModel& lm_;
  CgmhOptions options_;
  std::array<double, 3> probs_{};
  bool fixed_shape_ = false;
  int max_length_ = 0;
  std::vector<std::vector<std::int32_t>> keyword_ids_;
  std::vector<std::int32_t> samplable_;
  Rng rng_;

  std::vector<std::int32_t> body_;
  std::vector<int> keyword_;         // per position: keyword index or −1
  std::vector<std::uint8_t> free_;   // per position: 1 unless a template pins it
  double log_pi_ = 0, log_m_ = 0;
  double best_score_ = 0;
  std::vector<std::int32_t> best_body_;
  std::array<CgmhMoveStats, 3> stats_{};
  std::uint64_t steps_ = 0;

  // buffers reused by every step
  StepDistribution dist_;
  std::vector<float> logits_;
  std::vector<int> rows_;
  std::vector<std::int32_t> seq_, proposal_;
  std::vector<int> proposal_keyword_;
  std::vector<std::uint8_t> proposal_free_;
};

}  // namespace sampling::text
