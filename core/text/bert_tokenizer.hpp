#pragma once
// Hugging Face's BertTokenizer with do_lower_case (bert-base-uncased, bert-base-chinese):
//   1. the special tokens [PAD] [UNK] [CLS] [SEP] [MASK] written in the text are split
//      out first and kept as they are;
//   2. BasicTokenizer on the rest: NUL, U+FFFD and control characters dropped, whitespace
//      made a space; a space around every CJK ideograph; split on whitespace; each word
//      lower-cased (Python's str.lower()) and its accents stripped (NFD, marks Mn
//      dropped); punctuation characters split off as tokens of their own;
//   3. WordPiece: each word greedily split into the longest vocabulary pieces, "##"
//      before every piece but the first; a word with no split, or longer than 100
//      characters, becomes [UNK].
// (Transformers 4.26+ also applies NFC before step 2; after lower-casing and accent
// stripping that changes nothing, so it is left out.)
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/text/vocab.hpp"

namespace sampling::text {

class BertTokenizer {
 public:
  // The tokenizer keeps a reference: vocab must outlive it.
  explicit BertTokenizer(const Vocab& vocab) : vocab_(vocab) {}

  // Token ids (no [CLS]/[SEP] added). Throws sampling::Error on invalid UTF-8.
  std::vector<std::int32_t> encode(std::string_view text) const;
  // The token strings of encode (an unknown word is "[UNK]").
  std::vector<std::string> tokenize(std::string_view text) const;
  // Steps 1 and 2 only: the words before WordPiece.
  std::vector<std::string> basic_tokens(std::string_view text) const;

  // True when the token's text (without a leading "##") is one or more punctuation
  // characters by BasicTokenizer's rule (ASCII symbols, Unicode P*): "，", "。", "!".
  static bool is_punctuation_token(std::string_view token);

 private:
  // Appends the words of a text containing no special token.
  void basic_words(std::string_view text, std::vector<std::string>& out) const;
  void wordpiece(const std::string& word, std::vector<std::int32_t>& ids) const;

  const Vocab& vocab_;
};

}  // namespace sampling::text
