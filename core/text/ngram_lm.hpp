#pragma once
// A backoff character trigram model (the CGMH lab's π): interpolated modified
// Kneser–Ney estimated and pruned by tools/poetry_ngram/train.py, stored as log p of
// every kept n-gram and log γ of every context, so
//   p(w | u v) = p3(u v w)                     when the trigram is kept,
//              = γ(u v) · p(w | v)             otherwise (γ = 1 for an unseen context),
//   p(w | v)   = p2(v w)  or  γ(v) · p1(w).
// File layout (little-endian; web/public/models/poetry-ngram/README.md):
//   "SPNGRAM1", u32 order (3), u32 V, u32 T + T bytes of tokens (each ending "\n"),
//   u32 ×3 ids of <s> </s> [UNK], V × (f32 log p1, f32 log γ1),
//   u32 N2 + N2 × (u16 v, u16 w, f32 log p2, f32 log γ2) strictly ascending,
//   u32 N3 + N3 × (u16 u, u16 v, u16 w, f32 log p3) strictly ascending, nothing after.
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/text/language_model.hpp"
#include "core/text/masked_lm.hpp"

namespace sampling::text {

class NgramModel {
 public:
  // Validates everything before use. Throws sampling::Error "n-gram model: ..." naming
  // what is wrong (truncation and where, bad magic, unsupported order, a token that is
  // not UTF-8 or appears twice, an id out of range, records out of order, a
  // probability that is not a finite log-probability, bytes after the end).
  static NgramModel parse(std::string_view bytes);

  int vocab_size() const { return static_cast<int>(tokens_.size()); }
  const std::string& token(int id) const { return tokens_.at(static_cast<std::size_t>(id)); }
  int find(std::string_view token) const;  // −1 when absent
  int bos_id() const { return bos_; }
  int eos_id() const { return eos_; }
  int unk_id() const { return unk_; }
  // False for tokens the model never predicts (<s>, specials, punctuation).
  bool predicts(int id) const;
  std::size_t bigrams() const { return bi_keys_.size(); }
  std::size_t trigrams() const { return tri_keys_.size(); }

  // log p(w | u v); u = −1 when only v (e.g. <s>) precedes w.
  double log_prob(int u, int v, int w) const;
  // log p(</s> ids | <s>): one sentence, its end included.
  double sentence_log_prob(const std::vector<int>& ids) const;

 private:
  std::vector<std::string> tokens_;
  std::unordered_map<std::string, int> index_;
  int bos_ = 0, eos_ = 0, unk_ = 0;
  std::vector<double> p1_, bow1_;
  std::vector<std::uint32_t> bi_keys_;
  std::vector<float> p2_, bow2_;
  std::vector<std::uint64_t> tri_keys_;
  std::vector<float> p3_;
};

// The model as the π of a chain proposing with `mlm` (both must outlive the result):
// tokens are matched by their text (one the n-gram lacks is [UNK]); a token the n-gram
// knows but never predicts (，。) ends a line, and a body is scored as its lines, each
// <s> .. </s> (the punctuation itself adds nothing; an empty body is one empty line).
// Scoring a special token ([MASK], [CLS], ...) throws.
std::unique_ptr<LanguageModel> ngram_language_model(const NgramModel& model, const MaskedLm& mlm);

}  // namespace sampling::text
