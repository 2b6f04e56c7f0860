// Text samplers on masked LMs small enough to enumerate: templates and start states,
// the Gibbs kernel's invariants, its stationary law against an exact enumeration (chi-
// square on independent end states), one step's distribution exactly, annealing.
#include <doctest/doctest.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "core/common/error.hpp"
#include "core/common/utf8.hpp"
#include "core/text/annealing.hpp"
#include "core/text/gibbs.hpp"
#include "core/text/template.hpp"
#include "tests/core/stat_utils.hpp"
#include "tests/core/table_lm.hpp"

using namespace sampling::text;
using sampling::Error;
using sampling::Rng;

namespace {

using testutil::TableLm;

// ---- a toy poem model: 14 characters and two punctuation marks, logits that depend on
// the whole sequence (a hash), specials and punctuation given the largest logits so that
// a kernel which forgot to exclude them would draw them at once.
const std::vector<std::string> kPoemChars{"春", "花", "月", "山", "人", "歸", "去", "明", "夜", "風", "雲", "水", "江", "天"};

TableLm poem_lm(int max_length = 40) {
  std::vector<std::string> tokens = kPoemChars;
  tokens.push_back("，");
  tokens.push_back("。");
  const int vocab = static_cast<int>(tokens.size()) + 5;
  return TableLm(tokens, {"，", "。"}, max_length, [vocab](const std::vector<std::int32_t>& ids, int row, float* out) {
    std::uint64_t h = 1469598103934665603ULL ^ static_cast<std::uint64_t>(row);
    for (std::int32_t id : ids) h = (h ^ static_cast<std::uint64_t>(id)) * 1099511628211ULL;
    Rng rng(h);
    for (int j = 0; j < vocab; ++j) out[j] = static_cast<float>(2.0 * rng.normal());
    for (int j = 0; j < 5; ++j) out[j] = 20.0f;          // specials
    out[vocab - 2] = out[vocab - 1] = 20.0f;             // ， 。
  });
}

// ---- the statistical toy: two positions, three tokens a b c, conditionals of a known
// joint J (compatible by construction). A row whose own token is visible (not masked)
// gets a +2 bonus on that token, as BERT tends to copy what it sees: a kernel that
// forgets to mask is then visibly wrong.
constexpr double kJoint[3][3] = {{0.20, 0.05, 0.05}, {0.02, 0.25, 0.03}, {0.10, 0.05, 0.25}};
constexpr double kCopyBonus = 2.0;

// Logits of position `pos` (0 or 1) over a b c given the other token (−1: masked) and
// the position's own visible token (−1: masked). The test's own formula, written apart
// from the model below so the enumeration does not reuse the model's code.
std::array<double, 3> toy_logits(int pos, int other, int own) {
  std::array<double, 3> l{};
  for (int v = 0; v < 3; ++v) {
    double p = 0;
    if (other < 0) {
      for (int w = 0; w < 3; ++w) p += pos == 0 ? kJoint[v][w] : kJoint[w][v];
    } else {
      p = pos == 0 ? kJoint[v][other] : kJoint[other][v];
    }
    l[v] = std::log(p) + (own == v ? kCopyBonus : 0.0);
  }
  return l;
}

TableLm pair_lm() {
  return TableLm({"a", "b", "c", "，"}, {"，"}, 8, [](const std::vector<std::int32_t>& ids, int row, float* out) {
    if (ids.size() != 4) throw Error("the pair model takes two tokens");
    const auto tok = [](std::int32_t id) { return id == 4 ? -1 : id - 5; };
    const int pos = row - 1;
    const auto l = toy_logits(pos, tok(ids[pos == 0 ? 2 : 1]), tok(ids[row]));
    for (int j = 0; j < 5; ++j) out[j] = 8.0f;  // specials: never drawn however large
    for (int v = 0; v < 3; ++v) out[5 + v] = static_cast<float>(l[v]);
    out[8] = 8.0f;                             // "，": punctuation, never drawn
  });
}

// The law of one position's draw: softmax(l / T) cut to the top k.
std::array<double, 3> draw_law(std::array<double, 3> l, double t, int k) {
  std::array<double, 3> p{};
  std::array<int, 3> rank{0, 1, 2};
  std::sort(rank.begin(), rank.end(), [&](int a, int b) { return l[a] > l[b] || (l[a] == l[b] && a < b); });
  double z = 0;
  for (int i = 0; i < 3; ++i) {
    const int v = rank[i];
    if (k > 0 && i >= k) continue;
    p[v] = std::exp(l[v] / t);
    z += p[v];
  }
  for (double& v : p) v /= z;
  return p;
}

using Law = std::array<double, 9>;  // state (x0, x1) at index 3·x0 + x1

// Exact law of the pair chain after `steps` steps from the uniform start.
Law exact_law(GibbsOrder order, double t, int k, int burn_in, int steps) {
  Law law;
  law.fill(1.0 / 9);
  for (int s = 0; s < steps; ++s) {
    const int kk = s < burn_in ? 0 : k;
    Law next{};
    for (int a = 0; a < 3; ++a)
      for (int b = 0; b < 3; ++b) {
        const double m = law[3 * a + b];
        if (order == GibbsOrder::parallel) {
          const auto p0 = draw_law(toy_logits(0, b, a), t, kk), p1 = draw_law(toy_logits(1, a, b), t, kk);
          for (int x = 0; x < 3; ++x)
            for (int y = 0; y < 3; ++y) next[3 * x + y] += m * p0[x] * p1[y];
          continue;
        }
        const double w0 = order == GibbsOrder::random ? 0.5 : (s % 2 == 0 ? 1.0 : 0.0);
        const auto p0 = draw_law(toy_logits(0, b, -1), t, kk), p1 = draw_law(toy_logits(1, a, -1), t, kk);
        for (int x = 0; x < 3; ++x) next[3 * x + b] += m * w0 * p0[x];
        for (int y = 0; y < 3; ++y) next[3 * a + y] += m * (1 - w0) * p1[y];
      }
    law = next;
  }
  return law;
}

// End states of `runs`·64 independent chains of `steps` steps, counted per state.
std::vector<double> end_state_counts(TableLm& lm, GibbsOptions o, int runs, int steps) {
  std::vector<double> counts(9, 0.0);
  o.pattern = "__";
  o.start = StartKind::random;
  o.chains = 64;
  for (int r = 0; r < runs; ++r) {
    o.seed = 1000 + r;
    GibbsRun run(lm, o);
    run.run(steps, nullptr);
    for (int c = 0; c < run.chains(); ++c) {
      const auto body = run.body(c);
      if (body.size() != 2 || !lm.samplable(body[0]) || !lm.samplable(body[1])) FAIL("a chain left the samplable states");
      counts[3 * (body[0] - 5) + (body[1] - 5)] += 1;
    }
  }
  return counts;
}

// Pearson's test at level 1e-3 (cells with fewer than 5 expected are pooled).
void check_chi_square(const std::vector<double>& counts, const Law& law, const std::string& what) {
  double stat = 0;
  const double p = testutil::chi_square_p(counts, std::vector<double>(law.begin(), law.end()), &stat);
  INFO(what, ": chi-square ", stat, ", p = ", p);
  CHECK(p > 1e-3);
}

GibbsOptions options(const std::string& pattern, GibbsOrder order = GibbsOrder::random) {
  GibbsOptions o;
  o.pattern = pattern;
  o.order = order;
  return o;
}

std::string texts(GibbsRun& run) {
  std::string s;
  for (int c = 0; c < run.chains(); ++c) s += run.text(c) + "\n";
  return s;
}

}  // namespace

