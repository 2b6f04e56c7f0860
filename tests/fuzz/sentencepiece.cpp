// libFuzzer target: a SentencePiece .model file (protobuf, with its precompiled
// normalization rules), then the loaded model at work (fuzz_tokenizer.hpp).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/common/error.hpp"
#include "tests/fuzz/fuzz_tokenizer.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  try {
    const auto model =
        sampling::tokenize::UnigramModel::from_sentencepiece(std::string_view(reinterpret_cast<const char*>(data), size));
    fuzzing::exercise_tokenizer(model);
  } catch (const sampling::Error&) {
  }
  return 0;
}
