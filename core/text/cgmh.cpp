#include "core/text/cgmh.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "core/common/error.hpp"
#include "core/common/logsumexp.hpp"
#include "core/common/portable_math.hpp"
#include "core/stats/goodness_of_fit.hpp"

namespace sampling::text {
namespace {
constexpr double kNegInf = -std::numeric_limits<double>::infinity();

double log_of(double v) { return v > 0 ? pmath::log(v) : kNegInf; }

// Ids of one keyword; names what is wrong with it.
std::vector<std::int32_t> keyword_ids(const MaskedLm& mlm, const std::string& keyword) {
  const std::vector<std::int32_t> ids = mlm.encode(keyword);  // throws on invalid UTF-8
  if (ids.empty()) throw Error("cgmh: keyword '" + keyword + "' is empty: give one or more characters");
  for (std::int32_t id : ids) {
    if (mlm.token(id) == "[UNK]")
      throw Error("cgmh: keyword '" + keyword + "' holds a character the model's vocabulary does not have");
    if (!mlm.samplable(id))
      throw Error("cgmh: keyword '" + keyword + "' holds '" + mlm.token(id) +
                  "', a special token or punctuation, which a sentence position cannot hold");
  }
  return ids;
}
}  // namespace

const char* cgmh_move_name(CgmhMove move) {
  switch (move) {
    case CgmhMove::replace: return "replace";
    case CgmhMove::insert: return "insert";
    case CgmhMove::remove: return "delete";
  }
  return "replace";
}

CgmhRun::CgmhRun(MaskedLm& mlm, LanguageModel& lm, const CgmhOptions& options)
    : mlm_(mlm), lm_(lm), options_(options), rng_(options.seed) {
  const CgmhOptions& o = options_;
  const double p[3] = {o.p_replace, o.p_insert, o.p_delete};
  const char* names[3] = {"replace", "insert", "delete"};
  double sum = 0;
  for (int i = 0; i < 3; ++i) {
    if (!(std::isfinite(p[i]) && p[i] >= 0))
      throw Error(std::string("cgmh: the ") + names[i] + " probability must be a number ≥ 0, got " + show(p[i]));
    sum += p[i];
  }
  if (std::abs(sum - 1) > 1e-9)
    throw Error("cgmh: the replace, insert and delete probabilities must add up to 1, got " + show(sum));
  if (o.top_k < 0) throw Error("cgmh: top-k must be 0 (every token) or more, got " + std::to_string(o.top_k));
  if (!(std::isfinite(o.explore) && o.explore >= 0 && o.explore < 1))
    throw Error("cgmh: explore must be at least 0 and below 1, got " + show(o.explore));
  if (o.annealing) o.annealing->check();
  if (!(std::isfinite(o.length_bonus) && std::abs(o.length_bonus) <= 100))
    throw Error("cgmh: the length bonus must be a number from -100 to 100 (nats per token), got " + show(o.length_bonus));
  if (o.keywords.empty()) throw Error("cgmh: give at least one keyword");
  for (const auto& k : o.keywords) keyword_ids_.push_back(keyword_ids(mlm_, k));
  samplable_ = samplable_ids(mlm_);
  std::size_t keyword_tokens = 0;
  for (const auto& k : keyword_ids_) keyword_tokens += k.size();

  fixed_shape_ = !o.pattern.empty();
  if (!fixed_shape_) {
    for (int i = 0; i < 3; ++i) probs_[i] = p[i] / sum;
    if (probs_[0] + probs_[1] == 0)
      throw Error("cgmh: with delete moves alone the chain cannot leave its start; give replace or insert a share");
    const int longest = mlm_.max_length() - 2;
    if (o.max_length < 1 || o.max_length > longest)
      throw Error("cgmh: the longest sentence must be between 1 and " + std::to_string(longest) +
                  " tokens (the masked LM's limit), got " + std::to_string(o.max_length));
    max_length_ = o.max_length;
    if (keyword_tokens > static_cast<std::size_t>(max_length_))
      throw Error("cgmh: the keywords have " + std::to_string(keyword_tokens) + " tokens, more than the longest sentence (" +
                  std::to_string(max_length_) + ")");
    // Start from the keywords alone.
    for (std::size_t k = 0; k < keyword_ids_.size(); ++k)
      for (std::int32_t id : keyword_ids_[k]) {
        body_.push_back(id);
        keyword_.push_back(static_cast<int>(k));
        free_.push_back(1);
      }
  } else {
    probs_ = {1.0, 0.0, 0.0};
    const Template t = parse_template(mlm_, o.pattern);
    const std::vector<int>& fp = t.free_positions;
    if (keyword_tokens > fp.size())
      throw Error("cgmh: the keywords have " + std::to_string(keyword_tokens) + " characters but the template has only " +
                  std::to_string(fp.size()) + " free positions");
    body_ = t.ids;
    free_ = t.is_free;
    max_length_ = static_cast<int>(body_.size());
    keyword_.assign(body_.size(), -1);
    // Keyword k goes to the first run of consecutive free positions, at or after the
    // k-th of K equal shares of the free positions, that holds it after keyword k − 1.
    std::size_t from = 0;
    for (std::size_t k = 0; k < keyword_ids_.size(); ++k) {
      const std::size_t len = keyword_ids_[k].size();
      std::size_t s = std::max(from, k * fp.size() / keyword_ids_.size());
      const auto fits = [&](std::size_t s0) {
        if (s0 + len > fp.size()) return false;
        for (std::size_t i = 1; i < len; ++i)
          if (fp[s0 + i] != fp[s0] + static_cast<int>(i)) return false;
        return true;
      };
      while (s < fp.size() && !fits(s)) ++s;
      if (s >= fp.size())
        throw Error("cgmh: keyword '" + o.keywords[k] + "' does not fit in the template after the keywords before it (it needs " +
                    std::to_string(len) + " consecutive free positions)");
      for (std::size_t i = 0; i < len; ++i) {
        body_[fp[s + i]] = keyword_ids_[k][i];
        keyword_[fp[s + i]] = static_cast<int>(k);
      }
      from = s + len;
    }
    if (count_replaceable(keyword_, free_) == 0)
      throw Error("cgmh: the template has no free position left after the keywords");
    // The other free positions: drawn left to right from the candidates (the rest still [MASK]).
    for (int pos : fp) {
      if (keyword_[pos] >= 0) continue;
      set_sequence(body_, pos, false);
      candidates(pos);
      body_[pos] = draw_candidate();
    }
  }
  log_pi_ = log_pi(body_);
  if (!std::isfinite(log_pi_))
    throw Error("cgmh: the language model gives the start sentence '" + text() + "' probability 0");
  log_m_ = log_placements(body_);
  best_score_ = log_pi_;
  best_body_ = body_;
}

double CgmhRun::log_pi(const std::vector<std::int32_t>& body) {
  return lm_.log_prob(body) + options_.length_bonus * static_cast<double>(body.size());
}

double CgmhRun::temperature(std::uint64_t step) const {
  return options_.annealing ? options_.annealing->temperature(step) : 1.0;
}

double CgmhRun::log_placements(const std::vector<std::int32_t>& body) const {
  if (fixed_shape_) return 0;
  // f[i]: ways to place keywords k..K−1 in body[i..], for k from K−1 down to 0.
  const std::size_t n = body.size(), kk = keyword_ids_.size();
  std::vector<double> next(n + 1, 1.0), cur(n + 1);
  for (std::size_t k = kk; k-- > 0;) {
    const auto& w = keyword_ids_[k];
    cur[n] = 0;
    for (std::size_t i = n; i-- > 0;) {
      cur[i] = cur[i + 1];
      if (i + w.size() <= n && std::equal(w.begin(), w.end(), body.begin() + static_cast<std::ptrdiff_t>(i)))
        cur[i] += next[i + w.size()];
    }
    std::swap(cur, next);
  }
  return log_of(next[0]);
}

bool CgmhRun::slot_allowed(const std::vector<int>& keyword, int slot) const {
  const int n = static_cast<int>(keyword.size());
  return slot == 0 || slot == n || keyword[slot - 1] < 0 || keyword[slot] < 0 || keyword[slot - 1] != keyword[slot];
}

int CgmhRun::count_replaceable(const std::vector<int>& keyword, const std::vector<std::uint8_t>& free) const {
  int n = 0;
  for (std::size_t i = 0; i < keyword.size(); ++i) n += keyword[i] < 0 && free[i];
  return n;
}

int CgmhRun::count_slots(const std::vector<int>& keyword) const {
  int n = 0;
  for (int j = 0; j <= static_cast<int>(keyword.size()); ++j) n += slot_allowed(keyword, j);
  return n;
}

void CgmhRun::set_sequence(const std::vector<std::int32_t>& body, int mask_at, bool insert_mask) {
  seq_.clear();
  seq_.push_back(mlm_.cls_id());
  for (int i = 0; i < static_cast<int>(body.size()); ++i) {
    if (i == mask_at) {
      seq_.push_back(mlm_.mask_id());
      if (!insert_mask) continue;
    }
    seq_.push_back(body[i]);
  }
  if (insert_mask && mask_at == static_cast<int>(body.size())) seq_.push_back(mlm_.mask_id());
  seq_.push_back(mlm_.sep_id());
}

void CgmhRun::candidates(int pos) {
  rows_.assign(1, pos + 1);
  mlm_.logits(seq_, rows_, logits_);
  dist_.compute(logits_.data(), samplable_, 1.0, options_.top_k);
}

double CgmhRun::log_g(std::int32_t id) const {
  const auto& ids = dist_.ids();
  const auto it = std::lower_bound(ids.begin(), ids.end(), id);
  const double top = it != ids.end() && *it == id ? dist_.log_probs()[it - ids.begin()] : kNegInf;
  const double eps = options_.explore;
  if (eps == 0) return top;
  if (!std::binary_search(samplable_.begin(), samplable_.end(), id)) return kNegInf;
  const double uniform = pmath::log(eps / static_cast<double>(samplable_.size()));
  return top == kNegInf ? uniform : log_add_exp(pmath::log(1 - eps) + top, uniform);
}

std::int32_t CgmhRun::draw_candidate() {
  if (options_.explore > 0 && rng_.uniform() < options_.explore) return samplable_[rng_.below(samplable_.size())];
  return dist_.ids()[rng_.categorical(dist_.log_probs().data(), dist_.log_probs().size())];
}

void CgmhRun::step_one(std::vector<CgmhRecord>* records) {
  CgmhRecord r;
  r.step = steps_;
  r.temperature = temperature(steps_);
  const double u = rng_.uniform();
  int m = u < probs_[0] ? 0 : (u < probs_[0] + probs_[1] ? 1 : 2);
  while (probs_[m] == 0) m = (m + 2) % 3;  // rounding at the edge: the previous type with a share
  r.move = static_cast<CgmhMove>(m);
  CgmhMoveStats& st = stats_[m];

  const int len = static_cast<int>(body_.size());
  const auto nth = [](int n, const auto& pred) {  // index of the n-th (from 0) i with pred(i)
    for (int i = 0;; ++i)
      if (pred(i) && n-- == 0) return i;
  };
  proposal_ = body_;
  proposal_keyword_ = keyword_;
  proposal_free_ = free_;
  bool possible = true;
  const double lp = log_of(probs_[m]);
  if (r.move == CgmhMove::replace) {
    const int n = count_replaceable(keyword_, free_);
    if (n == 0) {
      possible = false;
    } else {
      const int pos = nth(static_cast<int>(rng_.below(n)), [&](int i) { return replaceable(i); });
      set_sequence(body_, pos, false);
      candidates(pos);
      const std::int32_t w = draw_candidate();
      r.position = pos;
      r.old_id = body_[pos];
      r.new_id = w;
      r.log_q_forward = lp - pmath::log(n) + log_g(w);
      r.log_q_reverse = lp - pmath::log(n) + log_g(body_[pos]);
      proposal_[pos] = w;
    }
  } else if (r.move == CgmhMove::insert) {
    if (len >= max_length_) {
      possible = false;
    } else {
      const int n = count_slots(keyword_);
      const int slot = nth(static_cast<int>(rng_.below(n)), [&](int j) { return slot_allowed(keyword_, j); });
      set_sequence(body_, slot, true);
      candidates(slot);
      const std::int32_t w = draw_candidate();
      r.position = slot;
      r.new_id = w;
      r.log_q_forward = lp - pmath::log(n) + log_g(w);
      proposal_.insert(proposal_.begin() + slot, w);
      proposal_keyword_.insert(proposal_keyword_.begin() + slot, -1);
      proposal_free_.insert(proposal_free_.begin() + slot, 1);
      int deletable = count_replaceable(proposal_keyword_, proposal_free_);
      if (options_.test_wrong_reverse) deletable = std::max(1, deletable - 1);
      r.log_q_reverse = log_of(probs_[2]) - pmath::log(deletable);
    }
  } else {
    const int n = count_replaceable(keyword_, free_);
    if (n == 0) {
      possible = false;
    } else {
      const int pos = nth(static_cast<int>(rng_.below(n)), [&](int i) { return replaceable(i); });
      r.position = pos;
      r.old_id = body_[pos];
      r.log_q_forward = lp - pmath::log(n);
      proposal_.erase(proposal_.begin() + pos);
      proposal_keyword_.erase(proposal_keyword_.begin() + pos);
      proposal_free_.erase(proposal_free_.begin() + pos);
      // The reverse: insert at slot pos of x′ (x with pos masked), drawing the old token.
      set_sequence(body_, pos, false);
      candidates(pos);
      r.log_q_reverse = log_of(probs_[1]) - pmath::log(count_slots(proposal_keyword_)) + log_g(body_[pos]);
    }
  }

  if (!possible) {
    ++st.impossible;
  } else {
    ++st.proposals;
    r.proposed = true;
    r.log_pi_old = log_pi_;
    r.log_pi_new = log_pi(proposal_);
    if (std::isnan(r.log_pi_new) || r.log_pi_new == std::numeric_limits<double>::infinity())
      throw Error("cgmh: the language model gave a log-probability of " + show(r.log_pi_new));
    const double new_m = log_placements(proposal_);
    // log of π(x′, m′)/π(x, m) with π ∝ LM^{1/τ} / M: the placements are not tempered, so the
    // sentences' law is LM^{1/τ}·χ at every τ.
    const double delta =
        r.log_pi_new == kNegInf ? kNegInf : (r.log_pi_new - log_pi_) / r.temperature - (new_m - log_m_);
    r.log_ratio = delta + r.log_q_reverse - r.log_q_forward;
    const double v = rng_.uniform();
    r.accepted = r.log_ratio >= 0 || (r.log_ratio > kNegInf && v < pmath::exp(r.log_ratio));
    if (r.accepted) {
      ++st.acceptances;
      body_.swap(proposal_);
      keyword_.swap(proposal_keyword_);
      free_.swap(proposal_free_);
      log_pi_ = r.log_pi_new;
      log_m_ = new_m;
      if (log_pi_ > best_score_) {
        best_score_ = log_pi_;
        best_body_ = body_;
      }
    }
  }
  r.score = log_pi_;
  if (records) records->push_back(r);
}

void CgmhRun::run(std::uint64_t n, std::vector<CgmhRecord>* records) {
  if (records && n > kMaxRecords)
    throw Error("cgmh: one chunk keeps at most " + std::to_string(kMaxRecords) + " records; ask for fewer steps at a time");
  for (std::uint64_t i = 0; i < n; ++i, ++steps_) step_one(records);
}

std::array<double, 3> move_probabilities(std::array<double, 3> weights) {
  const std::vector<double> p = stats::normalized_probabilities({weights[0], weights[1], weights[2]}, "cgmh: move weights");
  return {p[0], p[1], p[2]};
}

}  // namespace sampling::text
