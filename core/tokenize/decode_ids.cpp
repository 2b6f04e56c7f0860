#include "core/tokenize/decode_ids.hpp"

#include <string_view>

#include "core/common/error.hpp"
#include "core/common/utf8.hpp"

namespace sampling::tokenize {
namespace {
constexpr std::string_view kSpaceSymbol = "\xE2\x96\x81";         // ▁
constexpr std::string_view kReplacement = "\xEF\xBF\xBD";         // U+FFFD

// The byte of a piece <0xHH> (checked when the model was loaded).
unsigned char byte_of(const std::string& piece) {
  auto hex = [](char c) { return c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10; };
  return static_cast<unsigned char>(hex(piece[3]) * 16 + hex(piece[4]));
}

// Bytes of consecutive byte pieces as text: valid UTF-8 characters as they are, U+FFFD
// for each byte that does not start one.
void append_bytes(std::string_view bytes, std::string& out) {
  for (std::size_t pos = 0; pos < bytes.size();) {
    const std::size_t start = pos;
    try {
      decode_utf8_at(bytes, pos);
      out.append(bytes.substr(start, pos - start));
    } catch (const Error&) {
      out.append(kReplacement);
      pos = start + 1;
    }
  }
}
}  // namespace

void decode_ids(const UnigramModel& model, const std::int32_t* ids, std::size_t n, std::string& out) {
  out.clear();
  const auto size = static_cast<std::int64_t>(model.size());
  for (std::size_t i = 0; i < n; ++i)
    if (ids[i] < 0 || ids[i] >= size)
      throw Error("decode: id " + std::to_string(ids[i]) + " at index " + std::to_string(i) +
                  " is not a piece of the model (ids run from 0 to " + std::to_string(size - 1) + ")");
  const Normalizer& normalizer = model.normalizer();
  const bool strip_leading = normalizer.add_dummy_prefix() || normalizer.remove_extra_whitespaces();
  // SentencePiece drops the ▁ of the first piece that starts the text; with
  // remove_extra_whitespaces every leading ▁ while the text is still empty.
  bool at_start = true, leading_space_seen = false;
  std::string bytes;
  for (std::size_t i = 0; i < n; ++i) {
    const int id = ids[i];
    const PieceType type = model.type(id);
    if (type == PieceType::byte) {
      bytes.push_back(static_cast<char>(byte_of(model.piece(id))));
      continue;
    }
    append_bytes(bytes, out);
    bytes.clear();
    if (leading_space_seen || !out.empty()) at_start = false;
    if (type == PieceType::control) continue;
    if (type == PieceType::unknown) {
      out.append(model.unknown_surface());
      continue;
    }
    std::string_view piece = model.piece(id);
    if (at_start && strip_leading && piece.substr(0, kSpaceSymbol.size()) == kSpaceSymbol) {
      piece.remove_prefix(kSpaceSymbol.size());
      leading_space_seen = !normalizer.remove_extra_whitespaces();
    }
    for (std::size_t p = 0; p < piece.size();) {
      if (piece.compare(p, kSpaceSymbol.size(), kSpaceSymbol) == 0) {
        out.push_back(' ');
        p += kSpaceSymbol.size();
      } else {
        out.push_back(piece[p++]);
      }
    }
  }
  append_bytes(bytes, out);
}

}  // namespace sampling::tokenize
