// CGMH on models small enough to enumerate: a masked LM over three tokens whose logits
// are a made-up function of the whole sequence (the proposal), and a left-to-right LM
// whose log-probability is another made-up function of the sentence (π). Independent
// chains' end states must follow π restricted to the sentences that hold the keywords
// (Pearson's chi-square at level 1e-3, so a correct chain fails one seed in a thousand;
// the seeds are fixed, so the outcome is too), and the same test must fail when the
// reverse probability of insert moves is wrong by one position.
#include <doctest/doctest.h>

#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "core/cli/commands.hpp"
#include "core/common/error.hpp"
#include "core/text/cgmh.hpp"
#include "tests/core/error_check.hpp"
#include "tests/core/stat_utils.hpp"
#include "tests/core/table_lm.hpp"

using namespace sampling::text;
using sampling::Error;
using sampling::Rng;
using testutil::TableLm;

namespace {

std::uint64_t hash_ids(const std::vector<std::int32_t>& ids, std::uint64_t salt) {
  std::uint64_t h = 1469598103934665603ULL ^ salt;
  for (std::int32_t id : ids) h = (h ^ static_cast<std::uint64_t>(id + 1)) * 1099511628211ULL;
  return h;
}

// Tokens a b c (ids 5, 6, 7) and the punctuation mark "，" (8). The logits of a row are
// normal draws seeded by the whole sequence and the row; specials and "，" get large
// logits, so a chain that proposed them would do so at once.
TableLm toy_mlm(int max_length = 8) {
  return TableLm({"a", "b", "c", "，"}, {"，"}, max_length, [](const std::vector<std::int32_t>& ids, int row, float* out) {
    Rng rng(hash_ids(ids, 77 + static_cast<std::uint64_t>(row)));
    for (int j = 0; j < 9; ++j) out[j] = 6.0f;
    for (int j = 5; j < 8; ++j) out[j] = static_cast<float>(rng.normal());
  });
}

// π: a made-up log-probability of the sentence, shorter sentences favoured a little.
double toy_log_lm(const std::vector<std::int32_t>& body) {
  Rng rng(hash_ids(body, 12345));
  return 1.2 * rng.normal() - 0.3 * static_cast<double>(body.size());
}

class ToyLm : public LanguageModel {
 public:
  double log_prob(const std::vector<std::int32_t>& body) override {
    for (std::int32_t id : body)
      if (id < 5 || id > 8) throw Error("toy LM: id out of range");
    return toy_log_lm(body);
  }
};

// True when the keywords occur in `body` in order as disjoint blocks (leftmost matches).
bool holds_keywords(const std::vector<std::int32_t>& body, const std::vector<std::vector<std::int32_t>>& keywords) {
  auto from = body.begin();
  for (const auto& k : keywords) {
    const auto it = std::search(from, body.end(), k.begin(), k.end());
    if (it == body.end()) return false;
    from = it + static_cast<std::ptrdiff_t>(k.size());
  }
  return true;
}

// Every body of tokens a b c with 1..max_length tokens (free length), or every filling
// of the template's free positions that are not keyword positions (fixed shape).
std::vector<std::vector<std::int32_t>> all_bodies(int max_length) {
  std::vector<std::vector<std::int32_t>> out{{}};
  std::vector<std::vector<std::int32_t>> level{{}};
  out.clear();
  for (int len = 1; len <= max_length; ++len) {
    std::vector<std::vector<std::int32_t>> next;
    for (const auto& b : level)
      for (std::int32_t t = 5; t <= 7; ++t) {
        auto c = b;
        c.push_back(t);
        next.push_back(c);
      }
    out.insert(out.end(), next.begin(), next.end());
    level = next;
  }
  return out;
}

struct Law {
  std::map<std::vector<std::int32_t>, int> index;
  std::vector<double> probs;
};

// (LM · exp(β·length))^{1/τ} over the given bodies, normalized.
Law law_of(const std::vector<std::vector<std::int32_t>>& bodies, double tau, double beta = 0) {
  Law law;
  double z = 0;
  for (const auto& b : bodies) {
    law.index[b] = static_cast<int>(law.probs.size());
    law.probs.push_back(std::exp((toy_log_lm(b) + beta * static_cast<double>(b.size())) / tau));
    z += law.probs.back();
  }
  for (double& p : law.probs) p /= z;
  return law;
}

// End states of `chains` independent chains of `steps` steps, counted per sentence.
std::vector<double> end_counts(TableLm& mlm, CgmhOptions o, const Law& law, int chains, int steps) {
  ToyLm lm;
  std::vector<double> counts(law.probs.size(), 0.0);
  for (int c = 0; c < chains; ++c) {
    o.seed = 5000 + static_cast<std::uint64_t>(c);
    CgmhRun run(mlm, lm, o);
    run.run(static_cast<std::uint64_t>(steps), nullptr);
    const auto it = law.index.find(run.body());
    if (it == law.index.end()) FAIL("a chain reached a sentence outside the constraint: " << run.text());
    counts[it->second] += 1;
  }
  return counts;
}

// Pearson's test at level 1e-3 (cells with fewer than 5 expected are pooled): the counts
// fit the law, or (fit = false) they do not.
void check_fit(const std::vector<double>& counts, const Law& law, const std::string& what, bool fit = true) {
  double stat = 0;
  const double p = testutil::chi_square_p(counts, law.probs, &stat);
  INFO(what << ": " << law.probs.size() << " sentences, chi-square " << stat << ", p = " << p);
  if (fit) CHECK(p > 1e-3);
  else CHECK(p < 1e-3);
}

std::vector<std::vector<std::int32_t>> constrained(const std::vector<std::vector<std::int32_t>>& bodies,
                                                   const std::vector<std::vector<std::int32_t>>& keywords) {
  std::vector<std::vector<std::int32_t>> out;
  for (const auto& b : bodies)
    if (holds_keywords(b, keywords)) out.push_back(b);
  return out;
}

constexpr int kChains = 8000, kSteps = 150;

}  // namespace