// ---------------------------------------------------------------- templates

TEST_CASE("templates: free and pinned positions, presets, every error named") {
  TableLm lm = poem_lm();
  const Template t = parse_template(lm, "春____，__明月_。");
  CHECK(t.ids.size() == 12);
  CHECK(t.free_positions == std::vector<int>{1, 2, 3, 4, 6, 7, 10});
  CHECK(t.ids[0] == lm.id("春"));
  CHECK(t.ids[5] == lm.id("，"));
  CHECK(t.ids[8] == lm.id("明"));
  CHECK(t.ids[1] == lm.mask_id());
  for (std::size_t i = 0; i < t.ids.size(); ++i) CHECK(t.is_free[i] == (t.ids[i] == lm.mask_id()));

  CHECK(template_preset_names() == std::vector<std::string>{"五言絕句", "七言絕句"});
  const Template five = parse_template(lm, template_preset("五言絕句"));
  CHECK(five.ids.size() == 24);
  CHECK(five.free_positions.size() == 20);
  TableLm long_lm = poem_lm(34);
  const Template seven = parse_template(long_lm, template_preset("七言絕句"));
  CHECK(seven.ids.size() == 32);
  CHECK(seven.free_positions.size() == 28);
  CHECK_THROWS_WITH_AS(parse_template(poem_lm(33), template_preset("七言絕句")),
                       "template has 32 tokens; the model takes at most 31 (33 with [CLS] and [SEP])", Error);
  CHECK_THROWS_WITH_AS(template_preset("律詩"), "unknown template preset '律詩': use 五言絕句 or 七言絕句", Error);

  CHECK_THROWS_WITH_AS(parse_template(lm, ""), doctest::Contains("template is empty"), Error);
  CHECK_THROWS_WITH_AS(parse_template(lm, "春花"), doctest::Contains("no free position"), Error);
  CHECK_THROWS_WITH_AS(parse_template(lm, "春__李_"),
                       "template: the character '李' (character 4) is not in the model's vocabulary", Error);
  CHECK_THROWS_WITH_AS(parse_template(lm, "春_\xff_"), doctest::Contains("invalid UTF-8 at byte 4"), Error);
  CHECK_THROWS_WITH_AS(parse_template(lm, "春[MASK]_"), doctest::Contains("write _ for a free position"), Error);
}

