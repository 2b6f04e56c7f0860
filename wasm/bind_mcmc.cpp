// Bindings of core/mcmc: targets, density grids, chunked runs, and the mcmc subcommand.
#include <emscripten/bind.h>

#include <cmath>
#include <memory>
#include <sstream>

#include "core/cli/commands.hpp"
#include "core/mcmc/mcmc_run.hpp"
#include "wasm/js_values.hpp"

namespace sampling::wasm {
namespace {
using mcmc::Box;

mcmc::TargetSpec target_spec(const val& t) {
  if (t.isUndefined() || t.isNull() || t.isString() || t.isNumber()) throw Error("target must be an object like {name: 'banana'}");
  mcmc::TargetSpec spec;
  spec.name = string_or(t, "name", "");
  if (spec.name.empty()) throw Error("target.name is missing");
  if (has(t, "points")) spec.points = numbers_of(t["points"], "target.points");
  spec.bandwidth = number_or(t, "bandwidth", spec.bandwidth);
  return spec;
}

val box_to_js(const Box& b) {
  val o = val::object();
  o.set("xmin", b.xmin), o.set("xmax", b.xmax), o.set("ymin", b.ymin), o.set("ymax", b.ymax);
  return o;
}

Box box_from_js(const val& b) {
  Box box{number_or(b, "xmin", NAN), number_or(b, "xmax", NAN), number_or(b, "ymin", NAN), number_or(b, "ymax", NAN)};
  if (!(std::isfinite(box.xmin) && std::isfinite(box.xmax) && std::isfinite(box.ymin) && std::isfinite(box.ymax) &&
        box.xmin < box.xmax && box.ymin < box.ymax))
    throw Error("box needs finite xmin < xmax and ymin < ymax");
  return box;
}

val target_box(val target) {
  return guarded([&] { return box_to_js(mcmc::make_target(target_spec(target))->box()); });
}

val density_grid(val target, double nx_given, double ny_given, val box) {
  return guarded([&] {
    const int nx = static_cast<int>(whole_number(nx_given, "densityGrid: nx", 1, 2048));
    const int ny = static_cast<int>(whole_number(ny_given, "densityGrid: ny", 1, 2048));
    const auto t = mcmc::make_target(target_spec(target));
    const Box b = box.isUndefined() || box.isNull() ? t->box() : box_from_js(box);
    std::vector<double> values(static_cast<std::size_t>(nx) * ny);
    for (int iy = 0; iy < ny; ++iy)
      for (int ix = 0; ix < nx; ++ix)
        values[iy * nx + ix] = t->log_density(b.xmin + (ix + 0.5) * (b.xmax - b.xmin) / nx,
                                              b.ymin + (iy + 0.5) * (b.ymax - b.ymin) / ny);
    val o = val::object();
    o.set("box", box_to_js(b)), o.set("nx", nx), o.set("ny", ny);
    o.set("logDensity", typed_array("Float64Array", values));
    return o;
  });
}

#ifndef SAMPLING_WASM_LAB_MODULE  // the subcommands are in the full module only (CMakeLists.txt)
// Runs a command-line subcommand inside the module: {stdout, stderr, code}.
template <int (*command)(const std::vector<std::string>&, std::ostream&, std::ostream&)>
val run_command(val args) {
  return guarded([&] {
    std::ostringstream out, err;
    const int code = command(strings_of(args, "a command"), out, err);
    return command_result(out.str(), err.str(), code);
  });
}
#endif

// The McmcRun class as JS sees it. Its constructor never throws: a bad option is kept
// in error() and the JS wrapper throws it (see guarded()).
class McmcRunJs {
 public:
  explicit McmcRunJs(val options) {
    try {
      run_ = std::make_unique<mcmc::McmcRun>(parse(options));
    } catch (const std::exception& e) {
      error_ = e.what();
    }
  }
  std::string error() const { return error_; }

  val run(double k) {
    return guarded([&] {
      if (!run_) throw Error(error_);
      if (!(k >= 1 && k <= 1e9 && std::floor(k) == k)) throw Error("run(k): k must be a positive integer, got " + show(k));
      const mcmc::Chunk c = run_->run(static_cast<std::uint64_t>(k));
      val o = val::object();
      o.set("chains", c.chains);
      o.set("x", typed_array("Float64Array", c.x));
      o.set("y", typed_array("Float64Array", c.y));
      o.set("accepted", typed_array("Uint8Array", c.accepted));
      if (!c.log_weight.empty()) o.set("logWeight", typed_array("Float64Array", c.log_weight));
      if (!c.temperature.empty()) o.set("temperature", typed_array("Float64Array", c.temperature));
      return o;
    });
  }

