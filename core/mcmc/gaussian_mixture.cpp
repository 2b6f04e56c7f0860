#include "core/mcmc/gaussian_mixture.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "core/common/error.hpp"
#include "core/common/logsumexp.hpp"
#include "core/common/portable_math.hpp"
#include "core/mcmc/interval.hpp"
#include "core/mcmc/normal_cdf.hpp"
#include "core/mcmc/quadrature.hpp"

namespace sampling::mcmc {
namespace {
constexpr double kLog2Pi = 1.8378770664093454836;
}

GaussianMixture::GaussianMixture(std::string name, std::vector<GaussianComponent> components, Box box)
    : name_(std::move(name)), components_(std::move(components)), box_(box) {
  if (components_.empty()) throw Error(name_ + ": a mixture needs at least one component");
  for (const auto& c : components_) {
    const double det = c.var_x * c.var_y - c.cov_xy * c.cov_xy;
    if (!(c.weight > 0) || !(c.var_x > 0) || !(c.var_y > 0) || !(det > 0))
      throw Error(name_ + ": each component needs a positive weight and a positive-definite covariance");
    prepared_.push_back({pmath::log(c.weight) - kLog2Pi - 0.5 * pmath::log(det), c.var_y / det,
                         -c.cov_xy / det, c.var_x / det});
  }
  scratch_.resize(components_.size());
}

double GaussianMixture::log_density(double x, double y) const {
  for (std::size_t k = 0; k < components_.size(); ++k) {
    const auto& c = components_[k];
    const auto& p = prepared_[k];
    const double dx = x - c.mean_x, dy = y - c.mean_y;
    scratch_[k] = p.log_coef - 0.5 * (p.inv_xx * dx * dx + 2.0 * p.inv_xy * dx * dy + p.inv_yy * dy * dy);
  }
  return log_sum_exp(scratch_.data(), scratch_.size());
}

Point GaussianMixture::grad_log_density(double x, double y) const {
  // ∇ log p̃ = Σ_k r_k · (−Σ_k⁻¹ (z − μ_k)),  r_k the responsibility of component k.
  const double total = log_density(x, y);  // fills scratch_ with the log terms
  Point g{0.0, 0.0};
  for (std::size_t k = 0; k < components_.size(); ++k) {
    const auto& c = components_[k];
    const auto& p = prepared_[k];
    const double r = pmath::exp(scratch_[k] - total);
    const double dx = x - c.mean_x, dy = y - c.mean_y;
    g.x -= r * (p.inv_xx * dx + p.inv_xy * dy);
    g.y -= r * (p.inv_xy * dx + p.inv_yy * dy);
  }
  return g;
}

bool GaussianMixture::sample_conditional(int axis, double other, Rng& rng, double& out) const {
  // p(a | b) ∝ Σ_k w_k N(b; μ_b, σ_bb) · N(a; μ_a + σ_ab/σ_bb (b − μ_b), σ_aa − σ_ab²/σ_bb):
  // pick a component by its weight times the marginal density of b, then draw a.
  for (std::size_t k = 0; k < components_.size(); ++k) {
    const auto& c = components_[k];
    const double mb = axis == 0 ? c.mean_y : c.mean_x;
    const double vb = axis == 0 ? c.var_y : c.var_x;
    const double d = other - mb;
    scratch_[k] = pmath::log(c.weight) - 0.5 * pmath::log(vb) - 0.5 * d * d / vb;
  }
  const std::size_t k = rng.categorical(scratch_.data(), scratch_.size());
  const auto& c = components_[k];
  const double ma = axis == 0 ? c.mean_x : c.mean_y;
  const double mb = axis == 0 ? c.mean_y : c.mean_x;
  const double va = axis == 0 ? c.var_x : c.var_y;
  const double vb = axis == 0 ? c.var_y : c.var_x;
  const double mean = ma + c.cov_xy / vb * (other - mb);
  const double var = va - c.cov_xy * c.cov_xy / vb;
  out = mean + std::sqrt(var) * rng.normal();
  return true;
}

double GaussianMixture::log_density_max(const Box& r) const {
  // Per component, the smallest Mahalanobis distance Q(d) = dᵀ Σ⁻¹ d over the box
  // (d = z − μ): 0 if μ is inside, else on an edge, where Q is a 1-D convex quadratic
  // minimized by clamping its vertex. Σ_k of each component's maximum bounds the sum.
  for (std::size_t k = 0; k < components_.size(); ++k) {
    const auto& c = components_[k];
    const auto& p = prepared_[k];
    const double a0 = r.xmin - c.mean_x, a1 = r.xmax - c.mean_x, b0 = r.ymin - c.mean_y, b1 = r.ymax - c.mean_y;
    double q = 0;
    if (!(a0 <= 0 && a1 >= 0 && b0 <= 0 && b1 >= 0)) {
      const auto quad = [&](double dx, double dy) { return p.inv_xx * dx * dx + 2 * p.inv_xy * dx * dy + p.inv_yy * dy * dy; };
      q = std::numeric_limits<double>::infinity();
      for (double a : {a0, a1}) q = std::min(q, quad(a, interval::clamp(-p.inv_xy * a / p.inv_yy, b0, b1)));
      for (double b : {b0, b1}) q = std::min(q, quad(interval::clamp(-p.inv_xy * b / p.inv_xx, a0, a1), b));
      q = std::max(q, 0.0);
    }
    scratch_[k] = p.log_coef - 0.5 * q;
  }
  return log_sum_exp(scratch_.data(), scratch_.size());
}

Box GaussianMixture::covering_box(double& mass_bound) const {
  // Each component within 12 marginal standard deviations on both axes.
  const double t = interval::kCoverSigmas;
  Box b{INFINITY, -INFINITY, INFINITY, -INFINITY};
  for (const auto& c : components_) {
    const double sx = std::sqrt(c.var_x), sy = std::sqrt(c.var_y);
    b.xmin = std::min(b.xmin, c.mean_x - t * sx), b.xmax = std::max(b.xmax, c.mean_x + t * sx);
    b.ymin = std::min(b.ymin, c.mean_y - t * sy), b.ymax = std::max(b.ymax, c.mean_y + t * sy);
  }
  mass_bound = 4 * normal_tail(t);  // two tails on each of two axes
  return b;
}

double GaussianMixture::mass_outside(const Box& b) const {
  // Per component: P(x outside) + ∫ over x inside of φ(x) P(y outside | x) dx, with
  // y | x ~ N(μ_y + c/v_x (x − μ_x), v_y − c²/v_x); x in standard units u. Uncorrelated
  // components (the drawn target's) factor: 1 − P(x in) P(y in).
  double total = 0, wsum = 0;
  for (const auto& c : components_) {
    const double sx = std::sqrt(c.var_x), sc = std::sqrt(c.var_y - c.cov_xy * c.cov_xy / c.var_x);
    const double u0 = (b.xmin - c.mean_x) / sx, u1 = (b.xmax - c.mean_x) / sx;
    const auto y_out = [&](double u) {
      const double m = c.mean_y + c.cov_xy / sx * u;
      return normal_cdf((b.ymin - m) / sc) + normal_tail((b.ymax - m) / sc);
    };
    double out;
    if (c.cov_xy == 0) {
      const double x_out = normal_cdf(u0) + normal_tail(u1);
      out = x_out + (1.0 - x_out) * y_out(0.0);
    } else {
      out = mass_outside_box(u0, u1, y_out, 0.25);
    }
    total += c.weight * out, wsum += c.weight;
  }
  return std::min(1.0, std::max(0.0, total / wsum));
}

std::vector<Point> GaussianMixture::modes() const {
  std::vector<Point> v;
  for (const auto& c : components_) v.push_back({c.mean_x, c.mean_y});
  return v;
}

Point GaussianMixture::mean() const {
  double wsum = 0, mx = 0, my = 0;
  for (const auto& c : components_) wsum += c.weight, mx += c.weight * c.mean_x, my += c.weight * c.mean_y;
  return {mx / wsum, my / wsum};
}

Point GaussianMixture::variance() const {
  // Var = Σ w_k (σ_k² + μ_k²) − (Σ w_k μ_k)².
  double wsum = 0, sx = 0, sy = 0;
  for (const auto& c : components_)
    wsum += c.weight, sx += c.weight * (c.var_x + c.mean_x * c.mean_x), sy += c.weight * (c.var_y + c.mean_y * c.mean_y);
  const Point m = mean();
  return {sx / wsum - m.x * m.x, sy / wsum - m.y * m.y};
}

std::unique_ptr<GaussianMixture> make_gaussian() {
  return std::make_unique<GaussianMixture>(
      "gaussian", std::vector<GaussianComponent>{{1.0, 0.5, -0.5, 1.0, 0.6, 0.8}}, Box{-4.5, 5.5, -5.0, 4.0});
}

std::unique_ptr<GaussianMixture> make_mixture() {
  return std::make_unique<GaussianMixture>("mixture",
                                           std::vector<GaussianComponent>{
                                               {0.5, -2.0, -1.2, 0.6, 0.25, 0.5},
                                               {0.3, 2.2, -0.8, 0.4, -0.15, 0.7},
                                               {0.2, 0.3, 2.3, 0.9, 0.0, 0.3},
                                           },
                                           Box{-5.0, 5.0, -4.5, 4.5});
}

std::unique_ptr<GaussianMixture> make_drawn(const std::vector<double>& points, double bandwidth) {
  if (points.empty()) throw Error("drawn target: draw at least one point on the canvas");
  if (points.size() % 2 != 0) throw Error("drawn target: points must come as x, y pairs");
  if (points.size() / 2 > 10000) throw Error("drawn target: at most 10000 points, got " + std::to_string(points.size() / 2));
  if (!(std::isfinite(bandwidth) && bandwidth > 0 && bandwidth <= 100))
    throw Error("drawn target: bandwidth must be a number in (0, 100], got " + show(bandwidth));
  std::vector<GaussianComponent> components;
  Box box{-5.0, 5.0, -5.0, 5.0};
  const double h2 = bandwidth * bandwidth;
  for (std::size_t i = 0; i < points.size(); i += 2) {
    const double x = points[i], y = points[i + 1];
    if (!std::isfinite(x) || !std::isfinite(y) || std::abs(x) > 1e6 || std::abs(y) > 1e6)
      throw Error("drawn target: point " + std::to_string(i / 2) + " is not a finite coordinate within ±1e6");
    components.push_back({1.0, x, y, h2, 0.0, h2});
    box.xmin = std::min(box.xmin, x - 4 * bandwidth), box.xmax = std::max(box.xmax, x + 4 * bandwidth);
    box.ymin = std::min(box.ymin, y - 4 * bandwidth), box.ymax = std::max(box.ymax, y + 4 * bandwidth);
  }
  return std::make_unique<GaussianMixture>("drawn", std::move(components), box);
}

}  // namespace sampling::mcmc