TEST_CASE("start states: all masked, random samplable tokens, or the user's text in the template's shape") {
  TableLm lm = poem_lm();
  const Template t = parse_template(lm, "春__，_月");
  const auto ok = samplable_ids(lm);
  CHECK(ok.size() == kPoemChars.size());
  Rng rng(5);
  CHECK(start_body(lm, t, StartKind::mask, "", ok, rng) == t.ids);
  for (int i = 0; i < 50; ++i) {
    const auto b = start_body(lm, t, StartKind::random, "", ok, rng);
    for (int p : t.free_positions) CHECK(lm.samplable(b[p]));
    for (std::size_t p = 0; p < b.size(); ++p)
      if (!t.is_free[p]) CHECK(b[p] == t.ids[p]);
  }
  const auto b = start_body(lm, t, StartKind::text, "春花_，[MASK]月", ok, rng);
  CHECK(b == std::vector<std::int32_t>{lm.id("春"), lm.id("花"), 4, lm.id("，"), 4, lm.id("月")});
  CHECK_THROWS_WITH_AS(start_body(lm, t, StartKind::text, "春花山，水", ok, rng),
                       "start text has 5 tokens but the template has 6: give the whole text, pinned characters included",
                       Error);
  CHECK_THROWS_WITH_AS(start_body(lm, t, StartKind::text, "夏花山，水月", ok, rng), "start text: position 1 is a character the model's vocabulary does not have", Error);
  CHECK_THROWS_WITH_AS(start_body(lm, t, StartKind::text, "春花山，水山", ok, rng),
                       "start text: position 6 is '山' where the template pins '月'", Error);
  CHECK_THROWS_WITH_AS(start_body(lm, t, StartKind::text, "春。山，水月", ok, rng),
                       "start text: position 2 is '。', which a free position cannot hold (a special token or punctuation)",
                       Error);
  CHECK_THROWS_WITH_AS(start_body(lm, t, StartKind::text, "春李山，水月", ok, rng),
                       "start text: position 2 is a character the model's vocabulary does not have", Error);
  CHECK_THROWS_WITH_AS(start_body(lm, t, StartKind::text, "春\xc3", ok, rng), doctest::Contains("invalid UTF-8"), Error);
}

TEST_CASE("tokens join into text: pieces glue, CJK and punctuation without spaces, words with one") {
  TableLm lm({"play", "##ing", "ball", ",", "春", "天", "。"}, {",", "。"}, 16,
             [](const std::vector<std::int32_t>&, int, float*) {});
  const auto id = [&](const char* s) { return lm.id(s); };
  CHECK(join_tokens(lm, {id("play"), id("##ing"), id("ball"), id(","), id("ball")}) == "playing ball,ball");
  CHECK(join_tokens(lm, {id("春"), id("天"), id("。"), 4, id("春")}) == "春天。[MASK]春");
  CHECK(join_tokens(lm, {id("ball"), id("春"), id("play")}) == "ball春play");
}

// ---------------------------------------------------------------- one step exactly

