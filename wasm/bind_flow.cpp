// Bindings of core/flow: a trainer run in chunks (the page's worker calls train(k)),
// sampling at any NFE with trajectories, metrics, and weights in and out as bytes.
#include <emscripten/bind.h>

#include <memory>

#include "core/flow/metrics.hpp"
#include "core/flow/sampler.hpp"
#include "core/flow/trainer.hpp"
#include "core/flow/weights_file.hpp"
#include "wasm/js_values.hpp"

namespace sampling::wasm {
namespace {
using namespace sampling::flow;

std::unique_ptr<Dataset> dataset_of(const val& data) {
  if (data.isString()) return make_dataset(data.as<std::string>());
  if (has(data, "points")) {
    const auto values = numbers_of(data["points"], "data.points");
    return make_point_cloud(points_from_doubles(values), number_or(data, "bandwidth", 0.05));
  }
  throw Error("data must be a dataset name or {points: [x0, y0, x1, y1, ...]}");
}

val floats(const std::vector<float>& v) { return typed_array("Float32Array", v); }

std::vector<float> noise(std::size_t n, Rng& rng) {
  std::vector<float> eps(2 * n);
  for (auto& e : eps) e = static_cast<float>(rng.normal());
  return eps;
}

// Sampling shared by the trainer and a loaded model.
val sample_with(Method method, nn::Mlp<float>& net, double nfe, double n, double seed, bool trajectory) {
  if (!(nfe >= 1 && nfe <= 1000 && std::floor(nfe) == nfe)) throw Error("NFE must be an integer between 1 and 1000");
  if (!(n >= 1 && n <= 200000 && std::floor(n) == n)) throw Error("n must be an integer between 1 and 200000");
  Rng rng(seed_of(seed));
  std::vector<float> out, path;
  generate(method, net, static_cast<int>(nfe), noise(static_cast<std::size_t>(n), rng), out, rng, trajectory ? &path : nullptr);
  val o = val::object();
  o.set("points", floats(out));
  if (trajectory) o.set("trajectory", floats(path));
  return o;
}

class FlowTrainerJs {
 public:
  explicit FlowTrainerJs(val options) {
    try {
      if (options.isUndefined() || options.isNull()) throw Error("FlowTrainer needs an options object");
      TrainConfig c = default_train_config(parse_method(string_or(options, "method", "meanflow")));
      c.seed = count_or(options, "seed", 0);
      c.batch = static_cast<int>(count_at_most(options, "batch", 256, 65536));
      c.learning_rate = number_or(options, "lr", c.learning_rate);
      if (has(options, "lrSchedule")) c.cosine_lr = is_cosine_schedule(string_or(options, "lrSchedule", ""));
      c.ema_decay = number_or(options, "ema", c.ema_decay);
      if (has(options, "hidden")) {
        c.hidden.clear();
        for (double w : numbers_of(options["hidden"], "hidden")) {
          // Whole numbers up to 99999, as the CLI's --hidden (a cast of 1e10 or NaN to int is undefined).
          if (!(w >= 0 && w <= 99999 && std::floor(w) == w))
            throw Error("option 'hidden' holds layer widths, whole numbers up to 99999, got " + show(w));
          c.hidden.push_back(static_cast<int>(w));
        }
      }
      c.objective.total_steps = count_or(options, "totalSteps", 4000);
      c.objective.shortcut_fraction = number_or(options, "shortcutFraction", c.objective.shortcut_fraction);
      c.objective.meanflow_mu = number_or(options, "meanflowMu", c.objective.meanflow_mu);
      c.objective.meanflow_sigma = number_or(options, "meanflowSigma", c.objective.meanflow_sigma);
      c.objective.meanflow_equal_fraction = number_or(options, "meanflowEqualFraction", c.objective.meanflow_equal_fraction);
      c.objective.meanflow_p = number_or(options, "meanflowP", c.objective.meanflow_p);
      c.objective.meanflow_c = number_or(options, "meanflowC", c.objective.meanflow_c);
      trainer_ = std::make_unique<Trainer>(c, dataset_of(options["data"]));
      if (has(options, "init"))  // continue from a weights file (sampling-cli flow train --init)
        trainer_->start_from(load_flow_weights(bytes_of(options["init"], "init", limits::kMaxFlowWeightsBytes)));
    } catch (const std::exception& e) {
      error_ = e.what();
    }
  }
  std::string error() const { return error_; }

