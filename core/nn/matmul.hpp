#pragma once
// The matrix kernels of core/nn, shared by every network (the flow lab's MLP, the BERT
// encoder): C = A·B (+ bias) over row-major float32 data.
//
// Determinism: every output C[i, j] is summed in one fixed order,
//     bias[j] (or 0, or C[i, j] itself), then + A[i, p]·B[p, j] for p = 0, 1, ..., k−1,
// whatever the SIMD width: the kernels vectorize across output columns j and never
// split a dot product into lanes. With -ffp-contract=off (no fused multiply-add) the
// native build and wasm therefore produce bit-identical results.
//
// B is first packed into column panels (each a contiguous k × panel_width() block), so
// the kernels read it sequentially: weights are packed once when a model loads,
// activations (attention's keys and values) before each product.
#include <cstddef>

#include "core/nn/tensor.hpp"

namespace sampling::nn {

template <class T>
class PackedMatrixT {
 public:
  using value_type = T;
  // Columns per panel: several SIMD vectors (16 floats in wasm, 16 to 32 natively).
  static std::size_t panel_width();

  // B [k, n] from row-major data with row stride ldb.
  void pack(const T* b, std::size_t ldb, std::size_t k, std::size_t n);
  // B [k, n] from its transpose Bᵀ [n, k] (row stride ldbt): a PyTorch weight [out, in]
  // packs this way as the B of x·Wᵀ.
  void pack_transposed(const T* bt, std::size_t ldbt, std::size_t k, std::size_t n);

  std::size_t rows() const { return k_; }
  std::size_t cols() const { return n_; }
  // B[p, j] (for tests and slow paths).
  T at(std::size_t p, std::size_t j) const;
  const T* panel(std::size_t j) const { return panels_.data() + j * k_ * panel_width(); }

 private:
  void reshape(std::size_t k, std::size_t n);
  std::size_t k_ = 0, n_ = 0;
  xt::xtensor<T, 3> panels_;  // [panel, k, panel_width], the last panel zero-padded
};
using PackedMatrix = PackedMatrixT<float>;

// C[m, n] = A[m, k]·B[k, n] + bias[n] (bias may be nullptr: no bias); lda and ldc are
// the row strides of A and C. C must not overlap A. T is float or double.
template <class T>
void gemm(std::size_t m, const T* a, std::size_t lda, const PackedMatrixT<T>& b,
          const typename PackedMatrixT<T>::value_type* bias, T* c, std::size_t ldc);

// C[m, n] += A[m, k]·B[k, n]: each C[i, j] is summed as C[i, j] + A[i, 0]·B[0, j] + ...
template <class T>
void gemm_accumulate(std::size_t m, const T* a, std::size_t lda, const PackedMatrixT<T>& b, T* c, std::size_t ldc);

// C[m, n] += Aᵀ·B with A given as its transpose Aᵀ [k, m] (row stride ldat), e.g. a weight
// gradient hᵀ·g from the activations h [batch, in] as they are: the same summation order
// as gemm_accumulate on A, C[i, j] + Aᵀ[0, i]·B[0, j] + Aᵀ[1, i]·B[1, j] + ..., with no
// transposed copy of A.
template <class T>
void gemm_transposed_accumulate(std::size_t m, const T* at, std::size_t ldat, const PackedMatrixT<T>& b, T* c,
                                std::size_t ldc);

// An MLP's hidden layer: H = silu(A·B + bias) and D = silu'(A·B + bias) (core/nn/silu.hpp),
// H and D [m, n] with row stride ldc. Bit for bit gemm into H followed by silu_in_place
// over H, but each register tile is activated as it is stored, while in cache.
template <class T>
void gemm_silu(std::size_t m, const T* a, std::size_t lda, const PackedMatrixT<T>& b,
               const typename PackedMatrixT<T>::value_type* bias, T* h, T* d, std::size_t ldc);

// gemm_silu together with its tangent for a tangent input Ȧ [m, k] (row stride lda, as A):
// also Ḣ = D ⊙ (Ȧ·B) (Ȧ·B summed from 0, no bias), bit for bit gemm_silu, then gemm of Ȧ,
// then the product with D; one pass over B's panels serves both products.
template <class T>
void gemm_silu_jvp(std::size_t m, const T* a, const T* a_dot, std::size_t lda, const PackedMatrixT<T>& b,
                   const typename PackedMatrixT<T>::value_type* bias, T* h, T* d, T* h_dot, std::size_t ldc);

// A linear layer y = x·Wᵀ + b with W given in PyTorch / Hugging Face layout [out, in].
struct Linear {
  PackedMatrix weight;  // Wᵀ: [in, out]
  Vector bias;          // [out]
  std::size_t in() const { return weight.rows(); }
  std::size_t out() const { return weight.cols(); }
};

// Packs W [out, in] (row-major) and b [out] (nullptr: zeros) into a Linear.
Linear make_linear(const float* weight_out_in, const float* bias, std::size_t out, std::size_t in);

// y[n, out] = x[n, in]·Wᵀ + b for every row of x; y is reshaped to [rows(x), out] if needed.
// Throws sampling::Error if cols(x) != layer.in().
void linear(const Matrix& x, const Linear& layer, Matrix& y);

// The float kernels' arithmetic peak on this machine, in GFLOP/s: chains x ← b + a·x of
// the tiles' vector type and their multiply-then-add (two roundings, no FMA), enough of
// them to keep every multiply and add unit busy, with no memory traffic, for about
// `seconds`. What `bench flow` divides its GFLOP/s by: no product over this instruction
// set runs faster.
double kernel_peak_gflops(double seconds);

}  // namespace sampling::nn
