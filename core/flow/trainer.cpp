#include "core/flow/trainer.hpp"

#include <algorithm>
#include <cmath>

#include "core/common/error.hpp"
#include "core/common/portable_math.hpp"
#include "core/flow/weights_file.hpp"

namespace sampling::flow {
namespace {
const TrainConfig& checked(const TrainConfig& c) {
  if (c.batch < 1 || c.batch > 65536) throw Error("flow: batch size must be between 1 and 65536, got " + std::to_string(c.batch));
  if (!(std::isfinite(c.learning_rate) && c.learning_rate > 0 && c.learning_rate <= 10))
    throw Error("flow: learning rate must be a number in (0, 10], got " + show(c.learning_rate));
  if (!(c.ema_decay >= 0 && c.ema_decay < 1)) throw Error("flow: EMA decay must be in [0, 1), got " + show(c.ema_decay));
  const auto& o = c.objective;
  if (!(o.shortcut_fraction >= 0 && o.shortcut_fraction <= 1)) throw Error("flow: shortcut fraction must be in [0, 1]");
  if (!(o.meanflow_equal_fraction >= 0 && o.meanflow_equal_fraction <= 1))
    throw Error("flow: MeanFlow's r = t fraction must be in [0, 1]");
  if (!(std::isfinite(o.meanflow_sigma) && o.meanflow_sigma > 0 && std::isfinite(o.meanflow_mu)))
    throw Error("flow: MeanFlow's logit-normal needs a finite μ and σ > 0");
  if (!(o.meanflow_c > 0 && o.meanflow_p >= 0 && std::isfinite(o.meanflow_c) && std::isfinite(o.meanflow_p)))
    throw Error("flow: MeanFlow's adaptive weight needs c > 0 and p ≥ 0");
  if (o.total_steps < 1) throw Error("flow: the run needs at least one step");
  // A step keeps, per row and hidden unit, the primal and tangent activations of the
  // network and of the teacher's passes and their gradients: 64 bytes is a safe bound.
  check_work(network_sizes(c.hidden), static_cast<std::uint64_t>(c.batch), 64, 64,
             "training with batch " + std::to_string(c.batch) + " and hidden widths " + format_widths(c.hidden),
             "use a smaller batch or narrower layers");
  return c;
}
}  // namespace

TrainConfig default_train_config(Method method) {
  TrainConfig c;
  c.method = method;
  if (method == Method::meanflow) c.learning_rate = 3e-3, c.cosine_lr = true;
  return c;
}

bool is_cosine_schedule(const std::string& name) {
  if (name != "constant" && name != "cosine") throw Error("the learning-rate schedule must be constant or cosine, got '" + name + "'");
  return name == "cosine";
}

Trainer::Trainer(const TrainConfig& config, std::unique_ptr<Dataset> dataset)
    : config_(checked(config)),
      dataset_(std::move(dataset)),
      net_(network_sizes(config.hidden)),
      ema_net_(network_sizes(config.hidden)),
      objective_(make_objective(config.method, config.objective)),
      adam_(net_.parameters().size(), config.learning_rate),
      ema_(config.ema_decay),
      rng_(config.seed) {
  net_.init(rng_);
  ema_.update(net_.parameters());
  ema_net_.parameters() = ema_.weights();
}

void Trainer::start_from(const FlowWeights& weights) {
  if (weights.method != config_.method)
    throw Error(std::string("flow: the weights are of method ") + method_name(weights.method) + ", not " +
                method_name(config_.method));
  if (weights.hidden != config_.hidden)
    throw Error("flow: the weights have hidden widths " + format_widths(weights.hidden) + ", not " +
                format_widths(config_.hidden));
  std::uint64_t step = 0;
  if (const auto it = weights.metadata.find("steps"); it != weights.metadata.end()) {
    const std::string& text = it->second;
    if (text.empty() || text.size() > 12 || text.find_first_not_of("0123456789") != std::string::npos)
      throw Error("flow: the weights' \"steps\" metadata must be a whole number, got '" + text + "'");
    step = std::stoull(text);
  }
  net_.parameters() = weights.network->parameters();
  ema_.reset();
  ema_.update(net_.parameters());
  ema_net_.parameters() = ema_.weights();
  adam_.reset();
  step_ = step;
}

nn::Mlp<float>& Trainer::ema_network() {
  ema_net_.parameters() = ema_.weights();
  return ema_net_;
}

std::vector<double> Trainer::train(std::uint64_t steps) {
  std::vector<double> losses;
  for (std::uint64_t s = 0; s < steps; ++s) {
    batch_.clear();
    dataset_->sample(static_cast<std::size_t>(config_.batch), rng_, batch_);
    last_good_ = net_.parameters();
    net_.zero_grad();
    nn::Mlp<float>& target = config_.method == Method::shortcut ? ema_network() : ema_net_;
    const double loss = objective_->loss_and_gradients(net_, target, batch_, step_, rng_);
    bool finite = std::isfinite(loss) && loss < 1e8;
    if (finite) {
      if (config_.cosine_lr) {
        const double progress = std::min(1.0, static_cast<double>(step_) / config_.objective.total_steps);
        adam_.set_learning_rate(config_.learning_rate * (0.01 + 0.99 * 0.5 * (1 + pmath::cos_pi(progress))));
      }
      finite = adam_.step(net_.parameters(), net_.gradients());  // false if a weight left the floats
    }
    if (!finite) {
      net_.parameters() = last_good_;
      adam_.reset();  // its moments saw the bad gradients
      throw Error("flow: training diverged at step " + std::to_string(step_ + 1) + " (loss " + show(loss) +
                  "); the weights from before that step are kept — try a smaller learning rate");
    }
    ema_.update(net_.parameters());
    ++step_;
    losses.push_back(loss);
  }
  return losses;
}

}  // namespace sampling::flow
