// The one-step generation lab's core: the MeanFlow target against a finite difference,
// datasets, metrics, each objective learning, and short training runs reaching a fixed
// quality at their intended number of steps.
#include <doctest/doctest.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <utility>

#include <stdlib.h>  // mkdtemp

#include "core/cli/commands.hpp"
#include "core/common/error.hpp"
#include "core/flow/datasets.hpp"
#include "core/flow/meanflow.hpp"
#include "core/flow/metrics.hpp"
#include "core/flow/sampler.hpp"
#include "core/flow/shortcut.hpp"
#include "core/flow/trainer.hpp"
#include "tests/core/stat_utils.hpp"

using namespace sampling;
using namespace sampling::flow;

TEST_CASE("the MeanFlow target's du/dt equals a finite difference along (z + h·v, r, t + h)") {
  nn::Mlp<double> net(network_sizes({16, 16}));
  Rng rng(1);
  net.init(rng);
  const int batch = 5;
  std::vector<double> z(2 * batch), v(2 * batch), t(batch), gap(batch);
  for (auto& x : z) x = rng.normal();
  for (auto& x : v) x = rng.normal();
  for (int i = 0; i < batch; ++i) t[i] = rng.uniform(0.3, 0.9), gap[i] = rng.uniform(0.05, 0.25);
  std::vector<double> inputs, tangent, u, target;
  meanflow_target(net, z, v, t, gap, inputs, tangent, u, target);
  const double h = 1e-5;
  const auto u_at = [&](double sign) {
    std::vector<double> zz(z), tt(t), gg(gap), in(batch * kInputs);
    for (int i = 0; i < 2 * batch; ++i) zz[i] += sign * h * v[i];
    for (int i = 0; i < batch; ++i) tt[i] += sign * h, gg[i] += sign * h;  // r fixed: t − r moves with t
    for (int i = 0; i < batch; ++i) {
      in[i * kInputs] = zz[2 * i], in[i * kInputs + 1] = zz[2 * i + 1], in[i * kInputs + 2] = tt[i], in[i * kInputs + 3] = gg[i];
    }
    const double* out = net.forward(in.data(), batch);
    return std::vector<double>(out, out + 2 * batch);
  };
  const auto plus = u_at(+1), minus = u_at(-1);
  for (int i = 0; i < 2 * batch; ++i) {
    const double fd = (plus[i] - minus[i]) / (2 * h);
    const double from_target = (v[i] - target[i]) / gap[i / 2];  // target = v − (t − r)·du/dt
    CHECK(from_target == doctest::Approx(fd).epsilon(1e-6).scale(1.0));
  }
}

TEST_CASE("Shortcut is trained at exactly the step sizes its sampler and its teacher query") {
  // Every (t, d) the objective trains, over many batches (each row kind is drawn often).
  std::set<float> trained_steps;
  std::set<std::pair<float, float>> trained_grid;  // (t, d) of the self-consistency rows
  std::vector<float> teachers;
  Rng rng(4);
  ShortcutRows rows;
  for (int b = 0; b < 200; ++b) {
    shortcut_rows(256, 0.25, rng, rows);
    REQUIRE(rows.consistency == 64);
    for (int i = 0; i < 256; ++i) {
      trained_steps.insert(rows.step[i]);
      if (i < rows.consistency) {
        trained_grid.insert({rows.t[i], rows.step[i]});
        teachers.push_back(rows.teacher[i]);
        CHECK(rows.step[i] == 2 * rows.teacher[i]);
        CHECK(rows.t[i] - rows.step[i] >= 0);
      } else {
        CHECK(rows.teacher[i] == 0);
      }
    }
  }
  // The teacher's half steps are themselves trained steps (none is extrapolated).
  for (float d : teachers) CHECK_MESSAGE(trained_steps.count(d) == 1, "teacher queries untrained d = ", d);
  // The sampler at K = 1, 2, 4, …, 128 steps queries only trained step sizes, and for
  // K ≤ 64 only (t, d) pairs the self-consistency rows train.
  for (int nfe = 1; nfe <= 128; nfe *= 2) {
    for (int k = 0; k < nfe; ++k) {
      const StepInputs step = step_inputs(Method::shortcut, k, nfe);
      CHECK(step.dt == 1.0f / nfe);
      CHECK_MESSAGE(trained_steps.count(step.s) == 1, "K = ", nfe, " queries untrained d = ", step.s);
      if (nfe <= 64) CHECK_MESSAGE(trained_grid.count({step.t, step.s}) == 1, "K = ", nfe, ", t = ", step.t);
    }
  }
  // More than 128 steps use the smallest trained step as the velocity.
  CHECK(step_inputs(Method::shortcut, 0, 200).s == 1.0f / 128);
  CHECK(step_inputs(Method::meanflow, 3, 8).s == 1.0f / 8);
  CHECK(step_inputs(Method::flow_matching, 3, 8).s == 0);
}

