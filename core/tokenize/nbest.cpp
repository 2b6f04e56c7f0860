#include "core/tokenize/nbest.hpp"

#include <algorithm>

#include "core/common/error.hpp"

namespace sampling::tokenize {

std::vector<ScoredSegmentation> nbest(const Lattice& lattice, std::size_t k) {
  if (k == 0 || k > 10000) throw Error("nbest: k must be between 1 and 10000");
  // Up to k partial paths at every byte position, and k segmentations of up to one piece
  // per byte in the result: k × bytes bounds both (10,000 × 10 KB took 1.6 GB and 40 s).
  constexpr std::uint64_t kMaxWork = std::uint64_t{1} << 23;
  const std::uint64_t work = static_cast<std::uint64_t>(k) * std::max<std::uint64_t>(lattice.size(), 1);
  if (work > kMaxWork)
    throw Error("nbest: k × text length is " + std::to_string(work) + " (k " + std::to_string(k) + " × " +
                std::to_string(lattice.size()) + " bytes); the limit is " + std::to_string(kMaxWork) +
                ": ask for fewer segmentations or split the text");
  struct Partial {
    double score;
    std::uint32_t edge;       // last edge of the partial path
    std::uint32_t previous;   // rank of the partial path it extends at edge.begin
  };
  const auto& edges = lattice.edges();
  std::vector<std::vector<Partial>> lists(lattice.size() + 1);
  lists[0].push_back({0.0, UINT32_MAX, 0});
  for (std::uint32_t i = 0; i < edges.size(); ++i) {  // start order: lists[b] is final
    const auto& edge = edges[i];
    auto& target = lists[edge.end];
    const auto& source = lists[edge.begin];
    for (std::uint32_t r = 0; r < source.size(); ++r) {
      const Partial p{source[r].score + edge.score, i, r};
      if (target.size() == k && !(p.score > target.back().score)) break;  // source is sorted
      // Insert after every path scoring at least as much (earlier paths win ties).
      auto at = std::upper_bound(target.begin(), target.end(), p.score,
                                 [](double s, const Partial& q) { return s > q.score; });
      target.insert(at, p);
      if (target.size() > k) target.pop_back();
    }
  }
  std::vector<ScoredSegmentation> out;
  for (std::uint32_t r = 0; r < lists[lattice.size()].size(); ++r) {
    ScoredSegmentation s{{}, lists[lattice.size()][r].score};
    std::size_t pos = lattice.size();
    std::uint32_t rank = r;
    while (pos > 0) {
      const Partial& p = lists[pos][rank];
      const auto& edge = edges[p.edge];
      s.tokens.push_back({edge.begin, edge.end, edge.id});
      pos = edge.begin, rank = p.previous;
    }
    std::reverse(s.tokens.begin(), s.tokens.end());
    out.push_back(std::move(s));
  }
  return out;
}

const ScoredSegmentation& nbest_sample(const std::vector<ScoredSegmentation>& best, double alpha, Rng& rng) {
  if (best.empty()) throw Error("nbest sampling: no segmentations to choose from");
  std::vector<double> logw(best.size());
  for (std::size_t i = 0; i < best.size(); ++i) logw[i] = alpha * best[i].score;
  return best[rng.categorical(logw.data(), logw.size())];
}

}  // namespace sampling::tokenize
