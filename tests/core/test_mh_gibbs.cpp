// MH-corrected Gibbs on a masked LM small enough to enumerate: three tokens, a template
// with three free positions and one pinned mark, logits a made-up function of the whole
// sequence (conditionals of no joint law). Independent chains' end states must follow
// exp(−E) with E computed here from the model's logits (Pearson's chi-square at level
// 1e-3: a correct chain fails one seed in a thousand; the seeds are fixed), and the same
// test must fail without the proposal's correction.
#include <doctest/doctest.h>

#include <cmath>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "core/cli/commands.hpp"
#include "core/common/error.hpp"
#include "core/text/mh_gibbs.hpp"
#include "tests/core/error_check.hpp"
#include "tests/core/stat_utils.hpp"
#include "tests/core/table_lm.hpp"

using namespace sampling::text;
using sampling::Error;
using sampling::Rng;
using testutil::TableLm;

namespace {

void toy_row(const std::vector<std::int32_t>& ids, int row, float* out) {
  std::uint64_t h = 0x9e3779b97f4a7c15ULL ^ static_cast<std::uint64_t>(row);
  for (std::int32_t id : ids) h = (h ^ static_cast<std::uint64_t>(id + 1)) * 1099511628211ULL;
  Rng rng(h);
  for (int j = 0; j < 9; ++j) out[j] = 1.0f;
  for (int j = 5; j < 8; ++j) out[j] = static_cast<float>(1.5 * rng.normal());
}

TableLm toy_mlm() { return TableLm({"a", "b", "c", "，"}, {"，"}, 8, toy_row); }

// E(body) from the test's own loop over positions: −Σ log softmax(logits)[x_t] with x_t masked.
double energy(const std::vector<std::int32_t>& body) {
  double e = 0;
  for (std::size_t t = 0; t < body.size(); ++t) {
    std::vector<std::int32_t> seq{2};
    seq.insert(seq.end(), body.begin(), body.end());
    seq.push_back(3);
    seq[t + 1] = 4;
    float out[9];
    toy_row(seq, static_cast<int>(t) + 1, out);
    double z = 0;
    for (float l : out) z += std::exp(static_cast<double>(l));
    e -= out[body[t]] - std::log(z);
  }
  return e;
}

constexpr int kChains = 8000, kSteps = 400;

struct Result {
  double p, stat, rate;
};
#define SHOW(r) INFO("27 states, chi-square " << (r).stat << ", p = " << (r).p << ", acceptance " << (r).rate)

Result run_chains(MhGibbsOptions o) {
  TableLm mlm = toy_mlm();
  std::map<std::vector<std::int32_t>, int> index;
  std::vector<double> probs;
  double z = 0;
  for (std::int32_t x = 5; x <= 7; ++x)
    for (std::int32_t y = 5; y <= 7; ++y)
      for (std::int32_t w = 5; w <= 7; ++w) {
        const std::vector<std::int32_t> b{x, y, 8, w};
        index[b] = static_cast<int>(probs.size());
        probs.push_back(std::exp(-energy(b)));
        z += probs.back();
      }
  for (double& p : probs) p /= z;
  std::vector<double> counts(probs.size(), 0.0);
  std::uint64_t accepted = 0, proposed = 0;
  for (int c = 0; c < kChains; ++c) {
    o.seed = 900 + static_cast<std::uint64_t>(c);
    MhGibbsRun run(mlm, o);
    run.run(kSteps, nullptr);
    counts[index.at(run.body())] += 1;
    accepted += run.acceptances(), proposed += run.proposals();
  }
  double stat = 0;
  const double p = testutil::chi_square_p(counts, probs, &stat);
  return {p, stat, double(accepted) / double(proposed)};
}

}  // namespace

TEST_CASE("mh-gibbs: end states follow exp(-E) of the model's own scores, and without the correction they do not") {
  MhGibbsOptions o;
  o.pattern = "__，_";
  o.temperature = 1.3;  // the proposal's temperature does not change the target
  const Result ok = run_chains(o);
  SHOW(ok);
  CHECK(ok.p > 1e-3);
  CHECK(ok.rate < 1);
  o.start = StartKind::mask;
  o.temperature = 0.8;
  const Result sharp = run_chains(o);
  SHOW(sharp);
  CHECK(sharp.p > 1e-3);
  o.test_wrong_reverse = true;
  const Result wrong = run_chains(o);
  SHOW(wrong);
  CHECK(wrong.p < 1e-3);
}

