#include "core/mcmc/diagnostics.hpp"

#include <algorithm>
#include <cmath>
#include <complex>
#include <functional>
#include <limits>

namespace sampling::mcmc {
namespace {

// In-place iterative radix-2 FFT (size a power of two); inverse when `inverse`.
void fft(std::vector<std::complex<double>>& a, bool inverse) {
  const std::size_t n = a.size();
  for (std::size_t i = 1, j = 0; i < n; ++i) {  // bit-reversal permutation
    std::size_t bit = n >> 1;
    for (; j & bit; bit >>= 1) j ^= bit;
    j ^= bit;
    if (i < j) std::swap(a[i], a[j]);
  }
  for (std::size_t len = 2; len <= n; len <<= 1) {
    const double angle = 2 * M_PI / static_cast<double>(len) * (inverse ? 1 : -1);
    const std::complex<double> w_len(std::cos(angle), std::sin(angle));
    for (std::size_t i = 0; i < n; i += len) {
      std::complex<double> w(1);
      for (std::size_t j = 0; j < len / 2; ++j) {
        const auto u = a[i + j], v = a[i + j + len / 2] * w;
        a[i + j] = u + v, a[i + j + len / 2] = u - v;
        w *= w_len;
      }
    }
  }
}

double mean_of(const std::vector<double>& v) {
  double s = 0;
  for (double x : v) s += x;
  return s / static_cast<double>(v.size());
}

// Biased autocovariance γ_t = (1/n) Σ_i (x_i − x̄)(x_{i+t} − x̄), t = 0..n−1, via the
// Wiener–Khinchin theorem on a zero-padded FFT.
std::vector<double> autocovariance(const std::vector<double>& x) {
  const std::size_t n = x.size();
  std::size_t size = 1;
  while (size < 2 * n) size <<= 1;
  const double m = mean_of(x);
  std::vector<std::complex<double>> a(size);
  for (std::size_t i = 0; i < n; ++i) a[i] = x[i] - m;
  fft(a, false);
  for (auto& c : a) c = std::complex<double>(std::norm(c), 0.0);
  fft(a, true);
  std::vector<double> acov(n);
  for (std::size_t t = 0; t < n; ++t) acov[t] = a[t].real() / static_cast<double>(size) / static_cast<double>(n);
  return acov;
}

}  // namespace

std::vector<double> autocorrelation(const std::vector<double>& chain, std::size_t max_lag) {
  if (chain.size() < 2) return {1.0};
  const auto acov = autocovariance(chain);
  const std::size_t lags = std::min(max_lag + 1, chain.size());
  std::vector<double> rho(lags);
  for (std::size_t t = 0; t < lags; ++t) rho[t] = acov[0] > 0 ? acov[t] / acov[0] : (t == 0 ? 1.0 : 0.0);
  return rho;
}

std::vector<double> mean_autocorrelation(const Chains& chains, std::size_t max_lag) {
  std::vector<double> mean;
  for (const auto& c : chains) {
    const auto rho = autocorrelation(c, max_lag);
    if (mean.empty()) mean.assign(rho.size(), 0.0);
    for (std::size_t t = 0; t < mean.size() && t < rho.size(); ++t) mean[t] += rho[t] / chains.size();
  }
  return mean;
}

double effective_sample_size(const Chains& chains) {
  const std::size_t m = chains.size();
  if (m == 0) return 0.0;
  const std::size_t n = chains[0].size();
  if (n < 4) return static_cast<double>(m * n);
  std::vector<std::vector<double>> acov(m);
  std::vector<double> means(m);
  for (std::size_t c = 0; c < m; ++c) acov[c] = autocovariance(chains[c]), means[c] = mean_of(chains[c]);
  return ess_from_autocovariance(n, means, [&](std::size_t c, std::size_t t) { return acov[c][t]; }, n);
}

double ess_from_autocovariance(std::size_t n, const std::vector<double>& means,
                               const std::function<double(std::size_t, std::size_t)>& acov, std::size_t lags) {
  // Stan's ess() (stan/analyze/mcmc/ess.hpp), step for step: the chains are neither
  // split nor rank-normalized.
  const std::size_t m = means.size();
  // Per chain: biased autocovariance γ_{t,c}; W = mean of s_c² = γ_{0,c}·n/(n−1);
  // var⁺ = (n−1)/n·W + the sample variance of the chain means (m > 1).
  double w = 0;
  for (std::size_t c = 0; c < m; ++c) w += acov(c, 0) * n / (n - 1.0) / m;
  double var_plus = w * (n - 1.0) / n;
  if (m > 1) {
    const double grand = mean_of(means);
    for (double mu : means) var_plus += (mu - grand) * (mu - grand) / (m - 1.0);
  }
  if (!(var_plus > 0) || !(w > 0)) return 1.0;
  // ρ̂_0 = 1 and ρ̂_t = 1 − (W − mean_c γ_{t,c}) / var⁺ for t ≥ 1.
  bool short_of_lags = false;
  const auto rho_at = [&](std::size_t t) {
    if (t >= lags) {
      short_of_lags = true;
      return 0.0;
    }
    double g = 0;
    for (std::size_t c = 0; c < m; ++c) g += acov(c, t) / m;
    return 1.0 - (w - g) / var_plus;
  };
  std::vector<double> rho(std::min(n, lags) + 3, 0.0);  // the lags the sequence can reach
  double even = 1.0, odd = rho_at(1);
  rho[0] = even, rho[1] = odd;
  // Geyer's initial positive sequence over the pairs (ρ̂_{t+1}, ρ̂_{t+2}) while the last
  // pair was positive, up to lag n − 3 (the last pair is left for the correction below),
  // made monotone on the way: a pair larger than the one before it is lowered to it.
  std::size_t t = 1;
  while (t < n - 4 && even + odd > 0) {
    even = rho_at(t + 1), odd = rho_at(t + 2);
    if (short_of_lags) return std::numeric_limits<double>::quiet_NaN();
    if (even + odd >= 0) rho[t + 1] = even, rho[t + 2] = odd;
    if (rho[t + 1] + rho[t + 2] > rho[t - 1] + rho[t]) rho[t + 1] = rho[t + 2] = (rho[t - 1] + rho[t]) / 2;
    t += 2;
  }
  const std::size_t last = t;
  if (even > 0) rho[last + 1] = even;  // antithetic correction: reduces variance when ρ̂ alternates
  double sum = 0;
  for (std::size_t i = 0; i < last; ++i) sum += rho[i];
  const double total = static_cast<double>(m * n);
  // τ at least 1/log10(m·n): the ESS stays positive and at most m·n·log10(m·n).
  const double tau = std::max(-1.0 + 2.0 * sum + rho[last + 1], 1.0 / std::log10(total));
  return total / tau;
}

double split_rhat(const Chains& chains) {
  const std::size_t m = chains.size();
  if (m == 0 || chains[0].size() < 4) return std::numeric_limits<double>::quiet_NaN();
  const std::size_t half = chains[0].size() / 2;
  std::vector<double> means, vars;
  for (const auto& c : chains) {
    for (int part = 0; part < 2; ++part) {
      // first half: [0, half); second half: the last `half` draws
      const std::size_t start = part == 0 ? 0 : c.size() - half;
      double s = 0;
      for (std::size_t i = 0; i < half; ++i) s += c[start + i];
      const double mu = s / half;
      double v = 0;
      for (std::size_t i = 0; i < half; ++i) v += (c[start + i] - mu) * (c[start + i] - mu);
      means.push_back(mu);
      vars.push_back(v / (half - 1.0));
    }
  }
  return rhat_from_halves(means, vars, half);
}

double rhat_from_halves(const std::vector<double>& means, const std::vector<double>& vars, std::size_t half) {
  const double w = mean_of(vars);
  const double grand = mean_of(means);
  double b_over_n = 0;
  for (double mu : means) b_over_n += (mu - grand) * (mu - grand) / (means.size() - 1.0);
  const double var_plus = (half - 1.0) / half * w + b_over_n;
  if (!(w > 0)) return std::numeric_limits<double>::quiet_NaN();
  return std::sqrt(var_plus / w);
}

}  // namespace sampling::mcmc
