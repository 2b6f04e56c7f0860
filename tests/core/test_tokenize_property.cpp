// Property test of the exact samplers: on many random small vocabularies, with score
// ranges up to several hundred nats, pieces up to 30 characters and α from 0 to 10,
// perfect sampling and FFBS must draw from P_α as exact enumeration gives it.
//
// Each case and method gets two tests: Pearson's chi-square (cells with expected count
// below 5 pooled, see testutil::chi_square_p) and, because pooling hides the rare cells
// (with one likely segmentation nothing is left to test), the Poisson upper tail of the
// number of draws that fell in the pooled cells. A draw outside the enumerated support
// fails at once. Thresholds: the kCases × 2 × 2 tests at Bonferroni level kFamily / 2
// / (kCases × 4), and one test of the sum of all chi-square statistics against χ²(Σ df)
// at kFamily / 2, which sees small biases spread over many cases. The seeds are fixed;
// over random seeds a correct sampler fails this test with probability at most
// kFamily = 1e-3 (union bound; the Poisson tail bounds the binomial one closely for
// expected counts below 5).
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "core/common/utf8.hpp"
#include "core/tokenize/tokenizer.hpp"
#include "tests/core/stat_utils.hpp"

using namespace sampling::tokenize;
using sampling::Rng;

namespace {

constexpr int kCases = 300;
constexpr int kDraws = 4000;
constexpr double kFamily = 1e-3;
constexpr std::uint64_t kMaxSegmentations = 3000;

struct RandomCase {
  std::string vocabulary;  // piece<TAB>score lines
  std::string text;
  double alpha;
};

// Concatenation of characters [from, from + count) of a character list.
std::string chars_to_text(const std::vector<std::string>& chars, std::size_t from, std::size_t count) {
  std::string s;
  for (std::size_t i = from; i < from + count; ++i) s += chars[i];
  return s;
}

// A text of runs over a small alphabet (one two-byte letter among them), single letters
// and some of the text's own substrings up to 30 characters as pieces (so long pieces do
// occur in the lattice), scores spread over a range of 1 to 600 nats, and α in [0, 10].
RandomCase random_case(Rng& g) {
  const std::vector<std::string> letters{"a", "b", "c", "\xD0\xB6"};  // ж
  std::vector<std::string> alphabet;
  const std::size_t k = 1 + g.below(3);
  while (alphabet.size() < k) {
    const std::string& l = letters[g.below(letters.size())];
    if (std::find(alphabet.begin(), alphabet.end(), l) == alphabet.end()) alphabet.push_back(l);
  }
  const std::size_t length = 1 + g.below(45);
  std::vector<std::string> chars;
  while (chars.size() < length) {
    const std::string& l = alphabet[g.below(alphabet.size())];
    const std::size_t left = length - chars.size();
    const std::size_t run = g.uniform() < 0.3 ? 1 + g.below(left) : 1 + g.below(std::min<std::size_t>(3, left));
    for (std::size_t i = 0; i < run; ++i) chars.push_back(l);
  }
  std::set<std::string> pieces;
  for (const std::string& l : alphabet)
    if (g.uniform() < 0.85) pieces.insert(l);  // a letter without a piece is an unknown character
  if (chars.size() >= 2) {
    const std::size_t multi = g.below(9);
    for (std::size_t i = 0; i < multi; ++i) {
      const std::size_t n = 2 + g.below(std::min<std::size_t>(30, chars.size()) - 1);
      pieces.insert(chars_to_text(chars, g.below(chars.size() - n + 1), n));
    }
  }
  const double range = std::exp(g.uniform(0.0, std::log(600.0)));
  const double low = g.uniform() < 0.2 ? -range / 2 : -range;  // sometimes positive scores too
  RandomCase c;
  for (const std::string& p : pieces) {
    char score[32];
    std::snprintf(score, sizeof score, "%.6f", low + g.uniform() * range);
    c.vocabulary += p + "\t" + score + "\n";
  }
  if (c.vocabulary.empty()) c.vocabulary = "z\t-1\n";  // every letter unknown
  const double a = g.uniform();
  c.alpha = a < 0.05 ? 0.0 : a < 0.1 ? 10.0 : g.uniform(0.0, 10.0);
  c.text = chars_to_text(chars, 0, chars.size());
  return c;
}

std::string token_key(const Segmentation& seg) {
  std::string k;
  for (const Token& t : seg) k += std::to_string(t.begin) + ":" + std::to_string(t.end) + ":" + std::to_string(t.id) + " ";
  return k;
}

struct Fit {
  double p = 0, statistic = 0;
  int df = 0;
  double p_rare = 1;     // P(Poisson(expected) ≥ observed) over the pooled cells
  bool outside = false;  // a draw outside the support
};

Fit fit(Tokenizer& t, Method method, double alpha, const std::vector<ExactEntry>& exact, std::uint64_t seed) {
  std::map<std::string, std::size_t> index;
  std::vector<double> probs;
  for (const auto& e : exact) index[token_key(e.tokens)] = probs.size(), probs.push_back(e.probability);
  std::vector<double> observed(probs.size(), 0.0);
  Rng rng(seed);
  Fit f;
  for (int i = 0; i < kDraws; ++i) {
    const auto it = index.find(token_key(t.segment(method, alpha, rng)));
    if (it == index.end()) f.outside = true;
    else observed[it->second] += 1;
  }
  if (f.outside) return f;
  f.p = testutil::chi_square_p(observed, probs, &f.statistic);
  // Degrees of freedom as chi_square_p pools: the cells with expected count ≥ 5, plus the
  // pooled rest when it reaches 5 itself (otherwise it joins a kept cell).
  int kept = 0;
  double pooled = 0, pooled_observed = 0;
  for (std::size_t i = 0; i < probs.size(); ++i) {
    if (kDraws * probs[i] >= 5) ++kept;
    else pooled += kDraws * probs[i], pooled_observed += observed[i];
  }
  f.df = kept + (pooled >= 5 || kept == 0 ? 1 : 0) - 1;
  // P(X ≥ k) for X ~ Poisson(λ) is the lower regularized gamma P(k, λ) = 1 − Q(k, λ).
  if (pooled_observed > pooled) f.p_rare = 1 - testutil::gamma_q(pooled_observed, pooled);
  return f;
}

}  // namespace

