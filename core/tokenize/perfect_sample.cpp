#include "core/tokenize/perfect_sample.hpp"

#include "core/common/portable_math.hpp"

namespace sampling::tokenize {

void perfect_sample(const UnigramModel& model, std::string_view text, double alpha, Rng& rng, DpBuffers& buf,
                    Segmentation& out) {
  const std::size_t n = text.size();
  buf.reset_routes(n);
  buf.score.assign(n + 1, 0.0);
  double* log_z = buf.score.data();
  model.for_each_candidate(text, [&](std::size_t b, std::size_t e, std::int32_t id, float s) {
    const double v = log_z[b] + alpha * s;
    if (buf.route[e] == DpBuffers::kUnset) {  // first candidate: logZ[e] = v, kept surely
      log_z[e] = v;
      buf.route[e] = static_cast<std::uint32_t>(b);
      buf.route_id[e] = id;
      return;
    }
    // With d = v − logZ_old ≤ 0 and t = e^d: logZ_new = logZ_old + log(1 + t), and the new
    // candidate is kept with probability exp(v − logZ_new) = t / (1 + t). For d > 0 the
    // same with the roles swapped (t = e^−d), so exp never overflows.
    const double d = v - log_z[e];
    bool keep;
    if (d <= 0) {
      const double t = pmath::exp(d);
      log_z[e] += pmath::log(1.0 + t);
      keep = rng.uniform() * (1.0 + t) < t;
    } else {
      const double t = pmath::exp(-d);
      log_z[e] = v + pmath::log(1.0 + t);
      keep = rng.uniform() * (1.0 + t) < 1.0;
    }
    if (keep) {
      buf.route[e] = static_cast<std::uint32_t>(b);
      buf.route_id[e] = id;
    }
  });
  backtrack(buf, n, out);
}

}  // namespace sampling::tokenize