TEST_CASE("one step's distribution: softmax of logits over T, cut to the top k, samplable ids only") {
  // ids 0..4 specials, 5..9 tokens; 7 is punctuation.
  std::vector<float> logits{9, 9, 9, 9, 9, 1.0f, 3.0f, 50.0f, 2.0f, 3.0f};
  const std::vector<std::int32_t> samplable{5, 6, 8, 9};
  StepDistribution d;
  const auto expect = [&](double t, std::vector<std::int32_t> ids) {
    double z = 0;
    for (auto id : ids) z += std::exp(logits[id] / t);
    REQUIRE(d.ids() == ids);
    for (std::size_t j = 0; j < ids.size(); ++j)
      CHECK(d.log_probs()[j] == doctest::Approx(logits[ids[j]] / t - std::log(z)).epsilon(1e-13));
  };
  d.compute(logits.data(), samplable, 1.0, 0);
  expect(1.0, {5, 6, 8, 9});
  d.compute(logits.data(), samplable, 0.5, 0);
  expect(0.5, {5, 6, 8, 9});
  d.compute(logits.data(), samplable, 2.5, 3);
  expect(2.5, {6, 8, 9});
  d.compute(logits.data(), samplable, 0.7, 2);  // 6 and 9 tie for the top: both kept
  expect(0.7, {6, 9});
  d.compute(logits.data(), samplable, 1.3, 1);  // a tie at the cut goes to the smaller id
  expect(1.3, {6});
  d.compute(logits.data(), samplable, 1.0, 4);
  expect(1.0, {5, 6, 8, 9});
  d.compute(logits.data(), samplable, 1.0, 99);
  expect(1.0, {5, 6, 8, 9});
  // The model's own log-probability ignores T and k.
  const double z1 = std::exp(1.0) + 2 * std::exp(3.0) + std::exp(2.0);
  CHECK(d.model_log_prob(logits.data(), 8) == doctest::Approx(2.0 - std::log(z1)).epsilon(1e-13));
  d.compute(logits.data(), samplable, 0.1, 1);
  CHECK(d.model_log_prob(logits.data(), 6) == doctest::Approx(3.0 - std::log(z1)).epsilon(1e-13));
  logits[6] = NAN;
  CHECK_THROWS_WITH_AS(d.compute(logits.data(), samplable, 1.0, 0), "the model gave a non-finite logit for token 6", Error);
}

// ---------------------------------------------------------------- invariants

TEST_CASE("Gibbs invariants: pinned positions never change, no special or punctuation token, shape kept") {
  TableLm lm = poem_lm();
  const std::string pattern = "春____，__明月_。____山__，___人歸去。";
  const Template t = parse_template(lm, pattern);
  for (auto order : {GibbsOrder::random, GibbsOrder::sequential, GibbsOrder::parallel}) {
    for (auto start : {StartKind::mask, StartKind::random}) {
      GibbsOptions o = options(pattern, order);
      o.chains = 3;
      o.seed = 11;
      o.top_k = 5;
      o.burn_in = 20;
      o.start = start;
      GibbsRun run(lm, o);
      std::vector<GibbsRecord> records;
      run.run(120, &records);
      const std::size_t per_step = order == GibbsOrder::parallel ? t.free_positions.size() : 1;
      CHECK(records.size() == 120 * 3 * per_step);
      for (const auto& r : records) {
        CHECK(t.is_free.at(r.position) == 1);
        CHECK(lm.samplable(r.new_id));
        CHECK(r.prob > 0);
        CHECK(r.prob <= 1);
        CHECK(r.log_prob < 0);
      }
      for (int c = 0; c < 3; ++c) {
        const auto body = run.body(c);
        REQUIRE(body.size() == t.ids.size());
        for (std::size_t p = 0; p < body.size(); ++p) {
          if (t.is_free[p]) CHECK(lm.samplable(body[p]));
          else CHECK(body[p] == t.ids[p]);
        }
        // The text keeps the template's shape: same pinned characters at the same places.
        const auto chars = sampling::decode_utf8(run.text(c));
        const auto pattern_chars = sampling::decode_utf8(pattern);
        REQUIRE(chars.size() == pattern_chars.size());
        for (std::size_t i = 0; i < chars.size(); ++i)
          if (pattern_chars[i] != U'_') CHECK(chars[i] == pattern_chars[i]);
      }
    }
  }
}

