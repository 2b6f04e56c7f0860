#pragma once
// The k best segmentations by score S(y) = Σ s(w), by Viterbi with a sorted list of the
// k best partial paths at every position (ties keep the earlier, longer-piece path).
// N-best sampling (SentencePiece's nbest_size = k > 1): one of the k best drawn with
// probability ∝ exp(α·S).
#include <vector>

#include "core/common/rng.hpp"
#include "core/tokenize/lattice.hpp"

namespace sampling::tokenize {

struct ScoredSegmentation {
  Segmentation tokens;
  double score;  // S(y)
};

std::vector<ScoredSegmentation> nbest(const Lattice& lattice, std::size_t k);

// Draws one of `best` with probability ∝ exp(α·S).
const ScoredSegmentation& nbest_sample(const std::vector<ScoredSegmentation>& best, double alpha, Rng& rng);

}  // namespace sampling::tokenize
