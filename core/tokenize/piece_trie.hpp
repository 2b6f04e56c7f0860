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
    std::uint32_t node = 0;
    const std::uint32_t size = static_cast<std::uint32_t>(nodes_.size());
    for (std::size_t i = 0; i < length; ++i) {
      const std::uint32_t next = nodes_[node].base + static_cast<unsigned char>(text[i]);
      if (next >= size || nodes_[next].check != node) return;
      node = next;
      if (nodes_[node].value >= 0) on_match(nodes_[node].value, i + 1);
    }
  }
  std::size_t node_count() const { return nodes_.size(); }

 private:
  struct Node {
    std::uint32_t base = 0;
    std::uint32_t check = UINT32_MAX;  // parent index; UINT32_MAX: free
    std::int32_t value = -1;
  };
  std::vector<Node> nodes_{1};
};

}  // namespace sampling::tokenize
