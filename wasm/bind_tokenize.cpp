// Bindings of core/tokenize: a loaded model, its segmentations, and chunked sampling runs.
#include <emscripten/bind.h>

#include <map>
#include <memory>

#include "core/cli/commands.hpp"
#include "core/tokenize/sample_without_replacement.hpp"
#include "core/tokenize/tokenizer.hpp"
#include "wasm/js_values.hpp"

namespace sampling::wasm {
namespace {
using namespace sampling::tokenize;

struct SampleOptions {
  Method method;
  double alpha;
  std::uint64_t seed;
  std::size_t nbest;
};

SampleOptions sample_options(const val& o) {
  SampleOptions s{parse_method(string_or(o, "method", "perfect")), number_or(o, "alpha", 0.1), count_or(o, "seed", 0),
                  static_cast<std::size_t>(count_or(o, "nbest", 10))};
  check_alpha(s.alpha);
  if (s.nbest < 1 || s.nbest > 10000) throw Error("nbest must be between 1 and 10000");
  return s;
}

class TokenizerModelJs {
 public:
  explicit TokenizerModelJs(val bytes) {
    try {
      model_ = std::make_unique<UnigramModel>(UnigramModel::load(bytes_of(bytes, "the model file")));
      tokenizer_ = std::make_unique<Tokenizer>(*model_);
    } catch (const std::exception& e) {
      error_ = e.what();
    }
  }
  std::string error() const { return error_; }
  const UnigramModel& model() const { return *model_; }

  val info() const {
    return guarded([&] {
      val o = val::object();
      o.set("kind", model_->kind());
      o.set("pieces", static_cast<double>(model_->size()));
      o.set("byteFallback", model_->byte_fallback());
      return o;
    });
  }

  val normalize(std::string text) {
    return guarded([&] { return val(tokenizer_->normalize(text)); });
  }

  // One segmentation: pieces (as Encode prints them) and, per piece, the normalized
  // text's byte range and id, for coloring.
  val segment(std::string text, val options) {
    return guarded([&] {
      const SampleOptions o = sample_options(options.isUndefined() ? val::object() : options);
      tokenizer_->normalize(text);
      Rng rng(o.seed);
      const auto& seg = tokenizer_->segment(o.method, o.alpha, rng, o.nbest);
      return segmentation_to_js(seg, 0.0, false);
    });
  }

  val exact(std::string text, double alpha, double cap) {
    return guarded([&] {
      check_alpha(alpha);
      if (!(cap >= 1 && cap <= 1e6)) throw Error("cap must be between 1 and 1000000");
      tokenizer_->normalize(text);
      auto& lattice = tokenizer_->lattice();
      const auto entries = exact_distribution(lattice, alpha, static_cast<std::uint64_t>(cap));
      val list = val::array();
      for (const auto& e : entries) {
        val item = segmentation_to_js(e.tokens, e.score, true);
        item.set("probability", e.probability);
        list.call<void>("push", item);
      }
      val o = val::object();
      o.set("normalized", tokenizer_->normalized());
      o.set("entropy", entropy(lattice, alpha));
      o.set("segmentations", list);
      return o;
    });
  }

  val entropy_of(std::string text, double alpha) {
    return guarded([&] {
      check_alpha(alpha);
      tokenizer_->normalize(text);
      return val(entropy(tokenizer_->lattice(), alpha));
    });
  }

  val nbest_of(std::string text, double k) {
    return guarded([&] {
      if (!(k >= 1 && k <= 10000)) throw Error("nbest: k must be between 1 and 10000");
      tokenizer_->normalize(text);
      val list = val::array();
      for (const auto& s : nbest(tokenizer_->lattice(), static_cast<std::size_t>(k)))
        list.call<void>("push", segmentation_to_js(s.tokens, s.score, true));
      return list;
    });
  }

  // k distinct segmentations without replacement, with inclusion probabilities.
  val sample_distinct(std::string text, double k, double alpha, double seed) {
    return guarded([&] {
      check_alpha(alpha);
      if (!(k >= 1 && k <= 10000 && std::floor(k) == k)) throw Error("k must be an integer between 1 and 10000");
      tokenizer_->normalize(text);
      Rng rng(seed_of(seed));
      val list = val::array();
      for (const auto& s : sample_without_replacement(tokenizer_->lattice(), alpha, static_cast<std::size_t>(k), rng)) {
        val item = segmentation_to_js(s.tokens, 0.0, false);
        item.set("probability", std::exp(s.log_probability));
        item.set("inclusion", s.inclusion);
        list.call<void>("push", item);
      }
      return list;
    });
  }