namespace {
CgmhOptions keyword_ab() {
  CgmhOptions o;
  o.keywords = {"ab"};
  o.top_k = 0;
  o.max_length = 4;
  return o;
}
}  // namespace

TEST_CASE("cgmh: end states follow LM restricted to the keywords (free length, a two-token keyword)") {
  TableLm mlm = toy_mlm();
  CgmhOptions o = keyword_ab();
  const Law law = law_of(constrained(all_bodies(4), {{5, 6}}), 1.0);
  CHECK(law.probs.size() == 33);
  check_fit(end_counts(mlm, o, law, kChains, kSteps), law, "keyword ab, K = all");
  // A wrong reverse probability is caught.
  o.test_wrong_reverse = true;
  check_fit(end_counts(mlm, o, law, kChains, kSteps), law, "keyword ab, wrong reverse", false);
}

TEST_CASE("cgmh: a length prior targets LM·exp(β·length)") {
  TableLm mlm = toy_mlm();
  CgmhOptions o = keyword_ab();
  o.length_bonus = 0.9;
  const Law longer = law_of(constrained(all_bodies(4), {{5, 6}}), 1.0, 0.9);
  check_fit(end_counts(mlm, o, longer, kChains, kSteps), longer, "keyword ab, β = 0.9");
}

TEST_CASE("cgmh: a constant temperature targets LM^(1/τ)") {
  TableLm mlm = toy_mlm();
  CgmhOptions o = keyword_ab();
  o.annealing = AnnealingSchedule{0.5, 0.5, 1};
  // π^2 is sharper and mixes slower: longer chains.
  const Law hot = law_of(constrained(all_bodies(4), {{5, 6}}), 0.5);
  const auto counts = end_counts(mlm, o, hot, kChains, 1000);
  check_fit(counts, hot, "keyword ab, τ = 0.5");
  check_fit(counts, law_of(constrained(all_bodies(4), {{5, 6}}), 1.0), "keyword ab, τ = 0.5 against τ = 1", false);
}

