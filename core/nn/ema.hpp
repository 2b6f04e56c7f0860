#pragma once
// An exponential moving average of a parameter vector (the copy of the weights used for
// sampling): the first update copies the parameters, every later one does
//   ema = decay·ema + (1 − decay)·params      (computed in double, rounded to float).
#include <cmath>
#include <string>
#include <vector>

#include "core/common/error.hpp"

namespace sampling::nn {

class Ema {
 public:
  // decay in [0, 1]; throws sampling::Error otherwise.
  explicit Ema(double decay) : decay_(decay) {
    if (!(decay >= 0.0 && decay <= 1.0)) throw Error("ema: decay must be in [0, 1], got " + show(decay));
  }

  void update(const std::vector<float>& params) {
    if (!initialized_) {
      weights_ = params;
      initialized_ = true;
      return;
    }
    if (params.size() != weights_.size())
      throw Error("ema: the average holds " + std::to_string(weights_.size()) + " parameters but update got " +
                  std::to_string(params.size()));
    const double keep = decay_, take = 1.0 - decay_;
    for (std::size_t i = 0; i < weights_.size(); ++i)
      weights_[i] = static_cast<float>(keep * static_cast<double>(weights_[i]) + take * static_cast<double>(params[i]));
  }

  // Empty until the first update.
  const std::vector<float>& weights() const { return weights_; }
  bool initialized() const { return initialized_; }
  double decay() const { return decay_; }
  // Forgets the average: the next update copies again.
  void reset() {
    weights_.clear();
    initialized_ = false;
  }

 private:
  double decay_;
  bool initialized_ = false;
  std::vector<float> weights_;
};

}  // namespace sampling::nn
