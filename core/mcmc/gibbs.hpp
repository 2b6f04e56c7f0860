#pragma once
// Gibbs sampling: one sweep draws x ~ p(x | y), then y ~ p(y | x), each exactly.
// Where the target has a closed-form conditional it is used. Otherwise the conditional
// is drawn by rejection from a piecewise-constant envelope on a 1-D grid: each cell's
// height is Target::log_density_max over the cell (a true bound), a cell is picked by its
// envelope mass, a point uniformly in it, and the point is kept with probability
// p̃/envelope — exact draws from the conditional restricted to the grid's range. The
// range starts as the covering box's side, is widened until the mass beyond it (bounded
// by the envelope over doubling intervals) is below 1e-12 of the conditional's, and the
// fine grid is laid over the part within 60 nats of the envelope's peak. Every move is
// accepted: Gibbs is MH whose proposal is the conditional itself, so the ratio is 1.
#include <vector>

#include "core/mcmc/chain_kernel.hpp"

namespace sampling::mcmc {

class Gibbs : public ChainKernel {
 public:
  static constexpr int kFineCells = 512;
  static constexpr double kTailFraction = 1e-12;  // conditional mass left out, at most
  // `fine_cells`: the envelope's resolution (the coarse pass uses half as many, at least
  // 16). Any resolution gives exact draws; a finer one rejects less.
  explicit Gibbs(const Target& target, int fine_cells = kFineCells);
  bool transition(const Target& target, ChainState& s, Rng& rng) override;
  // One exact draw of coordinate `axis` (0: x given y = other, 1: y given x = other).
  double draw_conditional(const Target& target, int axis, double other, Rng& rng);

 private:
  int fine_cells_, coarse_cells_;
  double lo_[2], hi_[2];    // starting ranges: the covering box's sides
  std::vector<double> env_, cum_;  // reused grid buffers
};

}  // namespace sampling::mcmc
