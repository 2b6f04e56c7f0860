// The shipped MeanFlow weights of the one-step generation lab (web/public/models/flows,
// made by tools/build_flow_weights.sh) against the shipped flow-matching weights:
// one step within 2 × flow matching at 100 steps, and two steps no worse than one.
#include <doctest/doctest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "core/flow/datasets.hpp"
#include "core/flow/metrics.hpp"
#include "core/flow/sampler.hpp"
#include "core/flow/weights_file.hpp"
#include "tests/core/stat_utils.hpp"

using namespace sampling;
using namespace sampling::flow;
using testutil::mean_se;
using testutil::MeanSe;

namespace {

std::string shipped_path(const std::string& name) {
  std::string root = __FILE__;
  root = root.substr(0, root.rfind("tests/core/"));
  return root + "web/public/models/flows/" + name + ".safetensors";
}

FlowWeights load_shipped(const std::string& name) {
  std::ifstream f(shipped_path(name), std::ios::binary);
  std::ostringstream bytes;
  bytes << f.rdbuf();
  return load_flow_weights(bytes.str());
}

}  // namespace

TEST_CASE("shipped MeanFlow weights: one step within 2 x flow matching at 100 steps, and two steps no worse than one") {
  // Each replicate draws fresh noise and fresh target points (n each); the energy distance
  // is unbiased, so the replicate means estimate the true distances. With d1 = ED(MeanFlow,
  // 1 step) − 2·ED(flow matching, 100 steps) and d2 = ED(2 steps) − ED(1 step) (the same
  // noise for both), the claims are mean(d1) < 0 (an estimate: on 8 Gaussians it is below
  // zero by only 0.2 standard errors of this seed, on moons by 2) and mean(d2) ≤ 3 standard
  // errors (if two steps were exactly as good as one, this fails with probability about
  // P(t_29 > 3) = 0.3 % per dataset). On 8 Gaussians two steps are still a little worse
  // than one (+0.00007, 1.9 standard errors). The 8 Gaussians weights of batch 4096 fail
  // the second claim (+0.0002, 4.3 standard errors); the weights shipped before them (batch
  // 256, 32000 steps) fail the first on both datasets (d1 = +0.0001 and +0.0018).
  for (const std::string data : {"moons", "8gaussians"}) {
    CAPTURE(data);
    if (!std::filesystem::exists(shipped_path(data + "-meanflow")) || !std::filesystem::exists(shipped_path(data + "-fm"))) {
      MESSAGE("shipped flow weights absent: skipped");
      continue;
    }
    FlowWeights mf = load_shipped(data + "-meanflow"), fm = load_shipped(data + "-fm");
    REQUIRE(mf.method == Method::meanflow);
    REQUIRE(fm.method == Method::flow_matching);
    const auto dataset = make_dataset(data);
    const int replicates = 30, n = 4000;
    Rng rng(2024);
    std::vector<double> d1, d2, one, two, reference;
    for (int r = 0; r < replicates; ++r) {
      std::vector<float> eps(2 * n), eps_fm(2 * n), target, x1, x2, xf;
      for (auto& e : eps) e = static_cast<float>(rng.normal());
      for (auto& e : eps_fm) e = static_cast<float>(rng.normal());
      dataset->sample(n, rng, target);
      generate(Method::meanflow, *mf.network, 1, eps, x1, rng);
      generate(Method::meanflow, *mf.network, 2, eps, x2, rng);
      generate(Method::flow_matching, *fm.network, 100, eps_fm, xf, rng);
      const double e1 = energy_distance(x1, target), e2 = energy_distance(x2, target), f = energy_distance(xf, target);
      one.push_back(e1), two.push_back(e2), reference.push_back(f);
      d1.push_back(e1 - 2 * f), d2.push_back(e2 - e1);
    }
    const MeanSe a = mean_se(d1), b = mean_se(d2);
    INFO("ED at 1 step ", mean_se(one).mean, ", 2 steps ", mean_se(two).mean, ", flow matching at 100 steps ",
         mean_se(reference).mean, "; 1 step − 2 × FM@100 = ", a.mean, " ± ", a.se, "; 2 steps − 1 step = ", b.mean, " ± ",
         b.se);
    CHECK(a.mean < 0);
    CHECK(b.mean <= 3 * b.se);
  }
}
