#include "core/cli/model_dir.hpp"

#include "core/cli/args.hpp"
#include "core/text/bert_masked_lm.hpp"

namespace sampling::cli {

std::unique_ptr<text::MaskedLm> load_model_dir(const std::string& dir) {
  const auto file = [&](const char* name) {
    return read_file(dir.empty() || dir.back() == '/' ? dir + name : dir + "/" + name);
  };
  // One after the other, so a folder missing several files names the first of them.
  const std::string config = file("config.json");
  const std::string vocab = file("vocab.txt");
  return text::load_bert_masked_lm(config, vocab, file("model.safetensors"));
}

}  // namespace sampling::cli
