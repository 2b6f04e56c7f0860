// The transposed-A kernel (weight gradients hᵀ·g), the SiLU epilogues and the vector Adam
// step keep the documented summation and operation order bit for bit, at odd sizes.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <sstream>
#include <vector>

#include "core/cli/commands.hpp"
#include "core/common/rng.hpp"
#include "core/nn/adam.hpp"
#include "core/nn/matmul.hpp"
#include "core/nn/silu.hpp"

using namespace sampling;

namespace {

std::vector<float> gaussians(Rng& rng, std::size_t n) {
  std::vector<float> v(n);
  for (float& x : v) x = static_cast<float>(rng.normal());
  return v;
}

std::uint32_t float_bits(float f) {
  std::uint32_t b;
  std::memcpy(&b, &f, sizeof b);
  return b;
}

}  // namespace

TEST_CASE("matmul: gemm_transposed_accumulate equals a naive k-order loop bit for bit at odd sizes and strides") {
  Rng rng(11);
  for (const std::size_t m : {1, 2, 3, 5, 7, 9, 13, 37})
    for (const std::size_t n : {1, 2, 5, 16, 17, 33, 40})
      for (const std::size_t k : {1, 3, 77}) {
        CAPTURE(m);
        CAPTURE(n);
        CAPTURE(k);
        const std::size_t ldat = m + 3, ldc = n + 1;
        const std::vector<float> at = gaussians(rng, k * ldat), b = gaussians(rng, k * n), c0 = gaussians(rng, m * ldc);
        nn::PackedMatrix packed;
        packed.pack(b.data(), n, k, n);
        std::vector<float> c = c0;
        nn::gemm_transposed_accumulate(m, at.data(), ldat, packed, c.data(), ldc);
        bool same = true, padding_kept = true;
        for (std::size_t i = 0; i < m; ++i) {
          for (std::size_t j = 0; j < n; ++j) {
            float ref = c0[i * ldc + j];  // C[i, j], then + Aᵀ[p, i]·B[p, j] for p = 0, 1, ...
            for (std::size_t p = 0; p < k; ++p) ref += at[p * ldat + i] * b[p * n + j];
            same = same && float_bits(ref) == float_bits(c[i * ldc + j]);
          }
          for (std::size_t j = n; j < ldc; ++j) padding_kept = padding_kept && c[i * ldc + j] == c0[i * ldc + j];
        }
        CHECK(same);
        CHECK(padding_kept);
      }
}

TEST_CASE("matmul: gemm_silu and gemm_silu_jvp equal gemm followed by the separate SiLU bit for bit") {
  // Row counts around the register tile's heights (6 or 8 natively, 2 in wasm) and
  // column counts around the panel width (16 to 32), so every full and partial tile and
  // the zero-padded last panel run.
  Rng rng(12);
  for (const std::size_t m : {1, 2, 3, 5, 7, 9, 13, 17, 37})
    for (const std::size_t n : {1, 5, 16, 17, 31, 33, 40, 65})
      for (const std::size_t k : {1, 3, 77}) {
        CAPTURE(m);
        CAPTURE(n);
        CAPTURE(k);
        const std::size_t lda = k + 2, ldc = n + 3;
        const std::vector<float> a = gaussians(rng, m * lda), a_dot = gaussians(rng, m * lda),
                                 b = gaussians(rng, k * n), bias = gaussians(rng, n);
        nn::PackedMatrix packed;
        packed.pack(b.data(), n, k, n);
        // The reference: gemm, then SiLU over each row; the tangent gemm, then silu'(a)·ȧ.
        std::vector<float> h_ref(m * ldc, 7.0f), d_ref(m * ldc, 7.0f), h_dot_ref(m * ldc, 7.0f);
        nn::gemm(m, a.data(), lda, packed, bias.data(), h_ref.data(), ldc);
        nn::gemm(m, a_dot.data(), lda, packed, nullptr, h_dot_ref.data(), ldc);
        for (std::size_t i = 0; i < m; ++i) {
          nn::silu_in_place(h_ref.data() + i * ldc, d_ref.data() + i * ldc, n);
          for (std::size_t j = 0; j < n; ++j) h_dot_ref[i * ldc + j] = d_ref[i * ldc + j] * h_dot_ref[i * ldc + j];
        }
        std::vector<float> h(m * ldc, 7.0f), d(m * ldc, 7.0f), h_dot(m * ldc, 7.0f);
        nn::gemm_silu(m, a.data(), lda, packed, bias.data(), h.data(), d.data(), ldc);
        bool same = true;
        for (std::size_t i = 0; i < m * ldc; ++i)  // the row padding (7) must stay untouched too
          same = same && float_bits(h[i]) == float_bits(h_ref[i]) && float_bits(d[i]) == float_bits(d_ref[i]);
        CHECK(same);
        std::fill(h.begin(), h.end(), 7.0f);
        std::fill(d.begin(), d.end(), 7.0f);
        nn::gemm_silu_jvp(m, a.data(), a_dot.data(), lda, packed, bias.data(), h.data(), d.data(), h_dot.data(), ldc);
        bool same_jvp = true;
        for (std::size_t i = 0; i < m * ldc; ++i)
          same_jvp = same_jvp && float_bits(h[i]) == float_bits(h_ref[i]) && float_bits(d[i]) == float_bits(d_ref[i]) &&
                     float_bits(h_dot[i]) == float_bits(h_dot_ref[i]);
        CHECK(same_jvp);
      }
}

