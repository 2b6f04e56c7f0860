// Bindings of CGMH: the n-gram language model (its file as bytes), a chunked, resumable
// CgmhRun on a loaded TextModel and NgramModel (the core's CgmhRun, stepped n at a time),
// and the cgmh subcommand, printing what sampling-cli cgmh prints.
#include <emscripten/bind.h>

#include <algorithm>
#include <cmath>
#include <memory>
#include <sstream>

#include "core/cli/commands.hpp"
#include "core/common/error.hpp"
#include "core/common/utf8.hpp"
#include "core/text/cgmh.hpp"
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

// The options object of CgmhRun (sampling.d.ts, CgmhOptions) as the core's options; the
// defaults are sampling-cli cgmh's, so the same options give the CLI's chain.
CgmhOptions cgmh_options(const val& v, const MaskedLm& mlm) {
  if (v.isUndefined() || v.isNull() || v.isString() || v.isNumber()) throw Error("CgmhRun needs an options object");
  CgmhOptions o;
  if (!has(v, "keywords") || !v["keywords"].isArray())
    throw Error("cgmh: option 'keywords' must be an array of strings, e.g. ['月', '山']");
  o.keywords = strings_of(v["keywords"], "option 'keywords'");
  o.pattern = string_or(v, "template", "");
  if (has(v, "template") && o.pattern.empty()) throw Error("cgmh: the template is empty: write _ for each position to sample");
  for (const auto& name : template_preset_names())
    if (o.pattern == name) o.pattern = template_preset(name);
  if (has(v, "moves")) {
    if (!o.pattern.empty()) throw Error("cgmh: option 'moves' is not taken with a template: a template allows replace moves only");
    const std::vector<double> w = numbers_of(v["moves"], "option 'moves'");
    if (w.size() != 3) throw Error("cgmh: option 'moves' is [replace, insert, delete] (three weights)");
    for (double x : w)
      if (!(std::isfinite(x) && x >= 0)) throw Error("cgmh: the move weights must be numbers >= 0");
    if (!(w[0] > 0 || w[1] > 0 || w[2] > 0)) throw Error("cgmh: at least one move weight must be above 0");
    const auto p = move_probabilities({w[0], w[1], w[2]});  // as the CLI's --moves
    o.p_replace = p[0], o.p_insert = p[1], o.p_delete = p[2];
  }
  o.top_k = static_cast<int>(count_at_most(v, "topK", 50, sampling::text::kMaxTopK));
  o.explore = number_or(v, "explore", 0.0);
  o.length_bonus = number_or(v, "lengthBonus", 0.0);
  const std::uint64_t longest = static_cast<std::uint64_t>(std::clamp(mlm.max_length() - 2, 1, 20));
  o.max_length = static_cast<int>(count_at_most(v, "maxLength", longest, 1u << 20));
  o.seed = count_or(v, "seed", 0);
  if (has(v, "anneal")) o.annealing = annealing_of(v["anneal"]);
  return o;
}

class CgmhRunJs {
 public:
  CgmhRunJs(val text_model, const NgramModelJs& ngram, val options) {
    try {
      mlm_ = masked_lm_of(text_model);
      if (!ngram.model()) throw Error("CgmhRun needs a loaded NgramModel");
      ngram_ = ngram.model();
      lm_ = ngram_language_model(*ngram_, *mlm_);
      run_ = std::make_unique<CgmhRun>(*mlm_, *lm_, cgmh_options(options, *mlm_));
    } catch (const std::exception& e) {
      error_ = e.what();
    }
  }
  std::string error() const { return error_; }

