// The BERT engine: matrix kernels, erf and GELU, row operations, F16/BF16, safetensors
// validation, config and weights loading, the encoder's invariants, the tokenizer and
// `sampling-cli mlm`. Conformance with PyTorch is in tests/conformance/bert.test.mjs.
#include <doctest/doctest.h>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include <unistd.h>

#include "core/cli/commands.hpp"
#include "core/common/error.hpp"
#include "core/common/rng.hpp"
#include "core/nn/bert.hpp"
#include "core/nn/erf.hpp"
#include "core/nn/half.hpp"
#include "core/nn/matmul.hpp"
#include "core/nn/row_ops.hpp"
#include "core/nn/safetensors.hpp"
#include "core/text/bert_masked_lm.hpp"
#include "core/text/bert_tokenizer.hpp"
#include "core/text/bert_unicode.hpp"
#include "core/text/vocab.hpp"
#include "tests/core/error_check.hpp"

using sampling::Rng;
namespace nn = sampling::nn;
namespace text = sampling::text;

namespace {

using testutil::check_error;

std::vector<float> normals(Rng& rng, std::size_t n, double scale = 1.0) {
  std::vector<float> v(n);
  for (float& x : v) x = static_cast<float>(scale * rng.normal());
  return v;
}

std::uint32_t bits_of(float f) {
  std::uint32_t b;
  std::memcpy(&b, &f, sizeof b);
  return b;
}

// ---------------------------------------------------------------- a tiny model
const char* kTinyVocab =
    "[PAD]\n[UNK]\n[CLS]\n[SEP]\n[MASK]\n，\n。\n!\n春\n花\n月\n夜\nthe\ncat\n##s\nun\n##aff\n##able\nplay\n##ing\n"
    "cafe\n[unused1]\n";
constexpr int kTinyV = 22, kTinyH = 12, kTinyHeads = 3, kTinyI = 10, kTinyL = 2, kTinyP = 16;

std::map<std::string, std::string> tiny_config_fields() {
  return {{"vocab_size", std::to_string(kTinyV)},
          {"hidden_size", std::to_string(kTinyH)},
          {"num_hidden_layers", std::to_string(kTinyL)},
          {"num_attention_heads", std::to_string(kTinyHeads)},
          {"intermediate_size", std::to_string(kTinyI)},
          {"max_position_embeddings", std::to_string(kTinyP)},
          {"type_vocab_size", "2"},
          {"layer_norm_eps", "1e-12"},
          {"hidden_act", "\"gelu\""}};
}

std::string json_object(const std::map<std::string, std::string>& fields) {
  std::string s = "{";
  for (const auto& [k, v] : fields) s += (s.size() > 1 ? ", \"" : "\"") + k + "\": " + v;
  return s + "}";
}

std::string tiny_config() { return json_object(tiny_config_fields()); }

// Weights that are small multiples of 1/128, so F32, F16 and BF16 files hold the same values.
std::vector<float> dyadic(Rng& rng, std::size_t n) {
  std::vector<float> v(n);
  for (float& x : v) x = static_cast<float>(static_cast<int>(rng.below(255)) - 127) / 128.0f;
  return v;
}

nn::SafetensorsFile tiny_weights(std::uint64_t seed) {
  Rng rng(seed);
  nn::SafetensorsFile f;
  const std::size_t V = kTinyV, H = kTinyH, I = kTinyI, P = kTinyP;
  auto add = [&](const std::string& name, std::vector<std::size_t> shape) {
    nn::Tensor t;
    t.shape = shape;
    t.data = dyadic(rng, nn::element_count(shape));
    f.tensors[name] = std::move(t);
  };
  auto add_norm = [&](const std::string& prefix) {
    add(prefix + ".weight", {H});
    for (float& w : f.tensors[prefix + ".weight"].data) w += 1.0f;
    add(prefix + ".bias", {H});
  };
  add("bert.embeddings.word_embeddings.weight", {V, H});
  add("bert.embeddings.position_embeddings.weight", {P, H});
  add("bert.embeddings.token_type_embeddings.weight", {2, H});
  add_norm("bert.embeddings.LayerNorm");
  for (int l = 0; l < kTinyL; ++l) {
    const std::string p = "bert.encoder.layer." + std::to_string(l) + ".";
    for (const char* s : {"query", "key", "value"}) {
      add(p + "attention.self." + s + ".weight", {H, H});
      add(p + "attention.self." + s + ".bias", {H});
    }
    add(p + "attention.output.dense.weight", {H, H});
    add(p + "attention.output.dense.bias", {H});
    add_norm(p + "attention.output.LayerNorm");
    add(p + "intermediate.dense.weight", {I, H});
    add(p + "intermediate.dense.bias", {I});
    add(p + "output.dense.weight", {H, I});
    add(p + "output.dense.bias", {H});
    add_norm(p + "output.LayerNorm");
  }
  add("cls.predictions.transform.dense.weight", {H, H});
  add("cls.predictions.transform.dense.bias", {H});
  add_norm("cls.predictions.transform.LayerNorm");
  add("cls.predictions.bias", {V});
  return f;
}

// Half-precision bits of a float that F16 represents exactly as a normal number or zero.
std::uint16_t f16_bits(float f) {
  const std::uint32_t b = bits_of(f);
  const std::uint32_t sign = (b >> 16) & 0x8000u;
  if ((b & 0x7fffffffu) == 0) return static_cast<std::uint16_t>(sign);
  const int exponent = static_cast<int>((b >> 23) & 0xff) - 127 + 15;
  REQUIRE(exponent > 0);
  REQUIRE(exponent < 31);
  REQUIRE((b & 0x1fffu) == 0);
  return static_cast<std::uint16_t>(sign | (static_cast<std::uint32_t>(exponent) << 10) | ((b >> 13) & 0x3ffu));
}

// A safetensors file of the same tensors in F16 or BF16 (values must be exact in both).
std::string half_file(const nn::SafetensorsFile& f, const std::string& dtype) {
  std::string header = "{", data;
  for (const auto& [name, t] : f.tensors) {
    const std::size_t begin = data.size();
    for (const float v : t.data) {
      const std::uint16_t h = dtype == "F16" ? f16_bits(v) : static_cast<std::uint16_t>(bits_of(v) >> 16);
      data += static_cast<char>(h & 0xff);
      data += static_cast<char>(h >> 8);
    }
    header += (header.size() > 1 ? ",\"" : "\"") + name + "\":{\"dtype\":\"" + dtype + "\",\"shape\":[";
    for (std::size_t i = 0; i < t.shape.size(); ++i) header += (i ? "," : "") + std::to_string(t.shape[i]);
    header += "],\"data_offsets\":[" + std::to_string(begin) + "," + std::to_string(data.size()) + "]}";
  }
  header += "}";
  std::string out;
  for (int i = 0; i < 8; ++i) out += static_cast<char>((static_cast<std::uint64_t>(header.size()) >> (8 * i)) & 0xff);
  return out + header + data;
}

std::string with_header_length(std::string file, std::uint64_t n) {
  for (int i = 0; i < 8; ++i) file[static_cast<std::size_t>(i)] = static_cast<char>((n >> (8 * i)) & 0xff);
  return file;
}

// A raw safetensors file from a header text and data bytes.
std::string raw_file(const std::string& header, const std::string& data) {
  std::string out;
  for (int i = 0; i < 8; ++i) out += static_cast<char>((static_cast<std::uint64_t>(header.size()) >> (8 * i)) & 0xff);
  return out + header + data;
}

std::vector<float> all_logits(text::MaskedLm& lm, const std::vector<std::int32_t>& ids) {
  std::vector<int> rows;
  for (std::size_t i = 0; i < ids.size(); ++i) rows.push_back(static_cast<int>(i));
  std::vector<float> out;
  lm.logits(ids, rows, out);
  return out;
}

}  // namespace

