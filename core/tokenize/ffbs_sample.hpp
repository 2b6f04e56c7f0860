#pragma once
// Forward-filtering backward-sampling, SentencePiece's subword regularization with
// nbest_size = −1 (Lattice::Sample). Forward: a[e] = logsumexp over candidates (b, w)
// ending at e of a[b] + α·s(w). Backward from e = n: pick the candidate ending at e with
// probability exp(a[b] + α·s(w) − a[e]), continue at b. Exact for every α.
#include "core/common/rng.hpp"
#include "core/tokenize/lattice.hpp"

namespace sampling::tokenize {

// Draws one segmentation; `log_z` is lattice.forward(alpha) (computed once for many draws).
void ffbs_sample(const Lattice& lattice, const std::vector<double>& log_z, double alpha, Rng& rng, Segmentation& out);

}  // namespace sampling::tokenize
