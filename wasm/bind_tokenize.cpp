// Bindings of core/tokenize: a loaded model, its segmentations, and chunked sampling runs.
#include <emscripten/bind.h>

#include <cstring>
#include <map>
#include <memory>

#include "core/cli/commands.hpp"
#include "core/tokenize/decode_ids.hpp"
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

// default_method: what an absent options.method means ('perfect' for a TokenizeRun,
// 'viterbi' for segment(), as for encode()).
SampleOptions sample_options(const val& o, const char* default_method = "perfect") {
  // nbest is checked as the number given: cast to size_t first, 2^32 + 3 became 3 in wasm.
  SampleOptions s{parse_method(string_or(o, "method", default_method)), number_or(o, "alpha", 0.1), count_or(o, "seed", 0),
                  static_cast<std::size_t>(count_at_most(o, "nbest", 10, 10000))};
  check_alpha(s.alpha);
  if (s.nbest < 1) throw Error("option 'nbest' must be at least 1, got 0");
  return s;
}

// The ids path (encode, encodeBatch in wasm/api.js): text goes in as UTF-8 that the JS
// side writes straight into `text` (with line offsets for a batch), ids come back in
// `ids`; the addresses sit in a header the JS side reads, so a call crosses the
// boundary with numbers only and no Embind value is built per piece or per line.
// Buffers grow and are reused; failures return −1 and leave the message in error().
class IdsPath {
 public:
  // Limits of one call (documented in wasm/sampling.d.ts).
  static constexpr std::uint32_t kTextBytes = 1u << 24;   // one text or one line: 16 MiB of UTF-8
  static constexpr std::uint32_t kBatchBytes = 1u << 26;  // a batch: 64 MiB of UTF-8 in all
  static constexpr std::uint32_t kBatchLines = 1u << 20;  // a batch: 1,048,576 lines

  // The header's fields, as 32-bit words: addresses in wasm memory and sizes.
  enum Field { kText, kTextCapacity, kOffsets, kOffsetsCapacity, kIds, kCount, kIdOffsets, kFields };

  explicit IdsPath(Tokenizer& tokenizer) : tokenizer_(tokenizer) { update_header(); }

  std::uintptr_t header() const { return reinterpret_cast<std::uintptr_t>(header_); }
  const std::string& error() const { return error_; }

  // Room for `bytes` of text and `lines` + 1 offsets (contents kept).
  int reserve(double bytes, double lines) {
    return run([&] {
      if (!(bytes >= 0 && bytes <= 4.0 * kBatchBytes)) throw Error("reserve: bad size " + show(bytes));
      if (!(lines >= 0 && lines <= kBatchLines))
        throw Error("encodeBatch: a batch holds at most " + std::to_string(kBatchLines) + " lines, got " + show(lines));
      if (text_.size() < bytes) text_.resize(static_cast<std::size_t>(bytes));
      if (offsets_.size() < lines + 1) offsets_.resize(static_cast<std::size_t>(lines) + 1);
      return 0;
    });
  }

  void set_options(const SampleOptions& o) { options_ = o; }

  // Ids of the text text[0, bytes), drawn with a generator seeded by `seed`.
  int encode(double bytes, double seed) {
    return run([&] {
      const std::size_t n = checked_size(bytes, text_.size());
      if (n > kTextBytes) throw Error(too_long("encode: the text", n));
      Rng rng(seed_of(seed));
      ids_.clear();
      append_ids(std::string_view(text_.data(), n), rng);
      return static_cast<int>(ids_.size());
    });
  }

  // Ids of every line: line i is text[offsets[i], offsets[i + 1]). One generator seeded
  // by `seed` runs through the lines in order, as sampling-cli tokenize does.
  int encode_batch(double lines, double seed) {
    return run([&] {
      const std::size_t count = checked_size(lines, offsets_.empty() ? 0 : offsets_.size() - 1);
      for (std::size_t i = 0; i < count; ++i)
        if (offsets_[i] > offsets_[i + 1] || offsets_[i + 1] > text_.size())
          throw Error("encodeBatch: bad offsets at line " + std::to_string(i));
      encode_lines(count, seed, [&](std::size_t i) { return std::make_pair(offsets_[i], offsets_[i + 1]); });
      return static_cast<int>(ids_.size());
    });
  }

  // The same for `lines` lines written as one text text[0, bytes) with '\n' between them
  // (the caller checked that no line holds one).
  int encode_joined(double bytes, double lines, double seed) {
    return run([&] {
      const std::size_t n = checked_size(bytes, text_.size());
      const std::size_t count = checked_size(lines, kBatchLines + 1);
      if (offsets_.size() < count + 1) offsets_.resize(count + 1);
      const char* text = text_.data();
      std::size_t begin = 0;
      for (std::size_t i = 0; i < count; ++i) {
        const void* nl = i + 1 < count ? std::memchr(text + begin, '\n', n - begin) : nullptr;
        if ((i + 1 < count) != (nl != nullptr)) throw Error("encodeBatch: the joined text does not hold " + std::to_string(count) + " lines");
        const std::size_t end = nl ? static_cast<const char*>(nl) - text : n;
        offsets_[i] = static_cast<std::uint32_t>(begin);
        begin = end + 1;
      }
      offsets_[count] = static_cast<std::uint32_t>(n + 1);  // line i ends one byte before line i + 1 starts
      encode_lines(count, seed, [&](std::size_t i) { return std::make_pair(offsets_[i], offsets_[i + 1] - 1); });
      return static_cast<int>(ids_.size());
    });
  }

