// Bindings of core/text: a BERT masked LM loaded from its three files, inspection of its
// predictions, templates, chunked Gibbs runs (annealing included), chunked MH-corrected
// Gibbs runs and the gibbs subcommand.
#include <emscripten/bind.h>

#include <algorithm>
#include <cmath>
#include <memory>
#include <numeric>
#include <sstream>

#include "core/cli/commands.hpp"
#include "core/common/logsumexp.hpp"
#include "core/text/bert_masked_lm.hpp"
#include "core/text/gibbs.hpp"
#include "core/text/mh_gibbs.hpp"
#include "wasm/js_values.hpp"
#include "wasm/text_model.hpp"

namespace sampling::wasm {
namespace {
using namespace sampling::text;

// A config or vocabulary may come as a string; every file may come as bytes.
std::string file_of(const val& v, const char* what) { return v.isString() ? v.as<std::string>() : bytes_of(v, what); }

std::vector<std::int32_t> ids_of(const val& array, const MaskedLm& lm) {
  const std::vector<double> values = numbers_of(array, "ids");
  std::vector<std::int32_t> ids;
  for (std::size_t i = 0; i < values.size(); ++i) {
    const double v = values[i];
    if (!(v >= 0 && v < lm.vocab_size() && std::floor(v) == v))
      throw Error("ids[" + std::to_string(i) + "] = " + show(v) + " is not a token id (0 to " +
                  std::to_string(lm.vocab_size() - 1) + ")");
    ids.push_back(static_cast<std::int32_t>(v));
  }
  return ids;
}

val tokens_of(const MaskedLm& lm, const std::vector<std::int32_t>& ids) {
  val out = val::array();
  for (std::int32_t id : ids) out.call<void>("push", lm.token(id));
  return out;
}

class TextModelJs {
 public:
  TextModelJs(val config, val vocab, val weights) {
    try {
      const std::string c = file_of(config, "config.json"), v = file_of(vocab, "vocab.txt");
      lm_ = std::shared_ptr<MaskedLm>(load_bert_masked_lm(c, v, bytes_of(weights, "model.safetensors")));
    } catch (const std::exception& e) {
      error_ = e.what();
    }
  }
  std::string error() const { return error_; }
  const std::shared_ptr<MaskedLm>& lm() const { return lm_; }

  val info() const {
    return guarded([&] {
      val o = val::object();
      o.set("vocabSize", lm_->vocab_size()), o.set("maxLength", lm_->max_length());
      o.set("maskId", lm_->mask_id()), o.set("clsId", lm_->cls_id()), o.set("sepId", lm_->sep_id());
      o.set("samplable", static_cast<double>(samplable_ids(*lm_).size()));
      return o;
    });
  }

  // Every token's text, in id order.
  val tokens() const {
    return guarded([&] {
      std::vector<std::int32_t> all(static_cast<std::size_t>(lm_->vocab_size()));
      std::iota(all.begin(), all.end(), 0);
      return tokens_of(*lm_, all);
    });
  }

  // 1 for the ids a free position may take.
  val samplable() const {
    return guarded([&] {
      std::vector<std::uint8_t> flags(static_cast<std::size_t>(lm_->vocab_size()));
      for (std::size_t id = 0; id < flags.size(); ++id) flags[id] = lm_->samplable(static_cast<std::int32_t>(id));
      return typed_array("Uint8Array", flags);
    });
  }

  val encode(std::string text) const { return guarded([&] { return typed_array("Int32Array", lm_->encode(text)); }); }

  // Raw logits of `rows` of the sequence `ids` ([CLS] ... [SEP]): rows × vocab, row-major.
  val logits(val ids, val rows) {
    return guarded([&] {
      const std::vector<std::int32_t> seq = ids_of(ids, *lm_);
      std::vector<int> r;
      const std::vector<double> wanted = numbers_of(rows, "rows");
      // Each row costs a vocabulary of floats: more rows than positions would only repeat
      // some (100,000 of them tried to allocate gigabytes).
      if (wanted.size() > seq.size())
        throw Error("rows: at most one per position of the sequence (" + std::to_string(seq.size()) + "), got " +
                    std::to_string(wanted.size()));
      for (double v : wanted) {
        if (!(v >= 0 && v < static_cast<double>(seq.size()) && std::floor(v) == v))
          throw Error("row " + show(v) + " is not a position of the sequence (0 to " + std::to_string(seq.size() - 1) + ")");
        r.push_back(static_cast<int>(v));
      }
      std::vector<float> out;
      lm_->logits(seq, r, out);
      return typed_array("Float32Array", out);
    });
  }

