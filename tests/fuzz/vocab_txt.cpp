// libFuzzer target: a BERT vocab.txt, then BERT's tokenizer (basic split and WordPiece)
// over a few texts with that vocabulary, every id checked to be in range.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "core/common/error.hpp"
#include "core/text/bert_tokenizer.hpp"
#include "core/text/vocab.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  try {
    const auto vocab = sampling::text::Vocab::parse(std::string_view(reinterpret_cast<const char*>(data), size));
    const sampling::text::BertTokenizer tokenizer(vocab);
    for (const char* text : {"Hello, world! [MASK] unaffable", "\xe5\xba\x8a\xe5\x89\x8d[MASK]\xe6\x9c\x88\xe5\x85\x89\xef\xbc\x8c",
                             "  caf\xc3\xa9 \xe2\x80\x94 [CLS][SEP] ##x  "}) {
      for (const std::int32_t id : tokenizer.encode(text))
        if (id < 0 || id >= vocab.size()) std::abort();
    }
  } catch (const sampling::Error&) {
  }
  return 0;
}