TEST_CASE("adam: the float step (a vector of elements at a time) equals the scalar double formula bit for bit") {
  Rng rng(5);
  for (const std::size_t n : {1, 2, 3, 7, 130})
    for (const double decay : {0.0, 0.01}) {
      CAPTURE(n);
      CAPTURE(decay);
      std::vector<float> params = gaussians(rng, n);
      std::vector<double> p_ref(params.begin(), params.end()), m(n, 0.0), v(n, 0.0);
      nn::Adam adam(n, 1e-3, 0.9, 0.999, 1e-8, decay);
      double b1t = 1.0, b2t = 1.0;
      bool same = true;
      for (int t = 1; t <= 4; ++t) {
        const std::vector<float> grads = gaussians(rng, n);
        adam.step(params, grads);
        b1t *= 0.9;
        b2t *= 0.999;
        const double step_size = 1e-3 / (1.0 - b1t), bc2 = std::sqrt(1.0 - b2t);
        for (std::size_t i = 0; i < n; ++i) {
          const double p = static_cast<double>(static_cast<float>(p_ref[i]));
          double g = static_cast<double>(grads[i]);
          if (decay != 0.0) g = g + decay * p;
          m[i] = 0.9 * m[i] + (1.0 - 0.9) * g;
          v[i] = 0.999 * v[i] + (1.0 - 0.999) * (g * g);
          p_ref[i] = static_cast<float>(p - step_size * (m[i] / (std::sqrt(v[i]) / bc2 + 1e-8)));
          same = same && float_bits(static_cast<float>(p_ref[i])) == float_bits(params[i]) &&
                 m[i] == adam.first_moment()[i] && v[i] == adam.second_moment()[i];
        }
      }
      CHECK(same);
    }
}

TEST_CASE("kernel peak: a positive, finite GFLOP/s figure, which bench peak prints, rejecting bad --seconds") {
  const double gflops = nn::kernel_peak_gflops(0.01);
  CHECK(std::isfinite(gflops));
  CHECK(gflops > 0);
  std::ostringstream out, err;
  CHECK(cli::bench_command({"peak", "--seconds", "0.01"}, out, err) == 0);
  CHECK(out.str().rfind("{\"bench\":\"peak\",\"gflops\":", 0) == 0);
  for (const char* bad : {"0", "-1", "nan", "61"}) {
    std::ostringstream o, e;
    CHECK(cli::bench_command({"peak", "--seconds", bad}, o, e) == 2);
    CHECK(e.str().find("--seconds must be in (0, 60]") != std::string::npos);
    CHECK(o.str().empty());
  }
}
