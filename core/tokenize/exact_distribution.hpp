#pragma once
// The exact distribution P_α(y) = exp(α·S(y)) / Z_α of a short text, by enumerating every
// segmentation (refused beyond a cap), and the entropy H = −Σ P log P for any length by
// the forward recursion (SentencePiece's CalculateEntropy):
//     H[e] = Σ_{(b,w) ending at e} q·(H[b] − log q),   q = exp(log Z[b] + α·s(w) − log Z[e]).
#include <cstdint>
#include <vector>

#include "core/tokenize/lattice.hpp"
#include "core/tokenize/nbest.hpp"

namespace sampling::tokenize {

struct ExactEntry {
  Segmentation tokens;
  double score;        // S(y)
  double probability;  // P_α(y)
};

// Number of segmentations of the lattice's text, saturated at `cap` + 1.
std::uint64_t count_segmentations(const Lattice& lattice, std::uint64_t cap);

// The largest cap exact_distribution accepts: a million segmentations already hold
// hundreds of megabytes.
constexpr std::uint64_t kMaxExactSegmentations = 1'000'000;

// Every segmentation with its exact probability, most probable first. Throws when the
// text has more than `cap` segmentations, or cap is 0 or above kMaxExactSegmentations.
std::vector<ExactEntry> exact_distribution(Lattice& lattice, double alpha, std::uint64_t cap);

// Entropy of P_α in nats.
double entropy(Lattice& lattice, double alpha);

}  // namespace sampling::tokenize