  // The k most probable tokens at every [MASK] of a text (log-softmax over the whole
  // vocabulary, or over the samplable ids when samplableOnly), best first.
  val predict(std::string text, double k, bool samplable_only) {
    return guarded([&] {
      if (!(k >= 1 && k <= 100000 && std::floor(k) == k)) throw Error("predict: k must be an integer from 1, got " + show(k));
      std::vector<std::int32_t> seq{lm_->cls_id()};
      for (std::int32_t id : lm_->encode(text)) seq.push_back(id);
      seq.push_back(lm_->sep_id());
      if (static_cast<long>(seq.size()) > lm_->max_length())
        throw Error("the text has " + std::to_string(seq.size()) + " tokens with [CLS] and [SEP]; the model takes at most " +
                    std::to_string(lm_->max_length()));
      std::vector<int> rows;
      for (std::size_t i = 0; i < seq.size(); ++i)
        if (seq[i] == lm_->mask_id()) rows.push_back(static_cast<int>(i));
      std::vector<float> out;
      const std::size_t vocab = static_cast<std::size_t>(lm_->vocab_size());
      if (!rows.empty()) {
        lm_->logits(seq, rows, out);
        text::check_finite_logits(out, vocab);
      }
      std::vector<std::int32_t> candidates;
      for (std::int32_t id = 0; id < lm_->vocab_size(); ++id)
        if (!samplable_only || lm_->samplable(id)) candidates.push_back(id);
      const std::size_t kk = std::min<std::size_t>(static_cast<std::size_t>(k), candidates.size());
      std::vector<double> lp(candidates.size());
      val masked = val::array();
      for (std::size_t r = 0; r < rows.size(); ++r) {
        const float* row = out.data() + r * vocab;
        for (std::size_t j = 0; j < candidates.size(); ++j) lp[j] = row[candidates[j]];
        const double z = log_sum_exp(lp.data(), lp.size());
        std::vector<std::size_t> order(candidates.size());
        std::iota(order.begin(), order.end(), 0);
        std::partial_sort(order.begin(), order.begin() + kk, order.end(),
                          [&](std::size_t a, std::size_t b) { return lp[a] > lp[b] || (lp[a] == lp[b] && a < b); });
        std::vector<std::int32_t> top_ids;
        std::vector<double> top_lp;
        for (std::size_t i = 0; i < kk; ++i) top_ids.push_back(candidates[order[i]]), top_lp.push_back(lp[order[i]] - z);
        val m = val::object();
        m.set("index", rows[r]);
        m.set("ids", typed_array("Int32Array", top_ids));
        m.set("tokens", tokens_of(*lm_, top_ids));
        m.set("logProbs", typed_array("Float64Array", top_lp));
        masked.call<void>("push", m);
      }
      val o = val::object();
      o.set("ids", typed_array("Int32Array", seq));
      o.set("masked", masked);
      return o;
    });
  }

  // The template as the model reads it: body ids ([MASK] at free positions), free flags
  // and tokens. Throws what GibbsRun would throw for it.
  val parse(std::string pattern) const {
    return guarded([&] {
      const Template t = parse_template(*lm_, pattern);
      val o = val::object();
      o.set("ids", typed_array("Int32Array", t.ids));
      o.set("free", typed_array("Uint8Array", t.is_free));
      o.set("tokens", tokens_of(*lm_, t.ids));
      return o;
    });
  }

