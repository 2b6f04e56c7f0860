#include "core/text/mh_gibbs.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "core/common/error.hpp"
#include "core/common/logsumexp.hpp"
#include "core/common/portable_math.hpp"

namespace sampling::text {
namespace {
constexpr double kNegInf = -std::numeric_limits<double>::infinity();
}  // namespace

MhGibbsOptions mh_gibbs_options(const GibbsOptions& g) {
  if (g.annealing) throw Error("mh-gibbs: annealing is for plain Gibbs; the MH-corrected chain targets exp(-E) at T = 1");
  if (g.order != GibbsOrder::random)
    throw Error(std::string("mh-gibbs: order '") + gibbs_order_name(g.order) +
                "' is for plain Gibbs; the MH-corrected chain picks a free position at random");
  MhGibbsOptions o;
  o.pattern = g.pattern;
  o.temperature = g.temperature;
  o.top_k = g.top_k;
  o.burn_in = g.burn_in;
  o.seed = g.seed;
  o.start = g.start;
  o.start_text = g.start_text;
  return o;
}

MhGibbsRun::MhGibbsRun(MaskedLm& lm, const MhGibbsOptions& options) : lm_(lm), options_(options), rng_(options.seed) {
  const MhGibbsOptions& o = options_;
  if (o.chain < 0) throw Error("mh-gibbs: the chain index must be 0 or more, got " + std::to_string(o.chain));
  for (int c = 0; c < o.chain; ++c) rng_.jump();
  if (!(std::isfinite(o.temperature) && o.temperature >= 1e-6 && o.temperature <= 1e6))
    throw Error("mh-gibbs: temperature must be a number between 1e-06 and 1e+06, got " + show(o.temperature));
  if (o.top_k < 0) throw Error("mh-gibbs: top-k must be 0 (every token) or more, got " + std::to_string(o.top_k));
  template_ = parse_template(lm_, o.pattern);
  samplable_ = samplable_ids(lm_);
  body_ = start_body(lm_, template_, o.start, o.start_text, samplable_, rng_);
  for (int p : template_.free_positions) {  // positions still masked: drawn from the proposal
    if (body_[p] != lm_.mask_id()) continue;
    masked_logits(body_, p);
    dist_.compute(logits_.data(), samplable_, o.temperature, o.top_k);
    body_[p] = dist_.ids()[rng_.categorical(dist_.log_probs().data(), dist_.log_probs().size())];
  }
  energy_ = energy_of(body_);
  best_energy_ = energy_;
  best_body_ = body_;
}

void MhGibbsRun::masked_logits(const std::vector<std::int32_t>& body, int pos) {
  seq_.assign(1, lm_.cls_id());
  seq_.insert(seq_.end(), body.begin(), body.end());
  seq_.push_back(lm_.sep_id());
  seq_[pos + 1] = lm_.mask_id();
  rows_.assign(1, pos + 1);
  lm_.logits(seq_, rows_, logits_);
}

double MhGibbsRun::energy_of(const std::vector<std::int32_t>& body) {
  double e = 0;
  const std::size_t v = static_cast<std::size_t>(lm_.vocab_size());
  row_.resize(v);
  for (int pos = 0; pos < static_cast<int>(body.size()); ++pos) {
    masked_logits(body, pos);
    for (std::size_t j = 0; j < v; ++j) {
      row_[j] = logits_[j];
      if (!std::isfinite(row_[j])) throw Error("the model gave a non-finite logit for token " + std::to_string(j));
    }
    e -= row_[static_cast<std::size_t>(body[pos])] - log_sum_exp(row_.data(), v);
  }
  return e;
}

void MhGibbsRun::step_one(std::vector<MhGibbsRecord>* records) {
  MhGibbsRecord r;
  r.chain = options_.chain;
  r.step = steps_;
  const std::vector<int>& free = template_.free_positions;
  const int pos = free[rng_.below(free.size())];
  masked_logits(body_, pos);
  dist_.compute(logits_.data(), samplable_, options_.temperature, steps_ < options_.burn_in ? 0 : options_.top_k);
  const std::size_t j = rng_.categorical(dist_.log_probs().data(), dist_.log_probs().size());
  const std::int32_t w = dist_.ids()[j];
  const auto log_q = [&](std::int32_t id) {
    const auto& ids = dist_.ids();
    const auto it = std::lower_bound(ids.begin(), ids.end(), id);
    return it != ids.end() && *it == id ? dist_.log_probs()[it - ids.begin()] : kNegInf;
  };
  r.position = pos;
  r.old_id = body_[pos];
  r.new_id = w;
  r.log_q_forward = log_q(w);
  r.log_q_reverse = log_q(body_[pos]);
  r.energy_old = energy_;
  if (w == body_[pos]) {
    r.energy_new = energy_;
    r.log_ratio = 0;
  } else {
    proposal_ = body_;
    proposal_[pos] = w;
    r.energy_new = energy_of(proposal_);
    r.log_ratio = energy_ - r.energy_new + (options_.test_wrong_reverse ? 0.0 : r.log_q_reverse - r.log_q_forward);
  }
  const double u = rng_.uniform();
  r.accepted = r.log_ratio >= 0 || (r.log_ratio > kNegInf && u < pmath::exp(r.log_ratio));
  if (r.accepted) {
    ++acceptances_;
    if (w != body_[pos]) {
      body_.swap(proposal_);
      energy_ = r.energy_new;
      if (energy_ < best_energy_) best_energy_ = energy_, best_body_ = body_;
    }
  }
  r.energy = energy_;
  if (records) records->push_back(r);
}

void MhGibbsRun::run(std::uint64_t n, std::vector<MhGibbsRecord>* records) {
  if (records && n > kMaxRecords)
    throw Error("mh-gibbs: one chunk keeps at most " + std::to_string(kMaxRecords) + " records; ask for fewer steps at a time");
  for (std::uint64_t i = 0; i < n; ++i, ++steps_) step_one(records);
}

MhGibbsChains::MhGibbsChains(MaskedLm& lm, const MhGibbsOptions& options, int chains) {
  if (chains < 1 || chains > kMaxChains)
    throw Error("mh-gibbs: chains must be between 1 and " + std::to_string(kMaxChains) + ", got " + std::to_string(chains));
  chains_.reserve(static_cast<std::size_t>(chains));
  MhGibbsOptions o = options;
  for (o.chain = 0; o.chain < chains; ++o.chain) chains_.emplace_back(lm, o);
}

void MhGibbsChains::run(std::uint64_t n, std::vector<MhGibbsRecord>* records) {
  if (records && n > MhGibbsRun::kMaxRecords / chains_.size())
    throw Error("mh-gibbs: one chunk keeps at most " + std::to_string(MhGibbsRun::kMaxRecords) +
                " records; ask for fewer steps at a time");
  for (std::uint64_t i = 0; i < n; ++i)
    for (MhGibbsRun& chain : chains_) chain.run(1, records);
}

std::uint64_t MhGibbsChains::proposals() const {
  std::uint64_t n = 0;
  for (const MhGibbsRun& c : chains_) n += c.proposals();
  return n;
}

std::uint64_t MhGibbsChains::acceptances() const {
  std::uint64_t n = 0;
  for (const MhGibbsRun& c : chains_) n += c.acceptances();
  return n;
}

}  // namespace sampling::text
