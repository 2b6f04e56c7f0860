#pragma once
// A read-only view of a Darts-clone double-array trie, the structure SentencePiece
// stores in `precompiled_charsmap`. Each 32-bit unit packs: bit 8 "has a leaf child",
// bits 0–7 (and bit 31 for leaves) the label, bits 10–31 an offset (scaled by 2^8 when
// bit 9 is set); a leaf unit holds a 31-bit value. Walking a key: pos ^= offset(unit),
// then for each byte c: pos ^= c, the unit there must carry label c.
#include <cstdint>
#include <string_view>
#include <vector>

#include "core/common/error.hpp"

namespace sampling::tokenize {

class DartsTrie {
 public:
  DartsTrie() = default;
  // `blob` holds little-endian 32-bit units.
  explicit DartsTrie(std::string_view blob);
  bool empty() const { return units_.empty(); }

  // Calls on_match(value, length) for every key that is a prefix of text, shortest first.
  template <class F>
  void common_prefix_search(const char* text, std::size_t length, F&& on_match) const {
    if (units_.empty()) return;
    std::uint32_t pos = offset(units_[0]);
    for (std::size_t i = 0; i < length; ++i) {
      const auto c = static_cast<unsigned char>(text[i]);
      pos ^= c;
      if (pos >= units_.size()) return;
      const std::uint32_t unit = units_[pos];
      if ((unit & ((1U << 31) | 0xFF)) != c) return;  // label mismatch
      pos ^= offset(unit);
      if ((unit >> 8) & 1) {
        if (pos >= units_.size()) throw Error("model file: precompiled_charsmap trie points outside itself");
        on_match(static_cast<std::int32_t>(units_[pos] & ((1U << 31) - 1)), i + 1);
      }
    }
  }

  // Whether some key starts with text[0, length).
  bool has_prefix(const char* text, std::size_t length) const {
    if (units_.empty()) return false;
    std::uint32_t pos = offset(units_[0]);
    for (std::size_t i = 0; i < length; ++i) {
      const auto c = static_cast<unsigned char>(text[i]);
      pos ^= c;
      if (pos >= units_.size() || (units_[pos] & ((1U << 31) | 0xFF)) != c) return false;
      pos ^= offset(units_[pos]);
    }
    return true;
  }

 private:
  static std::uint32_t offset(std::uint32_t unit) { return (unit >> 10) << ((unit & (1U << 9)) >> 6); }
  std::vector<std::uint32_t> units_;
};

}  // namespace sampling::tokenize