 private:
  std::shared_ptr<MaskedLm> lm_;
  std::string error_;
};

GibbsOptions gibbs_options(const val& v) {
  if (v.isUndefined() || v.isNull() || v.isString() || v.isNumber()) throw Error("GibbsRun needs an options object");
  GibbsOptions o;
  if (!has(v, "template")) throw Error("option 'template' is missing");
  o.pattern = string_or(v, "template", "");
  for (const auto& name : template_preset_names())
    if (o.pattern == name) o.pattern = template_preset(name);
  o.order = parse_gibbs_order(string_or(v, "order", "random"));
  o.temperature = number_or(v, "temperature", 1.0);
  if (has(v, "anneal")) {
    if (has(v, "temperature")) throw Error("give 'temperature' or 'anneal', not both");
    o.annealing = annealing_of(v["anneal"]);
  }
  o.top_k = static_cast<int>(count_at_most(v, "topK", 100, sampling::text::kMaxTopK));  // refused as given, not clamped (as CGMH)
  o.burn_in = count_or(v, "burnIn", 250);
  o.seed = count_or(v, "seed", 0);
  const std::uint64_t chains = count_or(v, "chains", 1);
  if (chains < 1 || chains > static_cast<std::uint64_t>(GibbsRun::kMaxChains))
    throw Error("gibbs: chains must be between 1 and " + std::to_string(GibbsRun::kMaxChains) + ", got " +
                std::to_string(chains));
  o.chains = static_cast<int>(chains);
  const std::string start = string_or(v, "start", "mask");
  if (start == "mask") o.start = StartKind::mask;
  else if (start == "random") o.start = StartKind::random;
  else o.start = StartKind::text, o.start_text = start;
  return o;
}

// Steps one run(n) call of a Gibbs or MH-Gibbs run takes (the core also bounds the records).
constexpr std::uint64_t kMaxChunkSteps = 10'000'000;

class GibbsRunJs {
 public:
  GibbsRunJs(const TextModelJs& model, val options) {
    try {
      if (!model.lm()) throw Error("GibbsRun needs a loaded TextModel");
      lm_ = model.lm();
      run_ = std::make_unique<GibbsRun>(*lm_, gibbs_options(options));
    } catch (const std::exception& e) {
      error_ = e.what();
    }
  }
  std::string error() const { return error_; }

  // n more steps of every chain: the chunk's records (struct of arrays, step by step,
  // chain by chain) and each chain's text and score after it.
  val run(double n) {
    return guarded([&] {
      records_.clear();
      run_->run(chunk_steps(n, "run(n)", kMaxChunkSteps), &records_);
      const val rec = RecordColumns<GibbsRecord>(records_)
                          .add<std::int32_t>("chain", &GibbsRecord::chain)
                          .add<double>("step", &GibbsRecord::step)
                          .add<std::int32_t>("position", &GibbsRecord::position)
                          .add<std::int32_t>("oldId", &GibbsRecord::old_id)
                          .add<std::int32_t>("newId", &GibbsRecord::new_id)
                          .add<double>("prob", &GibbsRecord::prob)
                          .add<double>("logProb", &GibbsRecord::log_prob)
                          .add<double>("temperature", &GibbsRecord::temperature)
                          .add<double>("score", &GibbsRecord::score)
                          .value();
      val o = val::object();
      o.set("records", rec);
      o.set("steps", static_cast<double>(run_->steps()));
      o.set("texts", texts());
      o.set("scores", scores());
      return o;
    });
  }

  // Where every chain stands: texts, ids, scores, best scores and texts, the template.
  val stats() const {
    return guarded([&] {
      val o = val::object();
      o.set("steps", static_cast<double>(run_->steps()));
      o.set("chains", run_->chains());
      o.set("texts", texts());
      o.set("scores", scores());
      std::vector<double> best;
      val best_texts = val::array(), ids = val::array();
      for (int c = 0; c < run_->chains(); ++c) {
        best.push_back(run_->best_score(c));
        best_texts.call<void>("push", std::isfinite(best.back()) ? val(join_tokens(*lm_, run_->best_body(c))) : val::null());
        ids.call<void>("push", typed_array("Int32Array", run_->body(c)));
      }
      o.set("bestScores", typed_array("Float64Array", best));
      o.set("bestTexts", best_texts);
      o.set("ids", ids);
      o.set("free", typed_array("Uint8Array", run_->layout().is_free));
      o.set("temperature", run_->temperature(run_->steps()));
      return o;
    });
  }

  val pseudo_log_likelihood(double chain) {
    return guarded([&] {
      if (!(chain >= 0 && chain < run_->chains() && std::floor(chain) == chain))
        throw Error("pseudoLogLikelihood(chain): chain must be an integer from 0 to " + std::to_string(run_->chains() - 1));
      return val(run_->pseudo_log_likelihood(static_cast<int>(chain)));
    });
  }

