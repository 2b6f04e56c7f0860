#include "core/nn/adam.hpp"

#include <cmath>
#include <string>

#include "core/common/error.hpp"

namespace sampling::nn {
namespace {

void check_lr(double lr) {
  if (!std::isfinite(lr) || lr <= 0.0) throw Error("adam: learning rate must be a finite number > 0, got " + show(lr));
}

void check_beta(const char* name, double beta) {
  if (!(beta >= 0.0 && beta < 1.0)) throw Error(std::string("adam: ") + name + " must be in [0, 1), got " + show(beta));
}

}  // namespace

Adam::Adam(std::size_t n, double lr, double beta1, double beta2, double eps, double weight_decay)
    : lr_(lr), beta1_(beta1), beta2_(beta2), eps_(eps), weight_decay_(weight_decay), m_(n, 0.0), v_(n, 0.0) {
  check_lr(lr);
  check_beta("beta1", beta1);
  check_beta("beta2", beta2);
  if (!std::isfinite(eps) || eps < 0.0) throw Error("adam: eps must be a finite number >= 0, got " + show(eps));
  if (!std::isfinite(weight_decay) || weight_decay < 0.0)
    throw Error("adam: weight_decay must be a finite number >= 0, got " + show(weight_decay));
}

void Adam::set_learning_rate(double lr) {
  check_lr(lr);
  lr_ = lr;
}

void Adam::reset() {
  for (double& x : m_) x = 0.0;
  for (double& x : v_) x = 0.0;
  t_ = 0;
  beta1_power_ = beta2_power_ = 1.0;
}

void Adam::step(std::vector<float>& params, const std::vector<float>& grads) { step_impl(params, grads); }
void Adam::step(std::vector<double>& params, const std::vector<double>& grads) { step_impl(params, grads); }

template <class T>
void Adam::step_impl(std::vector<T>& params, const std::vector<T>& grads) {
  const std::size_t n = m_.size();
  if (params.size() != n || grads.size() != n)
    throw Error("adam: the optimizer was made for " + std::to_string(n) + " parameters but step got " +
                std::to_string(params.size()) + " parameters and " + std::to_string(grads.size()) + " gradients");
  ++t_;
  beta1_power_ *= beta1_;
  beta2_power_ *= beta2_;
  const double step_size = lr_ / (1.0 - beta1_power_);
  const double bias_correction2_sqrt = std::sqrt(1.0 - beta2_power_);
  const double one_minus_beta1 = 1.0 - beta1_, one_minus_beta2 = 1.0 - beta2_;
  for (std::size_t i = 0; i < n; ++i) {
    const double p = static_cast<double>(params[i]);
    double g = static_cast<double>(grads[i]);
    if (weight_decay_ != 0.0) g = g + weight_decay_ * p;
    m_[i] = beta1_ * m_[i] + one_minus_beta1 * g;
    v_[i] = beta2_ * v_[i] + one_minus_beta2 * (g * g);
    const double denom = std::sqrt(v_[i]) / bias_correction2_sqrt + eps_;
    params[i] = static_cast<T>(p - step_size * (m_[i] / denom));
  }
}

}  // namespace sampling::nn
