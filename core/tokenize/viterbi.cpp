#include "core/tokenize/viterbi.hpp"

namespace sampling::tokenize {

void viterbi(const UnigramModel& model, std::string_view text, DpBuffers& buf, Segmentation& out) {
  const std::size_t n = text.size();
  buf.reset_routes(n);
  buf.best.assign(n + 1, 0.0f);
  float* best = buf.best.data();
  const int unknown = model.unknown_id();
  model.for_each_candidate(text, [&](std::size_t b, std::size_t e, std::int32_t id, float s) {
    bool better;
    float stored;
    if (id == unknown) {
      const float candidate = s + best[b];  // float arithmetic for the unknown piece
      better = candidate > best[e];
      stored = candidate;
    } else {
      // A piece's score enters as double (user-defined: bytes × max score − 0.1).
      const double score = model.type(id) == PieceType::user_defined
                               ? static_cast<double>(static_cast<float>(e - b) * model.max_score()) - 0.1
                               : static_cast<double>(s);
      const double candidate = score + static_cast<double>(best[b]);
      better = candidate > static_cast<double>(best[e]);
      stored = static_cast<float>(candidate);
    }
    if (buf.route[e] == DpBuffers::kUnset || better) {
      best[e] = stored;
      buf.route[e] = static_cast<std::uint32_t>(b);
      buf.route_id[e] = id;
    }
  });
  backtrack(buf, n, out);
}

}  // namespace sampling::tokenize
