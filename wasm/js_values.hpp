#pragma once
// Conversions between JS values and C++ for the bindings. Reading an option checks
// its type and names it in the error; results go back as JS-owned copies (views into
// wasm memory die when memory grows).
#include <emscripten/val.h>

#include <cmath>
#include <cstdint>
#include <exception>
#include <string>
#include <type_traits>
#include <vector>

#include "core/common/error.hpp"
#include "core/common/limits.hpp"

namespace sampling::wasm {

using emscripten::val;

// Runs f and turns any C++ exception into a returned JS Error object: the JS wrapper
// (wasm/api.js) throws it. Nothing is thrown across the wasm boundary, so the instance
// stays consistent after every error.
template <class F>
val guarded(F&& f) {
  try {
    return f();
  } catch (const std::exception& e) {
    return val::global("Error").new_(std::string(e.what()));
  } catch (...) {
    return val::global("Error").new_(std::string("unexpected error in the wasm core"));
  }
}

inline bool has(const val& obj, const char* key) {
  return obj.isUndefined() || obj.isNull() ? false : !obj[key].isUndefined() && !obj[key].isNull();
}

// A number, or `fallback` for undefined and null; anything else ("5" included) is refused.
inline double number_value_or(const val& v, const std::string& what, double fallback) {
  if (v.isUndefined() || v.isNull()) return fallback;
  if (!v.isNumber()) throw Error(what + " must be a number");
  return v.as<double>();
}

inline double number_or(const val& obj, const char* key, double fallback) {
  if (!has(obj, key)) return fallback;
  return number_value_or(obj[key], std::string("option '") + key + "'", fallback);
}

// A non-negative integer below 2^53 (what a JS number holds exactly).
inline std::uint64_t count_or(const val& obj, const char* key, std::uint64_t fallback) {
  if (!has(obj, key)) return fallback;
  const double v = number_or(obj, key, 0);
  if (!(v >= 0 && v <= 9007199254740991.0 && std::floor(v) == v))
    throw Error(std::string("option '") + key + "' must be a non-negative integer, got " + show(v));
  return static_cast<std::uint64_t>(v);
}

// count_or, refusing a value above `most` with the value as given (not clamped).
inline std::uint64_t count_at_most(const val& obj, const char* key, std::uint64_t fallback, std::uint64_t most) {
  const std::uint64_t v = count_or(obj, key, fallback);
  if (v > most)
    throw Error(std::string("option '") + key + "' must be at most " + std::to_string(most) + ", got " + std::to_string(v));
  return v;
}

// A seed passed as a plain number: a non-negative integer below 2^53.
inline std::uint64_t seed_of(double seed) {
  if (!(seed >= 0 && seed <= 9007199254740991.0 && std::floor(seed) == seed))
    throw Error("seed must be a non-negative integer below 2^53, got " + show(seed));
  return static_cast<std::uint64_t>(seed);
}

inline std::string string_or(const val& obj, const char* key, const std::string& fallback) {
  if (!has(obj, key)) return fallback;
  const val v = obj[key];
  if (!v.isString()) throw Error(std::string("option '") + key + "' must be a string");
  return v.as<std::string>();
}

inline std::vector<double> numbers_of(const val& array, const char* what) {
  if (array.isUndefined() || array.isNull() || !array["length"].isNumber())
    throw Error(std::string(what) + " must be an array of numbers");
  // A length that is no array's (negative, fractional) or beyond what the module holds.
  const double length = array["length"].as<double>();
  if (!(length >= 0 && length <= static_cast<double>(limits::kMaxArrayElements) && std::floor(length) == length))
    throw Error(std::string(what) + " must be an array of at most " + std::to_string(limits::kMaxArrayElements) +
                " numbers, got length " + show(length));
  const unsigned n = static_cast<unsigned>(length);
  std::vector<double> out(n);
  for (unsigned i = 0; i < n; ++i) {
    const val v = array[i];
    if (!v.isNumber()) throw Error(std::string(what) + "[" + std::to_string(i) + "] is not a number");
    out[i] = v.as<double>();
  }
  return out;
}

// A file's bytes from a Uint8Array (or any typed array / DataView over bytes). A file over
// max_bytes is refused before it is copied into the module's memory.
inline std::string bytes_of(const val& data, const char* what,
                            std::uint64_t max_bytes = limits::kMaxModelFileBytes) {
  if (data.isUndefined() || data.isNull() || !data["byteLength"].isNumber() || data["buffer"].isUndefined() || data["buffer"].isNull())
    throw Error(std::string(what) + " must be a Uint8Array of the file's bytes");
  // A buffer transferred to a worker (postMessage with a transfer list) is detached: making
  // a view of it would throw a JS TypeError through the C++ frames of this call, which
  // unwinds them without restoring the module's stack. Engines without the `detached`
  // property report such a buffer as 0 bytes, which needs no view either.
  if (data["buffer"]["detached"].isTrue())
    throw Error(std::string(what) + ": its ArrayBuffer is detached (it was transferred, e.g. to a worker)");
  const double length = data["byteLength"].as<double>();
  if (length == 0) return std::string();
  limits::check_file_size(static_cast<std::uint64_t>(length), max_bytes, what);
  const val u8 = val::global("Uint8Array").new_(data["buffer"], data["byteOffset"], data["byteLength"]);
  const unsigned n = u8["length"].as<unsigned>();
  std::string out(n, '\0');
  // Copy into wasm memory in one call (no per-byte round trips).
  val view = val(emscripten::typed_memory_view(n, reinterpret_cast<unsigned char*>(out.data())));
  view.call<void>("set", u8);
  return out;
}

// An array of strings, e.g. a command's arguments.
inline std::vector<std::string> strings_of(const val& array, const char* what) {
  std::vector<std::string> out;
  const unsigned n = array["length"].isNumber() ? array["length"].as<unsigned>() : 0;
  for (unsigned i = 0; i < n; ++i) {
    if (!array[i].isString()) throw Error(std::string(what) + " takes an array of strings");
    out.push_back(array[i].as<std::string>());
  }
  return out;
}

// What a command printed: {stdout, stderr, code}.
inline val command_result(const std::string& out, const std::string& err, int code) {
  val o = val::object();
  o.set("stdout", out), o.set("stderr", err), o.set("code", code);
  return o;
}

inline val string_array(const std::vector<std::string>& strings) {
  val out = val::array();
  for (const auto& s : strings) out.call<void>("push", s);
  return out;
}

template <class T>
val typed_array(const char* js_type, const std::vector<T>& v) {
  // new Float64Array(view) copies the bytes out of wasm memory.
  return val::global(js_type).new_(emscripten::typed_memory_view(v.size(), v.data()));
}

// The typed array that holds a column of T.
template <class T>
constexpr const char* typed_array_name() {
  if constexpr (std::is_same_v<T, double>) return "Float64Array";
  else if constexpr (std::is_same_v<T, std::int32_t>) return "Int32Array";
  else {
    static_assert(std::is_same_v<T, std::uint8_t>, "columns are Float64, Int32 or Uint8");
    return "Uint8Array";
  }
}

// A chunk of records as a struct of arrays, one typed array per field:
//   RecordColumns<GibbsRecord>(records).add<double>("prob", &GibbsRecord::prob).value()
template <class R>
class RecordColumns {
 public:
  explicit RecordColumns(const std::vector<R>& records) : records_(records) {}

