#include "core/text/masked_lm.hpp"

#include <cmath>

#include "core/common/error.hpp"

namespace sampling::text {

void check_finite_logits(const std::vector<float>& logits, std::size_t vocab) {
  for (std::size_t i = 0; i < logits.size(); ++i)
    if (!std::isfinite(logits[i]))
      throw Error("the model gave a non-finite logit for token " + std::to_string(i % vocab));
}

}  // namespace sampling::text
