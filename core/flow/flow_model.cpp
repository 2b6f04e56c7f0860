#include "core/flow/flow_model.hpp"

#include "core/common/error.hpp"
#include "core/common/limits.hpp"
#include "core/flow/weights_file.hpp"

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
  std::uint64_t parameters = 0;
  for (std::size_t l = 0; l + 1 < sizes.size(); ++l) parameters += (sizes[l] + std::uint64_t{1}) * sizes[l + 1];
  if (parameters > kMaxParameters) {
    const std::string shown = hidden.size() <= 8 ? format_widths(hidden)
                                                 : format_widths({hidden.begin(), hidden.begin() + 8}) + ",… (" +
                                                       std::to_string(hidden.size()) + " layers)";
    throw Error("flow: hidden widths " + shown + " make " + std::to_string(parameters) + " parameters; the limit is " +
                std::to_string(kMaxParameters) + " (use fewer or narrower layers)");
  }
  return sizes;
}

void check_work(const std::vector<int>& sizes, std::uint64_t rows, std::uint64_t per_unit, std::uint64_t per_row,
                const std::string& what, const char* advice) {
  std::uint64_t units = 0;
  for (std::size_t l = 1; l < sizes.size(); ++l) units += static_cast<std::uint64_t>(sizes[l]);
  // rows ≤ 2^32 and units · per_unit + per_row ≤ 2^31 for every caller: no overflow.
  const double bytes = static_cast<double>(rows) * static_cast<double>(units * per_unit + per_row);
  if (bytes > static_cast<double>(limits::kMaxFlowWorkBytes))
    throw Error("flow: " + what + " needs about " + limits::mib(static_cast<std::uint64_t>(bytes)) +
                " of memory; the limit is " + limits::mib(limits::kMaxFlowWorkBytes) + " (the web module's memory is capped at " +
                limits::mib(limits::kWasmMaximumMemory) + "): " + advice);
}

}  // namespace sampling::flow
