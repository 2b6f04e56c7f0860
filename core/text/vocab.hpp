#pragma once
// A BERT vocabulary (vocab.txt): one token per line, id = line number (counted from 0),
// as Hugging Face's load_vocab reads it: lines end at "\n", "\r\n" or a lone "\r"
// (Python's universal newlines), the line end is not part of the token, and when a token
// appears twice its later line wins the lookup.
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace sampling::text {

class Vocab {
 public:
  // Throws sampling::Error "vocab.txt: ..." for an empty file, bytes that are not UTF-8
  // (naming the line) or a missing [PAD], [UNK], [CLS], [SEP] or [MASK].
  static Vocab parse(std::string_view vocab_txt);

  int size() const { return static_cast<int>(tokens_.size()); }
  const std::string& token(std::int32_t id) const { return tokens_.at(static_cast<std::size_t>(id)); }
  // The id of a token, or -1.
  std::int32_t find(std::string_view token) const;
  // [PAD] [UNK] [CLS] [SEP] [MASK] and any other token written [..] (e.g. [unused1]).
  bool is_special(std::int32_t id) const;

  std::int32_t pad_id() const { return pad_; }
  std::int32_t unk_id() const { return unk_; }
  std::int32_t cls_id() const { return cls_; }
  std::int32_t sep_id() const { return sep_; }
  std::int32_t mask_id() const { return mask_; }

  // Appends "[id N]" tokens (special, never sampled) up to `size` ids, for a model whose
  // embedding matrix has more rows than its vocab.txt has lines.
  void pad_to(int size);

 private:
  std::vector<std::string> tokens_;
  std::unordered_map<std::string, std::int32_t> ids_;
  std::int32_t pad_ = -1, unk_ = -1, cls_ = -1, sep_ = -1, mask_ = -1;
};

}  // namespace sampling::text
