// The backoff n-gram model (CGMH's π): lookups by the backoff formula on a model written
// here byte by byte, the adapter that scores a masked LM's body line by line, a clear
// error for every corruption of the file (every truncation included), and, when the
// shipped model is present, that each conditional it gives sums to 1.
#include <doctest/doctest.h>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "core/common/error.hpp"
#include "core/text/ngram_lm.hpp"
#include "tests/core/error_check.hpp"
#include "tests/core/table_lm.hpp"

using namespace sampling::text;
using sampling::Error;
using testutil::TableLm;

namespace {

struct Writer {
  std::string b;
  void u32(std::uint32_t v) {
    for (int i = 0; i < 4; ++i) b += static_cast<char>((v >> (8 * i)) & 0xff);
  }
  void u16(std::uint16_t v) {
    b += static_cast<char>(v & 0xff);
    b += static_cast<char>(v >> 8);
  }
  void f32(float f) {
    std::uint32_t v;
    std::memcpy(&v, &f, 4);
    u32(v);
  }
};

// ids: 0 [PAD] 1 [UNK] 2 [CLS] 3 [SEP] 4 [MASK] 5 ， 6 a 7 b
const std::vector<std::string> kTokens{"[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "，", "a", "b"};
const float kNegInf = -INFINITY;

struct Spec {
  std::vector<std::string> tokens = kTokens;
  std::uint32_t order = 3;
  std::uint32_t ids[3] = {2, 3, 1};
  std::vector<std::pair<float, float>> uni{{kNegInf, 0},         {std::log(0.1f), 0},  {kNegInf, std::log(0.7f)},
                                           {std::log(0.3f), 0},  {kNegInf, 0},        {kNegInf, 0},
                                           {std::log(0.4f), std::log(0.5f)}, {std::log(0.2f), std::log(0.8f)}};
  struct Bi { std::uint16_t v, w; float p, bow; };
  std::vector<Bi> bi{{2, 6, std::log(0.6f), std::log(0.25f)}, {6, 3, std::log(0.35f), 0}, {7, 6, std::log(0.45f), 0}};
  struct Tri { std::uint16_t u, v, w; float p; };
  std::vector<Tri> tri{{2, 6, 7, std::log(0.55f)}, {6, 7, 3, std::log(0.9f)}};
  std::string tail;

  std::string bytes() const {
    Writer w;
    w.b = "SPNGRAM1";
    w.u32(order);
    w.u32(static_cast<std::uint32_t>(tokens.size()));
    std::string text;
    for (const auto& t : tokens) text += t + "\n";
    w.u32(static_cast<std::uint32_t>(text.size()));
    w.b += text;
    for (auto id : ids) w.u32(id);
    for (const auto& [p, bow] : uni) w.f32(p), w.f32(bow);
    w.u32(static_cast<std::uint32_t>(bi.size()));
    for (const auto& r : bi) w.u16(r.v), w.u16(r.w), w.f32(r.p), w.f32(r.bow);
    w.u32(static_cast<std::uint32_t>(tri.size()));
    for (const auto& r : tri) w.u16(r.u), w.u16(r.v), w.u16(r.w), w.f32(r.p);
    return w.b + tail;
  }
};

double lf(float v) { return static_cast<double>(v); }

}  // namespace

TEST_CASE("n-gram: backoff lookups, sentences, vocabulary") {
  const NgramModel m = NgramModel::parse(Spec().bytes());
  CHECK(m.vocab_size() == 8);
  CHECK(m.find("a") == 6);
  CHECK(m.find("c") == -1);
  CHECK(m.bigrams() == 3);
  CHECK(m.trigrams() == 2);
  CHECK(m.predicts(6));
  CHECK(!m.predicts(5));
  CHECK(!m.predicts(2));
  CHECK(m.log_prob(-1, 2, 6) == lf(std::log(0.6f)));                              // bigram kept
  CHECK(m.log_prob(-1, 6, 7) == lf(std::log(0.5f)) + lf(std::log(0.2f)));         // γ(a) p1(b)
  CHECK(m.log_prob(2, 6, 7) == lf(std::log(0.55f)));                              // trigram kept
  CHECK(m.log_prob(2, 6, 3) == lf(std::log(0.25f)) + lf(std::log(0.35f)));        // γ(<s> a) p(</s> | a)
  CHECK(m.log_prob(2, 6, 6) == lf(std::log(0.25f)) + lf(std::log(0.5f)) + lf(std::log(0.4f)));
  CHECK(m.log_prob(7, 6, 3) == lf(std::log(0.35f)));                              // unseen context: γ = 1
  // <s> a b </s>
  CHECK(m.sentence_log_prob({6, 7}) ==
        doctest::Approx(lf(std::log(0.6f)) + lf(std::log(0.55f)) + lf(std::log(0.9f))).epsilon(1e-12));
  CHECK(m.sentence_log_prob({}) == doctest::Approx(lf(std::log(0.7f)) + lf(std::log(0.3f))).epsilon(1e-12));
  CHECK_THROWS_WITH_AS(m.sentence_log_prob({9}), "n-gram model: id 9 is out of range", Error);
}

TEST_CASE("n-gram language model: a masked LM's body scored line by line, unknown tokens as [UNK]") {
  const NgramModel m = NgramModel::parse(Spec().bytes());
  // masked LM ids: 5 a, 6 b, 7 ，, 8 x (unknown to the n-gram)
  TableLm mlm({"a", "b", "，", "x"}, {"，"}, 16, [](const std::vector<std::int32_t>&, int, float*) {});
  const auto lm = ngram_language_model(m, mlm);
  CHECK(lm->log_prob({5, 6, 7, 5}) == doctest::Approx(m.sentence_log_prob({6, 7}) + m.sentence_log_prob({6})).epsilon(1e-12));
  CHECK(lm->log_prob({7, 5, 7, 7}) == doctest::Approx(m.sentence_log_prob({6})).epsilon(1e-12));
  CHECK(lm->log_prob({}) == doctest::Approx(m.sentence_log_prob({})).epsilon(1e-12));
  CHECK(lm->log_prob({8, 6}) == doctest::Approx(m.sentence_log_prob({1, 7})).epsilon(1e-12));
  CHECK_THROWS_WITH_AS(lm->log_prob({5, 4}), "n-gram language model: cannot score the special token [MASK]", Error);
  CHECK_THROWS_WITH_AS(lm->log_prob({5, 40}), "n-gram language model: token id 40 is out of range", Error);
}

TEST_CASE("n-gram: every bad file gives a clear error") {
  const std::string good = Spec().bytes();
  for (std::size_t n = 0; n < good.size(); ++n) {
    INFO("first " << n << " bytes");
    CHECK_THROWS_WITH_AS(NgramModel::parse(good.substr(0, n)), doctest::Contains("n-gram model: "), Error);
  }
  CHECK_THROWS_WITH_AS(NgramModel::parse(good.substr(0, 30)), doctest::Contains("the file ends inside the token list"), Error);
  const auto bad = [](Spec s, const std::string& fragment) {
    testutil::check_error([&] { NgramModel::parse(s.bytes()); }, fragment);
  };
  Spec s;
  s.tail = "x";
  bad(s, "n-gram model: 1 bytes follow the trigrams");
  s = Spec(), s.order = 4;
  bad(s, "order 4 is not supported (3 only)");
  s = Spec(), s.tokens[7] = "a";
  bad(s, "token 'a' appears twice");
  s = Spec(), s.tokens[6] = "\xff";
  bad(s, "token 6 is not UTF-8");
  s = Spec(), s.tokens[6] = "";
  bad(s, "token 6 is empty");
  s = Spec(), s.ids[0] = 8;
  bad(s, "<s> id 8 is out of range (vocabulary 8)");
  s = Spec(), s.ids[1] = 2;
  bad(s, "three different ids");
  s = Spec(), s.uni[3].first = kNegInf;
  bad(s, "</s> and [UNK] must have a unigram probability above 0");
  s = Spec(), s.uni[6].first = 0.5f;
  bad(s, "log p of unigram 6 is 0.5, not a log-probability");
  s = Spec(), s.uni[6].second = NAN;
  bad(s, "log γ of unigram 6 is NaN");
  s = Spec(), s.bi[1].w = 8;
  bad(s, "bigram 1 has an id out of range");
  s = Spec(), std::swap(s.bi[0], s.bi[1]);
  bad(s, "bigram 1 is out of order or repeated");
  s = Spec(), s.bi[2].p = kNegInf;
  bad(s, "log p of bigram 2 is -inf, not a log-probability above −∞");
  s = Spec(), s.tri[1] = s.tri[0];
  bad(s, "trigram 1 is out of order or repeated");
  s = Spec(), s.tri[0].p = 1.0f;
  bad(s, "log p of trigram 0 is 1");
  std::string wrong = good;
  wrong[0] = 'X';
  CHECK_THROWS_WITH_AS(NgramModel::parse(wrong), "n-gram model: not an n-gram model file (it does not start with SPNGRAM1)", Error);
  Spec few;
  few.tokens.pop_back();
  std::string b = few.bytes();
  b[12] = 8;  // the header says 8 tokens, the list has 7
  CHECK_THROWS_WITH_AS(NgramModel::parse(b), "n-gram model: the token list has 7 tokens, the header says 8", Error);
}

TEST_CASE("n-gram: the shipped poetry model's conditionals sum to 1") {
  std::string root = __FILE__;
  root = root.substr(0, root.rfind("tests/core/"));
  std::ifstream f(root + "web/public/models/poetry-ngram/poetry-ngram.bin", std::ios::binary);
  if (!f) {
    MESSAGE("web/public/models/poetry-ngram/poetry-ngram.bin not found: skipped");
    return;
  }
  std::stringstream ss;
  ss << f.rdbuf();
  const NgramModel m = NgramModel::parse(ss.str());
  const int bos = m.bos_id(), moon = m.find("月"), bright = m.find("明"), spring = m.find("春");
  REQUIRE(moon > 0);
  REQUIRE(bright > 0);
  const std::vector<std::pair<int, int>> contexts{{-1, bos}, {bos, bright}, {bright, moon}, {moon, bright},
                                                  {spring, spring}, {-1, moon}, {m.unk_id(), m.unk_id()}};
  for (const auto& context : contexts) {
    const int u = context.first, v = context.second;
    double sum = 0;
    for (int w = 0; w < m.vocab_size(); ++w)
      if (m.predicts(w)) sum += std::exp(m.log_prob(u, v, w));
    INFO("context " << u << " " << v);
    CHECK(sum == doctest::Approx(1.0).epsilon(1e-4));
  }
  CHECK(m.sentence_log_prob({bright, moon}) > m.sentence_log_prob({moon, moon}));
}
