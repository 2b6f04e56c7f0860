// The MLP (forward, JVP, backprop), Adam, EMA, the JSON reader and safetensors files.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <string>
#include <vector>

#include "core/common/error.hpp"
#include "core/common/rng.hpp"
#include "core/nn/adam.hpp"
#include "core/nn/ema.hpp"
#include "core/nn/json.hpp"
#include "core/nn/mlp.hpp"
#include "core/nn/mlp_io.hpp"
#include "core/nn/safetensors.hpp"
#include "tests/core/error_check.hpp"

using sampling::Rng;
using sampling::nn::Mlp;

namespace {

template <class T>
std::vector<T> normals(Rng& rng, std::size_t n) {
  std::vector<T> v(n);
  for (T& x : v) x = static_cast<T>(rng.normal());
  return v;
}

// L = Σ c_ij·y_ij for the network's current parameters.
double weighted_sum(Mlp<double>& mlp, const std::vector<double>& x, const std::vector<double>& c, int batch) {
  const double* y = mlp.forward(x.data(), batch);
  double s = 0;
  for (std::size_t i = 0; i < c.size(); ++i) s += c[i] * y[i];
  return s;
}

double norm(const std::vector<double>& v) {
  double s = 0;
  for (const double x : v) s += x * x;
  return std::sqrt(s);
}

// ‖a − b‖ / max(‖a‖, ‖b‖, 1e-12)
double relative_error(const std::vector<double>& a, const std::vector<double>& b) {
  std::vector<double> d(a.size());
  for (std::size_t i = 0; i < a.size(); ++i) d[i] = a[i] - b[i];
  return norm(d) / std::max({norm(a), norm(b), 1e-12});
}

using testutil::check_error;

// A safetensors file from a header text and raw data bytes.
std::string make_file(const std::string& header, const std::string& data = "") {
  std::string out;
  const std::uint64_t n = header.size();
  for (int i = 0; i < 8; ++i) out += static_cast<char>((n >> (8 * i)) & 0xff);
  return out + header + data;
}

std::string f32_bytes(std::initializer_list<float> values) {
  std::string out;
  for (const float f : values) {
    std::uint32_t bits;
    std::memcpy(&bits, &f, 4);
    for (int i = 0; i < 4; ++i) out += static_cast<char>((bits >> (8 * i)) & 0xff);
  }
  return out;
}

}  // namespace

TEST_CASE("mlp: parameter layout and validation") {
  Mlp<float> mlp({3, 8, 2});
  CHECK(mlp.layer_count() == 2);
  CHECK(mlp.input_size() == 3);
  CHECK(mlp.output_size() == 2);
  CHECK(mlp.parameters().size() == 3 * 8 + 8 + 8 * 2 + 2);
  CHECK(mlp.gradients().size() == mlp.parameters().size());
  CHECK(mlp.weight_offset(0) == 0);
  CHECK(mlp.bias_offset(0) == 24);
  CHECK(mlp.weight_offset(1) == 32);
  CHECK(mlp.bias_offset(1) == 48);
  check_error([] { Mlp<float>({3}); }, "at least one layer");
  check_error([] { Mlp<float>({3, 0, 2}); }, "every size must be >= 1");
  float x[3] = {0, 0, 0};
  check_error([&] { mlp.forward(x, 0); }, "batch size must be >= 1");
  float g[2] = {1, 1};
  Mlp<float> fresh({3, 2});
  check_error([&] { fresh.backward(g); }, "needs a forward or forward_jvp first");
}

TEST_CASE("mlp: init is PyTorch's nn.Linear default, in the documented draw order") {
  Mlp<double> mlp({4, 3, 2});
  Rng rng(11);
  mlp.init(rng);
  Rng replay(11);
  const auto& p = mlp.parameters();
  for (std::size_t i = 0; i < 4 * 3 + 3; ++i) CHECK(p[i] == replay.uniform(-0.5, 0.5));  // 1/√4
  const double b1 = 1.0 / std::sqrt(3.0);
  for (std::size_t i = 15; i < p.size(); ++i) CHECK(p[i] == replay.uniform(-b1, b1));
  // Same seed, same weights; a wide layer fills its range.
  Mlp<float> a({64, 64}), b({64, 64});
  Rng ra(5), rb(5);
  a.init(ra);
  b.init(rb);
  CHECK(a.parameters() == b.parameters());
  float lo = 1, hi = -1;
  for (const float w : a.parameters()) lo = std::min(lo, w), hi = std::max(hi, w);
  CHECK(lo >= -0.125f);
  CHECK(hi <= 0.125f);
  CHECK(lo < -0.12f);
  CHECK(hi > 0.12f);
}

