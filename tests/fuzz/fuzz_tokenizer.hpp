#pragma once
// What the fuzz targets of the tokenizer's model readers do with a model once it loads:
// every segmentation method on a few texts (fixed ones and text built from the model's
// own pieces), each result checked to tile the normalized text with pieces the model
// has. A broken invariant aborts, which libFuzzer reports as a crash.
#include <cstdlib>
#include <string>
#include <vector>

#include "core/common/rng.hpp"
#include "core/tokenize/tokenizer.hpp"

namespace fuzzing {

inline void check(bool ok) {
  if (!ok) std::abort();
}

inline void exercise_tokenizer(const sampling::tokenize::UnigramModel& model) {
  using sampling::tokenize::Method;
  std::vector<std::string> texts{"Hello world", " a  b ", "\xe4\xb8\xad\xe6\x96\x87 text\xe2\x96\x81", ""};
  std::string from_pieces;
  for (std::size_t id = 0; id < model.size() && id < 6; ++id) from_pieces += model.piece(static_cast<int>(id));
  texts.push_back(from_pieces.substr(0, 64));
  sampling::tokenize::Tokenizer tokenizer(model);
  sampling::Rng rng(7);
  for (const std::string& text : texts) {
    try {
      tokenizer.normalize(text);
    } catch (const sampling::Error&) {
      continue;  // a piece's text need not be valid input on its own
    }
    const std::string& normalized = tokenizer.normalized();
    for (const Method m : {Method::viterbi, Method::original, Method::perfect, Method::ffbs, Method::nbest}) {
      for (const double alpha : {0.0, 0.5, 8.0}) {
        const auto& seg = tokenizer.segment(m, alpha, rng, 3);
        std::uint32_t at = 0;
        for (const auto& t : seg) {
          check(t.begin == at && t.end > t.begin && t.end <= normalized.size());
          check(t.id >= 0 && static_cast<std::size_t>(t.id) < model.size());
          at = t.end;
        }
        check(at == normalized.size());
        if (m == Method::viterbi) break;
      }
    }
  }
}

}  // namespace fuzzing
