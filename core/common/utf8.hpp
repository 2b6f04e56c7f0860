#pragma once
// UTF-8 decoding that rejects what the standard rejects (overlong forms, surrogates,
// code points above U+10FFFF, truncated sequences) and names the byte offset.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace sampling {

// Decodes one code point starting at text[pos]; advances pos. Throws Error naming pos.
char32_t decode_utf8_at(std::string_view text, std::size_t& pos);

// Decodes a whole string into code points. Throws Error at the first invalid byte.
std::vector<char32_t> decode_utf8(std::string_view text);

// Appends the UTF-8 encoding of a code point.
void append_utf8(char32_t cp, std::string& out);

}  // namespace sampling
