#include "core/tokenize/perfect_sample.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>

#include "core/common/portable_math.hpp"

namespace sampling::tokenize {
namespace {

// The algorithm in log space: exact for any α, one exp and one log per candidate.
void perfect_sample_log(const UnigramModel& model, std::string_view text, double alpha, Rng& rng, DpBuffers& buf) {
  buf.score.assign(text.size() + 1, 0.0);
  double* log_z = buf.score.data();
  model.for_each_candidate(text, [&](std::size_t b, std::size_t e, std::int32_t id, float s) {
    const double v = log_z[b] + alpha * s;
    if (buf.route[e].begin == DpBuffers::kUnset) {  // first candidate: logZ[e] = v, kept surely
      log_z[e] = v;
      buf.route[e] = Route{static_cast<std::uint32_t>(b), id};
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
    if (keep) buf.route[e] = Route{static_cast<std::uint32_t>(b), id};
  });
}

// `taken` where the mask is all ones, `kept` where it is 0: both fields in one 64-bit
// and-or, no branch.
Route masked_select(std::uint64_t mask, Route taken, Route kept) {
  static_assert(sizeof(Route) == sizeof(std::uint64_t), "a route is two 32-bit fields");
  std::uint64_t t, k;
  std::memcpy(&t, &taken, sizeof t);
  std::memcpy(&k, &kept, sizeof k);
  const std::uint64_t r = (t & mask) | (k & ~mask);
  Route out;
  std::memcpy(&out, &r, sizeof out);
  return out;
}

// A positive, finite, normal double (false for 0, subnormals, inf and NaN).
bool positive_normal(double x) {
  return x >= std::numeric_limits<double>::min() && x <= std::numeric_limits<double>::max();
}

// Multiplies every total still in use (positions b to max(filled, b)) by 1 / Z[b]; false
// when 1 / Z[b] or a product leaves the normal range.
bool rescale(double* z, std::size_t b, std::size_t filled) {
  // 1/Z[b] must be a normal number too: Z[b] in [1e-300, 1e300].
  if (!(z[b] >= 1e-300 && z[b] <= 1e300)) return false;
  const double factor = 1.0 / z[b];
  for (std::size_t p = b; p <= std::max(filled, b); ++p) {
    if (z[p] == 0.0) continue;  // no candidate has reached p yet
    z[p] *= factor;
    if (!positive_normal(z[p])) return false;
  }
  return true;
}

// The same algorithm on Z itself (not log Z): Z[e] += Z[b]·w, keep with probability
// Z[b]·w / Z[e], where w = exp(α·s(w)) is cached per piece. No exp or log per candidate.
// Z shrinks (or grows) along the text, so whenever the current Z[b] leaves [1e-100, 1e100],
// every value still in use (positions ≥ b) is multiplied by the same factor; the kept
// routes depend only on ratios and do not change.
//
// Exactness (to double rounding, as the log pass). The caller runs this pass only when
// every weight lies in [e^-200, e^200]; with Z[b] in [1e-100, 1e100] every product
// Z[b]·w is then a normal double. What no per-piece bound can promise is that the running
// totals ahead of b stay in range: a long, cheap piece from an early start can make
// Z[e] / Z[b] exceed anything a double holds (the rescales then overflow it). So every
// total is checked where it is used: at its start before any rescale, when a rescale
// multiplies it, and Z[n] at the end. A total that is not finite, or a nonzero value
// that underflows below the normal range, makes the pass return false. These
// checks depend on the text and the model only, never on the random draws, so the
// caller's fallback to the log pass leaves the result an exact draw. Otherwise every
// operation stayed in the normal range and carries only rounding errors.
bool perfect_sample_linear(const UnigramModel& model, std::string_view text, const double* weight, Rng& shared_rng,
                           DpBuffers& buf) {
  const std::size_t n = text.size();
  buf.score.assign(n + 1, 0.0);
  // Every position a candidate reaches gets its route from the first candidate there, so
  // the routes need no reset (backtrack reads only reached positions).
  buf.route.resize(n + 1);
  double* z = buf.score.data();
  Route* route = buf.route.data();
  z[0] = 1.0;
  Rng rng = shared_rng;  // a local copy: the generator's state stays in registers
  std::size_t filled = 0;  // the furthest end written so far
  bool in_range = true;
  double z_b = 0;
  const auto on_start = [&](std::size_t b) {  // rescale if Z[b] left its range
    const bool z_b_in_range = z[b] >= 1e-100 && z[b] <= 1e100;  // false for NaN too
    if (!z_b_in_range && in_range) in_range = rescale(z, b, filled);
    z_b = z[b];
  };
  // Once a check fails the pass goes on with the totals it has (inf, NaN or 0 give
  // routes that are still valid positions) and its result is discarded: no test per
  // candidate.
  const auto on_candidate = [&](std::size_t b, std::size_t e, std::int32_t id, float) {
    filled = std::max(filled, e);
    const double v = z_b * weight[id];
    const double z_e = z[e] + v;
    z[e] = z_e;
    // Keep with probability v / Z[e], one uniform per candidate. The first candidate at e
    // (Z[e] was 0, so Z[e] = v) is kept surely: u·v < v for every u < 1 and normal v > 0.
    // The select is a masked store, not a branch: the keep is a coin flip the branch
    // predictor misses often, and each miss discards the trie walk run ahead of it.
    const std::uint64_t keep = 0u - static_cast<std::uint64_t>(rng.uniform() * z_e < v);
    route[e] = masked_select(keep, Route{static_cast<std::uint32_t>(b), id}, route[e]);
  };
  model.for_each_candidate(text, on_start, on_candidate, on_candidate);
  shared_rng = rng;
  return in_range && positive_normal(z[n]);
}

// exp(α·s(w)) for every piece, cached in `buf` for one model and one α, and whether every
// piece that can enter a lattice (normal, user-defined, unknown) has α·|s| ≤ 200.
const double* piece_weights(const UnigramModel& model, double alpha, DpBuffers& buf) {
  if (buf.weight_model != &model || buf.weight_alpha != alpha) {
    buf.piece_weight.resize(model.size());
    buf.weights_in_range = true;
    for (std::size_t i = 0; i < model.size(); ++i) {
      const int id = static_cast<int>(i);
      const double exponent = alpha * static_cast<double>(model.lattice_score(id));
      buf.piece_weight[i] = pmath::exp(exponent);
      const PieceType type = model.type(id);
      const bool in_lattice = id == model.unknown_id() || type == PieceType::normal || type == PieceType::user_defined;
      if (in_lattice && !(std::abs(exponent) <= 200)) buf.weights_in_range = false;
    }
    buf.weight_model = &model, buf.weight_alpha = alpha;
  }
  return buf.piece_weight.data();
}

}  // namespace

void perfect_sample(const UnigramModel& model, std::string_view text, double alpha, Rng& rng, DpBuffers& buf,
                    Segmentation& out) {
  const double* weight = piece_weights(model, alpha, buf);
  if (!(buf.weights_in_range && perfect_sample_linear(model, text, weight, rng, buf))) {
    buf.reset_routes(text.size());
    perfect_sample_log(model, text, alpha, rng, buf);
  }
  backtrack(buf, text.size(), out);
}

}  // namespace sampling::tokenize