TEST_CASE("datasets have their intended shape, user points are checked") {
  Rng rng(2);
  std::vector<float> pts;
  make_dataset("8gaussians")->sample(20000, rng, pts);
  double mean_r = 0, mx = 0;
  for (std::size_t i = 0; i < pts.size(); i += 2) mean_r += std::hypot(pts[i], pts[i + 1]) / 20000, mx += pts[i] / 20000.0;
  CHECK(mean_r == doctest::Approx(2.0).epsilon(0.01));
  CHECK(std::abs(mx) < 0.05);
  for (const auto& name : dataset_names()) {
    std::vector<float> p;
    make_dataset(name)->sample(1000, rng, p);
    CHECK(p.size() == 2000);
    for (float v : p) REQUIRE(std::isfinite(v));
  }
  CHECK_THROWS_WITH_AS(make_dataset("swissroll"), doctest::Contains("unknown dataset 'swissroll'"), Error);
  CHECK(parse_points_csv("x,y\n1,2\n\n3.5,-4e-1\n") == std::vector<float>{1, 2, 3.5f, -0.4f});
  CHECK_THROWS_WITH_AS(parse_points_csv("1,2\nthree,4\n"), doctest::Contains("line 2"), Error);
  // Exactly two finite decimal numbers per row: these were read with y from a prefix.
  for (const char* bad : {"1,2-5", "3,4 5", "5,6,7", "1,0x10", "nan,1", "1,inf", ",1", "1,"})
    CHECK_THROWS_WITH_AS(parse_points_csv(std::string("0,0\n") + bad + "\n"), doctest::Contains("line 2: expected 'x,y' (two finite numbers)"), Error);
  // The range is checked on the number as written, before rounding to float, with its line.
  for (const auto& [bad, shown] : std::vector<std::pair<std::string, std::string>>{
           {"1,1e39", "1e+39"}, {"10000.0001,0", "10000.0001"}, {"0, -10000.001", "-10000.001"}, {"1e999,0", "inf"}})
    CHECK_THROWS_WITH_AS(parse_points_csv("x,y\n0,0\n" + bad + "\n"),
                         ("points CSV line 3: a coordinate must be a finite number within ±10000, got " + shown).c_str(), Error);
  CHECK(parse_points_csv("10000,-10000\n") == std::vector<float>{10000, -10000});
  CHECK(parse_points_csv(" 1 , 2 \r\n-3e2,\t4.5\n") == std::vector<float>{1, 2, -300, 4.5f});
  // The first line is a header only when no field of it is a number: a damaged first point
  // was dropped as one, silently.
  CHECK_THROWS_WITH_AS(parse_points_csv("1e39,1e39\n1,2\n"), doctest::Contains("line 1: a coordinate must be"), Error);
  for (const char* bad : {"0x10,0", "1,2-5", "5,6,7", "1,", "0x10,0x20", "nan,nan", " -inf , x"})
    CHECK_THROWS_WITH_AS(parse_points_csv(std::string(bad) + "\n1,2\n"), doctest::Contains("line 1: expected 'x,y'"), Error);
  CHECK(parse_points_csv("x1,x2\n1,2\n") == std::vector<float>{1, 2});
  CHECK(parse_points_csv("x,y,label\n1,2\n") == std::vector<float>{1, 2});
  CHECK_THROWS_WITH_AS(make_point_cloud({1, 2, 3, 4}), doctest::Contains("at least 10 points"), Error);
  // Doubles are checked before rounding to float: 10000.0001 rounds to 10000.
  std::vector<double> doubles(24, 0.5);
  CHECK(points_from_doubles(doubles) == std::vector<float>(24, 0.5f));
  doubles[23] = 10000.0001;
  CHECK_THROWS_WITH_AS(points_from_doubles(doubles),
                       doctest::Contains("point 11 is not a finite coordinate within ±10000, got 10000.0001"), Error);
  std::vector<float> ten(20, 0.5f);
  ten[7] = NAN;
  CHECK_THROWS_WITH_AS(make_point_cloud(ten), doctest::Contains("point 3"), Error);
}