TEST_CASE("mlp: backward matches central finite differences for every parameter group and the input") {
  const std::vector<std::vector<int>> architectures = {{3, 8, 8, 2}, {5, 16, 3}, {4, 6}, {2, 5, 7, 6, 3}};
  for (const auto& sizes : architectures) {
    for (const int batch : {1, 7}) {
      CAPTURE(sizes.size());
      CAPTURE(sizes.front());
      CAPTURE(batch);
      Rng rng(100 + batch + sizes.size());
      Mlp<double> mlp(sizes);
      mlp.init(rng);
      const auto x = normals<double>(rng, static_cast<std::size_t>(batch) * sizes.front());
      const auto c = normals<double>(rng, static_cast<std::size_t>(batch) * sizes.back());
      mlp.zero_grad();
      mlp.forward(x.data(), batch);
      const double* dx_ptr = mlp.backward(c.data());
      const std::vector<double> dx(dx_ptr, dx_ptr + x.size());
      const std::vector<double> grads = mlp.gradients();

      const double h = 1e-6;
      auto& p = mlp.parameters();
      for (std::size_t l = 0; l < mlp.layer_count(); ++l) {
        const std::size_t groups[2][2] = {{mlp.weight_offset(l), mlp.bias_offset(l)},
                                          {mlp.bias_offset(l), mlp.bias_offset(l) + sizes[l + 1]}};
        for (int g = 0; g < 2; ++g) {
          CAPTURE(l);
          CAPTURE(g);  // 0: weight, 1: bias
          std::vector<double> analytic, numeric;
          for (std::size_t i = groups[g][0]; i < groups[g][1]; ++i) {
            const double saved = p[i];
            p[i] = saved + h;
            const double up = weighted_sum(mlp, x, c, batch);
            p[i] = saved - h;
            const double down = weighted_sum(mlp, x, c, batch);
            p[i] = saved;
            numeric.push_back((up - down) / (2 * h));
            analytic.push_back(grads[i]);
          }
          CHECK(relative_error(analytic, numeric) < 1e-3);
        }
      }
      std::vector<double> numeric;
      auto xp = x;
      for (std::size_t i = 0; i < x.size(); ++i) {
        xp[i] = x[i] + h;
        const double up = weighted_sum(mlp, xp, c, batch);
        xp[i] = x[i] - h;
        const double down = weighted_sum(mlp, xp, c, batch);
        xp[i] = x[i];
        numeric.push_back((up - down) / (2 * h));
      }
      CHECK(relative_error(dx, numeric) < 1e-3);
    }
  }
}

TEST_CASE("mlp: backward without the input gradient gives the same parameter gradients, bit for bit") {
  Rng rng(11);
  Mlp<float> mlp({3, 16, 16, 2});
  mlp.init(rng);
  const auto x = normals<float>(rng, 7 * 3);
  const auto c = normals<float>(rng, 7 * 2);
  mlp.zero_grad();
  mlp.forward(x.data(), 7);
  CHECK(mlp.backward(c.data()) != nullptr);
  const auto with_input = mlp.gradients();
  mlp.zero_grad();
  mlp.forward(x.data(), 7);
  CHECK(mlp.backward(c.data(), false) == nullptr);
  CHECK(mlp.gradients() == with_input);
}

TEST_CASE("mlp: gradients accumulate across backward calls until zero_grad") {
  Rng rng(3);
  Mlp<double> mlp({3, 8, 2});
  mlp.init(rng);
  const auto x = normals<double>(rng, 5 * 3);
  const auto c = normals<double>(rng, 5 * 2);
  mlp.zero_grad();
  mlp.forward(x.data(), 5);
  mlp.backward(c.data());
  const auto once = mlp.gradients();
  mlp.forward(x.data(), 5);
  mlp.backward(c.data());
  for (std::size_t i = 0; i < once.size(); ++i) CHECK(mlp.gradients()[i] == doctest::Approx(2 * once[i]));
  mlp.zero_grad();
  for (const double g : mlp.gradients()) CHECK(g == 0.0);
}

