// Consistency training, improved (iCT: Song & Dhariwal 2023), on our linear path.
// Parametrization: f_θ(z, t) = z − t·F_θ(z, t), so f_θ(z, 0) = z (the boundary holds by
// construction; we use this instead of the EDM c_skip/c_out form).
// The same (x, ε) gives neighbouring points z_{t_i}, z_{t_{i+1}} on a grid of N times;
//   loss = λ(t_i)·d(f_θ(z_{t_{i+1}}, t_{i+1}), stop_grad(f_θ(z_{t_i}, t_i))),
//   λ = 1/(t_{i+1} − t_i), pseudo-Huber d(a, b) = sqrt(‖a − b‖² + c²) − c, c = 0.00054·√2,
// no EMA teacher (θ⁻ = θ), N doubling from s0 to s1 over the run. The grid is Karras'
// ρ = 7 spacing between t_min and 1.
#include <algorithm>
#include <cmath>

#include "core/flow/objective.hpp"

namespace sampling::flow {

// N(k) = min(s0·2^⌊k/K'⌋, s1) + 1,  K' = ⌊K / (log2(s1/s0) + 1)⌋.
int consistency_discretization(std::uint64_t step, const ObjectiveOptions& o) {
  const double doublings = std::floor(std::log2(static_cast<double>(o.consistency_s1) / o.consistency_s0)) + 1;
  const std::uint64_t per_stage = std::max<std::uint64_t>(1, static_cast<std::uint64_t>(o.total_steps / doublings));
  const std::uint64_t stage = std::min<std::uint64_t>(step / per_stage, 30);
  return static_cast<int>(std::min<double>(o.consistency_s0 * std::ldexp(1.0, static_cast<int>(stage)), o.consistency_s1)) + 1;
}

// t_i = (t_min^{1/ρ} + i/(N − 1)·(1 − t_min^{1/ρ}))^ρ, i = 0..N−1.
float consistency_time(int i, int n, double t_min) {
  constexpr double rho = 7;
  const double a = std::pow(t_min, 1 / rho);
  return static_cast<float>(std::pow(a + static_cast<double>(i) / (n - 1) * (1 - a), rho));
}

namespace {

class Consistency : public Objective {
 public:
  explicit Consistency(const ObjectiveOptions& o) : o_(o) {}

  double loss_and_gradients(nn::Mlp<float>& net, nn::Mlp<float>&, const std::vector<float>& x, std::uint64_t step,
                            Rng& rng) override {
    const int batch = static_cast<int>(x.size() / 2);
    const int n = consistency_discretization(step, o_);
    const double c = 0.00054 * std::sqrt(2.0);
    eps_.resize(x.size()), t_lo_.resize(batch), t_hi_.resize(batch), zero_.assign(batch, 0.0f);
    for (auto& e : eps_) e = static_cast<float>(rng.normal());
    for (int i = 0; i < batch; ++i) {
      const int k = static_cast<int>(rng.below(n - 1));
      t_lo_[i] = consistency_time(k, n, o_.consistency_t_min);
      t_hi_[i] = consistency_time(k + 1, n, o_.consistency_t_min);
    }
    // Teacher first (its activations are not needed), then the student, whose
    // activations the backward pass uses.
    interpolate(x, eps_, t_lo_, z_lo_, v_);
    make_inputs(z_lo_.data(), t_lo_.data(), zero_.data(), batch, inputs_);
    const float* f_teacher = net.forward(inputs_.data(), batch);
    teacher_.resize(x.size());
    for (std::size_t i = 0; i < x.size(); ++i) teacher_[i] = z_lo_[i] - t_lo_[i / 2] * f_teacher[i];
    interpolate(x, eps_, t_hi_, z_hi_, v_);
    make_inputs(z_hi_.data(), t_hi_.data(), zero_.data(), batch, inputs_);
    const float* f = net.forward(inputs_.data(), batch);
    grad_.resize(x.size());
    double loss = 0;
    for (int i = 0; i < batch; ++i) {
      const float lambda = 1.0f / (t_hi_[i] - t_lo_[i]);
      float diff[2];
      double squared = 0;
      for (int d = 0; d < 2; ++d) {
        const float student = z_hi_[2 * i + d] - t_hi_[i] * f[2 * i + d];
        diff[d] = student - teacher_[2 * i + d];
        squared += static_cast<double>(diff[d]) * diff[d];
      }
      const double root = std::sqrt(squared + c * c);
      loss += lambda * (root - c);
      // d loss/dF = λ·(student − teacher)/root · (−t_{i+1}), averaged over the batch.
      for (int d = 0; d < 2; ++d) grad_[2 * i + d] = static_cast<float>(-lambda * diff[d] / root * t_hi_[i] / batch);
    }
    net.backward(grad_.data(), /*input_gradient=*/false);
    return loss / batch;
  }

 private:
  ObjectiveOptions o_;
  std::vector<float> eps_, t_lo_, t_hi_, zero_, z_lo_, z_hi_, v_, inputs_, teacher_, grad_;
};

}  // namespace

std::unique_ptr<Objective> make_consistency(const ObjectiveOptions& o) { return std::make_unique<Consistency>(o); }

}  // namespace sampling::flow
