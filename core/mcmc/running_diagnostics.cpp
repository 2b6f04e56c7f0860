#include "core/mcmc/running_diagnostics.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace sampling::mcmc {

void CompensatedSum::add(double x) {
  const double t = sum_ + x;
  carry_ += std::abs(sum_) >= std::abs(x) ? (sum_ - t) + x : (x - t) + sum_;
  sum_ = t;
}

RunningDiagnostics::RunningDiagnostics(std::size_t chains, std::size_t max_fft_bytes)
    : max_fft_bytes_(max_fft_bytes), chains_(chains) {
  for (auto& k : chains_) k.lag.resize(lags_), k.block.assign(lags_, 0.0), k.head.assign(lags_ + 1, 0.0);
}

void RunningDiagnostics::push(const Chains& chains, std::size_t c) {
  Chain& k = chains_[c];
  const std::vector<double>& x = chains[c];
  const std::size_t i = x.size() - 1;  // the new draw
  const double v = x[i];
  if (i == 0) k.shift = v;
  const double y = v - k.shift;
  const auto y_at = [&](std::size_t j) { return x[j] - k.shift; };
  k.n = i + 1;
  const double d = v - k.mean;
  k.mean += d / static_cast<double>(k.n);
  k.m2 += d * (v - k.mean);
  k.sum.add(y);
  if (i < lags_) k.head[i + 1] = k.head[i] + y;
  const std::size_t top = std::min<std::size_t>(lags_, i + 1);
  for (std::size_t t = 0; t < top; ++t) k.block[t] += y * y_at(i - t);
  if (k.n % kBlock == 0)
    for (std::size_t t = 0; t < lags_; ++t) k.lag[t].add(k.block[t]), k.block[t] = 0;
  // Halves of n draws: [0, h) and [n − h, n), h = ⌊n/2⌋.
  const std::uint64_t h = k.n / 2;
  if (k.n % 2 == 0) {
    const double f = y_at(h - 1);
    k.first_s.add(f), k.first_q.add(f * f);
  } else {
    const double gone = y_at(h);
    k.second_s.add(-gone), k.second_q.add(-gone * gone);
  }
  k.second_s.add(y), k.second_q.add(y * y);
}

void RunningDiagnostics::pooled(double& mean, double& variance) const {
  double n = 0, mu = 0, m2 = 0;
  for (const auto& k : chains_) {
    if (k.n == 0) continue;
    const double nb = static_cast<double>(k.n), total = n + nb, delta = k.mean - mu;
    mu += delta * nb / total;
    m2 += k.m2 + delta * delta * n * nb / total;
    n = total;
  }
  mean = n > 0 ? mu : 0;
  variance = n > 1 ? m2 / (n - 1) : 0;
}

double RunningDiagnostics::centred_product(const Chain& k, std::size_t t, double tail) {
  // Σ_{i<n−t} (y_i − ȳ)(y_{i+t} − ȳ) = P_t − ȳ·(Σ_{i<n−t} y_i + Σ_{i≥t} y_i) + (n − t)·ȳ².
  const double n = static_cast<double>(k.n), s = k.sum.value(), mean = s / n;
  const double product = k.lag[t].value() + k.block[t];
  return product - mean * ((s - tail) + (s - k.head[t])) + (n - static_cast<double>(t)) * mean * mean;
}

void RunningDiagnostics::acov(const Chains& chains, std::vector<std::vector<double>>& out, std::size_t lags) const {
  out.resize(chains_.size());
  for (std::size_t c = 0; c < chains_.size(); ++c) {
    const Chain& k = chains_[c];
    const std::vector<double>& x = chains[c];
    const std::size_t top = std::min<std::size_t>(lags, k.n);
    out[c].resize(top);
    double tail = 0;  // Σ_{i ≥ n−t} y_i
    for (std::size_t t = 0; t < top; ++t) {
      if (t > 0) tail += x[k.n - t] - k.shift;
      out[c][t] = centred_product(k, t, tail) / static_cast<double>(k.n);
    }
  }
}

