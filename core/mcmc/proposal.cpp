#include "core/mcmc/proposal.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "core/common/error.hpp"
#include "core/common/portable_math.hpp"

namespace sampling::mcmc {
namespace {
constexpr double kLog2Pi = 1.8378770664093454836;
constexpr double kLog2Sqrt2 = 1.0397207708399179641;  // log(2√2): t₂ density is (1 + t²/2)^{−3/2} / (2√2)
}  // namespace

Proposal::Proposal(Kind kind, const Box& box) : kind_(kind), box_(box) {
  mx_ = 0.5 * (box.xmin + box.xmax), my_ = 0.5 * (box.ymin + box.ymax);
  sx_ = 0.5 * (box.xmax - box.xmin), sy_ = 0.5 * (box.ymax - box.ymin);
  if (kind == Kind::student) sx_ *= 0.5, sy_ *= 0.5;
  if (kind == Kind::gaussian) log_norm_ = -kLog2Pi - pmath::log(sx_ * sy_);
  else if (kind == Kind::student) log_norm_ = -2 * kLog2Sqrt2 - pmath::log(sx_ * sy_);
  else log_norm_ = -pmath::log((box.xmax - box.xmin) * (box.ymax - box.ymin));
}

Proposal::Kind Proposal::parse(const std::string& name) {
  if (name == "student") return Kind::student;
  if (name == "gaussian") return Kind::gaussian;
  if (name == "uniform") return Kind::uniform;
  throw Error("unknown proposal '" + name + "': use student, gaussian or uniform");
}

const char* Proposal::name(Kind kind) {
  return kind == Kind::student ? "student" : kind == Kind::gaussian ? "gaussian" : "uniform";
}

Point Proposal::sample(Rng& rng) const {
  if (kind_ == Kind::uniform) {
    const double x = rng.uniform(box_.xmin, box_.xmax);
    return {x, rng.uniform(box_.ymin, box_.ymax)};
  }
  if (kind_ == Kind::student) {
    // Inverse CDF of t₂: t = (2u − 1) / sqrt(2u(1 − u)).
    const auto t2 = [&] {
      const double u = rng.uniform_open();
      return (2 * u - 1) / std::sqrt(2 * u * (1 - u));
    };
    const double x = mx_ + sx_ * t2();
    return {x, my_ + sy_ * t2()};
  }
  const double x = mx_ + sx_ * rng.normal();
  return {x, my_ + sy_ * rng.normal()};
}

double Proposal::log_factor(double d, double s) const {
  const double t = d / s;
  return kind_ == Kind::student ? -1.5 * pmath::log(1 + 0.5 * t * t) : -0.5 * t * t;
}

double Proposal::log_density(double x, double y) const {
  if (kind_ == Kind::uniform) {
    const bool inside = x >= box_.xmin && x <= box_.xmax && y >= box_.ymin && y <= box_.ymax;
    return inside ? log_norm_ : -std::numeric_limits<double>::infinity();
  }
  return log_norm_ + log_factor(x - mx_, sx_) + log_factor(y - my_, sy_);
}

double Proposal::log_density_min(const Box& r) const {
  if (kind_ == Kind::uniform) {
    const bool inside = r.xmin >= box_.xmin && r.xmax <= box_.xmax && r.ymin >= box_.ymin && r.ymax <= box_.ymax;
    return inside ? log_norm_ : -std::numeric_limits<double>::infinity();
  }
  const double dx = std::max(std::abs(r.xmin - mx_), std::abs(r.xmax - mx_));
  const double dy = std::max(std::abs(r.ymin - my_), std::abs(r.ymax - my_));
  return log_norm_ + log_factor(dx, sx_) + log_factor(dy, sy_);
}

}  // namespace sampling::mcmc
