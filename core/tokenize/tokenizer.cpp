#include "core/tokenize/tokenizer.hpp"

#include <cmath>
#include <cstdint>
#include <cstring>

#include "core/common/error.hpp"
#include "core/common/utf8.hpp"
#include "core/tokenize/ffbs_sample.hpp"
#include "core/tokenize/original_viterbi_sampling.hpp"
#include "core/tokenize/perfect_sample.hpp"
#include "core/tokenize/viterbi.hpp"

namespace sampling::tokenize {

Method parse_method(const std::string& name) {
  if (name == "viterbi") return Method::viterbi;
  if (name == "original") return Method::original;
  if (name == "perfect") return Method::perfect;
  if (name == "ffbs") return Method::ffbs;
  if (name == "nbest") return Method::nbest;
  throw Error("unknown method '" + name + "': use viterbi, original, perfect, ffbs or nbest");
}

const char* method_name(Method m) {
  switch (m) {
    case Method::viterbi: return "viterbi";
    case Method::original: return "original";
    case Method::perfect: return "perfect";
    case Method::ffbs: return "ffbs";
    case Method::nbest: return "nbest";
  }
  return "?";
}

void check_alpha(double alpha) {
  if (!(std::isfinite(alpha) && alpha >= 0 && alpha <= 1e4))
    throw Error("alpha must be a finite number in [0, 10000], got " + show(alpha));
}

const std::string& Tokenizer::normalize(std::string_view text) {
  if (text.size() > kMaxTextBytes)
    throw Error("text: " + std::to_string(text.size()) + " bytes, more than the " + std::to_string(kMaxTextBytes) +
                " (64 MiB) one text may have; split it into lines");
  // Validate first so the error names the byte of the user's input, not of our copy.
  for (std::size_t pos = 0; pos < text.size();) {
    std::uint64_t eight;  // eight bytes at once while they are all ASCII
    if (pos + 8 <= text.size() && (std::memcpy(&eight, text.data() + pos, 8), (eight & 0x8080808080808080ull) == 0)) {
      pos += 8;
      continue;
    }
    if (static_cast<unsigned char>(text[pos]) < 0x80) {
      ++pos;
      continue;
    }
    decode_utf8_at(text, pos);
  }
  model_.normalizer().normalize(text, normalized_);
  lattice_ready_ = false;
  ffbs_alpha_ = -1;
  nbest_size_ = 0;
  return normalized_;
}

Lattice& Tokenizer::lattice() {
  if (!lattice_ready_) lattice_.build(model_, normalized_), lattice_ready_ = true;
  return lattice_;
}

const Segmentation& Tokenizer::segment(Method method, double alpha, Rng& rng, std::size_t nbest_size) {
  if (method != Method::viterbi) check_alpha(alpha);
  switch (method) {
    case Method::viterbi: viterbi(model_, normalized_, buffers_, result_); break;
    case Method::original: original_viterbi_sample(model_, normalized_, alpha, rng, buffers_, result_); break;
    case Method::perfect: perfect_sample(model_, normalized_, alpha, rng, buffers_, result_); break;
    case Method::ffbs:
      if (ffbs_alpha_ != alpha) ffbs_log_z_ = lattice().forward(alpha), ffbs_alpha_ = alpha;
      ffbs_sample(lattice(), ffbs_log_z_, alpha, rng, result_);
      break;
    case Method::nbest:
      // SentencePiece's SampleEncode with nbest_size 1 is Encode: Viterbi, whose choice
      // between exactly tied segmentations can differ from the n-best list's first entry.
      if (nbest_size == 1) {
        viterbi(model_, normalized_, buffers_, result_);
        break;
      }
      if (nbest_size_ != nbest_size) nbest_ = nbest(lattice(), nbest_size), nbest_size_ = nbest_size;
      result_ = nbest_sample(nbest_, alpha, rng).tokens;
      break;
  }
  return result_;
}

}  // namespace sampling::tokenize
