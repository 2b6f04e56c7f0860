#pragma once
// The lattice of a text: every candidate piece as an edge (begin, end, id, score), in
// SentencePiece's order, indexed both by start and by end position. One structure
// serves forward-filtering backward-sampling, n-best, exact enumeration and entropy.
// (Viterbi and the one-pass samplers do not need it: they stream the candidates.)
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/tokenize/segmentation.hpp"
#include "core/tokenize/unigram_model.hpp"

namespace sampling::tokenize {

class Lattice {
 public:
  struct Edge {
    std::uint32_t begin, end;
    std::int32_t id;
    float score;
  };

  // Builds the lattice of `text` (normalized, valid UTF-8); reuses its buffers.
  void build(const UnigramModel& model, std::string_view text);

  std::size_t size() const { return n_; }  // text length in bytes
  const std::vector<Edge>& edges() const { return edges_; }
  // Edges ending at byte position e: edges()[ending_at(e)[i]].
  const std::uint32_t* ending_begin(std::size_t e) const { return by_end_.data() + end_offsets_[e]; }
  const std::uint32_t* ending_end(std::size_t e) const { return by_end_.data() + end_offsets_[e + 1]; }
  // Edges starting at byte position b: edges()[starting_first(b) .. starting_first(b + 1)).
  std::size_t starting_first(std::size_t b) const { return begin_offsets_[b]; }
  // Character boundaries (byte offsets) 0 = p_0 < p_1 < … < p_m = n.
  const std::vector<std::uint32_t>& positions() const { return positions_; }

  // Forward pass: log Z of every prefix for exponent α (−∞ at non-boundaries).
  const std::vector<double>& forward(double alpha);

 private:
  std::size_t n_ = 0;
  std::vector<Edge> edges_;
  std::vector<std::uint32_t> begin_offsets_, end_offsets_, by_end_, positions_;
  std::vector<double> log_z_;
};

}  // namespace sampling::tokenize
