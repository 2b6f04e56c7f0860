#pragma once
// Generation with a trained network at any number of steps (NFE), from noise ε at t = 1
// to data at t = 0:
//   flow matching  Euler:  z ← z − Δ·v_θ(z, t)
//   MeanFlow       z_{t_{i+1}} = z_{t_i} − (t_i − t_{i+1})·u_θ(z_{t_i}, t_{i+1}, t_i)   (one step: x = ε − u_θ(ε, 0, 1))
//   Shortcut       d = 1/K:  z ← z − d·s_θ(z, t, d)                                  (one step: x = ε − s_θ(ε, 1, 1))
//   Consistency    x̂ = f_θ(ε, 1); then re-noise to the next time and denoise again
#include <vector>

#include "core/common/rng.hpp"
#include "core/flow/flow_model.hpp"

namespace sampling::flow {

// The inputs of step k (k = 0 … nfe − 1) of the flow methods (not consistency): the
// network is evaluated at (z, t, s) and the step moves z by −dt·output. t = 1 − k/K,
// dt = 1/K (computed as t − (1 − (k + 1)/K) in float), s = 0 for flow matching, t − r = dt
// for MeanFlow, d = max(dt, 1/128) for Shortcut (its smallest trained step).
struct StepInputs {
  float t, s, dt;
};
StepInputs step_inputs(Method method, int k, int nfe);

// eps: n × 2 noise; out: n × 2 samples. `trajectory` (optional) receives the n × 2
// points after each step (nfe + 1 frames, the first being ε). Consistency's re-noising
// draws from `rng`.
void generate(Method method, nn::Mlp<float>& net, int nfe, const std::vector<float>& eps, std::vector<float>& out,
              Rng& rng, std::vector<float>* trajectory = nullptr);

}  // namespace sampling::flow
