#include "core/tokenize/perfect_sample.hpp"

#include <algorithm>
#include <cmath>

#include "core/common/portable_math.hpp"

namespace sampling::tokenize {
namespace {

// The algorithm in log space: exact for any α, one exp and one log per candidate.
void perfect_sample_log(const UnigramModel& model, std::string_view text, double alpha, Rng& rng, DpBuffers& buf) {
  buf.score.assign(text.size() + 1, 0.0);
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
}

// The same algorithm on Z itself (not log Z): Z[e] += Z[b]·w, keep with probability
// Z[b]·w / Z[e], where w = exp(α·(s(w) − s_max)) is cached per piece. No exp or log per
// candidate. Z shrinks along the text, so whenever the current Z[b] gets small, every
// value still in use (positions ≥ b) is multiplied by the same factor; the kept routes
// depend only on ratios and do not change.
void perfect_sample_linear(const UnigramModel& model, std::string_view text, double alpha, Rng& rng, DpBuffers& buf) {
  const std::size_t n = text.size();
  if (buf.weight_model != &model || buf.weight_alpha != alpha) {
    buf.piece_weight.resize(model.size());
    for (std::size_t i = 0; i < model.size(); ++i)
      buf.piece_weight[i] = pmath::exp(alpha * static_cast<double>(model.lattice_score(static_cast<int>(i))));
    buf.weight_model = &model, buf.weight_alpha = alpha;
  }
  const double* weight = buf.piece_weight.data();
  buf.score.assign(n + 1, 0.0);
  double* z = buf.score.data();
  z[0] = 1.0;
  std::size_t current = SIZE_MAX, filled = 0;  // filled: the furthest end written so far
  model.for_each_candidate(text, [&](std::size_t b, std::size_t e, std::int32_t id, float) {
    if (b != current) {  // first candidate from a new start: rescale if needed
      current = b;
      if (z[b] < 1e-100 || z[b] > 1e100) {
        const double factor = 1.0 / z[b];
        for (std::size_t p = b; p <= std::max(filled, b); ++p) z[p] *= factor;
      }
    }
    filled = std::max(filled, e);
    const double v = z[b] * weight[id];
    const bool first = z[e] == 0.0;  // the first candidate at e is kept surely: no draw
    z[e] += v;
    if (first || rng.uniform() * z[e] < v) {
      buf.route[e] = static_cast<std::uint32_t>(b);
      buf.route_id[e] = id;
    }
  });
}

}  // namespace

void perfect_sample(const UnigramModel& model, std::string_view text, double alpha, Rng& rng, DpBuffers& buf,
                    Segmentation& out) {
  buf.reset_routes(text.size());
  // Linear Z is safe while no piece's weight exp(α·s) can underflow or overflow.
  const double largest = alpha * std::max(std::abs(static_cast<double>(model.unknown_score())),
                                          std::abs(static_cast<double>(model.max_score())));
  if (largest <= 200) perfect_sample_linear(model, text, alpha, rng, buf);
  else perfect_sample_log(model, text, alpha, rng, buf);
  backtrack(buf, text.size(), out);
}

}  // namespace sampling::tokenize