TEST_CASE("mlp: forward_jvp's tangent matches finite differences and its primal and backward match forward's") {
  for (const auto& sizes : std::vector<std::vector<int>>{{3, 8, 8, 2}, {5, 16, 3}}) {
    for (const int batch : {1, 7}) {
      CAPTURE(batch);
      Rng rng(40 + batch);
      Mlp<double> mlp(sizes);
      mlp.init(rng);
      const std::size_t n_in = static_cast<std::size_t>(batch) * sizes.front();
      const std::size_t n_out = static_cast<std::size_t>(batch) * sizes.back();
      const auto x = normals<double>(rng, n_in);
      const auto v = normals<double>(rng, n_in);
      const auto c = normals<double>(rng, n_out);

      const double* dy_ptr = nullptr;
      const double* y_ptr = mlp.forward_jvp(x.data(), v.data(), batch, &dy_ptr);
      const std::vector<double> y_jvp(y_ptr, y_ptr + n_out), dy(dy_ptr, dy_ptr + n_out);
      mlp.zero_grad();
      const double* gx = mlp.backward(c.data());
      const std::vector<double> dx_jvp(gx, gx + n_in), grads_jvp = mlp.gradients();

      const double h = 1e-6;
      std::vector<double> xp(n_in), xm(n_in);
      for (std::size_t i = 0; i < n_in; ++i) xp[i] = x[i] + h * v[i], xm[i] = x[i] - h * v[i];
      const double* yp = mlp.forward(xp.data(), batch);
      const std::vector<double> up(yp, yp + n_out);
      const double* ym = mlp.forward(xm.data(), batch);
      std::vector<double> numeric(n_out);
      for (std::size_t i = 0; i < n_out; ++i) numeric[i] = (up[i] - ym[i]) / (2 * h);
      CHECK(relative_error(dy, numeric) < 1e-3);

      const double* y = mlp.forward(x.data(), batch);
      for (std::size_t i = 0; i < n_out; ++i) CHECK(y[i] == y_jvp[i]);
      mlp.zero_grad();
      const double* gx2 = mlp.backward(c.data());
      for (std::size_t i = 0; i < n_in; ++i) CHECK(gx2[i] == dx_jvp[i]);
      CHECK(mlp.gradients() == grads_jvp);
    }
  }
}

TEST_CASE("mlp: results do not depend on the batch size or the row's position (blocked and single rows agree)") {
  Rng rng(8);
  Mlp<float> mlp({3, 16, 9, 2});
  mlp.init(rng);
  const int batch = 7;
  const auto x = normals<float>(rng, batch * 3);
  const float* y = mlp.forward(x.data(), batch);
  const std::vector<float> full(y, y + batch * 2);
  for (int r = 0; r < batch; ++r) {
    const float* yr = mlp.forward(x.data() + r * 3, 1);
    CHECK(yr[0] == full[r * 2]);
    CHECK(yr[1] == full[r * 2 + 1]);
  }
  // Back to a larger batch after a smaller one.
  y = mlp.forward(x.data(), batch);
  CHECK(std::vector<float>(y, y + batch * 2) == full);
}

TEST_CASE("mlp: float and double agree on the same weights") {
  Rng rng(21);
  const std::vector<int> sizes = {3, 32, 32, 2};
  Mlp<float> mf(sizes);
  mf.init(rng);
  Mlp<double> md(sizes);
  for (std::size_t i = 0; i < mf.parameters().size(); ++i) md.parameters()[i] = mf.parameters()[i];
  const int batch = 9;
  const auto xf = normals<float>(rng, batch * 3);
  const auto tf = normals<float>(rng, batch * 3);
  const auto cf = normals<float>(rng, batch * 2);
  const std::vector<double> xd(xf.begin(), xf.end()), td(tf.begin(), tf.end()), cd(cf.begin(), cf.end());
  const float* dyf = nullptr;
  const double* dyd = nullptr;
  const float* yf = mf.forward_jvp(xf.data(), tf.data(), batch, &dyf);
  const double* yd = md.forward_jvp(xd.data(), td.data(), batch, &dyd);
  for (int i = 0; i < batch * 2; ++i) {
    CHECK(yf[i] == doctest::Approx(yd[i]).epsilon(1e-5).scale(1.0));
    CHECK(dyf[i] == doctest::Approx(dyd[i]).epsilon(1e-5).scale(1.0));
  }
  mf.zero_grad();
  md.zero_grad();
  mf.backward(cf.data());
  md.backward(cd.data());
  for (std::size_t i = 0; i < mf.gradients().size(); ++i)
    CHECK(mf.gradients()[i] == doctest::Approx(md.gradients()[i]).epsilon(1e-4).scale(1.0));
}

