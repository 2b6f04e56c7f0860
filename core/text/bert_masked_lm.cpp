#include "core/text/bert_masked_lm.hpp"

#include <string>

#include "core/common/error.hpp"
#include "core/nn/bert.hpp"
#include "core/nn/safetensors.hpp"
#include "core/text/bert_tokenizer.hpp"
#include "core/text/vocab.hpp"

namespace sampling::text {
namespace {

class BertMaskedLm : public MaskedLm {
 public:
  BertMaskedLm(const nn::BertConfig& config, Vocab vocab, const nn::SafetensorsIndex& weights)
      : vocab_(std::move(vocab)), tokenizer_(vocab_), bert_(config, weights) {
    // Padded only now that the weights have matched config.json: a vocab_size of 2^24 in a
    // damaged config would otherwise make millions of placeholder tokens before the
    // embedding's shape refuses it.
    vocab_.pad_to(config.vocab_size);
    samplable_.resize(static_cast<std::size_t>(vocab_.size()));
    for (std::int32_t id = 0; id < vocab_.size(); ++id)
      samplable_[static_cast<std::size_t>(id)] =
          !vocab_.is_special(id) && !BertTokenizer::is_punctuation_token(vocab_.token(id));
  }

  int vocab_size() const override { return bert_.config().vocab_size; }
  int max_length() const override { return bert_.config().max_position_embeddings; }
  std::int32_t mask_id() const override { return vocab_.mask_id(); }
  std::int32_t cls_id() const override { return vocab_.cls_id(); }
  std::int32_t sep_id() const override { return vocab_.sep_id(); }
  bool samplable(std::int32_t id) const override {
    return id >= 0 && id < vocab_.size() && samplable_[static_cast<std::size_t>(id)];
  }
  const std::string& token(std::int32_t id) const override {
    if (id < 0 || id >= vocab_.size())
      throw Error("token id " + std::to_string(id) + " is outside the vocabulary (0 to " +
                  std::to_string(vocab_.size() - 1) + ")");
    return vocab_.token(id);
  }
  std::vector<std::int32_t> encode(std::string_view text) const override { return tokenizer_.encode(text); }

  void logits(const std::vector<std::int32_t>& ids, const std::vector<int>& rows, std::vector<float>& out) override {
    for (const int r : rows)
      if (r < 0 || static_cast<std::size_t>(r) >= ids.size())
        throw Error("masked LM: row " + std::to_string(r) + " is outside the sequence of " +
                    std::to_string(ids.size()) + " tokens");
    bert_.forward(ids);
    out.resize(rows.size() * static_cast<std::size_t>(vocab_size()));
    bert_.mlm_logits(rows, out.data());
  }

 private:
  Vocab vocab_;
  BertTokenizer tokenizer_;
  nn::Bert bert_;
  std::vector<bool> samplable_;
};

// "safetensors: X" → "model.safetensors: X"; other messages get the file name in front.
[[noreturn]] void rethrow_for_file(const Error& e) {
  std::string message = e.what();
  const std::string prefix = "safetensors: ";
  if (message.rfind(prefix, 0) == 0) message.erase(0, prefix.size());
  throw Error("model.safetensors: " + message);
}

}  // namespace

std::unique_ptr<MaskedLm> load_bert_masked_lm(std::string_view config_json, std::string_view vocab_txt,
                                              std::string_view safetensors) {
  const nn::BertConfig config = nn::parse_bert_config(config_json);
  Vocab vocab = Vocab::parse(vocab_txt);
  if (vocab.size() > config.vocab_size)
    throw Error("vocab.txt: " + std::to_string(vocab.size()) + " tokens, more than config.json's vocab_size " +
                std::to_string(config.vocab_size));
  nn::SafetensorsIndex index;
  try {
    index = nn::index_safetensors(safetensors);
  } catch (const Error& e) {
    rethrow_for_file(e);
  }
  try {
    return std::make_unique<BertMaskedLm>(config, std::move(vocab), index);
  } catch (const Error& e) {
    rethrow_for_file(e);
  }
}

}  // namespace sampling::text
