#include "core/flow/sampler.hpp"

#include <algorithm>
#include <cmath>

#include "core/common/error.hpp"
#include "core/flow/shortcut.hpp"

namespace sampling::flow {

StepInputs step_inputs(Method method, int k, int nfe) {
  const float t = 1.0f - static_cast<float>(k) / nfe;
  const float next = 1.0f - static_cast<float>(k + 1) / nfe;
  const float dt = t - next;
  float s = 0;  // flow matching: v_θ(z, t)
  if (method == Method::meanflow) s = dt;  // t − r
  if (method == Method::shortcut) s = std::max(dt, kShortcutMinStep);
  return {t, s, dt};
}

void generate(Method method, nn::Mlp<float>& net, int nfe, const std::vector<float>& eps, std::vector<float>& out,
              Rng& rng, std::vector<float>* trajectory) {
  if (nfe < 1 || nfe > 10000) throw Error("flow: the number of steps (NFE) must be between 1 and 10000, got " + std::to_string(nfe));
  // Per point: z, the output, x̂, the network's 4 inputs and, with the trajectory, 2 floats a
  // frame; per hidden unit the forward pass keeps 2 floats (activation, SiLU'), counted as 3.
  const std::uint64_t frames = trajectory ? static_cast<std::uint64_t>(nfe) + 1 : 0;
  check_work(net.sizes(), eps.size() / 2, 12, 40 + 8 * frames,
             "sampling " + std::to_string(eps.size() / 2) + " points" +
                 (trajectory ? " at NFE " + std::to_string(nfe) + " with the trajectory" : std::string()),
             trajectory ? "ask for fewer points or steps" : "ask for fewer points");
  const int n = static_cast<int>(eps.size() / 2);
  std::vector<float> z = eps, inputs;
  if (trajectory) trajectory->assign(z.begin(), z.end());
  const auto record = [&] {
    if (trajectory) trajectory->insert(trajectory->end(), z.begin(), z.end());
  };
  // Finite weights can still overflow (a weight of 3e38 times an input of 2): a point that
  // is not finite is an error, not a sample.
  const auto finish = [&] {
    for (std::size_t i = 0; i < z.size(); ++i)
      if (!std::isfinite(z[i]))
        throw Error("flow: sampled point " + std::to_string(i / 2) + " is not finite (" + show(z[i]) +
                    "): the network's output overflowed; its weights are too large to be a trained model");
    out = z;
  };
  if (method == Method::consistency) {
    // Times 1 = τ_0 > τ_1 > … > τ_{K−1}: denoise at each, re-noise to the next.
    std::vector<float> x_hat(z.size());
    for (int k = 0; k < nfe; ++k) {
      const float tau = 1.0f - static_cast<float>(k) / nfe;
      if (k > 0)
        for (std::size_t i = 0; i < z.size(); ++i) z[i] = (1 - tau) * x_hat[i] + tau * static_cast<float>(rng.normal());
      make_inputs(z.data(), tau, 0.0f, n, inputs);
      const float* f = net.forward(inputs.data(), n);
      for (std::size_t i = 0; i < z.size(); ++i) x_hat[i] = z[i] - tau * f[i];
      z = x_hat;
      record();
    }
    finish();
    return;
  }
  for (int k = 0; k < nfe; ++k) {
    const StepInputs step = step_inputs(method, k, nfe);
    make_inputs(z.data(), step.t, step.s, n, inputs);
    const float* velocity = net.forward(inputs.data(), n);
    for (std::size_t i = 0; i < z.size(); ++i) z[i] -= step.dt * velocity[i];
    record();
  }
  finish();
}

}  // namespace sampling::flow