TEST_CASE("adam: one and three steps equal PyTorch's formula computed by hand") {
  // Values from torch.optim.Adam's update (lr 0.1, betas (0.9, 0.999), eps 1e-8) worked
  // out step by step in double: m = 0.9m + 0.1g, v = 0.999v + 0.001g²,
  // p −= lr/(1 − 0.9^t) · m/(√v/√(1 − 0.999^t) + eps).
  sampling::nn::Adam adam(2, 0.1);
  std::vector<float> p = {1.0f, -2.0f};
  adam.step(p, {0.5f, -0.25f});
  CHECK(adam.steps() == 1);
  CHECK(p[0] == doctest::Approx(0.900000002).epsilon(1e-7));
  CHECK(p[1] == doctest::Approx(-1.900000004).epsilon(1e-7));
  CHECK(adam.first_moment()[0] == doctest::Approx(0.05));
  CHECK(adam.second_moment()[1] == doctest::Approx(6.25e-05));
  adam.step(p, {-0.1f, 0.75f});
  adam.step(p, {0.3f, 0.0f});
  CHECK(p[0] == doctest::Approx(0.7824417742018707).epsilon(1e-6));
  CHECK(p[1] == doctest::Approx(-1.9876200029543536).epsilon(1e-6));
  CHECK(adam.second_moment()[0] == doctest::Approx(0.00034949025).epsilon(1e-9));

  // Double parameters follow the same formula to double precision.
  sampling::nn::Adam adam_d(1, 0.1);
  std::vector<double> pd = {1.0};
  adam_d.step(pd, {0.5});
  adam_d.step(pd, {-0.1});
  CHECK(pd[0] == doctest::Approx(0.8488973956993239).epsilon(1e-12));

  // reset starts over at step 1.
  adam.reset();
  CHECK(adam.steps() == 0);
  std::vector<float> q = {1.0f, -2.0f};
  adam.step(q, {0.5f, -0.25f});
  CHECK(q[0] == doctest::Approx(0.900000002).epsilon(1e-7));
}

TEST_CASE("adam: weight decay, learning rate and validation") {
  // PyTorch's weight_decay adds wd·p to the gradient before the moments.
  sampling::nn::Adam adam(1, 0.01, 0.9, 0.999, 1e-8, 0.1);
  std::vector<float> p = {2.0f};
  adam.step(p, {0.5f});
  CHECK(adam.first_moment()[0] == doctest::Approx(0.1 * (0.5 + 0.1 * 2.0)));
  CHECK(p[0] == doctest::Approx(1.99).epsilon(1e-7));
  adam.set_learning_rate(0.5);
  CHECK(adam.learning_rate() == 0.5);
  check_error([&] { adam.set_learning_rate(0.0); }, "learning rate must be a finite number > 0, got 0");
  check_error([&] { adam.set_learning_rate(NAN); }, "got NaN");
  check_error([] { sampling::nn::Adam(3, -1.0); }, "learning rate must be a finite number > 0, got -1");
  check_error([] { sampling::nn::Adam(3, 0.1, 1.0); }, "beta1 must be in [0, 1)");
  check_error([&] {
    std::vector<float> two = {1, 2};
    adam.step(two, {1, 2});
  }, "made for 1 parameters");
}

TEST_CASE("adam: step reports whether every updated parameter is still finite") {
  // 130 parameters: the vector loop and its scalar tail (with any lane count up to 8);
  // the bad gradient sits in the body, at a lane other than the first, and in the tail.
  for (const std::size_t bad : {std::size_t{0}, std::size_t{5}, std::size_t{129}})
    for (const float g : {INFINITY, -INFINITY, NAN}) {
      CAPTURE(bad);
      CAPTURE(g);
      sampling::nn::Adam adam(130, 1e-3);
      std::vector<float> p(130, 0.5f), grads(130, 0.25f);
      CHECK(adam.step(p, grads));
      grads[bad] = g;
      CHECK_FALSE(adam.step(p, grads));
      CHECK_FALSE(std::isfinite(p[bad]));
    }
  // An update too large for a float (lr 1e39) overflows the rounding, not the double math.
  sampling::nn::Adam huge(3, 1e39);
  std::vector<float> p = {1.0f, 2.0f, 3.0f};
  CHECK_FALSE(huge.step(p, {1.0f, 1.0f, 1.0f}));
  CHECK(std::isinf(p[0]));
  // The double step reports the same.
  sampling::nn::Adam adam_d(2, 0.1);
  std::vector<double> pd = {1.0, 2.0};
  CHECK(adam_d.step(pd, {0.5, 0.5}));
  CHECK_FALSE(adam_d.step(pd, {0.5, NAN}));
}

