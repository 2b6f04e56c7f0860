#pragma once
// Exact conversions of IEEE half precision (F16) and bfloat16 (BF16) bit patterns to
// float32. Every F16 and BF16 value is representable in float32, so nothing is rounded:
// subnormal halves become normal floats, ±inf stays ±inf, and NaN stays NaN (payload kept).
#include <cstdint>
#include <cstring>

namespace sampling::nn {

inline float float_from_bits(std::uint32_t bits) {
  float f;
  std::memcpy(&f, &bits, sizeof f);
  return f;
}

inline float half_to_float(std::uint16_t h) {
  const std::uint32_t sign = static_cast<std::uint32_t>(h & 0x8000u) << 16;
  const std::uint32_t exponent = (h >> 10) & 0x1fu;
  std::uint32_t mantissa = h & 0x3ffu;
  if (exponent == 0x1f) return float_from_bits(sign | 0x7f800000u | (mantissa << 13));  // inf, NaN
  if (exponent != 0) return float_from_bits(sign | ((exponent + 112) << 23) | (mantissa << 13));
  if (mantissa == 0) return float_from_bits(sign);  // ±0
  // Subnormal: m·2^-24; normalize the mantissa into the float's implicit-bit form.
  int e = 113;  // the exponent field (biased 127) of 2^-14
  while ((mantissa & 0x400u) == 0) {
    mantissa <<= 1;
    --e;
  }
  return float_from_bits(sign | (static_cast<std::uint32_t>(e) << 23) | ((mantissa & 0x3ffu) << 13));
}

inline float bfloat16_to_float(std::uint16_t b) { return float_from_bits(static_cast<std::uint32_t>(b) << 16); }

}  // namespace sampling::nn