  static std::string too_long(const std::string& what, double bytes) {
    return what + " has " + show(bytes) + " bytes of UTF-8; the limit is " + std::to_string(kTextBytes) + " (16 MiB)";
  }

 private:
  template <class F>
  int run(F&& f) {
    int result = -1;
    try {
      result = f();
    } catch (const std::exception& e) {
      error_ = e.what();
    }
    update_header();
    return result;
  }

  static std::size_t checked_size(double v, std::size_t max) {
    if (!(v >= 0 && v <= static_cast<double>(max) && std::floor(v) == v)) throw Error("ids path: bad size " + show(v));
    return static_cast<std::size_t>(v);
  }

  // Line i spans text[range(i)]; its ids end at id_offsets[i + 1].
  template <class Range>
  void encode_lines(std::size_t count, double seed, Range&& range) {
    if (count > kBatchLines)
      throw Error("encodeBatch: a batch holds at most " + std::to_string(kBatchLines) + " lines, got " + std::to_string(count));
    Rng rng(seed_of(seed));
    ids_.clear();
    id_offsets_.resize(count + 1);
    id_offsets_[0] = 0;
    std::size_t total = 0;
    for (std::size_t i = 0; i < count; ++i) {
      const auto [begin, end] = range(i);
      auto what = [i] { return "encodeBatch: lines[" + std::to_string(i) + "]"; };
      if (end - begin > kTextBytes) throw Error(too_long(what(), end - begin));
      total += end - begin;
      if (total > kBatchBytes)
        throw Error("encodeBatch: the batch has more than " + std::to_string(kBatchBytes) + " bytes of UTF-8 (the limit, 64 MiB); split it");
      try {
        append_ids(std::string_view(text_.data() + begin, end - begin), rng);
      } catch (const Error& e) {
        throw Error(what() + ": " + e.what());
      }
      id_offsets_[i + 1] = static_cast<std::uint32_t>(ids_.size());
    }
  }

  void append_ids(std::string_view text, Rng& rng) {
    tokenizer_.normalize(text);
    const Segmentation& seg = tokenizer_.segment(options_.method, options_.alpha, rng, options_.nbest);
    append_encode_ids(tokenizer_.model(), tokenizer_.normalized(), seg, ids_);
  }

  void update_header() {
    auto address = [](const void* p) { return static_cast<std::uint32_t>(reinterpret_cast<std::uintptr_t>(p)); };
    header_[kText] = address(text_.data());
    header_[kTextCapacity] = static_cast<std::uint32_t>(text_.size());
    header_[kOffsets] = address(offsets_.data());
    header_[kOffsetsCapacity] = static_cast<std::uint32_t>(offsets_.size());
    header_[kIds] = address(ids_.data());
    header_[kCount] = static_cast<std::uint32_t>(ids_.size());
    header_[kIdOffsets] = address(id_offsets_.data());
  }

  Tokenizer& tokenizer_;
  SampleOptions options_{Method::viterbi, 0.1, 0, 10};
  std::vector<char> text_;
  std::vector<std::uint32_t> offsets_, id_offsets_;
  std::vector<std::int32_t> ids_;
  std::string error_;
  std::uint32_t header_[kFields] = {};
};

class TokenizerModelJs {
 public:
  explicit TokenizerModelJs(val bytes) {
    try {
      model_ = std::make_shared<const UnigramModel>(UnigramModel::load(bytes_of(bytes, "tokenizer model file", limits::kMaxTokenizerModelBytes)));
      tokenizer_ = std::make_unique<Tokenizer>(*model_);
      ids_ = std::make_unique<IdsPath>(*tokenizer_);
    } catch (const std::exception& e) {
      error_ = e.what();
    }
  }
  std::string error() const { return error_; }
  const UnigramModel& model() const { return *model_; }
  // Shared with the runs made from it: a TokenizeRun keeps working (and its memory stays
  // valid) after the page deletes the model it came from.
  const std::shared_ptr<const UnigramModel>& shared_model() const { return model_; }

