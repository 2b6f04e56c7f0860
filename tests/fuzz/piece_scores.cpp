// libFuzzer target: a "piece<TAB>score" vocabulary, then the loaded model at work
// (fuzz_tokenizer.hpp). Also the format detection of UnigramModel::load.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/common/error.hpp"
#include "tests/fuzz/fuzz_tokenizer.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  try {
    fuzzing::exercise_tokenizer(sampling::tokenize::UnigramModel::from_piece_scores(bytes));
  } catch (const sampling::Error&) {
  }
  try {
    sampling::tokenize::UnigramModel::load(bytes);
  } catch (const sampling::Error&) {
  }
  return 0;
}
