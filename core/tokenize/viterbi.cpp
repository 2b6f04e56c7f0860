#include "core/tokenize/viterbi.hpp"

namespace sampling::tokenize {

void viterbi(const UnigramModel& model, std::string_view text, DpBuffers& buf, Segmentation& out) {
  const std::size_t n = text.size();
  buf.reset_routes(n);
  buf.best.assign(n + 1, 0.0f);  // float sums, as SentencePiece
  float* best = buf.best.data();
  model.for_each_candidate(text, [&](std::size_t b, std::size_t e, std::int32_t id, float s) {
    const float candidate = s + best[b];
    if (buf.route[e] == DpBuffers::kUnset || candidate > best[e]) {
      best[e] = candidate;
      buf.route[e] = static_cast<std::uint32_t>(b);
      buf.route_id[e] = id;
    }
  });
  backtrack(buf, n, out);
}

}  // namespace sampling::tokenize
