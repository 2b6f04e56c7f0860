#pragma once
// The matrix kernels of core/nn, shared by every network (the flow lab's MLP, the BERT
// encoder): C = A·B (+ bias) over row-major float32 data with explicit row strides.
//
// Determinism: every output C[i, j] is summed in one fixed order,
//     bias[j] (or 0), then + A[i, p]·B[p, j] for p = 0, 1, ..., k−1,
// whatever the SIMD width: the kernels vectorize across output columns j and never
// split a dot product into lanes. With -ffp-contract=off (no fused multiply-add) the
// native build and wasm therefore produce bit-identical results.
#include <cstddef>

#include "core/nn/tensor.hpp"

namespace sampling::nn {

// C[m, n] = A[m, k]·B[k, n] + bias[n] (bias may be nullptr: no bias). lda, ldb, ldc are
// the row strides (in floats) of A, B and C. C must not overlap A or B.
void gemm(std::size_t m, std::size_t n, std::size_t k, const float* a, std::size_t lda, const float* b,
          std::size_t ldb, const float* bias, float* c, std::size_t ldc);

// A linear layer y = x·Wᵀ + b with W given in PyTorch / Hugging Face layout [out, in];
// stored transposed ([in, out]) so the kernel streams it along output columns.
struct Linear {
  Matrix weight_t;  // [in, out]
  Vector bias;      // [out]
  std::size_t in() const { return weight_t.shape()[0]; }
  std::size_t out() const { return weight_t.shape()[1]; }
};

// Packs W [out, in] (row-major) and b [out] (nullptr: zeros) into a Linear.
Linear make_linear(const float* weight_out_in, const float* bias, std::size_t out, std::size_t in);

// y[n, out] = x[n, in]·Wᵀ + b for every row of x; y is reshaped to [rows(x), out] if needed.
// Throws sampling::Error if cols(x) != layer.in().
void linear(const Matrix& x, const Linear& layer, Matrix& y);

}  // namespace sampling::nn