TEST_CASE("energy distance and sliced W2 behave as their definitions say") {
  Rng rng(3);
  std::vector<float> a, b, far;
  make_dataset("moons")->sample(1500, rng, a);
  make_dataset("moons")->sample(1500, rng, b);
  make_dataset("rings")->sample(1500, rng, far);
  const double same = energy_distance(a, b), different = energy_distance(a, far);
  CHECK(same < 0.01);
  CHECK(different > 0.1);
  // A set and its copy shifted by s: every projection moves by θ·s, so
  // SW2² = E_θ[(θ·s)²] = |s|²/2 for θ uniform on the circle.
  std::vector<float> shifted(a);
  for (std::size_t i = 0; i < shifted.size(); i += 2) shifted[i] += 0.6f, shifted[i + 1] -= 0.8f;
  CHECK(sliced_wasserstein2(a, shifted, 4000, rng) == doctest::Approx(1.0 / std::sqrt(2.0)).epsilon(0.03));
  CHECK(sliced_wasserstein2(a, a, 10, rng) == 0.0);
  CHECK_THROWS_AS((void)sliced_wasserstein2(a, std::vector<float>(10, 0.f), 10, rng), Error);  // sizes differ
}

namespace {
TrainConfig small_config(Method m, std::uint64_t steps) {
  TrainConfig c = default_train_config(m);
  c.hidden = {64, 64, 64};
  c.batch = 256;
  c.seed = 7;
  c.objective.total_steps = steps;
  return c;
}
double mean(const std::vector<double>& v, std::size_t from, std::size_t to) {
  double s = 0;
  for (std::size_t i = from; i < to; ++i) s += v[i];
  return s / (to - from);
}
}  // namespace

// Energy distance of 2000 samples at `nfe` steps against 2000 fresh target points.
static double quality(Trainer& trainer, int nfe, std::uint64_t seed) {
  Rng rng(seed);
  std::vector<float> eps(4000), samples, target;
  for (auto& e : eps) e = static_cast<float>(rng.normal());
  generate(trainer.config().method, trainer.ema_network(), nfe, eps, samples, rng);
  trainer.dataset().sample(2000, rng, target);
  return energy_distance(samples, target);
}

TEST_CASE("each objective's loss decreases on a fixed seed") {
  for (Method m : {Method::flow_matching, Method::shortcut, Method::consistency}) {
    Trainer trainer(small_config(m, 400), make_dataset("8gaussians"));
    const auto losses = trainer.train(400);
    INFO(std::string(method_name(m)), ": first ", mean(losses, 0, 50), " last ", mean(losses, 350, 400));
    CHECK(mean(losses, 350, 400) < 0.8 * mean(losses, 0, 50));
  }
  // MeanFlow's regression target moves with the network (it contains du/dt), so its
  // squared error need not fall; what it optimizes shows in the one-step samples.
  Trainer meanflow(small_config(Method::meanflow, 400), make_dataset("8gaussians"));
  const double before = quality(meanflow, 1, 5);
  meanflow.train(400);
  CHECK(quality(meanflow, 1, 5) < 0.5 * before);
}

TEST_CASE("short runs on 8 Gaussians reach a fixed energy distance at each method's intended NFE") {
  struct Case {
    Method method;
    std::uint64_t steps;
    int nfe;
    double bound;
  };
  for (const Case& c : {Case{Method::flow_matching, 2000, 100, 0.05}, Case{Method::meanflow, 4000, 1, 0.05},
                        Case{Method::shortcut, 4000, 1, 0.05}, Case{Method::consistency, 2000, 1, 0.06}}) {
    Trainer trainer(small_config(c.method, c.steps), make_dataset("8gaussians"));
    trainer.train(c.steps);
    const double ed = quality(trainer, c.nfe, 11);
    INFO(std::string(method_name(c.method)), " at NFE ", c.nfe, ": energy distance ", ed);
    CHECK(ed < c.bound);
    if (c.method == Method::flow_matching) CHECK(quality(trainer, 1, 11) > 0.3);  // one Euler step collapses
  }
}

