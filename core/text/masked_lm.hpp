#pragma once
// What a text sampler needs from a masked language model, and nothing more: the
// vocabulary's shape and the logits of chosen rows of one sequence. The BERT engine
// (core/text/bert_masked_lm.hpp) implements it for real checkpoints; tests implement it
// with small tables whose conditionals can be enumerated.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace sampling::text {

class MaskedLm {
 public:
  virtual ~MaskedLm() = default;

  virtual int vocab_size() const = 0;
  // Longest sequence the model accepts, [CLS] and [SEP] included.
  virtual int max_length() const = 0;
  virtual std::int32_t mask_id() const = 0;
  virtual std::int32_t cls_id() const = 0;
  virtual std::int32_t sep_id() const = 0;
  // True for ids a sampler may place at a free position: not a special token
  // ([PAD] [UNK] [CLS] [SEP] [MASK] and any other [..] token) and not punctuation.
  virtual bool samplable(std::int32_t id) const = 0;
  // The token's text (for display and the CLI's output).
  virtual const std::string& token(std::int32_t id) const = 0;
  // Text to ids without [CLS]/[SEP] (the model's own tokenizer; "[MASK]" written in the
  // text is the mask token). Throws sampling::Error on invalid UTF-8.
  virtual std::vector<std::int32_t> encode(std::string_view text) const = 0;

  // Logits of the given rows of the sequence `ids` ([CLS] ... [SEP]): out is resized to
  // rows.size() × vocab_size(), row-major, in the order of `rows`. Only those rows'
  // output heads are computed. Throws sampling::Error on an id out of range or a
  // sequence longer than max_length().
  virtual void logits(const std::vector<std::int32_t>& ids, const std::vector<int>& rows,
                      std::vector<float>& out) = 0;
};

// Throws sampling::Error naming the first token whose logit (rows of `vocab` values) is
// NaN or infinite: finite weights can still overflow, and a NaN would sort and print as
// if it were a probability.
void check_finite_logits(const std::vector<float>& logits, std::size_t vocab);

}  // namespace sampling::text
