#pragma once
// The proposal q of rejection and importance sampling: a Gaussian centred on the
// target's box with standard deviations of half its sides, or uniform over the box.
#include <string>

#include "core/mcmc/target.hpp"

namespace sampling::mcmc {

class Proposal {
 public:
  enum class Kind { gaussian, uniform };
  Proposal(Kind kind, const Box& box);
  static Kind parse(const std::string& name);  // "gaussian" | "uniform"
  Point sample(Rng& rng) const;
  double log_density(double x, double y) const;
  Kind kind() const { return kind_; }
  const Box& box() const { return box_; }

 private:
  Kind kind_;
  Box box_;
  double mx_, my_, sx_, sy_, log_norm_;
};

}  // namespace sampling::mcmc
