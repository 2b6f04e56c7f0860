#pragma once
// Convergence and efficiency diagnostics for several chains of one scalar quantity
// (each chain a vector of equal length), as in Gelman et al., BDA3 ch. 11 and Stan:
//   autocorrelation  ρ_t of each chain (computed with an FFT: O(n log n))
//   ESS              m·n / τ, τ = −1 + 2 Σ_k P_k over Geyer's initial monotone sequence
//                    P_k = ρ̂_{2k} + ρ̂_{2k+1}, with ρ̂_t combined over chains
//   split R-hat      sqrt(var⁺ / W) over the chains split in halves
#include <vector>

namespace sampling::mcmc {

using Chains = std::vector<std::vector<double>>;

// Autocorrelation ρ_0..ρ_max_lag of one chain (biased autocovariance / variance).
std::vector<double> autocorrelation(const std::vector<double>& chain, std::size_t max_lag);

// Autocorrelation averaged over chains, lags 0..max_lag (or fewer for short chains).
std::vector<double> mean_autocorrelation(const Chains& chains, std::size_t max_lag);

// Effective sample size of the pooled chains. Needs n ≥ 4 draws per chain; returns
// the number of draws for shorter chains and 1 for chains that never moved.
double effective_sample_size(const Chains& chains);

// Split R-hat; needs n ≥ 4 draws per chain (returns NaN otherwise).
double split_rhat(const Chains& chains);

}  // namespace sampling::mcmc