// ---------------------------------------------------------------- kernels

TEST_CASE("matmul: gemm equals a naive loop bit for bit at odd sizes and strides") {
  Rng rng(1);
  for (const std::size_t m : {1, 2, 3, 4, 5, 7, 34})
    for (const std::size_t n : {1, 3, 8, 15, 16, 17, 33, 100})
      for (const std::size_t k : {1, 7, 24, 100}) {
        CAPTURE(m);
        CAPTURE(n);
        CAPTURE(k);
        const std::size_t lda = k + 3, ldb = n + 5, ldc = n + 2;
        const std::vector<float> a = normals(rng, m * lda), b = normals(rng, k * ldb), bias = normals(rng, n);
        nn::PackedMatrix packed, packed_t;
        packed.pack(b.data(), ldb, k, n);
        std::vector<float> bt(n * (k + 1));  // Bᵀ with row stride k + 1
        for (std::size_t p = 0; p < k; ++p)
          for (std::size_t j = 0; j < n; ++j) bt[j * (k + 1) + p] = b[p * ldb + j];
        packed_t.pack_transposed(bt.data(), k + 1, k, n);
        REQUIRE(packed.rows() == k);
        REQUIRE(packed.cols() == n);
        bool same_packing = true;
        for (std::size_t p = 0; p < k; ++p)
          for (std::size_t j = 0; j < n; ++j)
            same_packing = same_packing && packed.at(p, j) == b[p * ldb + j] && packed_t.at(p, j) == b[p * ldb + j];
        CHECK(same_packing);
        for (const bool with_bias : {true, false}) {
          std::vector<float> c(m * ldc, 7.0f);
          nn::gemm(m, a.data(), lda, with_bias ? packed : packed_t, with_bias ? bias.data() : nullptr, c.data(), ldc);
          bool same = true, padding_kept = true;
          for (std::size_t i = 0; i < m; ++i) {
            for (std::size_t j = 0; j < n; ++j) {
              float ref = with_bias ? bias[j] : 0.0f;  // the documented order: bias, then p = 0, 1, ...
              for (std::size_t p = 0; p < k; ++p) ref += a[i * lda + p] * b[p * ldb + j];
              same = same && bits_of(ref) == bits_of(c[i * ldc + j]);
            }
            for (std::size_t j = n; j < ldc; ++j) padding_kept = padding_kept && c[i * ldc + j] == 7.0f;
          }
          CHECK(same);
          CHECK(padding_kept);
        }
      }
}

TEST_CASE("matmul: gemm_accumulate and the double kernels keep the same summation order") {
  Rng rng(7);
  for (const std::size_t m : {1, 3, 9, 34})
    for (const std::size_t n : {1, 5, 16, 37})
      for (const std::size_t k : {1, 6, 33}) {
        CAPTURE(m);
        CAPTURE(n);
        CAPTURE(k);
        // C += A·B in float: C[i, j] + A[i, 0]·B[0, j] + ...
        const std::vector<float> a = normals(rng, m * k), b = normals(rng, k * n), c0 = normals(rng, m * n);
        nn::PackedMatrix packed;
        packed.pack(b.data(), n, k, n);
        std::vector<float> c = c0;
        nn::gemm_accumulate(m, a.data(), k, packed, c.data(), n);
        bool same = true;
        for (std::size_t i = 0; i < m; ++i)
          for (std::size_t j = 0; j < n; ++j) {
            float ref = c0[i * n + j];
            for (std::size_t p = 0; p < k; ++p) ref += a[i * k + p] * b[p * n + j];
            same = same && bits_of(ref) == bits_of(c[i * n + j]);
          }
        CHECK(same);
        // The same product in double, with a bias.
        std::vector<double> ad(a.begin(), a.end()), bd(b.begin(), b.end()), bias(c0.begin(), c0.begin() + static_cast<std::ptrdiff_t>(n));
        nn::PackedMatrixT<double> packed_d;
        packed_d.pack(bd.data(), n, k, n);
        std::vector<double> cd(m * n);
        nn::gemm(m, ad.data(), k, packed_d, bias.data(), cd.data(), n);
        bool same_d = true;
        for (std::size_t i = 0; i < m; ++i)
          for (std::size_t j = 0; j < n; ++j) {
            double ref = bias[j];
            for (std::size_t p = 0; p < k; ++p) ref += ad[i * k + p] * bd[p * n + j];
            same_d = same_d && ref == cd[i * n + j];
          }
        CHECK(same_d);
      }
}

