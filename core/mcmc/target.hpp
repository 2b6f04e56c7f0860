#pragma once
// A 2-D target: an unnormalized log density log p̃(x, y) on the plane, its gradient
// (for MALA and HMC), the box where the pictures are drawn (also the uniform proposal's
// box and where chains start), and what the exact samplers need to be exact: an upper
// bound of log p̃ over any rectangle, a box outside which the mass is negligible
// (≤ 1e-30, by a closed-form tail bound), and the mass outside a given box.
#include <memory>
#include <string>
#include <vector>

#include "core/common/rng.hpp"

namespace sampling::mcmc {

struct Box {
  double xmin, xmax, ymin, ymax;
};

struct Point {
  double x, y;
};

// The normalized target's mean and variance of each coordinate.
struct Moments {
  Point mean, variance;
};

class Target {
 public:
  virtual ~Target() = default;
  virtual std::string name() const = 0;
  virtual double log_density(double x, double y) const = 0;
  // ∇ log p̃ at (x, y).
  virtual Point grad_log_density(double x, double y) const = 0;
  virtual Box box() const = 0;
  // An upper bound of log p̃ over the closed rectangle r (finite; a side may have zero
  // width). It must hold for every point of r and tend to the maximum as r shrinks:
  // rejection sampling's bound M and Gibbs' grid envelopes rest on it.
  virtual double log_density_max(const Box& r) const = 0;
  // A box outside which the normalized target has at most `mass_bound` of its mass
  // (≤ 1e-30: no finite run can tell p from p restricted to the box).
  virtual Box covering_box(double& mass_bound) const = 0;
  // The normalized target mass outside b (what a sampler confined to b misses).
  virtual double mass_outside(const Box& b) const = 0;
  // The exact moments (closed form, or quadrature where none exists): the page and the
  // command line show them beside the estimates so a reader can judge a run.
  virtual Moments moments() const = 0;
  // Points where the density peaks (component means, modes): searches start there.
  virtual std::vector<Point> modes() const { return {}; }
  // Whether every tail is at most Gaussian, so a wide enough Gaussian proposal covers
  // the target (false for the banana's parabola and the funnel's mouth).
  virtual bool gaussian_tails() const { return true; }
  // Gibbs: an exact draw of one coordinate given the other (axis 0 draws x given y,
  // axis 1 draws y given x) where the target allows it in closed form. Returns false
  // when it does not; Gibbs then inverts the conditional's CDF on a fine grid.
  virtual bool sample_conditional(int /*axis*/, double /*other*/, Rng& /*rng*/, double& /*out*/) const {
    return false;
  }
};

// What the user picks: a named target, or points of a drawn one.
struct TargetSpec {
  std::string name;             // gaussian | mixture | banana | donut | funnel | drawn
  std::vector<double> points;   // drawn: x0, y0, x1, y1, ...
  double bandwidth = 0.3;       // drawn: standard deviation around each point
};

std::unique_ptr<Target> make_target(const TargetSpec& spec);
const std::vector<std::string>& target_names();

}  // namespace sampling::mcmc
