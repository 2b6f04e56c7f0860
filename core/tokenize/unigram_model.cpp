#include "core/tokenize/unigram_model.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <string_view>
#include <unordered_map>

#include "core/common/error.hpp"
#include "core/common/limits.hpp"
#include "core/common/logsumexp.hpp"
#include "core/common/utf8.hpp"
#include "core/common/portable_math.hpp"

namespace sampling::tokenize {
namespace {

const char* model_type_name(int t) {
  switch (t) {
    case 2: return "BPE";
    case 3: return "WORD";
    case 4: return "CHAR";
    default: return "unknown";
  }
}

// Splits text into lines (LF or CRLF), numbered from 1.
template <class F>
void for_each_line(std::string_view text, F&& f) {
  std::size_t line_number = 0;
  while (!text.empty()) {
    const std::size_t nl = text.find('\n');
    std::string_view line = text.substr(0, nl);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    f(++line_number, line);
    if (nl == std::string_view::npos) break;
    text.remove_prefix(nl + 1);
  }
}

bool parse_number(std::string_view s, double& out) {
  if (s.empty() || s.size() > 64) return false;
  const std::string copy(s);
  char* end = nullptr;
  out = std::strtod(copy.c_str(), &end);
  return end == copy.c_str() + copy.size() && std::isfinite(out);
}

void check_piece_text(const std::string& piece, const std::string& where) {
  if (piece.empty()) throw Error(where + ": empty piece");
  try {
    decode_utf8(piece);
  } catch (const Error& e) {
    throw Error(where + ": the piece is not valid UTF-8 (" + e.what() + ")");
  }
}

}  // namespace

UnigramModel UnigramModel::from_sentencepiece(std::string_view model_bytes) {
  const ModelProtoData proto = parse_model_proto(model_bytes);
  if (proto.model_type != 1)
    throw Error(std::string("model file: this is a ") + model_type_name(proto.model_type) +
                " model (trainer_spec.model_type = " + std::to_string(proto.model_type) +
                "); only unigram models can be sampled");
  if (proto.treat_whitespace_as_suffix)
    throw Error("model file: treat_whitespace_as_suffix models are not supported");
  if (proto.pieces.empty()) throw Error("model file: the vocabulary is empty (no pieces)");
  UnigramModel m;
  m.kind_ = "sentencepiece";
  m.byte_fallback_ = proto.byte_fallback;
  try {
    decode_utf8(proto.unk_surface);
  } catch (const Error& e) {
    throw Error(std::string("model file: trainer_spec.unk_surface is not valid UTF-8 (") + e.what() + ")");
  }
  m.unknown_surface_ = proto.unk_surface;
  for (std::size_t i = 0; i < proto.pieces.size(); ++i) {
    const auto& p = proto.pieces[i];
    const std::string where = "model file: piece " + std::to_string(i);
    check_piece_text(p.piece, where);
    if (!p.has_score && p.type == PieceType::normal)
      throw Error(where + " ('" + p.piece + "') has no score field");
    if (!std::isfinite(p.score)) throw Error(where + " ('" + p.piece + "') has a score that is not finite");
    m.pieces_.push_back(p.piece);
    m.scores_.push_back(p.score);
    m.types_.push_back(p.type);
  }
  m.normalizer_ = Normalizer(proto.normalizer);
  std::vector<std::string> user_defined;
  for (std::size_t i = 0; i < m.pieces_.size(); ++i)
    if (m.types_[i] == PieceType::user_defined) user_defined.push_back(m.pieces_[i]);
  m.finish();  // first: it rejects a piece that appears twice
  m.normalizer_.keep_unchanged(user_defined);
  return m;
}

UnigramModel UnigramModel::from_word_frequencies(std::string_view text) {
  UnigramModel m;
  m.kind_ = "words";
  m.pieces_.push_back("<unk>"), m.scores_.push_back(0), m.types_.push_back(PieceType::unknown);
  std::vector<double> freqs;
  for_each_line(text, [&](std::size_t line_number, std::string_view line) {
    if (line.find_first_not_of(" \t") == std::string_view::npos) return;  // blank line
    const std::string where = "dictionary line " + std::to_string(line_number);
    const std::size_t sp1 = line.find(' ');
    if (sp1 == std::string_view::npos || sp1 == 0)
      throw Error(where + ": expected 'word frequency [tag]', got '" + std::string(line.substr(0, 60)) + "'");
    std::string_view rest = line.substr(sp1 + 1);
    const std::size_t sp2 = rest.find(' ');
    double f;
    if (!parse_number(rest.substr(0, sp2), f) || !(f > 0))
      throw Error(where + ": the frequency must be a positive number, got '" + std::string(rest.substr(0, sp2)) + "'");
    const std::string word(line.substr(0, sp1));
    check_piece_text(word, where);
    m.pieces_.push_back(word), m.types_.push_back(PieceType::normal);
    freqs.push_back(f);
  });
  if (freqs.empty()) throw Error("dictionary: the vocabulary is empty (no 'word frequency' lines)");
  double total = 0;
  for (double f : freqs) total += f;
  double log_total = pmath::log(total);
  if (!std::isfinite(total)) {  // frequencies near 1e308: log Σf by log-sum-exp instead
    std::vector<double> log_freqs;
    for (double f : freqs) log_freqs.push_back(pmath::log(f));
    log_total = log_sum_exp(log_freqs.data(), log_freqs.size());
  }
  for (double f : freqs) m.scores_.push_back(static_cast<float>(pmath::log(f) - log_total));
  m.finish();
  return m;
}

UnigramModel UnigramModel::from_piece_scores(std::string_view text) {
  UnigramModel m;
  m.kind_ = "scores";
  for_each_line(text, [&](std::size_t line_number, std::string_view line) {
    if (line.empty()) return;
    const std::string where = "vocabulary line " + std::to_string(line_number);
    const std::size_t tab = line.find('\t');
    if (tab == std::string_view::npos || tab == 0)
      throw Error(where + ": expected 'piece<TAB>score', got '" + std::string(line.substr(0, 60)) + "'");
    double s;
    // A score beyond float range would not survive the conversion to float (undefined behaviour).
    if (!parse_number(line.substr(tab + 1), s) || std::abs(s) > std::numeric_limits<float>::max())
      throw Error(where + ": the score must be a finite number (at most 3.4e38 in magnitude), got '" +
                  std::string(line.substr(tab + 1, 40)) + "'");
    const std::string piece(line.substr(0, tab));
    check_piece_text(piece, where);
    PieceType type = PieceType::normal;
    if (piece == "<unk>") type = PieceType::unknown;
    else if (piece == "<s>" || piece == "</s>" || piece == "<pad>") type = PieceType::control;
    m.pieces_.push_back(piece), m.scores_.push_back(static_cast<float>(s)), m.types_.push_back(type);
  });
  if (m.pieces_.empty()) throw Error("vocabulary: the vocabulary is empty (no 'piece<TAB>score' lines)");
  if (std::find(m.types_.begin(), m.types_.end(), PieceType::unknown) == m.types_.end())
    m.pieces_.push_back("<unk>"), m.scores_.push_back(0), m.types_.push_back(PieceType::unknown);
  m.finish();
  return m;
}

UnigramModel UnigramModel::load(std::string_view bytes) {
  if (bytes.empty()) throw Error("model file: the file is empty");
  limits::check_file_size(bytes.size(), limits::kMaxTokenizerModelBytes, "tokenizer model file");
  // A .model file starts with the key of field 1 (pieces), byte 0x0A, which is also a
  // text file's empty first line: that case is read as a model first, and as text if it is
  // not one and its start is UTF-8. The text formats: "piece<TAB>score" when the first
  // line that is not empty has a tab, word frequencies otherwise.
  bool text = true;
  try {
    decode_utf8(bytes.substr(0, std::min<std::size_t>(bytes.size(), 4096 - 4)));
  } catch (const Error&) {
    text = false;
  }
  const auto from_text = [bytes] {
    const std::size_t start = bytes.find_first_not_of("\r\n");
    const std::string_view first_line =
        start == std::string_view::npos ? std::string_view() : bytes.substr(start, bytes.find('\n', start) - start);
    if (first_line.find('\t') != std::string_view::npos) return from_piece_scores(bytes);
    return from_word_frequencies(bytes);
  };
  if (bytes[0] == '\n') {
    try {
      return from_sentencepiece(bytes);
    } catch (const Error& model_error) {
      if (!text) throw;
      try {
        return from_text();
      } catch (const Error& text_error) {  // neither: say both
        throw Error(std::string(model_error.what()) + "; read as a text vocabulary instead: " + text_error.what());
      }
    }
  }
  return text ? from_text() : from_sentencepiece(bytes);
}

void UnigramModel::finish() {
  std::vector<std::pair<std::string, std::int32_t>> keys;
  std::fill(std::begin(byte_ids_), std::end(byte_ids_), -1);
  bool have_normal = false;
  // SentencePiece's range: only NORMAL pieces count, from FLT_MAX and FLT_MIN (the
  // smallest positive float, not the lowest one), so with the usual negative scores the
  // maximum stays FLT_MIN.
  min_score_ = std::numeric_limits<float>::max();
  max_score_ = std::numeric_limits<float>::min();
  // SentencePiece keeps two maps of piece texts: the reserved pieces (unknown, control,
  // byte) and the others (normal, user-defined, unused). A text may appear once in each,
  // e.g. a normal piece "<unk>" beside the unknown piece, and a lookup by text gives the
  // reserved one; a text twice in the same map is an error.
  const auto reserved = [](PieceType t) {
    return t == PieceType::unknown || t == PieceType::control || t == PieceType::byte;
  };
  std::unordered_map<std::string_view, int> seen[2];  // [reserved?]: the first id of each text
  for (std::size_t i = 0; i < pieces_.size(); ++i) {
    const int id = static_cast<int>(i);
    const bool is_reserved = reserved(types_[i]);
    const auto [first, fresh] = seen[is_reserved].emplace(pieces_[i], id);
    if (!fresh)
      throw Error("model: piece '" + pieces_[i] + "' appears twice (ids " + std::to_string(first->second) + " and " +
                  std::to_string(id) + ")");
    const auto [it, inserted] = ids_.emplace(pieces_[i], id);
    if (!inserted && is_reserved) it->second = id;
    switch (types_[i]) {
      case PieceType::unknown:
        if (unknown_id_ >= 0) throw Error("model: more than one unknown piece (ids " + std::to_string(unknown_id_) + " and " + std::to_string(id) + ")");
        unknown_id_ = id;
        break;
      case PieceType::byte: {
        // Exactly "<0x", two hex digits, ">" (sscanf's %X would also take a sign: "<0x-6>").
        const std::string& p = pieces_[i];
        const auto hex = [](char c) { return std::isxdigit(static_cast<unsigned char>(c)) != 0; };
        if (p.size() != 6 || p.compare(0, 3, "<0x") != 0 || !hex(p[3]) || !hex(p[4]) || p[5] != '>')
          throw Error("model: byte piece " + std::to_string(id) + " is not of the form <0xHH>: '" + p + "'");
        const int b = std::stoi(p.substr(3, 2), nullptr, 16);
        if (byte_ids_[b] >= 0)  // "<0x4a>" and "<0x4A>": different texts, the same byte
          throw Error("model: byte pieces " + std::to_string(byte_ids_[b]) + " ('" + pieces_[static_cast<std::size_t>(byte_ids_[b])] + "') and " +
                      std::to_string(id) + " ('" + p + "') are the same byte");
        byte_ids_[b] = id;
        break;
      }
      case PieceType::normal:
        min_score_ = std::min(min_score_, scores_[i]);
        max_score_ = std::max(max_score_, scores_[i]);
        have_normal = true;
        [[fallthrough]];
      case PieceType::user_defined:
        keys.emplace_back(pieces_[i], id);
        break;
      case PieceType::unused:  // never a candidate: kept out of the trie
      case PieceType::control: break;
    }
  }
  // SentencePiece loads such a vocabulary, but its unknown piece then scores FLT_MAX − 10
  // (the minimum over no normal pieces), and every segmentation with one scores +inf.
  if (!have_normal)
    throw Error("model: the vocabulary has no normal pieces (only unknown, control, user-defined, unused or byte "
                "ones), so the unknown piece's score, the lowest normal score less 10, is undefined");
  lattice_scores_ = scores_;
  for (std::size_t i = 0; i < pieces_.size(); ++i) {
    // User-defined symbols get a bonus so they are always chosen, as in SentencePiece's
    // lattice: characters × max score (a float product) − 0.1 (in double), stored as float.
    if (types_[i] == PieceType::user_defined) {
      const float product = static_cast<float>(utf8_length(pieces_[i].data(), pieces_[i].size())) * max_score_;
      lattice_scores_[i] = static_cast<float>(static_cast<double>(product) - 0.1);
    }
  }
  viterbi_scores_.resize(pieces_.size());
  for (std::size_t i = 0; i < pieces_.size(); ++i) {
    viterbi_scores_[i] = types_[i] == PieceType::user_defined
                             ? static_cast<double>(static_cast<float>(pieces_[i].size()) * max_score_) - 0.1
                             : static_cast<double>(scores_[i]);
  }
  if (unknown_id_ < 0) throw Error("model: no piece of type UNKNOWN (SentencePiece models have <unk>)");
  if (byte_fallback_)
    for (int b = 0; b < 256; ++b)
      if (byte_ids_[b] < 0) {
        static const char kHex[] = "0123456789ABCDEF";
        throw Error(std::string("model: byte_fallback is on but byte piece <0x") + kHex[b >> 4] + kHex[b & 15] +
                    "> is missing (SentencePiece needs all 256)");
      }
  trie_ = PieceTrie(std::move(keys));
}

float UnigramModel::lattice_score(int id) const {
  return id == unknown_id_ ? unknown_score() : lattice_scores_[id];
}

int UnigramModel::piece_id(std::string_view piece) const {
  const auto it = ids_.find(std::string(piece));
  return it == ids_.end() ? -1 : it->second;
}

}  // namespace sampling::tokenize
