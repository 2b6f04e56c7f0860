// libFuzzer target: a safetensors file (JSON header, layout, F32/F16/BF16 data), and
// the same bytes as a flow model's weights file.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "core/common/error.hpp"
#include "core/flow/weights_file.hpp"
#include "core/nn/safetensors.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  try {
    const auto index = sampling::nn::index_safetensors(bytes);
    for (const auto& [name, entry] : index.tensors) {
      // A view inside the file whose size matches its shape.
      if (entry.bytes.data() < bytes.data() || entry.bytes.data() + entry.bytes.size() > bytes.data() + bytes.size())
        std::abort();
      try {
        const auto values = sampling::nn::read_floats(name, entry);
        if (values.size() != sampling::nn::element_count(entry.shape)) std::abort();
      } catch (const sampling::Error&) {
      }
    }
  } catch (const sampling::Error&) {
  }
  try {
    sampling::flow::load_flow_weights(bytes);
  } catch (const sampling::Error&) {
  }
  return 0;
}
