#include "core/tokenize/darts_trie.hpp"

namespace sampling::tokenize {

DartsTrie::DartsTrie(std::string_view blob) {
  if (blob.size() % 4 != 0) throw Error("model file: precompiled_charsmap trie size is not a multiple of 4");
  units_.resize(blob.size() / 4);
  for (std::size_t i = 0; i < units_.size(); ++i) {
    std::uint32_t u = 0;
    for (int b = 0; b < 4; ++b) u |= static_cast<std::uint32_t>(static_cast<unsigned char>(blob[4 * i + b])) << (8 * b);
    units_[i] = u;
  }
}

}  // namespace sampling::tokenize
