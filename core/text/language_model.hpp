#pragma once
// What the CGMH chain needs from a left-to-right language model: the log-probability of
// a whole sentence. The body is given in the ids of the masked LM the chain proposes
// with (no [CLS]/[SEP]); a model with its own vocabulary maps them (see ngram_lm.hpp).
// Tests implement it with small tables whose distribution can be enumerated.
#include <cstdint>
#include <vector>

namespace sampling::text {

class LanguageModel {
 public:
  virtual ~LanguageModel() = default;
  // log LM(x) of the sentence x = body (the end of the sentence included), finite for
  // every sentence of samplable tokens and pinned template characters. Throws
  // sampling::Error on an id the model cannot score.
  virtual double log_prob(const std::vector<std::int32_t>& body) = 0;
};

}  // namespace sampling::text