TEST_CASE("matmul: linear takes Hugging Face [out, in] weights") {
  Rng rng(2);
  const std::size_t n = 5, in = 13, out = 19;
  const std::vector<float> w = normals(rng, out * in), b = normals(rng, out), xs = normals(rng, n * in);
  const nn::Linear layer = nn::make_linear(w.data(), b.data(), out, in);
  CHECK(layer.in() == in);
  CHECK(layer.out() == out);
  nn::Matrix x;
  x.resize({n, in});
  std::copy(xs.begin(), xs.end(), x.begin());
  nn::Matrix y;
  nn::linear(x, layer, y);
  REQUIRE(nn::rows(y) == n);
  REQUIRE(nn::cols(y) == out);
  double worst = 0;
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t o = 0; o < out; ++o) {
      double ref = b[o];
      for (std::size_t p = 0; p < in; ++p) ref += static_cast<double>(xs[i * in + p]) * w[o * in + p];
      worst = std::max(worst, std::fabs(ref - y(i, o)));
    }
  CHECK(worst < 1e-5);
  nn::Matrix wrong;
  wrong.resize({2, in + 1});
  check_error([&] { nn::linear(wrong, layer, y); }, "the input has 14 columns, the layer expects 13");
}

TEST_CASE("erf: the portable erf agrees with the C library to 1e-7 relative, GELU with its erf form") {
  double worst = 0;
  auto check = [&](double x) {
    const double r = std::erf(x);
    if (r != 0) worst = std::max(worst, std::fabs(sampling::nn::erf(x) - r) / std::fabs(r));
  };
  for (double x = -7.0; x <= 7.0; x += 0.0001 * 0.37) check(x);
  for (double x = 1e-30; x < 7; x *= 1.01) check(x), check(-x);
  CHECK(worst < 1e-7);  // the fit's 2e-9 inside ±4, 1.6e-8 beyond
  CHECK(sampling::nn::erf(0.0) == 0.0);
  CHECK(sampling::nn::erf(INFINITY) == 1.0);
  CHECK(sampling::nn::erf(-INFINITY) == -1.0);
  CHECK(std::isnan(sampling::nn::erf(NAN)));
  double worst_gelu = 0;
  for (double x = -12; x <= 12; x += 0.0137) {
    const double ref = 0.5 * x * (1.0 + std::erf(x / std::sqrt(2.0)));
    worst_gelu = std::max(worst_gelu, std::fabs(sampling::nn::gelu(x) - ref) / std::max(std::fabs(x), 1.0));
  }
  CHECK(worst_gelu < 1e-8);  // relative to |x| (the float activations carry 6e-8)
  CHECK(sampling::nn::gelu(0.0) == 0.0);
  CHECK(sampling::nn::gelu(-30.0) == 0.0);
  CHECK(sampling::nn::gelu(30.0) == 30.0);
}

TEST_CASE("row ops: layer norm, softmax and GELU against double references") {
  Rng rng(3);
  const std::size_t n = 3, d = 37, ld = 40;
  std::vector<float> x = normals(rng, n * ld, 3.0), res = normals(rng, n * ld), w = normals(rng, d), b = normals(rng, d);
  const std::vector<float> x0 = x;
  nn::add_layer_norm(x.data(), res.data(), n, d, ld, w.data(), b.data(), 1e-5);
  double worst = 0;
  for (std::size_t i = 0; i < n; ++i) {
    std::vector<double> v(d);
    double mean = 0, var = 0;
    for (std::size_t j = 0; j < d; ++j) mean += v[j] = static_cast<double>(x0[i * ld + j] + res[i * ld + j]);
    mean /= d;
    for (std::size_t j = 0; j < d; ++j) var += (v[j] - mean) * (v[j] - mean);
    var /= d;
    for (std::size_t j = 0; j < d; ++j)
      worst = std::max(worst, std::fabs((v[j] - mean) / std::sqrt(var + 1e-5) * w[j] + b[j] - x[i * ld + j]));
    for (std::size_t j = d; j < ld; ++j) CHECK(x[i * ld + j] == x0[i * ld + j]);  // beyond the width: untouched
  }
  CHECK(worst < 1e-5);

  std::vector<float> s = normals(rng, n * ld, 10.0);
  const std::vector<float> s0 = s;
  nn::softmax_rows(s.data(), n, d, ld, 4.0f);
  worst = 0;
  for (std::size_t i = 0; i < n; ++i) {
    double z = 0, sum = 0;
    for (std::size_t j = 0; j < d; ++j) z += std::exp(s0[i * ld + j] / 4.0);
    for (std::size_t j = 0; j < d; ++j) {
      worst = std::max(worst, std::fabs(std::exp(s0[i * ld + j] / 4.0) / z - s[i * ld + j]));
      sum += s[i * ld + j];
    }
    CHECK(sum == doctest::Approx(1.0).epsilon(1e-6));
  }
  CHECK(worst < 1e-6);

  std::vector<float> g = {-3.0f, -0.5f, 0.0f, 0.7f, 2.5f};
  nn::gelu_inplace(g.data(), g.size());
  for (std::size_t i = 0; i < g.size(); ++i) {
    const double v = std::vector<double>{-3.0, -0.5, 0.0, 0.7, 2.5}[i];
    CHECK(g[i] == doctest::Approx(0.5 * v * (1 + std::erf(v / std::sqrt(2.0)))).epsilon(1e-6));
  }
}

