#pragma once
// JSON of model files (safetensors headers, config.json) read with nlohmann/json, its
// exceptions turned into sampling::Error. Stricter than nlohmann's defaults where a
// model file must be: a duplicate key and nesting deeper than max_depth are errors (a
// hostile file cannot exhaust the stack of a later recursive walk), and only whitespace
// may follow the value. Strings are checked to be UTF-8 (nlohmann rejects ill-formed
// bytes and lone surrogates).
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "core/common/error.hpp"

namespace sampling::nn {

// Objects keep their members sorted by key (a std::map): lookups are logarithmic and a
// header with many tensors parses in n log n.
using Json = nlohmann::json;

// Thrown by parse_json: a sampling::Error "invalid JSON at byte N: <reason>" (or "invalid
// JSON: <reason>" when the problem has no single position, as a duplicate key) that also
// carries N and the reason, so a caller can restate them for its own file format.
class JsonError : public Error {
 public:
  static constexpr std::size_t kNoOffset = static_cast<std::size_t>(-1);
  JsonError(std::size_t offset, const std::string& reason)
      : Error("invalid JSON" + at(offset) + ": " + reason), offset_(offset), reason_(reason) {}
  bool has_offset() const { return offset_ != kNoOffset; }
  std::size_t offset() const { return offset_; }
  const std::string& reason() const { return reason_; }
  // " at byte N" or "".
  static std::string at(std::size_t offset) {
    return offset == kNoOffset ? std::string() : " at byte " + std::to_string(offset);
  }

 private:
  std::size_t offset_;
  std::string reason_;
};

// Parses one JSON value; only whitespace may follow it. Throws JsonError.
Json parse_json(std::string_view text, int max_depth = 64);

// The name of a value's kind for messages: "an object", "a string", "a number", ...
const char* json_kind_name(const Json& value);
// A value as a message shows it: a number as written back ("2.5", "-3"), else its kind.
std::string json_shown(const Json& value);
// True (and sets out) when the value is a non-negative integer number (no fraction or
// exponent in the file needed; 1e3 is a float and not accepted) that fits in 64 bits.
bool json_u64(const Json& value, std::uint64_t& out);

}  // namespace sampling::nn
