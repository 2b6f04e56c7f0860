#pragma once
// Viterbi decoding: best[0] = 0, best[e] = max over candidates (b, w) ending at e of
// best[b] + s(w); backtrack the argmax. Scores are summed in float and ties go to the
// first candidate seen (the longest piece), exactly as SentencePiece does, so the
// result matches its Encode piece for piece.
#include <string_view>

#include "core/tokenize/segmentation.hpp"
#include "core/tokenize/unigram_model.hpp"

namespace sampling::tokenize {

void viterbi(const UnigramModel& model, std::string_view text, DpBuffers& buf, Segmentation& out);

}  // namespace sampling::tokenize
