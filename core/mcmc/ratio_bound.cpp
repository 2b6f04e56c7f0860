#include "core/mcmc/ratio_bound.hpp"

#include <cmath>
#include <limits>
#include <queue>
#include <vector>

#include "core/common/portable_math.hpp"

namespace sampling::mcmc {
namespace {

// asinh and sinh from pmath (bit-identical natively and in wasm: the split points decide
// the bound, and the bound decides which proposals are accepted).
double arsinh(double t) {
  const double a = std::abs(t), v = pmath::log(a + std::sqrt(a * a + 1));
  return t < 0 ? -v : v;
}
double sinh_of(double u) { return 0.5 * (pmath::exp(u) - pmath::exp(-u)); }

struct Node {
  Box box;
  double upper;
  std::size_t id;  // ties go to the older rectangle, so every standard library pops alike
  bool operator<(const Node& o) const { return upper < o.upper || (upper == o.upper && id > o.id); }
};

}  // namespace

RatioBound bound_log_ratio(const Target& target, const Proposal& proposal, const Box& region, double tolerance,
                           std::optional<double> decide, std::size_t max_rectangles) {
  const Point c = proposal.centre(), s = proposal.scale();
  const auto to_u = [](double v, double centre, double scale) { return arsinh((v - centre) / scale); };
  const auto from_u = [](double u, double centre, double scale) { return centre + scale * sinh_of(u); };

  RatioBound result;
  result.lower = -std::numeric_limits<double>::infinity();
  const auto consider = [&](double x, double y) {
    if (x < region.xmin || x > region.xmax || y < region.ymin || y > region.ymax) return;
    const double v = target.log_density(x, y) - proposal.log_density(x, y);
    if (v > result.lower) result.lower = v, result.argmax = {x, y};
  };
  const auto bound = [&](const Box& b) {
    const double q = proposal.log_density_min(b);
    if (q == -std::numeric_limits<double>::infinity()) return std::numeric_limits<double>::infinity();
    const double v = target.log_density_max(b) - q;
    return std::isnan(v) ? std::numeric_limits<double>::infinity() : v;
  };

  for (const Point& m : target.modes()) consider(m.x, m.y);
  consider(0.5 * (region.xmin + region.xmax), 0.5 * (region.ymin + region.ymax));
  std::priority_queue<Node> queue;
  queue.push({region, bound(region), 0});
  result.rectangles = 1;
  while (!queue.empty()) {
    const Node top = queue.top();
    result.upper = top.upper;
    if (top.upper <= result.lower + tolerance) break;
    if (decide && (top.upper <= *decide || result.lower > *decide)) break;
    if (result.rectangles >= max_rectangles) break;
    queue.pop();
    const Box& b = top.box;
    const double ux0 = to_u(b.xmin, c.x, s.x), ux1 = to_u(b.xmax, c.x, s.x);
    const double uy0 = to_u(b.ymin, c.y, s.y), uy1 = to_u(b.ymax, c.y, s.y);
    Box lo = b, hi = b;
    const bool along_x = ux1 - ux0 >= uy1 - uy0;
    const double a = along_x ? b.xmin : b.ymin, z = along_x ? b.xmax : b.ymax;
    double mid = along_x ? from_u(0.5 * (ux0 + ux1), c.x, s.x) : from_u(0.5 * (uy0 + uy1), c.y, s.y);
    if (!(mid > a && mid < z)) mid = 0.5 * (a + z);
    if (!(mid > a && mid < z)) break;  // no double between the sides: the bound stands as is
    (along_x ? lo.xmax : lo.ymax) = mid;
    (along_x ? hi.xmin : hi.ymin) = mid;
    for (const Box& child : {lo, hi}) {
      consider(0.5 * (child.xmin + child.xmax), 0.5 * (child.ymin + child.ymax));
      queue.push({child, bound(child), result.rectangles++});
    }
  }
  return result;
}

}  // namespace sampling::mcmc
