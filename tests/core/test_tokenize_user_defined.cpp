// User-defined symbols score as in SentencePiece's unigram model: characters × max_score
// − 0.1, where max_score starts at FLT_MIN and only NORMAL pieces raise it, so on models
// of log-probabilities every user-defined symbol scores −0.1. Viterbi, the samplers, the
// exact distribution, n-best and segmentation_score all use that score.
#include <doctest/doctest.h>

#include <cfloat>
#include <cmath>
#include <map>
#include <string>
#include <tuple>
#include <vector>

#include "core/tokenize/exact_distribution.hpp"
#include "core/tokenize/tokenizer.hpp"
#include "tests/core/model_proto_writer.hpp"
#include "tests/core/stat_utils.hpp"

using namespace sampling::tokenize;
using sampling::Rng;

namespace {

using testutil::identity_unigram_model;

constexpr int kNormal = 1, kUnknown = 2, kUserDefined = 4;

// "<u>" is user-defined (spm_train writes score 0 for such pieces); "<u" ">" scores −1.5.
// SentencePiece gives "<u>" 3 × FLT_MIN − 0.1 = −0.1; the largest NORMAL score (−0.5)
// would give 3 × −0.5 − 0.1 = −1.6 and lose to "<u" ">".
const std::vector<std::tuple<std::string, float, int>> kPieces{
    {"<unk>", 0, kUnknown}, {"<", -1, kNormal}, {"u", -1, kNormal},      {">", -1, kNormal},
    {"<u", -0.5f, kNormal}, {"<u>", 0, kUserDefined}};

std::string joined(const UnigramModel& m, const std::string& text, const Segmentation& seg) {
  return join_pieces(encode_pieces(m, text, seg));
}

}  // namespace

TEST_CASE("user-defined symbols score characters x max_score - 0.1 with SentencePiece's max_score") {
  const auto m = UnigramModel::load(identity_unigram_model(kPieces));
  const int symbol = m.piece_id("<u>");
  CHECK(m.type(symbol) == PieceType::user_defined);
  CHECK(m.max_score() == FLT_MIN);  // no NORMAL score exceeds where SentencePiece starts it
  CHECK(m.lattice_score(symbol) == static_cast<float>(static_cast<double>(3 * FLT_MIN) - 0.1));
  CHECK(m.lattice_score(symbol) == -0.1f);
  CHECK(m.unknown_score() == -11.0f);  // the minimum is over NORMAL pieces only

  // A positive NORMAL score raises max_score; the product counts characters (« and » are
  // two bytes each).
  const auto positive = UnigramModel::load(identity_unigram_model(
      {{"<unk>", 0, kUnknown}, {"x", 0.5f, kNormal}, {"u", -1, kNormal}, {"\xC2\xABu\xC2\xBB", 0, kUserDefined}}));
  CHECK(positive.max_score() == 0.5f);
  CHECK(positive.lattice_score(positive.piece_id("\xC2\xABu\xC2\xBB")) == static_cast<float>(3 * 0.5 - 0.1));
}

TEST_CASE("user-defined symbols get the same score in Viterbi and n-best and the exact distribution and every sampler") {
  const auto m = UnigramModel::load(identity_unigram_model(kPieces));
  Tokenizer t(m);
  t.normalize("<u>");
  Rng rng(5);
  // Viterbi keeps the symbol whole, and its score is the lattice's, not the stored 0.
  const Segmentation best = t.segment(Method::viterbi, 0, rng);
  CHECK(joined(m, "<u>", best) == "<u>");
  CHECK(segmentation_score(m, best) == doctest::Approx(-0.1f).epsilon(1e-12));
  // P_α over the three segmentations, by hand from the lattice scores.
  const std::map<std::string, double> scores{{"<u>", -0.1f}, {"<u >", -0.5f + -1.0f}, {"< u >", -3.0}};
  for (double alpha : {0.5, 1.0, 2.0}) {
    INFO("alpha ", alpha);
    double z = 0;
    for (const auto& [k, s] : scores) z += std::exp(alpha * s);
    std::map<std::string, double> p;
    for (const auto& [k, s] : scores) p[k] = std::exp(alpha * s) / z;
    const auto exact = exact_distribution(t.lattice(), alpha, 100);
    REQUIRE(exact.size() == 3);
    double h = 0;
    for (const auto& e : exact) {
      const std::string k = joined(m, "<u>", e.tokens);
      CHECK(e.probability == doctest::Approx(p.at(k)).epsilon(1e-12));
      CHECK(e.score == doctest::Approx(scores.at(k)).epsilon(1e-12));
      CHECK(segmentation_score(m, e.tokens) == doctest::Approx(scores.at(k)).epsilon(1e-12));
      h -= p.at(k) * std::log(p.at(k));
    }
    CHECK(entropy(t.lattice(), alpha) == doctest::Approx(h).epsilon(1e-12));
    // 20000 draws per method and α (n-best sampling among the 3 best is P_α here too):
    // 9 tests at level 1e-4 each, a false failure once in 1100 runs at most.
    for (Method method : {Method::perfect, Method::ffbs, Method::nbest}) {
      INFO(std::string(method_name(method)));
      std::vector<double> observed, probs;
      std::map<std::string, double> counts;
      Rng draws(17);
      for (int i = 0; i < 20000; ++i) counts[joined(m, "<u>", t.segment(method, alpha, draws, 3))] += 1;
      for (const auto& [k, q] : p) observed.push_back(counts[k]), probs.push_back(q);
      CHECK(counts.size() == 3);  // nothing outside the three
      CHECK(testutil::chi_square_p(observed, probs) > 1e-4);
    }
  }
  const auto best3 = nbest(t.lattice(), 3);
  REQUIRE(best3.size() == 3);
  CHECK(joined(m, "<u>", best3[0].tokens) == "<u>");
  CHECK(best3[0].score == doctest::Approx(-0.1f).epsilon(1e-12));
}

TEST_CASE("unused pieces are never candidates, and a character whose only piece is unused gets the unknown piece") {
  constexpr int kUnused = 5;
  // "ab" would win if it were a candidate; "c" exists only as unused.
  const auto m = UnigramModel::load(identity_unigram_model(
      {{"<unk>", 0, kUnknown}, {"a", -1, kNormal}, {"b", -1, kNormal}, {"ab", -0.1f, kUnused}, {"c", -0.1f, kUnused}}));
  std::vector<std::tuple<std::uint32_t, std::uint32_t, std::int32_t>> seen;
  m.for_each_candidate("abc", [&](std::size_t b, std::size_t e, std::int32_t id, float) { seen.emplace_back(b, e, id); });
  const decltype(seen) expected{{0, 1, m.piece_id("a")}, {1, 2, m.piece_id("b")}, {2, 3, m.unknown_id()}};
  CHECK(seen == expected);
  Tokenizer t(m);
  Rng rng(1);
  t.normalize("abc");
  CHECK(joined(m, "abc", t.segment(Method::viterbi, 0, rng)) == "a b c");
}
