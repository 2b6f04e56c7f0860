#pragma once
// A multilayer perceptron with SiLU hidden activations and a linear output layer, with
// the three passes the flow objectives need, side by side as in llm.c:
//   forward      y = f(x)
//   forward_jvp  y = f(x) and ẏ = J_f(x)·ẋ in one pass (a tangent carried through
//                every layer); the primal activations it caches serve backward, so a
//                MeanFlow step needs no second forward
//   backward     parameter gradients (and dL/dx) from dL/dy, using the cached
//                activations of the last forward or forward_jvp
// Templated on the scalar: float for training and sampling, double for the
// finite-difference tests. Buffers (xtensor) are allocated once per batch size and
// reused; the matrix products are the shared kernels of core/nn/matmul.
//
// Parameters live in one contiguous vector (for Adam, EMA and safetensors), layer by
// layer: the weight W_l stored input-major (in_l × out_l, so the hot loops are
// contiguous axpy's), then the bias b_l (out_l). Layer l computes
//   a_l = h_l · W_l + b_l,   h_{l+1} = silu(a_l) = a_l·σ(a_l)   (last layer: y = a_{L−1})
#include <cstddef>
#include <vector>

#include "core/common/rng.hpp"
#include "core/nn/matmul.hpp"
#include "core/nn/tensor.hpp"

namespace sampling::nn {

template <class T>
class Mlp {
 public:
  // sizes = {in, hidden..., out}; at least one layer.
  explicit Mlp(std::vector<int> sizes);

  int input_size() const { return sizes_.front(); }
  int output_size() const { return sizes_.back(); }
  const std::vector<int>& sizes() const { return sizes_; }
  std::size_t layer_count() const { return sizes_.size() - 1; }

  // All parameters, and their gradients (same layout). Gradients accumulate across
  // backward calls until zero_grad().
  std::vector<T>& parameters() { return params_; }
  const std::vector<T>& parameters() const { return params_; }
  std::vector<T>& gradients() { return grads_; }
  void zero_grad();
  // Offsets of W_l and b_l inside parameters().
  std::size_t weight_offset(std::size_t layer) const { return weight_offsets_[layer]; }
  std::size_t bias_offset(std::size_t layer) const { return bias_offsets_[layer]; }

  // Initializes like PyTorch's nn.Linear default: U(−1/√in, 1/√in) for W and b.
  // Draw order: layer by layer, W_l in storage order (input-major), then b_l; each value
  // is rng.uniform(−1/√in, 1/√in) rounded to T.
  void init(Rng& rng);

  // x: batch × in, row-major. Returns batch × out (valid until the next call).
  const T* forward(const T* x, int batch);
  // Also returns the tangent output through `dy` (batch × out, valid until the next call).
  const T* forward_jvp(const T* x, const T* dx, int batch, const T** dy);
  // dL/dy: batch × out. Accumulates into gradients(); returns dL/dx (batch × in), or
  // nullptr with input_gradient false (the training objectives: the first layer's
  // product with W_0ᵀ is then skipped). Uses the current parameters and the activations
  // of the last forward/forward_jvp; throws sampling::Error if neither has run.
  const T* backward(const T* dloss_dy, bool input_gradient = true);

 private:
  void ensure_batch(int batch);
  std::vector<int> sizes_;
  std::vector<T> params_, grads_;
  std::vector<std::size_t> weight_offsets_, bias_offsets_;
  int batch_ = 0;
  bool cached_ = false;  // activations of a completed forward/forward_jvp are held for backward
  // Per layer, for the current batch (batch × width): inputs h_l and their tangents, one
  // entry per layer (h_[0] is a copy of x). Hidden layers write h_{l+1} = silu(a_l)
  // straight from the kernel (no pre-activation is kept); the last layer writes
  // output_/output_tangent_.
  using Activations = xt::xtensor<T, 2>;
  std::vector<Activations> h_, dh_;
  std::vector<Activations> silu_grad_;  // silu'(a_l) per hidden layer, saved by the forward passes
  std::vector<Activations> grad_h_;     // backward: dL/dh_l
  Activations output_, output_tangent_;
  // The products run on the shared kernels (core/nn/matmul): W_l packed for the forward
  // passes, W_lᵀ and dL/da_l for backward (repacked on each call: parameters change).
  std::vector<PackedMatrixT<T>> weights_, weights_t_, grad_out_;
};

}  // namespace sampling::nn
