#pragma once
// Statistics for tests: chi-square p-values, exact moments and bin probabilities of a
// 2-D target by quadrature. Tests compare samplers with these, never with earlier output.
#include <algorithm>
#include <cmath>
#include <functional>
#include <vector>

#include "core/mcmc/target.hpp"
#include "core/stats/gamma.hpp"
#include "core/stats/goodness_of_fit.hpp"

namespace testutil {

// Regularized upper incomplete gamma Q(a, x) (core/stats, the one the page uses too).
inline double gamma_q(double a, double x) { return sampling::stats::gamma_q(a, x); }

// Pearson chi-square p-value of observed counts against expected probabilities
// (which sum to 1), by core/stats: cells with expected count < 5 are pooled into one
// cell; if that cell is still below 5 it joins the smallest kept cell, so no
// observation is ever dropped. With a single cell left there is nothing to test and the
// p-value is 1.
inline double chi_square_p(const std::vector<double>& observed, const std::vector<double>& probs, double* stat_out = nullptr) {
  const auto r = sampling::stats::chi_square_test(observed, probs);
  if (stat_out) *stat_out = r.statistic;
  return r.df < 1 ? 1.0 : r.p_value;
}

// Integrals over a region by the midpoint rule on a fine grid. The default region is
// the target's box widened by half its size on each side (the banana's curved tails
// need a taller one); a proposal confined to the box samples the target restricted to
// it, so tests of such samplers integrate over the box alone.
struct Quadrature {
  double mean[2] = {0, 0}, var[2] = {0, 0};
  // Bin probabilities of an nb × nb grid over the target's box; the last entry is the
  // mass outside the box.
  std::vector<double> bins;
  int nb = 0;
  sampling::mcmc::Box box{};
};

inline sampling::mcmc::Box wide_region(const sampling::mcmc::Target& t) {
  if (t.name() == "banana") return {-8.0, 8.0, -6.0, 52.0};  // |x| < 8: all but 1e-10 of the mass
  const auto b = t.box();
  const double wx = b.xmax - b.xmin, wy = b.ymax - b.ymin;
  return {b.xmin - 0.5 * wx, b.xmax + 0.5 * wx, b.ymin - 0.5 * wy, b.ymax + 0.5 * wy};
}

inline Quadrature integrate(const sampling::mcmc::Target& t, int nb, int fine, const sampling::mcmc::Box& region) {
  Quadrature q;
  q.nb = nb;
  q.box = t.box();
  const auto b = q.box;
  const double wx = b.xmax - b.xmin, wy = b.ymax - b.ymin;
  const double x0 = region.xmin, x1 = region.xmax, y0 = region.ymin, y1 = region.ymax;
  const double dx = (x1 - x0) / fine, dy = (y1 - y0) / fine;
  double z = 0, sx = 0, sy = 0, sxx = 0, syy = 0;
  q.bins.assign(nb * nb + 1, 0.0);
  for (int i = 0; i < fine; ++i)
    for (int j = 0; j < fine; ++j) {
      const double x = x0 + (i + 0.5) * dx, y = y0 + (j + 0.5) * dy;
      const double p = std::exp(t.log_density(x, y));
      z += p, sx += p * x, sy += p * y, sxx += p * x * x, syy += p * y * y;
      const int bx = static_cast<int>(std::floor((x - b.xmin) / wx * nb));
      const int by = static_cast<int>(std::floor((y - b.ymin) / wy * nb));
      if (bx >= 0 && bx < nb && by >= 0 && by < nb) q.bins[by * nb + bx] += p;
      else q.bins[nb * nb] += p;
    }
  for (double& v : q.bins) v /= z;
  q.mean[0] = sx / z, q.mean[1] = sy / z;
  q.var[0] = sxx / z - q.mean[0] * q.mean[0], q.var[1] = syy / z - q.mean[1] * q.mean[1];
  return q;
}

inline Quadrature integrate(const sampling::mcmc::Target& t, int nb = 8, int fine = 1200) {
  return integrate(t, nb, t.name() == "banana" ? 2400 : fine, wide_region(t));
}

inline std::vector<double> bin_counts(const Quadrature& q, const std::vector<double>& xs, const std::vector<double>& ys) {
  std::vector<double> counts(q.bins.size(), 0.0);
  const auto b = q.box;
  for (std::size_t i = 0; i < xs.size(); ++i) {
    const int bx = static_cast<int>(std::floor((xs[i] - b.xmin) / (b.xmax - b.xmin) * q.nb));
    const int by = static_cast<int>(std::floor((ys[i] - b.ymin) / (b.ymax - b.ymin) * q.nb));
    if (bx >= 0 && bx < q.nb && by >= 0 && by < q.nb) counts[by * q.nb + bx] += 1;
    else counts[q.nb * q.nb] += 1;
  }
  return counts;
}

// The mean of independent replicates and its standard error sqrt(s² / n).
struct MeanSe {
  double mean = 0, se = 0;
};

inline MeanSe mean_se(const std::vector<double>& x) {
  MeanSe r;
  for (double v : x) r.mean += v / x.size();
  double ss = 0;
  for (double v : x) ss += (v - r.mean) * (v - r.mean);
  r.se = std::sqrt(ss / (x.size() - 1) / x.size());
  return r;
}

}  // namespace testutil