  val train(double k) {
    return guarded([&] {
      if (!(k >= 1 && k <= 1e6 && std::floor(k) == k)) throw Error("train(k): k must be a positive integer up to 10^6");
      std::vector<double> losses = trainer_->train(static_cast<std::uint64_t>(k));
      return typed_array("Float64Array", losses);
    });
  }
  double step() const { return static_cast<double>(trainer_->step()); }

  val sample(double nfe, double n, double seed, bool trajectory) {
    return guarded([&] { return sample_with(trainer_->config().method, trainer_->ema_network(), nfe, n, seed, trajectory); });
  }

  val target(double n, double seed) {
    return guarded([&] {
      const std::size_t count = whole_number(n, "target: n", 1, 200000);
      Rng rng(seed_of(seed));
      std::vector<float> pts;
      trainer_->dataset().sample(count, rng, pts);
      return floats(pts);
    });
  }

  val evaluate(double nfe, double n, double seed) {
    return guarded([&] {
      val s = sample_with(trainer_->config().method, trainer_->ema_network(), nfe, n, seed, false);
      Rng rng(seed_of(seed) + 1);
      std::vector<float> samples = emscripten::convertJSArrayToNumberVector<float>(s["points"]), target;
      trainer_->dataset().sample(samples.size() / 2, rng, target);
      val o = val::object();
      o.set("energyDistance", energy_distance(samples, target));
      o.set("slicedW2", sliced_wasserstein2(samples, target, 64, rng));
      return o;
    });
  }

  val save() {
    return guarded([&] {
      const std::string bytes = save_flow_weights(trainer_->config().method, trainer_->config().hidden,
                                                  trainer_->ema_network(), {{"steps", std::to_string(trainer_->step())}});
      return typed_array("Uint8Array", std::vector<unsigned char>(bytes.begin(), bytes.end()));
    });
  }

 private:
  std::unique_ptr<Trainer> trainer_;
  std::string error_;
};

// Shipped or saved weights, for sampling.
class FlowModelJs {
 public:
  explicit FlowModelJs(val bytes) {
    try {
      if (bytes.isUndefined() || bytes.isNull() || !bytes["length"].isNumber()) throw Error("FlowModel needs the file's bytes");
      weights_ = std::make_unique<FlowWeights>(
          load_flow_weights(bytes_of(bytes, "flow weights file", limits::kMaxFlowWeightsBytes)));
    } catch (const std::exception& e) {
      error_ = e.what();
    }
  }
  std::string error() const { return error_; }
  val info() const {
    return guarded([&] {
      val o = val::object();
      o.set("method", std::string(method_name(weights_->method)));
      val hidden = val::array();
      for (int w : weights_->hidden) hidden.call<void>("push", w);
      o.set("hidden", hidden);
      val meta = val::object();
      for (const auto& [k, v] : weights_->metadata) meta.set(k, v);
      o.set("metadata", meta);
      return o;
    });
  }
  val sample(double nfe, double n, double seed, bool trajectory) {
    return guarded([&] { return sample_with(weights_->method, *weights_->network, nfe, n, seed, trajectory); });
  }

 private:
  std::unique_ptr<FlowWeights> weights_;
  std::string error_;
};

val flow_datasets() { return string_array(dataset_names()); }

val dataset_sample(val data, double n, double seed) {
  return guarded([&] {
    const std::size_t count = whole_number(n, "datasetSample: n", 1, 200000);
    Rng rng(seed_of(seed));
    std::vector<float> pts;
    dataset_of(data)->sample(count, rng, pts);
    return floats(pts);
  });
}

}  // namespace
}  // namespace sampling::wasm

EMSCRIPTEN_BINDINGS(sampling_flow) {
  using namespace sampling::wasm;
  emscripten::function("flowDatasets", &flow_datasets);
  emscripten::function("datasetSample", &dataset_sample);
  emscripten::class_<FlowTrainerJs>("FlowTrainer")
      .constructor<emscripten::val>()
      .function("error", &FlowTrainerJs::error)
      .function("train", &FlowTrainerJs::train)
      .function("step", &FlowTrainerJs::step)
      .function("sample", &FlowTrainerJs::sample)
      .function("target", &FlowTrainerJs::target)
      .function("evaluate", &FlowTrainerJs::evaluate)
      .function("save", &FlowTrainerJs::save);
  emscripten::class_<FlowModelJs>("FlowModel")
      .constructor<emscripten::val>()
      .function("error", &FlowModelJs::error)
      .function("info", &FlowModelJs::info)
      .function("sample", &FlowModelJs::sample);
}
