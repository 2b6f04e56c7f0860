// sampling-cli flow: train the one-step generation methods on 2-D data, sample, evaluate.
//   flow train  --method fm|meanflow|shortcut|consistency --data NAME|FILE.csv --steps N
//               --seed S --out W.safetensors [--lr X] [--batch B] [--hidden 128,128,128] [--ema 0.99]
//               [--init W0.safetensors]   (continue from saved weights)
//   flow sample --weights W --nfe K --n N --seed S            (x,y lines)
//   flow eval   --weights W --data NAME|FILE.csv --nfe K [--n N] [--seed S]   (one JSON line)
#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <ostream>
#include <sstream>

#include "core/cli/args.hpp"
#include "core/cli/commands.hpp"
#include "core/common/error.hpp"
#include "core/flow/metrics.hpp"
#include "core/flow/sampler.hpp"
#include "core/flow/trainer.hpp"
#include "core/flow/weights_file.hpp"

namespace sampling::cli {
namespace {

const char* kHelp =
    "usage: sampling-cli flow train --method fm|meanflow|shortcut|consistency --data NAME|FILE.csv\n"
    "                              --steps N --seed S --out W.safetensors\n"
    "                              [--lr 0.001] [--lr-schedule constant|cosine] [--batch 256]\n"
    "                              (MeanFlow: --lr 0.003 --lr-schedule cosine)\n"
    "                              [--hidden 128,128,128] [--ema 0.99]\n"
    "                              [--meanflow-equal 0.25] [--meanflow-mu 0] [--meanflow-sigma 2.5]\n"
    "                              [--meanflow-p 0] [--meanflow-c 0.001]\n"
    "                              [--shortcut-fraction 0.25]\n"
    "                              [--init W0.safetensors]  (start from these weights: same method and\n"
    "                              widths; the step count continues from the file's)\n"
    "       sampling-cli flow sample --weights W --nfe K --n N --seed S\n"
    "       sampling-cli flow eval --weights W --data NAME|FILE.csv --nfe K [--n 2000] [--seed S]\n"
    "Datasets: moons, checkerboard, 8gaussians, spiral, rings, or a CSV of x,y points.\n"
    "Convention: data at t = 0, noise at t = 1, z_t = (1 - t) x + t eps. Weights are the\n"
    "EMA weights, in safetensors (layers.{l}.weight [out, in], layers.{l}.bias [out]).\n";

std::unique_ptr<flow::Dataset> dataset_from(const std::string& data) {
  const auto& names = flow::dataset_names();
  if (std::find(names.begin(), names.end(), data) != names.end()) return flow::make_dataset(data);
  if (data.size() > 4 && data.compare(data.size() - 4, 4, ".csv") == 0)
    return flow::make_point_cloud(flow::parse_points_csv(read_file(data)));
  return flow::make_dataset(data);  // throws naming the choices
}

std::vector<float> noise(std::size_t n, Rng& rng) {
  std::vector<float> eps(2 * n);
  for (auto& e : eps) e = static_cast<float>(rng.normal());
  return eps;
}

int train(const Args& args, std::ostream& err) {
  flow::TrainConfig config = flow::default_train_config(flow::parse_method(args.text("method", "meanflow")));
  const std::uint64_t steps = args.count("steps", 2000);
  if (steps < 1 || steps > kMaxFlowSteps) throw Error("--steps must be between 1 and 10^8, got " + std::to_string(steps));
  config.seed = args.count("seed", 0);
  config.learning_rate = args.number("lr", config.learning_rate);
  if (args.has("lr-schedule")) config.cosine_lr = flow::is_cosine_schedule(args.text("lr-schedule", ""));
  config.batch = static_cast<int>(args.count("batch", 256, 65536));
  config.hidden = flow::parse_widths(args.text("hidden", "128,128,128"));
  config.ema_decay = args.number("ema", config.ema_decay);
  config.objective.meanflow_equal_fraction = args.number("meanflow-equal", config.objective.meanflow_equal_fraction);
  config.objective.meanflow_mu = args.number("meanflow-mu", config.objective.meanflow_mu);
  config.objective.meanflow_sigma = args.number("meanflow-sigma", config.objective.meanflow_sigma);
  config.objective.meanflow_p = args.number("meanflow-p", config.objective.meanflow_p);
  config.objective.meanflow_c = args.number("meanflow-c", config.objective.meanflow_c);
  config.objective.shortcut_fraction = args.number("shortcut-fraction", config.objective.shortcut_fraction);
  config.objective.total_steps = steps;
  if (!args.has("out")) throw Error("flow train needs --out W.safetensors");
  // The weights go to OUT.partial, created now (a path that cannot be written is reported
  // before training, not after) and renamed over OUT once written whole: an existing OUT
  // stays as it was until then, and a failed run leaves no file behind. What is not a
  // regular file (/dev/stdout, a pipe) is written directly, opened now for appending.
  namespace fs = std::filesystem;
  const std::string path = args.text("out", "");
  std::error_code ec;
  const fs::file_status status = fs::status(path, ec);
  const bool direct = fs::exists(status) && !fs::is_regular_file(status);
  // Through a symbolic link the file it names is replaced, not the link.
  const std::string final_path = fs::is_symlink(fs::symlink_status(path, ec)) && !direct ? fs::canonical(path, ec).string() : path;
  const std::string written = direct ? path : final_path + ".partial";
  std::ofstream file(written, std::ios::binary | (direct ? std::ios::app : std::ios::trunc));
  if (!file) throw Error("cannot write '" + written + "': " + std::strerror(errno));
  struct RemoveUnlessKept {
    std::string path;  // empty: nothing to remove
    bool keep = false;
    ~RemoveUnlessKept() {
      if (!keep && !path.empty()) std::remove(path.c_str());
    }
  } partial{direct ? std::string() : written};
  flow::Trainer trainer(config, dataset_from(args.text("data", "8gaussians")));
  if (args.has("init")) trainer.start_from(flow::load_flow_weights(read_file(args.text("init", ""))));
  const std::uint64_t chunk = std::max<std::uint64_t>(1, steps / 10);
  for (std::uint64_t done = 0; done < steps;) {
    const auto losses = trainer.train(std::min(chunk, steps - done));
    done += losses.size();
    double mean = 0;
    for (double l : losses) mean += l / losses.size();
    err << "step " << done << "/" << steps << " loss " << mean << '\n';
  }
  const std::string bytes = flow::save_flow_weights(
      config.method, config.hidden, trainer.ema_network(),
      {{"data", args.text("data", "8gaussians")}, {"steps", std::to_string(trainer.step())}, {"seed", std::to_string(config.seed)}});
  file.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  file.close();
  if (!file) throw Error("writing '" + written + "' failed: " + std::strerror(errno) + " (the weights were not saved)");
  if (!direct && std::rename(written.c_str(), final_path.c_str()) != 0)
    throw Error("cannot move '" + written + "' to '" + final_path + "': " + std::strerror(errno));
  partial.keep = true;
  return 0;
}

}  // namespace

int flow_command(const std::vector<std::string>& argv, std::ostream& out, std::ostream& err) {
  try {
    for (const auto& a : argv)
      if (a == "--help" || a == "-h") {
        out << kHelp;
        return 0;
      }
    if (argv.empty()) throw Error("flow needs a subcommand: train, sample or eval (see --help)");
    const std::string sub = argv[0];
    const std::vector<std::string> rest(argv.begin() + 1, argv.end());
    if (sub == "train") {
      return train(Args(rest, {"method", "data", "steps", "seed", "out", "lr", "lr-schedule", "batch", "hidden", "ema", "meanflow-equal",
                               "meanflow-mu", "meanflow-sigma", "meanflow-p", "meanflow-c", "shortcut-fraction", "init"}),
                   err);
    }
    if (sub == "sample" || sub == "eval") {
      const Args args(rest, {"weights", "nfe", "n", "seed", "data"});
      if (!args.has("weights")) throw Error("flow " + sub + " needs --weights W.safetensors");
      flow::FlowWeights model = flow::load_flow_weights(read_file(args.text("weights", "")));
      const std::uint64_t n = args.count("n", sub == "eval" ? 2000 : 1000);
      if (n < 2 || n > 10'000'000) throw Error("--n must be between 2 and 10^7, got " + std::to_string(n));
      const int nfe = static_cast<int>(args.count("nfe", 1, 10000));
      Rng rng(args.count("seed", 0));
      std::vector<float> samples;
      flow::generate(model.method, *model.network, nfe, noise(n, rng), samples, rng);
      char buf[64];
      if (sub == "sample") {
        for (std::size_t i = 0; i < n; ++i) {
          std::snprintf(buf, sizeof buf, "%.9g,%.9g\n", samples[2 * i], samples[2 * i + 1]);
          out << buf;
        }
        return 0;
      }
      std::vector<float> target;
      dataset_from(args.text("data", "8gaussians"))->sample(n, rng, target);
      const double ed = flow::energy_distance(samples, target);
      const double sw = flow::sliced_wasserstein2(samples, target, 64, rng);
      std::snprintf(buf, sizeof buf, "%.6g", ed);
      out << "{\"method\":\"" << flow::method_name(model.method) << "\",\"nfe\":" << nfe << ",\"n\":" << n
          << ",\"energy_distance\":" << buf;
      std::snprintf(buf, sizeof buf, "%.6g", sw);
      out << ",\"sliced_w2\":" << buf << "}\n";
      return 0;
    }
    throw Error("unknown flow subcommand '" + sub + "': use train, sample or eval");
  } catch (const std::exception& e) {
    err << "sampling-cli flow: " << e.what() << '\n';
    return 2;
  }
}

}  // namespace sampling::cli
