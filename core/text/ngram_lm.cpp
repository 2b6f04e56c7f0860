#include "core/text/ngram_lm.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>

#include "core/common/error.hpp"
#include "core/common/utf8.hpp"

namespace sampling::text {
namespace {
constexpr double kNegInf = -std::numeric_limits<double>::infinity();
constexpr double kTolerance = 1e-4;  // float32 log-probabilities of 1 may round a little above 0

// Little-endian reads with the place named when the file ends.
class Reader {
 public:
  explicit Reader(std::string_view b) : b_(b) {}
  void need(std::size_t n, const std::string& where) const {
    if (b_.size() - pos_ < n)
      throw Error("n-gram model: the file ends inside " + where + " (" + std::to_string(b_.size()) + " bytes)");
  }
  std::uint32_t u32(const std::string& where) {
    need(4, where);
    std::uint32_t v = 0;
    for (int i = 0; i < 4; ++i) v |= static_cast<std::uint32_t>(static_cast<unsigned char>(b_[pos_ + i])) << (8 * i);
    pos_ += 4;
    return v;
  }
  std::uint16_t u16() {
    const std::uint16_t v = static_cast<std::uint16_t>(static_cast<unsigned char>(b_[pos_]) |
                                                       (static_cast<unsigned char>(b_[pos_ + 1]) << 8));
    pos_ += 2;
    return v;
  }
  float f32() {
    std::uint32_t bits = 0;
    for (int i = 0; i < 4; ++i) bits |= static_cast<std::uint32_t>(static_cast<unsigned char>(b_[pos_ + i])) << (8 * i);
    pos_ += 4;
    float v;
    std::memcpy(&v, &bits, 4);
    return v;
  }
  std::string_view bytes(std::size_t n, const std::string& where) {
    need(n, where);
    const std::string_view v = b_.substr(pos_, n);
    pos_ += n;
    return v;
  }
  std::size_t left() const { return b_.size() - pos_; }

