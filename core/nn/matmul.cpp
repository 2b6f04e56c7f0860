#include "core/nn/matmul.hpp"

#include <chrono>
#include <cstring>
#include <string>

#include "core/common/error.hpp"
#include "core/nn/silu.hpp"

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
// 16-byte vectors, for a last panel whose valid columns fit in one (the MLP's 2 outputs
// and 4 inputs): the tile then computes 4 float columns, not a whole zero-padded panel.
template <class T>
struct NarrowSimd;

#define SAMPLING_VECTOR_SIMD(STRUCT, T, NAME, BYTES)                                               \
  typedef T NAME __attribute__((vector_size(BYTES)));                                               \
  template <>                                                                                      \
  struct STRUCT<T> {                                                                               \
    using Vec = NAME;                                                                              \
    using Lane = T; /* the scalar operand of vector arithmetic is broadcast by the compiler */     \
    static constexpr std::size_t W = BYTES / sizeof(T);                                            \
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

SAMPLING_VECTOR_SIMD(Simd, double, DoubleVec, kVecBytes)
SAMPLING_VECTOR_SIMD(NarrowSimd, double, DoubleVec16, 16)
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
template <>
struct NarrowSimd<float> : Simd<float> {};
#else
SAMPLING_VECTOR_SIMD(Simd, float, FloatVec, kVecBytes)
SAMPLING_VECTOR_SIMD(NarrowSimd, float, FloatVec16, 16)
#endif
#undef SAMPLING_VECTOR_SIMD

template <class T>
constexpr std::size_t kPanel = kNV * Simd<T>::W;

// A register tile: MR rows × NV vectors of S (the columns of one panel, or its first
// NV·S::W columns; the panel's rows are kPanel apart either way). The accumulators start from
// `init` (rows init_ld apart; init_ld = 0 repeats a bias row) or from zero when init is
// null, stay in registers for the whole k loop, and each panel row is loaded once for MR
// rows. A[r, p] is a[r·lda + p], or a[p·lda + r] when TransA (A given as its transpose
// Aᵀ [k, m], so the MR values a tile broadcasts at step p are contiguous).
template <class T, std::size_t MR, bool TransA, class S = Simd<T>, std::size_t NV = kNV>
inline void tile(std::size_t k, const T* a, std::size_t lda, const T* panel, const T* init, std::size_t init_ld, T* c,
                 std::size_t ldc) {
  constexpr std::size_t W = S::W, P = kPanel<T>;
  typename S::Vec acc[MR][NV];
  for (std::size_t r = 0; r < MR; ++r)
    for (std::size_t v = 0; v < NV; ++v) acc[r][v] = init ? S::load(init + r * init_ld + v * W) : S::zero();
  for (std::size_t p = 0; p < k; ++p) {
    typename S::Vec b[NV];
    for (std::size_t v = 0; v < NV; ++v) b[v] = S::load(panel + p * P + v * W);
    for (std::size_t r = 0; r < MR; ++r) {
      const typename S::Lane av = S::broadcast(TransA ? a[p * lda + r] : a[r * lda + p]);
      for (std::size_t v = 0; v < NV; ++v) acc[r][v] = S::mul_add(acc[r][v], av, b[v]);
    }
  }
  for (std::size_t r = 0; r < MR; ++r)
    for (std::size_t v = 0; v < NV; ++v) S::store(c + r * ldc + v * W, acc[r][v]);
}

// The first element of row i of A (A itself, or Aᵀ given).
template <bool TransA, class T>
inline const T* row_of(const T* a, std::size_t lda, std::size_t i) {
  return TransA ? a + i : a + i * lda;
}

// Epilogues: called on each finished row segment of C, epi(i, j, c, count) with c at
// C[i, j] and count ≤ panel_width() columns, right after its register tile is stored (so
// the segment is still in L1).
struct NoEpilogue {
  template <class T>
  void operator()(std::size_t, std::size_t, T*, std::size_t) const {}
};

// C ← silu(C) and D ← silu'(C) (core/nn/silu.hpp); D has the row stride ld.
template <class T>
struct SiluEpilogue {
  T* d;
  std::size_t ld;
  void operator()(std::size_t i, std::size_t j, T* c, std::size_t count) const {
    silu_in_place(c, d + i * ld + j, count);
  }
};

// The tangent through SiLU: C ← D ⊙ C, with D = silu'(primal) (row stride ld).
template <class T>
struct SiluTangentEpilogue {
  const T* d;
  std::size_t ld;
  void operator()(std::size_t i, std::size_t j, T* c, std::size_t count) const {
    const T* row = d + i * ld + j;
    for (std::size_t q = 0; q < count; ++q) c[q] = row[q] * c[q];
  }
};

// Rows [0, m) of the full panel whose first column is j0: full row tiles, then the rest.
// init and c point at column j0.
template <class T, bool TransA, class Epilogue>
void panel_rows(std::size_t m, std::size_t k, const T* a, std::size_t lda, const T* panel, const T* init,
                std::size_t init_ld, T* c, std::size_t ldc, std::size_t j0, const Epilogue& epi) {
  constexpr std::size_t P = kPanel<T>;
  std::size_t i = 0;
  for (; i + kMR <= m; i += kMR) {
    tile<T, kMR, TransA>(k, row_of<TransA>(a, lda, i), lda, panel, init ? init + i * init_ld : nullptr, init_ld,
                         c + i * ldc, ldc);
    for (std::size_t r = 0; r < kMR; ++r) epi(i + r, j0, c + (i + r) * ldc, P);
  }
  for (; i + 2 <= m; i += 2) {
    tile<T, 2, TransA>(k, row_of<TransA>(a, lda, i), lda, panel, init ? init + i * init_ld : nullptr, init_ld,
                       c + i * ldc, ldc);
    for (std::size_t r = 0; r < 2; ++r) epi(i + r, j0, c + (i + r) * ldc, P);
  }
  if (i < m) {
    tile<T, 1, TransA>(k, row_of<TransA>(a, lda, i), lda, panel, init ? init + i * init_ld : nullptr, init_ld,
                       c + i * ldc, ldc);
    epi(i, j0, c + i * ldc, P);
  }
}

// The last, zero-padded panel (its first `rest` < P columns valid): computed in a scratch
// tile, its valid columns copied; the tiles compute NV vectors of S, enough for `rest`.
// init and c point at column j0.
template <class T, bool TransA, class S, std::size_t NV, class Epilogue>
void last_panel_rows(std::size_t m, std::size_t k, const T* a, std::size_t lda, const T* panel, std::size_t rest,
                     const T* init, std::size_t init_ld, T* c, std::size_t ldc, std::size_t j0, const Epilogue& epi) {
  constexpr std::size_t P = kPanel<T>, cols = NV * S::W;  // cols: the columns the tiles compute
  T scratch[kMR * P];
  for (std::size_t i = 0; i < m; i += kMR) {
    const std::size_t count = m - i < kMR ? m - i : kMR;
    if (init)
      for (std::size_t r = 0; r < count; ++r) {
        for (std::size_t j = 0; j < rest; ++j) scratch[r * P + j] = init[(i + r) * init_ld + j];
        for (std::size_t j = rest; j < cols; ++j) scratch[r * P + j] = T(0);
      }
    const T* rows_a = row_of<TransA>(a, lda, i);
    const T* start = init ? scratch : nullptr;
    if (count == kMR) {
      tile<T, kMR, TransA, S, NV>(k, rows_a, lda, panel, start, P, scratch, P);
    } else {
      for (std::size_t r = 0; r < count; ++r)
        tile<T, 1, TransA, S, NV>(k, row_of<TransA>(rows_a, lda, r), lda, panel, start ? start + r * P : nullptr, P,
                                  scratch + r * P, P);
    }
    for (std::size_t r = 0; r < count; ++r) {
      for (std::size_t j = 0; j < rest; ++j) c[(i + r) * ldc + j] = scratch[r * P + j];
      epi(i + r, j0, c + (i + r) * ldc, rest);
    }
  }
}

// Panel jp of C = init + A·B, then the epilogue; init is the bias (init_ld = 0), C itself
// (init_ld = ldc) or nothing.
template <class T, bool TransA, class Epilogue>
void product_panel(std::size_t m, const T* a, std::size_t lda, const PackedMatrixT<T>& b, std::size_t jp,
                   const T* init, std::size_t init_ld, T* c, std::size_t ldc, const Epilogue& epi) {
  constexpr std::size_t P = kPanel<T>;
  const std::size_t j0 = jp * P, width = b.cols() - j0 < P ? b.cols() - j0 : P;
  const T* start = init ? init + j0 : nullptr;
  const std::size_t k = b.rows();
  if (width == P)
    panel_rows<T, TransA>(m, k, a, lda, b.panel(jp), start, init_ld, c + j0, ldc, j0, epi);
  else if (width <= NarrowSimd<T>::W)
    last_panel_rows<T, TransA, NarrowSimd<T>, 1>(m, k, a, lda, b.panel(jp), width, start, init_ld, c + j0, ldc, j0, epi);
  else if (width <= Simd<T>::W)
    last_panel_rows<T, TransA, Simd<T>, 1>(m, k, a, lda, b.panel(jp), width, start, init_ld, c + j0, ldc, j0, epi);
  else
    last_panel_rows<T, TransA, Simd<T>, kNV>(m, k, a, lda, b.panel(jp), width, start, init_ld, c + j0, ldc, j0, epi);
}

// C = init + A·B over every panel: panels outside, row tiles inside, so one panel stays
// in cache while every row tile of A passes over it.
template <class T, bool TransA, class Epilogue = NoEpilogue>
void product(std::size_t m, const T* a, std::size_t lda, const PackedMatrixT<T>& b, const T* init, std::size_t init_ld,
             T* c, std::size_t ldc, const Epilogue& epi = Epilogue()) {
  if (m == 0 || b.cols() == 0) return;
  const std::size_t panels = (b.cols() + kPanel<T> - 1) / kPanel<T>;
  for (std::size_t jp = 0; jp < panels; ++jp) product_panel<T, TransA>(m, a, lda, b, jp, init, init_ld, c, ldc, epi);
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

template <class T>
void gemm_silu(std::size_t m, const T* a, std::size_t lda, const PackedMatrixT<T>& b,
               const typename PackedMatrixT<T>::value_type* bias, T* h, T* d, std::size_t ldc) {
  product<T, false>(m, a, lda, b, bias, 0, h, ldc, SiluEpilogue<T>{d, ldc});
}

template <class T>
void gemm_silu_jvp(std::size_t m, const T* a, const T* a_dot, std::size_t lda, const PackedMatrixT<T>& b,
                   const typename PackedMatrixT<T>::value_type* bias, T* h, T* d, T* h_dot, std::size_t ldc) {
  if (m == 0 || b.cols() == 0) return;
  const std::size_t panels = (b.cols() + kPanel<T> - 1) / kPanel<T>;
  // Each panel serves the primal rows (whose epilogue writes D) and then the tangent
  // rows (whose epilogue reads it) while it is in cache.
  for (std::size_t jp = 0; jp < panels; ++jp) {
    product_panel<T, false>(m, a, lda, b, jp, bias, 0, h, ldc, SiluEpilogue<T>{d, ldc});
    product_panel<T, false>(m, a_dot, lda, b, jp, static_cast<const T*>(nullptr), 0, h_dot, ldc,
                            SiluTangentEpilogue<T>{d, ldc});
  }
}

double kernel_peak_gflops(double seconds) {
  using S = Simd<float>;
  // Chains x ← b + a·x: the multiply depends on the chain, so neither operation can be
  // moved out of the loop (b + a·b' with constant operands would leave adds alone). A step
  // waits for a multiply and an add, so filling two multiply and two add units takes a
  // dozen chains: 16 where AVX-512 has 32 registers, else 12 (within V8's 15).
#if defined(__AVX512F__)
  constexpr std::size_t kChains = 16;
#else
  constexpr std::size_t kChains = 12;
#endif
  constexpr std::size_t kBlock = 1 << 16;  // steps per chain between clock reads
  typename S::Vec x[kChains];
  float start_values[S::W];
  for (std::size_t c = 0; c < kChains; ++c) {  // distinct chains: none can be merged
    for (std::size_t w = 0; w < S::W; ++w) start_values[w] = 0.01f * static_cast<float>(c + 1);
    x[c] = S::load(start_values);
  }
  float b_values[S::W];
  for (std::size_t w = 0; w < S::W; ++w) b_values[w] = 1e-4f;
  const typename S::Vec b = S::load(b_values);
  const typename S::Lane a = S::broadcast(0.999f);
  std::uint64_t blocks = 0;
  const auto start = std::chrono::steady_clock::now();
  double elapsed = 0;
  do {
    for (std::size_t p = 0; p < kBlock; ++p)
      for (std::size_t c = 0; c < kChains; ++c) x[c] = S::mul_add(b, a, x[c]);
    ++blocks;
    elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  } while (elapsed < seconds);
  // The values are read, so no chain can be dropped; each tends to b / (1 − a) = 0.1, so
  // they stay normal.
  float out[S::W];
  float total = 0;
  for (std::size_t c = 0; c < kChains; ++c) {
    S::store(out, x[c]);
    for (std::size_t w = 0; w < S::W; ++w) total += out[w];
  }
  if (!(total > 0)) throw Error("kernel peak: the chains' values are not positive");
  const double flops = 2.0 * static_cast<double>(S::W) * kChains * kBlock * static_cast<double>(blocks);
  return flops / elapsed / 1e9;
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

template void gemm_silu(std::size_t, const float*, std::size_t, const PackedMatrixT<float>&, const float*, float*,
                        float*, std::size_t);
template void gemm_silu(std::size_t, const double*, std::size_t, const PackedMatrixT<double>&, const double*, double*,
                        double*, std::size_t);
template void gemm_silu_jvp(std::size_t, const float*, const float*, std::size_t, const PackedMatrixT<float>&,
                            const float*, float*, float*, float*, std::size_t);
template void gemm_silu_jvp(std::size_t, const double*, const double*, std::size_t, const PackedMatrixT<double>&,
                            const double*, double*, double*, double*, std::size_t);

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
