#include "core/tokenize/lattice.hpp"

#include <algorithm>
#include <limits>

#include "core/common/logsumexp.hpp"
#include "core/common/portable_math.hpp"

namespace sampling::tokenize {

void Lattice::build(const UnigramModel& model, std::string_view text) {
  n_ = text.size();
  edges_.clear();
  positions_.clear();
  model.for_each_candidate(text, [&](std::size_t b, std::size_t e, std::int32_t id, float s) {
    if (positions_.empty() || positions_.back() != b) positions_.push_back(static_cast<std::uint32_t>(b));
    edges_.push_back({static_cast<std::uint32_t>(b), static_cast<std::uint32_t>(e), id, s});
  });
  positions_.push_back(static_cast<std::uint32_t>(n_));
  // Edges are grouped by start already: record where each start's group begins.
  begin_offsets_.assign(n_ + 2, static_cast<std::uint32_t>(edges_.size()));
  for (std::size_t i = edges_.size(); i-- > 0;) begin_offsets_[edges_[i].begin] = static_cast<std::uint32_t>(i);
  for (std::size_t b = n_ + 1; b-- > 0;) begin_offsets_[b] = std::min(begin_offsets_[b], begin_offsets_[b + 1]);
  // Counting sort of edge indices by end position (stable: start order within an end).
  end_offsets_.assign(n_ + 2, 0);
  for (const Edge& edge : edges_) ++end_offsets_[edge.end + 1];
  for (std::size_t i = 1; i < end_offsets_.size(); ++i) end_offsets_[i] += end_offsets_[i - 1];
  by_end_.resize(edges_.size());
  std::vector<std::uint32_t> fill(end_offsets_.begin(), end_offsets_.end() - 1);
  for (std::size_t i = 0; i < edges_.size(); ++i) by_end_[fill[edges_[i].end]++] = static_cast<std::uint32_t>(i);
}

const std::vector<double>& Lattice::forward(double alpha) {
  const double minus_inf = -std::numeric_limits<double>::infinity();
  log_z_.assign(n_ + 1, minus_inf);
  log_z_[0] = 0.0;
  // Edges are in start order, so log Z[b] is final before any edge leaves b.
  for (const Edge& edge : edges_) log_z_[edge.end] = log_add_exp(log_z_[edge.end], log_z_[edge.begin] + alpha * edge.score);
  return log_z_;
}

}  // namespace sampling::tokenize
