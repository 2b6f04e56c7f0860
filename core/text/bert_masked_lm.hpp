#pragma once
// A BERT checkpoint in Hugging Face layout (BertForMaskedLM: config.json, vocab.txt,
// model.safetensors) as a MaskedLm: the encoder of core/nn/bert and the WordPiece
// tokenizer of core/text/bert_tokenizer behind the interface the samplers use.
#include <memory>
#include <string_view>

#include "core/text/masked_lm.hpp"

namespace sampling::text {

// Reads and validates the three files (given as bytes). Throws sampling::Error naming
// the file and what is wrong ("model.safetensors: tensor bert.embeddings... has shape
// [3, 4], expected [21128, 768]", "vocab.txt: no [MASK] token", ...).
std::unique_ptr<MaskedLm> load_bert_masked_lm(std::string_view config_json, std::string_view vocab_txt,
                                              std::string_view safetensors);

}  // namespace sampling::text
