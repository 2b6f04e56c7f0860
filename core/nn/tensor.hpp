#pragma once
// The tensor vocabulary of core/nn: xtensor containers of float32, row-major. Kernels
// (core/nn/matmul, core/nn/row_ops) work on their .data() with explicit strides, so
// every sum runs in one fixed order natively and in wasm.
#include <cstddef>

#include <xtensor/xtensor.hpp>

namespace sampling::nn {

using Vector = xt::xtensor<float, 1>;
using Matrix = xt::xtensor<float, 2>;

inline std::size_t rows(const Matrix& m) { return m.shape()[0]; }
inline std::size_t cols(const Matrix& m) { return m.shape()[1]; }

// Gives m the shape [r, c], reallocating only when the shape changes (buffers are
// allocated once per sequence length or batch size and then reused).
inline void ensure_shape(Matrix& m, std::size_t r, std::size_t c) {
  if (m.shape()[0] != r || m.shape()[1] != c) m.resize({r, c});
}

}  // namespace sampling::nn
