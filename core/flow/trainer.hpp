#pragma once
// Training of one method on one dataset: Adam on the network, an EMA copy of the
// weights for sampling (and for Shortcut's targets), run in chunks of steps so the page
// can report progress, pause and resume. A step whose loss or weights are not finite
// (or explode) stops the run with an Error; the weights from before it are kept.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/flow/datasets.hpp"
#include "core/flow/objective.hpp"
#include "core/nn/adam.hpp"
#include "core/nn/ema.hpp"

namespace sampling::flow {

struct FlowWeights;

// The members' initial values are the settings every method shares; a method's own
// defaults (MeanFlow's rate and schedule) come from default_train_config below.
struct TrainConfig {
  Method method = Method::meanflow;
  std::vector<int> hidden{128, 128, 128};
  int batch = 256;
  double learning_rate = 1e-3;
  // The learning rate's schedule over objective.total_steps: constant, or cosine from
  // learning_rate down to 1 % of it (which it keeps if the run goes on).
  bool cosine_lr = false;
  double ema_decay = 0.99;  // toy runs are short: average over about the last 100 steps
  std::uint64_t seed = 0;
  ObjectiveOptions objective;  // objective.total_steps: the run length schedules span
};

// What the CLI and the page start from for `method`: Adam at lr 1e-3, constant, for flow
// matching, Shortcut and consistency; MeanFlow at lr 3e-3 with the cosine decay (its noisy
// target needs the higher rate early and the low rate late: with its (t, r) sampler this
// puts one step within 2 × FM@100 on every dataset in long runs, README "Flows").
TrainConfig default_train_config(Method method);

// The learning-rate schedule named "constant" or "cosine": whether it is the cosine one.
// Throws naming the choices otherwise.
bool is_cosine_schedule(const std::string& name);

class Trainer {
 public:
  Trainer(const TrainConfig& config, std::unique_ptr<Dataset> dataset);

  // Continues from saved weights (a shipped or saved file) instead of the random
  // initialization: the network and its EMA copy take the file's weights, Adam starts
  // afresh, and the step counter (which the schedules read) continues from the file's
  // "steps" metadata (0 without it). The file's method and hidden widths must be the
  // config's; throws naming the difference otherwise. Call before train().
  void start_from(const FlowWeights& weights);

  // Runs `steps` more steps; returns their losses.
  std::vector<double> train(std::uint64_t steps);
  std::uint64_t step() const { return step_; }
  const TrainConfig& config() const { return config_; }
  nn::Mlp<float>& network() { return net_; }
  // The network with the EMA weights (what sampling uses).
  nn::Mlp<float>& ema_network();
  const Dataset& dataset() const { return *dataset_; }

 private:
  TrainConfig config_;
  std::unique_ptr<Dataset> dataset_;
  nn::Mlp<float> net_, ema_net_;
  std::unique_ptr<Objective> objective_;
  nn::Adam adam_;
  nn::Ema ema_;
  Rng rng_;
  std::uint64_t step_ = 0;
  std::vector<float> batch_, last_good_;
};

}  // namespace sampling::flow
