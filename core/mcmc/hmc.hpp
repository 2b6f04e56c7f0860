#pragma once
// Hamiltonian Monte Carlo: draw a momentum p ~ N(0, I), follow H(z, p) = −log p̃(z) + |p|²/2
// with L leapfrog steps of size ε, accept with min(1, exp(H_start − H_end)).
#include "core/mcmc/chain_kernel.hpp"

namespace sampling::mcmc {

class Hmc : public ChainKernel {
 public:
  Hmc(double step_size, int leapfrog_steps) : eps_(step_size), steps_(leapfrog_steps) {}
  bool transition(const Target& target, ChainState& s, Rng& rng) override {
    double px = rng.normal(), py = rng.normal();
    const double h_start = -s.log_p + 0.5 * (px * px + py * py);
    double x = s.x, y = s.y;
    Point g = target.grad_log_density(x, y);
    for (int i = 0; i < steps_; ++i) {  // leapfrog: half kick, drift, half kick
      px += 0.5 * eps_ * g.x, py += 0.5 * eps_ * g.y;
      x += eps_ * px, y += eps_ * py;
      g = target.grad_log_density(x, y);
      px += 0.5 * eps_ * g.x, py += 0.5 * eps_ * g.y;
    }
    const double log_p = target.log_density(x, y);
    const double h_end = -log_p + 0.5 * (px * px + py * py);
    if (!metropolis_accept(h_start - h_end, rng)) return false;
    s.x = x, s.y = y, s.log_p = log_p;
    return true;
  }

 private:
  double eps_;
  int steps_;
};

}  // namespace sampling::mcmc