TEST_CASE("ema: the first update copies, later ones blend with the decay") {
  sampling::nn::Ema ema(0.9);
  CHECK(ema.weights().empty());
  ema.update({1.0f, -2.0f});
  CHECK(ema.weights() == std::vector<float>{1.0f, -2.0f});
  ema.update({3.0f, 0.0f});
  CHECK(ema.weights()[0] == doctest::Approx(0.9 * 1.0 + 0.1 * 3.0));
  CHECK(ema.weights()[1] == doctest::Approx(0.9 * -2.0));
  ema.update({3.0f, 0.0f});
  CHECK(ema.weights()[0] == doctest::Approx(0.9 * 1.2 + 0.1 * 3.0));
  check_error([&] { ema.update({1.0f}); }, "holds 2 parameters");
  check_error([] { sampling::nn::Ema(1.5); }, "decay must be in [0, 1], got 1.5");
  ema.reset();
  ema.update({7.0f});
  CHECK(ema.weights() == std::vector<float>{7.0f});
}

TEST_CASE("json: values, escapes and errors with byte offsets") {
  using sampling::nn::Json;
  using sampling::nn::parse_json;
  const Json v = parse_json(R"( {"a": [1, -2.5e3, true, false, null], "s": "x\"\\\/\b\f\n\r\t\u00e9\u4e2d\ud83d\ude00", "o": {}} )");
  REQUIRE(v.is_object());
  const Json& a = v.at("a");
  REQUIRE(a.size() == 5);
  std::uint64_t one = 0;
  CHECK(sampling::nn::json_u64(a[0], one));
  CHECK(one == 1);
  CHECK(a[1].get<double>() == -2500.0);
  CHECK_FALSE(sampling::nn::json_u64(a[1], one));
  CHECK_FALSE(sampling::nn::json_u64(parse_json("1.0"), one));
  CHECK_FALSE(sampling::nn::json_u64(parse_json("-0"), one));
  CHECK_FALSE(sampling::nn::json_u64(parse_json("18446744073709551616"), one));  // 2^64
  CHECK(sampling::nn::json_u64(parse_json("18446744073709551615"), one));
  CHECK(one == UINT64_MAX);
  CHECK(a[2].get<bool>());
  CHECK(a[4].is_null());
  CHECK(v.at("s").get<std::string>() == "x\"\\/\b\f\n\r\t\xc3\xa9\xe4\xb8\xad\xf0\x9f\x98\x80");
  CHECK(v.at("o").empty());
  CHECK(sampling::nn::json_kind_name(a) == std::string("an array"));
  CHECK(sampling::nn::json_shown(a[1]) == "-2500.0");
  check_error([] { parse_json("{\"a\" 1}"); }, "invalid JSON at byte 5: syntax error while parsing object separator");
  check_error([] { parse_json("[1, 2"); }, "expected ']'");
  check_error([] { parse_json("\"\\ud800\""); }, "surrogate U+D800..U+DBFF must be followed by U+DC00..U+DFFF");
  check_error([] { parse_json("\"\\x\""); }, "forbidden character after backslash");
  // The ill-formed byte is shown escaped, so the message itself is valid UTF-8.
  check_error([] { parse_json("\"\xff\""); }, "ill-formed UTF-8 byte; last read: '\"\\xff'");
  check_error([] { parse_json("{\"a\":1,\"b\":{\"a\":1,\"a\":2}}"); }, "invalid JSON: duplicate key \"a\"");
  CHECK(parse_json("{\"a\":{\"a\":1},\"b\":{\"a\":2}}").at("b").at("a") == 2);  // same key in two objects
  check_error([] { parse_json("01"); }, "invalid JSON at byte 1");
  check_error([] { parse_json("[1] x"); }, "expected end of input");
  check_error([] { parse_json("1e400"); }, "number overflow");
  check_error([] { parse_json("{\"a\": 1} // note"); }, "invalid JSON at byte");  // no comments
  check_error([] { parse_json(std::string(100, '[')); }, "nesting deeper than 64");
  check_error([] { parse_json(std::string(65, '[') + std::string(65, ']')); }, "nesting deeper than 64");
  CHECK(parse_json(std::string(64, '[') + std::string(64, ']')).is_array());
}

