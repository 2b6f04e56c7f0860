#pragma once
// Shortcut's choice of rows, apart from the network so a test can compare the step sizes
// the objective trains with the ones the sampler queries (sampler.hpp's step_inputs).
#include <vector>

#include "core/common/rng.hpp"

namespace sampling::flow {

// The smallest step the network is trained at, 2^−7 = 1/128: the flow-matching rows use
// it (as the official code does), so the teacher's smallest half step and the sampler at
// 128 steps query a step size that is trained. Smaller steps (more than 128 NFE) are
// sampled with this one: at d → 0 the shortcut is the velocity.
constexpr int kShortcutLevels = 7;
constexpr float kShortcutMinStep = 1.0f / (1 << kShortcutLevels);

// One batch's rows: the first `consistency` rows get self-consistency targets, the rest
// flow-matching ones. Row i trains s_θ(z_t, t[i], step[i]); a consistency row's target
// takes two half steps of size teacher[i] = step[i] / 2 from t[i] (teacher[i] = 0 on
// flow-matching rows, which regress ε − x).
//   consistency rows:    teacher d = 2^−k, k ∈ 1..7; t = j·d, j ∈ 2..1/d (so t − 2d ≥ 0)
//   flow-matching rows:  t ~ U(0, 1), step kShortcutMinStep
struct ShortcutRows {
  int consistency = 0;
  std::vector<float> t, step, teacher;
};
void shortcut_rows(int batch, double fraction, Rng& rng, ShortcutRows& rows);

}  // namespace sampling::flow
