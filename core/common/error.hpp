#pragma once
// The one exception type of the core. Its message is meant for the user: it names the
// input that is wrong and what would be right ("mcmc: step size must be > 0, got -1").
#include <stdexcept>
#include <string>

namespace sampling {

class Error : public std::runtime_error {
 public:
  explicit Error(const std::string& message) : std::runtime_error(message) {}
};

}  // namespace sampling
