#pragma once
// A trained flow model on disk: the network's EMA weights in safetensors
// (layers.{l}.weight [out, in], layers.{l}.bias [out], PyTorch's nn.Sequential layout)
// with metadata naming the method, the hidden widths and the time convention.
#include <map>
#include <memory>
#include <string>
#include <string_view>

#include "core/flow/flow_model.hpp"

namespace sampling::flow {

struct FlowWeights {
  Method method;
  std::vector<int> hidden;
  std::map<std::string, std::string> metadata;
  std::unique_ptr<nn::Mlp<float>> network;
};

std::string save_flow_weights(Method method, const std::vector<int>& hidden, const nn::Mlp<float>& network,
                              std::map<std::string, std::string> metadata);
// Throws naming what is wrong (not safetensors, no method, a missing or mis-shaped tensor).
FlowWeights load_flow_weights(std::string_view bytes);

std::vector<int> parse_widths(const std::string& text);  // "128,128,128"
std::string format_widths(const std::vector<int>& widths);

}  // namespace sampling::flow
