#include "core/nn/adam.hpp"

#include <cmath>
#include <cstring>
#include <string>
#include <type_traits>

#include "core/common/error.hpp"

#if defined(__wasm_simd128__)
#include <wasm_simd128.h>
#elif defined(__SSE2__)
#include <immintrin.h>
#endif

namespace sampling::nn {
namespace {

// One Adam update of element i, all in double (see adam.hpp): the scalar reference the
// vector loop below computes several elements at a time, with the same operations in the
// same order (IEEE +, −, ×, ÷ and √ are exactly rounded in every lane).
template <class T, bool Decay>
inline T update_one(T& param, T grad, double& m, double& v, double beta1, double beta2, double one_minus_beta1,
                       double one_minus_beta2, double weight_decay, double step_size, double bias_correction2_sqrt,
                       double eps) {
  const double p = static_cast<double>(param);
  double g = static_cast<double>(grad);
  if (Decay) g = g + weight_decay * p;
  m = beta1 * m + one_minus_beta1 * g;
  v = beta2 * v + one_minus_beta2 * (g * g);
  const double denom = std::sqrt(v) / bias_correction2_sqrt + eps;
  param = static_cast<T>(p - step_size * (m / denom));
  return param;
}

// DoubleVec: as many doubles as the instruction set the file is compiled for holds
// (wasm and SSE2 two, AVX four, AVX-512 eight; the native build compiles this file with
// -march=native); FloatVec: as many floats.
#if defined(__wasm_simd128__) || defined(__SSE2__)
#if defined(__AVX512F__)
constexpr std::size_t kLanes = 8;
#elif defined(__AVX__)
constexpr std::size_t kLanes = 4;
#else
constexpr std::size_t kLanes = 2;
#endif
typedef double DoubleVec __attribute__((vector_size(8 * kLanes)));
typedef float FloatVec __attribute__((vector_size(4 * kLanes)));
inline DoubleVec sqrt_lanes(DoubleVec x) {
#if defined(__wasm_simd128__)
  return reinterpret_cast<DoubleVec>(wasm_f64x2_sqrt(reinterpret_cast<v128_t>(x)));
#elif defined(__AVX512F__)
  // The masked form with every lane on: _mm512_sqrt_pd's undefined source trips GCC 12's
  // -Wmaybe-uninitialized.
  const __m512d v = reinterpret_cast<__m512d>(x);
  return reinterpret_cast<DoubleVec>(_mm512_mask_sqrt_pd(v, 0xFF, v));
#elif defined(__AVX__)
  return reinterpret_cast<DoubleVec>(_mm256_sqrt_pd(reinterpret_cast<__m256d>(x)));
#else
  return reinterpret_cast<DoubleVec>(_mm_sqrt_pd(reinterpret_cast<__m128d>(x)));
#endif
}
template <class V, class T>
inline V load_lanes(const T* p) {
  V v;
  std::memcpy(&v, p, sizeof v);
  return v;
}
template <class V, class T>
inline void store_lanes(T* p, V v) {
  std::memcpy(p, &v, sizeof v);
}
#endif

// Elements [0, n): kLanes at a time where the platform has vectors, the rest one by one.
// Returns whether every new parameter is finite: x·0 is 0 for a finite x and NaN for ±∞
// or NaN, so the sum of those products is 0 exactly when all are finite (no branch).
template <bool Decay>
bool update_float(float* params, const float* grads, double* m, double* v, std::size_t n, double beta1, double beta2,
                  double one_minus_beta1, double one_minus_beta2, double weight_decay, double step_size,
                  double bias_correction2_sqrt, double eps) {
  std::size_t i = 0;
  float nonfinite = 0.0f;
#if defined(__wasm_simd128__) || defined(__SSE2__)
  FloatVec nonfinite_lanes = {};
  for (; i + kLanes <= n; i += kLanes) {
    const DoubleVec p = __builtin_convertvector(load_lanes<FloatVec>(params + i), DoubleVec);
    DoubleVec g = __builtin_convertvector(load_lanes<FloatVec>(grads + i), DoubleVec);
    if (Decay) g = g + weight_decay * p;
    DoubleVec mv = load_lanes<DoubleVec>(m + i), vv = load_lanes<DoubleVec>(v + i);
    mv = beta1 * mv + one_minus_beta1 * g;
    vv = beta2 * vv + one_minus_beta2 * (g * g);
    store_lanes(m + i, mv);
    store_lanes(v + i, vv);
    const DoubleVec denom = sqrt_lanes(vv) / bias_correction2_sqrt + eps;
    const FloatVec updated = __builtin_convertvector(p - step_size * (mv / denom), FloatVec);
    store_lanes(params + i, updated);
    nonfinite_lanes += updated * 0.0f;
  }
  for (std::size_t k = 0; k < kLanes; ++k) nonfinite += nonfinite_lanes[k];
#endif
  for (; i < n; ++i)
    nonfinite += update_one<float, Decay>(params[i], grads[i], m[i], v[i], beta1, beta2, one_minus_beta1,
                                          one_minus_beta2, weight_decay, step_size, bias_correction2_sqrt, eps) *
                 0.0f;
  return nonfinite == 0.0f;
}

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

bool Adam::step(std::vector<float>& params, const std::vector<float>& grads) { return step_impl(params, grads); }
bool Adam::step(std::vector<double>& params, const std::vector<double>& grads) { return step_impl(params, grads); }

template <class T>
bool Adam::step_impl(std::vector<T>& params, const std::vector<T>& grads) {
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
  const bool decay = weight_decay_ != 0.0;
  if constexpr (std::is_same_v<T, float>) {
    return (decay ? update_float<true> : update_float<false>)(params.data(), grads.data(), m_.data(), v_.data(), n, beta1_,
                                                       beta2_, one_minus_beta1, one_minus_beta2, weight_decay_,
                                                       step_size, bias_correction2_sqrt, eps_);
  } else {
    T nonfinite = 0;
    for (std::size_t i = 0; i < n; ++i)
      nonfinite += (decay ? update_one<T, true> : update_one<T, false>)(params[i], grads[i], m_[i], v_[i], beta1_,
                                                                        beta2_, one_minus_beta1, one_minus_beta2,
                                                                        weight_decay_, step_size,
                                                                        bias_correction2_sqrt, eps_) *
                   T(0);
    return nonfinite == T(0);
  }
}

}  // namespace sampling::nn