  // n more steps: their records (struct of arrays, one entry per step) and the state after.
  val step(double n) {
    return guarded([&] {
      records_.clear();
      run_->run(chunk_steps(n, "step(n)", CgmhRun::kMaxRecords), &records_);
      const val rec = RecordColumns<CgmhRecord>(records_)
                          .add<double>("step", &CgmhRecord::step)
                          .add<std::int32_t>("move", &CgmhRecord::move)
                          .add<std::uint8_t>("proposed", &CgmhRecord::proposed)
                          .add<std::int32_t>("position", &CgmhRecord::position)
                          .add<std::int32_t>("oldId", &CgmhRecord::old_id)
                          .add<std::int32_t>("newId", &CgmhRecord::new_id)
                          .add<double>("logQForward", &CgmhRecord::log_q_forward)
                          .add<double>("logQReverse", &CgmhRecord::log_q_reverse)
                          .add<double>("logPiOld", &CgmhRecord::log_pi_old)
                          .add<double>("logPiNew", &CgmhRecord::log_pi_new)
                          .add<double>("logRatio", &CgmhRecord::log_ratio)
                          .add<double>("temperature", &CgmhRecord::temperature)
                          .add<std::uint8_t>("accepted", &CgmhRecord::accepted)
                          .add<double>("score", &CgmhRecord::score)
                          .value();
      val o = stats();
      o.set("records", rec);
      return o;
    });
  }

  // Where the chain stands: steps, per-move statistics, the sentence (ids, keyword blocks)
  // and its score, the best sentence, the temperature of the next step.
  val stats() const {
    return guarded([&] {
      val o = val::object();
      o.set("steps", static_cast<double>(run_->steps()));
      const auto p = run_->move_probabilities();
      val moves = val::object();
      for (int m = 0; m < 3; ++m) {
        const CgmhMoveStats& s = run_->stats(static_cast<CgmhMove>(m));
        val e = val::object();
        e.set("p", p[m]);
        e.set("proposals", static_cast<double>(s.proposals));
        e.set("acceptances", static_cast<double>(s.acceptances));
        e.set("rate", s.rate());
        e.set("impossible", static_cast<double>(s.impossible));
        moves.set(cgmh_move_name(static_cast<CgmhMove>(m)), e);
      }
      o.set("moves", moves);
      o.set("text", run_->text());
      o.set("ids", typed_array("Int32Array", run_->body()));
      o.set("keywordOf", typed_array("Int32Array", run_->keyword_of()));
      o.set("score", run_->score());
      o.set("bestText", run_->best_text());
      o.set("bestIds", typed_array("Int32Array", run_->best_body()));
      o.set("bestScore", run_->best_score());
      o.set("temperature", run_->temperature(run_->steps()));
      return o;
    });
  }

 private:
  // Kept alive while the run lives, even if the models are deleted.
  std::shared_ptr<MaskedLm> mlm_;
  std::shared_ptr<NgramModel> ngram_;
  std::unique_ptr<LanguageModel> lm_;
  std::unique_ptr<CgmhRun> run_;
  std::vector<CgmhRecord> records_;
  std::string error_;
};

#ifndef SAMPLING_WASM_LAB_MODULE  // the subcommands are in the full module only (CMakeLists.txt)
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
#endif

}  // namespace
}  // namespace sampling::wasm

EMSCRIPTEN_BINDINGS(sampling_cgmh) {
  using namespace sampling::wasm;
#ifndef SAMPLING_WASM_LAB_MODULE  // the subcommands are in the full module only (CMakeLists.txt)
  emscripten::function("cgmhCommand", &cgmh_command);
#endif
  emscripten::class_<CgmhRunJs>("CgmhRun")
      .constructor<emscripten::val, const NgramModelJs&, emscripten::val>()
      .function("error", &CgmhRunJs::error)
      .function("step", &CgmhRunJs::step)
      .function("stats", &CgmhRunJs::stats);
  emscripten::class_<NgramModelJs>("NgramModel")
      .constructor<emscripten::val>()
      .function("error", &NgramModelJs::error)
      .function("info", &NgramModelJs::info)
      .function("sentenceLogProb", &NgramModelJs::sentence_log_prob);
}
