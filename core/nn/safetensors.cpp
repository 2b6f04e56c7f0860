#include "core/nn/safetensors.hpp"

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <limits>

#include "core/common/error.hpp"
#include "core/nn/json.hpp"

namespace sampling::nn {
namespace {

constexpr const char* kMetadataKey = "__metadata__";

void append_json_string(std::string_view s, std::string& out) {
  static const char* hex = "0123456789abcdef";
  out += '"';
  for (const char c : s) {
    const unsigned char u = static_cast<unsigned char>(c);
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      default:
        if (u < 0x20) {
          out += "\\u00";
          out += hex[u >> 4];
          out += hex[u & 15];
        } else {
          out += c;  // UTF-8 bytes go through as they are
        }
    }
  }
  out += '"';
}

void append_f32_le(float f, std::string& out) {
  std::uint32_t bits;
  std::memcpy(&bits, &f, sizeof bits);
  for (int i = 0; i < 4; ++i) out += static_cast<char>((bits >> (8 * i)) & 0xff);
}

float read_f32_le(const unsigned char* p) {
  const std::uint32_t bits = static_cast<std::uint32_t>(p[0]) | (static_cast<std::uint32_t>(p[1]) << 8) |
                             (static_cast<std::uint32_t>(p[2]) << 16) | (static_cast<std::uint32_t>(p[3]) << 24);
  float f;
  std::memcpy(&f, &bits, sizeof f);
  return f;
}

std::string quoted(const std::string& name) { return "\"" + name + "\""; }

struct Placed {
  std::uint64_t begin, end;
  const std::string* name;
};

}  // namespace

std::size_t element_count(const std::vector<std::size_t>& shape) {
  std::size_t n = 1;
  for (const std::size_t d : shape) {
    if (d != 0 && n > std::numeric_limits<std::size_t>::max() / d)
      throw Error("safetensors: shape " + show_shape(shape) + " has too many elements");
    n *= d;
  }
  return n;
}

std::string show_shape(const std::vector<std::size_t>& shape) {
  std::string s = "[";
  for (std::size_t i = 0; i < shape.size(); ++i) s += (i ? ", " : "") + std::to_string(shape[i]);
  return s + "]";
}

std::string save_safetensors(const SafetensorsFile& file) {
  std::string header = "{";
  bool first = true;
  if (!file.metadata.empty()) {
    append_json_string(kMetadataKey, header);
    header += ":{";
    for (const auto& [key, value] : file.metadata) {
      if (!first) header += ',';
      first = false;
      append_json_string(key, header);
      header += ':';
      append_json_string(value, header);
    }
    header += '}';
    first = false;
  }
  std::uint64_t offset = 0;
  for (const auto& [name, tensor] : file.tensors) {
    if (name.empty()) throw Error("safetensors: a tensor has an empty name");
    if (name == kMetadataKey) throw Error("safetensors: \"__metadata__\" is reserved and cannot name a tensor");
    const std::size_t n = element_count(tensor.shape);
    if (tensor.data.size() != n)
      throw Error("safetensors: tensor " + quoted(name) + " has shape " + show_shape(tensor.shape) + " (" +
                  std::to_string(n) + " values) but holds " + std::to_string(tensor.data.size()) + " values");
    if (!first) header += ',';
    first = false;
    append_json_string(name, header);
    header += ":{\"dtype\":\"F32\",\"shape\":[";
    for (std::size_t i = 0; i < tensor.shape.size(); ++i) header += (i ? "," : "") + std::to_string(tensor.shape[i]);
    const std::uint64_t end = offset + 4 * static_cast<std::uint64_t>(n);
    header += "],\"data_offsets\":[" + std::to_string(offset) + "," + std::to_string(end) + "]}";
    offset = end;
  }
  header += '}';
  while (header.size() % 8 != 0) header += ' ';

  std::string out;
  out.reserve(8 + header.size() + offset);
  const std::uint64_t n = header.size();
  for (int i = 0; i < 8; ++i) out += static_cast<char>((n >> (8 * i)) & 0xff);
  out += header;
  for (const auto& entry : file.tensors)
    for (const float f : entry.second.data) append_f32_le(f, out);
  return out;
}

