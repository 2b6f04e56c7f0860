// Bindings of core/common: the generator's test vectors, UTF-8 decoding, log-sum-exp, and
// the sizes the module takes (core/common/limits.hpp).
#include <emscripten/bind.h>

#include <cmath>
#include <string>

#include "core/common/limits.hpp"
#include "core/common/logsumexp.hpp"
#include "core/common/rng.hpp"
#include "core/common/utf8.hpp"
#include "core/flow/flow_model.hpp"
#include "core/mcmc/mcmc_run.hpp"
#include "core/tokenize/tokenizer.hpp"
#include "wasm/js_values.hpp"

namespace sampling::wasm {
namespace {

val outputs(Rng rng, double count, const char* call) {
  const std::uint64_t n = whole_number(count, std::string(call) + ": count", 0, 100000);
  val out = val::array();
  for (std::uint64_t i = 0; i < n; ++i) out.call<void>("push", std::to_string(rng.next_u64()));
  return out;
}

val rng_outputs(double seed, double count) {
  return guarded([&] {
    return outputs(Rng(seed_of(seed)), count, "rngOutputs");
  });
}

val rng_outputs_from_state(val state, double count) {
  return guarded([&] {
    std::array<std::uint64_t, 4> s{};
    if (!state["length"].isNumber() || state["length"].as<int>() != 4) throw Error("state must be 4 decimal strings");
    for (int i = 0; i < 4; ++i) {
      const std::string word = state[i].isString() ? state[i].as<std::string>() : "";
      // Twenty digits can still exceed 2^64 − 1 ("99999999999999999999"): stoull's range
      // error said only "stoull: out of range".
      const bool digits = !word.empty() && word.size() <= 20 && word.find_first_not_of("0123456789") == std::string::npos;
      if (!digits || (word.size() == 20 && word > "18446744073709551615"))
        throw Error("state[" + std::to_string(i) + "] must be a decimal string of an unsigned 64-bit integer");
      s[i] = std::stoull(word);
    }
    return outputs(Rng::from_state(s), count, "rngOutputsFromState");
  });
}

val decode_utf8_bytes(val bytes) {
  return guarded([&] {
    const std::vector<double> values = numbers_of(bytes, "bytes");
    std::string text(values.size(), '\0');
    for (std::size_t i = 0; i < values.size(); ++i) {
      // Cast unchecked, 321 became 65, 65.9 became 65 and NaN or 1e300 was undefined behaviour.
      if (!(values[i] >= 0 && values[i] <= 255 && std::floor(values[i]) == values[i]))
        throw Error("bytes[" + std::to_string(i) + "] must be a whole number from 0 to 255, got " + show(values[i]));
      text[i] = static_cast<char>(static_cast<unsigned char>(values[i]));
    }
    const auto cps = decode_utf8(text);
    const std::vector<std::uint32_t> out(cps.begin(), cps.end());
    return typed_array("Uint32Array", out);
  });
}

val log_sum_exp_js(val values) {
  return guarded([&] {
    const auto v = numbers_of(values, "values");
    return val(log_sum_exp(v.data(), v.size()));
  });
}

std::string version() { return "0.1.0"; }

// The memory the module may grow to and what one request may ask for, in bytes or counts.
val limits_js() {
  val o = val::object();
  o.set("maxMemory", static_cast<double>(limits::kWasmMaximumMemory));
  o.set("maxModelFileBytes", static_cast<double>(limits::kMaxModelFileBytes));
  o.set("maxTokenizerModelBytes", static_cast<double>(limits::kMaxTokenizerModelBytes));
  o.set("maxFlowWeightsBytes", static_cast<double>(limits::kMaxFlowWeightsBytes));
  o.set("maxFlowWorkBytes", static_cast<double>(limits::kMaxFlowWorkBytes));
  o.set("maxFlowParameters", static_cast<double>(flow::kMaxParameters));
  o.set("maxMcmcDraws", static_cast<double>(mcmc::McmcRun::kMaxDraws));
  o.set("maxTextBytes", static_cast<double>(tokenize::Tokenizer::kMaxTextBytes));
  return o;
}

}  // namespace
}  // namespace sampling::wasm

EMSCRIPTEN_BINDINGS(sampling_common) {
  using namespace sampling::wasm;
  emscripten::function("version", &version);
  emscripten::function("limits", &limits_js);
  emscripten::function("rngOutputs", &rng_outputs);
  emscripten::function("rngOutputsFromState", &rng_outputs_from_state);
  emscripten::function("decodeUtf8", &decode_utf8_bytes);
  emscripten::function("logSumExp", &log_sum_exp_js);
}
