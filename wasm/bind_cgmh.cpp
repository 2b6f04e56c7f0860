// Bindings of CGMH: the n-gram language model (its file as bytes) and the cgmh subcommand
// on a loaded TextModel and NgramModel, printing what sampling-cli cgmh prints.
#include <emscripten/bind.h>

#include <memory>
#include <sstream>

#include "core/cli/commands.hpp"
#include "core/common/error.hpp"
#include "core/common/utf8.hpp"
#include "core/text/ngram_lm.hpp"
#include "wasm/js_values.hpp"
#include "wasm/text_model.hpp"

namespace sampling::wasm {
namespace {
using namespace sampling::text;

class NgramModelJs {
 public:
  explicit NgramModelJs(val bytes) {
    try {
      model_ = std::make_shared<NgramModel>(NgramModel::parse(bytes_of(bytes, "poetry-ngram.bin")));
    } catch (const std::exception& e) {
      error_ = e.what();
    }
  }
  std::string error() const { return error_; }
  const std::shared_ptr<NgramModel>& model() const { return model_; }

  val info() const {
    return guarded([&] {
      val o = val::object();
      o.set("vocabSize", model_->vocab_size());
      o.set("bigrams", static_cast<double>(model_->bigrams()));
      o.set("trigrams", static_cast<double>(model_->trigrams()));
      return o;
    });
  }
  // log p of one line (its end included), the characters by their text ([UNK] when unknown).
  val sentence_log_prob(std::string line) const {
    return guarded([&] {
      std::vector<int> ids;
      for (char32_t cp : decode_utf8(line)) {
        std::string ch;
        append_utf8(cp, ch);
        const int id = model_->find(ch);
        ids.push_back(id < 0 ? model_->unk_id() : id);
      }
      return val(model_->sentence_log_prob(ids));
    });
  }

 private:
  std::shared_ptr<NgramModel> model_;
  std::string error_;
};

val cgmh_command(val text_model, const NgramModelJs& ngram, val args) {
  return guarded([&] {
    const std::shared_ptr<MaskedLm> mlm = masked_lm_of(text_model);
    if (!ngram.model()) throw Error("cgmhCommand needs a loaded NgramModel");
    const auto lm = ngram_language_model(*ngram.model(), *mlm);
    std::ostringstream out, err;
    const int code = cli::cgmh_command_with_models(*mlm, *lm, strings_of(args, "a command"), out, err);
    return command_result(out.str(), err.str(), code);
  });
}

}  // namespace
}  // namespace sampling::wasm

EMSCRIPTEN_BINDINGS(sampling_cgmh) {
  using namespace sampling::wasm;
  emscripten::function("cgmhCommand", &cgmh_command);
  emscripten::class_<NgramModelJs>("NgramModel")
      .constructor<emscripten::val>()
      .function("error", &NgramModelJs::error)
      .function("info", &NgramModelJs::info)
      .function("sentenceLogProb", &NgramModelJs::sentence_log_prob);
}