// Energy distances at two NFEs on the same R replicate sets (n noise points and n fresh
// target points each): the mean of each and of their paired difference, with the
// difference's standard error over the replicates.
struct PairedQuality {
  double a = 0, b = 0, difference = 0, standard_error = 0;
};
static PairedQuality paired_quality(Trainer& trainer, int nfe_a, int nfe_b, int replicates, int n, std::uint64_t seed) {
  Rng rng(seed);
  std::vector<double> d;
  PairedQuality q;
  for (int r = 0; r < replicates; ++r) {
    std::vector<float> eps(2 * n), sa, sb, target;
    for (auto& e : eps) e = static_cast<float>(rng.normal());
    generate(trainer.config().method, trainer.ema_network(), nfe_a, eps, sa, rng);
    generate(trainer.config().method, trainer.ema_network(), nfe_b, eps, sb, rng);
    trainer.dataset().sample(n, rng, target);
    const double ea = energy_distance(sa, target), eb = energy_distance(sb, target);
    q.a += ea / replicates, q.b += eb / replicates;
    d.push_back(eb - ea);
  }
  const testutil::MeanSe m = testutil::mean_se(d);
  q.difference = m.mean, q.standard_error = m.se;
  return q;
}

TEST_CASE("MeanFlow with its default settings: two steps are no worse than one, eight are better than two") {
  // 4000 steps of MeanFlow's defaults on moons, MLP 3 × 64, seed 7. Over 10 paired
  // replicates of 1000 points, "no worse" allows the mean difference up to 3 standard
  // errors: if two steps were exactly as good as one, this fails with probability
  // P(t_9 > 3) = 0.7 %. Eight steps must beat two by more than 3 standard errors (this
  // seed: 8). MeanFlow without its (t − r) factor fails (its training diverges).
  Trainer trainer(small_config(Method::meanflow, 4000), make_dataset("moons"));
  trainer.train(4000);
  const PairedQuality one_two = paired_quality(trainer, 1, 2, 10, 1000, 21);
  INFO("NFE 1: ", one_two.a, ", NFE 2: ", one_two.b, ", difference ", one_two.difference, " ± ", one_two.standard_error);
  CHECK(one_two.difference <= 3 * one_two.standard_error);
  const PairedQuality two_eight = paired_quality(trainer, 2, 8, 10, 1000, 22);
  INFO("NFE 2: ", two_eight.a, ", NFE 8: ", two_eight.b, ", difference ", two_eight.difference, " ± ", two_eight.standard_error);
  CHECK(two_eight.difference < -3 * two_eight.standard_error);
  // One step: 0.0058 on this seed; the former defaults (lr 1e-3 constant, logit-normal
  // (−0.4, 1), r = t in half the batch) gave 0.0094.
  CHECK(one_two.a < 0.008);
}

TEST_CASE("bad training settings and divergence are reported, the last good weights are kept") {
  TrainConfig c = small_config(Method::flow_matching, 100);
  c.learning_rate = -1;
  CHECK_THROWS_WITH_AS(Trainer(c, make_dataset("moons")), doctest::Contains("learning rate"), Error);
  c.learning_rate = NAN;
  CHECK_THROWS_WITH_AS(Trainer(c, make_dataset("moons")), doctest::Contains("learning rate"), Error);
  c = small_config(Method::flow_matching, 100);
  c.hidden = {};
  CHECK_THROWS_AS(Trainer(c, make_dataset("moons")), Error);
  // Points far from the origin with a huge learning rate blow the loss up.
  std::vector<float> points;
  for (int i = 0; i < 20; ++i) points.push_back(5000.0f + i), points.push_back(-5000.0f);
  c = small_config(Method::flow_matching, 100);
  c.learning_rate = 10;
  Trainer trainer(c, make_point_cloud(points, 1.0));
  bool diverged = false;
  try {
    trainer.train(200);
  } catch (const Error& e) {
    diverged = std::string(e.what()).find("diverged") != std::string::npos;
  }
  CHECK(diverged);
  for (float p : trainer.network().parameters()) REQUIRE(std::isfinite(p));
  Rng rng(1);
  std::vector<float> eps(20, 0.1f), out;
  CHECK_THROWS_WITH_AS(generate(Method::meanflow, trainer.network(), 0, eps, out, rng), doctest::Contains("NFE"), Error);
}

