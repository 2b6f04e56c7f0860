#include "core/tokenize/segmentation.hpp"

#include <algorithm>

#include "core/tokenize/unigram_model.hpp"

namespace sampling::tokenize {

void DpBuffers::reset_routes(std::size_t n) {
  route.assign(n + 1, Route{kUnset, -1});
}

void backtrack(const DpBuffers& buf, std::size_t n, Segmentation& out) {
  out.clear();
  for (std::size_t e = n; e > 0;) {
    const std::uint32_t b = buf.route[e].begin;
    out.push_back({b, static_cast<std::uint32_t>(e), buf.route[e].id});
    e = b;
  }
  std::reverse(out.begin(), out.end());
}

double segmentation_score(const UnigramModel& model, const Segmentation& seg) {
  double s = 0;
  for (const Token& t : seg) s += model.lattice_score(t.id);
  return s;
}

namespace {
// SentencePiece's output pieces of a segmentation (PopulateSentencePieceText): calls
// f(id, begin, end) per piece, a run of consecutive unknown pieces merged into one
// unknown piece over the run's bytes, or, with byte fallback, spelled as one byte piece
// per byte of the run.
template <class F>
void for_each_output_piece(const UnigramModel& model, std::string_view text, const Segmentation& seg, F&& f) {
  const int unk = model.unknown_id();
  for (std::size_t i = 0; i < seg.size(); ++i) {
    const Token& t = seg[i];
    if (t.id != unk) {
      f(t.id, t.begin, t.end);
      continue;
    }
    std::uint32_t end = t.end;  // merge a run of unknown pieces
    while (i + 1 < seg.size() && seg[i + 1].id == unk) end = seg[++i].end;
    if (model.byte_fallback()) {
      for (std::uint32_t p = t.begin; p < end; ++p) f(model.byte_piece_id(static_cast<unsigned char>(text[p])), p, p + 1);
    } else {
      f(unk, t.begin, end);
    }
  }
}
}  // namespace

std::vector<std::string> encode_pieces(const UnigramModel& model, std::string_view text, const Segmentation& seg) {
  std::vector<std::string> out;
  const int unk = model.unknown_id();
  for_each_output_piece(model, text, seg, [&](std::int32_t id, std::uint32_t begin, std::uint32_t end) {
    if (id == unk) out.emplace_back(text.substr(begin, end - begin));  // the surface, as Encode prints it
    else out.push_back(model.piece(id));
  });
  return out;
}

void append_encode_ids(const UnigramModel& model, std::string_view text, const Segmentation& seg,
                       std::vector<std::int32_t>& out) {
  for_each_output_piece(model, text, seg, [&](std::int32_t id, std::uint32_t, std::uint32_t) { out.push_back(id); });
}

std::string join_pieces(const std::vector<std::string>& pieces) {
  std::string line;
  for (std::size_t i = 0; i < pieces.size(); ++i) {
    if (i) line += ' ';
    line += pieces[i];
  }
  return line;
}

}  // namespace sampling::tokenize