TEST_CASE("half: every F16 bit pattern converts exactly, subnormals, infinities and NaN included") {
  for (std::uint32_t h = 0; h < 0x10000; ++h) {
    const float f = nn::half_to_float(static_cast<std::uint16_t>(h));
    const int sign = (h & 0x8000) ? -1 : 1;
    const int exponent = static_cast<int>((h >> 10) & 0x1f);
    const int mantissa = static_cast<int>(h & 0x3ff);
    if (exponent == 31) {
      if (mantissa == 0) {
        CHECK(f == sign * std::numeric_limits<float>::infinity());
      } else {
        REQUIRE(std::isnan(f));
        CHECK(((bits_of(f) >> 13) & 0x3ffu) == static_cast<std::uint32_t>(mantissa));  // payload kept
      }
      continue;
    }
    const double expected = exponent == 0 ? sign * std::ldexp(mantissa, -24)
                                          : sign * std::ldexp(1024 + mantissa, exponent - 25);
    if (static_cast<double>(f) != expected || std::signbit(f) != (sign < 0)) {
      FAIL("F16 0x" << std::hex << h << " gave " << f << ", expected " << expected);
    }
  }
  CHECK(nn::half_to_float(0x0001) == std::ldexp(1.0f, -24));  // smallest subnormal
  CHECK(nn::half_to_float(0x03ff) == std::ldexp(1023.0f, -24));  // largest subnormal
  CHECK(nn::half_to_float(0x7bff) == 65504.0f);
}

TEST_CASE("half: BF16 is the top half of a float32") {
  CHECK(nn::bfloat16_to_float(0x3f80) == 1.0f);
  CHECK(nn::bfloat16_to_float(0xc000) == -2.0f);
  CHECK(nn::bfloat16_to_float(0x7f80) == std::numeric_limits<float>::infinity());
  CHECK(nn::bfloat16_to_float(0xff80) == -std::numeric_limits<float>::infinity());
  CHECK(std::isnan(nn::bfloat16_to_float(0x7fc0)));
  CHECK(nn::bfloat16_to_float(0x0001) == std::ldexp(1.0f, -133));  // subnormal
  CHECK(std::signbit(nn::bfloat16_to_float(0x8000)));
  for (std::uint32_t b = 0; b < 0x10000; b += 7) CHECK(bits_of(nn::bfloat16_to_float(static_cast<std::uint16_t>(b))) == b << 16);
}

// ---------------------------------------------------------------- safetensors

TEST_CASE("safetensors: F16 and BF16 tensors are read as exact floats") {
  // F16 1.0 = 0x3c00, -2 = 0xc000, smallest subnormal 0x0001, largest 0x7bff; BF16 1.5 = 0x3fc0.
  const std::string data("\x00\x3c\x00\xc0\x01\x00\xff\x7b\xc0\x3f", 10);
  const auto f = nn::load_safetensors(raw_file(
      R"({"h":{"dtype":"F16","shape":[2,2],"data_offsets":[0,8]},"b":{"dtype":"BF16","shape":[],"data_offsets":[8,10]}})",
      data));
  REQUIRE(f.tensors.at("h").data.size() == 4);
  CHECK(f.tensors.at("h").data[0] == 1.0f);
  CHECK(f.tensors.at("h").data[1] == -2.0f);
  CHECK(f.tensors.at("h").data[2] == std::ldexp(1.0f, -24));
  CHECK(f.tensors.at("h").data[3] == 65504.0f);
  CHECK(f.tensors.at("b").data == std::vector<float>{1.5f});
  // The index keeps dtypes it cannot read as floats, and points into the file.
  const std::string bytes =
      raw_file(R"({"i":{"dtype":"I64","shape":[1],"data_offsets":[0,8]},"f":{"dtype":"F32","shape":[1],"data_offsets":[8,12]}})",
               std::string(8, '\0') + std::string("\x00\x00\x80\x3f", 4));
  const auto index = nn::index_safetensors(bytes);
  CHECK(index.tensors.at("i").dtype == "I64");
  CHECK(index.tensors.at("i").bytes.size() == 8);
  CHECK(nn::read_floats("f", index.tensors.at("f")) == std::vector<float>{1.0f});
  check_error([&] { nn::read_floats("i", index.tensors.at("i")); }, "tensor \"i\" has dtype I64; only F32, F16 and BF16");
}

