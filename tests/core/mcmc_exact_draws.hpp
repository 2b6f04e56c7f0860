#pragma once
// Exact independent draws from each 2-D target, written from the targets' definitions
// (not with the samplers under test): the starting points of one-step kernel tests and
// the reference samples of the lab's statistical tests.
#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/common/rng.hpp"
#include "core/mcmc/banana.hpp"
#include "core/mcmc/donut.hpp"
#include "core/mcmc/gaussian_mixture.hpp"
#include "tests/core/stat_utils.hpp"

namespace mcmctest {

struct Draws {
  std::vector<double> x, y;
};

// Component k with probability ∝ w_k, then (x, y) = μ + L ξ with L the Cholesky factor.
inline void draw_mixture(const sampling::mcmc::GaussianMixture& m, sampling::Rng& rng, double& x, double& y) {
  const auto& cs = m.components();
  double total = 0;
  for (const auto& c : cs) total += c.weight;
  double u = rng.uniform() * total;
  std::size_t k = 0;
  while (k + 1 < cs.size() && u >= cs[k].weight) u -= cs[k].weight, ++k;
  const auto& c = cs[k];
  const double l11 = std::sqrt(c.var_x), l21 = c.cov_xy / l11, l22 = std::sqrt(c.var_y - l21 * l21);
  const double a = rng.normal(), b = rng.normal();
  x = c.mean_x + l11 * a;
  y = c.mean_y + l21 * a + l22 * b;
}

// Donut in polar form: r has density ∝ r·exp(−(r − r0)²/2σ²) on r > 0. With r = r0 + σu
// the density of u is ∝ (r0 + σu) φ(u) ≤ (r0 + σ|u|) φ(u), a mixture of φ (weight r0)
// and |u| φ(u) (weight σ·sqrt(2/π); |u| is then Rayleigh with a random sign). Propose
// from it and accept with (r0 + σu)/(r0 + σ|u|), rejecting u ≤ −r0/σ.
inline void draw_donut(sampling::Rng& rng, double& x, double& y) {
  using sampling::mcmc::Donut;
  const double r0 = Donut::r0, s = Donut::sigma;
  const double w_normal = r0, w_abs = s * std::sqrt(2.0 / M_PI);  // ∫φ = 1, ∫|u|φ = sqrt(2/π)
  for (;;) {
    double u;
    if (rng.uniform() * (w_normal + w_abs) < w_normal) {
      u = rng.normal();
    } else {  // |u| φ(u): |u| is Rayleigh, sqrt(−2 log U), with a random sign
      u = std::sqrt(-2.0 * std::log(rng.uniform_open()));
      if (rng.uniform() < 0.5) u = -u;
    }
    if (u <= -r0 / s) continue;
    if (rng.uniform() * (r0 + s * std::abs(u)) >= r0 + s * u) continue;
    const double r = r0 + s * u, theta = rng.uniform(0.0, 2.0 * M_PI);
    x = r * std::cos(theta), y = r * std::sin(theta);
    return;
  }
}

// n exact draws from the named target (drawn: the mixture built from spec points).
inline Draws exact_draws(const sampling::mcmc::Target& t, std::size_t n, sampling::Rng& rng) {
  using namespace sampling::mcmc;
  Draws d;
  d.x.resize(n), d.y.resize(n);
  const auto* mix = dynamic_cast<const GaussianMixture*>(&t);
  for (std::size_t i = 0; i < n; ++i) {
    double& x = d.x[i];
    double& y = d.y[i];
    if (mix) {
      draw_mixture(*mix, rng, x, y);
    } else if (t.name() == "banana") {
      x = Banana::s * rng.normal();
      y = Banana::b * (x * x - Banana::s * Banana::s) + Banana::tau * rng.normal();
    } else if (t.name() == "funnel") {
      y = 3.0 * rng.normal();
      x = std::exp(0.5 * y) * rng.normal();
    } else if (t.name() == "donut") {
      draw_donut(rng, x, y);
    } else {
      throw std::runtime_error("no exact sampler for target " + t.name());
    }
  }
  return d;
}

// Funnel: P(x ∈ [a, b], y ∈ [c, d]) = ∫_c^d N(y; 0, 9) [Φ(b e^{−y/2}) − Φ(a e^{−y/2})] dy,
// by the midpoint rule on steps of 1e-3 in y (the integrand is smooth; |y| ≤ 40 holds all
// but 1e-40 of the mass).
inline double funnel_probability(double a, double b, double c, double d) {
  const auto phi = [](double z) { return 0.5 * std::erfc(-z / std::sqrt(2.0)); };
  c = std::max(c, -40.0), d = std::min(d, 40.0);
  if (!(c < d)) return 0.0;
  const int n = static_cast<int>(std::ceil((d - c) / 1e-3));
  const double h = (d - c) / n;
  double sum = 0;
  for (int i = 0; i < n; ++i) {
    const double y = c + (i + 0.5) * h, e = std::exp(-0.5 * y);
    const double px = (std::isinf(b) ? 1.0 : phi(b * e)) - (std::isinf(a) ? 0.0 : phi(a * e));
    sum += std::exp(-y * y / 18.0) / std::sqrt(2 * M_PI * 9.0) * px;
  }
  return sum * h;
}

// Truth in the form of testutil::integrate's result, with the funnel's from closed forms
// (E = 0, Var x = e^{4.5}, Var y = 9) and its bins from funnel_probability.
inline testutil::Quadrature truth(const sampling::mcmc::Target& t, int nb = 8) {
  if (t.name() != "funnel") return testutil::integrate(t, nb);
  testutil::Quadrature q;
  q.nb = nb, q.box = t.box();
  q.mean[0] = q.mean[1] = 0, q.var[0] = std::exp(4.5), q.var[1] = 9;
  q.bins.assign(nb * nb + 1, 0.0);
  const auto b = q.box;
  double inside = 0;
  for (int by = 0; by < nb; ++by)
    for (int bx = 0; bx < nb; ++bx) {
      const double x0 = b.xmin + (b.xmax - b.xmin) * bx / nb, x1 = b.xmin + (b.xmax - b.xmin) * (bx + 1) / nb;
      const double y0 = b.ymin + (b.ymax - b.ymin) * by / nb, y1 = b.ymin + (b.ymax - b.ymin) * (by + 1) / nb;
      inside += q.bins[by * nb + bx] = funnel_probability(x0, x1, y0, y1);
    }
  q.bins[nb * nb] = 1.0 - inside;
  return q;
}

}  // namespace mcmctest
