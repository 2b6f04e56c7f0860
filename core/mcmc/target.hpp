#pragma once
// A 2-D target: an unnormalized log density log p̃(x, y) on the plane, its gradient
// (for MALA and HMC), and the box where nearly all of its mass lies (for pictures,
// grids and uniform proposals).
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

class Target {
 public:
  virtual ~Target() = default;
  virtual std::string name() const = 0;
  virtual double log_density(double x, double y) const = 0;
  // ∇ log p̃ at (x, y).
  virtual Point grad_log_density(double x, double y) const = 0;
  virtual Box box() const = 0;
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