TEST_CASE("Gibbs: same seed same text, chunks do not change it, chains are independent streams") {
  TableLm lm = poem_lm();
  for (auto order : {GibbsOrder::random, GibbsOrder::sequential, GibbsOrder::parallel}) {
    GibbsOptions o = options("春____，__明月_。", order);
    o.chains = 3;
    o.seed = 99;
    o.burn_in = 7;
    o.top_k = 4;
    o.temperature = 0.8;
    o.start = StartKind::random;
    GibbsRun whole(lm, o), chunked(lm, o);
    std::vector<GibbsRecord> a, b;
    whole.run(60, &a);
    chunked.run(1, &b);
    chunked.run(13, &b);
    chunked.run(0, &b);
    chunked.run(46, &b);
    CHECK(texts(whole) == texts(chunked));
    REQUIRE(a.size() == b.size());
    for (std::size_t i = 0; i < a.size(); ++i) {
      CHECK(a[i].chain == b[i].chain);
      CHECK(a[i].step == b[i].step);
      CHECK(a[i].position == b[i].position);
      CHECK(a[i].new_id == b[i].new_id);
      CHECK(a[i].prob == b[i].prob);
      CHECK(a[i].score == b[i].score);
    }
    for (int c = 0; c < 3; ++c) CHECK(whole.score(c) == chunked.score(c));
    CHECK(whole.text(0) != whole.text(1));
    // Records come step by step, chain by chain.
    CHECK(a[0].chain == 0);
    CHECK(a.back().step == 59);
    // Chain 1 of a 3-chain run is chain 1 of a 2-chain run; another seed gives other text.
    GibbsOptions two = o;
    two.chains = 2;
    GibbsRun fewer(lm, two);
    fewer.run(60, nullptr);
    CHECK(fewer.text(1) == whole.text(1));
    GibbsOptions other = o;
    other.seed = 100;
    GibbsRun different(lm, other);
    different.run(60, nullptr);
    CHECK(texts(different) != texts(whole));
  }
}

TEST_CASE("Gibbs: records carry old and new tokens, the score is the sum of the drawn log-probabilities") {
  TableLm lm = poem_lm();
  GibbsOptions o = options("春___，_月");
  o.order = GibbsOrder::sequential;
  o.top_k = 0;
  GibbsRun run(lm, o);
  std::vector<GibbsRecord> records;
  run.run(10, &records);
  REQUIRE(records.size() == 10);
  const std::vector<int> sweep{1, 2, 3, 5};
  std::map<int, double> latest;
  std::map<int, std::int32_t> current;
  for (std::size_t i = 0; i < records.size(); ++i) {
    const auto& r = records[i];
    CHECK(r.step == i);
    CHECK(r.position == sweep[i % 4]);
    CHECK(r.old_id == (current.count(r.position) ? current[r.position] : lm.mask_id()));
    CHECK(r.prob == doctest::Approx(std::exp(r.log_prob)).epsilon(1e-12));  // T = 1, no top-k
    CHECK(r.temperature == 1.0);
    current[r.position] = r.new_id;
    latest[r.position] = r.log_prob;
    double sum = 0;
    for (int p : sweep) sum += latest.count(p) ? latest[p] : 0.0;
    CHECK(r.score == doctest::Approx(sum).epsilon(1e-12));
  }
  CHECK(run.score(0) == records.back().score);
  CHECK(run.best_score(0) >= run.score(0));
  CHECK(run.steps() == 10);
  // One forward pass per step for random and sequential orders.
  CHECK(lm.forward_passes == 10);
}

TEST_CASE("Gibbs: burn-in draws from the full distribution, then only the top k") {
  TableLm lm = poem_lm();
  GibbsOptions o = options("春____，__明月_。");
  o.top_k = 1;
  o.burn_in = 30;
  o.chains = 2;
  o.seed = 3;
  GibbsRun run(lm, o);
  std::vector<GibbsRecord> records;
  run.run(200, &records);
  int burn_in_below_one = 0;
  for (const auto& r : records) {
    if (r.step < 30) burn_in_below_one += r.prob < 1.0;
    else CHECK(r.prob == 1.0);  // top-1: the argmax, with probability 1
  }
  CHECK(burn_in_below_one > 50);
}

