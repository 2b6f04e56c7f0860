#include "core/mcmc/target.hpp"

#include "core/common/error.hpp"
#include "core/mcmc/banana.hpp"
#include "core/mcmc/donut.hpp"
#include "core/mcmc/funnel.hpp"
#include "core/mcmc/gaussian_mixture.hpp"

namespace sampling::mcmc {

const std::vector<std::string>& target_names() {
  static const std::vector<std::string> names{"gaussian", "mixture", "banana", "donut", "funnel", "drawn"};
  return names;
}

std::unique_ptr<Target> make_target(const TargetSpec& spec) {
  if (spec.name == "gaussian") return make_gaussian();
  if (spec.name == "mixture") return make_mixture();
  if (spec.name == "banana") return std::make_unique<Banana>();
  if (spec.name == "donut") return std::make_unique<Donut>();
  if (spec.name == "funnel") return std::make_unique<Funnel>();
  if (spec.name == "drawn") return make_drawn(spec.points, spec.bandwidth);
  throw Error("unknown target '" + spec.name + "': use gaussian, mixture, banana, donut, funnel or drawn");
}

}  // namespace sampling::mcmc
