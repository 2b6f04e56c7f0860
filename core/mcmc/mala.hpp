#pragma once
// Metropolis-adjusted Langevin: a gradient step plus noise,
//   y = x + (ε²/2)·∇log p̃(x) + ε·ξ,   q(y|x) = N(y; x + (ε²/2)∇log p̃(x), ε² I),
// corrected by Metropolis–Hastings with that asymmetric q.
#include "core/mcmc/chain_kernel.hpp"

namespace sampling::mcmc {

class Mala : public ChainKernel {
 public:
  explicit Mala(double step_size) : eps_(step_size) {}
  bool transition(const Target& target, ChainState& s, Rng& rng) override {
    const double h = 0.5 * eps_ * eps_;
    const Point gx = target.grad_log_density(s.x, s.y);
    const double x = s.x + h * gx.x + eps_ * rng.normal();
    const double y = s.y + h * gx.y + eps_ * rng.normal();
    const double log_p = target.log_density(x, y);
    const Point gy = target.grad_log_density(x, y);
    const double log_q_forward = log_q(x, y, s.x, s.y, gx, h);  // log q(y | x)
    const double log_q_backward = log_q(s.x, s.y, x, y, gy, h);  // log q(x | y)
    if (!metropolis_accept(log_p - s.log_p + log_q_backward - log_q_forward, rng)) return false;
    s.x = x, s.y = y, s.log_p = log_p;
    return true;
  }

 private:
  // log N(to; from + h·grad(from), ε² I) up to a constant shared by both directions. The
  // offsets are divided by ε before squaring: ε² underflows to 0 for ε below 1e-162, and
  // a tiny step must still accept almost surely, not never.
  double log_q(double to_x, double to_y, double from_x, double from_y, Point grad_from, double h) const {
    const double u = (to_x - from_x - h * grad_from.x) / eps_;
    const double v = (to_y - from_y - h * grad_from.y) / eps_;
    return -0.5 * (u * u + v * v);
  }
  double eps_;
};

}  // namespace sampling::mcmc
