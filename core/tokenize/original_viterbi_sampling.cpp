#include "core/tokenize/original_viterbi_sampling.hpp"

#include "core/common/portable_math.hpp"

namespace sampling::tokenize {

void original_viterbi_sample(const UnigramModel& model, std::string_view text, double alpha, Rng& rng,
                             DpBuffers& buf, Segmentation& out) {
  const std::size_t n = text.size();
  buf.reset_routes(n);
  buf.score.assign(n + 1, 0.0);
  double* score = buf.score.data();
  model.for_each_candidate(text, [&](std::size_t b, std::size_t e, std::int32_t id, float s) {
    const double v = score[b] + s;
    bool take = buf.route[e].begin == DpBuffers::kUnset;
    if (!take) {
      // σ(α·(v − score[e])) = 1 / (1 + exp(−α·(v − score[e])))
      take = rng.uniform() * (1.0 + pmath::exp(-alpha * (v - score[e]))) < 1.0;
    }
    if (take) {
      score[e] = v;
      buf.route[e] = Route{static_cast<std::uint32_t>(b), id};
    }
  });
  backtrack(buf, n, out);
}

}  // namespace sampling::tokenize
