#include "core/common/rng.hpp"

#include <cmath>
#include <limits>

#include "core/common/error.hpp"
#include "core/common/logsumexp.hpp"
#include "core/common/portable_math.hpp"

namespace sampling {
std::uint64_t SplitMix64::next() {
  std::uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

Rng::Rng(std::uint64_t seed) {
  SplitMix64 sm(seed);
  for (auto& word : s_) word = sm.next();
}

Rng Rng::from_state(const std::array<std::uint64_t, 4>& state) {
  if (state[0] == 0 && state[1] == 0 && state[2] == 0 && state[3] == 0)
    throw Error("rng: the all-zero state is not allowed for xoshiro256**");
  Rng r;
  r.s_ = state;
  return r;
}

void Rng::jump() {
  static constexpr std::uint64_t kJump[] = {0x180ec6d33cfd0abaULL, 0xd5a61266f0c9392cULL,
                                            0xa9582618e03fc9aaULL, 0x39abdc4529b1661cULL};
  std::array<std::uint64_t, 4> acc{};
  for (std::uint64_t word : kJump) {
    for (int b = 0; b < 64; ++b) {
      if (word & (std::uint64_t{1} << b))
        for (int i = 0; i < 4; ++i) acc[i] ^= s_[i];
      next_u64();
    }
  }
  s_ = acc;
  has_spare_normal_ = false;
}

double Rng::uniform_open() {
  // (k + 0.5)/2^53 for k in [0, 2^53): never 0, never 1.
  return (static_cast<double>(next_u64() >> 11) + 0.5) * 0x1.0p-53;
}

double Rng::uniform(double lo, double hi) { return lo + (hi - lo) * uniform(); }

std::uint64_t Rng::below(std::uint64_t n) {
  if (n == 0) throw Error("rng: below(n) needs n > 0");
  // Rejection of the top partial block keeps every value equally likely.
  const std::uint64_t limit = std::numeric_limits<std::uint64_t>::max() - std::numeric_limits<std::uint64_t>::max() % n;
  std::uint64_t v;
  do v = next_u64();
  while (v >= limit);
  return v % n;
}

double Rng::normal() {
  if (has_spare_normal_) {
    has_spare_normal_ = false;
    return spare_normal_;
  }
  // Polar method: (u, v) uniform in the unit disc, then two independent normals
  // u·sqrt(−2 log s / s) and v·sqrt(−2 log s / s), s = u² + v².
  double u, v, s;
  do {
    u = 2.0 * uniform() - 1.0;
    v = 2.0 * uniform() - 1.0;
    s = u * u + v * v;
  } while (s >= 1.0 || s == 0.0);
  const double factor = std::sqrt(-2.0 * pmath::log(s) / s);
  spare_normal_ = v * factor;
  has_spare_normal_ = true;
  return u * factor;
}

double Rng::gumbel() { return -pmath::log(-pmath::log(uniform_open())); }

std::size_t Rng::categorical(const double* log_weights, std::size_t n) {
  if (n == 0) throw Error("rng: categorical draw from an empty set of weights");
  const double total = log_sum_exp(log_weights, n);
  if (!std::isfinite(total))
    throw Error("rng: categorical weights must be finite and not all zero");
  // Inverse CDF on the normalized weights; the last positive weight absorbs rounding.
  const double u = uniform();
  double cumulative = 0.0;
  std::size_t last = n;
  for (std::size_t i = 0; i < n; ++i) {
    if (log_weights[i] == -std::numeric_limits<double>::infinity()) continue;
    cumulative += pmath::exp(log_weights[i] - total);
    last = i;
    if (u < cumulative) return i;
  }
  return last;
}

}  // namespace sampling