TEST_CASE("safetensors: round trip with shapes, scalars, empty tensors and non-ASCII metadata") {
  sampling::nn::SafetensorsFile f;
  f.tensors["w"] = {{2, 3}, {1, 2, 3, 4, 5, -6.5f}};
  f.tensors["scalar"] = {{}, {3.25f}};
  f.tensors["empty"] = {{0, 4}, {}};
  f.tensors["tiny"] = {{1}, {1e-40f}};  // subnormal survives
  f.metadata["note"] = "流匹配 — flow \"matching\"\n\ttab";
  f.metadata["sizes"] = "3,128,2";
  const std::string bytes = sampling::nn::save_safetensors(f);
  std::uint64_t n = 0;
  for (int i = 0; i < 8; ++i) n |= static_cast<std::uint64_t>(static_cast<unsigned char>(bytes[i])) << (8 * i);
  CHECK(n % 8 == 0);
  CHECK(bytes.size() == 8 + n + 4 * (6 + 1 + 0 + 1));
  const auto g = sampling::nn::load_safetensors(bytes);
  CHECK(g.metadata == f.metadata);
  REQUIRE(g.tensors.size() == f.tensors.size());
  for (const auto& entry : f.tensors) {
    const std::string& name = entry.first;
    const auto& t = entry.second;
    CAPTURE(name);
    CHECK(g.tensors.at(name).shape == t.shape);
    CHECK(g.tensors.at(name).data == t.data);
  }
  // Saving is deterministic.
  CHECK(sampling::nn::save_safetensors(g) == bytes);
}

TEST_CASE("safetensors: the bytes of a small file written by hand") {
  // Written: {"__metadata__":{"k":"v"},"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}
  // is 79 bytes, padded with one space to 80 = 0x50; 1.0f = 0x3f800000, −2.0f = 0xc0000000.
  const std::string header = R"({"__metadata__":{"k":"v"},"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}})";
  REQUIRE(header.size() == 79);
  const std::string expected = std::string("\x50\0\0\0\0\0\0\0", 8) + header + " " + std::string("\0\0\x80\x3f\0\0\0\xc0", 8);
  sampling::nn::SafetensorsFile f;
  f.tensors["a"] = {{2}, {1.0f, -2.0f}};
  f.metadata["k"] = "v";
  CHECK(sampling::nn::save_safetensors(f) == expected);

  // Without metadata the 54-byte header is padded with two spaces to 56 = 0x38.
  sampling::nn::SafetensorsFile plain;
  plain.tensors["a"] = {{2}, {1.0f, -2.0f}};
  const std::string plain_header = R"({"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}})";
  REQUIRE(plain_header.size() == 54);
  CHECK(sampling::nn::save_safetensors(plain) ==
        std::string("\x38\0\0\0\0\0\0\0", 8) + plain_header + "  " + std::string("\0\0\x80\x3f\0\0\0\xc0", 8));

  // A file laid out differently from ours: whitespace, escapes in a name, data not in
  // name order, metadata last, a scalar.
  const std::string other = make_file(
      "{\n  \"z\": {\"dtype\": \"F32\", \"shape\": [1, 2], \"data_offsets\": [0, 8]},\n"
      "  \"caf\\u00e9\": {\"shape\": [], \"data_offsets\": [8, 12], \"dtype\": \"F32\"},\n"
      "  \"__metadata__\": {\"format\": \"pt\"}\n}",
      std::string("\0\0\x80\x3f\0\0\0\x3f\0\0\0\xc0", 12));
  const auto g = sampling::nn::load_safetensors(other);
  CHECK(g.tensors.at("z").shape == std::vector<std::size_t>{1, 2});
  CHECK(g.tensors.at("z").data == std::vector<float>{1.0f, 0.5f});
  CHECK(g.tensors.at("caf\xc3\xa9").shape.empty());
  CHECK(g.tensors.at("caf\xc3\xa9").data == std::vector<float>{-2.0f});
  CHECK(g.metadata.at("format") == "pt");
}