TEST_CASE("cgmh: two keywords in order, top-2 candidates with exploration, unequal move probabilities") {
  // Sentences such as "acac" hold the keywords in three ways: only the 1/M(x) factor of
  // the target makes the sentences' law LM(x).
  TableLm mlm = toy_mlm();
  CgmhOptions o;
  o.keywords = {"a", "c"};
  o.top_k = 2;
  o.explore = 0.25;
  o.p_replace = 0.5, o.p_insert = 0.25, o.p_delete = 0.25;
  o.max_length = 4;
  const Law law = law_of(constrained(all_bodies(4), {{5}, {7}}), 1.0);
  check_fit(end_counts(mlm, o, law, kChains, kSteps), law, "keywords a, c");
}

TEST_CASE("cgmh: a template allows replace only and follows LM over its fillings") {
  TableLm mlm = toy_mlm();
  CgmhOptions o;
  o.keywords = {"b"};
  o.pattern = "__，__";
  o.top_k = 2;
  o.explore = 0.3;
  // The keyword goes to the first free position; positions 1, 3 and 4 are filled.
  std::vector<std::vector<std::int32_t>> bodies;
  for (std::int32_t x = 5; x <= 7; ++x)
    for (std::int32_t y = 5; y <= 7; ++y)
      for (std::int32_t z = 5; z <= 7; ++z) bodies.push_back({6, x, 8, y, z});
  const Law law = law_of(bodies, 1.0);
  ToyLm lm;
  CgmhRun probe(mlm, lm, o);
  CHECK(probe.move_probabilities() == std::array<double, 3>{1.0, 0.0, 0.0});
  CHECK(probe.keyword_of() == std::vector<int>{0, -1, -1, -1, -1});
  // Top-2 candidates with ε = 0.3 mix slowly: longer chains.
  check_fit(end_counts(mlm, o, law, kChains, 400), law, "template __，__");
}

TEST_CASE("cgmh: keyword placements counted in order and disjoint") {
  TableLm mlm = toy_mlm();
  ToyLm lm;
  CgmhOptions o;
  o.keywords = {"a", "c"};
  o.max_length = 6;
  CgmhRun run(mlm, lm, o);
  CHECK(run.body() == std::vector<std::int32_t>{5, 7});
  CHECK(run.log_placements({5, 7, 5, 7}) == doctest::Approx(std::log(3.0)));  // a0c1 a0c3 a2c3
  CHECK(run.log_placements({7, 5}) == -INFINITY);
  o.keywords = {"aa"};
  CgmhRun run2(mlm, lm, o);
  CHECK(run2.log_placements({5, 5, 5}) == doctest::Approx(std::log(2.0)));
  CHECK(run2.log_placements({5, 5, 5, 5}) == doctest::Approx(std::log(3.0)));
}

TEST_CASE("cgmh: records, statistics, keywords kept, best sentence, same seed same chain") {
  TableLm mlm = toy_mlm(12);
  ToyLm lm;
  CgmhOptions o;
  o.keywords = {"ab", "c"};
  o.top_k = 2;
  o.max_length = 6;
  o.seed = 3;
  CgmhRun run(mlm, lm, o);
  std::vector<CgmhRecord> records;
  run.run(400, &records);
  REQUIRE(records.size() == 400);
  std::array<CgmhMoveStats, 3> seen{};
  double best = toy_log_lm({5, 6, 7});
  for (const auto& r : records) {
    auto& s = seen[static_cast<int>(r.move)];
    if (!r.proposed) {
      ++s.impossible;
      continue;
    }
    ++s.proposals;
    s.acceptances += r.accepted;
    CHECK(r.log_q_forward > -INFINITY);
    if (r.move != CgmhMove::remove) CHECK(mlm.samplable(r.new_id));
    if (r.accepted) CHECK(r.score == r.log_pi_new);
    if (r.log_ratio >= 0) CHECK(r.accepted);
    if (r.log_ratio == -INFINITY) CHECK(!r.accepted);
    best = std::max(best, r.score);
  }
  for (int m = 0; m < 3; ++m) {
    const auto& s = run.stats(static_cast<CgmhMove>(m));
    CHECK(s.proposals == seen[m].proposals);
    CHECK(s.acceptances == seen[m].acceptances);
    CHECK(s.impossible == seen[m].impossible);
    CHECK(s.proposals > 20);
    CHECK(s.acceptances > 0);
  }
  CHECK(run.best_score() == best);
  CHECK(toy_log_lm(run.best_body()) == best);
  CHECK(holds_keywords(run.body(), {{5, 6}, {7}}));
  CHECK(run.body().size() <= 6);
  for (std::size_t i = 0; i < run.body().size(); ++i)
    if (run.keyword_of()[i] == 0) CHECK((run.body()[i] == 5 || run.body()[i] == 6));

  CgmhRun again(mlm, lm, o);
  std::vector<CgmhRecord> a;
  again.run(150, &a);
  again.run(250, &a);
  REQUIRE(a.size() == records.size());
  for (std::size_t i = 0; i < a.size(); ++i) {
    CHECK(a[i].position == records[i].position);
    CHECK(a[i].new_id == records[i].new_id);
    CHECK(a[i].accepted == records[i].accepted);
  }
  CHECK(again.text() == run.text());
}