TEST_CASE("safetensors: a weight that is NaN or infinite is an error naming the tensor and the index") {
  const auto header = [](const char* dtype, int bytes) {
    return std::string(R"({"w":{"dtype":")") + dtype + R"(","shape":[2],"data_offsets":[0,)" + std::to_string(bytes) + "]}}";
  };
  // F16 [1, +inf], BF16 [NaN, 1], F32 [1, -inf].
  check_error([&] { nn::load_safetensors(raw_file(header("F16", 4), std::string("\x00\x3c\x00\x7c", 4))); },
              "tensor \"w\" holds inf at index 1; weights must be finite");
  check_error([&] { nn::load_safetensors(raw_file(header("BF16", 4), std::string("\xc0\x7f\x80\x3f", 4))); },
              "tensor \"w\" holds NaN at index 0");
  check_error([&] { nn::load_safetensors(raw_file(header("F32", 8), std::string("\x00\x00\x80\x3f\x00\x00\x80\xff", 8))); },
              "tensor \"w\" holds -inf at index 1");
  CHECK(nn::load_safetensors(raw_file(header("F32", 8), std::string("\x00\x00\x80\x3f\x00\x00\x80\xbf", 8)))
            .tensors.at("w")
            .data == std::vector<float>{1.0f, -1.0f});
}

TEST_CASE("safetensors: holes, truncation, overlaps and unknown dtypes are errors naming the tensor") {
  const std::string eight(8, '\0');
  auto t = [](const std::string& name, const std::string& dtype, const std::string& shape, const std::string& off) {
    return "\"" + name + "\":{\"dtype\":\"" + dtype + "\",\"shape\":" + shape + ",\"data_offsets\":" + off + "}";
  };
  // A hole between two tensors, before the first, after the last.
  check_error([&] { nn::index_safetensors(raw_file("{" + t("a", "F16", "[1]", "[0,2]") + "," + t("b", "F16", "[1]", "[4,6]") + "}", std::string(6, '\0'))); },
               "hole: bytes [2, 4) between tensors \"a\" and \"b\" belong to no tensor");
  check_error([&] { nn::index_safetensors(raw_file("{" + t("b", "F32", "[1]", "[4,8]") + "}", eight)); },
               "hole: bytes [0, 4) before tensor \"b\"");
  check_error([&] { nn::index_safetensors(raw_file("{" + t("a", "F32", "[1]", "[0,4]") + "}", eight)); },
               "hole: bytes [4, 8) after tensor \"a\"");
  // A truncated file: the last tensor's bytes are cut off.
  const std::string good = raw_file("{" + t("a", "F32", "[2]", "[0,8]") + "}", eight);
  CHECK_NOTHROW(nn::index_safetensors(good));
  check_error([&] { nn::index_safetensors(good.substr(0, good.size() - 3)); },
               "tensor \"a\" has data_offsets [0, 8] out of range: the data is only 5 bytes");
  check_error([&] { nn::index_safetensors(good.substr(0, 20)); }, "past the end of the file");
  check_error([&] { nn::index_safetensors(with_header_length(good, 1u << 20)); },
               "header length is 1048576 bytes, past the end of the file");
  check_error([&] { nn::index_safetensors(raw_file("{" + t("a", "F32", "[1]", "[0,4]") + "," + t("b", "F16", "[2]", "[2,6]") + "}", std::string(6, '\0'))); },
               "tensors \"a\" (data_offsets [0, 4]) and \"b\" (data_offsets [2, 6]) overlap");
  check_error([&] { nn::index_safetensors(raw_file("{" + t("w", "Q4", "[2]", "[0,8]") + "}", eight)); },
               "tensor \"w\" has unknown dtype \"Q4\"");
  check_error([&] { nn::index_safetensors(raw_file("{" + t("w", "BF16", "[3]", "[0,8]") + "}", eight)); },
               "tensor \"w\" has shape [3] (3 BF16 values, 6 bytes) but its data_offsets [0, 8] span 8 bytes");
  // Zero-size tensors need no bytes and leave no hole.
  CHECK_NOTHROW(nn::index_safetensors(raw_file("{" + t("e", "F16", "[0, 5]", "[8,8]") + "," + t("a", "F32", "[2]", "[0,8]") + "}", eight)));
}

// ---------------------------------------------------------------- config and weights

TEST_CASE("bert config: fields read, bad values named") {
  const nn::BertConfig c = nn::parse_bert_config(tiny_config());
  CHECK(c.vocab_size == kTinyV);
  CHECK(c.hidden_size == kTinyH);
  CHECK(c.head_size() == kTinyH / kTinyHeads);
  CHECK(c.layer_norm_eps == 1e-12);
  auto with = [](const std::string& key, const std::string& value) {
    auto f = tiny_config_fields();
    if (value.empty()) f.erase(key);
    else f[key] = value;
    return json_object(f);
  };
  check_error([&] { nn::parse_bert_config(with("hidden_size", "")); }, "config.json: \"hidden_size\" is missing");
  check_error([&] { nn::parse_bert_config(with("num_attention_heads", "5")); },
               "\"hidden_size\" (12) must be a multiple of \"num_attention_heads\" (5)");
  check_error([&] { nn::parse_bert_config(with("vocab_size", "-3")); }, "\"vocab_size\" must be a positive integer, found -3");
  check_error([&] { nn::parse_bert_config(with("intermediate_size", "2.5")); }, "\"intermediate_size\" must be a positive integer, found 2.5");
  check_error([&] { nn::parse_bert_config(with("num_hidden_layers", "\"2\"")); }, "must be a positive integer, found a string");
  check_error([&] { nn::parse_bert_config(with("type_vocab_size", "0")); }, "\"type_vocab_size\" must be between 1 and");
  check_error([&] { nn::parse_bert_config(with("hidden_act", "\"relu\"")); }, "\"hidden_act\" is \"relu\"; only \"gelu\"");
  check_error([&] { nn::parse_bert_config(with("layer_norm_eps", "0")); }, "\"layer_norm_eps\" must be a number between 0 and 1");
  check_error([&] { nn::parse_bert_config(with("position_embedding_type", "\"relative_key\"")); }, "only \"absolute\"");
  check_error([&] { nn::parse_bert_config("{\"vocab_size\": 3,"); }, "config.json: not valid JSON at byte");
  check_error([&] { nn::parse_bert_config("[]"); }, "config.json: must be a JSON object");
}

TEST_CASE("bert loader: missing, mis-shaped and unexpected tensors, bad files and vocabularies are named") {
  const std::string config = tiny_config();
  const nn::SafetensorsFile weights = tiny_weights(4);
  const std::string file = nn::save_safetensors(weights);
  CHECK_NOTHROW(text::load_bert_masked_lm(config, kTinyVocab, file));

  nn::SafetensorsFile missing = weights;
  missing.tensors.erase("bert.encoder.layer.1.intermediate.dense.bias");
  check_error([&] { text::load_bert_masked_lm(config, kTinyVocab, nn::save_safetensors(missing)); },
               "model.safetensors: tensor \"bert.encoder.layer.1.intermediate.dense.bias\" is missing");
  nn::SafetensorsFile misshaped = weights;
  misshaped.tensors["bert.embeddings.word_embeddings.weight"] = {{3, 4}, std::vector<float>(12, 0.0f)};
  check_error([&] { text::load_bert_masked_lm(config, kTinyVocab, nn::save_safetensors(misshaped)); },
               "model.safetensors: tensor \"bert.embeddings.word_embeddings.weight\" has shape [3, 4], expected [22, 12]");
  nn::SafetensorsFile extra = weights;
  extra.tensors["bert.encoder.layer.2.output.dense.bias"] = {{12}, std::vector<float>(12, 0.0f)};
  check_error([&] { text::load_bert_masked_lm(config, kTinyVocab, nn::save_safetensors(extra)); },
               "unexpected tensor \"bert.encoder.layer.2.output.dense.bias\"");

  check_error([&] { text::load_bert_masked_lm(config, kTinyVocab, file.substr(0, file.size() - 10)); },
               "model.safetensors: tensor");  // the last tensor's data_offsets are out of range
  check_error([&] { text::load_bert_masked_lm(config, kTinyVocab, file.substr(0, 5)); },
               "model.safetensors: the file is 5 bytes long");
  check_error([&] { text::load_bert_masked_lm(config, kTinyVocab, with_header_length(file, file.size())); },
               "model.safetensors: the header length is");
  check_error([&] {
    const std::string bad = raw_file(
        R"({"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}})",
        std::string(8, '\0'));
    text::load_bert_masked_lm(config, kTinyVocab, bad);
  }, "model.safetensors: tensors \"a\" (data_offsets [0, 8]) and \"b\" (data_offsets [4, 8]) overlap");
  check_error([&] {
    text::load_bert_masked_lm(config, kTinyVocab, raw_file(R"({"a":{"dtype":"F24","shape":[2],"data_offsets":[0,6]}})", std::string(6, '\0')));
  }, "model.safetensors: tensor \"a\" has unknown dtype \"F24\"");

  std::string no_mask = kTinyVocab;
  no_mask.replace(no_mask.find("[MASK]"), 6, "[MAZK]");
  check_error([&] { text::load_bert_masked_lm(config, no_mask, file); }, "vocab.txt: no [MASK] token");
  check_error([&] { text::load_bert_masked_lm(config, "", file); }, "vocab.txt: the file is empty");
  check_error([&] { text::load_bert_masked_lm(config, std::string(kTinyVocab) + "x\xff\n", file); },
               "vocab.txt: line 23 is not valid UTF-8");
  check_error([&] { text::load_bert_masked_lm(config, std::string(kTinyVocab) + "a\nb\n", file); },
               "vocab.txt: 24 tokens, more than config.json's vocab_size 22");
  check_error([&] { text::load_bert_masked_lm("{}", kTinyVocab, file); }, "config.json: \"vocab_size\" is missing");
}