TEST_CASE("safetensors: every bad file is an Error that names the problem") {
  using sampling::nn::load_safetensors;
  const std::string two = f32_bytes({1.0f, 2.0f});
  auto tensor = [](const std::string& dtype, const std::string& shape, const std::string& offsets) {
    return "{\"dtype\":\"" + dtype + "\",\"shape\":" + shape + ",\"data_offsets\":" + offsets + "}";
  };
  check_error([] { load_safetensors(""); }, "the file is empty");
  check_error([] { load_safetensors("abc"); }, "3 bytes long, shorter than the 8-byte header length");
  check_error([] { load_safetensors(std::string("\x64\0\0\0\0\0\0\0{}", 10)); },
              "header length is 100 bytes, past the end of the file (only 2 bytes follow");
  check_error([] { load_safetensors(std::string("\xff\xff\xff\xff\xff\xff\xff\xff{}", 10)); }, "past the end of the file");
  check_error([] { load_safetensors(std::string(8, '\0') + "{}"); }, "header length is 0");
  check_error([&] { load_safetensors(make_file("{\"a\": ", two)); }, "header is not valid JSON at byte 6 of the header");
  check_error([&] { load_safetensors(make_file("{\"a\" 1}", two)); }, "not valid JSON at byte 5 of the header (byte 13 of the file): syntax error");
  check_error([&] { load_safetensors(make_file("{\"a\":{},\"a\":{}}", two)); }, "header is not valid JSON: duplicate key \"a\"");
  check_error([&] { load_safetensors(make_file("[1, 2]", two)); }, "header must be a JSON object, found an array");
  // Every dtype of the format is validated; only the float ones are read as floats.
  for (const char* dtype : {"F64", "I64"}) {
    CAPTURE(dtype);
    check_error([&] { load_safetensors(make_file("{\"a\":" + tensor(dtype, "[1]", "[0,8]") + "}", two)); },
                std::string("tensor \"a\" has dtype ") + dtype + "; only F32, F16 and BF16 tensors can be read");
  }
  check_error([&] { load_safetensors(make_file("{\"a\":" + tensor("F33", "[2]", "[0,8]") + "}", two)); },
              "tensor \"a\" has unknown dtype \"F33\"");
  check_error([&] { load_safetensors(make_file("{\"a\":" + tensor("F32", "[3]", "[0,8]") + "}", two)); },
              "tensor \"a\" has shape [3] (3 F32 values, 12 bytes) but its data_offsets [0, 8] span 8 bytes");
  // 2^64 − 1 F32 values: the byte count wrapped to 2^64 − 4 in the message.
  check_error([&] { load_safetensors(make_file("{\"a\":" + tensor("F32", "[18446744073709551615]", "[0,8]") + "}", two)); },
              "tensor \"a\" has shape [18446744073709551615], more F32 values than 2^64 bytes hold");
  check_error([&] { load_safetensors(make_file("{\"a\":" + tensor("F32", "[4]", "[0,16]") + "}", two)); },
              "data_offsets [0, 16] out of range: the data is only 8 bytes");
  check_error([&] { load_safetensors(make_file("{\"a\":" + tensor("F32", "[0]", "[8,4]") + "}", two)); },
              "end before they begin");
  check_error([&] {
    load_safetensors(make_file("{\"a\":" + tensor("F32", "[2]", "[0,8]") + ",\"b\":" + tensor("F32", "[1]", "[4,8]") + "}", two));
  }, "tensors \"a\" (data_offsets [0, 8]) and \"b\" (data_offsets [4, 8]) overlap");
  check_error([&] {
    load_safetensors(make_file("{\"b\":" + tensor("F32", "[1]", "[4,8]") + ",\"a\":" + tensor("F32", "[2]", "[0,8]") + "}", two));
  }, "overlap");
  check_error([&] { load_safetensors(make_file("{\"a\":{\"shape\":[2],\"data_offsets\":[0,8]}}", two)); },
              "tensor \"a\" has no \"dtype\" field");
  check_error([&] { load_safetensors(make_file("{\"a\":{\"dtype\":\"F32\",\"data_offsets\":[0,8]}}", two)); },
              "tensor \"a\" has no \"shape\" field");
  check_error([&] { load_safetensors(make_file("{\"a\":{\"dtype\":\"F32\",\"shape\":[2]}}", two)); },
              "tensor \"a\" has no \"data_offsets\" field");
  check_error([&] { load_safetensors(make_file("{\"a\":" + tensor("F32", "[-2]", "[0,8]") + "}", two)); },
              "\"shape\" must be an array of non-negative integers, found -2");
  check_error([&] { load_safetensors(make_file("{\"a\":" + tensor("F32", "[2]", "[0]") + "}", two)); },
              "\"data_offsets\" must be an array of two non-negative integers");
  check_error([&] { load_safetensors(make_file("{\"a\":[]}", two)); }, "tensor \"a\" must be described by an object");
  check_error([&] { load_safetensors(make_file("{\"__metadata__\":{\"k\":1}}", two)); },
              "\"__metadata__\" entry \"k\" must be a string, found a number");
  check_error([&] { load_safetensors(make_file("{\"a\":" + tensor("F32", "[2]", "[0,8]") + ",\"a\":" + tensor("F32", "[2]", "[0,8]") + "}", two)); },
              "duplicate key \"a\"");
  // Writing checks its input too.
  sampling::nn::SafetensorsFile bad;
  bad.tensors["w"] = {{2, 2}, {1, 2, 3}};
  check_error([&] { sampling::nn::save_safetensors(bad); }, "tensor \"w\" has shape [2, 2] (4 values) but holds 3 values");
}

