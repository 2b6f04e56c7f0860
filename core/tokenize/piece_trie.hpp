#pragma once
// The vocabulary's trie: a double array over UTF-8 bytes. Node n's child for byte c is
// at base[n] + c when check[base[n] + c] == n; a node ending a piece holds its id.
// Lookup is one array access per byte and allocates nothing.
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace sampling::tokenize {

class PieceTrie {
 public:
  PieceTrie() = default;
  // Keys must be distinct and non-empty; values are non-negative ids.
  explicit PieceTrie(std::vector<std::pair<std::string, std::int32_t>> keys);

  // Calls on_match(id, length_in_bytes) for every key that is a prefix of text, shortest first.
  template <class F>
  void common_prefix_search(const char* text, std::size_t length, F&& on_match) const {
    std::uint32_t node = 0, base = static_cast<std::uint32_t>(units_[0]) & kBaseMask;
    const std::uint32_t size = static_cast<std::uint32_t>(units_.size());
    for (std::size_t i = 0; i < length; ++i) {
      const std::uint32_t next = base + static_cast<unsigned char>(text[i]);
      if (next >= size) return;
      const std::uint64_t unit = units_[next];  // one load: the parent check and the base
      if (static_cast<std::uint32_t>(unit >> 32) != node) return;
      node = next;
      base = static_cast<std::uint32_t>(unit) & kBaseMask;
      if (static_cast<std::uint32_t>(unit) & kHasValue) on_match(values_[node], i + 1);
    }
  }
  std::size_t node_count() const { return units_.size(); }

 private:
  // Slot s: bits 32–63 its parent's slot (UINT32_MAX when free; the root is its own
  // parent), bit 31 whether a key ends there, bits 0–30 its children's base. Eight bytes
  // per node, read with one load per byte walked.
  static constexpr std::uint32_t kHasValue = 1u << 31, kBaseMask = kHasValue - 1;
  std::vector<std::uint64_t> units_{std::uint64_t{0}};
  std::vector<std::int32_t> values_{-1};  // the key's id, at slots that end one
};

}  // namespace sampling::tokenize