  val stats() const {
    return guarded([&] {
      if (!run_) throw Error(error_);
      const mcmc::Stats s = run_->stats();
      const auto pair = [](double a, double b) {
        val p = val::array();
        p.call<void>("push", a), p.call<void>("push", b);
        return p;
      };
      val o = val::object();
      o.set("sampler", s.sampler), o.set("target", s.target);
      o.set("n", static_cast<double>(s.n)), o.set("proposals", static_cast<double>(s.proposals));
      o.set("acceptanceRate", s.acceptance_rate ? val(*s.acceptance_rate) : val::null());
      o.set("mean", pair(s.mean[0], s.mean[1])), o.set("variance", pair(s.variance[0], s.variance[1]));
      o.set("ess", pair(s.ess[0], s.ess[1]));
      o.set("meanSe", pair(s.mean_se[0], s.mean_se[1]));
      o.set("trueMean", pair(s.truth.mean.x, s.truth.mean.y));
      o.set("trueVariance", pair(s.truth.variance.x, s.truth.variance.y));
      o.set("rhat", s.rhat ? pair(s.rhat->first, s.rhat->second) : val::null());
      o.set("acfX", typed_array("Float64Array", s.acf_x)), o.set("acfY", typed_array("Float64Array", s.acf_y));
      if (s.log_bound) {
        o.set("logBound", *s.log_bound);
        o.set("boundViolations", static_cast<double>(s.bound_violations));
      }
      if (s.region) {
        o.set("region", box_to_js(*s.region));
        o.set("massOutside", s.mass_outside);
      }
      if (s.best) {
        val b = val::object();
        b.set("x", s.best->x), b.set("y", s.best->y), b.set("logDensity", s.best->log_density);
        o.set("best", b);
      }
      return o;
    });
  }

 private:
  static mcmc::RunOptions parse(const val& v) {
    if (v.isUndefined() || v.isNull() || v.isString() || v.isNumber()) throw Error("McmcRun needs an options object");
    mcmc::RunOptions o;
    if (!has(v, "target")) throw Error("option 'target' is missing");
    o.target = target_spec(v["target"]);
    o.sampler = string_or(v, "sampler", "");
    if (o.sampler.empty()) throw Error("option 'sampler' is missing");
    o.seed = count_or(v, "seed", 0);
    const std::uint64_t chains = count_or(v, "chains", 4);
    if (chains < 1 || chains > 64) throw Error("mcmc: chains must be between 1 and 64, got " + std::to_string(chains));
    o.chains = static_cast<int>(chains);
    if (has(v, "stepSize")) {
      o.step_size = number_or(v, "stepSize", 0);
      if (std::isnan(o.step_size)) throw Error("mcmc: step size must be a positive finite number, got NaN");
    }
    o.burn_in = count_or(v, "burnIn", 0);
    o.leapfrog_steps = static_cast<int>(count_at_most(v, "leapfrogSteps", 10, 1u << 30));
    o.schedule = string_or(v, "schedule", o.schedule);
    o.t0 = number_or(v, "t0", o.t0);
    o.t_end = number_or(v, "tEnd", o.t_end);
    o.steps = count_or(v, "steps", o.steps);
    o.proposal = string_or(v, "proposal", o.proposal);
    if (has(v, "bound")) o.bound = number_or(v, "bound", 0);
    return o;
  }

  std::unique_ptr<mcmc::McmcRun> run_;
  std::string error_;
};

val mcmc_targets() { return string_array(mcmc::target_names()); }
val mcmc_samplers() { return string_array(mcmc::sampler_names()); }

}  // namespace
}  // namespace sampling::wasm

EMSCRIPTEN_BINDINGS(sampling_mcmc) {
  using namespace sampling::wasm;
  emscripten::function("mcmcTargets", &mcmc_targets);
  emscripten::function("mcmcSamplers", &mcmc_samplers);
  emscripten::function("targetBox", &target_box);
  emscripten::function("densityGrid", &density_grid);
#ifndef SAMPLING_WASM_LAB_MODULE  // the subcommands are in the full module only (CMakeLists.txt)
  emscripten::function("mcmcCommand", &run_command<sampling::cli::mcmc_command>);
  emscripten::function("benchCommand", &run_command<sampling::cli::bench_command>);
#endif
  emscripten::class_<McmcRunJs>("McmcRun")
      .constructor<emscripten::val>()
      .function("error", &McmcRunJs::error)
      .function("run", &McmcRunJs::run)
      .function("stats", &McmcRunJs::stats);
}
