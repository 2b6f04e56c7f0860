#pragma once
// Row-wise and element-wise operations of the transformer: layer normalization (with a
// residual added first), GELU and softmax. Sums run left to right in double, and the
// transcendentals are the portable ones (core/common/portable_math, core/nn/erf), so
// results are identical natively and in wasm.
#include <cstddef>

namespace sampling::nn {

// For each of the n rows of x (row stride ld, width d), in place:
//   x ← LayerNorm(x + residual)·weight + bias   (residual may be nullptr; its stride is ld)
// with the biased variance and eps inside the square root, as torch.nn.LayerNorm.
void add_layer_norm(float* x, const float* residual, std::size_t n, std::size_t d, std::size_t ld,
                    const float* weight, const float* bias, double eps);

// x ← GELU(x) (erf form) for count values.
void gelu_inplace(float* x, std::size_t count);

// For each of the n rows of s (stride ld, width d), in place: s ← softmax(s / divisor).
void softmax_rows(float* s, std::size_t n, std::size_t d, std::size_t ld, float divisor);

}  // namespace sampling::nn