TEST_CASE("mh-gibbs: energy, records, best state, same seed same chain, bad options") {
  TableLm mlm = toy_mlm();
  MhGibbsOptions o;
  o.pattern = "_a_，_";
  o.seed = 4;
  o.top_k = 2;
  MhGibbsRun run(mlm, o);
  CHECK(run.energy() == doctest::Approx(energy(run.body())).epsilon(1e-12));
  std::vector<MhGibbsRecord> records;
  run.run(200, &records);
  REQUIRE(records.size() == 200);
  double best = records.front().energy_old;
  std::uint64_t accepted = 0;
  for (const auto& r : records) {
    CHECK(r.position != 1);
    CHECK(r.position != 3);
    CHECK(mlm.samplable(r.new_id));
    accepted += r.accepted;
    best = std::min(best, r.energy);
    if (r.accepted && r.old_id != r.new_id) CHECK(r.energy == r.energy_new);
  }
  CHECK(accepted == run.acceptances());
  CHECK(run.energy() == doctest::Approx(energy(run.body())).epsilon(1e-12));
  CHECK(run.best_energy() == best);
  CHECK(energy(run.best_body()) == doctest::Approx(best).epsilon(1e-12));
  CHECK(run.body()[1] == 5);
  CHECK(run.body()[3] == 8);

  MhGibbsRun again(mlm, o);
  again.run(70, nullptr);
  again.run(130, nullptr);
  CHECK(again.body() == run.body());
  CHECK(again.acceptances() == run.acceptances());

  o.temperature = 0;
  testutil::check_error([&] { MhGibbsRun r(mlm, o); }, "mh-gibbs: temperature must be a number between");
  o.temperature = 1, o.top_k = -2;
  testutil::check_error([&] { MhGibbsRun r(mlm, o); }, "mh-gibbs: top-k must be 0");
  o.top_k = 0, o.pattern = "ab";
  testutil::check_error([&] { MhGibbsRun r(mlm, o); }, "template has no free position");
}