TEST_CASE("pseudo-log-likelihood: the sum over free positions of log p(x_i | rest) with x_i masked") {
  TableLm lm = pair_lm();
  GibbsOptions o = options("__");
  o.start = StartKind::text;
  o.start_text = "bc";
  GibbsRun run(lm, o);
  const auto cond = [](int pos, int other, int v) {
    const auto l = toy_logits(pos, other, -1);
    return l[v] - std::log(std::exp(l[0]) + std::exp(l[1]) + std::exp(l[2]));
  };
  CHECK(run.pseudo_log_likelihood(0) == doctest::Approx(cond(0, 2, 1) + cond(1, 1, 2)).epsilon(1e-6));
  GibbsOptions half = o;
  half.start_text = "b_";  // a masked position is conditioned on, not scored
  GibbsRun partial(lm, half);
  CHECK(partial.pseudo_log_likelihood(0) == doctest::Approx(cond(0, -1, 1)).epsilon(1e-6));
  CHECK(partial.text(0) == "b[MASK]");
  CHECK_THROWS_WITH_AS(partial.pseudo_log_likelihood(1), "gibbs: chain 1 does not exist (the run has 1)", Error);
}

TEST_CASE("Gibbs options: each bad value is a clear error") {
  TableLm lm = poem_lm();
  const auto bad = [&](GibbsOptions o, const char* message) { CHECK_THROWS_WITH_AS(GibbsRun(lm, o), message, Error); };
  GibbsOptions o = options("春__");
  o.temperature = NAN;
  bad(o, "gibbs: temperature must be a number between 1e-06 and 1e+06, got NaN");
  o.temperature = 0;
  bad(o, "gibbs: temperature must be a number between 1e-06 and 1e+06, got 0");
  o = options("春__");
  o.top_k = -1;
  bad(o, "gibbs: top-k must be 0 (every token) or more, got -1");
  o = options("春__");
  o.chains = 0;
  bad(o, "gibbs: chains must be between 1 and 64, got 0");
  o.chains = 65;
  bad(o, "gibbs: chains must be between 1 and 64, got 65");
  o = options("春__");
  o.annealing = AnnealingSchedule{1.0, 0.0, 10};
  bad(o, "annealing: temperatures must be between 1e-06 and 1e+06, got 0");
  o = options("春__");
  o.start = StartKind::text;
  o.start_text = "春花";
  bad(o, "start text has 2 tokens but the template has 3: give the whole text, pinned characters included");
  CHECK_THROWS_WITH_AS(parse_gibbs_order("backwards"), "unknown order 'backwards': use random, sequential or parallel",
                       Error);
  GibbsRun run(lm, options("春__"));
  std::vector<GibbsRecord> records;
  CHECK_THROWS_WITH_AS(run.run(GibbsRun::kMaxRecords + 1, &records),
                       "gibbs: one chunk keeps at most 1000000 records; ask for fewer steps at a time", Error);
}

// ---------------------------------------------------------------- the stationary law

// Independent end states (64 chains × 320 runs = 20,480 per case) against the exact law
// of the chain after that many steps, enumerated over the 9 states by the test's own
// transition formulas. Each case fails with probability 1e-3 when the kernel is right
// (the law is exact, so the chi-square test's level is the false-failure rate: 0.4 %
// for the four cases together at a random seed; the seeds here are fixed).
TEST_CASE("Gibbs on compatible conditionals converges to their joint (chi-square, exact law)") {
  TableLm lm = pair_lm();
  constexpr int kRuns = 320;
  const auto tv = [](const Law& a, const Law& b) {
    double s = 0;
    for (int i = 0; i < 9; ++i) s += std::abs(a[i] - b[i]);
    return s / 2;
  };

  SUBCASE("random order, T = 1, full distribution: the joint itself") {
    GibbsOptions o;
    o.top_k = 0;
    const Law law = exact_law(GibbsOrder::random, 1.0, 0, 0, 100);
    Law joint;
    for (int i = 0; i < 9; ++i) joint[i] = kJoint[i / 3][i % 3];
    REQUIRE(tv(law, joint) < 1e-9);  // 100 steps: the chain has forgotten its start
    check_chi_square(end_state_counts(lm, o, kRuns, 100), joint, "random order vs the joint");
  }
  SUBCASE("sequential sweep at T = 0.7: the joint raised to 1/T") {
    GibbsOptions o;
    o.order = GibbsOrder::sequential;
    o.top_k = 0;
    o.temperature = 0.7;
    Law tempered;
    double z = 0;
    for (int i = 0; i < 9; ++i) z += tempered[i] = std::pow(kJoint[i / 3][i % 3], 1 / 0.7);
    for (double& v : tempered) v /= z;
    REQUIRE(tv(exact_law(GibbsOrder::sequential, 0.7, 0, 0, 100), tempered) < 1e-9);
    check_chi_square(end_state_counts(lm, o, kRuns, 100), tempered, "sequential T = 0.7 vs J^(1/T)");
  }
  SUBCASE("random order, top-2 after a burn-in of 8 steps: the enumerated law") {
    GibbsOptions o;
    o.top_k = 2;
    o.burn_in = 8;
    const Law law = exact_law(GibbsOrder::random, 1.0, 2, 8, 10);
    check_chi_square(end_state_counts(lm, o, kRuns, 10), law, "top-2 with burn-in");
  }
  SUBCASE("parallel order (nothing masked, copy bonus visible): the enumerated law") {
    GibbsOptions o;
    o.order = GibbsOrder::parallel;
    o.top_k = 0;
    o.temperature = 1.5;
    const Law law = exact_law(GibbsOrder::parallel, 1.5, 0, 0, 40);
    check_chi_square(end_state_counts(lm, o, kRuns, 40), law, "parallel");
  }
}

