#pragma once
// Perfect sampling (BytePiece 0.5): one left-to-right pass that propagates the log
// partition function instead of a max, and keeps one route per position by weighted
// reservoir sampling:
//     logZ[0] = 0
//     for each candidate (b, w) ending at e:
//         v = logZ[b] + α·s(w)
//         logZ[e] = logsumexp(logZ[e], v)
//         with probability exp(v − logZ[e]): route[e] = b
// Backtracking the routes gives an exact draw from P_α(y) ∝ exp(α·S(y)): the route kept
// at b is itself a draw from the prefix distribution. Same cost as Viterbi plus one
// exp, one log and one uniform per candidate; no lattice is stored. When every weight
// exp(α·s(w)) is a moderate number, the pass runs on Z itself (no exp or log per
// candidate) and falls back to log Z for any text whose totals leave the double range.
#include <string_view>

#include "core/common/rng.hpp"
#include "core/tokenize/segmentation.hpp"
#include "core/tokenize/unigram_model.hpp"

namespace sampling::tokenize {

void perfect_sample(const UnigramModel& model, std::string_view text, double alpha, Rng& rng, DpBuffers& buf,
                    Segmentation& out);

}  // namespace sampling::tokenize
