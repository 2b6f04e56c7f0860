#pragma once
// The proposal q of rejection and importance sampling, centred on the target's box:
//   student   (the default) product of Student-t densities with 2 degrees of freedom and
//             scales of a quarter of the box's sides: polynomial tails, heavier than every
//             target's, so p̃/q is bounded and rejection and importance sampling are exact
//             on every target, the funnel's mouth and the banana's arms included;
//   gaussian  product of normals with standard deviations of half the box's sides: its
//             tails cover the targets with Gaussian tails (mixtures, donut) but not the
//             banana's or the funnel's;
//   uniform   uniform over the box: covers nothing outside it.
#include <string>

#include "core/mcmc/target.hpp"

namespace sampling::mcmc {

class Proposal {
 public:
  enum class Kind { student, gaussian, uniform };
  Proposal(Kind kind, const Box& box);
  static Kind parse(const std::string& name);  // "student" | "gaussian" | "uniform"
  static const char* name(Kind kind);
  Point sample(Rng& rng) const;
  double log_density(double x, double y) const;
  // The smallest log q over the closed rectangle r (exact: each factor is smallest at
  // the point of r farthest from the centre; −∞ for the uniform outside its box).
  double log_density_min(const Box& r) const;
  Kind kind() const { return kind_; }
  const Box& box() const { return box_; }
  Point centre() const { return {mx_, my_}; }
  Point scale() const { return {sx_, sy_}; }

 private:
  double log_factor(double d, double s) const;  // log of one factor at distance d from the centre
  Kind kind_;
  Box box_;
  double mx_, my_, sx_, sy_, log_norm_;
};

}  // namespace sampling::mcmc
