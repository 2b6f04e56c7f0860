#include "core/flow/weights_file.hpp"

#include <cstdint>
#include <sstream>

#include "core/common/error.hpp"
#include "core/common/limits.hpp"
#include "core/nn/mlp_io.hpp"
#include "core/nn/safetensors.hpp"

namespace sampling::flow {

std::vector<int> parse_widths(const std::string& text) {
  std::vector<int> widths;
  std::stringstream s(text);
  for (std::string item; std::getline(s, item, ',');) {
    if (item.empty() || item.size() > 5 || item.find_first_not_of("0123456789") != std::string::npos)
      throw Error("hidden widths must be comma-separated numbers like 128,128,128, got '" + text + "'");
    widths.push_back(std::stoi(item));
  }
  return widths;
}

std::string format_widths(const std::vector<int>& widths) {
  std::string s;
  for (std::size_t i = 0; i < widths.size(); ++i) s += (i ? "," : "") + std::to_string(widths[i]);
  return s;
}

std::string save_flow_weights(Method method, const std::vector<int>& hidden, const nn::Mlp<float>& network,
                              std::map<std::string, std::string> metadata) {
  nn::SafetensorsFile file;
  nn::mlp_to_tensors(network, file);
  file.metadata = std::move(metadata);
  file.metadata["method"] = method_name(method);
  file.metadata["hidden"] = format_widths(hidden);
  file.metadata["inputs"] = "z_x,z_y,t,s";
  file.metadata["convention"] = "data at t=0, noise at t=1, z_t=(1-t)x+t*eps";
  return nn::save_safetensors(file);
}

FlowWeights load_flow_weights(std::string_view bytes) {
  limits::check_file_size(bytes.size(), limits::kMaxFlowWeightsBytes, "flow weights file");
  const nn::SafetensorsFile file = nn::load_safetensors(bytes);
  const auto meta = [&](const std::string& key) {
    const auto it = file.metadata.find(key);
    if (it == file.metadata.end()) throw Error("weights file: metadata '" + key + "' is missing (not a flow model?)");
    return it->second;
  };
  FlowWeights w{parse_method(meta("method")), parse_widths(meta("hidden")), file.metadata, nullptr};
  // The widths come from the file: a network they describe must fit in the values the
  // file holds, checked before it is allocated (a short file cannot ask for gigabytes).
  const std::vector<int> sizes = network_sizes(w.hidden);
  std::uint64_t needed = 0, held = 0;
  for (std::size_t l = 0; l + 1 < sizes.size(); ++l)
    needed += static_cast<std::uint64_t>(sizes[l] + 1) * static_cast<std::uint64_t>(sizes[l + 1]);
  for (const auto& entry : file.tensors) held += entry.second.data.size();
  if (needed > held)
    throw Error("weights file: hidden widths " + meta("hidden") + " need " + std::to_string(needed) +
                " parameters but the file holds " + std::to_string(held) + " values");
  w.network = std::make_unique<nn::Mlp<float>>(sizes);
  nn::mlp_from_tensors(*w.network, file);
  return w;
}

}  // namespace sampling::flow
