#include "core/mcmc/proposal.hpp"

#include <limits>

#include "core/common/error.hpp"
#include "core/common/portable_math.hpp"

namespace sampling::mcmc {

Proposal::Proposal(Kind kind, const Box& box) : kind_(kind), box_(box) {
  mx_ = 0.5 * (box.xmin + box.xmax), my_ = 0.5 * (box.ymin + box.ymax);
  sx_ = 0.5 * (box.xmax - box.xmin), sy_ = 0.5 * (box.ymax - box.ymin);
  constexpr double kLog2Pi = 1.8378770664093454836;
  log_norm_ = kind == Kind::gaussian ? -kLog2Pi - pmath::log(sx_ * sy_)
                                     : -pmath::log((box.xmax - box.xmin) * (box.ymax - box.ymin));
}

Proposal::Kind Proposal::parse(const std::string& name) {
  if (name == "gaussian") return Kind::gaussian;
  if (name == "uniform") return Kind::uniform;
  throw Error("unknown proposal '" + name + "': use gaussian or uniform");
}

Point Proposal::sample(Rng& rng) const {
  if (kind_ == Kind::uniform) {
    const double x = rng.uniform(box_.xmin, box_.xmax);
    return {x, rng.uniform(box_.ymin, box_.ymax)};
  }
  const double x = mx_ + sx_ * rng.normal();
  return {x, my_ + sy_ * rng.normal()};
}

double Proposal::log_density(double x, double y) const {
  if (kind_ == Kind::uniform) {
    const bool inside = x >= box_.xmin && x <= box_.xmax && y >= box_.ymin && y <= box_.ymax;
    return inside ? log_norm_ : -std::numeric_limits<double>::infinity();
  }
  const double dx = (x - mx_) / sx_, dy = (y - my_) / sy_;
  return log_norm_ - 0.5 * (dx * dx + dy * dy);
}

}  // namespace sampling::mcmc
