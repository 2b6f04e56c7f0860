#pragma once
// A reader of protobuf's wire format, enough to read a SentencePiece ModelProto without
// the protobuf library: varints, fixed32/64 and length-delimited fields. Every read is
// bounds-checked; a truncated or malformed buffer gets an Error naming the byte offset.
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

#include "core/common/error.hpp"

namespace sampling::tokenize {

class ProtobufReader {
 public:
  enum WireType { kVarint = 0, kFixed64 = 1, kLengthDelimited = 2, kFixed32 = 5 };
  ProtobufReader(std::string_view data, std::string what) : data_(data), what_(std::move(what)) {}

  bool done() const { return pos_ >= data_.size(); }
  std::size_t offset() const { return pos_; }

  // Reads a field key; returns the field number and sets the wire type.
  std::uint32_t next_field(WireType& type) {
    const std::uint64_t key = varint();
    const std::uint32_t wire = key & 7;
    if (wire != kVarint && wire != kFixed64 && wire != kLengthDelimited && wire != kFixed32)
      fail("unsupported wire type " + std::to_string(wire));
    type = static_cast<WireType>(wire);
    const std::uint64_t field = key >> 3;
    if (field == 0 || field > 536870911) fail("invalid field number " + std::to_string(field));
    return static_cast<std::uint32_t>(field);
  }

  std::uint64_t varint() {
    std::uint64_t v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (pos_ >= data_.size()) fail("truncated varint");
      const auto b = static_cast<unsigned char>(data_[pos_++]);
      v |= static_cast<std::uint64_t>(b & 0x7F) << shift;
      if (!(b & 0x80)) return v;
    }
    fail("varint longer than 10 bytes");
  }

  float fixed32_float() {
    need(4);
    std::uint32_t bits = 0;
    for (int i = 0; i < 4; ++i) bits |= static_cast<std::uint32_t>(static_cast<unsigned char>(data_[pos_ + i])) << (8 * i);
    pos_ += 4;
    float f;
    std::memcpy(&f, &bits, sizeof f);
    return f;
  }

  std::string_view bytes() {
    const std::uint64_t n = varint();
    if (n > data_.size() - pos_) fail("truncated: a field of " + std::to_string(n) + " bytes runs past the end");
    const std::string_view v = data_.substr(pos_, static_cast<std::size_t>(n));
    pos_ += static_cast<std::size_t>(n);
    return v;
  }

  void skip(WireType type) {
    switch (type) {
      case kVarint: varint(); break;
      case kFixed64: need(8), pos_ += 8; break;
      case kFixed32: need(4), pos_ += 4; break;
      case kLengthDelimited: bytes(); break;
    }
  }

  [[noreturn]] void fail(const std::string& problem) const {
    throw Error(what_ + ": " + problem + " at byte " + std::to_string(pos_) +
                " (the file is truncated or not a SentencePiece model)");
  }

 private:
  void need(std::size_t n) {
    if (data_.size() - pos_ < n) fail("truncated fixed-size field");
  }
  std::string_view data_;
  std::string what_;
  std::size_t pos_ = 0;
};

}  // namespace sampling::tokenize
