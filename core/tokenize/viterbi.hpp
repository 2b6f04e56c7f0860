#pragma once
// Viterbi decoding: best[0] = 0, best[e] = max over candidates (b, w) ending at e of
// best[b] + s(w); backtrack the argmax.
//
// To match SentencePiece's Encode piece for piece, the arithmetic is that of its encoder
// (unigram_model.cc, EncodeOptimized): best[·] is stored in float, a piece's candidate
// best[b] + s(w) is formed and compared in double against the stored float (the unknown
// piece's in float), the first candidate wins exact ties, and candidates arrive by start
// position, shorter pieces first. Rounding decides between paths whose scores tie in
// float, so these details change real segmentations.
#include <string_view>

#include "core/tokenize/segmentation.hpp"
#include "core/tokenize/unigram_model.hpp"

namespace sampling::tokenize {

void viterbi(const UnigramModel& model, std::string_view text, DpBuffers& buf, Segmentation& out);

}  // namespace sampling::tokenize
