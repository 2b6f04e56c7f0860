#include "core/tokenize/exact_distribution.hpp"

#include <algorithm>

#include "core/common/error.hpp"
#include "core/common/portable_math.hpp"

namespace sampling::tokenize {

std::uint64_t count_segmentations(const Lattice& lattice, std::uint64_t cap) {
  std::vector<std::uint64_t> count(lattice.size() + 1, 0);
  count[0] = 1;
  for (const auto& edge : lattice.edges()) count[edge.end] = std::min(cap + 1, count[edge.end] + count[edge.begin]);
  return count[lattice.size()];
}

std::vector<ExactEntry> exact_distribution(Lattice& lattice, double alpha, std::uint64_t cap) {
  if (cap < 1 || cap > kMaxExactSegmentations)
    throw Error("exact distribution: the cap must be between 1 and " + std::to_string(kMaxExactSegmentations) +
                " segmentations, got " + std::to_string(cap));
  const std::uint64_t total = count_segmentations(lattice, cap);
  if (total > cap)
    throw Error("exact distribution: the text has more than " + std::to_string(cap) +
                " segmentations; use a shorter text");
  const double log_z = lattice.forward(alpha)[lattice.size()];
  const auto& edges = lattice.edges();
  std::vector<ExactEntry> out;
  out.reserve(total);
  // Depth-first over edges with an explicit stack of (edge index, next sibling index).
  Segmentation path;
  std::vector<double> prefix_score{0.0};  // S of the path so far, per depth
  std::vector<std::size_t> next;          // per depth: the next edge to try at that start
  next.push_back(lattice.starting_first(0));
  while (!next.empty()) {
    const std::size_t pos = path.empty() ? 0 : path.back().end;
    if (pos == lattice.size())  // reached the end: a whole segmentation
      out.push_back({path, prefix_score.back(), pmath::exp(alpha * prefix_score.back() - log_z)});
    std::size_t& i = next.back();
    if (pos < lattice.size() && i < lattice.starting_first(pos + 1)) {
      const auto& edge = edges[i++];
      path.push_back({edge.begin, edge.end, edge.id});
      prefix_score.push_back(prefix_score.back() + edge.score);
      next.push_back(lattice.starting_first(edge.end));
      continue;
    }
    next.pop_back();  // every edge from here tried: back up one piece
    if (!path.empty()) path.pop_back(), prefix_score.pop_back();
  }
  std::stable_sort(out.begin(), out.end(), [](const ExactEntry& a, const ExactEntry& b) { return a.probability > b.probability; });
  return out;
}

double entropy(Lattice& lattice, double alpha) {
  const std::vector<double>& log_z = lattice.forward(alpha);
  const auto& edges = lattice.edges();
  std::vector<double> h(lattice.size() + 1, 0.0);
  for (std::uint32_t e : lattice.positions()) {
    for (const std::uint32_t* it = lattice.ending_begin(e); it != lattice.ending_end(e); ++it) {
      const auto& edge = edges[*it];
      const double log_q = log_z[edge.begin] + alpha * edge.score - log_z[e];
      h[e] += pmath::exp(log_q) * (h[edge.begin] - log_q);
    }
  }
  return h[lattice.size()];
}

}  // namespace sampling::tokenize
