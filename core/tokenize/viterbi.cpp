#include "core/tokenize/viterbi.hpp"

namespace sampling::tokenize {

void viterbi(const UnigramModel& model, std::string_view text, DpBuffers& buf, Segmentation& out) {
  const std::size_t n = text.size();
  buf.reset_routes(n);
  buf.best.assign(n + 1, 0.0f);
  float* best = buf.best.data();
  Route* route = buf.route.data();
  const double* score = model.viterbi_scores();
  const auto keep = [&](std::size_t b, std::size_t e, std::int32_t id, float stored) {
    best[e] = stored;
    route[e] = Route{static_cast<std::uint32_t>(b), id};
  };
  model.for_each_candidate(
      text,
      [&](std::size_t b, std::size_t e, std::int32_t id, float) {
        // A piece's score enters as double (user-defined: bytes × max score − 0.1).
        const double candidate = score[id] + static_cast<double>(best[b]);
        if (route[e].begin == DpBuffers::kUnset || candidate > static_cast<double>(best[e]))
          keep(b, e, id, static_cast<float>(candidate));
      },
      [&](std::size_t b, std::size_t e, std::int32_t id, float s) {
        const float candidate = s + best[b];  // float arithmetic for the unknown piece
        if (route[e].begin == DpBuffers::kUnset || candidate > best[e]) keep(b, e, id, candidate);
      });
  backtrack(buf, n, out);
}

}  // namespace sampling::tokenize