  // Column `name` of T from each record's `field` (converted: counters to double, enums
  // and small integers to int32, flags to uint8).
  template <class T, class F>
  RecordColumns& add(const char* name, F R::*field) {
    std::vector<T> column(records_.size());
    for (std::size_t i = 0; i < column.size(); ++i) column[i] = static_cast<T>(records_[i].*field);
    out_.set(name, typed_array(typed_array_name<T>(), column));
    return *this;
  }
  val value() const { return out_; }

 private:
  const std::vector<R>& records_;
  val out_ = val::object();
};

// A count passed as a plain parameter: a whole number from `least` to `most`. Parameters
// are double, never int: Embind's int wraps 2^32 + 2 to 2, truncates 2.7 and makes NaN 0.
inline std::uint64_t whole_number(double v, const std::string& what, std::uint64_t least, std::uint64_t most) {
  if (!(v >= static_cast<double>(least) && v <= static_cast<double>(most) && std::floor(v) == v))
    throw Error(what + " must be an integer from " + std::to_string(least) + " to " + std::to_string(most) + ", got " +
                show(v));
  return static_cast<std::uint64_t>(v);
}

// The step count of a chunked run's call, e.g. run(n): a whole number from 0 to max.
inline std::uint64_t chunk_steps(double n, const char* call, std::uint64_t max) {
  return whole_number(n, std::string(call) + ": n", 0, max);
}

}  // namespace sampling::wasm
