#pragma once
// A protobuf writer for crafting SentencePiece model files in tests (wire format only:
// varints, fixed32 floats, length-delimited fields), one piece's message, and a whole
// unigram model with identity normalization.
#include <cstdint>
#include <cstring>
#include <string>
#include <tuple>
#include <vector>

namespace testutil {

struct Proto {
  std::string bytes;
  void varint(std::uint64_t v) {
    while (v >= 0x80) bytes += static_cast<char>((v & 0x7F) | 0x80), v >>= 7;
    bytes += static_cast<char>(v);
  }
  void key(int field, int wire) { varint(static_cast<std::uint64_t>(field) << 3 | wire); }
  void str(int field, const std::string& s) { key(field, 2), varint(s.size()), bytes += s; }
  void num(int field, std::uint64_t v) { key(field, 0), varint(v); }
  void f32(int field, float f) {
    key(field, 5);
    std::uint32_t b;
    std::memcpy(&b, &f, 4);
    for (int i = 0; i < 4; ++i) bytes += static_cast<char>((b >> (8 * i)) & 0xFF);
  }
};

// ModelProto.SentencePiece: 1 piece, 2 score, 3 type (NORMAL = 1 is the default, not written).
inline std::string piece_message(const std::string& piece, float score, int type, bool with_score = true) {
  Proto p;
  p.str(1, piece);
  if (with_score) p.f32(2, score);
  if (type != 1) p.num(3, type);
  return p.bytes;
}

// A unigram ModelProto of (piece, score, type) with identity normalization: no rules, no
// dummy prefix, spaces kept as they are.
inline std::string identity_unigram_model(const std::vector<std::tuple<std::string, float, int>>& pieces) {
  Proto m;
  for (const auto& [piece, score, type] : pieces) m.str(1, piece_message(piece, score, type));
  Proto trainer;
  trainer.num(3, 1);  // model_type UNIGRAM
  m.str(2, trainer.bytes);
  Proto normalizer;
  normalizer.str(1, "identity"), normalizer.num(3, 0), normalizer.num(4, 0), normalizer.num(5, 0);
  m.str(3, normalizer.bytes);
  return m.bytes;
}

}  // namespace testutil