TEST_CASE("cgmh: every bad option and keyword named") {
  TableLm mlm = toy_mlm(8);
  ToyLm lm;
  const auto bad = [&](CgmhOptions o, const std::string& fragment) {
    testutil::check_error([&] { CgmhRun run(mlm, lm, o); }, fragment);
  };
  CgmhOptions o;
  o.keywords = {"a"};
  o.max_length = 4;
  CgmhOptions e = o;
  e.keywords.clear();
  bad(e, "give at least one keyword");
  e = o, e.keywords = {"x"};
  bad(e, "keyword 'x' holds a character the model's vocabulary does not have");
  e = o, e.keywords = {"a，"};
  bad(e, "holds '，', a special token or punctuation");
  e = o, e.keywords = {" "};
  bad(e, "keyword ' ' is empty");
  e = o, e.keywords = {"\xff"};
  bad(e, "invalid UTF-8");
  e = o, e.p_replace = 0.5;
  bad(e, "must add up to 1, got 1.1666666666666665");  // the double itself, not rounded to 6 digits
  e = o, e.p_insert = -0.1, e.p_replace = 0.7667, e.p_delete = 0.3333;
  bad(e, "the insert probability must be a number ≥ 0, got -0.1");
  e = o, e.p_replace = 0, e.p_insert = 0, e.p_delete = 1;
  bad(e, "with delete moves alone");
  e = o, e.top_k = -1;
  bad(e, "top-k must be 0");
  e = o, e.explore = 1;
  bad(e, "explore must be at least 0 and below 1, got 1");
  e = o, e.max_length = 7;
  bad(e, "between 1 and 6 tokens (the masked LM's limit), got 7");
  e = o, e.keywords = {"abc", "ab"};
  bad(e, "the keywords have 5 tokens, more than the longest sentence (4)");
  e = o, e.pattern = "__，_";
  e.keywords = {"a", "b", "c", "a"};
  bad(e, "the keywords have 4 characters but the template has only 3 free positions");
  e.keywords = {"a", "bc"};
  bad(e, "keyword 'bc' does not fit in the template");
  e.keywords = {"ab", "c"};
  bad(e, "the template has no free position left after the keywords");
  e.keywords = {"a"}, e.pattern = "a，b";
  bad(e, "template has no free position");
  e = o, e.length_bonus = NAN;
  bad(e, "the length bonus must be a number from -100 to 100 (nats per token), got NaN");
  e = o, e.annealing = AnnealingSchedule{0, 1, 1};
  bad(e, "annealing: temperatures must be between");
}

// ---------------------------------------------------------------- command line

namespace {
struct Run {
  int code;
  std::string out, err;
};
Run cgmh_cli(TableLm& mlm, LanguageModel& lm, const std::vector<std::string>& args) {
  std::ostringstream out, err;
  const int code = sampling::cli::cgmh_command_with_models(mlm, lm, args, out, err);
  return {code, out.str(), err.str()};
}
}  // namespace