 private:
  val texts() const {
    val t = val::array();
    for (int c = 0; c < run_->chains(); ++c) t.call<void>("push", run_->text(c));
    return t;
  }
  val scores() const {
    std::vector<double> s;
    for (int c = 0; c < run_->chains(); ++c) s.push_back(run_->score(c));
    return typed_array("Float64Array", s);
  }

  std::shared_ptr<MaskedLm> lm_;  // kept alive while the run lives, even if the model is deleted
  std::unique_ptr<GibbsRun> run_;
  std::vector<GibbsRecord> records_;
  std::string error_;
};

// MH-corrected Gibbs with GibbsRun's options (no order but random, no anneal): chunks of
// proposals with their acceptance, each chain's energy and acceptance counts.
class MhGibbsRunJs {
 public:
  MhGibbsRunJs(const TextModelJs& model, val options) {
    try {
      if (!model.lm()) throw Error("MhGibbsRun needs a loaded TextModel");
      lm_ = model.lm();
      const GibbsOptions g = gibbs_options(options);
      run_ = std::make_unique<MhGibbsChains>(*lm_, mh_gibbs_options(g), g.chains);
    } catch (const std::exception& e) {
      error_ = e.what();
    }
  }
  std::string error() const { return error_; }

  // n more steps of every chain: the chunk's records (struct of arrays, step by step,
  // chain by chain) and each chain's text, energy and acceptances after it.
  val run(double n) {
    return guarded([&] {
      records_.clear();
      run_->run(chunk_steps(n, "run(n)", kMaxChunkSteps), &records_);
      const val rec = RecordColumns<MhGibbsRecord>(records_)
                          .add<std::int32_t>("chain", &MhGibbsRecord::chain)
                          .add<double>("step", &MhGibbsRecord::step)
                          .add<std::int32_t>("position", &MhGibbsRecord::position)
                          .add<std::int32_t>("oldId", &MhGibbsRecord::old_id)
                          .add<std::int32_t>("newId", &MhGibbsRecord::new_id)
                          .add<double>("logQ", &MhGibbsRecord::log_q_forward)
                          .add<double>("logQReverse", &MhGibbsRecord::log_q_reverse)
                          .add<double>("energyNew", &MhGibbsRecord::energy_new)
                          .add<double>("logRatio", &MhGibbsRecord::log_ratio)
                          .add<std::uint8_t>("accepted", &MhGibbsRecord::accepted)
                          .add<double>("energy", &MhGibbsRecord::energy)
                          .value();
      val o = stats();
      o.set("records", rec);
      return o;
    });
  }

  // Where every chain stands: texts, ids, energies, best energies and texts, proposals
  // and acceptances per chain, the template.
  val stats() const {
    return guarded([&] {
      val o = val::object();
      o.set("steps", static_cast<double>(run_->steps()));
      o.set("chains", run_->chains());
      val texts = val::array(), best_texts = val::array(), ids = val::array();
      std::vector<double> energies, best, proposals, acceptances;
      for (int c = 0; c < run_->chains(); ++c) {
        const MhGibbsRun& chain = run_->chain(c);
        texts.call<void>("push", chain.text());
        best_texts.call<void>("push", join_tokens(*lm_, chain.best_body()));
        ids.call<void>("push", typed_array("Int32Array", chain.body()));
        energies.push_back(chain.energy()), best.push_back(chain.best_energy());
        proposals.push_back(static_cast<double>(chain.proposals()));
        acceptances.push_back(static_cast<double>(chain.acceptances()));
      }
      o.set("texts", texts);
      o.set("energies", typed_array("Float64Array", energies));
      o.set("bestEnergies", typed_array("Float64Array", best));
      o.set("bestTexts", best_texts);
      o.set("ids", ids);
      o.set("proposals", typed_array("Float64Array", proposals));
      o.set("acceptances", typed_array("Float64Array", acceptances));
      o.set("free", typed_array("Uint8Array", run_->chain(0).layout().is_free));
      return o;
    });
  }

