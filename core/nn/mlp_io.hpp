#pragma once
// An Mlp<float>'s parameters as named tensors, in PyTorch's naming and layout for a
// module whose linear layers sit in an nn.Sequential called `layers` (SiLU between them):
//   "layers.{l}.weight"  shape [out_l, in_l]   (PyTorch's out × in: the transpose of
//                                               our input-major W_l)
//   "layers.{l}.bias"    shape [out_l]
// with l = 0 … layer_count − 1 counting linear layers only.
#include <string>
#include <vector>

#include "core/nn/mlp.hpp"
#include "core/nn/safetensors.hpp"

namespace sampling::nn {

std::string mlp_weight_name(std::size_t layer);  // "layers.{l}.weight"
std::string mlp_bias_name(std::size_t layer);    // "layers.{l}.bias"

// Adds (or replaces) the network's tensors in file; other tensors and metadata stay.
void mlp_to_tensors(const Mlp<float>& mlp, SafetensorsFile& file);

// Copies the tensors into the network. Every tensor must exist with the shape the
// network's sizes need; otherwise throws sampling::Error listing each missing or
// mis-shaped tensor, and the network is left unchanged. Extra tensors are ignored.
void mlp_from_tensors(Mlp<float>& mlp, const SafetensorsFile& file);

// The sizes {in, hidden..., out} that the tensors layers.0 … describe (to construct
// the Mlp before loading). Throws sampling::Error if there is no layers.0.weight, a
// weight is not 2-D or consecutive layers do not chain.
std::vector<int> mlp_sizes_from_tensors(const SafetensorsFile& file);

}  // namespace sampling::nn
