#include "core/nn/mlp_io.hpp"

#include <algorithm>
#include <limits>

#include "core/common/error.hpp"

namespace sampling::nn {

std::string mlp_weight_name(std::size_t layer) { return "layers." + std::to_string(layer) + ".weight"; }
std::string mlp_bias_name(std::size_t layer) { return "layers." + std::to_string(layer) + ".bias"; }

void mlp_to_tensors(const Mlp<float>& mlp, SafetensorsFile& file) {
  const std::vector<float>& p = mlp.parameters();
  for (std::size_t l = 0; l < mlp.layer_count(); ++l) {
    const std::size_t in = static_cast<std::size_t>(mlp.sizes()[l]), out = static_cast<std::size_t>(mlp.sizes()[l + 1]);
    Tensor w;
    w.shape = {out, in};
    w.data.resize(out * in);
    const float* src = p.data() + mlp.weight_offset(l);  // in × out
    for (std::size_t k = 0; k < in; ++k)
      for (std::size_t j = 0; j < out; ++j) w.data[j * in + k] = src[k * out + j];
    Tensor b;
    b.shape = {out};
    b.data.assign(p.data() + mlp.bias_offset(l), p.data() + mlp.bias_offset(l) + out);
    file.tensors[mlp_weight_name(l)] = std::move(w);
    file.tensors[mlp_bias_name(l)] = std::move(b);
  }
}

void mlp_from_tensors(Mlp<float>& mlp, const SafetensorsFile& file) {
  std::string problems;
  auto check = [&](const std::string& name, const std::vector<std::size_t>& want) {
    const auto it = file.tensors.find(name);
    std::string problem;
    if (it == file.tensors.end()) problem = "\"" + name + "\" is missing";
    else if (it->second.shape != want)
      problem = "\"" + name + "\" has shape " + show_shape(it->second.shape) + ", expected " + show_shape(want);
    if (!problem.empty()) problems += (problems.empty() ? "" : "; ") + problem;
  };
  for (std::size_t l = 0; l < mlp.layer_count(); ++l) {
    const std::size_t in = static_cast<std::size_t>(mlp.sizes()[l]), out = static_cast<std::size_t>(mlp.sizes()[l + 1]);
    check(mlp_weight_name(l), {out, in});
    check(mlp_bias_name(l), {out});
  }
  if (!problems.empty()) {
    std::string sizes;
    for (const int s : mlp.sizes()) sizes += (sizes.empty() ? "" : ", ") + std::to_string(s);
    throw Error("mlp weights do not fit a network of sizes {" + sizes + "}: " + problems);
  }
  std::vector<float>& p = mlp.parameters();
  for (std::size_t l = 0; l < mlp.layer_count(); ++l) {
    const std::size_t in = static_cast<std::size_t>(mlp.sizes()[l]), out = static_cast<std::size_t>(mlp.sizes()[l + 1]);
    const std::vector<float>& w = file.tensors.at(mlp_weight_name(l)).data;  // out × in
    float* dst = p.data() + mlp.weight_offset(l);
    for (std::size_t j = 0; j < out; ++j)
      for (std::size_t k = 0; k < in; ++k) dst[k * out + j] = w[j * in + k];
    const std::vector<float>& b = file.tensors.at(mlp_bias_name(l)).data;
    std::copy(b.begin(), b.end(), p.begin() + static_cast<std::ptrdiff_t>(mlp.bias_offset(l)));
  }
}

std::vector<int> mlp_sizes_from_tensors(const SafetensorsFile& file) {
  std::vector<int> sizes;
  for (std::size_t l = 0;; ++l) {
    const auto it = file.tensors.find(mlp_weight_name(l));
    if (it == file.tensors.end()) break;
    const std::vector<std::size_t>& shape = it->second.shape;
    const std::size_t limit = static_cast<std::size_t>(std::numeric_limits<int>::max());
    if (shape.size() != 2 || shape[0] == 0 || shape[1] == 0 || shape[0] > limit || shape[1] > limit)
      throw Error("mlp weights: \"" + it->first + "\" must be a non-empty 2-D [out, in] tensor, got shape " +
                  show_shape(shape));
    const int out = static_cast<int>(shape[0]), in = static_cast<int>(shape[1]);
    if (l == 0) sizes.push_back(in);
    else if (sizes.back() != in)
      throw Error("mlp weights: \"" + it->first + "\" takes " + std::to_string(in) + " inputs but layer " +
                  std::to_string(l - 1) + " has " + std::to_string(sizes.back()) + " outputs");
    sizes.push_back(out);
  }
  if (sizes.empty()) throw Error("mlp weights: there is no \"layers.0.weight\" tensor");
  return sizes;
}

}  // namespace sampling::nn
