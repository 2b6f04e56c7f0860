#pragma once
// The one exception type of the core. Its message is meant for the user: it names the
// input that is wrong and what would be right ("mcmc: step size must be > 0, got -1").
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <stdexcept>
#include <string>

namespace sampling {

class Error : public std::runtime_error {
 public:
  explicit Error(const std::string& message) : std::runtime_error(message) {}
};

// A number as a person would write it in a message: "-1", "0.25", "NaN", "1e+300",
// "10000.01": the fewest significant digits (at least 6) that read back as the same
// double, so a message never names a rounded value the user did not give.
inline std::string show(double v) {
  if (std::isnan(v)) return "NaN";
  char buf[40];
  for (int digits = 6; digits <= 17; ++digits) {
    std::snprintf(buf, sizeof buf, "%.*g", digits, v);
    if (std::strtod(buf, nullptr) == v) break;
  }
  return buf;
}

}  // namespace sampling
