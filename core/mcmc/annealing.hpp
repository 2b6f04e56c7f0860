#pragma once
// Simulated annealing: random-walk Metropolis on the tempered target
// p_τ ∝ exp(log p̃ / τ) while τ falls, so the chain settles into a mode.
// Schedules (t = transitions so far, T = schedule length):
//   geometric    τ_t = τ0 · (τ_end/τ0)^{min(t, T)/T}
//   logarithmic  τ_t = τ0 · log 2 / log(t + 2)
#include <string>

#include "core/mcmc/chain_kernel.hpp"

namespace sampling::mcmc {

class SimulatedAnnealing : public ChainKernel {
 public:
  enum class Schedule { geometric, logarithmic };
  SimulatedAnnealing(double step_size, Schedule schedule, double t0, double t_end, std::uint64_t length)
      : sigma_(step_size), schedule_(schedule), t0_(t0), t_end_(t_end), length_(length) {}

  double temperature(std::uint64_t t) const {
    if (schedule_ == Schedule::logarithmic) return t0_ * pmath::log(2.0) / pmath::log(static_cast<double>(t) + 2.0);
    const double frac = t >= length_ ? 1.0 : static_cast<double>(t) / static_cast<double>(length_);
    return t0_ * pmath::exp(frac * pmath::log(t_end_ / t0_));
  }

  bool transition(const Target& target, ChainState& s, Rng& rng) override {
    const double tau = temperature(s.step);
    const double x = s.x + sigma_ * rng.normal();
    const double y = s.y + sigma_ * rng.normal();
    const double log_p = target.log_density(x, y);
    if (!metropolis_accept((log_p - s.log_p) / tau, rng)) return false;
    s.x = x, s.y = y, s.log_p = log_p;
    return true;
  }

 private:
  double sigma_;
  Schedule schedule_;
  double t0_, t_end_;
  std::uint64_t length_;
};

}  // namespace sampling::mcmc
