// Flow matching (rectified flow): regress the conditional velocity,
//   loss = ‖v_θ(z_t, t) − (ε − x)‖²,  t ~ U(0, 1).
#include "core/flow/objective.hpp"

namespace sampling::flow {
namespace {

class FlowMatching : public Objective {
 public:
  double loss_and_gradients(nn::Mlp<float>& net, nn::Mlp<float>&, const std::vector<float>& x, std::uint64_t,
                            Rng& rng) override {
    const int batch = static_cast<int>(x.size() / 2);
    eps_.resize(x.size()), t_.resize(batch), zero_.assign(batch, 0.0f);
    for (auto& e : eps_) e = static_cast<float>(rng.normal());
    for (auto& t : t_) t = static_cast<float>(rng.uniform());
    interpolate(x, eps_, t_, z_, v_);
    make_inputs(z_.data(), t_.data(), zero_.data(), batch, inputs_);
    const float* y = net.forward(inputs_.data(), batch);
    grad_.resize(x.size());
    double loss = 0;
    for (std::size_t i = 0; i < x.size(); ++i) {
      const float d = y[i] - v_[i];
      loss += static_cast<double>(d) * d;
      grad_[i] = 2 * d / batch;
    }
    net.backward(grad_.data(), /*input_gradient=*/false);
    return loss / batch;
  }

 private:
  std::vector<float> eps_, t_, zero_, z_, v_, inputs_, grad_;
};

}  // namespace

std::unique_ptr<Objective> make_flow_matching() { return std::make_unique<FlowMatching>(); }

}  // namespace sampling::flow