TEST_CASE("property: perfect sampling and FFBS equal exact enumeration on random vocabularies") {
  Rng g(20240611);
  const double level = kFamily / 2 / (4 * kCases);
  double total_statistic = 0;
  int total_df = 0, tested = 0;
  for (int c = 0; c < kCases; ++c) {
    RandomCase rc = random_case(g);
    const UnigramModel m = UnigramModel::from_piece_scores(rc.vocabulary);
    Tokenizer t(m);
    // Shorten the text until exact enumeration is cheap.
    std::vector<std::string> chars;
    for (char32_t cp : sampling::decode_utf8(rc.text)) chars.emplace_back(), sampling::append_utf8(cp, chars.back());
    t.normalize(rc.text);
    while (count_segmentations(t.lattice(), kMaxSegmentations) > kMaxSegmentations) {
      chars.resize(chars.size() / 2);
      rc.text = chars_to_text(chars, 0, chars.size());
      t.normalize(rc.text);
    }
    const auto exact = exact_distribution(t.lattice(), rc.alpha, kMaxSegmentations);
    double mass = 0;
    for (const auto& e : exact) mass += e.probability;
    REQUIRE(mass == doctest::Approx(1.0).epsilon(1e-9));
    for (Method method : {Method::perfect, Method::ffbs}) {
      INFO("case ", c, " ", std::string(method_name(method)), " alpha ", rc.alpha, " text '", rc.text, "' vocabulary:\n", rc.vocabulary);
      const Fit f = fit(t, method, rc.alpha, exact, 1000 + c);
      CHECK_FALSE(f.outside);
      CHECK(f.p > level);
      CHECK(f.p_rare > level);
      if (f.df > 0) total_statistic += f.statistic, total_df += f.df, ++tested;
    }
  }
  INFO("sum of ", tested, " chi-square statistics ", total_statistic, " on ", total_df, " degrees of freedom");
  CHECK(tested > kCases / 2);  // many cases have more than one likely segmentation
  CHECK(testutil::gamma_q(total_df / 2.0, total_statistic / 2.0) > kFamily / 2);
}

TEST_CASE("perfect sampling stays exact when a long cheap piece spans totals a double cannot hold") {
  // a×16 scores −1 and a single a −50: at α 3.3 the totals of the 16 positions it spans
  // fall e^165 apart per letter while every single piece has α·|s| ≤ 200. The space is an
  // unknown character (min score − 10 = −60).
  const auto m = UnigramModel::from_piece_scores("a\t-50\naaaaaaaaaaaaaaaa\t-1\nb\t-1\nab\t-1.5\nbb\t-1.2\n");
  const std::string text = "aaaaaaaaaaaaaaaa bbb";
  const double alpha = 3.3;
  Tokenizer t(m);
  t.normalize(text);
  const auto exact = exact_distribution(t.lattice(), alpha, 100);
  REQUIRE(exact.size() == 6);
  CHECK(exact[0].probability == doctest::Approx(0.4828).epsilon(1e-3));  // a×16 ␣ b bb and a×16 ␣ bb b
  CHECK(exact[2].probability == doctest::Approx(0.0345).epsilon(1e-2));  // a×16 ␣ b b b
  for (Method method : {Method::perfect, Method::ffbs}) {
    INFO(std::string(method_name(method)));
    const Fit f = fit(t, method, alpha, exact, 77);
    CHECK_FALSE(f.outside);
    CHECK(f.p > 1e-4);
    CHECK(f.p_rare > 1e-4);
  }
}

TEST_CASE("perfect sampling stays exact when a rescale would flush the dominant total to zero") {
  // yy (+200) makes the totals grow e^400 between rescales, so the long piece's total at
  // the end shrinks by e^-400 at each one and underflows; the paths that survive (through
  // x, −180 each) are e^-100 less likely than the long piece.
  const auto m = UnigramModel::from_piece_scores("y\t0\nyy\t200\nx\t-180\nyyyyyyyyxxxxx\t0\n");
  Tokenizer t(m);
  t.normalize("yyyyyyyyxxxxx");
  const auto exact = exact_distribution(t.lattice(), 1.0, 100);
  REQUIRE(exact[0].tokens.size() == 1);
  CHECK(exact[0].probability > 1 - 1e-12);
  for (Method method : {Method::perfect, Method::ffbs}) {
    INFO(std::string(method_name(method)));
    const Fit f = fit(t, method, 1.0, exact, 78);
    CHECK_FALSE(f.outside);
    CHECK(f.p_rare > 1e-4);  // P(any other segmentation in 4000 draws) < 1e-39
  }
}
