#include "core/nn/json.hpp"

#include <cstdlib>

#include "core/common/error.hpp"
#include "core/common/utf8.hpp"

namespace sampling::nn {
namespace {

class Parser {
 public:
  Parser(std::string_view text, int max_depth) : s_(text), max_depth_(max_depth) {}

  JsonValue parse_document() {
    skip_space();
    JsonValue v = parse_value(0);
    skip_space();
    if (pos_ != s_.size()) fail("unexpected '" + shown(s_[pos_]) + "' after the end of the JSON value");
    return v;
  }

 private:
  [[noreturn]] void fail(const std::string& what) const { fail_at(pos_, what); }
  [[noreturn]] void fail_at(std::size_t at, const std::string& what) const {
    throw JsonError(at, what);
  }
  static std::string shown(char c) {
    const unsigned char u = static_cast<unsigned char>(c);
    if (u < 0x20 || u >= 0x7f) {
      static const char* hex = "0123456789abcdef";
      return std::string("\\x") + hex[u >> 4] + hex[u & 15];
    }
    return std::string(1, c);
  }

  void skip_space() {
    while (pos_ < s_.size() && (s_[pos_] == ' ' || s_[pos_] == '\t' || s_[pos_] == '\n' || s_[pos_] == '\r')) ++pos_;
  }
  void expect(char c, const char* context) {
    skip_space();
    if (pos_ >= s_.size()) fail(std::string("the text ends where ") + context + " expected '" + c + "'");
    if (s_[pos_] != c) fail(std::string("expected '") + c + "' " + context + ", found '" + shown(s_[pos_]) + "'");
    ++pos_;
  }

  JsonValue parse_value(int depth) {
    skip_space();
    if (pos_ >= s_.size()) fail("the text ends where a value was expected");
    const char c = s_[pos_];
    if (c == '{') return parse_object(depth + 1);
    if (c == '[') return parse_array(depth + 1);
    if (c == '"') {
      JsonValue v;
      v.kind = JsonValue::Kind::string;
      v.text = parse_string();
      return v;
    }
    if (c == '-' || (c >= '0' && c <= '9')) return parse_number();
    JsonValue v;
    if (literal("true")) {
      v.kind = JsonValue::Kind::boolean;
      v.boolean = true;
    } else if (literal("false")) {
      v.kind = JsonValue::Kind::boolean;
    } else if (literal("null")) {
      v.kind = JsonValue::Kind::null;
    } else {
      fail("expected a value (object, array, string, number, true, false or null), found '" + shown(c) + "'");
    }
    return v;
  }

  bool literal(std::string_view word) {
    if (s_.substr(pos_, word.size()) != word) return false;
    pos_ += word.size();
    return true;
  }

  void check_depth(int depth) const {
    if (depth > max_depth_) fail("nesting deeper than " + std::to_string(max_depth_) + " levels");
  }

  JsonValue parse_object(int depth) {
    check_depth(depth);
    JsonValue v;
    v.kind = JsonValue::Kind::object;
    ++pos_;  // '{'
    skip_space();
    if (pos_ < s_.size() && s_[pos_] == '}') {
      ++pos_;
      return v;
    }
    for (;;) {
      skip_space();
      if (pos_ >= s_.size()) fail("the text ends inside an object");
      if (s_[pos_] != '"') fail("expected '\"' to start an object key, found '" + shown(s_[pos_]) + "'");
      const std::size_t key_at = pos_;
      std::string key = parse_string();
      if (v.find(key)) fail_at(key_at, "duplicate key \"" + key + "\"");
      expect(':', "after an object key");
      JsonValue member = parse_value(depth);
      v.members.emplace_back(std::move(key), std::move(member));
      skip_space();
      if (pos_ >= s_.size()) fail("the text ends inside an object (missing '}')");
      if (s_[pos_] == ',') {
        ++pos_;
        continue;
      }
      if (s_[pos_] == '}') {
        ++pos_;
        return v;
      }
      fail("expected ',' or '}' in an object, found '" + shown(s_[pos_]) + "'");
    }
  }

  JsonValue parse_array(int depth) {
    check_depth(depth);
    JsonValue v;
    v.kind = JsonValue::Kind::array;
    ++pos_;  // '['
    skip_space();
    if (pos_ < s_.size() && s_[pos_] == ']') {
      ++pos_;
      return v;
    }
    for (;;) {
      v.items.push_back(parse_value(depth));
      skip_space();
      if (pos_ >= s_.size()) fail("the text ends inside an array (missing ']')");
      if (s_[pos_] == ',') {
        ++pos_;
        continue;
      }
      if (s_[pos_] == ']') {
        ++pos_;
        return v;
      }
      fail("expected ',' or ']' in an array, found '" + shown(s_[pos_]) + "'");
    }
  }

