#pragma once
// Convergence and efficiency diagnostics for several chains of one scalar quantity
// (each chain a vector of equal length), as Stan computes them (reference manual,
// "Posterior Analysis"; stan/analyze/mcmc):
//   autocorrelation  ρ_t of each chain (computed with an FFT: O(n log n))
//   ESS              Stan's ess() (stan/analyze/mcmc/ess.hpp), without rank normalization
//                    and without splitting the chains: ρ̂_0 = 1,
//                    ρ̂_t = 1 − (W − mean_c γ_{t,c}) / var⁺; Geyer's initial positive and
//                    monotone sequence over the pairs P_k = ρ̂_{2k} + ρ̂_{2k+1} up to lag
//                    n − 3; τ = −1 + 2 Σ ρ̂ plus the antithetic term (the even ρ̂ of the
//                    first pair left out, if positive), τ ≥ 1/log10(m·n); ESS = m·n / τ.
//   split R-hat      sqrt(var⁺ / W) over the chains split in halves (the middle draw of an
//                    odd-length chain is dropped), as Stan's classic split R-hat (no ranks).
#include <cstddef>
#include <functional>
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

// The two steps above from what they are computed of, for statistics kept up to date
// draw by draw (running_diagnostics.hpp):
// Stan's ESS from n draws per chain, the chain means and acov(c, t) = γ_{t,c}, the biased
// autocovariance of chain c, known for t < lags; NaN when the sequence needs a lag ≥ lags.
double ess_from_autocovariance(std::size_t n, const std::vector<double>& means,
                               const std::function<double(std::size_t, std::size_t)>& acov, std::size_t lags);
// Split R-hat from the means and sample variances of the 2m halves of `half` draws each.
double rhat_from_halves(const std::vector<double>& means, const std::vector<double>& vars, std::size_t half);

}  // namespace sampling::mcmc
