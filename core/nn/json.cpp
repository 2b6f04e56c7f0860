#include "core/nn/json.hpp"

#include <set>
#include <vector>

#include "core/common/utf8.hpp"

namespace sampling::nn {
namespace {

// Thrown from the parser callback; parse_json turns it into a JsonError.
struct Rejected {
  std::string reason;
};

// nlohmann's message without its "[json.exception.parse_error.101] parse error at line
// 1, column 6: " prefix, and with bytes that are not printable UTF-8 (nlohmann quotes
// the last bytes it read) written as \xNN so the message itself is valid text.
std::string reason_of(const nlohmann::json::exception& e) {
  std::string_view what = e.what();
  if (const std::size_t close = what.find("] "); what.rfind("[json.exception.", 0) == 0 && close != std::string_view::npos)
    what.remove_prefix(close + 2);
  if (what.rfind("parse error", 0) == 0)
    if (const std::size_t colon = what.find(": "); colon != std::string_view::npos) what.remove_prefix(colon + 2);
  std::string out;
  static const char* hex = "0123456789abcdef";
  for (std::size_t i = 0; i < what.size();) {
    const unsigned char c = static_cast<unsigned char>(what[i]);
    if (c >= 0x20 && c < 0x7f) {
      out += static_cast<char>(c);
      ++i;
      continue;
    }
    std::size_t next = i;
    bool valid = c >= 0x80;
    if (valid) {
      try {
        decode_utf8_at(what, next);
      } catch (const Error&) {
        valid = false;
      }
    }
    if (valid) {
      out.append(what.data() + i, next - i);
      i = next;
    } else {
      out += "\\x";
      out += hex[c >> 4];
      out += hex[c & 15];
      ++i;
    }
  }
  return out;
}

}  // namespace

Json parse_json(std::string_view text, int max_depth) {
  // The keys seen so far in each object being read, innermost last.
  std::vector<std::set<std::string>> keys;
  const auto check = [&](int depth, Json::parse_event_t event, Json& parsed) {
    switch (event) {
      case Json::parse_event_t::object_start:
      case Json::parse_event_t::array_start:
        if (depth >= max_depth) throw Rejected{"nesting deeper than " + std::to_string(max_depth) + " levels"};
        if (event == Json::parse_event_t::object_start) keys.emplace_back();
        break;
      case Json::parse_event_t::key:
        if (!keys.back().insert(parsed.get<std::string>()).second)
          throw Rejected{"duplicate key \"" + parsed.get<std::string>() + "\""};
        break;
      case Json::parse_event_t::object_end:
        keys.pop_back();
        break;
      default:
        break;
    }
    return true;
  };
  try {
    return Json::parse(text.begin(), text.end(), check, /*allow_exceptions=*/true, /*ignore_comments=*/false);
  } catch (const Rejected& r) {
    throw JsonError(JsonError::kNoOffset, r.reason);
  } catch (const nlohmann::json::parse_error& e) {
    // e.byte counts from 1 and names the last byte read.
    throw JsonError(e.byte > 0 ? e.byte - 1 : 0, reason_of(e));
  } catch (const nlohmann::json::exception& e) {  // e.g. a number too large for a double
    throw JsonError(JsonError::kNoOffset, reason_of(e));
  }
}

const char* json_kind_name(const Json& value) {
  switch (value.type()) {
    case Json::value_t::null: return "null";
    case Json::value_t::boolean: return "a boolean";
    case Json::value_t::number_integer:
    case Json::value_t::number_unsigned:
    case Json::value_t::number_float: return "a number";
    case Json::value_t::string: return "a string";
    case Json::value_t::array: return "an array";
    case Json::value_t::object: return "an object";
    default: return "a value";
  }
}

std::string json_shown(const Json& value) { return value.is_number() ? value.dump() : json_kind_name(value); }

bool json_u64(const Json& value, std::uint64_t& out) {
  if (!value.is_number_unsigned()) return false;
  out = value.get<std::uint64_t>();
  return true;
}

}  // namespace sampling::nn