TEST_CASE("mlp_io: PyTorch names and [out, in] layout, round trip and mismatches named") {
  Rng rng(9);
  Mlp<float> mlp({3, 5, 2});
  mlp.init(rng);
  sampling::nn::SafetensorsFile f;
  sampling::nn::mlp_to_tensors(mlp, f);
  REQUIRE(f.tensors.size() == 4);
  const auto& w0 = f.tensors.at("layers.0.weight");
  CHECK(w0.shape == std::vector<std::size_t>{5, 3});
  // PyTorch's weight[j][k] is our W[k][j] (input-major).
  for (std::size_t j = 0; j < 5; ++j)
    for (std::size_t k = 0; k < 3; ++k) CHECK(w0.data[j * 3 + k] == mlp.parameters()[mlp.weight_offset(0) + k * 5 + j]);
  CHECK(f.tensors.at("layers.1.bias").shape == std::vector<std::size_t>{2});
  CHECK(sampling::nn::mlp_sizes_from_tensors(f) == std::vector<int>{3, 5, 2});

  const auto loaded = sampling::nn::load_safetensors(sampling::nn::save_safetensors(f));
  Mlp<float> copy(sampling::nn::mlp_sizes_from_tensors(loaded));
  sampling::nn::mlp_from_tensors(copy, loaded);
  CHECK(copy.parameters() == mlp.parameters());

  Mlp<float> other({3, 4, 2});
  const auto before = other.parameters();
  check_error([&] { sampling::nn::mlp_from_tensors(other, f); },
              "\"layers.0.weight\" has shape [5, 3], expected [4, 3]; \"layers.0.bias\" has shape [5], expected [4]");
  CHECK(other.parameters() == before);  // unchanged on error
  auto missing = f;
  missing.tensors.erase("layers.1.bias");
  check_error([&] { sampling::nn::mlp_from_tensors(copy, missing); }, "\"layers.1.bias\" is missing");
  check_error([] { sampling::nn::mlp_sizes_from_tensors({}); }, "no \"layers.0.weight\"");
  auto broken = f;
  broken.tensors["layers.1.weight"].shape = {2, 4};
  check_error([&] { sampling::nn::mlp_sizes_from_tensors(broken); }, "takes 4 inputs but layer 0 has 5 outputs");
}

// Used by tests/conformance/nn.test.mjs: with SAMPLING_NN_REFERENCE_DIR set, writes
// mlp.safetensors, input.bin and output.bin (raw little-endian float32, batch × in and
// batch × out) there for an independent reader; does nothing otherwise.
TEST_CASE("mlp writes a reference file for the conformance check") {
  const char* dir = std::getenv("SAMPLING_NN_REFERENCE_DIR");
  if (!dir || !*dir) return;
  const std::vector<int> sizes = {3, 16, 12, 2};
  Rng rng(2025);
  Mlp<float> mlp(sizes);
  mlp.init(rng);
  const int batch = 33;
  std::vector<float> x(batch * 3);
  for (float& v : x) v = static_cast<float>(2 * rng.normal());
  const float* y = mlp.forward(x.data(), batch);
  sampling::nn::SafetensorsFile f;
  sampling::nn::mlp_to_tensors(mlp, f);
  f.metadata["sizes"] = "3,16,12,2";
  f.metadata["activation"] = "silu";
  f.metadata["note"] = "参考 — référence \"quoted\"";
  auto write = [&](const std::string& name, const std::string& bytes) {
    std::ofstream out(std::string(dir) + "/" + name, std::ios::binary);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    REQUIRE(out.good());
  };
  auto raw = [](const float* p, std::size_t n) {
    std::string s;
    for (std::size_t i = 0; i < n; ++i) {
      std::uint32_t bits;
      std::memcpy(&bits, p + i, 4);
      for (int b = 0; b < 4; ++b) s += static_cast<char>((bits >> (8 * b)) & 0xff);
    }
    return s;
  };
  write("mlp.safetensors", sampling::nn::save_safetensors(f));
  write("input.bin", raw(x.data(), x.size()));
  write("output.bin", raw(y, static_cast<std::size_t>(batch) * 2));
}
