#pragma once
// The MLP's hidden activation, in place: x ← silu(x) = x·σ(x), and its derivative
// d = silu'(x) = σ(x)·(1 + x·(1 − σ(x))), kept for backward and the tangent, both from
// one σ. The matrix kernels apply it as the epilogue of gemm_silu (core/nn/matmul);
// the tests call it after a plain gemm as the reference.
//
// σ(x) = 1/(1 + e^{−x}): the double network (the finite-difference tests) uses the
// portable double exp; the float network exp_float below. The functions sit in an
// unnamed namespace so that each file including them (the kernels are compiled for the
// native instruction set, the tests are not) keeps its own copy.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>

#include "core/common/portable_math.hpp"

namespace sampling::nn {
namespace {

// e^x by Cephes' single-precision method (x = k·ln2 + r, a degree-6 polynomial for e^r,
// 2^k from the exponent bits), branch-free so the loop vectorizes, and built from + − × ÷
// only, so native and wasm round identically. Relative error about 1e-7, the precision
// of the activations themselves.
inline float exp_float(float x) {
  x = std::min(std::max(x, -87.0f), 88.0f);
  constexpr float kRound = 12582912.0f;  // 1.5·2^23: adding it rounds to an integer
  const float shifted = x * 1.44269504088896341f + kRound;
  const float k = shifted - kRound;
  std::int32_t k_bits;
  std::memcpy(&k_bits, &shifted, sizeof k_bits);
  const std::int32_t ki = k_bits - 0x4B400000;  // the integer k
  const float r = (x - k * 0.693359375f) + k * 2.12194440e-4f;
  const float r2 = r * r;
  const float p = ((((((1.9875691500e-4f * r + 1.3981999507e-3f) * r + 8.3334519073e-3f) * r + 4.1665795894e-2f) * r +
                     1.6666665459e-1f) * r + 5.0000001201e-1f) * r2 + r) + 1.0f;
  // Shifted as unsigned: a NaN input (an overflowed network) gives a huge ki, whose signed
  // shift would be undefined; the result is NaN either way, since p is.
  const std::uint32_t scale_bits = static_cast<std::uint32_t>(ki + 127) << 23;
  float scale;
  std::memcpy(&scale, &scale_bits, sizeof scale);
  return p * scale;
}

// x[0, n) ← silu(x), d[0, n) ← silu'(x); x and d must not overlap.
inline void silu_in_place(double* __restrict x, double* __restrict d, std::size_t n) {
  for (std::size_t i = 0; i < n; ++i) {
    const double v = x[i];
    const double s = 1.0 / (1.0 + pmath::exp(-v));
    x[i] = v * s;
    d[i] = s * (1.0 + v * (1.0 - s));
  }
}

inline void silu_in_place(float* __restrict x, float* __restrict d, std::size_t n) {
  for (std::size_t i = 0; i < n; ++i) {
    const float v = x[i];
    const float s = 1.0f / (1.0f + exp_float(-v));
    x[i] = v * s;
    d[i] = s * (1.0f + v * (1.0f - s));
  }
}

}  // namespace
}  // namespace sampling::nn
