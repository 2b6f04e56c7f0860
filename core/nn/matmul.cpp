#include "core/nn/matmul.hpp"

#include <cstring>
#include <string>

#include "core/common/error.hpp"

#ifdef __wasm_simd128__
#include <wasm_simd128.h>
#endif

namespace sampling::nn {
namespace {

// One SIMD vector of kW floats and the operations the tiles need. In wasm these
// are wasm_simd128.h intrinsics; natively a GCC/Clang vector type as wide as the
// instruction set the file is compiled for. Either way each lane does the same IEEE
// multiply and add, in the same order, as the scalar loop.
#ifdef __wasm_simd128__
using Vec = v128_t;
constexpr std::size_t kW = 4;
inline Vec load(const float* p) { return wasm_v128_load(p); }
inline void store(float* p, Vec v) { wasm_v128_store(p, v); }
inline Vec zero() { return wasm_f32x4_splat(0.0f); }
using Lane = v128_t;
inline Lane broadcast(float x) { return wasm_f32x4_splat(x); }
inline Vec mul_add(Vec acc, Lane a, Vec b) { return wasm_f32x4_add(acc, wasm_f32x4_mul(a, b)); }
// Tiles of 2 rows × 4 vectors: measured fastest in V8 (4 × 2 is 15 % slower, wider
// tiles spill registers).
constexpr std::size_t kMR = 2, kNV = 4;
#else
#if defined(__AVX512F__)
constexpr std::size_t kVecBytes = 64;
constexpr std::size_t kMR = 8, kNV = 2;  // 16 of the 32 vector registers hold accumulators
#elif defined(__AVX__)
constexpr std::size_t kVecBytes = 32;
constexpr std::size_t kMR = 6, kNV = 2;  // 12 of 16
#else
constexpr std::size_t kVecBytes = 16;
constexpr std::size_t kMR = 6, kNV = 2;
#endif
typedef float Vec __attribute__((vector_size(kVecBytes)));
constexpr std::size_t kW = kVecBytes / sizeof(float);
inline Vec load(const float* p) {
  Vec v;
  std::memcpy(&v, p, sizeof v);
  return v;
}
inline void store(float* p, Vec v) { std::memcpy(p, &v, sizeof v); }
inline Vec zero() { return Vec{}; }
// The scalar operand of vector arithmetic is broadcast by the compiler.
using Lane = float;
inline Lane broadcast(float x) { return x; }
inline Vec mul_add(Vec acc, Lane a, Vec b) { return acc + a * b; }  // two roundings: no FMA (-ffp-contract=off)
#endif

constexpr std::size_t kPanel = kNV * kW;

// A register tile: MR rows × the kPanel columns of one panel. The accumulators stay in
// registers for the whole k loop, and each panel row is loaded once for MR rows.
template <std::size_t MR>
inline void tile(std::size_t k, const float* a, std::size_t lda, const float* panel, const float* bias, float* c,
                 std::size_t ldc) {
  Vec acc[MR][kNV];
  for (std::size_t v = 0; v < kNV; ++v) {
    const Vec init = bias ? load(bias + v * kW) : zero();
    for (std::size_t r = 0; r < MR; ++r) acc[r][v] = init;
  }
  for (std::size_t p = 0; p < k; ++p) {
    Vec b[kNV];
    for (std::size_t v = 0; v < kNV; ++v) b[v] = load(panel + p * kPanel + v * kW);
    for (std::size_t r = 0; r < MR; ++r) {
      const Lane av = broadcast(a[r * lda + p]);
      for (std::size_t v = 0; v < kNV; ++v) acc[r][v] = mul_add(acc[r][v], av, b[v]);
    }
  }
  for (std::size_t r = 0; r < MR; ++r)
    for (std::size_t v = 0; v < kNV; ++v) store(c + r * ldc + v * kW, acc[r][v]);
}

// All rows of one panel: full row tiles, then the rest.
void panel_rows(std::size_t m, std::size_t k, const float* a, std::size_t lda, const float* panel, const float* bias,
                float* c, std::size_t ldc) {
  std::size_t i = 0;
  for (; i + kMR <= m; i += kMR) tile<kMR>(k, a + i * lda, lda, panel, bias, c + i * ldc, ldc);
  for (; i + 2 <= m; i += 2) tile<2>(k, a + i * lda, lda, panel, bias, c + i * ldc, ldc);
  if (i < m) tile<1>(k, a + i * lda, lda, panel, bias, c + i * ldc, ldc);
}

}  // namespace

std::size_t PackedMatrix::panel_width() { return kPanel; }

void PackedMatrix::reshape(std::size_t k, std::size_t n) {
  const std::size_t panels = (n + kPanel - 1) / kPanel;
  if (panels_.shape()[0] != panels || panels_.shape()[1] != k || panels_.shape()[2] != kPanel)
    panels_.resize({panels, k, kPanel});
  k_ = k;
  n_ = n;
}

void PackedMatrix::pack(const float* b, std::size_t ldb, std::size_t k, std::size_t n) {
  reshape(k, n);
  float* out = panels_.data();
  for (std::size_t j0 = 0; j0 < n; j0 += kPanel) {
    const std::size_t width = n - j0 < kPanel ? n - j0 : kPanel;
    for (std::size_t p = 0; p < k; ++p, out += kPanel) {
      const float* row = b + p * ldb + j0;
      for (std::size_t j = 0; j < width; ++j) out[j] = row[j];
      for (std::size_t j = width; j < kPanel; ++j) out[j] = 0.0f;
    }
  }
}

void PackedMatrix::pack_transposed(const float* bt, std::size_t ldbt, std::size_t k, std::size_t n) {
  reshape(k, n);
  float* out = panels_.data();
  for (std::size_t j0 = 0; j0 < n; j0 += kPanel) {
    const std::size_t width = n - j0 < kPanel ? n - j0 : kPanel;
    for (std::size_t p = 0; p < k; ++p, out += kPanel) {
      for (std::size_t j = 0; j < width; ++j) out[j] = bt[(j0 + j) * ldbt + p];
      for (std::size_t j = width; j < kPanel; ++j) out[j] = 0.0f;
    }
  }
}

float PackedMatrix::at(std::size_t p, std::size_t j) const {
  return panel(j / kPanel)[p * kPanel + j % kPanel];
}

void gemm(std::size_t m, const float* a, std::size_t lda, const PackedMatrix& b, const float* bias, float* c,
          std::size_t ldc) {
  const std::size_t n = b.cols(), k = b.rows();
  if (m == 0 || n == 0) return;
  // Panels outside, row tiles inside: one panel stays in cache while every row tile of
  // A passes over it.
  const std::size_t full = n / kPanel;
  for (std::size_t j = 0; j < full; ++j)
    panel_rows(m, k, a, lda, b.panel(j), bias ? bias + j * kPanel : nullptr, c + j * kPanel, ldc);
  const std::size_t rest = n - full * kPanel;
  if (rest == 0) return;
  // The last, zero-padded panel: computed into a scratch tile, its valid columns copied.
  float padded_bias[kPanel], scratch[kMR * kPanel];
  for (std::size_t j = 0; j < kPanel; ++j) padded_bias[j] = bias && j < rest ? bias[full * kPanel + j] : 0.0f;
  for (std::size_t i = 0; i < m; i += kMR) {
    const std::size_t count = m - i < kMR ? m - i : kMR;
    if (count == kMR) {
      tile<kMR>(k, a + i * lda, lda, b.panel(full), padded_bias, scratch, kPanel);
    } else {
      for (std::size_t r = 0; r < count; ++r)
        tile<1>(k, a + (i + r) * lda, lda, b.panel(full), padded_bias, scratch + r * kPanel, kPanel);
    }
    for (std::size_t r = 0; r < count; ++r)
      for (std::size_t j = 0; j < rest; ++j) c[(i + r) * ldc + full * kPanel + j] = scratch[r * kPanel + j];
  }
}

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