 private:
  std::shared_ptr<MaskedLm> lm_;  // kept alive while the run lives, even if the model is deleted
  std::unique_ptr<MhGibbsChains> run_;
  std::vector<MhGibbsRecord> records_;
  std::string error_;
};

val template_presets() { return string_array(template_preset_names()); }

val template_preset_of(std::string name) { return guarded([&] { return val(template_preset(name)); }); }

// τ_0 .. τ_{n−1} of the schedule {from, to, steps} (n defaults to steps).
val annealing_schedule(val schedule, val n) {
  return guarded([&] {
    const AnnealingSchedule s = annealing_of(schedule);
    std::uint64_t count = s.steps;
    if (!n.isUndefined() && !n.isNull()) {
      if (!n.isNumber()) throw Error("annealingSchedule: n must be a number");
      const double v = n.as<double>();
      if (!(v >= 0 && v <= 1e7 && std::floor(v) == v)) throw Error("annealingSchedule: n must be an integer from 0 to 10^7");
      count = static_cast<std::uint64_t>(v);
    }
    return typed_array("Float64Array", annealing_temperatures(s, count));
  });
}

#ifndef SAMPLING_WASM_LAB_MODULE  // the subcommands are in the full module only (CMakeLists.txt)
val gibbs_command(const TextModelJs& model, val args) {
  return guarded([&] {
    if (!model.lm()) throw Error("gibbsCommand needs a loaded TextModel");
    std::ostringstream out, err;
    const int code = cli::gibbs_command_with_model(*model.lm(), strings_of(args, "a command"), out, err);
    return command_result(out.str(), err.str(), code);
  });
}
#endif

}  // namespace

text::AnnealingSchedule annealing_of(const val& a) {
  if (a.isString() || a.isNumber() || !has(a, "from") || !has(a, "to"))
    throw Error("option 'anneal' must be an object {from, to, steps}");
  text::AnnealingSchedule s;
  s.from = number_or(a, "from", 1.0);
  s.to = number_or(a, "to", 1.0);
  s.steps = count_or(a, "steps", 500);
  s.check();
  return s;
}

std::shared_ptr<text::MaskedLm> masked_lm_of(const val& text_model) {
  // Checked before as<>(), whose BindingError for another class would be a JS exception
  // thrown through this call's C++ frames (which leaves the module's stack unrestored).
  if (!text_model.instanceof(val::module_property("TextModel")))
    throw Error("expected a TextModel (the masked language model), got another " + text_model.typeOf().as<std::string>());
  const TextModelJs* model = text_model.as<TextModelJs*>(emscripten::allow_raw_pointers());
  if (!model || !model->lm()) throw Error("the TextModel did not load" + (model ? ": " + model->error() : std::string()));
  return model->lm();
}

}  // namespace sampling::wasm

EMSCRIPTEN_BINDINGS(sampling_text) {
  using namespace sampling::wasm;
  emscripten::function("templatePresets", &template_presets);
  emscripten::function("templatePreset", &template_preset_of);
  emscripten::function("annealingSchedule", &annealing_schedule);
#ifndef SAMPLING_WASM_LAB_MODULE  // the subcommands are in the full module only (CMakeLists.txt)
  emscripten::function("gibbsCommand", &gibbs_command);
#endif
  emscripten::class_<TextModelJs>("TextModel")
      .constructor<emscripten::val, emscripten::val, emscripten::val>()
      .function("error", &TextModelJs::error)
      .function("info", &TextModelJs::info)
      .function("tokens", &TextModelJs::tokens)
      .function("samplable", &TextModelJs::samplable)
      .function("encode", &TextModelJs::encode)
      .function("logits", &TextModelJs::logits)
      .function("predict", &TextModelJs::predict)
      .function("template", &TextModelJs::parse);
  emscripten::class_<GibbsRunJs>("GibbsRun")
      .constructor<const TextModelJs&, emscripten::val>()
      .function("error", &GibbsRunJs::error)
      .function("run", &GibbsRunJs::run)
      .function("stats", &GibbsRunJs::stats)
      .function("pseudoLogLikelihood", &GibbsRunJs::pseudo_log_likelihood);
  emscripten::class_<MhGibbsRunJs>("MhGibbsRun")
      .constructor<const TextModelJs&, emscripten::val>()
      .function("error", &MhGibbsRunJs::error)
      .function("run", &MhGibbsRunJs::run)
      .function("stats", &MhGibbsRunJs::stats);
}
