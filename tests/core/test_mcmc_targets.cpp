// The 2-D targets: gradients, known moments and exact conditionals.
#include <doctest/doctest.h>

#include <cmath>

#include "core/common/error.hpp"
#include "core/mcmc/banana.hpp"
#include "core/mcmc/funnel.hpp"
#include "core/mcmc/gaussian_mixture.hpp"
#include "tests/core/stat_utils.hpp"

using namespace sampling::mcmc;

TEST_CASE("every target's gradient matches central finite differences") {
  sampling::Rng rng(11);
  for (const auto& name : target_names()) {
    TargetSpec spec{name, {0.5, -1.0, 2.0, 1.5}, 0.4};
    const auto t = make_target(spec);
    const Box b = t->box();
    for (int i = 0; i < 50; ++i) {
      const double x = rng.uniform(b.xmin, b.xmax) * 0.6, y = rng.uniform(b.ymin, b.ymax) * 0.6;
      const double h = 1e-5;
      const double gx = (t->log_density(x + h, y) - t->log_density(x - h, y)) / (2 * h);
      const double gy = (t->log_density(x, y + h) - t->log_density(x, y - h)) / (2 * h);
      const Point g = t->grad_log_density(x, y);
      INFO(name, " at ", x, ", ", y);
      CHECK(g.x == doctest::Approx(gx).epsilon(1e-5).scale(1.0));
      CHECK(g.y == doctest::Approx(gy).epsilon(1e-5).scale(1.0));
    }
  }
}

TEST_CASE("the mixture is normalized and its closed-form moments match quadrature") {
  for (auto make : {make_gaussian, make_mixture}) {
    const auto m = make();
    const auto q = testutil::integrate(*m);
    CHECK(m->mean().x == doctest::Approx(q.mean[0]).epsilon(1e-6).scale(1));
    CHECK(m->mean().y == doctest::Approx(q.mean[1]).epsilon(1e-6).scale(1));
    CHECK(m->variance().x == doctest::Approx(q.var[0]).epsilon(1e-5));
    CHECK(m->variance().y == doctest::Approx(q.var[1]).epsilon(1e-5));
  }
}

TEST_CASE("banana's closed-form moments match quadrature") {
  const Banana b;
  const auto q = testutil::integrate(b);
  CHECK(q.mean[0] == doctest::Approx(0).scale(1).epsilon(1e-6));
  CHECK(q.mean[1] == doctest::Approx(0).scale(1).epsilon(1e-3));
  CHECK(q.var[0] == doctest::Approx(Banana::s * Banana::s).epsilon(1e-3));
  const double s2 = Banana::s * Banana::s;
  CHECK(q.var[1] == doctest::Approx(Banana::tau * Banana::tau + 2 * Banana::b * Banana::b * s2 * s2).epsilon(2e-3));
}

TEST_CASE("exact conditionals match the target's conditional density (chi-square)") {
  // Draw x | y = 0.7 for the mixture and compare with the normalized slice p̃(·, 0.7).
  const auto m = make_mixture();
  sampling::Rng rng(12);
  const double y = 0.7;
  const int bins = 30;
  const Box b = m->box();
  std::vector<double> probs(bins + 1, 0.0), counts(bins + 1, 0.0);
  double total = 0;
  const int fine = 30000;
  const double lo = b.xmin - 10, hi = b.xmax + 10;
  for (int i = 0; i < fine; ++i) {
    const double x = lo + (i + 0.5) * (hi - lo) / fine;
    const double p = std::exp(m->log_density(x, y));
    const int bin = static_cast<int>(std::floor((x - b.xmin) / (b.xmax - b.xmin) * bins));
    probs[(bin >= 0 && bin < bins) ? bin : bins] += p;
    total += p;
  }
  for (double& p : probs) p /= total;
  for (int i = 0; i < 50000; ++i) {
    double x;
    REQUIRE(m->sample_conditional(0, y, rng, x));
    const int bin = static_cast<int>(std::floor((x - b.xmin) / (b.xmax - b.xmin) * bins));
    counts[(bin >= 0 && bin < bins) ? bin : bins] += 1;
  }
  CHECK(testutil::chi_square_p(counts, probs) > 1e-3);
  const Banana banana;
  double out;
  CHECK_FALSE(banana.sample_conditional(0, 1.0, rng, out));
  CHECK(banana.sample_conditional(1, 1.0, rng, out));
  const Funnel funnel;
  CHECK(funnel.sample_conditional(0, 1.0, rng, out));
  CHECK_FALSE(funnel.sample_conditional(1, 1.0, rng, out));
}

TEST_CASE("bad target specifications are refused with a message") {
  CHECK_THROWS_WITH_AS(make_target({"nope", {}, 0.3}), doctest::Contains("unknown target 'nope'"), sampling::Error);
  CHECK_THROWS_WITH_AS(make_target({"drawn", {}, 0.3}), doctest::Contains("draw at least one point"), sampling::Error);
  CHECK_THROWS_WITH_AS(make_target({"drawn", {1.0}, 0.3}), doctest::Contains("x, y pairs"), sampling::Error);
  CHECK_THROWS_WITH_AS(make_target({"drawn", {0.0, NAN}, 0.3}), doctest::Contains("point 0"), sampling::Error);
  CHECK_THROWS_WITH_AS(make_target({"drawn", {0.0, 0.0}, -1}), doctest::Contains("bandwidth"), sampling::Error);
  CHECK_THROWS_WITH_AS(make_target({"drawn", {0.0, 0.0}, NAN}), doctest::Contains("bandwidth"), sampling::Error);
}
