#pragma once
// The parts of SentencePiece's ModelProto (sentencepiece_model.proto, proto2) that a
// unigram tokenizer needs, read with our own wire-format reader. Unknown fields are
// skipped, as protobuf does.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace sampling::tokenize {

enum class PieceType : std::uint8_t { normal = 1, unknown = 2, control = 3, user_defined = 4, unused = 5, byte = 6 };

struct ModelProtoPiece {
  std::string piece;
  float score = 0;
  bool has_score = false;
  PieceType type = PieceType::normal;
};

struct NormalizerSpecData {
  std::string name;
  std::string precompiled_charsmap;
  bool add_dummy_prefix = true;
  bool remove_extra_whitespaces = true;
  bool escape_whitespaces = true;
};

struct ModelProtoData {
  std::vector<ModelProtoPiece> pieces;
  int model_type = 1;  // UNIGRAM = 1, BPE = 2, WORD = 3, CHAR = 4
  bool byte_fallback = false;
  bool treat_whitespace_as_suffix = false;
  std::string unk_surface = " \xE2\x81\x87 ";  // what decoding writes for the unknown piece: " ⁇ "
  NormalizerSpecData normalizer;
};

// Parses a serialized ModelProto. Throws Error naming what is wrong.
ModelProtoData parse_model_proto(std::string_view bytes);

}  // namespace sampling::tokenize
