#pragma once
// The supremum of log p̃ − log q over a region, by branch and bound: every rectangle
// gets the upper bound Target::log_density_max − Proposal::log_density_min (both hold
// on the whole rectangle), the rectangle with the largest bound is split in two, and the
// values at rectangle centres (and at the target's modes) give lower bounds. The search
// ends when the largest remaining upper bound is within `tolerance` of the best value
// found, so the returned `upper` holds everywhere in the region — a true bound, not a
// grid maximum — and exceeds the supremum by at most `tolerance` (in log units).
//
// Rectangles are split across their longer side measured in u = asinh((x − c)/s) (c, s
// the proposal's centre and scale), so a region that spans 1e9 and a mode of width 0.01
// are both resolved in a few dozen levels.
#include <cstddef>
#include <optional>

#include "core/mcmc/proposal.hpp"

namespace sampling::mcmc {

struct RatioBound {
  double upper = 0;          // log sup p̃/q ≤ upper (holds on the whole region)
  double lower = 0;          // log p̃/q at `argmax`, the largest value seen (≤ the supremum)
  Point argmax{0, 0};
  std::size_t rectangles = 0;  // rectangles examined
};

// `decide` (a log bound M given by the user): stop as soon as M is shown to hold
// (upper ≤ M) or to fail (lower > M). Gives up refining after `max_rectangles` and
// returns the bounds reached (still valid, only less tight).
RatioBound bound_log_ratio(const Target& target, const Proposal& proposal, const Box& region, double tolerance,
                           std::optional<double> decide = std::nullopt, std::size_t max_rectangles = 400000);

}  // namespace sampling::mcmc
