#include "core/nn/matmul.hpp"

#include <string>

#include "core/common/error.hpp"

#ifdef __wasm_simd128__
#include <wasm_simd128.h>
#endif

namespace sampling::nn {
namespace {

// Register tiles of MR rows × kNR columns: the accumulators stay in registers for the
// whole k loop, and each B row segment is loaded once for MR rows.
constexpr std::size_t kMR = 4;
#ifdef __wasm_simd128__
constexpr std::size_t kNR = 8;  // two v128 per row: 8 accumulators, no spills in V8
#else
constexpr std::size_t kNR = 16;  // plain loops; the compiler vectorizes across columns
#endif

template <std::size_t MR>
inline void tile(std::size_t k, const float* a, std::size_t lda, const float* b, std::size_t ldb, const float* bias,
                 float* c, std::size_t ldc) {
#ifdef __wasm_simd128__
  v128_t acc0[MR], acc1[MR];
  const v128_t init0 = bias ? wasm_v128_load(bias) : wasm_f32x4_splat(0.0f);
  const v128_t init1 = bias ? wasm_v128_load(bias + 4) : wasm_f32x4_splat(0.0f);
  for (std::size_t r = 0; r < MR; ++r) acc0[r] = init0, acc1[r] = init1;
  for (std::size_t p = 0; p < k; ++p) {
    const float* bp = b + p * ldb;
    const v128_t b0 = wasm_v128_load(bp), b1 = wasm_v128_load(bp + 4);
    for (std::size_t r = 0; r < MR; ++r) {
      const v128_t av = wasm_f32x4_splat(a[r * lda + p]);
      acc0[r] = wasm_f32x4_add(acc0[r], wasm_f32x4_mul(av, b0));
      acc1[r] = wasm_f32x4_add(acc1[r], wasm_f32x4_mul(av, b1));
    }
  }
  for (std::size_t r = 0; r < MR; ++r) {
    wasm_v128_store(c + r * ldc, acc0[r]);
    wasm_v128_store(c + r * ldc + 4, acc1[r]);
  }
#else
  float acc[MR][kNR];
  for (std::size_t r = 0; r < MR; ++r)
    for (std::size_t j = 0; j < kNR; ++j) acc[r][j] = bias ? bias[j] : 0.0f;
  for (std::size_t p = 0; p < k; ++p) {
    const float* bp = b + p * ldb;
    for (std::size_t r = 0; r < MR; ++r) {
      const float av = a[r * lda + p];
      for (std::size_t j = 0; j < kNR; ++j) acc[r][j] += av * bp[j];
    }
  }
  for (std::size_t r = 0; r < MR; ++r)
    for (std::size_t j = 0; j < kNR; ++j) c[r * ldc + j] = acc[r][j];
#endif
}

// The columns left over after the full tiles (fewer than kNR), one row at a time, in
// the same order as the tiles.
void edge_columns(std::size_t m, std::size_t nr, std::size_t k, const float* a, std::size_t lda, const float* b,
                  std::size_t ldb, const float* bias, float* c, std::size_t ldc) {
  float acc[kNR];
  for (std::size_t i = 0; i < m; ++i) {
    for (std::size_t j = 0; j < nr; ++j) acc[j] = bias ? bias[j] : 0.0f;
    const float* ai = a + i * lda;
    for (std::size_t p = 0; p < k; ++p) {
      const float av = ai[p];
      const float* bp = b + p * ldb;
      for (std::size_t j = 0; j < nr; ++j) acc[j] += av * bp[j];
    }
    for (std::size_t j = 0; j < nr; ++j) c[i * ldc + j] = acc[j];
  }
}

}  // namespace

void gemm(std::size_t m, std::size_t n, std::size_t k, const float* a, std::size_t lda, const float* b,
          std::size_t ldb, const float* bias, float* c, std::size_t ldc) {
  if (m == 0 || n == 0) return;
  const std::size_t full = n - n % kNR;
  // Column panels outside, row tiles inside: the k × kNR panel of B stays in cache
  // while every row tile of A passes over it.
  for (std::size_t j = 0; j < full; j += kNR) {
    const float* bj = b + j;
    const float* biasj = bias ? bias + j : nullptr;
    std::size_t i = 0;
    for (; i + kMR <= m; i += kMR) tile<kMR>(k, a + i * lda, lda, bj, ldb, biasj, c + i * ldc + j, ldc);
    switch (m - i) {
      case 3: tile<3>(k, a + i * lda, lda, bj, ldb, biasj, c + i * ldc + j, ldc); break;
      case 2: tile<2>(k, a + i * lda, lda, bj, ldb, biasj, c + i * ldc + j, ldc); break;
      case 1: tile<1>(k, a + i * lda, lda, bj, ldb, biasj, c + i * ldc + j, ldc); break;
      default: break;
    }
  }
  if (full < n) edge_columns(m, n - full, k, a, lda, b + full, ldb, bias ? bias + full : nullptr, c + full, ldc);
}

Linear make_linear(const float* weight_out_in, const float* bias, std::size_t out, std::size_t in) {
  Linear l;
  l.weight_t.resize({in, out});
  l.bias.resize({out});
  float* wt = l.weight_t.data();
  for (std::size_t o = 0; o < out; ++o)
    for (std::size_t i = 0; i < in; ++i) wt[i * out + o] = weight_out_in[o * in + i];
  for (std::size_t o = 0; o < out; ++o) l.bias(o) = bias ? bias[o] : 0.0f;
  return l;
}

void linear(const Matrix& x, const Linear& layer, Matrix& y) {
  if (cols(x) != layer.in())
    throw Error("linear: the input has " + std::to_string(cols(x)) + " columns, the layer expects " +
                std::to_string(layer.in()));
  ensure_shape(y, rows(x), layer.out());
  gemm(rows(x), layer.out(), layer.in(), x.data(), cols(x), layer.weight_t.data(), layer.out(), layer.bias.data(),
       y.data(), layer.out());
}

}  // namespace sampling::nn
