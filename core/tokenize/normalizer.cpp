#include "core/tokenize/normalizer.hpp"

#include <cstring>

#include "core/common/error.hpp"
#include "core/common/utf8.hpp"

namespace sampling::tokenize {
namespace {
constexpr std::string_view kSpaceSymbol = "\xE2\x96\x81";  // ▁
}  // namespace

Normalizer::Normalizer(const NormalizerSpecData& spec)
    : identity_(false),
      add_dummy_prefix_(spec.add_dummy_prefix),
      remove_extra_whitespaces_(spec.remove_extra_whitespaces),
      escape_whitespaces_(spec.escape_whitespaces) {
  const std::string& blob = spec.precompiled_charsmap;
  if (blob.empty()) {
    find_plain_bytes();
    return;
  }
  // Layout: little-endian uint32 trie size in bytes, the trie, then the replacements.
  if (blob.size() < 4) throw Error("model file: precompiled_charsmap is shorter than its 4-byte header");
  std::uint32_t trie_size = 0;
  for (int b = 0; b < 4; ++b) trie_size |= static_cast<std::uint32_t>(static_cast<unsigned char>(blob[b])) << (8 * b);
  if (trie_size > blob.size() - 4)
    throw Error("model file: precompiled_charsmap says its trie has " + std::to_string(trie_size) + " bytes but only " +
                std::to_string(blob.size() - 4) + " follow");
  rules_ = DartsTrie(std::string_view(blob).substr(4, trie_size));
  replacements_ = blob.substr(4 + trie_size);
  if (replacements_.empty() || replacements_.back() != '\0') replacements_.push_back('\0');
  find_plain_bytes();
}

void Normalizer::find_plain_bytes() {
  for (int c = 0; c < 256; ++c) emit_length_[c] = 0;
  for (int c = 0; c < 128; ++c) {
    char key[2] = {static_cast<char>(c), 0};
    bool plain = !has_kept_;
    rules_.common_prefix_search(key, 1, [&](std::int32_t, std::size_t) { plain = false; });  // a rule for c itself
    for (int d = 0; d < 128 && plain; ++d) key[1] = static_cast<char>(d), plain = !rules_.has_prefix(key, 2);
    if (!plain) continue;
    const std::string_view bytes = c != ' ' ? std::string_view(key, 1) : escape_whitespaces_ ? kSpaceSymbol : " ";
    for (std::size_t b = 0; b < bytes.size(); ++b) emit_[c][b] = bytes[b];
    emit_length_[c] = static_cast<unsigned char>(bytes.size());
  }
}

void Normalizer::keep_unchanged(const std::vector<std::string>& symbols) {
  std::vector<std::pair<std::string, std::int32_t>> keys;
  for (const std::string& symbol : symbols) keys.emplace_back(symbol, static_cast<std::int32_t>(keys.size()));
  kept_ = PieceTrie(std::move(keys));
  has_kept_ = !symbols.empty();
  find_plain_bytes();
}

std::pair<std::string_view, std::size_t> Normalizer::normalize_prefix(std::string_view input) const {
  if (has_kept_) {
    std::size_t kept = 0;  // matches come shortest first: keep the last
    kept_.common_prefix_search(input.data(), input.size(), [&](std::int32_t, std::size_t length) { kept = length; });
    if (kept > 0) return {input.substr(0, kept), kept};
  }
  std::size_t longest = 0;
  std::int32_t value = 0;
  rules_.common_prefix_search(input.data(), input.size(), [&](std::int32_t v, std::size_t length) {
    if (length > longest) longest = length, value = v;
  });
  if (longest > 0) {
    if (static_cast<std::size_t>(value) >= replacements_.size())
      throw Error("model file: a precompiled_charsmap rule points past its replacement strings");
    return {std::string_view(replacements_.c_str() + value), longest};
  }
  std::size_t pos = 0;
  decode_utf8_at(input, pos);  // one character, unchanged
  return {input.substr(0, pos), pos};
}

void Normalizer::normalize(std::string_view input, std::string& out) const {
  out.clear();
  if (identity_) {
    out.assign(input);
    return;
  }
  if (input.empty()) return;
  const std::string_view space = escape_whitespaces_ ? kSpaceSymbol : " ";
  // The output is written through a pointer into `out`, sized ahead: an ASCII byte gives
  // at most three bytes (a space's ▁), written as four, so 3 bytes per input byte, the
  // dummy prefix and one spare byte always suffice for them; a rule's replacement may be
  // longer than what it replaces, so room for it is made before it is written.
  out.resize(3 * input.size() + space.size() + 1);
  char* w = &out[0];
  std::size_t n = 0;
  const auto write_space = [&] {
    for (char c : space) w[n++] = c;
  };
  if (add_dummy_prefix_) write_space();
  bool previous_was_space = remove_extra_whitespaces_;
  const char* s = input.data();
  const std::size_t len = input.size();
  for (std::size_t i = 0; i < len;) {
    const auto c = static_cast<unsigned char>(s[i]);
    const auto after = i + 1 < len ? static_cast<unsigned char>(s[i + 1]) : 0;
    if (emit_length_[c] != 0 && after < 0x80) {
      // Without the rules: the byte itself, or a space, which is dropped after a space
      // when extra whitespace goes (previous_was_space is only ever set then; it starts
      // set, so leading spaces go too). Arithmetic, not a branch: a branch on the space
      // mispredicts at every word.
      const unsigned is_space = c == ' ';
      const unsigned dropped = is_space & static_cast<unsigned>(previous_was_space);
      std::memcpy(w + n, emit_[c], 4);
      n += emit_length_[c] & (dropped - 1u);  // dropped − 1: 0 or all ones
      previous_was_space = is_space & static_cast<unsigned>(remove_extra_whitespaces_);
      ++i;
      continue;
    }
    const auto p = normalize_prefix(input.substr(i));
    std::string_view piece = p.first;
    if (previous_was_space && remove_extra_whitespaces_)
      while (!piece.empty() && piece.front() == ' ') piece.remove_prefix(1);
    if (!piece.empty()) {
      const std::size_t room = n + 3 * piece.size() + 3 * (len - i);  // this piece, and the rest as above
      if (room > out.size()) out.resize(room), w = &out[0];
      for (char c2 : piece) {
        if (c2 == ' ') write_space();
        else w[n++] = c2;
      }
      previous_was_space = piece.back() == ' ';
    }
    i += p.second;
    previous_was_space = previous_was_space && remove_extra_whitespaces_;
  }
  if (remove_extra_whitespaces_)
    while (n >= space.size() && std::string_view(w + n - space.size(), space.size()) == space) n -= space.size();
  out.resize(n);
}

}  // namespace sampling::tokenize
