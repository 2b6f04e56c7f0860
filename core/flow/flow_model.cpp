#include "core/flow/flow_model.hpp"

#include "core/common/error.hpp"

namespace sampling::flow {

Method parse_method(const std::string& name) {
  if (name == "fm") return Method::flow_matching;
  if (name == "meanflow") return Method::meanflow;
  if (name == "shortcut") return Method::shortcut;
  if (name == "consistency") return Method::consistency;
  throw Error("unknown method '" + name + "': use fm, meanflow, shortcut or consistency");
}

const char* method_name(Method m) {
  switch (m) {
    case Method::flow_matching: return "fm";
    case Method::meanflow: return "meanflow";
    case Method::shortcut: return "shortcut";
    case Method::consistency: return "consistency";
  }
  return "?";
}

void make_inputs(const float* z, const float* t, const float* s, int batch, std::vector<float>& out) {
  out.resize(static_cast<std::size_t>(batch) * kInputs);
  for (int i = 0; i < batch; ++i) {
    float* row = out.data() + static_cast<std::size_t>(i) * kInputs;
    row[0] = z[2 * i], row[1] = z[2 * i + 1], row[2] = t[i], row[3] = s[i];
  }
}

void make_inputs(const float* z, float t, float s, int batch, std::vector<float>& out) {
  out.resize(static_cast<std::size_t>(batch) * kInputs);
  for (int i = 0; i < batch; ++i) {
    float* row = out.data() + static_cast<std::size_t>(i) * kInputs;
    row[0] = z[2 * i], row[1] = z[2 * i + 1], row[2] = t, row[3] = s;
  }
}

std::vector<int> network_sizes(const std::vector<int>& hidden) {
  if (hidden.empty()) throw Error("flow: the network needs at least one hidden layer");
  for (int w : hidden)
    if (w < 1 || w > 4096) throw Error("flow: hidden widths must be between 1 and 4096, got " + std::to_string(w));
  std::vector<int> sizes{kInputs};
  sizes.insert(sizes.end(), hidden.begin(), hidden.end());
  sizes.push_back(2);
  return sizes;
}

}  // namespace sampling::flow