TEST_CASE("bert: only the requested rows' heads, reused buffers, tied and old-named weights, F16 = BF16 = F32") {
  const std::string config = tiny_config();
  const nn::SafetensorsFile weights = tiny_weights(5);
  auto lm = text::load_bert_masked_lm(config, kTinyVocab, nn::save_safetensors(weights));
  REQUIRE(lm->vocab_size() == kTinyV);
  CHECK(lm->max_length() == kTinyP);
  const std::vector<std::int32_t> ids = {2, 8, 4, 10, 11, 5, 12, 13, 14, 3};
  const std::vector<float> full = all_logits(*lm, ids);
  REQUIRE(full.size() == ids.size() * kTinyV);
  for (const float v : full) REQUIRE(std::isfinite(v));

  // Rows in any order give the same rows of the full result, bit for bit.
  std::vector<float> some;
  lm->logits(ids, {7, 2}, some);
  REQUIRE(some.size() == 2 * kTinyV);
  CHECK(std::equal(some.begin(), some.begin() + kTinyV, full.begin() + 7 * kTinyV));
  CHECK(std::equal(some.begin() + kTinyV, some.end(), full.begin() + 2 * kTinyV));
  // Another length in between changes nothing (buffers reallocated and reused).
  std::vector<float> other;
  lm->logits({2, 4, 3}, {1}, other);
  CHECK(all_logits(*lm, ids) == full);
  // Attention sees the whole sequence: changing one token changes the logits elsewhere.
  std::vector<std::int32_t> changed = ids;
  changed[5] = 9;
  CHECK(all_logits(*lm, changed) != full);

  // An explicit decoder equal to the word embeddings = the tied decoder.
  nn::SafetensorsFile untied = weights;
  untied.tensors["cls.predictions.decoder.weight"] = weights.tensors.at("bert.embeddings.word_embeddings.weight");
  untied.tensors["bert.pooler.dense.weight"] = {{12, 12}, std::vector<float>(144, 0.5f)};
  untied.tensors["cls.seq_relationship.bias"] = {{2}, {0.0f, 1.0f}};
  CHECK(all_logits(*text::load_bert_masked_lm(config, kTinyVocab, nn::save_safetensors(untied)), ids) == full);
  // A different decoder changes the logits (the tensor is used, not ignored).
  untied.tensors["cls.predictions.decoder.weight"].data[3] += 1.0f;
  CHECK(all_logits(*text::load_bert_masked_lm(config, kTinyVocab, nn::save_safetensors(untied)), ids) != full);
  // Old LayerNorm names.
  nn::SafetensorsFile old = weights;
  for (const auto& [name, t] : weights.tensors) {
    const std::size_t at = name.find("LayerNorm.");
    if (at == std::string::npos) continue;
    old.tensors.erase(name);
    const bool weight = name.compare(at + 10, std::string::npos, "weight") == 0;
    old.tensors[name.substr(0, at + 10) + (weight ? "gamma" : "beta")] = t;
  }
  CHECK(all_logits(*text::load_bert_masked_lm(config, kTinyVocab, nn::save_safetensors(old)), ids) == full);
  // The same values in F16 and BF16 files.
  CHECK(all_logits(*text::load_bert_masked_lm(config, kTinyVocab, half_file(weights, "F16")), ids) == full);
  CHECK(all_logits(*text::load_bert_masked_lm(config, kTinyVocab, half_file(weights, "BF16")), ids) == full);

  check_error([&] { lm->logits({2, 22, 3}, {1}, some); }, "token id 22 at position 1 is outside the vocabulary");
  check_error([&] { lm->logits(std::vector<std::int32_t>(17, 4), {1}, some); }, "17 tokens, more than the model's 16 positions");
  check_error([&] { lm->logits({2, 4, 3}, {3}, some); }, "row 3 is outside the sequence of 3 tokens");
}

