#include "core/nn/row_ops.hpp"

#include <cmath>

#include "core/common/portable_math.hpp"
#include "core/nn/erf.hpp"

namespace sampling::nn {

void add_layer_norm(float* x, const float* residual, std::size_t n, std::size_t d, std::size_t ld,
                    const float* weight, const float* bias, double eps) {
  for (std::size_t i = 0; i < n; ++i) {
    float* row = x + i * ld;
    if (residual) {
      const float* res = residual + i * ld;
      for (std::size_t j = 0; j < d; ++j) row[j] += res[j];
    }
    double sum = 0.0;
    for (std::size_t j = 0; j < d; ++j) sum += row[j];
    const double mean = sum / static_cast<double>(d);
    double squares = 0.0;
    for (std::size_t j = 0; j < d; ++j) {
      const double c = row[j] - mean;
      squares += c * c;
    }
    const double inv_std = 1.0 / std::sqrt(squares / static_cast<double>(d) + eps);
    for (std::size_t j = 0; j < d; ++j)
      row[j] = static_cast<float>((row[j] - mean) * inv_std * weight[j] + bias[j]);
  }
}

void gelu_inplace(float* x, std::size_t count) {
  for (std::size_t i = 0; i < count; ++i) x[i] = static_cast<float>(gelu(x[i]));
}

void softmax_rows(float* s, std::size_t n, std::size_t d, std::size_t ld, float divisor) {
  for (std::size_t i = 0; i < n; ++i) {
    float* row = s + i * ld;
    for (std::size_t j = 0; j < d; ++j) row[j] /= divisor;
    float top = row[0];
    for (std::size_t j = 1; j < d; ++j) top = row[j] > top ? row[j] : top;
    double sum = 0.0;
    for (std::size_t j = 0; j < d; ++j) {
      const double e = pmath::exp(static_cast<double>(row[j]) - top);
      row[j] = static_cast<float>(e);
      sum += e;
    }
    const double inv = 1.0 / sum;
    for (std::size_t j = 0; j < d; ++j) row[j] = static_cast<float>(row[j] * inv);
  }
}

}  // namespace sampling::nn