TEST_CASE("flow sampling: finite weights whose output overflows give an error, not NaN points") {
  nn::Mlp<float> net(network_sizes({8}));
  Rng rng(2);
  net.init(rng);
  for (float& w : net.parameters()) w = w < 0 ? -3e38f : 3e38f;
  std::vector<float> eps(6, 0.5f), out;
  CHECK_THROWS_WITH_AS(generate(Method::flow_matching, net, 2, eps, out, rng),
                       doctest::Contains("flow: sampled point 0 is not finite"), sampling::Error);
  CHECK_THROWS_WITH_AS(generate(Method::consistency, net, 2, eps, out, rng),
                       doctest::Contains("the network's output overflowed"), sampling::Error);
}

TEST_CASE("flow train --out: a path that cannot be written fails before training, a failed write is an error, a failed run keeps the old file") {
  const auto train = [](const std::string& out_path, const char* lr, std::string& message) {
    std::ostringstream out, err;
    const int code = cli::flow_command({"train", "--method", "fm", "--data", "moons", "--steps", "20", "--seed", "1",
                                        "--lr", lr, "--out", out_path},
                                       out, err);
    message = err.str();
    return code;
  };
  // A directory of this test's own, removed at the end whatever happens.
  namespace fs = std::filesystem;
  std::string dir_template = (fs::temp_directory_path() / "sampling-flow-out-XXXXXX").string();
  REQUIRE(mkdtemp(dir_template.data()) != nullptr);
  struct RemoveAll {
    fs::path dir;
    ~RemoveAll() {
      std::error_code ec;
      fs::remove_all(dir, ec);
    }
  } cleanup{dir_template};
  const std::string dir = dir_template + "/";
  const auto read = [](const std::string& path) {
    std::ifstream in(path);
    return std::string(std::istreambuf_iterator<char>(in), {});
  };
  std::string message;
  CHECK(train(dir + "missing/w.safetensors", "0.001", message) == 2);
  CHECK(message.find("cannot write '" + dir + "missing/w.safetensors.partial'") != std::string::npos);
  CHECK(message.find("step ") == std::string::npos);  // refused before the first step
  CHECK(train("/dev/full", "0.001", message) == 2);
  CHECK(message.find("writing '/dev/full' failed") != std::string::npos);
  CHECK(fs::is_character_file("/dev/full"));  // written to, not replaced
  // A run that diverges leaves an existing file as it was, and creates none.
  const std::string kept = dir + "kept.safetensors", fresh = dir + "fresh.safetensors";
  std::ofstream(kept) << "old";
  CHECK(train(kept, "10", message) == 2);
  CHECK(message.find("diverged") != std::string::npos);
  CHECK(read(kept) == "old");
  CHECK(train(fresh, "10", message) == 2);
  CHECK_FALSE(fs::exists(fresh));
  // A run that succeeds replaces the file a symbolic link names, not the link.
  const std::string link = dir + "link.safetensors";
  fs::create_symlink(kept, link);
  CHECK(train(link, "0.001", message) == 0);
  CHECK(fs::is_symlink(link));
  CHECK(read(kept).size() > 1000);
  CHECK(train(fresh, "0.001", message) == 0);
  CHECK(fs::exists(fresh));
  for (const auto& entry : fs::directory_iterator(dir_template))
    CHECK(entry.path().extension() != ".partial");
}

TEST_CASE("a directory given where a file belongs is named as a directory, not read as an empty file") {
  std::ostringstream out, err;
  CHECK(cli::flow_command({"sample", "--weights", ".", "--nfe", "1", "--n", "1"}, out, err) == 2);
  CHECK(err.str().find("cannot open '.': it is a directory, not a file") != std::string::npos);
}
