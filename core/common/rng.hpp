#pragma once
// The project's one random generator: xoshiro256** (Blackman & Vigna), its 256-bit
// state filled by splitmix64 from a 64-bit seed. Every random draw in the core takes a
// Rng& explicitly; the same seed gives the same stream natively and in wasm.
#include <array>
#include <cstddef>
#include <cstdint>

namespace sampling {

// splitmix64: a 64-bit counter passed through a mixing function. Used to seed.
class SplitMix64 {
 public:
  explicit SplitMix64(std::uint64_t state) : state_(state) {}
  std::uint64_t next();

 private:
  std::uint64_t state_;
};

class Rng {
 public:
  explicit Rng(std::uint64_t seed);
  static Rng from_state(const std::array<std::uint64_t, 4>& state);

  std::uint64_t next_u64() {  // inline: the samplers' inner loops call it per candidate
    const std::uint64_t result = rotl(s_[1] * 5, 7) * 9;
    const std::uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = rotl(s_[3], 45);
    return result;
  }
  // Advances the state by 2^128 draws: chain c of a run uses the stream jumped c times,
  // so its draws do not depend on how the run is cut into chunks.
  void jump();

  // [0, 1), 53 random bits. Converted as a signed integer (the value is below 2^53, so
  // the same number): wasm's unsigned i64 → f64 conversion costs V8 a branch and more.
  double uniform() { return static_cast<double>(static_cast<std::int64_t>(next_u64() >> 11)) * 0x1.0p-53; }
  double uniform_open();    // (0, 1)
  double uniform(double lo, double hi);
  std::uint64_t below(std::uint64_t n);  // uniform integer in [0, n), n > 0, unbiased
  double normal();          // standard normal (Marsaglia's polar method)
  double gumbel();          // standard Gumbel: −log(−log U)
  // Index i with probability exp(logw[i] − logsumexp(logw)); −∞ weights are never drawn.
  std::size_t categorical(const double* log_weights, std::size_t n);

  std::array<std::uint64_t, 4> state() const { return s_; }

 private:
  static std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  Rng() = default;
  std::array<std::uint64_t, 4> s_{};
  bool has_spare_normal_ = false;
  double spare_normal_ = 0.0;
};

}  // namespace sampling
