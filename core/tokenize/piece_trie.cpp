#include "core/tokenize/piece_trie.hpp"

#include <algorithm>

#include "core/common/error.hpp"

namespace sampling::tokenize {
namespace {

// The unused slots of the double array as a doubly linked list in slot order, so the
// search for a node's base visits free slots only (a full scan over used slots would
// make the build quadratic for large vocabularies).
class FreeSlots {
 public:
  static constexpr std::uint32_t kEnd = UINT32_MAX;
  std::uint32_t first() const { return head_; }
  std::uint32_t next(std::uint32_t slot) const { return next_[slot]; }
  // Slots [size(), new_size) become free, appended at the end of the list.
  void grow(std::size_t new_size) {
    for (auto s = static_cast<std::uint32_t>(next_.size()); s < new_size; ++s) {
      next_.push_back(kEnd), prev_.push_back(tail_);
      if (tail_ == kEnd) head_ = s;
      else next_[tail_] = s;
      tail_ = s;
    }
  }
  void take(std::uint32_t slot) {
    const std::uint32_t p = prev_[slot], n = next_[slot];
    if (p == kEnd) head_ = n;
    else next_[p] = n;
    if (n == kEnd) tail_ = p;
    else prev_[n] = p;
  }
  std::size_t size() const { return next_.size(); }

 private:
  std::vector<std::uint32_t> next_, prev_;
  std::uint32_t head_ = kEnd, tail_ = kEnd;
};

}  // namespace

PieceTrie::PieceTrie(std::vector<std::pair<std::string, std::int32_t>> keys) {
  std::sort(keys.begin(), keys.end());
  // A key twice, or an empty one, would make the walk below read past a key's end.
  for (std::size_t i = 0; i < keys.size(); ++i)
    if (keys[i].first.empty() || (i > 0 && keys[i].first == keys[i - 1].first))
      throw Error(keys[i].first.empty() ? std::string("model: a piece is empty")
                                        : "model: piece '" + keys[i].first + "' is in the trie twice");
  struct Node {
    std::uint32_t base = 0;
    std::uint32_t check = UINT32_MAX;  // parent index; UINT32_MAX: free
    std::int32_t value = -1;
  };
  std::vector<Node> nodes(1);
  nodes[0].check = 0;  // the root is taken
  FreeSlots free;
  free.grow(1);
  free.take(0);

  // Each task: a trie node and the sorted keys [lo, hi) that pass through it, sharing
  // their first `depth` bytes. An explicit stack: no recursion, whatever the key length.
  struct Task {
    std::uint32_t node;
    std::size_t depth, lo, hi;
  };
  std::vector<Task> stack{{0, 0, 0, keys.size()}};
  std::vector<unsigned char> labels;
  std::vector<std::size_t> starts;
  const auto is_free = [&](std::size_t slot) { return slot >= nodes.size() || nodes[slot].check == UINT32_MAX; };
  while (!stack.empty()) {
    const Task t = stack.back();
    stack.pop_back();
    std::size_t lo = t.lo;
    if (lo < t.hi && keys[lo].first.size() == t.depth) nodes[t.node].value = keys[lo++].second;
    if (lo == t.hi) continue;
    labels.clear(), starts.clear();
    for (std::size_t i = lo; i < t.hi; ++i) {
      const auto c = static_cast<unsigned char>(keys[i].first[t.depth]);
      if (labels.empty() || labels.back() != c) labels.push_back(c), starts.push_back(i);
    }
    starts.push_back(t.hi);
    // The first base (base ≥ 1) whose slot for the first label is free and whose other
    // child slots are free too, trying the free slots in order.
    std::size_t base = 0;
    for (std::uint32_t slot = free.first();; slot = free.next(slot)) {
      if (slot == FreeSlots::kEnd) {  // no free slot fits: place the children past the end
        base = std::max<std::size_t>(nodes.size(), labels[0] + 1) - labels[0];
        break;
      }
      if (slot <= labels[0]) continue;
      base = slot - labels[0];
      bool fits = true;
      for (std::size_t k = 1; k < labels.size() && fits; ++k) fits = is_free(base + labels[k]);
      if (fits) break;
    }
    nodes[t.node].base = static_cast<std::uint32_t>(base);
    const std::size_t needed = base + labels.back() + 1;
    if (needed > nodes.size()) {
      nodes.resize(std::max(needed, nodes.size() + nodes.size() / 2));
      free.grow(nodes.size());
    }
    for (std::size_t k = 0; k < labels.size(); ++k) {
      const auto child = static_cast<std::uint32_t>(base + labels[k]);
      nodes[child].check = t.node;
      free.take(child);
      stack.push_back({child, t.depth + 1, starts[k], starts[k + 1]});
    }
  }
  // Trim trailing free slots; lookups bound-check against the size.
  while (nodes.size() > 1 && nodes.back().check == UINT32_MAX) nodes.pop_back();
  if (nodes.size() > kBaseMask) throw Error("model file: the vocabulary's trie needs more than 2^31 nodes");
  units_.resize(nodes.size());
  values_.resize(nodes.size());
  for (std::size_t s = 0; s < nodes.size(); ++s) {
    const Node& n = nodes[s];
    units_[s] = std::uint64_t{n.check} << 32 | n.base | (n.value >= 0 ? kHasValue : 0u);
    values_[s] = n.value;
  }
}

}  // namespace sampling::tokenize