TEST_CASE("mh-gibbs chains: chain c is the seed's stream jumped c times, chunks do not matter, burn-in drops top-k") {
  TableLm mlm = toy_mlm();
  MhGibbsOptions o;
  o.pattern = "__，_";
  o.seed = 12;
  o.top_k = 1;
  o.burn_in = 30;
  MhGibbsChains chains(mlm, o, 3);
  std::vector<MhGibbsRecord> records;
  chains.run(20, &records);
  chains.run(0, &records);
  chains.run(40, &records);
  REQUIRE(records.size() == 180);
  REQUIRE(chains.steps() == 60);
  CHECK(chains.proposals() == 180);
  std::uint64_t accepted = 0;
  int burn_in_spread = 0;
  for (std::size_t i = 0; i < records.size(); ++i) {
    const MhGibbsRecord& r = records[i];
    CHECK(r.chain == static_cast<int>(i % 3));
    CHECK(r.step == i / 3);
    accepted += r.accepted;
    // top-k 1 after burn-in: the proposal is certain; before it, the full distribution.
    if (r.step >= 30) CHECK(r.log_q_forward == 0.0);
    else burn_in_spread += r.log_q_forward < 0;
  }
  CHECK(burn_in_spread > 60);
  CHECK(accepted == chains.acceptances());
  for (int c = 0; c < 3; ++c) {
    o.chain = c;
    MhGibbsRun alone(mlm, o);
    alone.run(60, nullptr);
    CHECK(alone.body() == chains.chain(c).body());
    CHECK(alone.acceptances() == chains.chain(c).acceptances());
  }
  std::vector<int> positions[2];
  for (const MhGibbsRecord& r : records)
    if (r.chain < 2) positions[r.chain].push_back(r.position);
  CHECK(positions[0] != positions[1]);  // independent streams
  testutil::check_error([&] { MhGibbsChains bad(mlm, o, 0); }, "mh-gibbs: chains must be between 1 and 64, got 0");
  testutil::check_error([&] { MhGibbsChains bad(mlm, o, 65); }, "mh-gibbs: chains must be between 1 and 64, got 65");
  MhGibbsChains many(mlm, o, 2);
  testutil::check_error([&] { many.run(600'000, &records); }, "mh-gibbs: one chunk keeps at most 1000000 records");
}

// ---------------------------------------------------------------- command line

namespace {
struct Run {
  int code;
  std::string out, err;
};
Run gibbs_cli(TableLm& mlm, const std::vector<std::string>& args) {
  std::ostringstream out, err;
  const int code = sampling::cli::gibbs_command_with_model(mlm, args, out, err);
  return {code, out.str(), err.str()};
}
std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}
// The number after "key": in a JSON line (the first one).
double field(const std::string& json, const std::string& key) {
  const std::size_t at = json.find("\"" + key + "\":");
  REQUIRE(at != std::string::npos);
  return std::stod(json.substr(at + key.size() + 3));
}
}  // namespace

TEST_CASE("gibbs command --sampler mh-gibbs: acceptance rate, trace, same seed same output, the chains of the core") {
  TableLm mlm = toy_mlm();
  const std::vector<std::string> args{"--template", "__，_", "--steps", "50", "--seed", "3", "--chains", "2",
                                      "--top-k", "0", "--temperature", "1.5", "--sampler", "mh-gibbs"};
  const Run a = gibbs_cli(mlm, args);
  INFO("stderr: " << a.err);
  REQUIRE(a.code == 0);
  const auto finals = lines_of(a.out);
  REQUIRE(finals.size() == 2);
  CHECK(a.err.rfind("{\"sampler\":\"mh-gibbs\",\"steps\":50,\"proposals\":100,\"acceptances\":", 0) == 0);
  const double accepted = field(a.err, "acceptances"), rate = field(a.err, "acceptance_rate");
  CHECK(rate == accepted / 100);
  CHECK(rate > 0);
  CHECK(rate < 1);
  CHECK(a.err.find("\"energy\":") != std::string::npos);
  CHECK(a.err.find("\"best_energy\":") != std::string::npos);
  const Run again = gibbs_cli(mlm, args);
  CHECK(again.out == a.out);
  CHECK(again.err == a.err);

  // The texts are those of the core's chains with the same options.
  GibbsOptions g;
  g.pattern = "__，_", g.seed = 3, g.top_k = 0, g.temperature = 1.5;  // burn-in 250, start from [MASK]
  MhGibbsChains chains(mlm, mh_gibbs_options(g), 2);
  chains.run(50, nullptr);
  CHECK(finals[0] == chains.chain(0).text());
  CHECK(finals[1] == chains.chain(1).text());
  CHECK(static_cast<double>(chains.acceptances()) == accepted);

  std::vector<std::string> traced = args;
  traced.push_back("--trace");
  const Run t = gibbs_cli(mlm, traced);
  REQUIRE(t.code == 0);
  const auto lines = lines_of(t.out);
  REQUIRE(lines.size() == 102);
  int accepted_lines = 0;
  for (int i = 0; i < 100; ++i) {
    CHECK(lines[i].rfind("{\"chain\":" + std::to_string(i % 2) + ",\"step\":" + std::to_string(i / 2) + ",", 0) == 0);
    accepted_lines += lines[i].find("\"accepted\":true") != std::string::npos;
  }
  CHECK(accepted_lines == accepted);
  CHECK(lines[100] == finals[0]);
  CHECK(lines[101] == finals[1]);
  CHECK(t.err == a.err);

  // Plain Gibbs is still the default, with its own output.
  const Run plain = gibbs_cli(mlm, {"--template", "__，_", "--steps", "5"});
  CHECK(plain.err.rfind("{\"order\":\"random\",", 0) == 0);
  CHECK(gibbs_cli(mlm, {"--template", "__，_", "--steps", "5", "--sampler", "gibbs"}).err == plain.err);
  CHECK(gibbs_cli(mlm, {"--template", "__，_", "--sampler", "mh-gibbs", "--order", "random", "--steps", "3"}).code == 0);
  CHECK(gibbs_cli(mlm, {"--help"}).out.find("--sampler mh-gibbs: MH-corrected Gibbs") != std::string::npos);
}

TEST_CASE("gibbs command --sampler mh-gibbs: what does not apply to it is named") {
  TableLm mlm = toy_mlm();
  const auto bad = [&](std::vector<std::string> args, const std::string& fragment) {
    args.insert(args.begin(), {"--template", "__，_"});
    const Run r = gibbs_cli(mlm, args);
    INFO("stderr: " << r.err);
    CHECK(r.code == 2);
    CHECK(r.out.empty());
    CHECK(r.err.rfind("sampling-cli gibbs: ", 0) == 0);
    CHECK(r.err.find(fragment) != std::string::npos);
  };
  bad({"--sampler", "metropolis"}, "unknown sampler 'metropolis': use gibbs or mh-gibbs");
  // The page's limit on top-k (2^30), not int's: the CLI took 2000000000 that wasm refuses.
  bad({"--top-k", "1073741825"}, "--top-k must be at most 1073741824, got 1073741825");
  bad({"--sampler", "mh-gibbs", "--anneal", "2:0.1"}, "mh-gibbs: annealing is for plain Gibbs");
  bad({"--sampler", "mh-gibbs", "--pll"}, "--pll is for --sampler gibbs");
  bad({"--sampler", "mh-gibbs", "--order", "sequential"}, "mh-gibbs: order 'sequential' is for plain Gibbs");
  bad({"--sampler", "mh-gibbs", "--order", "parallel"}, "mh-gibbs: order 'parallel' is for plain Gibbs");
  bad({"--sampler", "mh-gibbs", "--chains", "65"}, "--chains must be between 1 and 64");
  bad({"--sampler", "mh-gibbs", "--temperature", "0"}, "mh-gibbs: temperature must be a number between");
}
