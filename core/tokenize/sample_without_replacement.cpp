#include "core/tokenize/sample_without_replacement.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "core/common/error.hpp"
#include "core/common/portable_math.hpp"

namespace sampling::tokenize {
namespace {

// log(1 − e^x) for x ≤ 0 and log(1 + e^x), both without cancellation.
double log1mexp(double x) {
  return x > -0.6931471805599453 ? pmath::log(-std::expm1(x)) : std::log1p(-pmath::exp(x));
}
double log1pexp(double x) { return x > 0 ? x + std::log1p(pmath::exp(-x)) : std::log1p(pmath::exp(x)); }

// A partial path: the pieces from `position` to the end of the text, as a chain of
// nodes (piece, parent) in a pool, with its log-probability and perturbed value.
struct Partial {
  std::uint32_t position;
  std::uint32_t node;  // last chosen piece in the pool (UINT32_MAX: none yet)
  double phi, perturbed;
};
struct PoolNode {
  Token token;
  std::uint32_t parent;
};

}  // namespace

std::vector<DistinctSample> sample_without_replacement(Lattice& lattice, double alpha, std::size_t k, Rng& rng) {
  if (k == 0 || k > 10000) throw Error("sampling without replacement: k must be between 1 and 10000");
  const std::vector<double>& log_z = lattice.forward(alpha);
  const auto& edges = lattice.edges();
  constexpr std::uint32_t kNone = UINT32_MAX;
  const std::size_t width = k + 1;  // one more than asked: its value is the threshold κ

  std::vector<PoolNode> pool;
  std::vector<Partial> beam{{static_cast<std::uint32_t>(lattice.size()), kNone, 0.0, rng.gumbel()}};
  std::vector<Partial> next;
  std::vector<double> children;
  while (true) {
    bool expanded = false;
    next.clear();
    for (const Partial& item : beam) {
      if (item.position == 0) {  // complete: carried over as it is
        next.push_back(item);
        continue;
      }
      expanded = true;
      // Children: every piece ending here, φ_c = φ + log q_c, G̃_c = φ_c + Gumbel.
      const std::uint32_t* first = lattice.ending_begin(item.position);
      const std::uint32_t* last = lattice.ending_end(item.position);
      children.clear();
      double z_max = -std::numeric_limits<double>::infinity();
      for (const std::uint32_t* it = first; it != last; ++it) {
        const auto& edge = edges[*it];
        const double g = item.phi + log_z[edge.begin] + alpha * edge.score - log_z[item.position] + rng.gumbel();
        children.push_back(g);
        z_max = std::max(z_max, g);
      }
      // Condition the children's maxima on the parent's: G_c = −log(e^−T − e^−Z + e^−G̃_c).
      for (std::size_t i = 0; i < children.size(); ++i) {
        const auto& edge = edges[first[i]];
        const double v = item.perturbed - children[i] + log1mexp(children[i] - z_max);
        const double g = item.perturbed - std::max(0.0, v) - log1pexp(-std::abs(v));
        pool.push_back({{edge.begin, edge.end, edge.id}, item.node});
        next.push_back({edge.begin, static_cast<std::uint32_t>(pool.size() - 1),
                        item.phi + log_z[edge.begin] + alpha * edge.score - log_z[item.position], g});
      }
    }
    if (next.size() > width) {
      std::partial_sort(next.begin(), next.begin() + width, next.end(),
                        [](const Partial& a, const Partial& b) { return a.perturbed > b.perturbed; });
      next.resize(width);
    }
    beam.swap(next);
    if (!expanded) break;
  }
  std::sort(beam.begin(), beam.end(), [](const Partial& a, const Partial& b) { return a.perturbed > b.perturbed; });
  const bool all_taken = beam.size() <= k;
  const double kappa = all_taken ? -std::numeric_limits<double>::infinity() : beam[k].perturbed;
  std::vector<DistinctSample> out;
  for (std::size_t i = 0; i < std::min(k, beam.size()); ++i) {
    DistinctSample s;
    for (std::uint32_t n = beam[i].node; n != kNone; n = pool[n].parent) s.tokens.push_back(pool[n].token);
    s.log_probability = beam[i].phi;
    s.perturbed = beam[i].perturbed;
    s.inclusion = all_taken ? 1.0 : -std::expm1(-pmath::exp(beam[i].phi - kappa));
    out.push_back(std::move(s));
  }
  return out;
}

}  // namespace sampling::tokenize
