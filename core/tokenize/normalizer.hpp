#pragma once
// SentencePiece's normalizer: the model's precompiled character map (longest-prefix
// rewrite rules over the input bytes, e.g. NFKC folding), then whitespace handling:
//   remove_extra_whitespaces  drop leading, trailing and repeated spaces
//   add_dummy_prefix          a space before the text, so "Hello" and " Hello" match
//   escape_whitespaces        every space becomes ▁ (U+2581)
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/tokenize/darts_trie.hpp"
#include "core/tokenize/model_proto.hpp"
#include "core/tokenize/piece_trie.hpp"

namespace sampling::tokenize {

class Normalizer {
 public:
  Normalizer() = default;  // identity: no rules, no whitespace handling
  explicit Normalizer(const NormalizerSpecData& spec);

  // Symbols copied unchanged wherever they start (SentencePiece's prefix matcher over the
  // model's user-defined pieces; the longest one wins over every rule).
  void keep_unchanged(const std::vector<std::string>& symbols);

  // `input` must be valid UTF-8 (checked by the caller). `out` is overwritten.
  void normalize(std::string_view input, std::string& out) const;
  bool is_identity() const { return identity_; }
  bool add_dummy_prefix() const { return add_dummy_prefix_; }
  bool remove_extra_whitespaces() const { return remove_extra_whitespaces_; }

 private:
  // The replacement of the longest rule matching a prefix of input (or the first
  // character unchanged), and how many input bytes it consumes.
  std::pair<std::string_view, std::size_t> normalize_prefix(std::string_view input) const;

  bool identity_ = true;
  bool add_dummy_prefix_ = false, remove_extra_whitespaces_ = false, escape_whitespaces_ = false;
  DartsTrie rules_;
  PieceTrie kept_;
  bool has_kept_ = false;
  std::string replacements_;  // NUL-terminated strings the rules point into
  // What an ASCII byte followed by an ASCII byte (or the end) becomes without the rules:
  // a plain byte (no rule or kept symbol is that byte or starts with it and another ASCII
  // byte) stays itself, a plain space becomes ▁ (or a space); emit_[c] holds those bytes
  // and emit_length_[c] their count, 0 for a byte the rules must see (and every byte
  // ≥ 0x80). The result is the same as by the rules.
  char emit_[256][4] = {};
  unsigned char emit_length_[256] = {};
  void find_plain_bytes();
};

}  // namespace sampling::tokenize
