#include "core/nn/mlp.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include "core/common/error.hpp"
#include "core/nn/matmul.hpp"

namespace sampling::nn {
template <class T>
Mlp<T>::Mlp(std::vector<int> sizes) : sizes_(std::move(sizes)) {
  if (sizes_.size() < 2)
    throw Error("mlp: sizes must list the input size and at least one layer's output size, got " +
                std::to_string(sizes_.size()) + " number(s)");
  for (std::size_t i = 0; i < sizes_.size(); ++i)
    if (sizes_[i] < 1)
      throw Error("mlp: every size must be >= 1, got " + std::to_string(sizes_[i]) + " at position " +
                  std::to_string(i));
  const std::size_t layers = sizes_.size() - 1;
  std::size_t offset = 0;
  weights_.resize(layers);
  weights_t_.resize(layers);
  grad_out_.resize(layers);
  for (std::size_t l = 0; l < layers; ++l) {
    const std::size_t in = static_cast<std::size_t>(sizes_[l]), out = static_cast<std::size_t>(sizes_[l + 1]);
    weight_offsets_.push_back(offset);
    offset += in * out;
    bias_offsets_.push_back(offset);
    offset += out;
  }
  params_.assign(offset, T(0));
  grads_.assign(offset, T(0));
  h_.resize(layers);
  dh_.resize(layers);
  grad_h_.resize(layers);
  silu_grad_.resize(layers - 1);
}

template <class T>
void Mlp<T>::zero_grad() {
  for (T& g : grads_) g = T(0);
}

template <class T>
void Mlp<T>::init(Rng& rng) {
  // Layer by layer: W_l in storage order (input-major: for k < in, for j < out), then b_l.
  for (std::size_t l = 0; l < layer_count(); ++l) {
    const int in = sizes_[l], out = sizes_[l + 1];
    const double bound = 1.0 / std::sqrt(static_cast<double>(in));
    T* w = params_.data() + weight_offsets_[l];
    for (std::size_t i = 0; i < static_cast<std::size_t>(in) * out; ++i) w[i] = static_cast<T>(rng.uniform(-bound, bound));
    T* b = params_.data() + bias_offsets_[l];
    for (int j = 0; j < out; ++j) b[j] = static_cast<T>(rng.uniform(-bound, bound));
  }
}

template <class T>
void Mlp<T>::ensure_batch(int batch) {
  if (batch < 1) throw Error("mlp: batch size must be >= 1, got " + std::to_string(batch));
  if (batch == batch_) return;
  const std::size_t b = static_cast<std::size_t>(batch);
  auto zeros = [&](Activations& m, int width) {
    m.resize({b, static_cast<std::size_t>(width)});
    m.fill(T(0));
  };
  for (std::size_t l = 0; l < layer_count(); ++l) {
    zeros(h_[l], sizes_[l]);
    zeros(dh_[l], sizes_[l]);
    zeros(grad_h_[l], sizes_[l]);
    if (l + 1 < layer_count()) zeros(silu_grad_[l], sizes_[l + 1]);
  }
  zeros(output_, output_size());
  zeros(output_tangent_, output_size());
  batch_ = batch;
}

template <class T>
const T* Mlp<T>::forward(const T* x, int batch) {
  if (!x) throw Error("mlp: forward got no input");
  ensure_batch(batch);
  cached_ = false;
  const std::size_t layers = layer_count();
  std::copy(x, x + static_cast<std::size_t>(batch) * input_size(), h_[0].begin());
  for (std::size_t l = 0; l < layers; ++l) {
    const int in = sizes_[l], out = sizes_[l + 1];
    const T* bias = params_.data() + bias_offsets_[l];
    // a = h·W + b, W stored input-major: the B of the shared kernel as it is; hidden
    // layers apply SiLU (and keep silu'(a) for backward) as each tile is stored.
    weights_[l].pack(params_.data() + weight_offsets_[l], out, in, out);
    if (l + 1 == layers)
      gemm(batch, h_[l].data(), in, weights_[l], bias, output_.data(), out);
    else
      gemm_silu(batch, h_[l].data(), in, weights_[l], bias, h_[l + 1].data(), silu_grad_[l].data(), out);
  }
  cached_ = true;
  return output_.data();
}

template <class T>
const T* Mlp<T>::forward_jvp(const T* x, const T* dx, int batch, const T** dy) {
  if (!x || !dx) throw Error("mlp: forward_jvp needs both an input and a tangent");
  ensure_batch(batch);
  cached_ = false;
  const std::size_t layers = layer_count();
  const std::size_t n0 = static_cast<std::size_t>(batch) * input_size();
  std::copy(x, x + n0, h_[0].begin());
  std::copy(dx, dx + n0, dh_[0].begin());
  for (std::size_t l = 0; l < layers; ++l) {
    const int in = sizes_[l], out = sizes_[l + 1];
    const T* bias = params_.data() + bias_offsets_[l];
    // Primal a = h·W + b and tangent ȧ = ḣ·W (the bias is constant); hidden layers give
    // h' = silu(a), silu'(a) and ḣ' = silu'(a)·ȧ, from one pass over the packed W.
    weights_[l].pack(params_.data() + weight_offsets_[l], out, in, out);
    if (l + 1 == layers) {
      gemm(batch, h_[l].data(), in, weights_[l], bias, output_.data(), out);
      gemm(batch, dh_[l].data(), in, weights_[l], nullptr, output_tangent_.data(), out);
    } else {
      gemm_silu_jvp(batch, h_[l].data(), dh_[l].data(), in, weights_[l], bias, h_[l + 1].data(),
                    silu_grad_[l].data(), dh_[l + 1].data(), out);
    }
  }
  cached_ = true;
  if (dy) *dy = output_tangent_.data();
  return output_.data();
}

template <class T>
const T* Mlp<T>::backward(const T* dloss_dy, bool input_gradient) {
  if (!cached_) throw Error("mlp: backward needs a forward or forward_jvp first (no activations are cached)");
  if (!dloss_dy) throw Error("mlp: backward got no dL/dy");
  const int batch = batch_;
  const std::size_t layers = layer_count();
  for (std::size_t l = input_gradient ? 0 : 1; l < layers; ++l) {
    const int in = sizes_[l], out = sizes_[l + 1];
    weights_t_[l].pack_transposed(params_.data() + weight_offsets_[l], out, out, in);  // W_lᵀ (out × in)
  }
  for (std::size_t l = layers; l-- > 0;) {
    const int in = sizes_[l], out = sizes_[l + 1];
    const std::size_t si = static_cast<std::size_t>(in), so = static_cast<std::size_t>(out);
    // g = dL/da_l: given for the last layer; for a hidden layer dL/dh_{l+1} ⊙ silu'(a_l),
    // in place, with silu'(a_l) cached by the forward pass.
    const T* g;
    if (l + 1 == layers) {
      g = dloss_dy;
    } else {
      T* gh = grad_h_[l + 1].data();
      const T* d = silu_grad_[l].data();
      const std::size_t n = static_cast<std::size_t>(batch) * so;
      for (std::size_t i = 0; i < n; ++i) gh[i] *= d[i];
      g = gh;
    }
    // dL/dW_l[k, :] += Σ_r h_l[r, k]·g[r, :];  dL/db_l += Σ_r g[r, :].
    const T* h = h_[l].data();
    T* gw = grads_.data() + weight_offsets_[l];
    T* gb = grads_.data() + bias_offsets_[l];
    // dL/dW_l += h_lᵀ·g: each element summed over r in ascending order, reading h_l as
    // it is (the kernel broadcasts h_l[r, k..k+MR) at step r).
    grad_out_[l].pack(g, so, batch, so);
    gemm_transposed_accumulate(si, h, si, grad_out_[l], gw, so);
    for (int r = 0; r < batch; ++r)
      for (int j = 0; j < out; ++j) gb[j] += g[r * so + j];
    // dL/dh_l = g · W_lᵀ.
    if (l > 0 || input_gradient) gemm(batch, g, so, weights_t_[l], nullptr, grad_h_[l].data(), si);
  }
  return input_gradient ? grad_h_[0].data() : nullptr;
}

template class Mlp<float>;
template class Mlp<double>;

}  // namespace sampling::nn