// ---------------------------------------------------------------- tokenizer

TEST_CASE("bert tokenizer: CJK, WordPiece, accents, case, special tokens and errors") {
  const std::string vocab_text =
      "[PAD]\n[UNK]\n[CLS]\n[SEP]\n[MASK]\n，\n。\n,\n!\n春\n眠\n不\n覺\n曉\nthe\ncat\n##s\nun\n##aff\n##able\n"
      "cafe\nnaive\nuber\n##ing\nplay\nσοφος\nσοφοσ\nᄒ\n##ᅡ\n##ᆫ\n豈\n[unused3]\n";
  const text::Vocab vocab = text::Vocab::parse(vocab_text);
  const text::BertTokenizer tok(vocab);
  using Tokens = std::vector<std::string>;
  CHECK(tok.tokenize("春眠不覺曉，") == Tokens{"春", "眠", "不", "覺", "曉", "，"});
  CHECK(tok.tokenize("春眠不覺曉") == Tokens{"春", "眠", "不", "覺", "曉"});  // CJK split without spaces
  CHECK(tok.tokenize("the cats unaffable") == Tokens{"the", "cat", "##s", "un", "##aff", "##able"});
  CHECK(tok.tokenize("THE Cats") == Tokens{"the", "cat", "##s"});
  CHECK(tok.tokenize("Café naïve ÜBER") == Tokens{"cafe", "naive", "uber"});
  CHECK(tok.tokenize("playing!!") == Tokens{"play", "##ing", "!", "!"});
  CHECK(tok.tokenize("cat,the") == Tokens{"cat", ",", "the"});
  CHECK(tok.tokenize("dog catz") == Tokens{"[UNK]", "[UNK]"});  // no piece fits "dog"; "z" has no ## piece
  CHECK(tok.tokenize("春[MASK]不[MASK]曉") == Tokens{"春", "[MASK]", "不", "[MASK]", "曉"});
  CHECK(tok.tokenize("the[MASK]cat") == Tokens{"the", "[MASK]", "cat"});
  CHECK(tok.tokenize("[mask]") == Tokens{"[UNK]", "[UNK]", "[UNK]"});  // case matters: "[", "mask", "]"
  CHECK(tok.tokenize(" \t\n ") == Tokens{});
  CHECK(tok.tokenize("the\xc2\xa0" "cat\x01\xe2\x80\x8b") == Tokens{"the", "cat"});  // NBSP splits, controls dropped
  CHECK(tok.tokenize("the\xe2\x80\xa8" "cat") == Tokens{"the", "cat"});  // U+2028 splits words (str.split)
  CHECK(tok.tokenize("ΣΟΦΟΣ") == Tokens{"σοφος"});  // Python's final sigma
  CHECK(tok.tokenize("\xed\x95\x9c") == Tokens{"ᄒ", "##ᅡ", "##ᆫ"});  // 한 → jamo by NFD
  CHECK(tok.tokenize("\xef\xa4\x80") == Tokens{"豈"});  // U+F900 → U+8C48 (NFD singleton)
  CHECK(tok.tokenize(std::string(101, 'a')) == Tokens{"[UNK]"});
  CHECK(tok.encode("春[MASK]") == std::vector<std::int32_t>{9, 4});
  CHECK(tok.basic_tokens("Héllo, World [SEP]") == Tokens{"hello", ",", "world", "[SEP]"});
  check_error([&] { tok.encode("ok [MASK] \xe6\x98"); }, "invalid UTF-8 at byte 10");  // truncated, offset in the whole text

  // vocab.txt lines end as Python's universal newlines; a repeated token's later line wins.
  const text::Vocab lines = text::Vocab::parse("[PAD]\r\n[UNK]\r[CLS]\n[SEP]\n[MASK]\na b\nx\n x\nx");
  CHECK(lines.size() == 9);
  CHECK(lines.token(1) == "[UNK]");
  CHECK(lines.token(5) == "a b");
  CHECK(lines.token(7) == " x");
  CHECK(lines.find("x") == 8);
  CHECK(lines.find("[CLS]") == 2);

  // What a sampler may place: no [..] token, no punctuation.
  auto lm_vocab = [&](std::int32_t id) { return vocab.is_special(id) || text::BertTokenizer::is_punctuation_token(vocab.token(id)); };
  for (const char* t : {"[PAD]", "[MASK]", "[unused3]", "，", "。", ",", "!"}) {
    CAPTURE(t);
    CHECK(lm_vocab(vocab.find(t)));
  }
  for (const char* t : {"春", "the", "##s", "σοφος"}) {
    CAPTURE(t);
    CHECK_FALSE(lm_vocab(vocab.find(t)));
  }
}

