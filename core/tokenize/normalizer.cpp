#include "core/tokenize/normalizer.hpp"

#include "core/common/error.hpp"
#include "core/common/utf8.hpp"

namespace sampling::tokenize {
namespace {
constexpr std::string_view kSpaceSymbol = "\xE2\x96\x81";  // ▁

bool ends_with(const std::string& s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}
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
  for (int c = 0; c < 128; ++c) {
    char key[2] = {static_cast<char>(c), 0};
    bool plain = !has_kept_;
    rules_.common_prefix_search(key, 1, [&](std::int32_t, std::size_t) { plain = false; });  // a rule for c itself
    for (int d = 0; d < 128 && plain; ++d) key[1] = static_cast<char>(d), plain = !rules_.has_prefix(key, 2);
    if (c == ' ') plain_space_ = plain;
    plain_[c] = plain && c != ' ';
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
  // Leading spaces (after the rules) go first.
  if (remove_extra_whitespaces_) {
    while (!input.empty()) {
      const auto p = normalize_prefix(input);
      if (p.first != " ") break;
      input.remove_prefix(p.second);
    }
  }
  if (input.empty()) return;
  if (add_dummy_prefix_) out.append(escape_whitespaces_ ? kSpaceSymbol : " ");
  bool previous_was_space = remove_extra_whitespaces_;
  while (!input.empty()) {
    std::size_t run = 0;  // plain bytes, each followed by an ASCII byte or the end
    while (run < input.size()) {
      const auto c = static_cast<unsigned char>(input[run]);
      if (c >= 0x80 || !plain_[c] || (run + 1 < input.size() && static_cast<unsigned char>(input[run + 1]) >= 0x80)) break;
      ++run;
    }
    if (run > 0) {
      out.append(input.data(), run);
      input.remove_prefix(run);
      previous_was_space = false;
      continue;
    }
    const bool plain_space = plain_space_ && input[0] == ' ' &&
                             (input.size() == 1 || static_cast<unsigned char>(input[1]) < 0x80);
    const auto p = plain_space ? std::pair<std::string_view, std::size_t>(" ", 1) : normalize_prefix(input);
    std::string_view piece = p.first;
    if (previous_was_space && remove_extra_whitespaces_)
      while (!piece.empty() && piece.front() == ' ') piece.remove_prefix(1);
    if (!piece.empty()) {
      for (char c : piece) {
        if (escape_whitespaces_ && c == ' ') out.append(kSpaceSymbol);
        else out.push_back(c);
      }
      previous_was_space = piece.back() == ' ';
    }
    input.remove_prefix(p.second);
    previous_was_space = previous_was_space && remove_extra_whitespaces_;
  }
  if (remove_extra_whitespaces_) {
    const std::string_view space = escape_whitespaces_ ? kSpaceSymbol : " ";
    while (ends_with(out, space)) out.resize(out.size() - space.size());
  }
}

}  // namespace sampling::tokenize
