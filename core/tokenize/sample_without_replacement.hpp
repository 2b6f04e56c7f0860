#pragma once
// k distinct segmentations drawn without replacement from P_α, with inclusion
// probabilities, by stochastic beam search over the lattice (Gumbel-top-k; Kool, van
// Hoof & Welling 2019, the idea behind SentencePiece's SampleEncodeAndScore).
//
// Every segmentation y is a path of backward choices from the end of the text; choosing
// the piece (b, w) at e has conditional probability q = exp(log Z[b] + α·s(w) − log Z[e]),
// so the path's log-probability φ(y) = Σ log q = α·S(y) − log Z. Perturbing each complete
// path with its own Gumbel noise and keeping the k largest is sampling without
// replacement; the beam search finds those k by drawing, top-down, each partial path's
// maximum perturbed value conditioned on its parent's (the truncated Gumbel). The
// (k+1)-th value κ gives each drawn y the inclusion probability of priority sampling,
// q(y) = 1 − exp(−exp(φ(y) − κ)), so Σ_{y∈S} f(y)·P(y)/q(y) estimates E[f] unbiasedly.
#include <vector>

#include "core/common/rng.hpp"
#include "core/tokenize/lattice.hpp"

namespace sampling::tokenize {

struct DistinctSample {
  Segmentation tokens;
  double log_probability;  // φ(y) = log P_α(y)
  double inclusion;        // q(y) = P(y in the sample | κ); 1 when every segmentation is taken
  double perturbed;        // the Gumbel-perturbed log-probability that ranked it
};

// Up to k distinct segmentations, by decreasing perturbed log-probability.
std::vector<DistinctSample> sample_without_replacement(Lattice& lattice, double alpha, std::size_t k, Rng& rng);

}  // namespace sampling::tokenize
