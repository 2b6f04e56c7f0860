#pragma once
// The chain statistics McmcRun::stats() reports, kept up to date draw by draw so that a
// call costs O(m·L) (m chains, L lags kept), not O(draws):
//   pooled mean and variance    Welford per chain, combined as Chan et al.
//   autocorrelation, ESS        per chain the lagged products Σ y_i·y_{i+t} for t < L
//                               (y = x − the chain's first draw), the sum of y and its
//                               first L partial sums; the last t draws are read back from
//                               the chain; γ_t follows exactly from these
//   split R-hat                 sums of y and y² over each half, the second half a
//                               sliding window as the chains grow
// Sums are compensated (Neumaier), products summed in blocks, so the results equal a
// recomputation from the draws (diagnostics.hpp) to rounding. L starts at 64 and grows
// (one pass over the draws) when Stan's ESS needs more lags, up to kMaxLags; beyond that
// the ESS is recomputed from the draws while their FFT takes at most kMaxFftBytes (chains
// of up to 2^24 draws); longer chains that mix that slowly get no ESS (NaN).
#include <cstdint>
#include <vector>

#include "core/mcmc/diagnostics.hpp"

namespace sampling::mcmc {

// A sum whose error stays one rounding of the total (Neumaier's compensation).
class CompensatedSum {
 public:
  void add(double x);
  double value() const { return sum_ + carry_; }
  void scale(double f) { sum_ *= f, carry_ *= f; }

 private:
  double sum_ = 0, carry_ = 0;
};

class RunningDiagnostics {
 public:
  static constexpr std::size_t kInitialLags = 64, kMaxLags = 512;
  static constexpr std::size_t kMaxFftBytes = std::size_t{512} << 20;
  explicit RunningDiagnostics(std::size_t chains, std::size_t max_fft_bytes = kMaxFftBytes);

  // chains[c] has just grown by one draw (the chains are the run's kept draws).
  void push(const Chains& chains, std::size_t c);

  // Over all draws of all chains; variance with n − 1.
  void pooled(double& mean, double& variance) const;
  // As mean_autocorrelation(chains, max_lag) (max_lag < kInitialLags).
  std::vector<double> mean_autocorrelation(const Chains& chains, std::size_t max_lag) const;
  // As effective_sample_size(chains) and split_rhat(chains).
  double effective_sample_size(const Chains& chains) const;
  double split_rhat(const Chains& chains) const;

 private:
  struct Chain {
    std::uint64_t n = 0;
    double mean = 0, m2 = 0;  // Welford
    double shift = 0;         // the chain's first draw
    CompensatedSum sum;       // Σ y
    std::vector<CompensatedSum> lag;  // Σ_{i ≥ t} y_i·y_{i−t}, folded from block every kBlock draws
    std::vector<double> block;
    std::vector<double> head;         // head[t] = Σ_{i < t} y_i, t ≤ lags
    CompensatedSum first_s, first_q, second_s, second_q;  // Σ y, Σ y² of each half
  };
  static constexpr std::uint64_t kBlock = 256;

  // n·γ_t of chain c (t < lags_, t < n).
  // tail = Σ_{i ≥ n−t} y_i.
  static double centred_product(const Chain& k, std::size_t t, double tail);
  void acov(const Chains& chains, std::vector<std::vector<double>>& out, std::size_t lags) const;
  void grow(const Chains& chains, std::size_t lags) const;

  std::size_t max_fft_bytes_;
  // Lags kept; grown by a query that needs more (the sums are a cache of the draws).
  mutable std::size_t lags_ = kInitialLags;
  mutable std::vector<Chain> chains_;
};

}  // namespace sampling::mcmc