  unsigned hex4() {
    if (pos_ + 4 > s_.size()) fail("the text ends inside a \\u escape");
    unsigned u = 0;
    for (int i = 0; i < 4; ++i) {
      const char c = s_[pos_];
      unsigned d;
      if (c >= '0' && c <= '9') d = static_cast<unsigned>(c - '0');
      else if (c >= 'a' && c <= 'f') d = static_cast<unsigned>(c - 'a' + 10);
      else if (c >= 'A' && c <= 'F') d = static_cast<unsigned>(c - 'A' + 10);
      else fail("\\u must be followed by 4 hexadecimal digits, found '" + shown(c) + "'");
      u = u * 16 + d;
      ++pos_;
    }
    return u;
  }

  std::string parse_string() {
    ++pos_;  // opening quote
    std::string out;
    for (;;) {
      if (pos_ >= s_.size()) fail("the text ends inside a string (missing closing '\"')");
      const unsigned char c = static_cast<unsigned char>(s_[pos_]);
      if (c == '"') {
        ++pos_;
        return out;
      }
      if (c < 0x20) fail("control character " + shown(static_cast<char>(c)) + " inside a string must be escaped");
      if (c == '\\') {
        const std::size_t escape_at = pos_;
        ++pos_;
        if (pos_ >= s_.size()) fail("the text ends inside an escape");
        const char e = s_[pos_++];
        switch (e) {
          case '"': out += '"'; break;
          case '\\': out += '\\'; break;
          case '/': out += '/'; break;
          case 'b': out += '\b'; break;
          case 'f': out += '\f'; break;
          case 'n': out += '\n'; break;
          case 'r': out += '\r'; break;
          case 't': out += '\t'; break;
          case 'u': {
            unsigned u = hex4();
            if (u >= 0xDC00 && u <= 0xDFFF) fail_at(escape_at, "\\u escape is a lone low surrogate");
            if (u >= 0xD800 && u <= 0xDBFF) {
              if (s_.substr(pos_, 2) != "\\u") fail_at(escape_at, "\\u escape is a high surrogate without a following low surrogate");
              pos_ += 2;
              const unsigned lo = hex4();
              if (lo < 0xDC00 || lo > 0xDFFF) fail_at(escape_at, "\\u escape is a high surrogate without a following low surrogate");
              u = 0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00);
            }
            append_utf8(static_cast<char32_t>(u), out);
            break;
          }
          default: fail_at(escape_at, std::string("unknown escape \\") + shown(e));
        }
        continue;
      }
      if (c < 0x80) {
        out += static_cast<char>(c);
        ++pos_;
        continue;
      }
      const std::size_t start = pos_;
      try {
        decode_utf8_at(s_, pos_);
      } catch (const Error&) {
        fail_at(start, "a string contains bytes that are not valid UTF-8");
      }
      out.append(s_.data() + start, pos_ - start);
    }
  }

  JsonValue parse_number() {
    const std::size_t start = pos_;
    auto digits = [&] {
      const std::size_t from = pos_;
      while (pos_ < s_.size() && s_[pos_] >= '0' && s_[pos_] <= '9') ++pos_;
      return pos_ - from;
    };
    if (s_[pos_] == '-') ++pos_;
    if (pos_ < s_.size() && s_[pos_] == '0') {
      ++pos_;
      if (pos_ < s_.size() && s_[pos_] >= '0' && s_[pos_] <= '9') fail_at(start, "a number has a leading zero");
    } else if (digits() == 0) {
      fail_at(start, "'-' is not followed by digits");
    }
    if (pos_ < s_.size() && s_[pos_] == '.') {
      ++pos_;
      if (digits() == 0) fail("expected digits after the decimal point");
    }
    if (pos_ < s_.size() && (s_[pos_] == 'e' || s_[pos_] == 'E')) {
      ++pos_;
      if (pos_ < s_.size() && (s_[pos_] == '+' || s_[pos_] == '-')) ++pos_;
      if (digits() == 0) fail("expected digits in the exponent");
    }
    JsonValue v;
    v.kind = JsonValue::Kind::number;
    v.text = std::string(s_.substr(start, pos_ - start));
    v.number = std::strtod(v.text.c_str(), nullptr);
    return v;
  }

  std::string_view s_;
  std::size_t pos_ = 0;
  int max_depth_;
};

}  // namespace

const JsonValue* JsonValue::find(std::string_view key) const {
  for (const auto& m : members)
    if (m.first == key) return &m.second;
  return nullptr;
}

bool JsonValue::as_u64(std::uint64_t& out) const {
  if (kind != Kind::number || text.empty()) return false;
  std::uint64_t v = 0;
  for (const char c : text) {
    if (c < '0' || c > '9') return false;
    const std::uint64_t d = static_cast<std::uint64_t>(c - '0');
    if (v > (UINT64_MAX - d) / 10) return false;
    v = v * 10 + d;
  }
  out = v;
  return true;
}

JsonValue parse_json(std::string_view text, int max_depth) { return Parser(text, max_depth).parse_document(); }

const char* json_kind_name(JsonValue::Kind kind) {
  switch (kind) {
    case JsonValue::Kind::null: return "null";
    case JsonValue::Kind::boolean: return "a boolean";
    case JsonValue::Kind::number: return "a number";
    case JsonValue::Kind::string: return "a string";
    case JsonValue::Kind::array: return "an array";
    case JsonValue::Kind::object: return "an object";
  }
  return "a value";
}

}  // namespace sampling::nn
