#include "core/text/bert_tokenizer.hpp"

#include "core/common/error.hpp"
#include "core/common/utf8.hpp"
#include "core/text/bert_unicode.hpp"

namespace sampling::text {
namespace {

namespace bu = bert_unicode;

constexpr std::size_t kMaxWordChars = 100;

std::string to_utf8(const std::u32string& s) {
  std::string out;
  for (const char32_t c : s) append_utf8(c, out);
  return out;
}

const char* const kSpecialTokens[] = {"[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"};

// Python's str.split() after _clean_text: every whitespace character left is a space or
// a line/paragraph separator (U+2028, U+2029), which str.split() also splits on.
bool splits_words(char32_t c) { return c == U' ' || c == 0x2028 || c == 0x2029; }

}  // namespace

void BertTokenizer::basic_words(std::string_view text, std::vector<std::string>& out) const {
  const std::vector<char32_t> chars = decode_utf8(text);
  // _clean_text and _tokenize_chinese_chars.
  std::u32string clean;
  clean.reserve(chars.size());
  for (const char32_t c : chars) {
    if (c == 0 || c == 0xFFFD || bu::is_control(c)) continue;
    if (bu::is_whitespace(c)) {
      clean += U' ';
    } else if (bu::is_cjk(c)) {
      clean += U' ';
      clean += c;
      clean += U' ';
    } else {
      clean += c;
    }
  }
  std::size_t i = 0;
  while (i < clean.size()) {
    while (i < clean.size() && splits_words(clean[i])) ++i;
    std::size_t j = i;
    while (j < clean.size() && !splits_words(clean[j])) ++j;
    if (j == i) break;
    const std::u32string word = bu::strip_accents(bu::lower(clean.substr(i, j - i)));
    // _run_split_on_punc: each punctuation character is a word of its own.
    std::u32string run;
    for (const char32_t c : word) {
      if (bu::is_punctuation(c)) {
        if (!run.empty()) out.push_back(to_utf8(run));
        run.clear();
        out.push_back(to_utf8(std::u32string(1, c)));
      } else {
        run += c;
      }
    }
    if (!run.empty()) out.push_back(to_utf8(run));
    i = j;
  }
}

std::vector<std::string> BertTokenizer::basic_tokens(std::string_view text) const {
  decode_utf8(text);  // an invalid byte is reported at its offset in the whole text
  std::vector<std::string> out;
  std::size_t pos = 0;
  while (pos <= text.size()) {
    // The earliest special token from pos (the longest one if two start together).
    std::size_t best = std::string_view::npos, best_len = 0;
    for (const char* special : kSpecialTokens) {
      const std::size_t at = text.find(special, pos);
      const std::size_t len = std::char_traits<char>::length(special);
      if (at != std::string_view::npos && (at < best || (at == best && len > best_len))) best = at, best_len = len;
    }
    const std::size_t end = best == std::string_view::npos ? text.size() : best;
    basic_words(text.substr(pos, end - pos), out);
    if (best == std::string_view::npos) break;
    out.emplace_back(text.substr(best, best_len));
    pos = best + best_len;
  }
  return out;
}

void BertTokenizer::wordpiece(const std::string& word, std::vector<std::int32_t>& ids) const {
  // Byte offsets of the word's characters (the word is valid UTF-8).
  std::vector<std::size_t> starts;
  for (std::size_t p = 0; p < word.size();) {
    starts.push_back(p);
    decode_utf8_at(word, p);
  }
  const std::size_t n = starts.size();
  starts.push_back(word.size());
  if (n > kMaxWordChars) {
    ids.push_back(vocab_.unk_id());
    return;
  }
  const std::size_t first = ids.size();
  std::string piece;
  for (std::size_t start = 0; start < n;) {
    std::size_t end = n;
    std::int32_t found = -1;
    for (; end > start; --end) {
      piece.assign(start > 0 ? "##" : "");
      piece.append(word, starts[start], starts[end] - starts[start]);
      found = vocab_.find(piece);
      if (found >= 0) break;
    }
    if (found < 0) {
      ids.resize(first);
      ids.push_back(vocab_.unk_id());
      return;
    }
    ids.push_back(found);
    start = end;
  }
}

std::vector<std::int32_t> BertTokenizer::encode(std::string_view text) const {
  std::vector<std::int32_t> ids;
  for (const std::string& word : basic_tokens(text)) {
    bool special = false;
    for (const char* s : kSpecialTokens)
      if (word == s) special = true;
    if (special) {
      ids.push_back(vocab_.find(word));
      continue;
    }
    wordpiece(word, ids);
  }
  return ids;
}

std::vector<std::string> BertTokenizer::tokenize(std::string_view text) const {
  std::vector<std::string> out;
  for (const std::int32_t id : encode(text)) out.push_back(vocab_.token(id));
  return out;
}

bool BertTokenizer::is_punctuation_token(std::string_view token) {
  if (token.size() > 2 && token.substr(0, 2) == "##") token.remove_prefix(2);
  if (token.empty()) return false;
  std::vector<char32_t> chars;
  try {
    chars = decode_utf8(token);
  } catch (const Error&) {
    return false;
  }
  for (const char32_t c : chars)
    if (!bu::is_punctuation(c)) return false;
  return true;
}

}  // namespace sampling::text