// ---------------------------------------------------------------- annealing

TEST_CASE("annealing: geometric schedule from FROM to TO, applied as the step's temperature") {
  const AnnealingSchedule s = parse_annealing("2:0.02", 101);
  CHECK(s.temperature(0) == 2.0);
  CHECK(s.temperature(100) == 0.02);
  CHECK(s.temperature(5000) == 0.02);
  CHECK(s.temperature(50) == doctest::Approx(0.2).epsilon(1e-12));  // geometric midpoint
  const auto curve = annealing_temperatures(s, 101);
  REQUIRE(curve.size() == 101);
  for (std::size_t i = 1; i < curve.size(); ++i) CHECK(curve[i] < curve[i - 1]);
  CHECK(parse_annealing("3:3", 1).temperature(0) == 3.0);
  CHECK(parse_annealing("1:0.5", 1).temperature(0) == 0.5);
  CHECK_THROWS_WITH_AS(parse_annealing("2", 10), "annealing: the schedule is FROM:TO, e.g. 2:0.05; got '2'", Error);
  CHECK_THROWS_WITH_AS(parse_annealing("2:x", 10), "annealing: the schedule is FROM:TO, e.g. 2:0.05; got '2:x'", Error);
  CHECK_THROWS_WITH_AS(parse_annealing("nan:1", 10), doctest::Contains("got NaN"), Error);
  CHECK_THROWS_WITH_AS(parse_annealing("1:-1", 10), doctest::Contains("got -1"), Error);
  CHECK_THROWS_WITH_AS(parse_annealing("1:0.1", 0), "annealing: the schedule needs at least 1 step", Error);
  // Read strictly (core/common/decimal.hpp): hex, spaces and out-of-range values were taken.
  for (const char* bad : {"0x2:0.5", " 2:0.5", "2: 0.5", "2:0.5 "})
    CHECK_THROWS_WITH_AS(parse_annealing(bad, 10), ("annealing: the schedule is FROM:TO, e.g. 2:0.05; got '" + std::string(bad) + "'").c_str(), Error);
  CHECK_THROWS_WITH_AS(parse_annealing("1e400:0.5", 10), doctest::Contains("annealing: '1e400' is beyond the range of a double"), Error);
  CHECK_THROWS_WITH_AS(parse_annealing("2:1e-400", 10), doctest::Contains("annealing: '1e-400' is too small for a double"), Error);

  TableLm lm = poem_lm();
  GibbsOptions o = options("春____，__明月_。", GibbsOrder::random);
  o.annealing = parse_annealing("3:1e-6", 200);
  o.top_k = 0;
  o.chains = 2;
  o.start = StartKind::random;
  GibbsRun run(lm, o);
  std::vector<GibbsRecord> records;
  run.run(300, &records);
  for (const auto& r : records) CHECK(r.temperature == o.annealing->temperature(r.step));
  // At T = 1e-6 a draw is the mode of its conditional (unless two logits are within ~1e-5).
  int modes = 0, late = 0;
  for (const auto& r : records)
    if (r.step >= 250) ++late, modes += r.prob > 0.999;
  CHECK(modes == late);
  CHECK(run.best_score(0) > -1e300);
}
