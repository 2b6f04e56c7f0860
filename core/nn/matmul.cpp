#include "core/nn/matmul.hpp"

#include <cstring>
#include <string>

#include "core/common/error.hpp"

#ifdef __wasm_simd128__
#include <wasm_simd128.h>
#endif

namespace sampling::nn {
namespace {

// One SIMD vector of W values of T and the operations the tiles need. In wasm, float
// uses wasm_simd128.h intrinsics; otherwise a GCC/Clang vector type as wide as the
// instruction set the file is compiled for. Either way each lane does the same IEEE
// multiply and add, in the same order, as the scalar loop. MR × NV is the register tile
// (rows × vectors); NV·W columns make a panel.
#if defined(__wasm_simd128__)
constexpr std::size_t kVecBytes = 16;
// Tiles of 2 rows × 4 vectors: measured fastest in V8 (4 × 2 is 15 % slower, wider
// tiles spill registers).
constexpr std::size_t kMR = 2, kNV = 4;
#elif defined(__AVX512F__)
constexpr std::size_t kVecBytes = 64;
constexpr std::size_t kMR = 8, kNV = 2;  // 16 of the 32 vector registers hold accumulators
#elif defined(__AVX__)
constexpr std::size_t kVecBytes = 32;
constexpr std::size_t kMR = 6, kNV = 2;  // 12 of 16
#else
constexpr std::size_t kVecBytes = 16;
constexpr std::size_t kMR = 6, kNV = 2;
#endif

template <class T>
struct Simd;

#define SAMPLING_VECTOR_SIMD(T, NAME)                                                              \
  typedef T NAME __attribute__((vector_size(kVecBytes)));                                           \
  template <>                                                                                      \
  struct Simd<T> {                                                                                 \
    using Vec = NAME;                                                                              \
    using Lane = T; /* the scalar operand of vector arithmetic is broadcast by the compiler */     \
    static constexpr std::size_t W = kVecBytes / sizeof(T);                                        \
    static Vec load(const T* p) {                                                                  \
      Vec v;                                                                                       \
      std::memcpy(&v, p, sizeof v);                                                                \
      return v;                                                                                    \
    }                                                                                              \
    static void store(T* p, Vec v) { std::memcpy(p, &v, sizeof v); }                              \
    static Vec zero() { return Vec{}; }                                                            \
    static Lane broadcast(T x) { return x; }                                                       \
    static Vec mul_add(Vec acc, Lane a, Vec b) { return acc + a * b; } /* two roundings, no FMA */ \
  };

SAMPLING_VECTOR_SIMD(double, DoubleVec)
#if defined(__wasm_simd128__)
template <>
struct Simd<float> {
  using Vec = v128_t;
  using Lane = v128_t;
  static constexpr std::size_t W = 4;
  static Vec load(const float* p) { return wasm_v128_load(p); }
  static void store(float* p, Vec v) { wasm_v128_store(p, v); }
  static Vec zero() { return wasm_f32x4_splat(0.0f); }
  static Lane broadcast(float x) { return wasm_f32x4_splat(x); }
  static Vec mul_add(Vec acc, Lane a, Vec b) { return wasm_f32x4_add(acc, wasm_f32x4_mul(a, b)); }
};
#else
SAMPLING_VECTOR_SIMD(float, FloatVec)
#endif
#undef SAMPLING_VECTOR_SIMD

template <class T>
constexpr std::size_t kPanel = kNV * Simd<T>::W;

// A register tile: MR rows × the columns of one panel. The accumulators start from
// `init` (rows init_ld apart; init_ld = 0 repeats a bias row) or from zero when init is
// null, stay in registers for the whole k loop, and each panel row is loaded once for MR
// rows. A[r, p] is a[r·lda + p], or a[p·lda + r] when TransA (A given as its transpose
// Aᵀ [k, m], so the MR values a tile broadcasts at step p are contiguous).
template <class T, std::size_t MR, bool TransA>
inline void tile(std::size_t k, const T* a, std::size_t lda, const T* panel, const T* init, std::size_t init_ld, T* c,
                 std::size_t ldc) {
  using S = Simd<T>;
  constexpr std::size_t W = S::W, P = kPanel<T>;
  typename S::Vec acc[MR][kNV];
  for (std::size_t r = 0; r < MR; ++r)
    for (std::size_t v = 0; v < kNV; ++v) acc[r][v] = init ? S::load(init + r * init_ld + v * W) : S::zero();
  for (std::size_t p = 0; p < k; ++p) {
    typename S::Vec b[kNV];
    for (std::size_t v = 0; v < kNV; ++v) b[v] = S::load(panel + p * P + v * W);
    for (std::size_t r = 0; r < MR; ++r) {
      const typename S::Lane av = S::broadcast(TransA ? a[p * lda + r] : a[r * lda + p]);
      for (std::size_t v = 0; v < kNV; ++v) acc[r][v] = S::mul_add(acc[r][v], av, b[v]);
    }
  }
  for (std::size_t r = 0; r < MR; ++r)
    for (std::size_t v = 0; v < kNV; ++v) S::store(c + r * ldc + v * W, acc[r][v]);
}

// The first element of row i of A (A itself, or Aᵀ given).
template <bool TransA, class T>
inline const T* row_of(const T* a, std::size_t lda, std::size_t i) {
  return TransA ? a + i : a + i * lda;
}

// Rows i ≥ first of one panel: full row tiles, then the rest.
template <class T, bool TransA>
void panel_rows(std::size_t m, std::size_t k, const T* a, std::size_t lda, const T* panel, const T* init,
                std::size_t init_ld, T* c, std::size_t ldc) {
  std::size_t i = 0;
  for (; i + kMR <= m; i += kMR)
    tile<T, kMR, TransA>(k, row_of<TransA>(a, lda, i), lda, panel, init ? init + i * init_ld : nullptr, init_ld,
                         c + i * ldc, ldc);
  for (; i + 2 <= m; i += 2)
    tile<T, 2, TransA>(k, row_of<TransA>(a, lda, i), lda, panel, init ? init + i * init_ld : nullptr, init_ld,
                       c + i * ldc, ldc);
  if (i < m)
    tile<T, 1, TransA>(k, row_of<TransA>(a, lda, i), lda, panel, init ? init + i * init_ld : nullptr, init_ld,
                       c + i * ldc, ldc);
}

// C = init + A·B over every panel; init is the bias (init_ld = 0), C itself (init_ld =
// ldc) or nothing.
template <class T, bool TransA>
void product(std::size_t m, const T* a, std::size_t lda, const PackedMatrixT<T>& b, const T* init, std::size_t init_ld,
             T* c, std::size_t ldc) {
  constexpr std::size_t P = kPanel<T>;
  const std::size_t n = b.cols(), k = b.rows();
  if (m == 0 || n == 0) return;
  // Panels outside, row tiles inside: one panel stays in cache while every row tile of
  // A passes over it.
  const std::size_t full = n / P;
  for (std::size_t j = 0; j < full; ++j)
    panel_rows<T, TransA>(m, k, a, lda, b.panel(j), init ? init + j * P : nullptr, init_ld, c + j * P, ldc);
  const std::size_t rest = n - full * P;
  if (rest == 0) return;
  // The last, zero-padded panel: computed in a scratch tile, its valid columns copied.
  T scratch[kMR * P];
  for (std::size_t i = 0; i < m; i += kMR) {
    const std::size_t count = m - i < kMR ? m - i : kMR;
    for (std::size_t r = 0; r < count; ++r)
      for (std::size_t j = 0; j < P; ++j)
        scratch[r * P + j] = init && j < rest ? init[(i + r) * init_ld + full * P + j] : T(0);
    const T* rows_a = row_of<TransA>(a, lda, i);
    const T* start = init ? scratch : nullptr;
    if (count == kMR) {
      tile<T, kMR, TransA>(k, rows_a, lda, b.panel(full), start, P, scratch, P);
    } else {
      for (std::size_t r = 0; r < count; ++r)
        tile<T, 1, TransA>(k, row_of<TransA>(rows_a, lda, r), lda, b.panel(full), start ? start + r * P : nullptr, P,
                           scratch + r * P, P);
    }
    for (std::size_t r = 0; r < count; ++r)
      for (std::size_t j = 0; j < rest; ++j) c[(i + r) * ldc + full * P + j] = scratch[r * P + j];
  }
}

}  // namespace

template <class T>
std::size_t PackedMatrixT<T>::panel_width() {
  return kPanel<T>;
}

template <class T>
void PackedMatrixT<T>::reshape(std::size_t k, std::size_t n) {
  constexpr std::size_t P = kPanel<T>;
  const std::size_t panels = (n + P - 1) / P;
  if (panels_.shape()[0] != panels || panels_.shape()[1] != k || panels_.shape()[2] != P) panels_.resize({panels, k, P});
  k_ = k;
  n_ = n;
}

template <class T>
void PackedMatrixT<T>::pack(const T* b, std::size_t ldb, std::size_t k, std::size_t n) {
  constexpr std::size_t P = kPanel<T>;
  reshape(k, n);
  T* out = panels_.data();
  for (std::size_t j0 = 0; j0 < n; j0 += P) {
    const std::size_t width = n - j0 < P ? n - j0 : P;
    for (std::size_t p = 0; p < k; ++p, out += P) {
      const T* row = b + p * ldb + j0;
      for (std::size_t j = 0; j < width; ++j) out[j] = row[j];
      for (std::size_t j = width; j < P; ++j) out[j] = T(0);
    }
  }
}

template <class T>
void PackedMatrixT<T>::pack_transposed(const T* bt, std::size_t ldbt, std::size_t k, std::size_t n) {
  constexpr std::size_t P = kPanel<T>;
  reshape(k, n);
  T* out = panels_.data();
  for (std::size_t j0 = 0; j0 < n; j0 += P) {
    const std::size_t width = n - j0 < P ? n - j0 : P;
    for (std::size_t p = 0; p < k; ++p, out += P) {
      for (std::size_t j = 0; j < width; ++j) out[j] = bt[(j0 + j) * ldbt + p];
      for (std::size_t j = width; j < P; ++j) out[j] = T(0);
    }
  }
}

template <class T>
T PackedMatrixT<T>::at(std::size_t p, std::size_t j) const {
  return panel(j / kPanel<T>)[p * kPanel<T> + j % kPanel<T>];
}

template <class T>
void gemm(std::size_t m, const T* a, std::size_t lda, const PackedMatrixT<T>& b,
          const typename PackedMatrixT<T>::value_type* bias, T* c, std::size_t ldc) {
  product<T, false>(m, a, lda, b, bias, 0, c, ldc);
}

template <class T>
void gemm_accumulate(std::size_t m, const T* a, std::size_t lda, const PackedMatrixT<T>& b, T* c, std::size_t ldc) {
  product<T, false>(m, a, lda, b, static_cast<const T*>(c), ldc, c, ldc);
}

template <class T>
void gemm_transposed_accumulate(std::size_t m, const T* at, std::size_t ldat, const PackedMatrixT<T>& b, T* c,
                                std::size_t ldc) {
  product<T, true>(m, at, ldat, b, static_cast<const T*>(c), ldc, c, ldc);
}

template class PackedMatrixT<float>;
template class PackedMatrixT<double>;
template void gemm(std::size_t, const float*, std::size_t, const PackedMatrixT<float>&, const float*, float*, std::size_t);
template void gemm(std::size_t, const double*, std::size_t, const PackedMatrixT<double>&, const double*, double*,
                   std::size_t);
template void gemm_accumulate(std::size_t, const float*, std::size_t, const PackedMatrixT<float>&, float*, std::size_t);
template void gemm_accumulate(std::size_t, const double*, std::size_t, const PackedMatrixT<double>&, double*,
                              std::size_t);
template void gemm_transposed_accumulate(std::size_t, const float*, std::size_t, const PackedMatrixT<float>&, float*,
                                         std::size_t);
template void gemm_transposed_accumulate(std::size_t, const double*, std::size_t, const PackedMatrixT<double>&,
                                         double*, std::size_t);

Linear make_linear(const float* weight_out_in, const float* bias, std::size_t out, std::size_t in) {
  Linear l;
  l.weight.pack_transposed(weight_out_in, in, in, out);
  l.bias.resize({out});
  for (std::size_t o = 0; o < out; ++o) l.bias(o) = bias ? bias[o] : 0.0f;
  return l;
}

void linear(const Matrix& x, const Linear& layer, Matrix& y) {
  if (cols(x) != layer.in())
    throw Error("linear: the input has " + std::to_string(cols(x)) + " columns, the layer expects " +
                std::to_string(layer.in()));
  ensure_shape(y, rows(x), layer.out());
  gemm(rows(x), x.data(), cols(x), layer.weight, layer.bias.data(), y.data(), layer.out());
}

}  // namespace sampling::nn