TEST_CASE("bert tokenizer: the character classes of Hugging Face's BasicTokenizer") {
  namespace bu = text::bert_unicode;
  CHECK(bu::is_punctuation(U'$'));  // ASCII symbol counted as punctuation
  CHECK(bu::is_punctuation(U'`'));
  CHECK(bu::is_punctuation(0xFF0C));  // ，
  CHECK(bu::is_punctuation(0x3002));  // 。
  CHECK_FALSE(bu::is_punctuation(U'a'));
  CHECK_FALSE(bu::is_punctuation(0x00A9));  // © is So
  CHECK(bu::is_control(0x200B));  // Cf
  CHECK(bu::is_control(0xE000));  // Co
  CHECK(bu::is_control(0x0378));  // Cn (unassigned)
  CHECK_FALSE(bu::is_control(U'\t'));
  CHECK(bu::is_whitespace(0x3000));
  CHECK_FALSE(bu::is_whitespace(0x2028));  // Zl
  CHECK(bu::is_cjk(0x4E00));
  CHECK(bu::is_cjk(0x2F800));
  CHECK_FALSE(bu::is_cjk(0x3042));  // hiragana
  CHECK(bu::strip_accents(U"\u1E69") == U"s");  // ṩ: two marks
  CHECK(bu::nfd(U"a\u0323\u0301") == U"a\u0323\u0301");
  CHECK(bu::nfd(U"a\u0301\u0323") == U"a\u0323\u0301");  // canonical reordering
  CHECK(bu::lower(U"\u0130") == U"i\u0307");  // İ → i + dot (Python's full mapping)
  CHECK(bu::lower(U"\u03a3A") == U"\u03c3a");
  CHECK(bu::lower(U"A\u03a3") == U"a\u03c2");
  CHECK(bu::lower(U"A\u03a3'") == U"a\u03c2'");
}

// ---------------------------------------------------------------- command line

TEST_CASE("mlm command: one JSON object per line, full log-probs or the top K") {
  namespace fs = std::filesystem;
  const fs::path dir = fs::temp_directory_path() / ("sampling-mlm-test-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  auto write = [&](const char* name, const std::string& bytes) {
    std::ofstream(dir / name, std::ios::binary) << bytes;
  };
  write("config.json", tiny_config());
  write("vocab.txt", kTinyVocab);
  write("model.safetensors", nn::save_safetensors(tiny_weights(6)));
  auto run = [&](std::vector<std::string> args, const std::string& input, std::string& out, std::string& err) {
    std::istringstream in(input);
    std::ostringstream o, e;
    const int code = sampling::cli::mlm_command(args, in, o, e);
    out = o.str();
    err = e.str();
    return code;
  };
  std::string out, err;
  REQUIRE(run({"--model", dir.string()}, "春[MASK]月\nthe cat\n", out, err) == 0);
  std::istringstream lines(out);
  std::string first, second;
  std::getline(lines, first);
  std::getline(lines, second);
  CHECK(first.rfind("{\"ids\": [2, 8, 4, 10, 3], \"masked\": [{\"index\": 2, \"logprobs\": [", 0) == 0);
  CHECK(second == "{\"ids\": [2, 12, 13, 3], \"masked\": []}");
  // The log-probs sum to one.
  const std::string list = first.substr(first.find("\"logprobs\": [") + 13);
  std::istringstream numbers(list);
  double total = 0, best = -1e300;
  int count = 0, best_id = -1;
  for (std::string item; std::getline(numbers, item, ',') && count < kTinyV; ++count) {
    const double lp = std::stod(item);
    total += std::exp(lp);
    if (lp > best) best = lp, best_id = count;
  }
  CHECK(count == kTinyV);
  CHECK(total == doctest::Approx(1.0).epsilon(1e-6));
  // --top 3: best first, the same best token.
  REQUIRE(run({"--model", dir.string() + "/", "--top", "3"}, "春[MASK]月", out, err) == 0);
  CHECK(out.find("\"top\": [[" + std::to_string(best_id) + ", ") != std::string::npos);
  CHECK(out.find("logprobs") == std::string::npos);
  // Errors: a missing folder, a line too long for the model.
  CHECK(run({"--model", (dir / "nowhere").string()}, "", out, err) == 1);
  CHECK(err.find("cannot open") != std::string::npos);
  CHECK(run({"--model", dir.string()}, "春\n" + std::string(15, '!') + "\n", out, err) == 1);
  CHECK(err.find("line 2: 17 tokens with [CLS] and [SEP], more than the model's 16") != std::string::npos);
  CHECK(run({}, "", out, err) == 1);
  CHECK(err.find("mlm needs --model DIR") != std::string::npos);
  fs::remove_all(dir);
}

TEST_CASE("check_finite_logits names the first token whose logit is NaN or infinite") {
  CHECK_NOTHROW(text::check_finite_logits({1.0f, -2.0f, 3.0f, 0.0f}, 2));
  check_error([] { text::check_finite_logits({1.0f, 2.0f, NAN, 4.0f}, 2); }, "the model gave a non-finite logit for token 0");
  check_error([] { text::check_finite_logits({1.0f, -INFINITY, 3.0f}, 3); }, "non-finite logit for token 1");
}