TEST_CASE("cgmh command: final and best sentence, trace and statistics, same seed same output") {
  TableLm mlm = toy_mlm(12);
  ToyLm lm;
  const std::vector<std::string> args{"--keywords", "a，c", "--steps", "40", "--seed", "9", "--max-length", "5", "--top-k", "2"};
  const Run a = cgmh_cli(mlm, lm, args);
  REQUIRE(a.code == 0);
  std::istringstream lines(a.out);
  std::string final_text, best_text, extra;
  REQUIRE(std::getline(lines, final_text));
  REQUIRE(std::getline(lines, best_text));
  CHECK(!std::getline(lines, extra));
  CHECK(final_text.find('a') != std::string::npos);
  CHECK(a.err.rfind("{\"steps\":40,\"moves\":{\"replace\":{\"p\":0.33333333333333331,", 0) == 0);
  CHECK(a.err.find("\"best\":\"" + best_text + "\"}") != std::string::npos);
  CHECK(cgmh_cli(mlm, lm, args).out == a.out);

  std::vector<std::string> traced = args;
  traced.push_back("--trace");
  const Run t = cgmh_cli(mlm, lm, traced);
  CHECK(t.out == a.out);
  std::istringstream tl(t.err);
  int n = 0;
  for (std::string line; std::getline(tl, line); ++n) {
    if (n < 40) CHECK(line.rfind("{\"step\":" + std::to_string(n) + ",\"move\":\"", 0) == 0);
    else CHECK(line.rfind("{\"steps\":40,", 0) == 0);
  }
  CHECK(n == 41);
  CHECK(t.err.find("\"accepted\":true") != std::string::npos);

  const Run tpl = cgmh_cli(mlm, lm, {"--keywords", "b", "--template", "__，__", "--steps", "10"});
  REQUIRE(tpl.code == 0);
  CHECK(tpl.out.substr(0, 1) == "b");
  CHECK(tpl.err.find("\"insert\":{\"p\":0,\"proposals\":0") != std::string::npos);
  CHECK(cgmh_cli(mlm, lm, {"--help"}).out.rfind("usage: sampling-cli cgmh", 0) == 0);
}

TEST_CASE("cgmh command: every bad input gets a message that names it") {
  TableLm mlm = toy_mlm(8);
  ToyLm lm;
  const auto bad = [&](const std::vector<std::string>& args, const std::string& fragment) {
    const Run r = cgmh_cli(mlm, lm, args);
    INFO("stderr: " << r.err);
    CHECK(r.code == 2);
    CHECK(r.out.empty());
    CHECK(r.err.rfind("sampling-cli cgmh: ", 0) == 0);
    CHECK(r.err.find(fragment) != std::string::npos);
  };
  bad({"--steps", "5"}, "cgmh needs --keywords, e.g. --keywords 月,山");
  bad({"--keywords", ""}, "--keywords is empty");
  bad({"--keywords", "a,,b"}, "--keywords 'a,,b' has an empty keyword (a comma too many?)");
  bad({"--keywords", "a,"}, "has an empty keyword");
  bad({"--keywords", "z"}, "keyword 'z' holds a character the model's vocabulary does not have");
  bad({"--keywords", "，"}, "has an empty keyword");
  bad({"--keywords", "\xff"}, "invalid UTF-8");
  bad({"--keywords", "a", "--moves", "1,1"}, "--moves is R,I,D (three weights, e.g. 2,1,1), got '1,1'");
  bad({"--keywords", "a", "--moves", "1,x,1"}, "--moves is R,I,D");
  bad({"--keywords", "a", "--moves", "0x1,1,1"}, "--moves is R,I,D (three weights, e.g. 2,1,1), got '0x1,1,1'");  // was 1
  bad({"--keywords", "a", "--moves", "1, 1,1"}, "--moves is R,I,D (three weights, e.g. 2,1,1), got '1, 1,1'");
  bad({"--keywords", "a", "--moves", "1e400,1,1"}, "--moves: '1e400' is beyond the range of a double");
  bad({"--keywords", "a", "--moves", "1,-1,1"}, "--moves: weights must be numbers ≥ 0");
  bad({"--keywords", "a", "--moves", "0,0,0"}, "--moves: at least one weight must be above 0");
  bad({"--keywords", "a", "--moves", "0,0,1"}, "with delete moves alone");
  bad({"--keywords", "a", "--template", "__", "--moves", "1,1,1"}, "--moves is not taken with --template");
  bad({"--keywords", "a", "--template", ""}, "--template is empty");
  bad({"--keywords", "a", "--template", "ab"}, "template has no free position");
  bad({"--keywords", "a,b,c", "--template", "_，_"}, "the keywords have 3 characters but the template has only 2 free positions");
  bad({"--keywords", "a", "--template", "_"}, "the template has no free position left after the keywords");
  bad({"--keywords", "a", "--template", "_z"}, "template: the character 'z' (character 2) is not in the model's vocabulary");
  bad({"--keywords", "a", "--anneal", "2"}, "annealing: the schedule is FROM:TO");
  bad({"--keywords", "a", "--anneal", "1:0"}, "annealing: temperatures must be between");
  bad({"--keywords", "a", "--steps", "100000000"}, "--steps must be at most 10^7");
  bad({"--keywords", "a", "--steps", "-3"}, "--steps needs a non-negative integer");
  bad({"--keywords", "a", "--explore", "1.5"}, "explore must be at least 0 and below 1, got 1.5");
  bad({"--keywords", "a", "--max-length", "0"}, "the longest sentence must be between 1 and 6 tokens");
  bad({"--keywords", "abcabca"}, "the keywords have 7 tokens, more than the longest sentence (6)");
  bad({"--keywords", "a", "--length-bonus", "1e9"}, "the length bonus must be a number from -100 to 100");
  bad({"--keywords", "a", "--top-k", "x"}, "--top-k needs a non-negative integer");
  bad({"--keywords", "a", "--top-k", "2000000000"}, "--top-k must be at most 1073741824, got 2000000000");
  bad({"--keywords", "a", "--temperature", "2"}, "unknown flag --temperature");
  bad({"--keywords", "a", "--model", "m"}, "--model and --lm are not taken here");
}

