#pragma once
// A Hugging Face BertForMaskedLM folder on disk (config.json, vocab.txt,
// model.safetensors) loaded as a MaskedLm; shared by the subcommands that take --model.
#include <memory>
#include <string>

#include "core/text/masked_lm.hpp"

namespace sampling::cli {

// Throws sampling::Error naming the file that cannot be read or is malformed.
std::unique_ptr<text::MaskedLm> load_model_dir(const std::string& dir);

}  // namespace sampling::cli
