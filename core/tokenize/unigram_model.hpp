#pragma once
// A unigram language model over pieces: each piece w has a log-probability score s(w).
// Loaded from a SentencePiece .model file, a jieba-style "word freq [tag]" dictionary
// (s(w) = log f(w) − log Σf), or "piece<TAB>score" lines. Holds the piece trie and the
// normalizer; the samplers in this folder walk its candidates.
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/tokenize/model_proto.hpp"
#include "core/tokenize/normalizer.hpp"
#include "core/tokenize/piece_trie.hpp"

namespace sampling::tokenize {

class UnigramModel {
 public:
  // SentencePiece unknown rule: a one-character unknown piece scored min_score − 10.
  static constexpr float kUnknownPenalty = 10.0f;

  static UnigramModel from_sentencepiece(std::string_view model_bytes);
  static UnigramModel from_word_frequencies(std::string_view text);  // "word freq [tag]"
  static UnigramModel from_piece_scores(std::string_view text);      // "piece<TAB>score"
  // Detects the format: protobuf bytes, tab-separated scores, or word frequencies.
  static UnigramModel load(std::string_view bytes);

  std::size_t size() const { return pieces_.size(); }
  const std::string& piece(int id) const { return pieces_[id]; }
  float score(int id) const { return scores_[id]; }
  PieceType type(int id) const { return types_[id]; }
  int unknown_id() const { return unknown_id_; }
  // SentencePiece's max_score_: the largest NORMAL score, but at least FLT_MIN (the
  // smallest positive float, where SentencePiece starts it), so about 0 for log-probabilities.
  float max_score() const { return max_score_; }
  float unknown_score() const { return min_score_ - kUnknownPenalty; }
  bool byte_fallback() const { return byte_fallback_; }
  // What decoding writes for the unknown piece: trainer_spec.unk_surface, " ⁇ " by default.
  const std::string& unknown_surface() const { return unknown_surface_; }
  int byte_piece_id(unsigned char b) const { return byte_ids_[b]; }
  // −1 when absent; a text that is both a reserved piece (unknown, control, byte) and
  // another gives the reserved one's id, as SentencePiece's PieceToId does.
  int piece_id(std::string_view piece) const;
  // The score a piece gets in the lattice: s(w), or for a user-defined symbol its length
  // in characters times max_score() less 0.1 (−0.1 on usual models); the unknown piece
  // min_score − 10. Viterbi counts a user-defined symbol's length in bytes instead, as
  // SentencePiece's Encode does.
  float lattice_score(int id) const;
  const Normalizer& normalizer() const { return normalizer_; }
  const std::string& kind() const { return kind_; }  // "sentencepiece", "words", "scores"

  // Calls f(begin, end, id, score) for every candidate piece of `text` (normalized, valid
  // UTF-8) in SentencePiece's order: by start position, shorter pieces first, then the
  // unknown piece where no single-character piece matches. Positions are byte offsets.
  template <class F>
  void for_each_candidate(std::string_view text, F&& f) const {
    for_each_candidate(text, f, f);
  }
  // The same, the unknown pieces to `on_unknown` and every other to `on_piece` (so a pass
  // that treats them apart tests nothing per candidate).
  template <class P, class U>
  void for_each_candidate(std::string_view text, P&& on_piece, U&& on_unknown) const {
    for_each_candidate(text, [](std::size_t) {}, on_piece, on_unknown);
  }
  // The same, with on_start(begin) called before the candidates of each start position
  // (so a pass need not test per candidate whether its start changed).
  template <class S, class P, class U>
  void for_each_candidate(std::string_view text, S&& on_start, P&& on_piece, U&& on_unknown) const;
  // The score Viterbi adds for a piece other than the unknown one, as SentencePiece's
  // Encode forms it in double: s(w), or for a user-defined symbol its length in bytes
  // times max_score() (a float product) less 0.1.
  const double* viterbi_scores() const { return viterbi_scores_.data(); }

 private:
  void finish();  // builds the trie and the score range; checks the vocabulary
  std::string kind_;
  std::vector<std::string> pieces_;
  std::vector<float> scores_;
  std::vector<float> lattice_scores_;
  std::vector<double> viterbi_scores_;
  std::vector<PieceType> types_;
  int unknown_id_ = -1;
  float min_score_ = 0, max_score_ = 0;
  bool byte_fallback_ = false;
  std::string unknown_surface_ = " \xE2\x81\x87 ";
  int byte_ids_[256];
  Normalizer normalizer_;
  PieceTrie trie_;
  std::unordered_map<std::string, int> ids_;
};

inline int utf8_char_length(unsigned char lead) {
  return lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
}

inline std::size_t utf8_length(const char* s, std::size_t bytes) {
  std::size_t chars = 0;
  for (std::size_t i = 0; i < bytes; ++i) chars += (static_cast<unsigned char>(s[i]) & 0xC0) != 0x80;
  return chars;
}

// Unused pieces are not in the trie (SentencePiece skips them before anything else).
template <class S, class P, class U>
void UnigramModel::for_each_candidate(std::string_view text, S&& on_start, P&& on_piece, U&& on_unknown) const {
  const char* data = text.data();
  const std::size_t n = text.size();
  const float* scores = lattice_scores_.data();
  for (std::size_t begin = 0; begin < n;) {
    on_start(begin);
    const std::size_t char_length = std::min<std::size_t>(utf8_char_length(static_cast<unsigned char>(data[begin])), n - begin);
    bool has_single_character = false;
    trie_.common_prefix_search(data + begin, n - begin, [&](std::int32_t id, std::size_t length) {
      on_piece(begin, begin + length, id, scores[id]);
      has_single_character |= length == char_length;
    });
    if (!has_single_character) on_unknown(begin, begin + char_length, unknown_id_, unknown_score());
    begin += char_length;
  }
}

}  // namespace sampling::tokenize