SafetensorsFile load_safetensors(std::string_view bytes) {
  if (bytes.empty()) throw Error("safetensors: the file is empty");
  if (bytes.size() < 8)
    throw Error("safetensors: the file is " + std::to_string(bytes.size()) +
                " bytes long, shorter than the 8-byte header length it must start with");
  const auto* u = reinterpret_cast<const unsigned char*>(bytes.data());
  std::uint64_t header_len = 0;
  for (int i = 0; i < 8; ++i) header_len |= static_cast<std::uint64_t>(u[i]) << (8 * i);
  const std::uint64_t after_prefix = bytes.size() - 8;
  if (header_len > after_prefix)
    throw Error("safetensors: the header length is " + std::to_string(header_len) + " bytes, past the end of the file (only " +
                std::to_string(after_prefix) + " bytes follow the 8-byte length)");
  if (header_len == 0) throw Error("safetensors: the header length is 0; the header must be a JSON object");

  const std::string_view header_text = bytes.substr(8, static_cast<std::size_t>(header_len));
  JsonValue header;
  try {
    header = parse_json(header_text);
  } catch (const JsonError& e) {
    throw Error("safetensors: the header is not valid JSON at byte " + std::to_string(e.offset()) +
                " of the header (byte " + std::to_string(8 + e.offset()) + " of the file): " + e.reason());
  }
  if (header.kind != JsonValue::Kind::object)
    throw Error(std::string("safetensors: the header must be a JSON object, found ") + json_kind_name(header.kind));

  const std::string_view data = bytes.substr(8 + static_cast<std::size_t>(header_len));
  const std::uint64_t data_size = data.size();
  SafetensorsFile file;
  std::vector<Placed> placed;
  for (const auto& [name, entry] : header.members) {
    if (name == kMetadataKey) {
      if (entry.kind != JsonValue::Kind::object)
        throw Error(std::string("safetensors: \"__metadata__\" must be an object of strings, found ") +
                    json_kind_name(entry.kind));
      for (const auto& [key, value] : entry.members) {
        if (value.kind != JsonValue::Kind::string)
          throw Error("safetensors: \"__metadata__\" entry " + quoted(key) + " must be a string, found " +
                      json_kind_name(value.kind));
        file.metadata[key] = value.text;
      }
      continue;
    }
    const std::string what = "safetensors: tensor " + quoted(name);
    if (entry.kind != JsonValue::Kind::object)
      throw Error(what + " must be described by an object, found " + json_kind_name(entry.kind));
    const JsonValue* dtype = entry.find("dtype");
    const JsonValue* shape = entry.find("shape");
    const JsonValue* offsets = entry.find("data_offsets");
    if (!dtype) throw Error(what + " has no \"dtype\" field");
    if (!shape) throw Error(what + " has no \"shape\" field");
    if (!offsets) throw Error(what + " has no \"data_offsets\" field");
    if (dtype->kind != JsonValue::Kind::string)
      throw Error(what + ": \"dtype\" must be a string, found " + json_kind_name(dtype->kind));
    if (dtype->text != "F32") throw Error(what + " has dtype " + dtype->text + "; only F32 is supported");

    Tensor t;
    if (shape->kind != JsonValue::Kind::array)
      throw Error(what + ": \"shape\" must be an array of non-negative integers, found " + json_kind_name(shape->kind));
    for (const JsonValue& d : shape->items) {
      std::uint64_t v;
      if (!d.as_u64(v) || v > std::numeric_limits<std::size_t>::max())
        throw Error(what + ": \"shape\" must be an array of non-negative integers, found " +
                    (d.kind == JsonValue::Kind::number ? d.text : std::string(json_kind_name(d.kind))));
      t.shape.push_back(static_cast<std::size_t>(v));
    }
    std::uint64_t begin = 0, end = 0;
    if (offsets->kind != JsonValue::Kind::array || offsets->items.size() != 2 || !offsets->items[0].as_u64(begin) ||
        !offsets->items[1].as_u64(end))
      throw Error(what + ": \"data_offsets\" must be an array of two non-negative integers [begin, end]");
    const std::string offsets_text = "[" + std::to_string(begin) + ", " + std::to_string(end) + "]";
    if (end < begin) throw Error(what + " has data_offsets " + offsets_text + " that end before they begin");
    if (end > data_size)
      throw Error(what + " has data_offsets " + offsets_text + " out of range: the data is only " +
                  std::to_string(data_size) + " bytes");
    const std::size_t count = element_count(t.shape);
    const std::uint64_t count64 = count;
    if (count64 > std::numeric_limits<std::uint64_t>::max() / 4 || end - begin != 4 * count64)
      throw Error(what + " has shape " + show_shape(t.shape) + " (" + std::to_string(count) + " F32 values, " +
                  std::to_string(4 * static_cast<std::uint64_t>(count)) + " bytes) but its data_offsets " + offsets_text +
                  " span " + std::to_string(end - begin) + " bytes");
    t.data.resize(count);
    const auto* p = reinterpret_cast<const unsigned char*>(data.data()) + begin;
    for (std::size_t i = 0; i < count; ++i) t.data[i] = read_f32_le(p + 4 * i);
    auto inserted = file.tensors.emplace(name, std::move(t));
    if (end > begin) placed.push_back({begin, end, &inserted.first->first});
  }

  // No two tensors may share bytes.
  std::sort(placed.begin(), placed.end(), [](const Placed& a, const Placed& b) { return a.begin < b.begin; });
  for (std::size_t i = 1, widest = 0; i < placed.size(); ++i) {
    const Placed& prev = placed[widest];
    if (placed[i].begin < prev.end)
      throw Error("safetensors: tensors " + quoted(*prev.name) + " (data_offsets [" + std::to_string(prev.begin) + ", " +
                  std::to_string(prev.end) + "]) and " + quoted(*placed[i].name) + " (data_offsets [" +
                  std::to_string(placed[i].begin) + ", " + std::to_string(placed[i].end) + "]) overlap");
    if (placed[i].end > prev.end) widest = i;
  }
  return file;
}

}  // namespace sampling::nn
