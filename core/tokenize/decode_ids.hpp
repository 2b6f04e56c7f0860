#pragma once
// Ids back to text, as SentencePiece's DecodeIds: pieces concatenated with ▁ turned into
// spaces, the leading ▁ of the text dropped when the normalizer adds a dummy prefix or
// removes extra whitespace, control pieces (<s>, </s>) invisible, the unknown piece
// written as the model's trainer_spec.unk_surface (" ⁇ " by default), and runs of byte
// pieces (<0xHH>) joined into UTF-8 with U+FFFD for each byte that does not start a
// valid character.
#include <cstdint>
#include <string>

#include "core/tokenize/unigram_model.hpp"

namespace sampling::tokenize {

// Writes the text of ids[0..n) into `out` (overwritten). Throws Error naming the index
// of an id outside [0, model.size()).
void decode_ids(const UnigramModel& model, const std::int32_t* ids, std::size_t n, std::string& out);

}  // namespace sampling::tokenize
