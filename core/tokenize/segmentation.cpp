#include "core/tokenize/segmentation.hpp"

#include <algorithm>

#include "core/tokenize/unigram_model.hpp"

namespace sampling::tokenize {

void DpBuffers::reset_routes(std::size_t n) {
  route.assign(n + 1, kUnset);
  route_id.assign(n + 1, -1);
}

void backtrack(const DpBuffers& buf, std::size_t n, Segmentation& out) {
  out.clear();
  for (std::size_t e = n; e > 0;) {
    const std::uint32_t b = buf.route[e];
    out.push_back({b, static_cast<std::uint32_t>(e), buf.route_id[e]});
    e = b;
  }
  std::reverse(out.begin(), out.end());
}

double segmentation_score(const UnigramModel& model, const Segmentation& seg) {
  double s = 0;
  for (const Token& t : seg) s += model.lattice_score(t.id);
  return s;
}

std::vector<std::string> encode_pieces(const UnigramModel& model, std::string_view text, const Segmentation& seg) {
  std::vector<std::string> out;
  const int unk = model.unknown_id();
  for (std::size_t i = 0; i < seg.size(); ++i) {
    const Token& t = seg[i];
    if (t.id != unk) {
      out.push_back(model.piece(t.id));
      continue;
    }
    std::size_t end = t.end;  // merge a run of unknown pieces
    while (i + 1 < seg.size() && seg[i + 1].id == unk) end = seg[++i].end;
    const std::string_view surface = text.substr(t.begin, end - t.begin);
    if (model.byte_fallback()) {
      for (unsigned char c : surface) out.push_back(model.piece(model.byte_piece_id(c)));
    } else {
      out.emplace_back(surface);
    }
  }
  return out;
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
