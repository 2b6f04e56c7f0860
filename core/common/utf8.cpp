#include "core/common/utf8.hpp"

#include "core/common/error.hpp"

namespace sampling {
namespace {
[[noreturn]] void invalid(std::size_t offset, const char* what) {
  throw Error("invalid UTF-8 at byte " + std::to_string(offset) + ": " + what);
}
}  // namespace

char32_t decode_utf8_at(std::string_view text, std::size_t& pos) {
  const std::size_t start = pos;
  const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
  const unsigned char b0 = byte(pos);
  if (b0 < 0x80) {
    ++pos;
    return b0;
  }
  int length;
  char32_t cp;
  char32_t min_value;
  if ((b0 & 0xE0) == 0xC0) {
    length = 2, cp = b0 & 0x1F, min_value = 0x80;
  } else if ((b0 & 0xF0) == 0xE0) {
    length = 3, cp = b0 & 0x0F, min_value = 0x800;
  } else if ((b0 & 0xF8) == 0xF0) {
    length = 4, cp = b0 & 0x07, min_value = 0x10000;
  } else {
    invalid(start, (b0 & 0xC0) == 0x80 ? "unexpected continuation byte" : "byte is never valid in UTF-8");
  }
  if (start + length > text.size()) invalid(start, "sequence truncated by the end of the text");
  for (int i = 1; i < length; ++i) {
    const unsigned char b = byte(start + i);
    if ((b & 0xC0) != 0x80) invalid(start + i, "expected a continuation byte");
    cp = (cp << 6) | (b & 0x3F);
  }
  if (cp < min_value) invalid(start, "overlong encoding");
  if (cp >= 0xD800 && cp <= 0xDFFF) invalid(start, "encodes a UTF-16 surrogate");
  if (cp > 0x10FFFF) invalid(start, "code point above U+10FFFF");
  pos = start + length;
  return cp;
}

std::vector<char32_t> decode_utf8(std::string_view text) {
  std::vector<char32_t> out;
  out.reserve(text.size());
  std::size_t pos = 0;
  while (pos < text.size()) out.push_back(decode_utf8_at(text, pos));
  return out;
}

void append_utf8(char32_t cp, std::string& out) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

}  // namespace sampling