 private:
  std::string_view b_;
  std::size_t pos_ = 0;
};

void check_log_prob(double v, bool may_be_neg_inf, const std::string& what) {
  if (std::isnan(v) || v > kTolerance || (v == kNegInf && !may_be_neg_inf))
    throw Error("n-gram model: " + what + " is " + show(v) + ", not a log-probability" +
                (may_be_neg_inf ? "" : " above −∞"));
}

std::uint32_t key2(int v, int w) { return static_cast<std::uint32_t>(v) << 16 | static_cast<std::uint32_t>(w); }
std::uint64_t key3(int u, int v, int w) {
  return static_cast<std::uint64_t>(u) << 32 | static_cast<std::uint64_t>(v) << 16 | static_cast<std::uint64_t>(w);
}

template <class K>
std::ptrdiff_t find_key(const std::vector<K>& keys, K key) {
  const auto it = std::lower_bound(keys.begin(), keys.end(), key);
  return it != keys.end() && *it == key ? it - keys.begin() : -1;
}
}  // namespace

NgramModel NgramModel::parse(std::string_view bytes) {
  Reader r(bytes);
  if (r.bytes(8, "its header") != "SPNGRAM1")
    throw Error("n-gram model: not an n-gram model file (it does not start with SPNGRAM1)");
  const std::uint32_t order = r.u32("its header");
  if (order != 3) throw Error("n-gram model: order " + std::to_string(order) + " is not supported (3 only)");
  const std::uint32_t v = r.u32("its header");
  if (v < 3 || v > 65535) throw Error("n-gram model: the vocabulary must have 3 to 65535 tokens, got " + std::to_string(v));
  const std::uint32_t t = r.u32("its header");
  const std::string_view text = r.bytes(t, "the token list");
  NgramModel m;
  std::size_t begin = 0;
  for (std::uint32_t id = 0; id < v; ++id) {
    const std::size_t end = text.find('\n', begin);
    if (end == std::string_view::npos)
      throw Error("n-gram model: the token list has " + std::to_string(id) + " tokens, the header says " +
                  std::to_string(v));
    const std::string_view tok = text.substr(begin, end - begin);
    if (tok.empty()) throw Error("n-gram model: token " + std::to_string(id) + " is empty");
    try {
      decode_utf8(tok);
    } catch (const Error& e) {
      throw Error("n-gram model: token " + std::to_string(id) + " is not UTF-8 (" + e.what() + ")");
    }
    if (!m.index_.emplace(std::string(tok), static_cast<int>(id)).second)
      throw Error("n-gram model: token '" + std::string(tok) + "' appears twice");
    m.tokens_.emplace_back(tok);
    begin = end + 1;
  }
  if (begin != text.size()) throw Error("n-gram model: the token list holds more than the header's " + std::to_string(v) + " tokens");
  const auto id_of = [&](std::uint32_t id, const std::string& what) {
    if (id >= v) throw Error("n-gram model: " + what + " id " + std::to_string(id) + " is out of range (vocabulary " + std::to_string(v) + ")");
    return static_cast<int>(id);
  };
  m.bos_ = id_of(r.u32("its special ids"), "<s>");
  m.eos_ = id_of(r.u32("its special ids"), "</s>");
  m.unk_ = id_of(r.u32("its special ids"), "[UNK]");
  if (m.bos_ == m.eos_ || m.bos_ == m.unk_ || m.eos_ == m.unk_)
    throw Error("n-gram model: <s>, </s> and [UNK] must be three different ids");

  r.need(static_cast<std::size_t>(v) * 8, "the unigrams");
  m.p1_.resize(v);
  m.bow1_.resize(v);
  for (std::uint32_t w = 0; w < v; ++w) {
    m.p1_[w] = r.f32();
    m.bow1_[w] = r.f32();
    check_log_prob(m.p1_[w], true, "log p of unigram " + std::to_string(w));
    check_log_prob(m.bow1_[w], false, "log γ of unigram " + std::to_string(w));
  }
  if (m.p1_[m.eos_] == kNegInf || m.p1_[m.unk_] == kNegInf)
    throw Error("n-gram model: </s> and [UNK] must have a unigram probability above 0");

  const std::uint32_t n2 = r.u32("the bigram count");
  r.need(static_cast<std::size_t>(n2) * 12, "the bigrams (" + std::to_string(n2) + " records of 12 bytes)");
  m.bi_keys_.resize(n2);
  m.p2_.resize(n2);
  m.bow2_.resize(n2);
  for (std::uint32_t i = 0; i < n2; ++i) {
    const int a = r.u16(), b = r.u16();
    m.p2_[i] = r.f32();
    m.bow2_[i] = r.f32();
    const std::string what = "bigram " + std::to_string(i);
    if (static_cast<std::uint32_t>(std::max(a, b)) >= v) throw Error("n-gram model: " + what + " has an id out of range");
    m.bi_keys_[i] = key2(a, b);
    if (i > 0 && m.bi_keys_[i] <= m.bi_keys_[i - 1])
      throw Error("n-gram model: " + what + " is out of order or repeated (records ascend strictly)");
    check_log_prob(m.p2_[i], false, "log p of " + what);
    check_log_prob(m.bow2_[i], false, "log γ of " + what);
  }
  const std::uint32_t n3 = r.u32("the trigram count");
  r.need(static_cast<std::size_t>(n3) * 10, "the trigrams (" + std::to_string(n3) + " records of 10 bytes)");
  m.tri_keys_.resize(n3);
  m.p3_.resize(n3);
  for (std::uint32_t i = 0; i < n3; ++i) {
    const int a = r.u16(), b = r.u16(), c = r.u16();
    m.p3_[i] = r.f32();
    const std::string what = "trigram " + std::to_string(i);
    if (static_cast<std::uint32_t>(std::max({a, b, c})) >= v) throw Error("n-gram model: " + what + " has an id out of range");
    m.tri_keys_[i] = key3(a, b, c);
    if (i > 0 && m.tri_keys_[i] <= m.tri_keys_[i - 1])
      throw Error("n-gram model: " + what + " is out of order or repeated (records ascend strictly)");
    check_log_prob(m.p3_[i], false, "log p of " + what);
  }
  if (r.left() != 0) throw Error("n-gram model: " + std::to_string(r.left()) + " bytes follow the trigrams");
  return m;
}

int NgramModel::find(std::string_view token) const {
  const auto it = index_.find(std::string(token));
  return it == index_.end() ? -1 : it->second;
}

bool NgramModel::predicts(int id) const { return id >= 0 && id < vocab_size() && p1_[id] != kNegInf; }

double NgramModel::log_prob(int u, int v, int w) const {
  double backoff = 0;
  if (u >= 0) {
    const std::ptrdiff_t i = find_key(tri_keys_, key3(u, v, w));
    if (i >= 0) return p3_[i];
    const std::ptrdiff_t c = find_key(bi_keys_, key2(u, v));
    if (c >= 0) backoff = bow2_[c];
  }
  const std::ptrdiff_t j = find_key(bi_keys_, key2(v, w));
  if (j >= 0) return backoff + p2_[j];
  return backoff + bow1_[v] + p1_[w];
}

double NgramModel::sentence_log_prob(const std::vector<int>& ids) const {
  double total = 0;
  int u = -1, v = bos_;
  for (std::size_t i = 0; i <= ids.size(); ++i) {
    const int w = i < ids.size() ? ids[i] : eos_;
    if (w < 0 || w >= vocab_size()) throw Error("n-gram model: id " + std::to_string(w) + " is out of range");
    total += log_prob(u, v, w);
    u = v, v = w;
  }
  return total;
}

namespace {

class NgramLanguageModel : public LanguageModel {
 public:
  static constexpr int kBreak = -1, kInvalid = -2;
  NgramLanguageModel(const NgramModel& model, const MaskedLm& mlm) : model_(model), mlm_(mlm) {
    map_.resize(static_cast<std::size_t>(mlm.vocab_size()));
    for (std::int32_t id = 0; id < mlm.vocab_size(); ++id) {
      const std::string& tok = mlm.token(id);
      const int n = model.find(tok);
      const bool special = tok.size() > 2 && tok.front() == '[' && tok.back() == ']' && tok != "[UNK]";
      if (special || id == mlm.mask_id() || id == mlm.cls_id() || id == mlm.sep_id()) map_[id] = kInvalid;
      else if (n < 0) map_[id] = model.unk_id();
      else if (model.predicts(n)) map_[id] = n;
      else map_[id] = kBreak;
    }
  }
  double log_prob(const std::vector<std::int32_t>& body) override {
    double total = 0;
    line_.clear();
    bool any = false;
    for (std::size_t i = 0; i <= body.size(); ++i) {
      int n = kBreak;
      if (i < body.size()) {
        const std::int32_t id = body[i];
        if (id < 0 || id >= static_cast<std::int32_t>(map_.size()))
          throw Error("n-gram language model: token id " + std::to_string(id) + " is out of range");
        n = map_[id];
        if (n == kInvalid) throw Error("n-gram language model: cannot score the special token " + mlm_.token(id));
      }
      if (n != kBreak) {
        line_.push_back(n);
        continue;
      }
      if (!line_.empty() || (!any && i == body.size())) total += model_.sentence_log_prob(line_);
      any = any || !line_.empty();
      line_.clear();
    }
    return total;
  }

 private:
  const NgramModel& model_;
  const MaskedLm& mlm_;
  std::vector<int> map_, line_;
};

}  // namespace

std::unique_ptr<LanguageModel> ngram_language_model(const NgramModel& model, const MaskedLm& mlm) {
  return std::make_unique<NgramLanguageModel>(model, mlm);
}

}  // namespace sampling::text
