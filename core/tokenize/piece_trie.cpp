#include "core/tokenize/piece_trie.hpp"

#include <algorithm>

namespace sampling::tokenize {

PieceTrie::PieceTrie(std::vector<std::pair<std::string, std::int32_t>> keys) {
  std::sort(keys.begin(), keys.end());
  nodes_.assign(1, Node{});
  nodes_[0].check = 0;  // the root is taken
  std::size_t first_free = 1;

  // Each task: a trie node and the sorted keys [lo, hi) that pass through it, sharing
  // their first `depth` bytes. An explicit stack: no recursion, whatever the key length.
  struct Task {
    std::uint32_t node;
    std::size_t depth, lo, hi;
  };
  std::vector<Task> stack{{0, 0, 0, keys.size()}};
  std::vector<unsigned char> labels;
  std::vector<std::size_t> starts;
  while (!stack.empty()) {
    const Task t = stack.back();
    stack.pop_back();
    std::size_t lo = t.lo;
    if (lo < t.hi && keys[lo].first.size() == t.depth) nodes_[t.node].value = keys[lo++].second;
    if (lo == t.hi) continue;
    labels.clear(), starts.clear();
    for (std::size_t i = lo; i < t.hi; ++i) {
      const auto c = static_cast<unsigned char>(keys[i].first[t.depth]);
      if (labels.empty() || labels.back() != c) labels.push_back(c), starts.push_back(i);
    }
    starts.push_back(t.hi);
    // The smallest base whose child slots are all free.
    while (first_free < nodes_.size() && nodes_[first_free].check != UINT32_MAX) ++first_free;
    std::size_t base = first_free > labels[0] ? first_free - labels[0] : 1;
    for (;; ++base) {
      bool fits = true;
      for (unsigned char c : labels) {
        const std::size_t slot = base + c;
        if (slot < nodes_.size() && nodes_[slot].check != UINT32_MAX) {
          fits = false;
          break;
        }
      }
      if (fits) break;
    }
    nodes_[t.node].base = static_cast<std::uint32_t>(base);
    const std::size_t needed = base + labels.back() + 1;
    if (needed > nodes_.size()) nodes_.resize(std::max(needed, nodes_.size() + nodes_.size() / 2));
    for (std::size_t k = 0; k < labels.size(); ++k) {
      const auto child = static_cast<std::uint32_t>(base + labels[k]);
      nodes_[child].check = t.node;
      stack.push_back({child, t.depth + 1, starts[k], starts[k + 1]});
    }
  }
  // Trim trailing free slots; lookups bound-check against the size.
  while (nodes_.size() > 1 && nodes_.back().check == UINT32_MAX) nodes_.pop_back();
}

}  // namespace sampling::tokenize
