// MeanFlow (Geng, Deng, Bai, Kolter, He 2025): learn the average velocity
//   u(z_t, r, t) = 1/(t − r) ∫_r^t v(z_τ, τ) dτ
// through the identity u = v − (t − r)·du/dt, du/dt = v·∂_z u + ∂_t u. One forward-mode
// pass of u_θ at (z_t, t, t − r) with tangent (v, 1, 1) gives u and du/dt together; the
// target u_tgt = v − (t − r)·du/dt is held fixed (stop-gradient), and the backward pass
// reuses the primal activations of that same pass.
//   loss = w·‖u_θ − u_tgt‖²,  w = stop_grad(1 / (‖Δ‖² + c)^p)
// (the value returned for monitoring is the unweighted ‖Δ‖², which the weighting drives down)
#include <algorithm>
#include <cmath>

#include "core/flow/meanflow.hpp"
#include "core/flow/objective.hpp"

namespace sampling::flow {
namespace {

class MeanFlow : public Objective {
 public:
  explicit MeanFlow(const ObjectiveOptions& o) : o_(o) {}

  double loss_and_gradients(nn::Mlp<float>& net, nn::Mlp<float>&, const std::vector<float>& x, std::uint64_t,
                            Rng& rng) override {
    const int batch = static_cast<int>(x.size() / 2);
    eps_.resize(x.size()), t_.resize(batch), gap_.resize(batch);
    for (auto& e : eps_) e = static_cast<float>(rng.normal());
    for (int i = 0; i < batch; ++i) {  // t ≥ r from two sorted logit-normal draws; some r = t
      float a = logit_normal(rng, o_.meanflow_mu, o_.meanflow_sigma);
      float b = logit_normal(rng, o_.meanflow_mu, o_.meanflow_sigma);
      if (rng.uniform() < o_.meanflow_equal_fraction) b = a;
      t_[i] = std::max(a, b), gap_[i] = std::max(a, b) - std::min(a, b);  // gap = t − r
    }
    interpolate(x, eps_, t_, z_, v_);
    meanflow_target(net, z_, v_, t_, gap_, inputs_, tangent_, u_, target_);
    grad_.resize(x.size());
    double loss = 0;
    for (int i = 0; i < batch; ++i) {
      float delta[2];
      double squared = 0;
      for (int d = 0; d < 2; ++d) {
        delta[d] = u_[2 * i + d] - target_[2 * i + d];
        squared += static_cast<double>(delta[d]) * delta[d];
      }
      const double w = 1.0 / std::pow(squared + o_.meanflow_c, o_.meanflow_p);
      loss += squared;  // reported: the plain squared error (w·‖Δ‖² stays near 1 by design)
      for (int d = 0; d < 2; ++d) grad_[2 * i + d] = static_cast<float>(2 * w * delta[d] / batch);
    }
    net.backward(grad_.data(), /*input_gradient=*/false);
    return loss / batch;
  }

 private:
  ObjectiveOptions o_;
  std::vector<float> eps_, t_, gap_, z_, v_, inputs_, tangent_, u_, target_, grad_;
};

}  // namespace

std::unique_ptr<Objective> make_meanflow(const ObjectiveOptions& o) { return std::make_unique<MeanFlow>(o); }

}  // namespace sampling::flow
