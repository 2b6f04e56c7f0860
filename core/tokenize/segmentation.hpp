#pragma once
// A segmentation: the pieces that concatenate to the (normalized) text, as byte ranges
// with piece ids. Buffers for the one-pass algorithms live in DpBuffers, reused across
// calls so a sampler allocates nothing once warm.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace sampling::tokenize {

class UnigramModel;

struct Token {
  std::uint32_t begin, end;  // byte offsets into the normalized text
  std::int32_t id;
  bool operator==(const Token& o) const { return begin == o.begin && end == o.end && id == o.id; }
};
using Segmentation = std::vector<Token>;

// The piece kept at an end position: its start and its id, side by side (one load and
// one store per candidate, and perfect sampling selects both with one 64-bit mask).
struct Route {
  std::uint32_t begin;
  std::int32_t id;
};

struct DpBuffers {
  std::vector<float> best;             // Viterbi: best score of each prefix (float, as SentencePiece)
  std::vector<double> score;           // samplers: log Z (or kept path score) of each prefix
  std::vector<Route> route;            // the piece kept at each end position
  void reset_routes(std::size_t n);    // n + 1 positions, all unset
  // exp(α·s(w)) per piece, cached for one model and one α, and whether every lattice
  // piece has α·|s(w)| ≤ 200 (perfect sampling may then run on Z rather than log Z).
  std::vector<double> piece_weight;
  bool weights_in_range = false;
  const void* weight_model = nullptr;
  double weight_alpha = -1;
  static constexpr std::uint32_t kUnset = UINT32_MAX;
};

// Follows the routes back from the end of a text of `n` bytes.
void backtrack(const DpBuffers& buf, std::size_t n, Segmentation& out);

// Σ over the pieces of the score each has in the lattice (UnigramModel::lattice_score:
// the unknown piece min_score − 10, a user-defined symbol SentencePiece's bonus score).
double segmentation_score(const UnigramModel& model, const Segmentation& seg);

// The pieces as SentencePiece's Encode prints them: consecutive unknown pieces merged
// into one, and with byte fallback each unknown character spelled as <0xHH> pieces.
std::vector<std::string> encode_pieces(const UnigramModel& model, std::string_view text, const Segmentation& seg);
// The ids of those pieces, appended to `out` (as spm_encode --output_format=id prints
// them: a merged unknown run is one unknown id).
void append_encode_ids(const UnigramModel& model, std::string_view text, const Segmentation& seg,
                       std::vector<std::int32_t>& out);
// Pieces joined by single spaces (as spm_encode --output_format=piece prints a line).
std::string join_pieces(const std::vector<std::string>& pieces);

}  // namespace sampling::tokenize
