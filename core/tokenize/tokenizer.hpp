#pragma once
// One entry point over the algorithms of this folder: normalizes and checks the text,
// runs the chosen method, and keeps every buffer between calls.
#include <string>
#include <string_view>
#include <vector>

#include "core/common/rng.hpp"
#include "core/tokenize/exact_distribution.hpp"
#include "core/tokenize/lattice.hpp"
#include "core/tokenize/nbest.hpp"
#include "core/tokenize/segmentation.hpp"
#include "core/tokenize/unigram_model.hpp"
#include "core/tokenize/viterbi.hpp"

namespace sampling::tokenize {

enum class Method { viterbi, original, perfect, ffbs, nbest };
Method parse_method(const std::string& name);  // throws naming the choices
const char* method_name(Method m);

// α must be a finite number ≥ 0 (SentencePiece's convention: 0 samples uniformly among
// segmentations; larger values concentrate on the best one).
void check_alpha(double alpha);

class Tokenizer {
 public:
  explicit Tokenizer(const UnigramModel& model) : model_(model) {}

  // The longest text normalize accepts (its lattice takes tens of bytes per byte, and
  // token offsets are 32-bit).
  static constexpr std::size_t kMaxTextBytes = std::size_t{1} << 26;  // 64 MiB

  // Normalizes `text` (which must be valid UTF-8: an Error names the first bad byte; at
  // most kMaxTextBytes long). The result stays valid until the next call.
  const std::string& normalize(std::string_view text);

  // One segmentation of the last normalized text by `method`.
  const Segmentation& segment(Method method, double alpha, Rng& rng, std::size_t nbest_size = 10);

  const std::string& normalized() const { return normalized_; }
  Lattice& lattice();  // the lattice of the last normalized text (built on first use)
  const UnigramModel& model() const { return model_; }

 private:
  const UnigramModel& model_;
  std::string normalized_;
  DpBuffers buffers_;
  Segmentation result_;
  Lattice lattice_;
  bool lattice_ready_ = false;
  // FFBS and n-best keep their forward pass / k-best list for repeated draws.
  double ffbs_alpha_ = -1;
  std::vector<double> ffbs_log_z_;
  std::size_t nbest_size_ = 0;
  std::vector<ScoredSegmentation> nbest_;
};

}  // namespace sampling::tokenize
