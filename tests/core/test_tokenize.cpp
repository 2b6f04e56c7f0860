// The unigram tokenizer on tiny vocabularies whose distributions are computed by hand,
// the model loaders and their errors, the trie and the normalizer's whitespace rules.
#include <doctest/doctest.h>

#include <cmath>
#include <map>
#include <string>

#include "core/common/error.hpp"
#include "core/tokenize/exact_distribution.hpp"
#include "core/tokenize/ffbs_sample.hpp"
#include "core/tokenize/original_viterbi_sampling.hpp"
#include "core/tokenize/perfect_sample.hpp"
#include "core/tokenize/piece_trie.hpp"
#include "core/tokenize/sample_without_replacement.hpp"
#include "core/tokenize/tokenizer.hpp"
#include "core/tokenize/viterbi.hpp"
#include "tests/core/model_proto_writer.hpp"
#include "tests/core/stat_utils.hpp"

using namespace sampling::tokenize;
using sampling::Rng;

namespace {

// "a b c" with scores chosen so that the three segmentations of "abc" ending in
// abc | a bc | a b c all score −3 (and "ab" is absent).
const char* kEqualVocab = "a\t-1\nb\t-1\nc\t-1\nbc\t-2\nabc\t-3\n";
// All four segmentations of "abc" with different scores.
const char* kVocab = "a\t-1.5\nb\t-2\nc\t-1\nab\t-2.5\nbc\t-3\nabc\t-4.2\n";

std::string key(const UnigramModel& m, const std::string& text, const Segmentation& seg) {
  return join_pieces(encode_pieces(m, text, seg));
}

// Frequencies of `draws` samples of `method`, keyed by the joined pieces.
std::map<std::string, double> frequencies(const UnigramModel& m, const std::string& text, Method method, double alpha,
                                          int draws, std::uint64_t seed) {
  Tokenizer t(m);
  t.normalize(text);
  Rng rng(seed);
  std::map<std::string, double> counts;
  for (int i = 0; i < draws; ++i) counts[key(m, t.normalized(), t.segment(method, alpha, rng))] += 1;
  return counts;
}

double chi_square_against(const std::map<std::string, double>& counts, const std::map<std::string, double>& probs) {
  std::vector<double> observed, expected;
  for (const auto& [k, p] : probs) {
    observed.push_back(counts.count(k) ? counts.at(k) : 0.0);
    expected.push_back(p);
  }
  double total = 0, seen = 0;
  for (const auto& [k, c] : counts) total += c;
  for (double o : observed) seen += o;
  REQUIRE(seen == total);  // no draw outside the support
  return testutil::chi_square_p(observed, expected);
}

// Hand-computed P_α for kVocab on "abc" (scores are stored as float, as in SentencePiece).
std::map<std::string, double> hand_distribution(double alpha) {
  const std::map<std::string, double> scores{
      {"a b c", -1.5 - 2 - 1}, {"ab c", -2.5 - 1}, {"a bc", -1.5 - 3}, {"abc", static_cast<float>(-4.2)}};
  double z = 0;
  for (const auto& [k, s] : scores) z += std::exp(alpha * s);
  std::map<std::string, double> p;
  for (const auto& [k, s] : scores) p[k] = std::exp(alpha * s) / z;
  return p;
}

using testutil::piece_message;
using testutil::Proto;

std::string model_bytes(int model_type = 1, bool unk = true, bool with_scores = true, bool duplicate = false) {
  Proto m;
  if (unk) m.str(1, piece_message("<unk>", 0, 2));
  m.str(1, piece_message("\xE2\x96\x81" "a", -1, 1, with_scores));
  m.str(1, piece_message("b", -2, 1));
  if (duplicate) m.str(1, piece_message("b", -3, 1));
  m.str(99, "an unknown field is skipped");
  Proto trainer;
  trainer.num(3, model_type);
  m.str(2, trainer.bytes);
  Proto normalizer;
  normalizer.str(1, "identity");
  m.str(3, normalizer.bytes);
  return m.bytes;
}

std::string error_of(const std::string& bytes) {
  try {
    UnigramModel::load(bytes);
  } catch (const sampling::Error& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST_CASE("exact enumeration and entropy match the hand computation") {
  const auto m = UnigramModel::from_piece_scores(kVocab);
  for (double alpha : {0.0, 0.5, 1.0, 3.0}) {
    Tokenizer t(m);
    t.normalize("abc");
    const auto entries = exact_distribution(t.lattice(), alpha, 100);
    const auto hand = hand_distribution(alpha);
    REQUIRE(entries.size() == 4);
    double h = 0;
    for (const auto& e : entries) {
      CHECK(e.probability == doctest::Approx(hand.at(key(m, "abc", e.tokens))).epsilon(1e-12));
      h -= e.probability * std::log(e.probability);
    }
    CHECK(entropy(t.lattice(), alpha) == doctest::Approx(h).epsilon(1e-12));
  }
  Tokenizer t(m);
  t.normalize("abcabcabcabcabc");
  CHECK(count_segmentations(t.lattice(), 1000000) == 1024);  // 4^5
  CHECK_THROWS_WITH_AS(exact_distribution(t.lattice(), 1.0, 1000), doctest::Contains("more than 1000 segmentations"),
                       sampling::Error);
}

TEST_CASE("Viterbi finds the best segmentation, ties go to the longest piece") {
  const auto m = UnigramModel::from_piece_scores(kVocab);
  Tokenizer t(m);
  t.normalize("abc");
  Rng rng(1);
  CHECK(key(m, "abc", t.segment(Method::viterbi, 0, rng)) == "ab c");  // −3.5 is the best
  const auto eq = UnigramModel::from_piece_scores(kEqualVocab);
  Tokenizer te(eq);
  te.normalize("abc");
  CHECK(key(eq, "abc", te.segment(Method::viterbi, 0, rng)) == "abc");
}

TEST_CASE("perfect sampling and FFBS follow P_alpha exactly (chi-square)") {
  const auto m = UnigramModel::from_piece_scores(kVocab);
  for (double alpha : {0.0, 0.3, 1.0, 2.0}) {
    for (Method method : {Method::perfect, Method::ffbs}) {
      INFO(method_name(method), " alpha ", alpha);
      CHECK(chi_square_against(frequencies(m, "abc", method, alpha, 40000, 7), hand_distribution(alpha)) > 1e-3);
    }
  }
}

TEST_CASE("perfect sampling stays exact at large alpha (the log-space path)") {
  // α·|s| beyond 200 switches perfect sampling from linear Z to log Z.
  const auto m = UnigramModel::from_piece_scores("a\t-1\nb\t-1\nc\t-1\nbc\t-2.02\nabc\t-2.95\n");
  const double alpha = 20;
  std::map<std::string, double> p;
  const std::map<std::string, double> scores{{"a b c", 3 * static_cast<double>(-1.0f)},
                                             {"a bc", static_cast<double>(-1.0f) + static_cast<float>(-2.02)},
                                             {"abc", static_cast<float>(-2.95)}};
  double z = 0;
  for (const auto& [k, s] : scores) z += std::exp(alpha * s);
  for (const auto& [k, s] : scores) p[k] = std::exp(alpha * s) / z;
  CHECK(chi_square_against(frequencies(m, "abc", Method::perfect, alpha, 40000, 10), p) > 1e-3);
  CHECK(chi_square_against(frequencies(m, "abc", Method::ffbs, alpha, 40000, 11), p) > 1e-3);
}

TEST_CASE("the original Viterbi Sampling is biased: three equal candidates come out 1/4, 1/4, 1/2") {
  const auto m = UnigramModel::from_piece_scores(kEqualVocab);
  const auto counts = frequencies(m, "abc", Method::original, 1.0, 40000, 8);
  CHECK(chi_square_against(counts, {{"abc", 0.25}, {"a bc", 0.25}, {"a b c", 0.5}}) > 1e-3);
  CHECK(chi_square_against(counts, {{"abc", 1 / 3.0}, {"a bc", 1 / 3.0}, {"a b c", 1 / 3.0}}) < 1e-10);
  // The exact samplers give 1/3 each on the same vocabulary.
  CHECK(chi_square_against(frequencies(m, "abc", Method::perfect, 1.0, 40000, 9),
                           {{"abc", 1 / 3.0}, {"a bc", 1 / 3.0}, {"a b c", 1 / 3.0}}) > 1e-3);
}

TEST_CASE("n-best lists the k best in order, n-best sampling draws among them by exp(alpha S)") {
  const auto m = UnigramModel::from_piece_scores(kVocab);
  Tokenizer t(m);
  t.normalize("abc");
  const auto best = nbest(t.lattice(), 3);
  REQUIRE(best.size() == 3);
  CHECK(key(m, "abc", best[0].tokens) == "ab c");
  CHECK(key(m, "abc", best[1].tokens) == "abc");
  CHECK(key(m, "abc", best[2].tokens) == "a bc");  // ties "a b c" (−4.5): the longer last piece wins
  CHECK(best[0].score == doctest::Approx(-3.5));
  CHECK(nbest(t.lattice(), 10).size() == 4);
  const double alpha = 0.7;
  std::map<std::string, double> p;
  double z = 0;
  for (const auto& s : best) z += std::exp(alpha * s.score);
  for (const auto& s : best) p[key(m, "abc", s.tokens)] = std::exp(alpha * s.score) / z;
  Rng rng(3);
  std::map<std::string, double> counts;
  for (int i = 0; i < 30000; ++i) counts[key(m, "abc", t.segment(Method::nbest, alpha, rng, 3))] += 1;
  CHECK(chi_square_against(counts, p) > 1e-3);
}

TEST_CASE("unknown characters: one-character unknown pieces, merged when printed") {
  const auto m = UnigramModel::from_piece_scores("<unk>\t0\na\t-1\nb\t-2\n");
  Tokenizer t(m);
  t.normalize("a\xE2\xB0\x80\xE2\xB0\x81" "b");  // a ⰀⰁ b
  Rng rng(1);
  const auto& seg = t.segment(Method::viterbi, 0, rng);
  REQUIRE(seg.size() == 4);
  CHECK(seg[1].id == m.unknown_id());
  CHECK(m.unknown_score() == doctest::Approx(-2 - 10));
  CHECK(key(m, t.normalized(), seg) == "a \xE2\xB0\x80\xE2\xB0\x81 b");
}

TEST_CASE("the same seed gives the same samples, a 1 MB line is handled in one pass") {
  const auto m = UnigramModel::from_piece_scores(kVocab);
  std::string big;
  while (big.size() < 1000000) big += "abcab";
  Tokenizer t(m);
  t.normalize(big);
  for (Method method : {Method::viterbi, Method::original, Method::perfect, Method::ffbs}) {
    Rng r1(5), r2(5);
    const Segmentation a = t.segment(method, 0.5, r1);
    const Segmentation b = t.segment(method, 0.5, r2);
    CHECK(a == b);
    std::size_t covered = 0;
    bool contiguous = true;
    for (const auto& tok : a) contiguous = contiguous && tok.begin == covered, covered = tok.end;
    CHECK(contiguous);
    CHECK(covered == big.size());
  }
}

TEST_CASE("bad text and bad alpha are refused with a message") {
  const auto m = UnigramModel::from_piece_scores(kVocab);
  Tokenizer t(m);
  CHECK_THROWS_WITH_AS(t.normalize("ab\xFFz"), doctest::Contains("invalid UTF-8 at byte 2"), sampling::Error);
  t.normalize("abc");
  Rng rng(1);
  CHECK_THROWS_WITH_AS(t.segment(Method::perfect, NAN, rng), doctest::Contains("alpha must be a finite number"),
                       sampling::Error);
  CHECK_THROWS_AS(t.segment(Method::perfect, -1, rng), sampling::Error);
  CHECK_THROWS_WITH_AS(parse_method("greedy"), doctest::Contains("unknown method 'greedy'"), sampling::Error);
  t.normalize("");
  CHECK(t.segment(Method::perfect, 1.0, rng).empty());
}

TEST_CASE("word-frequency dictionaries: s(w) = log f − log Σf, and Chinese words come out whole") {
  const auto m = UnigramModel::from_word_frequencies(
      "今天 300 t\n天天 20\n天气 200 n\n不错 150 a\n今 50\n天 80\n气 30\n不 400\n错 40\n");
  const double total = 300 + 20 + 200 + 150 + 50 + 80 + 30 + 400 + 40;
  CHECK(m.score(m.piece_id("今天")) == doctest::Approx(std::log(300 / total)).epsilon(1e-6));
  Tokenizer t(m);
  t.normalize("今天天气不错");
  Rng rng(1);
  CHECK(key(m, t.normalized(), t.segment(Method::viterbi, 0, rng)) == "今天 天气 不错");
  CHECK_THROWS_WITH_AS(UnigramModel::from_word_frequencies("今天 -3\n"), doctest::Contains("line 1: the frequency must be a positive number"),
                       sampling::Error);
  CHECK_THROWS_WITH_AS(UnigramModel::from_word_frequencies("今天\n"), doctest::Contains("line 1: expected 'word frequency [tag]'"),
                       sampling::Error);
  CHECK_THROWS_WITH_AS(UnigramModel::from_word_frequencies("a 1\nb 2\na 3\n"), doctest::Contains("piece 'a' appears twice"),
                       sampling::Error);
  CHECK_THROWS_WITH_AS(UnigramModel::from_word_frequencies("<unk> 5\nb 2\n<unk> 3\n"),
                       doctest::Contains("piece '<unk>' appears twice"), sampling::Error);
  CHECK_THROWS_WITH_AS(UnigramModel::from_word_frequencies("\n\n"), doctest::Contains("vocabulary is empty"), sampling::Error);
}

TEST_CASE("SentencePiece model files: read, and every broken file named") {
  const auto m = UnigramModel::load(model_bytes());
  CHECK(m.kind() == "sentencepiece");
  CHECK(m.size() == 3);
  CHECK(m.score(m.piece_id("b")) == doctest::Approx(-2));
  CHECK(m.normalizer().is_identity() == false);
  CHECK(error_of(model_bytes(2)).find("this is a BPE model") != std::string::npos);
  CHECK(error_of(model_bytes(3)).find("WORD model") != std::string::npos);
  CHECK(error_of(model_bytes(1, false)).find("no piece of type UNKNOWN") != std::string::npos);
  CHECK(error_of(model_bytes(1, true, false)).find("piece 1 ('\xE2\x96\x81" "a') has no score field") != std::string::npos);
  CHECK(error_of(model_bytes(1, true, true, true)).find("piece 'b' appears twice") != std::string::npos);
  // Reserved (unknown, control, byte) and other pieces are kept apart, as in SentencePiece:
  // a normal "<unk>" beside the unknown piece loads, a second control "<s>" does not.
  const UnigramModel shared = UnigramModel::load(testutil::identity_unigram_model({{"<unk>", 0, 2}, {"<unk>", -1, 1}}));
  CHECK(shared.piece_id("<unk>") == 0);
  CHECK(error_of(testutil::identity_unigram_model({{"<unk>", 0, 2}, {"<s>", 0, 3}, {"a", -1, 1}, {"<s>", 0, 3}}))
            .find("piece '<s>' appears twice (ids 1 and 3)") != std::string::npos);
  // Two normal "<unk>" with the unknown piece between them: still twice in the same map
  // (a fuzzer's find: the map of lookups kept only the unknown one, and the trie got the
  // text twice and read past its keys).
  CHECK(error_of(testutil::identity_unigram_model({{"<unk>", -1, 1}, {"<unk>", 0, 2}, {"<unk>", -2, 1}}))
            .find("piece '<unk>' appears twice (ids 0 and 2)") != std::string::npos);
  CHECK(error_of(testutil::identity_unigram_model({{"a", -1, 1}, {"<0x41>", 0, 6}, {"<0x41>", -2, 1}, {"<0x41>", 0, 6}}))
            .find("piece '<0x41>' appears twice (ids 1 and 3)") != std::string::npos);
  // No normal piece: the unknown piece's score (lowest normal score − 10) is undefined.
  CHECK(error_of(testutil::identity_unigram_model({{"<unk>", 0, 2}, {"ab", 0, 4}, {"c", 0, 5}}))
            .find("has no normal pieces (only unknown, control, user-defined, unused or byte ones), so the unknown "
                  "piece's score") != std::string::npos);
  const std::string full = model_bytes();
  for (std::size_t cut : {full.size() - 1, full.size() / 2, std::size_t{3}}) {
    INFO("cut at ", cut);
    CHECK(error_of(full.substr(0, cut)).find("truncated") != std::string::npos);
  }
  CHECK(error_of("").find("the file is empty") != std::string::npos);
  std::string random_bytes;
  Rng rng(4);
  for (int i = 0; i < 4000; ++i) random_bytes += static_cast<char>(rng.below(256));
  CHECK(error_of(random_bytes).find("model file:") == 0);
  CHECK(error_of("abc\t1\nabc\t2\n").find("appears twice") != std::string::npos);
  CHECK(error_of("abc\tx\n").find("vocabulary line 1: the score must be a finite number") != std::string::npos);
  // trainer_spec.unk_surface (field 44): kept for decoding, refused when not UTF-8.
  testutil::Proto trainer;
  trainer.str(44, "<?>");
  CHECK(UnigramModel::load(full).unknown_surface() == " \xE2\x81\x87 ");
  testutil::Proto with_surface{full};
  with_surface.str(2, trainer.bytes);
  CHECK(UnigramModel::load(with_surface.bytes).unknown_surface() == "<?>");
  testutil::Proto bad_surface{full}, bad_trainer;
  bad_trainer.str(44, "\xFF");
  bad_surface.str(2, bad_trainer.bytes);
  CHECK(error_of(bad_surface.bytes).find("trainer_spec.unk_surface is not valid UTF-8") != std::string::npos);
}

TEST_CASE("the normalizer's whitespace rules") {
  NormalizerSpecData spec;  // no character map: only the whitespace rules
  Normalizer n(spec);
  std::string out;
  n.normalize("  Hello   World  ", out);
  CHECK(out == "\xE2\x96\x81Hello\xE2\x96\x81World");
  n.normalize("   ", out);
  CHECK(out.empty());
  spec.add_dummy_prefix = false;
  spec.remove_extra_whitespaces = false;
  Normalizer keep(spec);
  keep.normalize(" a  b ", out);
  CHECK(out == "\xE2\x96\x81" "a\xE2\x96\x81\xE2\x96\x81" "b\xE2\x96\x81");
}

TEST_CASE("the piece trie finds exactly the vocabulary's prefixes") {
  Rng rng(9);
  std::vector<std::pair<std::string, std::int32_t>> keys;
  std::map<std::string, std::int32_t> truth;
  for (int i = 0; i < 3000; ++i) {
    std::string k;
    const int len = 1 + static_cast<int>(rng.below(6));
    for (int j = 0; j < len; ++j) k += static_cast<char>("abcdé"[rng.below(5)]);
    if (truth.emplace(k, i).second) keys.emplace_back(k, i);
  }
  const PieceTrie trie(keys);
  for (int q = 0; q < 2000; ++q) {
    std::string text;
    for (int j = 0; j < 8; ++j) text += static_cast<char>("abcdé"[rng.below(5)]);
    std::vector<std::pair<std::int32_t, std::size_t>> found, expected;
    trie.common_prefix_search(text.data(), text.size(), [&](std::int32_t id, std::size_t len) { found.emplace_back(id, len); });
    for (std::size_t len = 1; len <= text.size(); ++len) {
      const auto it = truth.find(text.substr(0, len));
      if (it != truth.end()) expected.emplace_back(it->second, len);
    }
    REQUIRE(found == expected);
  }
  // A key twice or an empty key is refused by name, not walked past its end.
  using Keys = std::vector<std::pair<std::string, std::int32_t>>;
  CHECK_THROWS_WITH_AS(PieceTrie(Keys{{"ab", 0}, {"abcdefghijklmnopqrstuvwxyz", 1}, {"ab", 2}}),
                       "model: piece 'ab' is in the trie twice", sampling::Error);
  CHECK_THROWS_WITH_AS(PieceTrie(Keys{{"a", 0}, {"", 1}}), "model: a piece is empty", sampling::Error);
}

TEST_CASE("sampling without replacement: distinct draws, exact inclusion frequencies, unbiased estimates") {
  const auto m = UnigramModel::from_piece_scores(kVocab);
  Tokenizer t(m);
  t.normalize("abc");
  const double alpha = 1.0;
  const auto p = hand_distribution(alpha);
  // Exact inclusion probability of i in a sample of 2 without replacement:
  // P_i + Σ_{j≠i} P_j · P_i / (1 − P_j).
  std::map<std::string, double> inclusion;
  for (const auto& [i, pi] : p) {
    double q = pi;
    for (const auto& [j, pj] : p)
      if (j != i) q += pj * pi / (1 - pj);
    inclusion[i] = q;
  }
  Rng rng(12);
  const int runs = 20000;
  std::map<std::string, double> included, first;
  double estimate_sum = 0, estimate_sq = 0;
  for (int r = 0; r < runs; ++r) {
    const auto sample = sample_without_replacement(t.lattice(), alpha, 2, rng);
    REQUIRE(sample.size() == 2);
    const std::string a = key(m, "abc", sample[0].tokens), b = key(m, "abc", sample[1].tokens);
    REQUIRE(a != b);
    included[a] += 1, included[b] += 1, first[a] += 1;
    CHECK(sample[0].log_probability == doctest::Approx(std::log(p.at(a))).epsilon(1e-9));
    // Priority-sampling estimate of the total probability (which is 1).
    double estimate = 0;
    for (const auto& s : sample) estimate += std::exp(s.log_probability) / s.inclusion;
    estimate_sum += estimate, estimate_sq += estimate * estimate;
  }
  for (const auto& entry : inclusion) {
    const auto& k = entry.first;
    const double q = entry.second;
    INFO(k, ": included ", included[k] / runs, " vs ", q);
    CHECK(std::abs(included[k] / runs - q) < 4 * std::sqrt(q * (1 - q) / runs));
  }
  CHECK(chi_square_against(first, p) > 1e-3);  // the top draw is a draw from P_α
  const double mean = estimate_sum / runs, se = std::sqrt((estimate_sq / runs - mean * mean) / runs);
  CHECK(std::abs(mean - 1.0) < 4 * se);
  // Asking for more than exist returns all of them, each with inclusion 1.
  const auto all = sample_without_replacement(t.lattice(), alpha, 10, rng);
  CHECK(all.size() == 4);
  for (const auto& s : all) CHECK(s.inclusion == 1.0);
}

TEST_CASE("nbest sampling with nbest 1 is Viterbi, as SentencePiece's SampleEncode, also on exact ties") {
  // b+bb+bb, bb+b+bb and bb+bb+b all score −5.8: the n-best list's first entry and
  // Viterbi's choice differ here; SentencePiece answers nbest_size 1 with Encode.
  const UnigramModel model = UnigramModel::from_piece_scores("a\t-3.7\nb\t-2.2\nab\t-1.3\nba\t-1.8\nbb\t-1.8\n");
  Tokenizer tokenizer(model);
  tokenizer.normalize("bbbbb");
  Rng rng(1);
  const Segmentation viterbi_seg = tokenizer.segment(Method::viterbi, 0.1, rng);
  CHECK(viterbi_seg.size() == 3);
  for (int i = 0; i < 5; ++i) CHECK(tokenizer.segment(Method::nbest, 0.1, rng, 1) == viterbi_seg);
}

TEST_CASE("nbest refuses k × text length beyond its limit before allocating") {
  const UnigramModel model = UnigramModel::from_piece_scores("a\t-1\nb\t-2\nab\t-2.5\n");
  Tokenizer tokenizer(model);
  tokenizer.normalize(std::string(1000, 'a'));
  Rng rng(1);
  CHECK_THROWS_WITH_AS(tokenizer.segment(Method::nbest, 0.1, rng, 10000),
                       doctest::Contains("nbest: k × text length is 10000000 (k 10000 × 1000 bytes); the limit is 8388608"),
                       sampling::Error);
  CHECK(tokenizer.segment(Method::nbest, 0.1, rng, 100).size() > 0);
}
