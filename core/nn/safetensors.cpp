#include "core/nn/safetensors.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>

#include "core/common/error.hpp"
#include "core/common/limits.hpp"
#include "core/nn/half.hpp"
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
  return float_from_bits(static_cast<std::uint32_t>(p[0]) | (static_cast<std::uint32_t>(p[1]) << 8) |
                         (static_cast<std::uint32_t>(p[2]) << 16) | (static_cast<std::uint32_t>(p[3]) << 24));
}

// Bytes per value of each dtype of the format; 0 for an unknown dtype.
std::uint64_t dtype_size(const std::string& dtype) {
  if (dtype == "F32" || dtype == "I32" || dtype == "U32") return 4;
  if (dtype == "F16" || dtype == "BF16" || dtype == "I16" || dtype == "U16") return 2;
  if (dtype == "F64" || dtype == "I64" || dtype == "U64") return 8;
  if (dtype == "BOOL" || dtype == "U8" || dtype == "I8" || dtype == "F8_E4M3" || dtype == "F8_E5M2") return 1;
  return 0;
}

std::string in_quotes(const std::string& name) { return "\"" + name + "\""; }

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
      throw Error("safetensors: tensor " + in_quotes(name) + " has shape " + show_shape(tensor.shape) + " (" +
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

SafetensorsIndex index_safetensors(std::string_view bytes) {
  if (bytes.empty()) throw Error("safetensors: the file is empty");
  limits::check_file_size(bytes.size(), limits::kMaxModelFileBytes, "safetensors file");
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
  Json header;
  try {
    header = parse_json(header_text);
  } catch (const JsonError& e) {
    throw Error("safetensors: the header is not valid JSON" +
                (e.has_offset() ? JsonError::at(e.offset()) + " of the header (byte " + std::to_string(8 + e.offset()) +
                                      " of the file)"
                                : std::string()) +
                ": " + e.reason());
  }
  if (!header.is_object())
    throw Error(std::string("safetensors: the header must be a JSON object, found ") + json_kind_name(header));

  const std::string_view data = bytes.substr(8 + static_cast<std::size_t>(header_len));
  const std::uint64_t data_size = data.size();
  SafetensorsIndex index;
  std::vector<Placed> placed;
  for (const auto& [name, entry] : header.items()) {
    if (name == kMetadataKey) {
      if (!entry.is_object())
        throw Error(std::string("safetensors: \"__metadata__\" must be an object of strings, found ") +
                    json_kind_name(entry));
      for (const auto& [key, value] : entry.items()) {
        if (!value.is_string())
          throw Error("safetensors: \"__metadata__\" entry " + in_quotes(key) + " must be a string, found " +
                      json_kind_name(value));
        index.metadata[key] = value.get<std::string>();
      }
      continue;
    }
    const std::string what = "safetensors: tensor " + in_quotes(name);
    if (!entry.is_object())
      throw Error(what + " must be described by an object, found " + json_kind_name(entry));
    const auto dtype = entry.find("dtype");
    const auto shape = entry.find("shape");
    const auto offsets = entry.find("data_offsets");
    if (dtype == entry.end()) throw Error(what + " has no \"dtype\" field");
    if (shape == entry.end()) throw Error(what + " has no \"shape\" field");
    if (offsets == entry.end()) throw Error(what + " has no \"data_offsets\" field");
    if (!dtype->is_string()) throw Error(what + ": \"dtype\" must be a string, found " + json_kind_name(*dtype));
    const std::string& dtype_text = dtype->get_ref<const std::string&>();
    const std::uint64_t item = dtype_size(dtype_text);
    if (item == 0)
      throw Error(what + " has unknown dtype \"" + dtype_text +
                  "\" (the format knows BOOL, U8, I8, F8_E4M3, F8_E5M2, I16, U16, F16, BF16, I32, U32, F32, F64, I64, U64)");

    TensorEntry t;
    t.dtype = dtype_text;
    if (!shape->is_array())
      throw Error(what + ": \"shape\" must be an array of non-negative integers, found " + json_kind_name(*shape));
    for (const Json& d : *shape) {
      std::uint64_t v;
      if (!json_u64(d, v) || v > std::numeric_limits<std::size_t>::max())
        throw Error(what + ": \"shape\" must be an array of non-negative integers, found " + json_shown(d));
      t.shape.push_back(static_cast<std::size_t>(v));
    }
    std::uint64_t begin = 0, end = 0;
    if (!offsets->is_array() || offsets->size() != 2 || !json_u64((*offsets)[0], begin) || !json_u64((*offsets)[1], end))
      throw Error(what + ": \"data_offsets\" must be an array of two non-negative integers [begin, end]");
    const std::string offsets_text = "[" + std::to_string(begin) + ", " + std::to_string(end) + "]";
    if (end < begin) throw Error(what + " has data_offsets " + offsets_text + " that end before they begin");
    if (end > data_size)
      throw Error(what + " has data_offsets " + offsets_text + " out of range: the data is only " +
                  std::to_string(data_size) + " bytes");
    std::size_t count = 0;
    try {
      count = element_count(t.shape);
    } catch (const Error&) {
      throw Error(what + " has shape " + show_shape(t.shape) + ", too many elements");
    }
    const std::uint64_t count64 = count;
    if (count64 > std::numeric_limits<std::uint64_t>::max() / item)  // the byte count would wrap
      throw Error(what + " has shape " + show_shape(t.shape) + ", more " + t.dtype + " values than 2^64 bytes hold");
    if (end - begin != item * count64)
      throw Error(what + " has shape " + show_shape(t.shape) + " (" + std::to_string(count) + " " + t.dtype +
                  " values, " + std::to_string(item * count64) + " bytes) but its data_offsets " + offsets_text +
                  " span " + std::to_string(end - begin) + " bytes");
    t.bytes = data.substr(static_cast<std::size_t>(begin), static_cast<std::size_t>(end - begin));
    const auto inserted = index.tensors.emplace(name, std::move(t));
    if (end > begin) placed.push_back({begin, end, &inserted.first->first});
  }

  // No two tensors may share bytes, and together they cover the data with no hole.
  std::sort(placed.begin(), placed.end(), [](const Placed& a, const Placed& b) { return a.begin < b.begin; });
  for (std::size_t i = 1, widest = 0; i < placed.size(); ++i) {
    const Placed& prev = placed[widest];
    if (placed[i].begin < prev.end)
      throw Error("safetensors: tensors " + in_quotes(*prev.name) + " (data_offsets [" + std::to_string(prev.begin) + ", " +
                  std::to_string(prev.end) + "]) and " + in_quotes(*placed[i].name) + " (data_offsets [" +
                  std::to_string(placed[i].begin) + ", " + std::to_string(placed[i].end) + "]) overlap");
    if (placed[i].end > prev.end) widest = i;
  }
  std::uint64_t covered = 0;
  const std::string* previous = nullptr;
  for (const Placed& p : placed) {
    if (p.begin != covered)
      throw Error("safetensors: the data has a hole: bytes [" + std::to_string(covered) + ", " + std::to_string(p.begin) +
                  ") " + (previous ? "between tensors " + in_quotes(*previous) + " and " : "before tensor ") +
                  in_quotes(*p.name) + " belong to no tensor");
    covered = p.end;
    previous = p.name;
  }
  if (covered != data_size)
    throw Error("safetensors: the data has a hole: bytes [" + std::to_string(covered) + ", " + std::to_string(data_size) +
                ") " + (previous ? "after tensor " + in_quotes(*previous) + " " : "") +
                "belong to no tensor (a truncated header or extra bytes at the end of the file)");
  return index;
}

std::vector<float> read_floats(const std::string& name, const TensorEntry& entry) {
  const auto* p = reinterpret_cast<const unsigned char*>(entry.bytes.data());
  std::vector<float> out;
  if (entry.dtype == "F32") {
    out.resize(entry.bytes.size() / 4);
    for (std::size_t i = 0; i < out.size(); ++i) out[i] = read_f32_le(p + 4 * i);
  } else if (entry.dtype == "F16" || entry.dtype == "BF16") {
    const bool half = entry.dtype == "F16";
    out.resize(entry.bytes.size() / 2);
    for (std::size_t i = 0; i < out.size(); ++i) {
      const auto bits = static_cast<std::uint16_t>(p[2 * i] | (p[2 * i + 1] << 8));
      out[i] = half ? half_to_float(bits) : bfloat16_to_float(bits);
    }
  } else {
    throw Error("safetensors: tensor " + in_quotes(name) + " has dtype " + entry.dtype +
                "; only F32, F16 and BF16 tensors can be read");
  }
  // A weight that is NaN or infinite makes every output it touches NaN: refuse it here,
  // where the tensor and the position can be named.
  for (std::size_t i = 0; i < out.size(); ++i)
    if (!std::isfinite(out[i]))
      throw Error("safetensors: tensor " + in_quotes(name) + " holds " + show(out[i]) + " at index " +
                  std::to_string(i) + "; weights must be finite numbers (the file is damaged, or it was saved from a run that diverged)");
  return out;
}

SafetensorsFile load_safetensors(std::string_view bytes) {
  const SafetensorsIndex index = index_safetensors(bytes);
  SafetensorsFile file;
  file.metadata = index.metadata;
  for (const auto& [name, entry] : index.tensors) {
    Tensor t;
    t.shape = entry.shape;
    t.data = read_floats(name, entry);
    file.tensors.emplace(name, std::move(t));
  }
  return file;
}

}  // namespace sampling::nn
