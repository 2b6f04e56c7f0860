// libFuzzer target: a BERT config.json (the JSON reader and the checks of every field).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/common/error.hpp"
#include "core/nn/bert.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  try {
    sampling::nn::parse_bert_config(std::string_view(reinterpret_cast<const char*>(data), size));
  } catch (const sampling::Error&) {
  }
  return 0;
}