  val segmentation_to_js(const Segmentation& seg, double score, bool with_score) const {
    const std::string& text = tokenizer_->normalized();
    val o = val::object();
    o.set("pieces", string_array(encode_pieces(*model_, text, seg)));
    std::vector<std::int32_t> ids;
    std::vector<std::uint32_t> starts, ends;
    for (const auto& t : seg) ids.push_back(t.id), starts.push_back(t.begin), ends.push_back(t.end);
    o.set("ids", typed_array("Int32Array", ids));
    o.set("starts", typed_array("Uint32Array", starts));
    o.set("ends", typed_array("Uint32Array", ends));
    o.set("score", with_score ? score : segmentation_score(*model_, seg));
    o.set("normalized", text);
    return o;
  }

 private:
  std::unique_ptr<UnigramModel> model_;
  std::unique_ptr<Tokenizer> tokenizer_;
  std::string error_;
};

// Many draws of one method on one text, in chunks: run(k) returns the distinct
// segmentations of the k new draws with their counts. The random stream continues
// across chunks, so chunk sizes do not change the draws.
class TokenizeRunJs {
 public:
  TokenizeRunJs(const TokenizerModelJs& model, std::string text, val options) {
    try {
      options_ = sample_options(options.isUndefined() ? val::object() : options);
      tokenizer_ = std::make_unique<Tokenizer>(model.model());
      tokenizer_->normalize(text);
      rng_ = std::make_unique<Rng>(options_.seed);
    } catch (const std::exception& e) {
      error_ = e.what();
    }
  }
  std::string error() const { return error_; }

  val run(double k) {
    return guarded([&] {
      if (!(k >= 1 && k <= 1e7 && std::floor(k) == k)) throw Error("run(k): k must be a positive integer up to 10^7");
      std::map<std::vector<std::string>, double> counts;
      const auto& text = tokenizer_->normalized();
      for (std::uint64_t i = 0; i < static_cast<std::uint64_t>(k); ++i)
        counts[encode_pieces(tokenizer_->model(), text, tokenizer_->segment(options_.method, options_.alpha, *rng_, options_.nbest))] += 1;
      val list = val::array();
      for (const auto& [pieces, count] : counts) {
        val item = val::object();
        item.set("pieces", string_array(pieces));
        item.set("count", count);
        list.call<void>("push", item);
      }
      return list;
    });
  }

 private:
  SampleOptions options_{};
  std::unique_ptr<Tokenizer> tokenizer_;
  std::unique_ptr<Rng> rng_;
  std::string error_;
};

// Benchmark: MB/s of `method` over the lines of `corpus` (the same code as natively).
val bench_tokenize(const TokenizerModelJs& model, std::string corpus, std::string method, double alpha, int repeats) {
  return guarded([&] {
    std::vector<std::string> lines;
    std::size_t start = 0;
    while (start < corpus.size()) {
      const std::size_t nl = corpus.find('\n', start);
      const std::size_t end = nl == std::string::npos ? corpus.size() : nl;
      lines.push_back(corpus.substr(start, end - start));
      start = end + 1;
    }
    const double seconds = cli::tokenize_pass_seconds(model.model(), lines, parse_method(method), alpha, repeats);
    return val(static_cast<double>(corpus.size()) / 1e6 / seconds);
  });
}

}  // namespace
}  // namespace sampling::wasm

EMSCRIPTEN_BINDINGS(sampling_tokenize) {
  emscripten::function("benchTokenize", &sampling::wasm::bench_tokenize);
  using namespace sampling::wasm;
  emscripten::class_<TokenizerModelJs>("TokenizerModel")
      .constructor<emscripten::val>()
      .function("error", &TokenizerModelJs::error)
      .function("info", &TokenizerModelJs::info)
      .function("normalize", &TokenizerModelJs::normalize)
      .function("segment", &TokenizerModelJs::segment)
      .function("exact", &TokenizerModelJs::exact)
      .function("entropy", &TokenizerModelJs::entropy_of)
      .function("nbest", &TokenizerModelJs::nbest_of)
      .function("sampleDistinct", &TokenizerModelJs::sample_distinct);
  emscripten::class_<TokenizeRunJs>("TokenizeRun")
      .constructor<const TokenizerModelJs&, std::string, emscripten::val>()
      .function("error", &TokenizeRunJs::error)
      .function("run", &TokenizeRunJs::run);
}