  // The ids path; see IdsPath. idsMemory() is a view whose buffer is the wasm memory.
  double ids_header() const { return static_cast<double>(ids_->header()); }
  val ids_memory() const { return val(emscripten::typed_memory_view(1, reinterpret_cast<const unsigned char*>(ids_->header()))); }
  std::string ids_error() const { return ids_->error(); }
  val ids_limits() const {
    val o = val::object();
    o.set("textBytes", IdsPath::kTextBytes);
    o.set("batchBytes", IdsPath::kBatchBytes);
    o.set("batchLines", IdsPath::kBatchLines);
    return o;
  }
  val ids_options(val options) {
    return guarded([&] {
      ids_->set_options(sample_options(options));
      return val::undefined();
    });
  }
  int ids_reserve(double bytes, double lines) { return ids_->reserve(bytes, lines); }
  int encode_ids(double bytes, double seed) { return ids_->encode(bytes, seed); }
  int encode_ids_batch(double lines, double seed) { return ids_->encode_batch(lines, seed); }
  int encode_ids_joined(double bytes, double lines, double seed) { return ids_->encode_joined(bytes, lines, seed); }

  // SentencePiece's DecodeIds of an Int32Array.
  val decode(val ids) {
    return guarded([&] {
      const unsigned n = ids["length"].as<unsigned>();
      decode_in_.resize(n);
      val(emscripten::typed_memory_view(n, decode_in_.data())).call<void>("set", ids);
      decode_ids(*model_, decode_in_.data(), n, decoded_);
      return val(decoded_);
    });
  }

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
      const SampleOptions o = sample_options(options.isUndefined() ? val::object() : options, "viterbi");
      tokenizer_->normalize(text);
      Rng rng(o.seed);
      const auto& seg = tokenizer_->segment(o.method, o.alpha, rng, o.nbest);
      return segmentation_to_js(seg, 0.0, false);
    });
  }

  val exact(std::string text, double alpha, double cap) {
    return guarded([&] {
      check_alpha(alpha);
      const std::uint64_t most = whole_number(cap, "exact: cap", 1, 1000000);
      tokenizer_->normalize(text);
      auto& lattice = tokenizer_->lattice();
      const auto entries = exact_distribution(lattice, alpha, most);
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
      const std::size_t count = whole_number(k, "nbest: k", 1, 10000);
      tokenizer_->normalize(text);
      val list = val::array();
      for (const auto& s : nbest(tokenizer_->lattice(), count))
        list.call<void>("push", segmentation_to_js(s.tokens, s.score, true));
      return list;
    });
  }

  // k distinct segmentations without replacement, with inclusion probabilities.
  val sample_distinct(std::string text, double k, double alpha, double seed) {
    return guarded([&] {
      check_alpha(alpha);
      const std::size_t count = whole_number(k, "sampleDistinct: k", 1, 10000);
      tokenizer_->normalize(text);
      Rng rng(seed_of(seed));
      val list = val::array();
      for (const auto& s : sample_without_replacement(tokenizer_->lattice(), alpha, count, rng)) {
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
  std::shared_ptr<const UnigramModel> model_;
  std::unique_ptr<Tokenizer> tokenizer_;
  std::unique_ptr<IdsPath> ids_;
  std::vector<std::int32_t> decode_in_;
  std::string decoded_;
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
      if (!model.shared_model()) throw Error("TokenizeRun: the model did not load: " + model.error());
      model_ = model.shared_model();
      tokenizer_ = std::make_unique<Tokenizer>(*model_);
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
  std::shared_ptr<const UnigramModel> model_;  // before tokenizer_, which refers to it
  std::unique_ptr<Tokenizer> tokenizer_;
  std::unique_ptr<Rng> rng_;
  std::string error_;
};

#ifndef SAMPLING_WASM_LAB_MODULE  // the subcommands are in the full module only (CMakeLists.txt)
// Benchmark: MB/s of `method` over the lines of `corpus` (the same code as natively).
val bench_tokenize(const TokenizerModelJs& model, std::string corpus, std::string method, double alpha, double repeats_given) {
  return guarded([&] {
    const int repeats = static_cast<int>(whole_number(repeats_given, "benchTokenize: repeats", 1, 1000));
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
#endif

}  // namespace
}  // namespace sampling::wasm

EMSCRIPTEN_BINDINGS(sampling_tokenize) {
#ifndef SAMPLING_WASM_LAB_MODULE  // the subcommands are in the full module only (CMakeLists.txt)
  emscripten::function("benchTokenize", &sampling::wasm::bench_tokenize);
#endif
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
      .function("sampleDistinct", &TokenizerModelJs::sample_distinct)
      .function("idsHeader", &TokenizerModelJs::ids_header)
      .function("idsMemory", &TokenizerModelJs::ids_memory)
      .function("idsError", &TokenizerModelJs::ids_error)
      .function("idsLimits", &TokenizerModelJs::ids_limits)
      .function("idsOptions", &TokenizerModelJs::ids_options)
      .function("idsReserve", &TokenizerModelJs::ids_reserve)
      .function("encodeIds", &TokenizerModelJs::encode_ids)
      .function("encodeIdsBatch", &TokenizerModelJs::encode_ids_batch)
      .function("encodeIdsJoined", &TokenizerModelJs::encode_ids_joined)
      .function("decode", &TokenizerModelJs::decode);
  emscripten::class_<TokenizeRunJs>("TokenizeRun")
      .constructor<const TokenizerModelJs&, std::string, emscripten::val>()
      .function("error", &TokenizeRunJs::error)
      .function("run", &TokenizeRunJs::run);
}
