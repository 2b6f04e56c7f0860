#pragma once
// Viterbi Sampling as first published (BytePiece 0.4), kept with its flaw. It is Viterbi
// with the max replaced by a random duel: at each end position e the first candidate is
// taken; every later candidate with v = score[b] + s(w) replaces the kept one with
// probability σ(α·(v − score[e])) = p_new^α / (p_new^α + p_old^α), and then score[e] = v.
// Candidates arrive longest piece first. Repeated one-against-one duels dilute the
// earlier candidates (three equal ones come out 1/4, 1/4, 1/2), so this does NOT sample
// P_α; the playground shows the bias next to the exact samplers.
#include <string_view>

#include "core/common/rng.hpp"
#include "core/tokenize/segmentation.hpp"
#include "core/tokenize/unigram_model.hpp"

namespace sampling::tokenize {

void original_viterbi_sample(const UnigramModel& model, std::string_view text, double alpha, Rng& rng,
                             DpBuffers& buf, Segmentation& out);

}  // namespace sampling::tokenize
