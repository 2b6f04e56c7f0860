#include "core/text/gibbs.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "core/common/error.hpp"
#include "core/common/logsumexp.hpp"
#include "core/common/portable_math.hpp"

namespace sampling::text {
namespace {
constexpr double kMinTemperature = 1e-6, kMaxTemperature = 1e6;
}  // namespace

GibbsOrder parse_gibbs_order(std::string_view name) {
  if (name == "random") return GibbsOrder::random;
  if (name == "sequential") return GibbsOrder::sequential;
  if (name == "parallel") return GibbsOrder::parallel;
  throw Error("unknown order '" + std::string(name) + "': use random, sequential or parallel");
}

const char* gibbs_order_name(GibbsOrder order) {
  switch (order) {
    case GibbsOrder::random: return "random";
    case GibbsOrder::sequential: return "sequential";
    case GibbsOrder::parallel: return "parallel";
  }
  return "random";
}

void StepDistribution::compute(const float* logits, const std::vector<std::int32_t>& samplable, double temperature,
                               int top_k) {
  const std::size_t n = samplable.size();
  scaled_.resize(n);
  model_.resize(n);
  for (std::size_t j = 0; j < n; ++j) {
    const double l = logits[samplable[j]];
    if (!std::isfinite(l)) throw Error("the model gave a non-finite logit for token " + std::to_string(samplable[j]));
    model_[j] = l;
    scaled_[j] = l / temperature;
  }
  model_log_z_ = log_sum_exp(model_.data(), n);

  ids_.clear();
  log_probs_.clear();
  if (top_k <= 0 || static_cast<std::size_t>(top_k) >= n) {
    ids_.assign(samplable.begin(), samplable.end());
    log_probs_.assign(scaled_.begin(), scaled_.end());
  } else {
    // The k largest under a strict order (value, then the smaller id), kept in id order:
    // the same set and order from every standard library's nth_element.
    order_.resize(n);
    for (std::size_t j = 0; j < n; ++j) order_[j] = j;
    const auto before = [&](std::size_t a, std::size_t b) {
      return scaled_[a] > scaled_[b] || (scaled_[a] == scaled_[b] && a < b);
    };
    std::nth_element(order_.begin(), order_.begin() + (top_k - 1), order_.end(), before);
    std::sort(order_.begin(), order_.begin() + top_k);
    for (int j = 0; j < top_k; ++j) {
      ids_.push_back(samplable[order_[j]]);
      log_probs_.push_back(scaled_[order_[j]]);
    }
  }
  const double z = log_sum_exp(log_probs_.data(), log_probs_.size());
  for (double& v : log_probs_) v -= z;
}

GibbsRun::GibbsRun(MaskedLm& lm, const GibbsOptions& options) : lm_(lm), options_(options) {
  const GibbsOptions& o = options_;
  if (o.annealing) {
    o.annealing->check();
  } else if (!(std::isfinite(o.temperature) && o.temperature >= kMinTemperature && o.temperature <= kMaxTemperature)) {
    throw Error("gibbs: temperature must be a number between 1e-06 and 1e+06, got " + show(o.temperature));
  }
  if (o.top_k < 0) throw Error("gibbs: top-k must be 0 (every token) or more, got " + std::to_string(o.top_k));
  if (o.chains < 1 || o.chains > kMaxChains)
    throw Error("gibbs: chains must be between 1 and " + std::to_string(kMaxChains) + ", got " + std::to_string(o.chains));
  template_ = parse_template(lm_, o.pattern);
  samplable_ = samplable_ids(lm_);

  Rng stream(o.seed);
  for (int c = 0; c < o.chains; ++c) {
    Chain chain{stream, {}, {}, {}, template_.free_positions.size(), 0.0, 0.0, {}};
    stream.jump();
    const std::vector<std::int32_t> body = start_body(lm_, template_, o.start, o.start_text, samplable_, chain.rng);
    chain.seq.reserve(body.size() + 2);
    chain.seq.push_back(lm_.cls_id());
    chain.seq.insert(chain.seq.end(), body.begin(), body.end());
    chain.seq.push_back(lm_.sep_id());
    chain.chosen_log_prob.assign(body.size(), 0.0);
    chain.drawn.assign(body.size(), 0);
    chain.best_score = -std::numeric_limits<double>::infinity();
    chain.best_seq = chain.seq;
    chains_.push_back(std::move(chain));
  }
  rows_.reserve(template_.free_positions.size());
  drawn_.resize(template_.free_positions.size());
  pll_seq_.resize(chains_[0].seq.size());
}

double GibbsRun::temperature(std::uint64_t step) const {
  return options_.annealing ? options_.annealing->temperature(step) : options_.temperature;
}

const GibbsRun::Chain& GibbsRun::chain_at(int c) const {
  if (c < 0 || c >= chains()) throw Error("gibbs: chain " + std::to_string(c) + " does not exist (the run has " +
                                          std::to_string(chains()) + ")");
  return chains_[c];
}

void GibbsRun::update_score(Chain& chain) {
  double s = 0;
  for (int p : template_.free_positions) s += chain.chosen_log_prob[p];
  chain.score = s;
  if (chain.undrawn == 0 && s > chain.best_score) {
    chain.best_score = s;
    std::copy(chain.seq.begin(), chain.seq.end(), chain.best_seq.begin());
  }
}

std::int32_t GibbsRun::draw(int c, int position, const float* row, double t, int k, std::vector<GibbsRecord>* records) {
  Chain& chain = chains_[c];
  dist_.compute(row, samplable_, t, k);
  const std::size_t j = chain.rng.categorical(dist_.log_probs().data(), dist_.log_probs().size());
  const std::int32_t id = dist_.ids()[j];
  chain.chosen_log_prob[position] = dist_.model_log_prob(row, id);
  if (!chain.drawn[position]) chain.drawn[position] = 1, --chain.undrawn;
  if (records) {
    GibbsRecord r;
    r.chain = c;
    r.step = steps_;
    r.position = position;
    r.old_id = chain.seq[position + 1];
    r.new_id = id;
    r.prob = pmath::exp(dist_.log_probs()[j]);
    r.log_prob = chain.chosen_log_prob[position];
    r.temperature = t;
    records->push_back(r);
  }
  return id;  // the caller places it (a parallel step places its draws after the last one)
}

void GibbsRun::step_one(int c, std::vector<GibbsRecord>* records) {
  Chain& chain = chains_[c];
  const double t = temperature(steps_);
  const int k = steps_ < options_.burn_in ? 0 : options_.top_k;
  const std::vector<int>& free = template_.free_positions;
  const std::size_t first_record = records ? records->size() : 0;
  const std::size_t vocab = static_cast<std::size_t>(lm_.vocab_size());

  if (options_.order == GibbsOrder::parallel) {
    rows_.clear();
    for (int p : free) rows_.push_back(p + 1);
    lm_.logits(chain.seq, rows_, logits_);
    for (std::size_t i = 0; i < free.size(); ++i) drawn_[i] = draw(c, free[i], logits_.data() + i * vocab, t, k, records);
    for (std::size_t i = 0; i < free.size(); ++i) chain.seq[free[i] + 1] = drawn_[i];
  } else {
    const int p = options_.order == GibbsOrder::sequential ? free[steps_ % free.size()]
                                                            : free[chain.rng.below(free.size())];
    const std::int32_t old_id = chain.seq[p + 1];
    chain.seq[p + 1] = lm_.mask_id();
    rows_.assign(1, p + 1);
    lm_.logits(chain.seq, rows_, logits_);
    chain.seq[p + 1] = old_id;  // the record's old token
    chain.seq[p + 1] = draw(c, p, logits_.data(), t, k, records);
  }
  update_score(chain);
  if (records)
    for (std::size_t i = first_record; i < records->size(); ++i) (*records)[i].score = chain.score;
}

void GibbsRun::run(std::uint64_t n, std::vector<GibbsRecord>* records) {
  if (records) {
    const std::uint64_t per_step = options_.order == GibbsOrder::parallel ? template_.free_positions.size() : 1;
    if (n > kMaxRecords || n * per_step * chains_.size() > kMaxRecords)
      throw Error("gibbs: one chunk keeps at most " + std::to_string(kMaxRecords) +
                  " records; ask for fewer steps at a time");
  }
  for (std::uint64_t i = 0; i < n; ++i, ++steps_)
    for (int c = 0; c < chains(); ++c) step_one(c, records);
}

std::vector<std::int32_t> GibbsRun::body(int chain) const {
  const Chain& ch = chain_at(chain);
  return {ch.seq.begin() + 1, ch.seq.end() - 1};
}

std::string GibbsRun::text(int chain) const { return join_tokens(lm_, body(chain)); }

double GibbsRun::score(int chain) const { return chain_at(chain).score; }

double GibbsRun::best_score(int chain) const { return chain_at(chain).best_score; }

std::vector<std::int32_t> GibbsRun::best_body(int chain) const {
  const Chain& ch = chain_at(chain);
  return {ch.best_seq.begin() + 1, ch.best_seq.end() - 1};
}

double GibbsRun::pseudo_log_likelihood(int chain) {
  const Chain& ch = chain_at(chain);
  double total = 0;
  for (int p : template_.free_positions) {
    const std::int32_t id = ch.seq[p + 1];
    if (!lm_.samplable(id)) continue;  // still [MASK]: conditioned on, not scored
    std::copy(ch.seq.begin(), ch.seq.end(), pll_seq_.begin());
    pll_seq_[p + 1] = lm_.mask_id();
    rows_.assign(1, p + 1);
    lm_.logits(pll_seq_, rows_, logits_);
    dist_.compute(logits_.data(), samplable_, 1.0, 0);
    total += dist_.model_log_prob(logits_.data(), id);
  }
  return total;
}

}  // namespace sampling::text
