#include "core/tokenize/ffbs_sample.hpp"

#include <algorithm>

#include "core/common/portable_math.hpp"

namespace sampling::tokenize {

void ffbs_sample(const Lattice& lattice, const std::vector<double>& log_z, double alpha, Rng& rng, Segmentation& out) {
  out.clear();
  const auto& edges = lattice.edges();
  for (std::size_t e = lattice.size(); e > 0;) {
    // Inverse CDF over the candidates ending at e; the last one absorbs rounding.
    const double u = rng.uniform();
    double cumulative = 0;
    const std::uint32_t* it = lattice.ending_begin(e);
    const std::uint32_t* end = lattice.ending_end(e);
    const Lattice::Edge* chosen = &edges[*(end - 1)];
    for (; it != end; ++it) {
      const Lattice::Edge& edge = edges[*it];
      cumulative += pmath::exp(log_z[edge.begin] + alpha * edge.score - log_z[e]);
      if (u < cumulative) {
        chosen = &edge;
        break;
      }
    }
    out.push_back({chosen->begin, chosen->end, chosen->id});
    e = chosen->begin;
  }
  std::reverse(out.begin(), out.end());
}

}  // namespace sampling::tokenize
