#pragma once
// Small facts about intervals [lo, hi] that the targets' bounds are built from.
#include <algorithm>

namespace sampling::mcmc::interval {

// Distance from v to [lo, hi] (0 inside).
inline double distance(double v, double lo, double hi) { return std::max({lo - v, 0.0, v - hi}); }
// The point of [lo, hi] nearest to v.
inline double clamp(double v, double lo, double hi) { return std::min(std::max(v, lo), hi); }
// min and max of x² over x ∈ [lo, hi].
inline double min_square(double lo, double hi) {
  if (lo <= 0 && hi >= 0) return 0.0;
  return std::min(lo * lo, hi * hi);
}
inline double max_square(double lo, double hi) { return std::max(lo * lo, hi * hi); }
// Distance between [a0, a1] and [b0, b1] (0 when they meet).
inline double gap(double a0, double a1, double b0, double b1) { return std::max({b0 - a1, 0.0, a0 - b1}); }

// Covering boxes reach 12 standard deviations past the mass: a Gaussian tail beyond
// 12σ holds 1 − Φ(12) < e^{−72}/2 ≈ 2.7e-32 of the mass.
constexpr double kCoverSigmas = 12.0;

}  // namespace sampling::mcmc::interval
