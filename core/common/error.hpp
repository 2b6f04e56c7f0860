#pragma once
// The one exception type of the core. Its message is meant for the user: it names the
// input that is wrong and what would be right ("mcmc: step size must be > 0, got -1").
#include <cmath>
#include <cstdio>
#include <stdexcept>
#include <string>

namespace sampling {

class Error : public std::runtime_error {
 public:
  explicit Error(const std::string& message) : std::runtime_error(message) {}
};

// A number as a person would write it in a message: "-1", "0.25", "NaN", "1e+300".
inline std::string show(double v) {
  if (std::isnan(v)) return "NaN";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.6g", v);
  return buf;
}

}  // namespace sampling
