#include "core/text/annealing.hpp"

#include <cmath>
#include <string>

#include "core/common/decimal.hpp"
#include "core/common/error.hpp"
#include "core/common/portable_math.hpp"

namespace sampling::text {
namespace {
constexpr double kMaxTemperature = 1e6;
constexpr double kMinTemperature = 1e-6;
}  // namespace

void AnnealingSchedule::check() const {
  for (double t : {from, to})
    if (!(std::isfinite(t) && t >= kMinTemperature && t <= kMaxTemperature))
      throw Error("annealing: temperatures must be between 1e-06 and 1e+06, got " + show(t));
  if (steps < 1) throw Error("annealing: the schedule needs at least 1 step");
}

double AnnealingSchedule::temperature(std::uint64_t step) const {
  if (step == 0 && steps > 1) return from;
  if (step + 1 >= steps) return to;
  const double frac = static_cast<double>(step) / static_cast<double>(steps - 1);
  return from * pmath::exp(frac * pmath::log(to / from));
}

AnnealingSchedule parse_annealing(std::string_view from_to, std::uint64_t steps) {
  const std::size_t colon = from_to.find(':');
  const auto number = [&](std::string_view part) {
    return parse_decimal(part, "annealing", "annealing: the schedule is FROM:TO, e.g. 2:0.05; got '" + std::string(from_to) + "'");
  };
  if (colon == std::string_view::npos)
    throw Error("annealing: the schedule is FROM:TO, e.g. 2:0.05; got '" + std::string(from_to) + "'");
  AnnealingSchedule s;
  s.from = number(from_to.substr(0, colon));
  s.to = number(from_to.substr(colon + 1));
  s.steps = steps;
  s.check();
  return s;
}

std::vector<double> annealing_temperatures(const AnnealingSchedule& schedule, std::uint64_t n) {
  schedule.check();
  if (n > 10'000'000) throw Error("annealing: at most 10^7 temperatures at once");
  std::vector<double> t(n);
  for (std::uint64_t i = 0; i < n; ++i) t[i] = schedule.temperature(i);
  return t;
}

}  // namespace sampling::text
