#pragma once
// A small JSON reader (RFC 8259) for the headers of model files: objects, arrays,
// strings (all escapes, \uXXXX with surrogate pairs, UTF-8 checked), numbers,
// true/false/null. Errors name the byte offset. Not a general-purpose library: no
// writer, objects keep their members in file order and duplicate keys are an error.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/common/error.hpp"

namespace sampling::nn {

// Thrown by parse_json: a sampling::Error "invalid JSON at byte N: <reason>" that also
// carries N and the reason, so a caller can restate them for its own file format.
class JsonError : public Error {
 public:
  JsonError(std::size_t offset, const std::string& reason)
      : Error("invalid JSON at byte " + std::to_string(offset) + ": " + reason), offset_(offset), reason_(reason) {}
  std::size_t offset() const { return offset_; }
  const std::string& reason() const { return reason_; }

 private:
  std::size_t offset_;
  std::string reason_;
};

struct JsonValue {
  enum class Kind { null, boolean, number, string, array, object };
  Kind kind = Kind::null;
  bool boolean = false;
  double number = 0.0;
  std::string text;  // a string's decoded UTF-8, or a number's literal text
  std::vector<JsonValue> items;                             // array
  std::vector<std::pair<std::string, JsonValue>> members;   // object, in file order

  // The member named key of an object, or nullptr.
  const JsonValue* find(std::string_view key) const;
  // True (and sets out) when this is a number written as a non-negative integer
  // (digits only) that fits in 64 bits.
  bool as_u64(std::uint64_t& out) const;
};

// Parses one JSON value; only whitespace may follow it. Nesting deeper than max_depth
// is rejected (keeps a hostile file from exhausting the stack). Throws JsonError.
JsonValue parse_json(std::string_view text, int max_depth = 64);

// The name of a kind for messages: "an object", "a string", ...
const char* json_kind_name(JsonValue::Kind kind);

}  // namespace sampling::nn
