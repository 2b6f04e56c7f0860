#pragma once
// A training objective of the lab: from a batch of data points, the loss and its
// parameter gradients (accumulated into net.gradients()). One file per method:
// flow_matching.cpp, meanflow.cpp, shortcut.cpp, consistency.cpp.
#include <cmath>
#include <cstdint>
#include <memory>
#include <vector>

#include "core/common/rng.hpp"
#include "core/flow/flow_model.hpp"

namespace sampling::flow {

struct ObjectiveOptions {
  // MeanFlow: (t, r) from two logit-normal(μ, σ) draws, sorted; a fraction with r = t;
  // adaptive weight w = 1 / (‖Δ‖² + c)^p. p = 0 (plain squared error): with the paper's
  // p = 1 the regression is mode-seeking and more steps make samples worse. μ = 0, σ = 2.5
  // reach the corner t ≈ 1, r ≈ 0 that one step queries, and r = t in a quarter of the
  // batch leaves more rows for the average velocity (with lr 3e-3 cosine, trainer.hpp's
  // default_train_config; README, "Flows", has the table of settings tried).
  double meanflow_mu = 0.0, meanflow_sigma = 2.5, meanflow_equal_fraction = 0.25;
  double meanflow_p = 0.0, meanflow_c = 1e-3;
  // Shortcut: the fraction of each batch given self-consistency targets.
  double shortcut_fraction = 0.25;
  // Consistency (iCT): discretization N doubling from s0 to s1 over the run, t ≥ t_min.
  int consistency_s0 = 10, consistency_s1 = 1280;
  double consistency_t_min = 0.002;
  std::uint64_t total_steps = 2000;  // the length of the run the schedules span
};

class Objective {
 public:
  virtual ~Objective() = default;
  // x: batch × 2 data points. `target` holds the EMA weights (Shortcut's targets use it).
  virtual double loss_and_gradients(nn::Mlp<float>& net, nn::Mlp<float>& target, const std::vector<float>& x,
                                    std::uint64_t step, Rng& rng) = 0;
};

std::unique_ptr<Objective> make_objective(Method method, const ObjectiveOptions& options);

// Building blocks shared by the objectives.
inline float logit_normal(Rng& rng, double mu, double sigma) {
  return static_cast<float>(1.0 / (1.0 + std::exp(-(mu + sigma * rng.normal()))));
}
// z_t = (1 − t)·x + t·ε and v = ε − x for each row.
void interpolate(const std::vector<float>& x, const std::vector<float>& eps, const std::vector<float>& t,
                 std::vector<float>& z, std::vector<float>& v);

}  // namespace sampling::flow
