// Bindings of core/stats: Pearson's chi-square test with its log p-value, chi-square
// tails, the total-variation distance and its noise floor, and the energy distance.
// The tokenize and flow labs call these through their workers.
#include <emscripten/bind.h>

#include <string>
#include <vector>

#include "core/stats/energy_distance.hpp"
#include "core/stats/gamma.hpp"
#include "core/stats/goodness_of_fit.hpp"
#include "wasm/js_values.hpp"

namespace sampling::wasm {
namespace {

// Any array-like of numbers, copied in one call (Float64Array.from; non-numbers become NaN
// and are refused by the core with the index).
std::vector<double> doubles_of(const val& values, const char* what) {
  if (values.isUndefined() || values.isNull() || !values["length"].isNumber())
    throw Error(std::string(what) + " must be an array of numbers");
  const val copy = val::global("Float64Array").call<val>("from", values);
  const unsigned n = copy["length"].as<unsigned>();
  std::vector<double> out(n);
  val view = val(emscripten::typed_memory_view(n, out.data()));
  view.call<void>("set", copy);
  return out;
}

val chi_square_test_js(val observed, val probabilities, val options) {
  return guarded([&] {
    const auto r = stats::chi_square_test(doubles_of(observed, "observed"), doubles_of(probabilities, "probabilities"),
                                          number_or(options, "minExpected", 5), number_or(options, "extraObserved", 0));
    val o = val::object();
    o.set("statistic", r.statistic), o.set("df", r.df), o.set("pValue", r.p_value);
    o.set("logPValue", r.log_p_value), o.set("cells", r.cells), o.set("n", r.n);
    return o;
  });
}

val total_variation_js(val observed, val probabilities, val extra) {
  return guarded([&] {
    // A string such as "5" became 0; chiSquareTest refuses it (number_or).
    const double extra_observed = number_value_or(extra, "totalVariation: extraObserved", 0);
    return val(stats::total_variation(doubles_of(observed, "observed"), doubles_of(probabilities, "probabilities"),
                                      extra_observed));
  });
}

val expected_total_variation_js(val probabilities, double n) {
  return guarded([&] { return val(stats::expected_total_variation(doubles_of(probabilities, "probabilities"), n)); });
}

val chi_square_survival_js(double x, double df) {
  return guarded([&] {
    val o = val::object();
    o.set("p", stats::chi_square_survival(x, df));
    o.set("logP", stats::log_chi_square_survival(x, df));
    return o;
  });
}

val gamma_q_js(double a, double x) {
  return guarded([&] { return val(stats::gamma_q(a, x)); });
}

val energy_distance_js(val a, val b) {
  return guarded([&] {
    const auto pa = doubles_of(a, "points"), pb = doubles_of(b, "points");
    return val(stats::energy_distance(pa.data(), pa.size(), pb.data(), pb.size()));
  });
}

}  // namespace
}  // namespace sampling::wasm

EMSCRIPTEN_BINDINGS(sampling_stats) {
  using namespace sampling::wasm;
  emscripten::function("chiSquareTest", &chi_square_test_js);
  emscripten::function("totalVariation", &total_variation_js);
  emscripten::function("expectedTotalVariation", &expected_total_variation_js);
  emscripten::function("chiSquareSurvival", &chi_square_survival_js);
  emscripten::function("gammaQ", &gamma_q_js);
  emscripten::function("energyDistance", &energy_distance_js);
}
