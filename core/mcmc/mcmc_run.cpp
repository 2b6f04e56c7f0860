#include "core/mcmc/mcmc_run.hpp"

#include <algorithm>
#include <cmath>

#include "core/common/error.hpp"
#include "core/common/logsumexp.hpp"
#include "core/common/portable_math.hpp"
#include "core/mcmc/gibbs.hpp"
#include "core/mcmc/hmc.hpp"
#include "core/mcmc/mala.hpp"
#include "core/mcmc/metropolis.hpp"

namespace sampling::mcmc {
namespace {

// Room for `more` values: capacity doubles as push_back's would, but never past `most`
// (the draws a run may keep), so a run at its limit holds no more than it must.
template <class T>
void make_room(std::vector<T>& v, std::size_t more, std::size_t most) {
  if (v.size() + more <= v.capacity()) return;
  v.reserve(std::max(v.size() + more, std::min(2 * v.capacity(), most)));
}

void check_positive(const char* what, double v, double max) {
  if (!(std::isfinite(v) && v > 0 && v <= max))
    throw Error(std::string("mcmc: ") + what + " must be a positive finite number (at most " + show(max) +
                "), got " + show(v));
}

}  // namespace

const std::vector<std::string>& sampler_names() {
  static const std::vector<std::string> names{"rejection", "importance", "mh", "gibbs", "annealing", "mala", "hmc"};
  return names;
}

double default_step_size(const std::string& sampler) {
  if (sampler == "mala") return 0.3;
  if (sampler == "hmc") return 0.2;
  if (sampler == "annealing") return 0.5;
  return 1.0;  // random-walk MH
}

McmcRun::McmcRun(const RunOptions& options) : options_(options), rng_(options.seed) {
  const auto& names = sampler_names();
  if (std::find(names.begin(), names.end(), options.sampler) == names.end())
    throw Error("unknown sampler '" + options.sampler + "': use rejection, importance, mh, gibbs, annealing, mala or hmc");
  target_ = make_target(options.target);

  const std::string& s = options.sampler;
  if (s == "rejection") {
    rejection_ = std::make_unique<RejectionSampler>(*target_, Proposal(Proposal::parse(options.proposal), target_->box()),
                                                    options.bound);
    return;
  }
  if (s == "importance") {
    const Proposal q(Proposal::parse(options.proposal), target_->box());
    importance_ = std::make_unique<ImportanceSampler>(*target_, q);
    // The uniform proposal puts no points outside its box: the estimates are of p
    // restricted to the box. The others have full support.
    if (q.kind() == Proposal::Kind::uniform) {
      importance_region_ = q.box();
      importance_mass_outside_ = target_->mass_outside(q.box());
    }
    return;
  }

  if (options.chains < 1 || options.chains > 64)
    throw Error("mcmc: chains must be between 1 and 64, got " + std::to_string(options.chains));
  double step = options.step_size;
  if (std::isnan(step)) step = default_step_size(s);
  if (s != "gibbs") check_positive("step size", step, 1e4);
  if (options.burn_in > kMaxDraws) throw Error("mcmc: burn-in must be at most " + std::to_string(kMaxDraws));

  if (s == "mh") kernel_ = std::make_unique<RandomWalkMetropolis>(step);
  if (s == "mala") kernel_ = std::make_unique<Mala>(step);
  if (s == "gibbs") kernel_ = std::make_unique<Gibbs>(*target_);
  if (s == "hmc") {
    if (options.leapfrog_steps < 1 || options.leapfrog_steps > 1000)
      throw Error("mcmc: leapfrog steps must be between 1 and 1000, got " + std::to_string(options.leapfrog_steps));
    kernel_ = std::make_unique<Hmc>(step, options.leapfrog_steps);
  }
  if (s == "annealing") {
    check_positive("initial temperature t0", options.t0, 1e6);
    if (options.steps < 1) throw Error("mcmc: the annealing schedule needs at least 1 step");
    SimulatedAnnealing::Schedule schedule;
    if (options.schedule == "geometric") schedule = SimulatedAnnealing::Schedule::geometric;
    else if (options.schedule == "logarithmic") schedule = SimulatedAnnealing::Schedule::logarithmic;
    else throw Error("unknown schedule '" + options.schedule + "': use geometric or logarithmic");
    // Only the geometric schedule ends at tEnd; the logarithmic one falls as log 2 / log(t + 2).
    if (schedule == SimulatedAnnealing::Schedule::geometric) check_positive("final temperature tEnd", options.t_end, options.t0);
    auto kernel = std::make_unique<SimulatedAnnealing>(step, schedule, options.t0, options.t_end, options.steps);
    annealing_ = kernel.get();
    kernel_ = std::move(kernel);
  }

  // Chain c draws from the seed's stream jumped c times and starts spread over the box
  // (over-dispersed starts are what R-hat needs to detect chains that have not mixed).
  Rng stream(options.seed);
  for (int c = 0; c < options.chains; ++c) {
    rngs_.push_back(stream);
    stream.jump();
    states_.push_back(start_state(*target_, rngs_.back()));
  }
  history_x_.resize(options.chains);
  history_y_.resize(options.chains);
  running_x_ = RunningDiagnostics(options.chains);
  running_y_ = RunningDiagnostics(options.chains);
}

McmcRun::~McmcRun() = default;

void McmcRun::check_capacity(std::uint64_t per_chain, std::uint64_t chains) const {
  const std::uint64_t have = kernel_ ? history_x_[0].size() * history_x_.size() : iid_x_.size();
  // per_chain > kMaxDraws / chains first: the product itself could wrap around 2^64.
  if (per_chain > kMaxDraws / chains || have + per_chain * chains > kMaxDraws)
    throw Error("mcmc: a run keeps at most " + std::to_string(kMaxDraws) + " draws; ask for fewer samples or chains");
}

Chunk McmcRun::run(std::uint64_t k) {
  if (k == 0) throw Error("mcmc: the number of samples must be at least 1");
  Chunk out;
  if (kernel_) run_chains(k, out);
  else if (rejection_) run_rejection(k, out);
  else run_importance(k, out);
  return out;
}

void McmcRun::run_chains(std::uint64_t k, Chunk& out) {
  const std::size_t m = states_.size();
  check_capacity(k, m);
  out.chains = static_cast<int>(m);
  out.per_chain = k;
  out.x.resize(k * m), out.y.resize(k * m), out.accepted.resize(k * m);
  if (annealing_) out.temperature.resize(k * m);
  for (std::size_t c = 0; c < m; ++c) {
    ChainState& s = states_[c];
    Rng& rng = rngs_[c];
    make_room(history_x_[c], k, kMaxDraws / m);
    make_room(history_y_[c], k, kMaxDraws / m);
    while (s.step < options_.burn_in) {  // burn-in: transitions that are not kept
      kernel_->transition(*target_, s, rng);
      ++s.step, ++transitions_;
    }
    for (std::uint64_t i = 0; i < k; ++i) {
      const std::size_t at = c * k + i;
      if (annealing_) out.temperature[at] = annealing_->temperature(s.step);
      const bool accepted = kernel_->transition(*target_, s, rng);
      ++s.step, ++transitions_;
      accepted_kept_ += accepted;
      out.x[at] = s.x, out.y[at] = s.y, out.accepted[at] = accepted;
      history_x_[c].push_back(s.x);
      history_y_[c].push_back(s.y);
      running_x_.push(history_x_, c);
      running_y_.push(history_y_, c);
      if (annealing_ && (!best_ || s.log_p > best_->log_density)) best_ = Stats::Best{s.x, s.y, s.log_p};
    }
  }
}

void McmcRun::run_rejection(std::uint64_t k, Chunk& out) {
  check_capacity(k, 1);
  // Every proposal goes into the chunk (17 bytes each): at most kMaxProposalsPerCall.
  const std::uint64_t max_proposals = std::min<std::uint64_t>(1'000'000 + 1000 * k, kMaxProposalsPerCall);
  std::uint64_t accepted = 0;
  for (std::uint64_t i = 0; accepted < k && i < max_proposals; ++i) {
    const auto d = rejection_->propose(rng_);
    ++proposals_;
    out.x.push_back(d.x), out.y.push_back(d.y), out.accepted.push_back(d.accepted);
    if (d.accepted) {
      ++accepted;
      iid_x_.push_back(d.x), iid_y_.push_back(d.y);
      const double n = static_cast<double>(iid_x_.size()), v[2] = {d.x, d.y};
      for (int j = 0; j < 2; ++j) {
        const double delta = v[j] - iid_mean_[j];
        iid_mean_[j] += delta / n;
        iid_m2_[j] += delta * (v[j] - iid_mean_[j]);
      }
    }
  }
  out.per_chain = out.x.size();
}

void McmcRun::run_importance(std::uint64_t k, Chunk& out) {
  check_capacity(k, 1);
  out.per_chain = k;
  out.x.reserve(k), out.y.reserve(k), out.log_weight.reserve(k), out.accepted.reserve(k);
  make_room(iid_x_, k, kMaxDraws), make_room(iid_y_, k, kMaxDraws), make_room(log_w_, k, kMaxDraws);
  for (std::uint64_t i = 0; i < k; ++i) {
    const auto d = importance_->draw(rng_);
    ++proposals_;
    out.x.push_back(d.x), out.y.push_back(d.y), out.log_weight.push_back(d.log_weight);
    out.accepted.push_back(1);
    iid_x_.push_back(d.x), iid_y_.push_back(d.y), log_w_.push_back(d.log_weight);
    if (d.log_weight > max_log_w_) {
      if (std::isfinite(max_log_w_)) {
        const double f = pmath::exp(max_log_w_ - d.log_weight);
        w_sum_.scale(f), w2_sum_.scale(f * f);
        for (int j = 0; j < 2; ++j) wx_sum_[j].scale(f), wxx_sum_[j].scale(f);
      }
      max_log_w_ = d.log_weight;
    }
    const double w = pmath::exp(d.log_weight - max_log_w_), v[2] = {d.x, d.y};
    if (w > 0) {
      w_sum_.add(w), w2_sum_.add(w * w);
      for (int j = 0; j < 2; ++j) wx_sum_[j].add(w * v[j]), wxx_sum_[j].add(w * v[j] * v[j]);
    }
  }
}

std::vector<double> McmcRun::normalized_weights() const {
  const double total = log_sum_exp(log_w_.data(), log_w_.size());
  std::vector<double> w(log_w_.size());
  for (std::size_t i = 0; i < w.size(); ++i) w[i] = std::isfinite(total) ? pmath::exp(log_w_[i] - total) : 0.0;
  return w;
}

Stats McmcRun::stats() const {
  Stats st;
  st.sampler = options_.sampler;
  st.target = target_->name();
  st.truth = target_->moments();
  const auto standard_errors = [&st] {
    for (int i = 0; i < 2; ++i) st.mean_se[i] = st.ess[i] > 0 ? std::sqrt(st.variance[i] / st.ess[i]) : 0.0;
  };
  constexpr std::size_t kAcfLags = 50;
  if (kernel_) {
    const std::size_t m = history_x_.size(), n = history_x_[0].size();
    st.n = m * n;
    st.proposals = transitions_;
    if (st.n) st.acceptance_rate = static_cast<double>(accepted_kept_) / st.n;
    running_x_.pooled(st.mean[0], st.variance[0]);
    running_y_.pooled(st.mean[1], st.variance[1]);
    if (n > 0) {
      st.ess[0] = running_x_.effective_sample_size(history_x_);
      st.ess[1] = running_y_.effective_sample_size(history_y_);
      st.acf_x = running_x_.mean_autocorrelation(history_x_, kAcfLags);
      st.acf_y = running_y_.mean_autocorrelation(history_y_, kAcfLags);
    }
    if (m >= 2 && n >= 4) {
      const double rx = running_x_.split_rhat(history_x_), ry = running_y_.split_rhat(history_y_);
      if (std::isfinite(rx) && std::isfinite(ry)) st.rhat = std::make_pair(rx, ry);
    }
    st.best = best_;
    standard_errors();
    return st;
  }
  st.proposals = proposals_;
  st.n = iid_x_.size();
  if (rejection_) {
    if (proposals_) st.acceptance_rate = static_cast<double>(st.n) / proposals_;
    for (int j = 0; j < 2; ++j) st.mean[j] = iid_mean_[j], st.variance[j] = st.n > 1 ? iid_m2_[j] / (st.n - 1) : 0.0;
    st.ess[0] = st.ess[1] = static_cast<double>(st.n);  // independent draws
    st.log_bound = rejection_->log_bound();
    st.bound_violations = rejection_->bound_violations();
    st.region = rejection_->region();
    st.mass_outside = rejection_->mass_outside();
  } else {
    // Self-normalized estimates: E[f] ≈ Σ w_i f(z_i) / Σ w_i, Var = E[z²] − E[z]².
    const double total = w_sum_.value();
    if (total > 0) {
      for (int j = 0; j < 2; ++j) {
        st.mean[j] = wx_sum_[j].value() / total;
        st.variance[j] = wxx_sum_[j].value() / total - st.mean[j] * st.mean[j];
      }
      st.ess[0] = st.ess[1] = total * total / w2_sum_.value();
    }
    if (importance_region_) st.region = *importance_region_, st.mass_outside = importance_mass_outside_;
  }
  standard_errors();
  return st;
}

}  // namespace sampling::mcmc