TEST_CASE("cgmh command: the model folders are read and a bad n-gram file is named") {
  namespace fs = std::filesystem;
  std::string root = __FILE__;
  root = root.substr(0, root.rfind("tests/core/"));
  const std::string bert = root + "web/public/models/poetry-bert";
  std::ostringstream out, err;
  CHECK(sampling::cli::cgmh_command({"--keywords", "月", "--model", root + "nowhere"}, out, err) == 2);
  CHECK(err.str().find("cannot open") != std::string::npos);
  if (!fs::exists(bert + "/model.safetensors")) {
    MESSAGE("the shipped poetry BERT is absent: the rest is skipped");
    return;
  }
  const fs::path dir = fs::temp_directory_path() / ("sampling-cgmh-test-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  std::ofstream(dir / "poetry-ngram.bin", std::ios::binary) << "SPNGRAM1\x03";
  err.str("");
  CHECK(sampling::cli::cgmh_command({"--keywords", "月", "--model", bert, "--lm", dir.string()}, out, err) == 2);
  CHECK(err.str() == "sampling-cli cgmh: n-gram model: the file ends inside its header (9 bytes)\n");
  fs::remove_all(dir);
  const std::string ngram = root + "web/public/models/poetry-ngram";
  if (!fs::exists(ngram + "/poetry-ngram.bin")) return;
  err.str("");
  const std::vector<std::string> args{"--keywords", "月,山", "--model", bert, "--lm", ngram, "--steps", "30", "--seed", "4"};
  REQUIRE(sampling::cli::cgmh_command(args, out, err) == 0);
  std::ostringstream again, err2;
  REQUIRE(sampling::cli::cgmh_command(args, again, err2) == 0);
  CHECK(again.str() == out.str());
  CHECK(out.str().find("月") != std::string::npos);
  CHECK(err2.str() == err.str());
  err.str("");
  CHECK(sampling::cli::cgmh_command({"--keywords", "月,鑫", "--model", bert, "--lm", ngram}, out, err) == 2);
  CHECK(err.str().find("keyword '鑫'") != std::string::npos);
}

TEST_CASE("cgmh: move weights near the double maximum give probabilities (their sum overflowed to ∞, read as 0)") {
  const auto p = move_probabilities({1e308, 1e308, 1e308});
  for (double x : p) CHECK(x == doctest::Approx(1.0 / 3));
  const auto q = move_probabilities({2, 1, 1});
  CHECK(q[0] == 0.5);
  CHECK(q[1] == 0.25);
  CHECK(q[2] == 0.25);
  const auto r = move_probabilities({0, 1e-300, 0});
  CHECK(r[1] == 1.0);
}