std::vector<double> RunningDiagnostics::mean_autocorrelation(const Chains& chains, std::size_t max_lag) const {
  std::vector<std::vector<double>> g;
  acov(chains, g, std::min(max_lag + 1, lags_));
  std::vector<double> mean;
  for (std::size_t c = 0; c < g.size(); ++c) {
    std::vector<double> rho{1.0};
    if (chains_[c].n >= 2) {
      rho.resize(g[c].size());
      for (std::size_t t = 0; t < rho.size(); ++t) rho[t] = g[c][0] > 0 ? g[c][t] / g[c][0] : (t == 0 ? 1.0 : 0.0);
    }
    if (mean.empty()) mean.assign(rho.size(), 0.0);
    for (std::size_t t = 0; t < mean.size() && t < rho.size(); ++t) mean[t] += rho[t] / g.size();
  }
  return mean;
}

double RunningDiagnostics::effective_sample_size(const Chains& chains) const {
  const std::size_t m = chains_.size();
  if (m == 0) return 0.0;
  const std::size_t n = chains[0].size();
  if (n < 4) return static_cast<double>(m * n);
  std::vector<double> means(m);
  for (std::size_t c = 0; c < m; ++c) means[c] = chains_[c].mean;
  for (;;) {
    const std::size_t lags = std::min(lags_, n);
    std::vector<std::vector<double>> g;
    acov(chains, g, lags);
    const double ess = ess_from_autocovariance(n, means, [&](std::size_t c, std::size_t t) { return g[c][t]; }, lags);
    if (!std::isnan(ess)) return ess;
    if (lags_ >= kMaxLags) {
      // Slower mixing than the lags kept: recomputed from the draws while their FFT fits in
      // the budget; past it, none (NaN) rather than a wrong figure.
      std::size_t size = 1;
      while (size < 2 * n) size <<= 1;
      if (16 * size <= max_fft_bytes_) return mcmc::effective_sample_size(chains);
      return std::numeric_limits<double>::quiet_NaN();
    }
    grow(chains, std::min(2 * lags_, kMaxLags));
  }
}

void RunningDiagnostics::grow(const Chains& chains, std::size_t lags) const {
  for (std::size_t c = 0; c < chains_.size(); ++c) {
    Chain& k = chains_[c];
    const std::vector<double>& x = chains[c];
    k.lag.resize(lags), k.block.resize(lags, 0.0), k.head.resize(lags + 1, 0.0);
    for (std::size_t t = lags_ + 1; t <= lags && t <= k.n; ++t) k.head[t] = k.head[t - 1] + (x[t - 1] - k.shift);
    for (std::size_t t = lags_; t < lags; ++t) {
      double block = 0;
      for (std::size_t i = t; i < k.n; ++i) {
        block += (x[i] - k.shift) * (x[i - t] - k.shift);
        if ((i + 1) % kBlock == 0) k.lag[t].add(block), block = 0;
      }
      k.lag[t].add(block);
    }
  }
  lags_ = lags;
}

double RunningDiagnostics::split_rhat(const Chains& chains) const {
  const std::size_t m = chains_.size();
  if (m == 0 || chains[0].size() < 4) return std::numeric_limits<double>::quiet_NaN();
  const std::size_t half = chains[0].size() / 2;
  const double h = static_cast<double>(half);
  std::vector<double> means, vars;
  for (const auto& k : chains_) {
    for (const auto* part : {&k.first_s, &k.second_s}) {
      const double s = part->value(), q = (part == &k.first_s ? k.first_q : k.second_q).value();
      means.push_back(k.shift + s / h);
      vars.push_back((q - s * (s / h)) / (h - 1.0));
    }
  }
  return rhat_from_halves(means, vars, half);
}

}  // namespace sampling::mcmc
