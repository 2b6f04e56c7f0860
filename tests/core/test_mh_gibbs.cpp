// MH-corrected Gibbs on a masked LM small enough to enumerate: three tokens, a template
// with three free positions and one pinned mark, logits a made-up function of the whole
// sequence (conditionals of no joint law). Independent chains' end states must follow
// exp(−E) with E computed here from the model's logits (Pearson's chi-square at level
// 1e-3: a correct chain fails one seed in a thousand; the seeds are fixed), and the same
// test must fail without the proposal's correction.
#include <doctest/doctest.h>

#include <cmath>
#include <map>
#include <string>
#include <vector>

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
